package dev.credentials.benchmarks;

import dev.credentials.Secret;
import dev.credentials.core.delivery.OutputMasker;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Masking 1 MiB of job output against 100 secrets (each with its base64, base64url, URL and JSON
 * forms: about 1,000 patterns), against a plain buffered copy of the same bytes. Both read the
 * output from a stream in 8 KiB reads, as the launcher's pump does, and write through a {@link
 * BufferedOutputStream} into a sink that copies every byte into a reused 1 MiB array. The output is
 * log lines (timestamps, levels, words, numbers, URLs, hex digests); one line in 200 carries a
 * secret, raw or base64-encoded.
 *
 * <p>Run (see benchmarks/README.md): {@code -Djmh.args="MaskingBenchmark -f 1 -wi 3 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {

  private static final int SIZE = 1 << 20;
  private static final String WORDS =
      "started finished connecting request response user order invoice sync batch retry ok"
          + " records processed skipped warning error timeout upstream cache hit miss queue";

  private byte[] output;
  private OutputMasker masker;
  private Sink sink;
  private final byte[] pumpBuffer = new byte[8192];

  /** Copies into a reused array, as a pipe or file would take the bytes. */
  static final class Sink extends OutputStream {
    final byte[] into = new byte[SIZE + (1 << 16)];
    int at;

    @Override
    public void write(int b) {
      into[at++ % into.length] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (at + len > into.length) {
        at = 0;
      }
      System.arraycopy(b, off, into, at, len);
      at += len;
    }
  }

  /** Builds the secrets, the masker and the output. */
  @Setup
  public void setUp() throws IOException {
    Random r = new Random(20261203);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=!$";
    String[] secrets = new String[100];
    OutputMasker.Builder b = OutputMasker.builder();
    for (int i = 0; i < secrets.length; i++) {
      StringBuilder s = new StringBuilder();
      int n = 16 + r.nextInt(33);
      for (int k = 0; k < n; k++) {
        s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      secrets[i] = s.toString();
      b.secret("SECRET_" + i, Secret.of(secrets[i]));
    }
    masker = b.build();
    String[] words = WORDS.split(" ");
    StringBuilder text = new StringBuilder(SIZE + 200);
    int line = 0;
    while (text.length() < SIZE) {
      text.append("2026-12-03T05:")
          .append(10 + r.nextInt(49))
          .append(':')
          .append(10 + r.nextInt(49))
          .append('.')
          .append(100 + r.nextInt(899))
          .append(r.nextInt(10) == 0 ? " WARN " : " INFO ")
          .append("[worker-")
          .append(r.nextInt(8))
          .append("] ");
      int count = 4 + r.nextInt(10);
      for (int k = 0; k < count; k++) {
        text.append(words[r.nextInt(words.length)]).append(' ');
      }
      switch (r.nextInt(4)) {
        case 0 -> text.append("id=").append(Long.toHexString(r.nextLong()));
        case 1 -> text.append("took ").append(r.nextInt(5000)).append(" ms");
        case 2 -> text.append("GET https://api.example.com/v1/orders/").append(r.nextInt(100000));
        default -> text.append("rows=").append(r.nextInt(1000));
      }
      if (line++ % 200 == 0) {
        String s = secrets[r.nextInt(secrets.length)];
        text.append(
            r.nextBoolean()
                ? " token=" + s
                : " Authorization: Basic "
                    + Base64.getEncoder()
                        .encodeToString(("svc:" + s).getBytes(StandardCharsets.UTF_8)));
      }
      text.append('\n');
    }
    output = text.substring(0, SIZE).getBytes(StandardCharsets.UTF_8);
    sink = new Sink();
    // sanity: the masked output is shorter and has no secret left
    Sink check = new Sink();
    try (OutputStream out = masker.wrap(new BufferedOutputStream(check))) {
      pump(new ByteArrayInputStream(output), out, new byte[8192]);
    }
    String masked = new String(check.into, 0, check.at, StandardCharsets.UTF_8);
    for (String s : secrets) {
      if (masked.contains(s)) {
        throw new IllegalStateException("the masker left a secret in the output");
      }
    }
    if (!masked.contains("****")) {
      throw new IllegalStateException("nothing was masked");
    }
  }

  /** Copies as the launcher's pump does: reads of up to 8 KiB, each written on. */
  private static void pump(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
    }
  }

  /** The floor: a buffered copy of the output. */
  @Benchmark
  public int plainCopy() throws IOException {
    sink.at = 0;
    OutputStream out = new BufferedOutputStream(sink);
    pump(new ByteArrayInputStream(output), out, pumpBuffer);
    out.flush();
    return sink.at;
  }

  /** The same copy through the masker. */
  @Benchmark
  public int masked() throws IOException {
    sink.at = 0;
    try (OutputStream out = masker.wrap(new BufferedOutputStream(sink))) {
      pump(new ByteArrayInputStream(output), out, pumpBuffer);
    }
    return sink.at;
  }
}
