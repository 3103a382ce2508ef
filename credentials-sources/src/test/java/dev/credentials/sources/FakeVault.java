package dev.credentials.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a Vault server, started by the tests on loopback, that speaks the parts of Vault's
 * documented HTTP API the source uses: KV v2 reads ({@code GET /v1/:mount/data/:path}, with {@code
 * ?version=}), AppRole login ({@code POST /v1/auth/approle/login}), token renewal ({@code POST
 * /v1/auth/token/renew-self}), {@code X-Vault-Token} and {@code X-Vault-Namespace} headers, and the
 * error answers (403 permission denied, 404, 503 sealed). No Vault server can be installed here.
 */
final class FakeVault implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final HttpServer server;
  final String roleId;
  final String secretId;
  final long leaseSeconds;
  final Set<String> validTokens = ConcurrentHashMap.newKeySet();

  /** path → versions (index 0 is version 1); a null version map is a deleted version. */
  final Map<String, List<Map<String, Object>>> secrets = new ConcurrentHashMap<>();

  final AtomicInteger logins = new AtomicInteger();
  final AtomicInteger renewals = new AtomicInteger();
  final List<String> namespaces = new CopyOnWriteArrayList<>();
  volatile boolean sealed;

  FakeVault(String roleId, String secretId, long leaseSeconds) throws IOException {
    this.roleId = roleId;
    this.secretId = secretId;
    this.leaseSeconds = leaseSeconds;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String issueToken() {
    String t = "hvs.token-" + java.util.UUID.randomUUID();
    validTokens.add(t);
    return t;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String ns = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
      if (ns != null) {
        namespaces.add(ns);
      }
      if (sealed) {
        send(ex, 503, Map.of("errors", List.of("Vault is sealed")));
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("POST") && path.equals("/v1/auth/approle/login")) {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        if (!roleId.equals(body.path("role_id").asText())
            || !secretId.equals(body.path("secret_id").asText())) {
          send(ex, 400, Map.of("errors", List.of("invalid role or secret ID")));
          return;
        }
        logins.incrementAndGet();
        send(ex, 200, Map.of("auth", auth(issueToken())));
        return;
      }
      String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
      if (token == null || !validTokens.contains(token)) {
        send(ex, 403, Map.of("errors", List.of("permission denied")));
        return;
      }
      if (method.equals("POST") && path.equals("/v1/auth/token/renew-self")) {
        renewals.incrementAndGet();
        send(ex, 200, Map.of("auth", auth(token)));
        return;
      }
      if (method.equals("GET") && path.startsWith("/v1/secret/data/")) {
        List<Map<String, Object>> versions =
            secrets.get(path.substring("/v1/secret/data/".length()));
        if (versions == null) {
          send(ex, 404, Map.of("errors", List.of()));
          return;
        }
        String q = ex.getRequestURI().getQuery();
        int v =
            q != null && q.startsWith("version=")
                ? Integer.parseInt(q.substring(8))
                : versions.size();
        if (v < 1 || v > versions.size()) {
          send(ex, 404, Map.of("errors", List.of()));
          return;
        }
        Map<String, Object> data = versions.get(v - 1);
        Map<String, Object> metadata = Map.of("version", v, "destroyed", false);
        java.util.HashMap<String, Object> inner = new java.util.HashMap<>();
        inner.put("data", data);
        inner.put("metadata", metadata);
        send(ex, data == null ? 404 : 200, Map.of("data", inner));
        return;
      }
      send(ex, 404, Map.of("errors", List.of()));
    }
  }

  private Map<String, Object> auth(String token) {
    return Map.of("client_token", token, "lease_duration", leaseSeconds, "renewable", true);
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
