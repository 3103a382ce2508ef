package dev.credentials.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;

/**
 * Not API (see the package). The immutable details of an {@link dev.credentials.audit.AuditEvent}:
 * keys in ascending order, in two arrays. An event built from another event's details, or from
 * details the engine froze before, shares them instead of copying, which matters because access
 * events repeat the same details many times.
 */
public final class SortedDetails extends AbstractMap<String, String> {

  private static final SortedDetails EMPTY = new SortedDetails(new String[0], new String[0]);

  private final String[] keys;
  private final String[] values;

  private SortedDetails(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /**
   * The details as sorted, immutable details: the same instance when they already are.
   *
   * @param details the details
   * @return sorted, immutable details
   * @throws NullPointerException when the map, a key or a value is null
   */
  public static Map<String, String> copyOf(Map<String, String> details) {
    if (details instanceof SortedDetails) {
      return details;
    }
    int n = details.size();
    if (n == 0) {
      return EMPTY;
    }
    String[] keys = new String[n];
    String[] values = new String[n];
    int i = 0;
    for (Map.Entry<String, String> e : details.entrySet()) {
      if (i == n) {
        throw new java.util.ConcurrentModificationException();
      }
      keys[i] = Objects.requireNonNull(e.getKey(), "details key");
      values[i] = Objects.requireNonNull(e.getValue(), () -> "details value of " + e.getKey());
      i++;
    }
    if (i != n) {
      throw new java.util.ConcurrentModificationException();
    }
    boolean sorted = details instanceof SortedMap<String, String> sm && sm.comparator() == null;
    if (!sorted) {
      // insertion sort: details have a handful of entries
      for (int j = 1; j < n; j++) {
        String k = keys[j];
        String v = values[j];
        int m = j - 1;
        while (m >= 0 && keys[m].compareTo(k) > 0) {
          keys[m + 1] = keys[m];
          values[m + 1] = values[m];
          m--;
        }
        keys[m + 1] = k;
        values[m + 1] = v;
      }
    }
    return new SortedDetails(keys, values);
  }

  private int indexOf(Object key) {
    return key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
  }

  @Override
  public String get(Object key) {
    int i = indexOf(key);
    return i >= 0 ? values[i] : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return Map.entry(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
