package dev.credentials.core.delivery;

import java.util.Arrays;
import java.util.List;

/**
 * A set of byte patterns compiled for fast scanning: a trie that finds the longest pattern starting
 * at a position, and a shift table over 3-byte grams (Wu–Manber) that skips positions where no
 * pattern can start. The table holds pattern bytes, never their {@code String} form, and has no
 * {@code toString} that shows them.
 */
final class MaskPatterns {

  /** Result of {@link #longestAt}: more input is needed to decide. */
  static final int NEED_MORE = -1;

  private static final int GRAM = 3;
  private static final int SHIFT_BITS = 16;

  /** Children of the root by byte; 0 is "none" (the root is node 0 and never a child). */
  private final int[] rootChild = new int[256];

  /** Other edges: key (node << 8 | byte) → child, open addressing. */
  private long[] edgeKeys;

  private int[] edgeChildren;
  private int edgeCount;
  private int[] childCount;
  private boolean[] terminal;
  private int nodes = 1;

  /** Bit per pair of first two bytes of some pattern; null when a pattern has a single byte. */
  private final long[] pairs;

  private final int shortest;
  private final int longest;
  private final byte[] shift; // unsigned, capped at 255; null when patterns are too short to skip

  MaskPatterns(List<byte[]> patterns) {
    int min = Integer.MAX_VALUE;
    int max = 0;
    int total = 0;
    for (byte[] p : patterns) {
      if (p.length == 0) {
        throw new IllegalArgumentException("empty pattern");
      }
      min = Math.min(min, p.length);
      max = Math.max(max, p.length);
      total += p.length;
    }
    this.shortest = patterns.isEmpty() ? 0 : min;
    this.longest = max;
    int capacity = Integer.highestOneBit(Math.max(16, total * 2)) << 1;
    edgeKeys = new long[capacity];
    Arrays.fill(edgeKeys, -1L);
    edgeChildren = new int[capacity];
    childCount = new int[total + 1];
    terminal = new boolean[total + 1];
    for (byte[] p : patterns) {
      insert(p);
    }
    if (shortest >= 2) {
      pairs = new long[1 << 10];
      for (byte[] p : patterns) {
        int pair = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
        pairs[pair >>> 6] |= 1L << pair;
      }
    } else {
      pairs = null;
    }
    if (shortest >= GRAM + 1) {
      int cap = Math.min(255, shortest - GRAM + 1);
      shift = new byte[1 << SHIFT_BITS];
      Arrays.fill(shift, (byte) cap);
      for (byte[] p : patterns) {
        // j is the index of the gram's last byte inside the pattern's first `shortest` bytes
        for (int j = GRAM - 1; j < shortest; j++) {
          int h = hash(p, j - GRAM + 1);
          int s = Math.min(cap, shortest - 1 - j);
          if (s < (shift[h] & 0xff)) {
            shift[h] = (byte) s;
          }
        }
      }
    } else {
      shift = null;
    }
  }

  private void insert(byte[] p) {
    int node = 0;
    for (byte b : p) {
      int next = child(node, b);
      if (next == 0) {
        next = nodes++;
        childCount[node]++;
        if (node == 0) {
          rootChild[b & 0xff] = next;
        } else {
          putEdge(node, b, next);
        }
      }
      node = next;
    }
    terminal[node] = true;
  }

  private void putEdge(int node, byte b, int child) {
    long key = ((long) node << 8) | (b & 0xff);
    int mask = edgeKeys.length - 1;
    int i = mix(key) & mask;
    while (edgeKeys[i] != -1L) {
      i = (i + 1) & mask;
    }
    edgeKeys[i] = key;
    edgeChildren[i] = child;
    edgeCount++;
  }

