package dev.credentials.checks.internal;

import dev.credentials.CredentialState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP status → state: declared overrides first ({@code "404=MISCONFIGURED, 5xx=DEGRADED"}), then
 * the defaults: 2xx AVAILABLE; 401 and 403 MISCONFIGURED; 429 and 503 DEGRADED; other 5xx
 * UNAVAILABLE; 3xx and other 4xx MISCONFIGURED (the URL or the credential is wrong).
 */
final class HttpStates {

  private final Map<String, CredentialState> overrides;

  private HttpStates(Map<String, CredentialState> overrides) {
    this.overrides = overrides;
  }

  static HttpStates parse(String spec) {
    Map<String, CredentialState> out = new LinkedHashMap<>();
    if (spec != null && !spec.isBlank()) {
      for (String entry : spec.split(",")) {
        String e = entry.strip();
        int eq = e.indexOf('=');
        if (eq < 0) {
          throw new Probes.BadParameter(
              "parameter 'states' must be a list like 404=MISCONFIGURED, 5xx=DEGRADED");
        }
        String code = e.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String state = e.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[1-5][0-9][0-9]|[1-5]xx")) {
          throw new Probes.BadParameter(
              "parameter 'states' names '" + code + "', which is no status code or class (4xx)");
        }
        try {
          out.put(code, CredentialState.valueOf(state));
        } catch (IllegalArgumentException bad) {
          throw new Probes.BadParameter(
              "parameter 'states' names state '"
                  + state
                  + "'; use AVAILABLE, DEGRADED, UNAVAILABLE, MISCONFIGURED or UNKNOWN");
        }
      }
    }
    return new HttpStates(Map.copyOf(out));
  }

  static HttpStates defaults() {
    return new HttpStates(Map.of());
  }

  CredentialState state(int status) {
    CredentialState exact = overrides.get(Integer.toString(status));
    if (exact != null) {
      return exact;
    }
    CredentialState range = overrides.get((status / 100) + "xx");
    if (range != null) {
      return range;
    }
    return byDefault(status);
  }

  static CredentialState byDefault(int status) {
    if (status >= 200 && status < 300) {
      return CredentialState.AVAILABLE;
    }
    if (status == 429 || status == 503) {
      return CredentialState.DEGRADED;
    }
    if (status >= 500) {
      return CredentialState.UNAVAILABLE;
    }
    return CredentialState.MISCONFIGURED;
  }

  /** Host-only: any answer below 500 shows the host is up; throttling still degrades. */
  static CredentialState hostOnly(int status) {
    if (status == 429 || status == 503) {
      return CredentialState.DEGRADED;
    }
    return status >= 500 ? CredentialState.UNAVAILABLE : CredentialState.AVAILABLE;
  }

  static String meaning(int status, CredentialState state) {
    return switch (state) {
      case AVAILABLE -> "the service answered " + status;
      case DEGRADED -> "the service answered " + status + " (throttled or overloaded); retry later";
      case UNAVAILABLE -> "the service answered " + status + " (server error)";
      case MISCONFIGURED ->
          status == 401 || status == 403
              ? "the service refused the credential (" + status + "); check the token or password"
              : "the service answered "
                  + status
                  + "; check the URL and the credential the check uses";
      case UNKNOWN -> "the service answered " + status;
    };
  }
}
