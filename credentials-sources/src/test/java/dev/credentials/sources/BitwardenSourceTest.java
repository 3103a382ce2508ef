package dev.credentials.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Against a server started by the test that answers as {@code bw serve} documents its Vault
 * Management API: {@code GET /object/item/{id}}, {@code GET /list/object/items?search=}, the {@code
 * {"success": …, "data": …}} envelope, and the locked-vault answer. The Bitwarden CLI cannot be
 * installed here.
 */
class BitwardenSourceTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "bw-canary-pass-31";
  static final String TOKEN = "bw-canary-field-42";
  static final String ID = "3b1f8c2e-9d7a-4a51-b0c4-0d6e2f1a9c77";

  HttpServer server;
  volatile boolean locked;

  static Map<String, Object> item(String id, String name) {
    return Map.of(
        "object",
        "item",
        "id",
        id,
        "name",
        name,
        "revisionDate",
        "2026-12-01T10:00:00.000Z",
        "notes",
        "rotated monthly",
        "login",
        Map.of(
            "username",
            "reporter",
            "password",
            PASSWORD,
            "uris",
            List.of(Map.of("uri", "postgresql://db.example:5432/reporting"))),
        "fields",
        List.of(Map.of("name", "API_TOKEN", "value", TOKEN, "type", 1)));
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (locked) {
        send(ex, 400, Map.of("success", false, "message", "Vault is locked."));
      } else if (path.equals("/object/item/" + ID)) {
        send(ex, 200, Map.of("success", true, "data", item(ID, "reporting-db")));
      } else if (path.startsWith("/object/item/")) {
        send(ex, 404, Map.of("success", false, "message", "Not found."));
      } else if (path.equals("/list/object/items")) {
        String q = ex.getRequestURI().getQuery();
        List<Object> items =
            q.contains("twin")
                ? List.of(item("a", "twin"), item("b", "twin"))
                : List.of(item(ID, "reporting-db"), item("x", "reporting-db-old"));
        send(ex, 200, Map.of("success", true, "data", Map.of("object", "list", "data", items)));
      } else {
        send(ex, 404, Map.of("success", false, "message", "Not found."));
      }
    }
  }

  static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  BitwardenSource source() {
    return BitwardenSource.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  @Test
  @DisplayName("an item's login, URI, notes and custom fields become keys, by id and by name")
  void readsItems() {
    SourcedValues byId = source().read(SourceReference.of("bitwarden", ID));
    assertThat(byId.values())
        .containsEntry("username", Secret.of("reporter"))
        .containsEntry("password", Secret.of(PASSWORD))
        .containsEntry("uri", Secret.of("postgresql://db.example:5432/reporting"))
        .containsEntry("notes", Secret.of("rotated monthly"))
        .containsEntry("API_TOKEN", Secret.of(TOKEN));
    assertThat(byId.revision()).isEqualTo("2026-12-01T10:00:00.000Z");
    assertThat(byId.toString()).doesNotContain(PASSWORD, TOKEN);
    SourcedValues byName = source().read(SourceReference.of("bitwarden", "name:reporting-db"));
    assertThat(byName.values()).containsEntry("password", Secret.of(PASSWORD));
    SourceReference mapped = new SourceReference("bitwarden", ID, Map.of("PGPASSWORD", "password"));
    assertThat(mapped.keyOf("PGPASSWORD")).isEqualTo("password");
    assertThat(mapped.keyOf("API_TOKEN")).isEqualTo("API_TOKEN");
  }

  @Test
  @DisplayName("locked, missing, ambiguous and malformed references are typed errors")
  void errors() {
    locked = true;
    assertThatThrownBy(() -> source().read(SourceReference.of("bitwarden", ID)))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
        .hasMessageContaining("locked");
    locked = false;
    assertThatThrownBy(() -> source().read(SourceReference.of("bitwarden", "0000-missing")))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> source().read(SourceReference.of("bitwarden", "name:twin")))
        .hasMessageContaining("2 Bitwarden items are named 'twin'");
    assertThatThrownBy(() -> source().read(SourceReference.of("bitwarden", "name:nobody")))
        .hasMessageContaining("no item named");
    assertThatThrownBy(() -> source().read(SourceReference.of("bitwarden", "../../unlock")))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE));
    assertThatThrownBy(() -> BitwardenSource.create(URI.create("file:///tmp/x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
