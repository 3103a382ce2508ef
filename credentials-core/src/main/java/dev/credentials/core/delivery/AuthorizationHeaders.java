package dev.credentials.core.delivery;

import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The value of an HTTP {@code Authorization} header, built from a credential's bearer token or
 * basic user name and password, as a {@link Secret}.
 *
 * <p><b>Which fields count.</b> Without explicit {@link AuthorizationFields}, field codes are read
 * by convention; a field "is set" when it has a non-empty value (a basic password may be empty):
 *
 * <ol>
 *   <li><b>Bearer</b>, preferred: {@code TOKEN}, {@code BEARER_TOKEN}, {@code ACCESS_TOKEN}, {@code
 *       API_TOKEN}, or a code ending in {@code _BEARER_TOKEN}, {@code _ACCESS_TOKEN} or {@code
 *       _API_TOKEN}. When none of these is set, any other code ending in {@code _TOKEN} except
 *       {@code …REFRESH_TOKEN} and {@code …ID_TOKEN} (e.g. {@code GITHUB_TOKEN}).
 *   <li><b>Basic</b>: a user name field ({@code USERNAME}, {@code USER}, {@code LOGIN}, or a code
 *       ending in {@code _USERNAME}, {@code _USER} or {@code _LOGIN}) paired with the password
 *       field of the same prefix ({@code PASSWORD} or {@code <prefix>PASSWORD}): {@code ERP_LOGIN}
 *       pairs with {@code ERP_PASSWORD}, {@code USER} with {@code PASSWORD}.
 * </ol>
 *
 * <p>Bearer wins when both are set. When more than one field (or pair) qualifies at the same step,
 * the convention refuses to guess and throws {@link IllegalArgumentException} naming the field
 * codes; pass {@link AuthorizationFields} to choose.
 *
 * <pre>{@code
 * RevealedCredential api = credentials.resolver().byName(caller, "billing-api");
 * Optional<Secret> header = AuthorizationHeaders.from(api);
 * HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://billing.example/v1"));
 * header.ifPresent(h -> request.header("Authorization", h.reveal()));
 * }</pre>
 */
public final class AuthorizationHeaders {

  private static final List<String> PREFERRED_TOKENS =
      List.of("BEARER_TOKEN", "ACCESS_TOKEN", "API_TOKEN");
  private static final List<String> USER_SUFFIXES = List.of("USERNAME", "USER", "LOGIN");
  private static final byte[] BEARER = "Bearer ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASIC = "Basic ".getBytes(StandardCharsets.US_ASCII);

  private AuthorizationHeaders() {}

  /**
   * The header value for a credential, by the field convention.
   *
   * @param credential the credential
   * @return {@code Bearer …} or {@code Basic …}, or empty when no field qualifies
   * @throws IllegalArgumentException when the convention is ambiguous, or a value cannot appear in
   *     a header
   */
  public static Optional<Secret> from(RevealedCredential credential) {
    Objects.requireNonNull(credential, "credential");
    return from(credential.values());
  }

  /**
   * The header value for values by field code (or environment variable), by the field convention.
   *
   * @param values the values
   * @return {@code Bearer …} or {@code Basic …}, or empty when no field qualifies
   * @throws IllegalArgumentException when the convention is ambiguous, or a value cannot appear in
   *     a header
   */
  public static Optional<Secret> from(Map<String, Secret> values) {
    Objects.requireNonNull(values, "values");
    Optional<String> token = conventionalToken(values);
    if (token.isPresent()) {
      return Optional.of(bearer(token.get(), values.get(token.get())));
    }
    return conventionalBasic(values)
        .map(pair -> basic(pair[0], values.get(pair[0]), pair[1], values.get(pair[1])));
  }

  /**
   * The header value for a credential, reading the fields named.
   *
   * @param credential the credential
   * @param fields which fields to read
   * @return the header value, or empty when the named fields are not set
   */
  public static Optional<Secret> from(RevealedCredential credential, AuthorizationFields fields) {
    Objects.requireNonNull(credential, "credential");
    return from(credential.values(), fields);
  }

