package dev.credentials.checks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HttpServer that speaks like an API: /me needs "Bearer good-token" (or basic good:pw, or the
 * header X-Api-Key, or ?key=), /throttled answers 429, /busy 503, /broken 500, /token is an OAuth 2
 * token endpoint for client good-client / good-secret.
 */
final class TestHttp implements AutoCloseable {

  static final String TOKEN = "good-token-0123";
  final HttpServer server;
  final List<String> paths = new CopyOnWriteArrayList<>();

  TestHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    paths.add(path);
    String query = x.getRequestURI().getRawQuery();
    String auth = x.getRequestHeaders().getFirst("Authorization");
    String key = x.getRequestHeaders().getFirst("X-Api-Key");
    switch (path) {
      case "/me" -> {
        boolean ok =
            ("Bearer " + TOKEN).equals(auth)
                || basic("good", "pw").equals(auth)
                || TOKEN.equals(key)
                || ("key=" + TOKEN).equals(query);
        send(x, ok ? 200 : 401, ok ? "{\"user\":\"me\"}" : "{\"error\":\"unauthorised\"}");
      }
      case "/throttled" -> send(x, 429, "slow down");
      case "/busy" -> send(x, 503, "busy");
      case "/broken" -> send(x, 500, "oops");
      case "/missing" -> send(x, 404, "no");
      case "/token" -> {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean grant = body.contains("grant_type=client_credentials");
        boolean client =
            basic("good-client", "good-secret").equals(auth)
                || body.contains("client_id=good-client")
                    && body.contains("client_secret=good-secret");
        if (!"POST".equals(x.getRequestMethod()) || !grant) {
          send(x, 400, "{\"error\":\"unsupported_grant_type\"}");
        } else if (!client) {
          send(x, 401, "{\"error\":\"invalid_client\"}");
        } else {
          send(x, 200, "{\"access_token\":\"issued-" + TOKEN + "\",\"token_type\":\"Bearer\"}");
        }
      }
      case "/token-throttled" -> send(x, 429, "{\"error\":\"slow_down\"}");
      default -> send(x, path.equals("/") ? 200 : 404, "root");
    }
  }

  static String basic(String user, String pw) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
