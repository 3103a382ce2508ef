package dev.credentials.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint written for the tests (RFC 6749 sections 4.4, 6 and 5): it authenticates the
 * client by HTTP Basic, issues access tokens to the client-credentials grant, and rotates refresh
 * tokens: each refresh-token grant invalidates the token it was given and issues a new one, so a
 * reused refresh token gets {@code invalid_grant}. Its behaviour can be switched to refuse, fail,
 * or answer slowly. Every token it issues contains {@link #CANARY}.
 */
final class TokenServer implements AutoCloseable {

  static final String CANARY = "CANARY-" + UUID.randomUUID();
  static final String CLIENT_ID = "client-1";
  static final String CLIENT_SECRET = "secret-" + CANARY;

  /** What the endpoint does with the next requests. */
  enum Mode {
    NORMAL,
    INVALID_GRANT,
    INVALID_CLIENT,
    FAIL_500,
  }

  private final HttpServer server;
  final AtomicInteger calls = new AtomicInteger();
  final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.NORMAL;
  volatile Duration delay = Duration.ZERO;
  volatile long expiresIn = 3600;
  volatile boolean rotate = true;

  /** The one refresh token the server accepts; null accepts none. */
  volatile String validRefreshToken;

  private final AtomicInteger issued = new AtomicInteger();

  TokenServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/token", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  String refreshToken() {
    String t = "RT-" + issued.incrementAndGet() + "-" + CANARY;
    validRefreshToken = t;
    return t;
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    try (ex) {
      calls.incrementAndGet();
      Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), UTF8));
      requests.add(form); // the same map: "auth" is added once the client is known
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis()); // the slow endpoint under test, not a wait for a TTL
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, "{\"error\":\"invalid_request\"}");
        return;
      }
      switch (mode) {
        case FAIL_500 -> {
          send(ex, 503, "{\"error\":\"temporarily_unavailable\"}");
          return;
        }
        case INVALID_CLIENT -> {
          send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"" + CANARY + "\"}");
          return;
        }
        case INVALID_GRANT -> {
          send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + CANARY + "\"}");
          return;
        }
        default -> {}
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(UTF8));
      String header = ex.getRequestHeaders().getFirst("Authorization");
      boolean basic = expected.equals(header);
      boolean inForm =
          header == null
              && CLIENT_ID.equals(form.get("client_id"))
              && CLIENT_SECRET.equals(form.get("client_secret"));
      if (!basic && !inForm) {
        send(ex, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      form.put("auth", basic ? "basic" : "form");
      String grant = form.getOrDefault("grant_type", "");
      String refresh = null;
      if (grant.equals("refresh_token")) {
        String given = form.get("refresh_token");
        if (given == null || !given.equals(validRefreshToken)) {
          send(ex, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }
        if (rotate) {
          refresh = refreshToken();
        }
      } else if (!grant.equals("client_credentials")) {
        send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
        return;
      }
      String access = "AT-" + issued.incrementAndGet() + "-" + CANARY;
      send(
          ex,
          200,
          "{\"access_token\":\""
              + access
              + "\",\"token_type\":\"Bearer\",\"expires_in\":"
              + expiresIn
              + (refresh == null ? "" : ",\"refresh_token\":\"" + refresh + "\"")
              + "}");
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static Map<String, String> form(String body) {
    Map<String, String> form = new java.util.concurrent.ConcurrentHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), UTF8),
            URLDecoder.decode(pair.substring(eq + 1), UTF8));
      }
    }
    return form;
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(UTF8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
