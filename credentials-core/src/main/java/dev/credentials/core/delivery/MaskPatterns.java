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
  private static final int SHIFT_MASK = (1 << SHIFT_BITS) - 1;

  /** Children of the root by byte; 0 is "none" (the root is node 0 and never a child). */
  private final int[] rootChild = new int[256];

  /** Other edges: key (node << 8 | byte) → child, open addressing. */
  private long[] edgeKeys;

  private int[] edgeChildren;
  private int edgeCount;
  private int[] childCount;
  private boolean[] terminal;
  private int nodes = 1;

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
    if (shortest >= GRAM + 1) {
      int cap = Math.min(255, shortest - GRAM + 1);
      shift = new byte[1 << SHIFT_BITS];
      Arrays.fill(shift, (byte) cap);
      for (byte[] p : patterns) {
        // j is the index of the gram's last byte inside the pattern's first `shortest` bytes
        for (int j = GRAM - 1; j < shortest; j++) {
          int h = gram(p, j - GRAM + 1);
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

  private static int gram(byte[] a, int at) {
    int v = ((a[at] & 0xff) << 16) | ((a[at + 1] & 0xff) << 8) | (a[at + 2] & 0xff);
    return (v * 0x9E3779B1) >>> (32 - SHIFT_BITS) & SHIFT_MASK;
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
   * How far the scan may move from {@code at} without missing a pattern start, judged from the gram
   * that ends the window of the shortest pattern's length; needs {@code at + shortest() <= limit}.
   * 0 means "look at this position".
   */
  int skip(byte[] buf, int at) {
    return shift == null ? 0 : shift[gram(buf, at + shortest - GRAM)] & 0xff;
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