  private int child(int node, byte b) {
    if (node == 0) {
      return rootChild[b & 0xff];
    }
    long key = ((long) node << 8) | (b & 0xff);
    int mask = edgeKeys.length - 1;
    int i = mix(key) & mask;
    long k;
    while ((k = edgeKeys[i]) != -1L) {
      if (k == key) {
        return edgeChildren[i];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32);
  }

  /** Whether there is nothing to find. */
  boolean isEmpty() {
    return longest == 0;
  }

  /** The length of the shortest pattern. */
  int shortest() {
    return shortest;
  }

  /** The length of the longest pattern. */
  int longest() {
    return longest;
  }

  /**
   * Every position in {@code [from, last]} where a pattern may start (a superset of the positions
   * where one does), in increasing order, judged by the shift table; needs {@code last + shortest()
   * <= buf.length}. The range is cut into four lanes scanned in one interleaved loop: each skip
   * depends on the previous one's table lookup, and four independent chains keep the processor busy
   * while it waits for memory.
   *
   * @param out receives the positions; at least {@code last - from + 1} long
   * @return how many positions were written
   */
  int candidates(byte[] buf, int from, int last, int[] out) {
    if (from > last) {
      return 0;
    }
    if (shift == null) {
      int n = 0;
      for (int p = from; p <= last; p++) {
        out[n++] = p;
      }
      return n;
    }
    final byte[] table = shift;
    final int offset = shortest - GRAM;
    int quarter = (last - from + 1) / 4;
    int e0 = from + quarter;
    int e1 = e0 + quarter;
    int e2 = e1 + quarter;
    int e3 = last + 1;
    int p0 = from;
    int p1 = e0;
    int p2 = e1;
    int p3 = e2;
    int n0 = 0; // each lane writes into its own part of out, from its start's offset
    int n1 = e0 - from;
    int n2 = e1 - from;
    int n3 = e2 - from;
    while (p0 < e0 && p1 < e1 && p2 < e2 && p3 < e3) {
      int s0 = table[hash(buf, p0 + offset)] & 0xff;
      int s1 = table[hash(buf, p1 + offset)] & 0xff;
      int s2 = table[hash(buf, p2 + offset)] & 0xff;
      int s3 = table[hash(buf, p3 + offset)] & 0xff;
      if (s0 != 0 && s1 != 0 && s2 != 0 && s3 != 0) {
        p0 += s0;
        p1 += s1;
        p2 += s2;
        p3 += s3;
        continue;
      }
      if (s0 == 0) {
        out[n0++] = p0++;
      } else {
        p0 += s0;
      }
      if (s1 == 0) {
        out[n1++] = p1++;
      } else {
        p1 += s1;
      }
      if (s2 == 0) {
        out[n2++] = p2++;
      } else {
        p2 += s2;
      }
      if (s3 == 0) {
        out[n3++] = p3++;
      } else {
        p3 += s3;
      }
    }
    n0 = finishLane(buf, table, offset, p0, e0, out, n0);
    n1 = finishLane(buf, table, offset, p1, e1, out, n1);
    n2 = finishLane(buf, table, offset, p2, e2, out, n2);
    n3 = finishLane(buf, table, offset, p3, e3, out, n3);
    // close the gaps between the lanes' parts, keeping the order
    int n = n0;
    n = append(out, e0 - from, n1, n);
    n = append(out, e1 - from, n2, n);
    n = append(out, e2 - from, n3, n);
    return n;
  }

  private static int finishLane(
      byte[] buf, byte[] table, int offset, int p, int end, int[] out, int n) {
    while (p < end) {
      int s = table[hash(buf, p + offset)] & 0xff;
      if (s == 0) {
        out[n++] = p++;
      } else {
        p += s;
      }
    }
    return n;
  }

  private static int append(int[] out, int start, int end, int n) {
    int count = end - start;
    if (count > 0 && start != n) {
      System.arraycopy(out, start, out, n, count);
    }
    return n + count;
  }

  private static int hash(byte[] buf, int at) {
    int v = ((buf[at] & 0xff) << 16) | ((buf[at + 1] & 0xff) << 8) | (buf[at + 2] & 0xff);
    return (v * 0x9E3779B1) >>> (32 - SHIFT_BITS);
  }

  /**
   * Whether some pattern begins with the two bytes at {@code at}; a cheap test before {@link
   * #longestAt}. Needs {@code at + 1 < buf.length}; true when patterns of one byte exist.
   */
  boolean mayStartAt(byte[] buf, int at) {
    if (pairs == null) {
      return true;
    }
    int pair = ((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff);
    return (pairs[pair >>> 6] & (1L << pair)) != 0;
  }

  /**
   * The longest pattern that starts at {@code at} in {@code buf[at, limit)}.
   *
   * @param complete whether the input ends at {@code limit}
   * @return its length, 0 for none, or {@link #NEED_MORE} when a longer pattern may still match
   *     with input past {@code limit}
   */
  int longestAt(byte[] buf, int at, int limit, boolean complete) {
    int node = 0;
    int found = 0;
    int i = at;
    while (i < limit) {
      node = child(node, buf[i]);
      if (node == 0) {
        return found;
      }
      i++;
      if (terminal[node]) {
        found = i - at;
      }
      if (childCount[node] == 0) {
        return found;
      }
    }
    return complete ? found : NEED_MORE;
  }

  /** Counts only; never the patterns. */
  @Override
  public String toString() {
    return "MaskPatterns[nodes=" + nodes + ", edges=" + edgeCount + ", longest=" + longest + "]";
  }
}
