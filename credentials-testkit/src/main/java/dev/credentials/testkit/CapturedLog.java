package dev.credentials.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what a block of code logs, without binding a logging backend: everything written to
 * {@code System.out} and {@code System.err} (where console backends such as slf4j-simple write) and
 * every {@code java.util.logging} record, until closed.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.capture()) {
 *   store.reveal(caller, id);
 *   SecretAssertions.assertNoSecretsOf(revealed).inLog(log);
 * }
 * }</pre>
 *
 * <p>The standard streams are process-wide: do not run tests that capture them in parallel. Output
 * still reaches the original streams unless {@link #captureQuietly()} is used. A backend that
 * cached the original stream before capture started (for example one configured to cache {@code
 * System.err}) is not seen.
 */
public final class CapturedLog implements AutoCloseable {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream originalOut;
  private final PrintStream originalErr;
  private final Handler julHandler;
  private final Logger julRoot = Logger.getLogger("");
  private boolean closed;

  private CapturedLog(boolean echo) {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(tee(originalOut, echo));
    System.setErr(tee(originalErr, echo));
    SimpleFormatter formatter = new SimpleFormatter();
    julHandler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            append(formatter.format(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julRoot.addHandler(julHandler);
  }

  /**
   * Starts capturing; output is still shown.
   *
   * @return the capture; close it to stop
   */
  public static CapturedLog capture() {
    return new CapturedLog(true);
  }

  /**
   * Starts capturing without showing the output.
   *
   * @return the capture; close it to stop
   */
  public static CapturedLog captureQuietly() {
    return new CapturedLog(false);
  }

  private PrintStream tee(PrintStream original, boolean echo) {
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (buffer) {
              buffer.write(b);
            }
            if (echo) {
              original.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (buffer) {
              buffer.write(b, off, len);
            }
            if (echo) {
              original.write(b, off, len);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }

  private void append(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    synchronized (buffer) {
      buffer.write(bytes, 0, bytes.length);
    }
  }

  /**
   * Everything captured so far.
   *
   * @return the text
   */
  public String text() {
    System.out.flush();
    System.err.flush();
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Everything captured so far, by line.
   *
   * @return the lines
   */
  public List<String> lines() {
    return text().lines().toList();
  }

  /** Stops capturing and restores the standard streams. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    julRoot.removeHandler(julHandler);
  }

  /** The size only: captured text may hold what a test is looking for. */
  @Override
  public String toString() {
    synchronized (buffer) {
      return "CapturedLog[" + buffer.size() + " bytes" + (closed ? ", closed" : "") + "]";
    }
  }
}
