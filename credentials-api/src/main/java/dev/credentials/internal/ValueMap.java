package dev.credentials.internal;

import dev.credentials.Secret;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Not API (see the package). The opened values of a credential, and the variables of a resolved
 * environment: an immutable map from field code to {@link Secret} that keeps the order of the
 * plaintext, held in two parallel arrays. Opening builds one per read, so it is cheaper than a
 * {@code LinkedHashMap}: no nodes and no table for the few fields of a credential (lookups scan,
 * comparing cached string hashes first); credentials with many fields get an open-addressing index.
 * The codes and their index are a {@link Keys}, which all credentials of one prototype share.
 *
 * <p>A correct {@link Map}: equal to any map with the same entries, with the same hash code; every
 * mutator throws {@link UnsupportedOperationException}. {@link #toString()} shows the codes only,
 * as {@link Secret#toString()} redacts the values. No null codes or values.
 */
public final class ValueMap extends AbstractMap<String, Secret> {

  /** The empty map. */
  public static final ValueMap EMPTY = new ValueMap(Keys.of(new String[0]), new Secret[0]);

  /** Up to this many entries, lookups scan instead of using an index. */
  private static final int SCAN_LIMIT = 8;

  /**
   * The codes of a map, in order, checked to be distinct, with an index when there are many.
   * Immutable and shareable: all credentials of one prototype can use one instance.
   */
  public static final class Keys {
    private final String[] codes;

    /** Slots holding an index + 1 into {@link #codes}, 0 when free; null for small maps. */
    private final int[] index;

    /** {@link #fieldList()}, once computed; racy on purpose, a String is safely published. */
    private String fieldList;

    private Keys(String[] codes, int[] index) {
      this.codes = codes;
      this.index = index;
    }

    /** The codes sorted and joined with commas, as access events list the fields read. */
    String fieldList() {
      String list = fieldList;
      if (list == null) {
        list = String.join(",", new java.util.TreeSet<>(Arrays.asList(codes)));
        fieldList = list;
      }
      return list;
    }

    /**
     * The keys of the given codes in the given order; the array is copied, so later changes to it
     * do not reach the keys.
     *
     * @param given the codes
     * @return the keys
     * @throws IllegalArgumentException when a code occurs twice
     * @throws NullPointerException when a code is null
     */
    public static Keys of(String[] given) {
      return owning(given.clone());
    }

    /** The keys of an array nobody else holds. */
    private static Keys owning(String[] codes) {
      int n = codes.length;
      if (n <= SCAN_LIMIT) {
        for (int i = 0; i < n; i++) {
          String code = Objects.requireNonNull(codes[i], "code");
          int hash = code.hashCode();
          for (int j = 0; j < i; j++) {
            String other = codes[j];
            if (other.hashCode() == hash && other.equals(code)) {
              throw duplicate();
            }
          }
        }
        return new Keys(codes, null);
      }
      int[] index = new int[Integer.highestOneBit(n * 2 - 1) << 1];
      int mask = index.length - 1;
      for (int i = 0; i < n; i++) {
        String code = codes[i];
        int slot = spread(code.hashCode()) & mask;
        while (index[slot] != 0) {
          if (codes[index[slot] - 1].equals(code)) {
            throw duplicate();
          }
          slot = (slot + 1) & mask;
        }
        index[slot] = i + 1;
      }
      return new Keys(codes, index);
    }

    /**
     * How many codes.
     *
     * @return the count
     */
    public int size() {
      return codes.length;
    }

    /**
     * The code at a position.
     *
     * @param i the position
     * @return the code
     */
    public String get(int i) {
      return codes[i];
    }

    /** The position of a code, or -1. */
    int indexOf(Object key) {
      if (!(key instanceof String s)) {
        return -1;
      }
      int hash = s.hashCode();
      if (index == null) {
        for (int i = 0; i < codes.length; i++) {
          String code = codes[i];
          if (code == s || (code.hashCode() == hash && code.equals(s))) {
            return i;
          }
        }
        return -1;
      }
      int mask = index.length - 1;
      for (int slot = spread(hash) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
        String code = codes[index[slot] - 1];
        if (code == s || code.equals(s)) {
          return index[slot] - 1;
        }
      }
      return -1;
    }

    private static IllegalArgumentException duplicate() {
      return new IllegalArgumentException("a field code occurs twice");
    }

    private static int spread(int hash) {
      return hash ^ (hash >>> 16);
    }
  }

  private final String[] codes;
  private final Secret[] secrets;
  private final Keys keys;

  private ValueMap(Keys keys, Secret[] secrets) {
    this.keys = keys;
    this.codes = keys.codes;
    this.secrets = secrets;
  }

  /**
   * A map of the given entries in the given order. The arrays are copied: a public value built from
   * the map never changes with them.
   *
   * @param codes the codes
   * @param secrets the values
   * @return the map
   * @throws IllegalArgumentException when a code occurs twice, or the lengths differ
   * @throws NullPointerException when a code or a value is null
   */
  public static ValueMap of(String[] codes, Secret[] secrets) {
    return owning(Keys.of(codes), secrets.clone());
  }

  /**
   * A map of the given values under the given keys. The values array is copied: a public value
   * built from the map never changes with it.
   *
   * @param keys the keys
   * @param secrets the values in the keys' order
   * @return the map
   * @throws IllegalArgumentException when there are not as many values as keys
   * @throws NullPointerException when a value is null
   */
  public static ValueMap of(Keys keys, Secret[] secrets) {
    return owning(keys, secrets.clone());
  }

  /**
   * A map that adopts the values array without a copy, for the engine, which builds the array,
   * hands it over and never touches it again. Needs the capability only the engine's internal
   * classes can obtain.
   *
   * @param keys the keys
   * @param secrets the values in the keys' order, handed over
   * @param grant the capability, from {@link BufferAdoption#grant()}
   * @return the map
   * @throws IllegalArgumentException when there are not as many values as keys
   * @throws NullPointerException when a value is null
   * @throws IllegalCallerException without the capability
   */
  public static ValueMap adopt(Keys keys, Secret[] secrets, BufferAdoption grant) {
    BufferAdoption.check(grant);
    return owning(keys, secrets);
  }

  private static ValueMap owning(Keys keys, Secret[] secrets) {
    if (keys.size() != secrets.length) {
      throw new IllegalArgumentException("as many codes as values");
    }
    for (Secret secret : secrets) {
      Objects.requireNonNull(secret, "value");
    }
    return new ValueMap(keys, secrets);
  }

  private int indexOf(Object key) {
    return keys.indexOf(key);
  }

  /**
   * The code at a position, in the map's order.
   *
   * @param i the position, from 0 to {@code size() - 1}
   * @return the code
   */
  public String codeAt(int i) {
    return codes[i];
  }

  /**
   * The value at a position, in the map's order.
   *
   * @param i the position, from 0 to {@code size() - 1}
   * @return the value
   */
  public Secret valueAt(int i) {
    return secrets[i];
  }

  /**
   * The same entries as a {@code ValueMap}, in the given map's iteration order: the map itself when
   * it is one.
   *
   * @param values the values
   * @return the values as a {@code ValueMap}
   * @throws IllegalArgumentException when the map changes while it is copied
   * @throws NullPointerException when a code or a value is null
   */
  public static ValueMap copyOf(Map<String, Secret> values) {
    if (values instanceof ValueMap vm) {
      return vm;
    }
    int n = values.size();
    String[] codes = new String[n];
    Secret[] secrets = new Secret[n];
    int i = 0;
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      if (i == n) {
        throw new IllegalArgumentException("the map changed while it was copied");
      }
      codes[i] = e.getKey();
      secrets[i] = e.getValue();
      i++;
    }
    if (i != n) {
      throw new IllegalArgumentException("the map changed while it was copied");
    }
    return owning(Keys.owning(codes), secrets); // both arrays are this method's own
  }

  /**
   * The field codes of a map of values sorted and joined with commas, as access events list the
   * fields read: remembered by the decoder's shared keys, computed for any other map.
   *
   * @param values the values
   * @return the codes, sorted, comma-separated
   */
  public static String fieldList(Map<String, ?> values) {
    return values instanceof ValueMap vm
        ? vm.keys.fieldList()
        : String.join(",", new java.util.TreeSet<>(values.keySet()));
  }

  @Override
  public int size() {
    return codes.length;
  }

  @Override
  public boolean isEmpty() {
    return codes.length == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public boolean containsValue(Object value) {
    for (Secret secret : secrets) {
      if (secret.equals(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Secret get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : secrets[i];
  }

  @Override
  public Secret getOrDefault(Object key, Secret defaultValue) {
    int i = indexOf(key);
    return i < 0 ? defaultValue : secrets[i];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Secret> action) {
    Objects.requireNonNull(action, "action");
    for (int i = 0; i < codes.length; i++) {
      action.accept(codes[i], secrets[i]);
    }
  }

  @Override
  public Set<Map.Entry<String, Secret>> entrySet() {
    return Collections.unmodifiableSet(
        new AbstractSet<>() {
          @Override
          public Iterator<Map.Entry<String, Secret>> iterator() {
            return new Cursor<>() {
              @Override
              Map.Entry<String, Secret> at(int i) {
                return Map.entry(codes[i], secrets[i]);
              }
            };
          }

          @Override
          public int size() {
            return codes.length;
          }

          @Override
          public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e)) {
              return false;
            }
            int i = indexOf(e.getKey());
            return i >= 0 && secrets[i].equals(e.getValue());
          }
        });
  }

  @Override
  public Set<String> keySet() {
    return Collections.unmodifiableSet(
        new AbstractSet<>() {
          @Override
          public Iterator<String> iterator() {
            return new Cursor<>() {
              @Override
              String at(int i) {
                return codes[i];
              }
            };
          }

          @Override
          public int size() {
            return codes.length;
          }

          @Override
          public boolean contains(Object o) {
            return indexOf(o) >= 0;
          }
        });
  }

  @Override
  public Collection<Secret> values() {
    return Collections.unmodifiableCollection(
        new AbstractCollection<>() {
          @Override
          public Iterator<Secret> iterator() {
            return new Cursor<>() {
              @Override
              Secret at(int i) {
                return secrets[i];
              }
            };
          }

          @Override
          public int size() {
            return secrets.length;
          }
        });
  }

  /** Same as {@link AbstractMap#hashCode()}: the sum of the entries' hash codes. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < codes.length; i++) {
      h += codes[i].hashCode() ^ secrets[i].hashCode();
    }
    return h;
  }

  // ---- every mutator throws, even when it would change nothing (as in Map.of)

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("opened credential values are read-only");
  }

  @Override
  public Secret put(String key, Secret value) {
    throw readOnly();
  }

  @Override
  public void putAll(Map<? extends String, ? extends Secret> m) {
    throw readOnly();
  }

  @Override
  public Secret remove(Object key) {
    throw readOnly();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw readOnly();
  }

  @Override
  public void clear() {
    throw readOnly();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super Secret, ? extends Secret> function) {
    throw readOnly();
  }

  @Override
  public Secret putIfAbsent(String key, Secret value) {
    throw readOnly();
  }

  @Override
  public boolean replace(String key, Secret oldValue, Secret newValue) {
    throw readOnly();
  }

  @Override
  public Secret replace(String key, Secret value) {
    throw readOnly();
  }

  @Override
  public Secret computeIfAbsent(String key, Function<? super String, ? extends Secret> function) {
    throw readOnly();
  }

  @Override
  public Secret computeIfPresent(
      String key, BiFunction<? super String, ? super Secret, ? extends Secret> function) {
    throw readOnly();
  }

  @Override
  public Secret compute(
      String key, BiFunction<? super String, ? super Secret, ? extends Secret> function) {
    throw readOnly();
  }

  @Override
  public Secret merge(
      String key,
      Secret value,
      BiFunction<? super Secret, ? super Secret, ? extends Secret> function) {
    throw readOnly();
  }

  private abstract class Cursor<T> implements Iterator<T> {
    private int next;

    abstract T at(int i);

    @Override
    public boolean hasNext() {
      return next < codes.length;
    }

    @Override
    public T next() {
      if (next >= codes.length) {
        throw new NoSuchElementException();
      }
      return at(next++);
    }
  }
}
