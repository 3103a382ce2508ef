package dev.credentials.core;

import dev.credentials.TenantId;
import java.util.HashMap;
import java.util.Map;

/**
 * What a part of the in-memory repository kept in its own class needs from the unit of work it
 * belongs to: the checks before a read or a write, and the undo journal that rolls a failed unit
 * back.
 */
interface InMemoryUnit {

  /** Before a write: the unit must be open and writable. */
  void writing();

  /** Before a read: the unit must be open. */
  void reading();

  /**
   * Journals how to undo a change just made, run if the unit of work throws.
   *
   * @param undo restores the state before the change
   */
  void onRollback(Runnable undo);

  /**
   * Puts into a map, journaling the previous state.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param map the map
   * @param key the key
   * @param value the new value
   */
  default <K, V> void put(Map<K, V> map, K key, V value) {
    boolean had = map.containsKey(key);
    V old = map.put(key, value);
    onRollback(
        () -> {
          if (had) {
            map.put(key, old);
          } else {
            map.remove(key);
          }
        });
  }

  /**
   * Removes from a map, journaling the previous state.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param map the map
   * @param key the key
   * @return the removed value, or null when there was none
   */
  default <K, V> V remove(Map<K, V> map, K key) {
    if (!map.containsKey(key)) {
      return null;
    }
    V old = map.remove(key);
    onRollback(() -> map.put(key, old));
    return old;
  }

  /**
   * A tenant's map under a root map, created (and journaled) when absent.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param root the maps by tenant
   * @param tenant the tenant
   * @return the tenant's map
   */
  default <K, V> Map<K, V> tenantMap(Map<TenantId, Map<K, V>> root, TenantId tenant) {
    Map<K, V> m = root.get(tenant);
    if (m == null) {
      m = new HashMap<>();
      put(root, tenant, m);
    }
    return m;
  }
}
