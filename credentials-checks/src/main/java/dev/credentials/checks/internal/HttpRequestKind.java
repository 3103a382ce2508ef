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
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code http}: one request with the JDK HTTP client, authenticated from the credential's fields,
 * its status mapped to a state; or, in host-only mode, an unauthenticated request to the host's
 * root that only shows the host answers (for APIs whose every call is rate-limited or costs).
 * Redirects are not followed, so a credential never travels to another host.
 */
public final class HttpRequestKind implements CheckKind {

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.ofEntries(
          Map.entry("url", CheckParameter.required(Escaping.URL, "the URL to request")),
          Map.entry(
              "method",
              CheckParameter.optional(Escaping.VERBATIM, "GET (default), HEAD or OPTIONS")),
          Map.entry(
              "auth",
              CheckParameter.optional(
                  Escaping.VERBATIM, "none (default), bearer, basic, header or query")),
          Map.entry(
              "token",
              CheckParameter.optional(Escaping.HEADER, "the token for bearer, header or query")),
          Map.entry("user", CheckParameter.optional(Escaping.HEADER, "the user for basic")),
          Map.entry(
              "password", CheckParameter.optional(Escaping.VERBATIM, "the password for basic")),
          Map.entry(
              "header",
              CheckParameter.optional(Escaping.HEADER, "the header name for auth=header")),
          Map.entry(
              "query",
              CheckParameter.optional(Escaping.VERBATIM, "the query parameter for auth=query")),
          Map.entry(
              "mode",
              CheckParameter.optional(
                  Escaping.VERBATIM, "full (default) or host: only show that the host answers")),
          Map.entry(
              "headers",
              CheckParameter.optional(
                  Escaping.HEADER,
                  "extra request headers, one 'Name: value' per line (e.g. an API version)")),
          Map.entry(
              "states",
              CheckParameter.optional(
                  Escaping.VERBATIM, "status overrides, e.g. 404=MISCONFIGURED, 5xx=DEGRADED")));

  /** For {@link java.util.ServiceLoader}. */
  public HttpRequestKind() {}

  @Override
  public String name() {
    return "http";
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
    HttpRequest request;
    boolean hostOnly;
    HttpStates states;
    URI uri;
    try {
      String mode = r.text("mode", "full").strip().toLowerCase(Locale.ROOT);
      if (!mode.equals("full") && !mode.equals("host")) {
        throw new Probes.BadParameter("parameter 'mode' must be full or host");
      }
      hostOnly = mode.equals("host");
      states = HttpStates.parse(r.text("states", ""));
      uri = uri(Probes.required(r, "url"));
      String method = r.text("method", "GET").strip().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw new Probes.BadParameter(
            "parameter 'method' must be GET, HEAD or OPTIONS; a check never changes anything");
      }
      if (hostOnly) {
        // scheme, host and port only: never a user or password from the URL, never a path
        String h =
            uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        uri =
            URI.create(
                uri.getScheme() + "://" + h + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/");
        request =
            HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(r.timeout())
                .build();
      } else {
        request = authenticated(r, uri, method);
      }
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "http", e);
    } catch (IllegalArgumentException e) {
      return r.result(
          CredentialState.MISCONFIGURED,
          "http check: the request cannot be built from the parameters (a header name or value"
              + " the HTTP client refuses)");
    }
    String target =
        uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> response =
          SharedHttp.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      int status = response.statusCode();
      CredentialState state = hostOnly ? HttpStates.hostOnly(status) : states.state(status);
      String meaning =
          hostOnly
              ? "the host answered " + status + (state.allowsRun() ? "" : "; retry later")
              : HttpStates.meaning(status, state);
      return r.result(
          state,
          "http " + request.method() + " " + target + ": " + meaning,
          Map.of("status", Integer.toString(status), "latency-ms", Probes.since(start)));
    } catch (IOException e) {
      return Probes.unavailable(r, "http " + request.method() + " " + target, e, start);
    }
  }

  private static URI uri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new Probes.BadParameter(
            "parameter 'url' must be an absolute http or https URL with a host");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new Probes.BadParameter("parameter 'url' is not a URL");
    }
  }

  private static HttpRequest authenticated(ProbeRequest r, URI uri, String method) {
    String auth = r.text("auth", "none").strip().toLowerCase(Locale.ROOT);
    HttpRequest.Builder b = HttpRequest.newBuilder();
    for (String line : r.text("headers", "").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).strip();
      if (!name.matches("[A-Za-z0-9-]{1,64}")) {
        throw new Probes.BadParameter("parameter 'headers' must hold one 'Name: value' per line");
      }
      b.header(name, line.substring(colon + 1).strip());
    }
    switch (auth) {
      case "none" -> {}
      case "bearer" -> b.header("Authorization", "Bearer " + token(r).reveal());
      case "basic" -> {
        String user = r.text("user").orElseThrow(() -> empty("user"));
        String pair = user + ":" + r.parameter("password").map(Secret::reveal).orElse("");
        b.header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case "header" -> {
        String name = r.text("header").orElseThrow(() -> empty("header"));
        if (!name.matches("[A-Za-z0-9-]{1,64}")) {
          throw new Probes.BadParameter("parameter 'header' is not a header name");
        }
        b.header(name, token(r).reveal());
      }
      case "query" -> {
        String name = r.text("query").orElseThrow(() -> empty("query"));
        String pair =
            URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(token(r).reveal(), StandardCharsets.UTF_8);
        String s = uri.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
          s = s.substring(0, hash);
        }
        uri = URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + pair);
      }
      default ->
          throw new Probes.BadParameter(
              "parameter 'auth' must be none, bearer, basic, header or query");
    }
    return b.uri(uri)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(r.timeout())
        .build();
  }

  private static Secret token(ProbeRequest r) {
    return r.parameter("token").orElseThrow(() -> empty("token"));
  }

  private static Probes.BadParameter empty(String name) {
    return new Probes.BadParameter(
        "parameter '" + name + "' is empty; fill in the field it refers to");
  }
}
