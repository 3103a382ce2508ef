package dev.credentials.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.sources.internal.HttpJson;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credential values kept in HashiCorp Vault's KV version 2 secrets engine, read over Vault's HTTP
 * API with the JDK client. A reference's location is the secret's path in the mount ({@code
 * apps/reporting-db}), optionally with {@code ?version=N}; the secret's keys are the values' keys.
 *
 * <p>Authentication is a token, or an AppRole login ({@code role_id} and {@code secret_id}) whose
 * token is renewed while renewable and replaced by a new login when it expires or is refused.
 * Namespaces (Vault Enterprise) go in the {@code X-Vault-Namespace} header. Answers become typed
 * errors: 403 {@link Reason#ACCESS_DENIED}, 404 and deleted or destroyed versions {@link
 * Reason#NOT_FOUND}, 503 (sealed or standby) and every network failure {@link Reason#UNAVAILABLE}.
 * No token, secret id or value appears in a message or log line.
 */
public final class VaultKvSource implements CredentialSource {

  /** The name references use. */
  public static final String NAME = "vault";

  private static final Pattern LOCATION =
      Pattern.compile("([A-Za-z0-9_.\\-/]+?)(?:\\?version=([0-9]{1,9}))?");

  private final URI address;
  private final String mount;
  private final String namespace;
  private final Secret staticToken;
  private final String roleId;
  private final Secret secretId;
  private final String appRoleMount;
  private final HttpJson http;
  private final Clock clock;

  private final Object tokenLock = new Object();
  private Secret token;
  private Instant tokenExpires = Instant.MAX;
  private boolean tokenRenewable;
  private Duration tokenLease = Duration.ZERO;

  private VaultKvSource(Builder b) {
    this.address = b.address;
    this.mount = b.mount;
    this.namespace = b.namespace;
    this.staticToken = b.token;
    this.roleId = b.roleId;
    this.secretId = b.secretId;
    this.appRoleMount = b.appRoleMount;
    this.http = new HttpJson(NAME, b.client, b.timeout);
    this.clock = b.clock;
  }

  /**
   * @param address Vault's address, e.g. {@code https://vault.example.com:8200}
   * @return a builder
   */
  public static Builder builder(URI address) {
    return new Builder(address);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourcedValues read(SourceReference reference) {
    Objects.requireNonNull(reference, "reference");
    Matcher m = LOCATION.matcher(reference.location());
    if (!m.matches() || m.group(1).startsWith("/") || m.group(1).contains("..")) {
      throw new CredentialSourceException(
          NAME,
          Reason.INVALID_REFERENCE,
          "a Vault location is a secret path of letters, digits, '_', '.', '-' and '/', optionally"
              + " followed by ?version=N");
    }
    String path = m.group(1);
    String version = m.group(2);
    String what =
        "read " + mount + "/data/" + path + (version == null ? "" : " version " + version);
    StringBuilder uri = new StringBuilder(base()).append(mount).append("/data/");
    for (String segment : path.split("/")) {
      uri.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
          .append('/');
    }
    uri.setLength(uri.length() - 1);
    if (version != null) {
      uri.append("?version=").append(version);
    }
    HttpJson.Response r =
        authorized(HttpRequest.newBuilder(URI.create(uri.toString())).GET(), what);
    if (r.status() == 404 && r.body().path("data").path("metadata").isObject()) {
      throw new CredentialSourceException(
          NAME,
          Reason.NOT_FOUND,
          "Vault's secret to " + what + " is deleted or destroyed; undelete it or pick a version");
    }
    if (r.status() == 404) {
      throw new CredentialSourceException(
          NAME, Reason.NOT_FOUND, "Vault has no secret to " + what + "; check the path and mount");
    }
    fail(r, what);
    JsonNode data = r.body().path("data").path("data");
    if (data.isNull() || data.isMissingNode()) {
      throw new CredentialSourceException(
          NAME,
          Reason.NOT_FOUND,
          "Vault's secret to " + what + " is deleted or destroyed; undelete it or pick a version");
    }
    if (!data.isObject()) {
      throw new CredentialSourceException(
          NAME, Reason.MALFORMED, "Vault answered " + what + " without a data object");
    }
    Map<String, Secret> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      JsonNode v = e.getValue();
      if (v.isValueNode() && !v.isNull()) {
        values.put(e.getKey(), Secret.of(v.asText()));
      }
    }
    String revision = "v" + r.body().path("data").path("metadata").path("version").asText("?");
    return new SourcedValues(values, revision);
  }

  private String base() {
    String a = address.toString();
    return (a.endsWith("/") ? a : a + "/") + "v1/";
  }

  /** Sends with a valid token; one new AppRole login and retry when the token is refused. */
  private HttpJson.Response authorized(HttpRequest.Builder request, String what) {
    Secret t = currentToken();
    HttpJson.Response r = http.send(withHeaders(request.copy(), t), what);
    if (r.status() == 403 && roleId != null) {
      synchronized (tokenLock) {
        if (token == t) {
          token = null;
        }
      }
      r = http.send(withHeaders(request.copy(), currentToken()), what);
    }
    return r;
  }

  private HttpRequest.Builder withHeaders(HttpRequest.Builder b, Secret t) {
    b.header("X-Vault-Token", t.reveal()).header("Accept", "application/json");
    if (namespace != null) {
      b.header("X-Vault-Namespace", namespace);
    }
    return b;
  }

  private Secret currentToken() {
    synchronized (tokenLock) {
      Instant now = clock.instant();
      if (token != null && now.isBefore(tokenExpires)) {
        renewIfDue(now);
        return token;
      }
      if (roleId == null) {
        token = staticToken;
        tokenExpires = Instant.MAX;
        return token;
      }
      login();
      return token;
    }
  }

  /** Renews a renewable token once two thirds of its lease have passed. */
  private void renewIfDue(Instant now) {
    if (!tokenRenewable || tokenExpires.equals(Instant.MAX)) {
      return;
    }
    Instant due = tokenExpires.minus(tokenLease.dividedBy(3));
    if (now.isBefore(due)) {
      return;
    }
    HttpJson.Response r =
        http.send(
            withHeaders(
                HttpRequest.newBuilder(URI.create(base() + "auth/token/renew-self"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")),
                token),
            "renew its token");
    if (r.status() == 200) {
      adopt(r.body().path("auth"));
    } else if (roleId != null) {
      login();
    }
  }

  private void login() {
    String body = HttpJson.json(Map.of("role_id", roleId, "secret_id", secretId.reveal()));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + "auth/" + appRoleMount + "/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (namespace != null) {
      b.header("X-Vault-Namespace", namespace);
    }
    HttpJson.Response r = http.send(b, "log in with AppRole");
    if (r.status() == 400 || r.status() == 403) {
      throw new CredentialSourceException(
          NAME,
          Reason.ACCESS_DENIED,
          "Vault refused the AppRole login (HTTP "
              + r.status()
              + "); check the role id and that the secret id is valid and not used up");
    }
    fail(r, "log in with AppRole");
    adopt(r.body().path("auth"));
  }

  private void adopt(JsonNode auth) {
    String clientToken = auth.path("client_token").asText("");
    if (clientToken.isEmpty()) {
      throw new CredentialSourceException(
          NAME, Reason.MALFORMED, "Vault answered a login without a client token");
    }
    long lease = auth.path("lease_duration").asLong(0);
    token = Secret.of(clientToken);
    tokenRenewable = auth.path("renewable").asBoolean(false);
    tokenLease = Duration.ofSeconds(lease);
    tokenExpires = lease > 0 ? clock.instant().plusSeconds(lease) : Instant.MAX;
  }

  private static void fail(HttpJson.Response r, String what) {
    int s = r.status();
    if (s == 200) {
      return;
    }
    if (s == 403) {
      throw new CredentialSourceException(
          NAME,
          Reason.ACCESS_DENIED,
          "Vault denied permission to "
              + what
              + " (HTTP 403); check the token's policies (read on the data path)");
    }
    if (s == 503) {
      throw new CredentialSourceException(
          NAME,
          Reason.UNAVAILABLE,
          "Vault cannot " + what + " now (HTTP 503: sealed or in standby); unseal it and retry");
    }
    throw new CredentialSourceException(
        NAME,
        s >= 500 ? Reason.UNAVAILABLE : Reason.INVALID_REFERENCE,
        "Vault answered " + what + " with HTTP " + s);
  }

  @Override
  public String toString() {
    return "VaultKvSource["
        + address
        + ", mount="
        + mount
        + (roleId != null ? ", approle" : ", token")
        + "]";
  }

  /** Configures a {@link VaultKvSource}. */
  public static final class Builder {
    private final URI address;
    private String mount = "secret";
    private String namespace;
    private Secret token;
    private String roleId;
    private Secret secretId;
    private String appRoleMount = "approle";
    private Duration timeout = Duration.ofSeconds(10);
    private HttpClient client;
    private Clock clock = Clock.systemUTC();

    private Builder(URI address) {
      Objects.requireNonNull(address, "address");
      String scheme = address.getScheme();
      if (!"https".equals(scheme) && !"http".equals(scheme) || address.getHost() == null) {
        throw new IllegalArgumentException(
            "address must be an http(s) URL such as https://vault.example.com:8200, got "
                + address);
      }
      this.address = address;
    }

    /**
     * @param token a Vault token
     * @return this builder
     */
    public Builder token(Secret token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * @param roleId the AppRole role id
     * @param secretId the AppRole secret id
     * @return this builder
     */
    public Builder appRole(String roleId, Secret secretId) {
      this.roleId = Objects.requireNonNull(roleId, "roleId");
      this.secretId = Objects.requireNonNull(secretId, "secretId");
      return this;
    }

    /**
     * @param path where the AppRole auth method is mounted; default {@code approle}
     * @return this builder
     */
    public Builder appRoleMount(String path) {
      this.appRoleMount = requireSegment(path, "appRoleMount");
      return this;
    }

    /**
     * @param path where the KV v2 engine is mounted; default {@code secret}
     * @return this builder
     */
    public Builder mount(String path) {
      this.mount = requireSegment(path, "mount");
      return this;
    }

    /**
     * @param namespace a Vault Enterprise namespace
     * @return this builder
     */
    public Builder namespace(String namespace) {
      this.namespace = requireSegment(namespace, "namespace");
      return this;
    }

    /**
     * @param timeout per request; default 10 s
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @param client an HTTP client (TLS settings, proxy); default a new one
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param clock for token leases; default the system clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static String requireSegment(String value, String name) {
      Objects.requireNonNull(value, name);
      if (!value.matches("[A-Za-z0-9_.\\-/]+") || value.startsWith("/") || value.contains("..")) {
        throw new IllegalArgumentException(
            name + " must be letters, digits, '_', '.', '-' and '/', got '" + value + "'");
      }
      return value;
    }

    /**
     * @return the source
     * @throws IllegalStateException unless exactly one of token and AppRole is set
     */
    public VaultKvSource build() {
      if ((token == null) == (roleId == null)) {
        throw new IllegalStateException("set exactly one of token(...) and appRole(...)");
      }
      if (client == null) {
        client = HttpClient.newBuilder().connectTimeout(timeout).build();
      }
      return new VaultKvSource(this);
    }
  }
}
