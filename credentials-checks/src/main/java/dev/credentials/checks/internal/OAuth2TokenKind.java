package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code oauth2}: either a client-credentials grant at the token endpoint (RFC 6749 §4.4; it issues
 * a token and changes nothing), or, for a stored access token, whether it is present and not
 * expired (from {@code expires-at} or the {@code exp} claim of a JWT). Uses the JDK HTTP client.
 * The response body is read only for {@code access_token} and {@code error}; it never reaches a
 * result.
 */
public final class OAuth2TokenKind implements CheckKind {

  private static final int MAX_BODY = 64 * 1024;
  private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([A-Za-z_]{1,64})\"");
  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"[^\"]");
  private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*([0-9]{1,12})");

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.ofEntries(
          Map.entry(
              "mode",
              CheckParameter.optional(
                  Escaping.VERBATIM,
                  "client-credentials (default when token-url is given) or stored-token")),
          Map.entry("token-url", CheckParameter.optional(Escaping.URL, "the token endpoint")),
          Map.entry("client-id", CheckParameter.optional(Escaping.VERBATIM, "the client id")),
          Map.entry(
              "client-secret", CheckParameter.optional(Escaping.VERBATIM, "the client secret")),
          Map.entry(
              "client-auth",
              CheckParameter.optional(
                  Escaping.VERBATIM, "basic (default: HTTP Basic) or post (in the form)")),
          Map.entry("scope", CheckParameter.optional(Escaping.VERBATIM, "the scopes to ask for")),
          Map.entry("audience", CheckParameter.optional(Escaping.VERBATIM, "the audience")),
          Map.entry("token", CheckParameter.optional(Escaping.VERBATIM, "a stored access token")),
          Map.entry(
              "expires-at",
              CheckParameter.optional(
                  Escaping.VERBATIM, "when the stored token expires (ISO-8601 or epoch seconds)")));

  /** For {@link java.util.ServiceLoader}. */
  public OAuth2TokenKind() {}

  @Override
  public String name() {
    return "oauth2";
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public Map<String, CheckParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public CheckResult probe(ProbeRequest r) throws InterruptedException {
    try {
      String mode =
          r.text(
                  "mode",
                  r.parameter("token-url").isPresent() ? "client-credentials" : "stored-token")
              .strip()
              .toLowerCase(Locale.ROOT);
      return switch (mode) {
        case "client-credentials" -> grant(r);
        case "stored-token" -> stored(r);
        default ->
            throw new Probes.BadParameter(
                "parameter 'mode' must be client-credentials or stored-token");
      };
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "oauth2", e);
    }
  }

  private CheckResult stored(ProbeRequest r) {
    Secret token = r.parameter("token").orElse(null);
    if (token == null) {
      return r.result(
          CredentialState.MISCONFIGURED,
          "oauth2 check: no access token is stored; run the authorisation flow again");
    }
    Instant expiry = r.text("expires-at").map(OAuth2TokenKind::instant).orElse(null);
    if (expiry == null) {
      expiry = jwtExpiry(token);
    }
    Instant now = r.clock().instant();
    if (expiry == null) {
      return r.result(
          CredentialState.AVAILABLE,
          "oauth2 check: an access token is stored; its expiry is not known");
    }
    Map<String, String> details = Map.of("expires-at", expiry.toString());
    if (!expiry.isAfter(now)) {
      return r.result(
          CredentialState.MISCONFIGURED,
          "oauth2 check: the stored access token expired at " + expiry + "; refresh it",
          details);
    }
    return r.result(
        CredentialState.AVAILABLE,
        "oauth2 check: the stored access token is valid for "
            + Duration.between(now, expiry).toMinutes()
            + " more minutes",
        details);
  }

  private static Instant instant(String text) {
    String t = text.strip();
    try {
      if (t.matches("[0-9]{1,12}")) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      return Instant.parse(t);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new Probes.BadParameter(
          "parameter 'expires-at' is neither an ISO-8601 instant nor epoch seconds");
    }
  }

  private static Instant jwtExpiry(Secret token) {
    String t = token.reveal();
    String[] parts = t.split("\\.", -1);
    if (parts.length != 3 || parts[1].length() > MAX_BODY) {
      return null;
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      Matcher m = EXP.matcher(payload);
      return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private CheckResult grant(ProbeRequest r) throws InterruptedException {
    String url = Probes.required(r, "token-url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new Probes.BadParameter("parameter 'token-url' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw new Probes.BadParameter("parameter 'token-url' must be an absolute https URL");
    }
    String clientId = Probes.required(r, "client-id");
    String secret = r.parameter("client-secret").map(Secret::reveal).orElse("");
    boolean post = r.text("client-auth", "basic").strip().equalsIgnoreCase("post");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    r.text("scope").ifPresent(s -> form.put("scope", s));
    r.text("audience").ifPresent(s -> form.put("audience", s));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(r.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (post) {
      form.put("client_id", clientId);
      form.put("client_secret", secret);
    } else {
      String pair = enc(clientId) + ":" + enc(secret);
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    HttpRequest request = b.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    String target = scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> response =
          SharedHttp.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
      }
      int status = response.statusCode();
      Map<String, String> details = new LinkedHashMap<>();
      details.put("status", Integer.toString(status));
      details.put("latency-ms", Probes.since(start));
      Matcher error = ERROR.matcher(text);
      String code = error.find() ? error.group(1) : null;
      if (code != null) {
        details.put("error", code);
      }
      if (status >= 200 && status < 300) {
        if (ACCESS_TOKEN.matcher(text).find()) {
          return r.result(
              CredentialState.AVAILABLE,
              "oauth2 token endpoint " + target + " issued a token to the client",
              details);
        }
        return r.result(
            CredentialState.UNAVAILABLE,
            "oauth2 token endpoint " + target + " answered " + status + " without an access_token",
            details);
      }
      if (status == 400 || status == 401 || status == 403) {
        return r.result(
            CredentialState.MISCONFIGURED,
            "oauth2 token endpoint "
                + target
                + " refused the client ("
                + status
                + (code != null ? ", " + code : "")
                + "); check the client id, secret and scope",
            details);
      }
      CredentialState state = HttpStates.byDefault(status);
      return r.result(
          state,
          "oauth2 token endpoint " + target + ": " + HttpStates.meaning(status, state),
          details);
    } catch (IOException e) {
      return Probes.unavailable(r, "oauth2 token endpoint " + target, e, start);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
