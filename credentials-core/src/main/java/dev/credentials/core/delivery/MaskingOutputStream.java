package dev.credentials.core.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes to another stream with every occurrence of a pattern replaced by {@code ****}. Occurrences
 * that overlap become one {@code ****}; an occurrence may be split over any number of writes. At
 * most {@code longest pattern - 1} bytes are held back between writes (a possible beginning of a
 * pattern), and they are written, masked or not, by {@link #close()}.
 */
final class MaskingOutputStream extends OutputStream {

  static final byte[] MASK = {'*', '*', '*', '*'};

  private final OutputStream out;
  private final MaskPatterns patterns;
  private final byte[] buf;
  private final int[] candidates;
  private int len;

  /** Next position where a pattern may start. */
  private int scan;

  /** Bytes before this position were written or dropped. */
  private int emitted;

  /** End of the masked region that is open (bytes before it, from its start, are dropped). */
  private int maskEnd;

  private boolean closed;

  MaskingOutputStream(OutputStream out, MaskPatterns patterns) {
    this.out = Objects.requireNonNull(out, "out");
    this.patterns = patterns;
    this.buf = new byte[Math.max(16384, 2 * patterns.longest() + 1024)];
    this.candidates = new int[buf.length];
  }

  @Override
  public synchronized void write(int b) throws IOException {
    ensureOpen();
    if (len == buf.length) {
      process(false);
    }
    buf[len++] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] b, int off, int n) throws IOException {
    Objects.checkFromIndexSize(off, n, b.length);
    ensureOpen();
    while (n > 0) {
      if (len == buf.length) {
        process(false);
      }
      int k = Math.min(n, buf.length - len);
      System.arraycopy(b, off, buf, len, k);
      len += k;
      off += k;
      n -= k;
    }
  }

  /** Writes everything that can no longer be part of a pattern, then flushes the target. */
  @Override
  public synchronized void flush() throws IOException {
    ensureOpen();
    process(false);
    out.flush();
  }

  /** Writes what is left, masked, and closes the target. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      process(true);
      out.flush();
    } finally {
      closed = true;
      Arrays.fill(buf, (byte) 0);
      out.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the masking stream is closed");
    }
  }

  /** Scans what is buffered, writes what is decided and keeps the undecided tail. */
  private void process(boolean complete) throws IOException {
    final byte[] b = buf;
    final int n = len;
    if (patterns.isEmpty()) {
      out.write(b, 0, n);
      len = 0;
      return;
    }
    final int shortest = patterns.shortest();
    int p = scan;
    int hold = n; // first byte that must stay buffered
    scanning:
    {
      int last = n - shortest; // the last position where a whole pattern still fits
      if (p <= last) {
        int count = patterns.candidates(b, p, last, candidates);
        for (int i = 0; i < count; i++) {
          int c = candidates[i];
          if (!patterns.mayStartAt(b, c)) {
            continue;
          }
          int found = patterns.longestAt(b, c, n, complete);
          if (found == MaskPatterns.NEED_MORE) {
            hold = c;
            p = c;
            break scanning;
          }
          if (found > 0) {
            matched(c, c + found);
          }
        }
        p = last + 1;
      }
      if (complete) {
        p = n; // no pattern fits in what is left
        break scanning;
      }
      // the tail: only the beginning of a pattern can be here; keep it if one is
      for (; p < n; p++) {
        int found = patterns.longestAt(b, p, n, false);
        if (found == MaskPatterns.NEED_MORE) {
          hold = p;
          break scanning;
        }
        if (found > 0) {
          matched(p, p + found);
        }
      }
    }
    if (p > n) {
      p = n; // a skip may jump past the end
    }
    int writeTo = Math.min(hold, n);
    if (emitted < writeTo) {
      out.write(b, emitted, writeTo - emitted);
      emitted = writeTo;
    }
    // keep [hold, n); positions are relative to the buffer start
    int keep = Math.min(hold, emitted);
    keep = Math.min(keep, Math.min(p, n));
    if (keep > 0) {
      System.arraycopy(b, keep, b, 0, n - keep); // the rest is overwritten, and wiped by close()
      len = n - keep;
      emitted -= keep;
      maskEnd = Math.max(0, maskEnd - keep);
      scan = Math.min(p, n) - keep;
    } else {
      scan = Math.min(p, n);
    }
    if (complete) {
      len = 0;
      scan = 0;
      emitted = 0;
      maskEnd = 0;
    }
  }

  /** A pattern occupies {@code [start, end)}: opens a masked region or extends the open one. */
  private void matched(int start, int end) throws IOException {
    if (start < maskEnd) {
      maskEnd = Math.max(maskEnd, end);
    } else {
      if (emitted < start) {
        out.write(buf, emitted, start - emitted);
      }
      out.write(MASK);
      maskEnd = end;
    }
    emitted = Math.max(emitted, maskEnd);
  }

  @Override
  public String toString() {
    return "MaskingOutputStream[" + patterns + "]";
  }
}
