package dev.credentials.telemetry;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Zabbix server's (or proxy's) answer to sender data.
 *
 * @param success whether the server answered {@code "success"}
 * @param processed how many values it accepted
 * @param failed how many it rejected (e.g. no such host or trapper item, or a wrong value type)
 * @param total how many it received
 * @param info the server's info text, e.g. {@code processed: 1; failed: 0; total: 1; seconds spent:
 *     0.000055}
 */
public record ZabbixResponse(boolean success, int processed, int failed, int total, String info) {

  private static final Pattern NUMBER = Pattern.compile("(processed|failed|total):\\s*(\\d+)");

  /** Validates. */
  public ZabbixResponse {
    Objects.requireNonNull(info, "info");
  }

  /** Reads the counts out of the info text; missing counts are 0. */
  static ZabbixResponse of(boolean success, String info) {
    int processed = 0;
    int failed = 0;
    int total = 0;
    Matcher m = NUMBER.matcher(info);
    while (m.find()) {
      int n = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.group(2)));
      switch (m.group(1)) {
        case "processed" -> processed = n;
        case "failed" -> failed = n;
        default -> total = n;
      }
    }
    return new ZabbixResponse(success, processed, failed, total, info);
  }
}