  /**
   * The header value for values by field code, reading the fields named. Bearer wins when its field
   * is set.
   *
   * @param values the values
   * @param fields which fields to read
   * @return the header value, or empty when the named fields are not set
   * @throws IllegalArgumentException when a value cannot appear in a header
   */
  public static Optional<Secret> from(Map<String, Secret> values, AuthorizationFields fields) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(fields, "fields");
    if (fields.bearerToken().isPresent() && isSet(values, fields.bearerToken().get())) {
      String code = fields.bearerToken().get();
      return Optional.of(bearer(code, values.get(code)));
    }
    if (fields.username().isPresent()) {
      String user = fields.username().get();
      String password = fields.password().orElseThrow();
      if (isSet(values, user) && values.containsKey(password)) {
        return Optional.of(basic(user, values.get(user), password, values.get(password)));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code Bearer <token>}.
   *
   * @param token the token: visible ASCII characters, not empty
   * @return the header value
   * @throws IllegalArgumentException when the token is empty or holds spaces or control or
   *     non-ASCII characters
   */
  public static Secret bearer(Secret token) {
    Objects.requireNonNull(token, "token");
    return bearer("the bearer token", token);
  }

  /**
   * {@code Basic base64(user:password)}, UTF-8 encoded as RFC 7617 recommends.
   *
   * @param username the user name: not empty, no colon, no control characters
   * @param password the password: no control characters; may be empty
   * @return the header value
   * @throws IllegalArgumentException when a value breaks these rules
   */
  public static Secret basic(Secret username, Secret password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    return basic("the user name", username, "the password", password);
  }

  // ---------------------------------------------------------------------------------------------

  private static boolean isSet(Map<String, Secret> values, String code) {
    Secret s = values.get(code);
    return s != null && !s.isEmpty();
  }

  private static Optional<String> conventionalToken(Map<String, Secret> values) {
    List<String> preferred = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (String code : new TreeMap<>(values).keySet()) {
      if (!isSet(values, code)) {
        continue;
      }
      if (code.equals("TOKEN") || PREFERRED_TOKENS.stream().anyMatch(t -> isNamed(code, t))) {
        preferred.add(code);
      } else if (code.endsWith("_TOKEN")
          && !isNamed(code, "REFRESH_TOKEN")
          && !isNamed(code, "ID_TOKEN")) {
        other.add(code);
      }
    }
    List<String> chosen = preferred.isEmpty() ? other : preferred;
    if (chosen.size() > 1) {
      throw new IllegalArgumentException(
          "more than one field could hold the bearer token: "
              + chosen
              + "; pass AuthorizationFields.bearer(...) to choose");
    }
    return chosen.stream().findFirst();
  }

  /** Whether a code is {@code name} or ends with {@code _name}. */
  private static boolean isNamed(String code, String name) {
    return code.equals(name) || code.endsWith("_" + name);
  }

  /** A unique (user name code, password code) pair, or empty. */
  private static Optional<String[]> conventionalBasic(Map<String, Secret> values) {
    List<String[]> pairs = new ArrayList<>();
    for (String code : new TreeMap<>(values).keySet()) {
      if (!isSet(values, code)) {
        continue;
      }
      for (String suffix : USER_SUFFIXES) {
        String prefix;
        if (code.equals(suffix)) {
          prefix = "";
        } else if (code.endsWith("_" + suffix)) {
          prefix = code.substring(0, code.length() - suffix.length());
        } else {
          continue;
        }
        String password = prefix + "PASSWORD";
        if (values.containsKey(password)) {
          pairs.add(new String[] {code, password});
        }
      }
    }
    if (pairs.size() > 1) {
      throw new IllegalArgumentException(
          "more than one pair of fields could hold the basic user name and password: "
              + pairs.stream().map(p -> p[0] + "+" + p[1]).toList()
              + "; pass AuthorizationFields.basic(...) to choose");
    }
    return pairs.stream().findFirst();
  }

  private static Secret bearer(String what, Secret token) {
    byte[] t = token.revealBytes();
    try {
      if (t.length == 0) {
        throw new IllegalArgumentException(what + " is empty");
      }
      for (byte b : t) {
        if (b < 0x21 || b > 0x7e) {
          throw new IllegalArgumentException(
              what
                  + " contains a space, a control or a non-ASCII character,"
                  + " which cannot appear in a bearer token");
        }
      }
      return prefixed(BEARER, t);
    } finally {
      Arrays.fill(t, (byte) 0);
    }
  }

  private static Secret basic(String userWhat, Secret username, String passWhat, Secret password) {
    byte[] u = username.revealBytes();
    byte[] p = password.revealBytes();
    byte[] joined = new byte[u.length + 1 + p.length];
    byte[] encoded = null;
    try {
      if (u.length == 0) {
        throw new IllegalArgumentException(userWhat + " is empty");
      }
      for (byte b : u) {
        if (b == ':') {
          throw new IllegalArgumentException(
              userWhat + " contains a colon, which basic authentication cannot carry");
        }
      }
      rejectControl(userWhat, u);
      rejectControl(passWhat, p);
      System.arraycopy(u, 0, joined, 0, u.length);
      joined[u.length] = ':';
      System.arraycopy(p, 0, joined, u.length + 1, p.length);
      encoded = Base64.getEncoder().encode(joined);
      return prefixed(BASIC, encoded);
    } finally {
      Arrays.fill(u, (byte) 0);
      Arrays.fill(p, (byte) 0);
      Arrays.fill(joined, (byte) 0);
      if (encoded != null) {
        Arrays.fill(encoded, (byte) 0);
      }
    }
  }

  private static void rejectControl(String what, byte[] value) {
    for (byte b : value) {
      if ((b >= 0 && b < 0x20) || b == 0x7f) {
        throw new IllegalArgumentException(
            what + " contains a control character, which basic authentication cannot carry");
      }
    }
  }

  private static Secret prefixed(byte[] scheme, byte[] credentials) {
    byte[] header = new byte[scheme.length + credentials.length];
    try {
      System.arraycopy(scheme, 0, header, 0, scheme.length);
      System.arraycopy(credentials, 0, header, scheme.length, credentials.length);
      return Secret.ofUtf8(header);
    } finally {
      Arrays.fill(header, (byte) 0);
    }
  }
}
