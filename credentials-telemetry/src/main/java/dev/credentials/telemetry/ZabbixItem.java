package dev.credentials.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * One value for a Zabbix trapper item.
 *
 * @param host the monitored host's name in Zabbix
 * @param key the item key, e.g. {@code credentials.check.state[acme,orders-db]}
 * @param value the value
 * @param clock when the value was observed
 */
public record ZabbixItem(String host, String key, String value, Instant clock) {

  /** Validates. */
  public ZabbixItem {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(clock, "clock");
    if (host.isBlank() || key.isBlank()) {
      throw new IllegalArgumentException(
          "a Zabbix item needs a host and a key; got host '" + host + "', key '" + key + "'");
    }
  }

  /**
   * An item key with parameters, quoted where Zabbix requires it: {@code name[p1,"p 2"]}.
   *
   * @param name the key name
   * @param parameters the parameters
   * @return the key
   */
  public static String key(String name, String... parameters) {
    Objects.requireNonNull(name, "name");
    if (parameters.length == 0) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('[');
    for (int i = 0; i < parameters.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String p = Objects.requireNonNull(parameters[i], "parameter");
      if (p.isEmpty() || p.matches("[A-Za-z0-9._:/@-]+")) {
        sb.append(p);
      } else {
        sb.append('"').append(p.replace("\"", "\\\"")).append('"');
      }
    }
    return sb.append(']').toString();
  }
}
