package dev.credentials.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every endpoint of the console's REST API over real HTTP, as the configured users. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "logging.level.dev.credentials=DEBUG",
      "logging.level.org.springframework.web=DEBUG"
    })
@ExtendWith(OutputCaptureExtension.class)
class ConsoleApiTest {

  static final String ALICE = "alice:alice-password"; // ADMIN in acme
  static final String BOB = "bob:bob-password"; // USER in acme
  static final String GINA = "gina:gina-password"; // ADMIN in globex
  static final String MAX = "max:max-password"; // ADMIN in acme, USER in globex

  /** Sent as credential values: in no response and no log line, even with Spring MVC at DEBUG. */
  static final String CANARY = "canary-" + UUID.randomUUID();

  /**
   * Sent as malformed input (in paths, parameters, broken JSON): in no response. Spring MVC's own
   * DEBUG logging does repeat request URLs and JSON parse errors, so logs are not checked for it.
   */
  static final String ECHO = "echo-" + UUID.randomUUID();

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  /** No response carries a value or bad input; no log line carries a value. */
  @AfterEach
  void noValueEchoed(CapturedOutput output) {
    for (String body : http.bodies) {
      assertThat(body).doesNotContain(CANARY).doesNotContain(ECHO);
    }
    assertThat(output.getAll()).doesNotContain(CANARY);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  Map<String, Object> tcpBody(String name, Object port) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("HOST", "127.0.0.1");
    values.put("PORT", String.valueOf(port));
    values.put("PASSWORD", CANARY);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prototype", "tcp-service");
    body.put("name", name);
    body.put("values", values);
    return body;
  }

  JsonNode create(String user, String name, int port) {
    Http.Response r =
        http.send("POST", "/api/credentials", user, null, Http.json(tcpBody(name, port)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }

  static List<String> errorFields(Http.Response r) {
    List<String> fields = new ArrayList<>();
    r.json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
    return fields;
  }

  @Test
  @DisplayName(
      "an anonymous request gets 401 as problem+json; the page's requests get no browser dialog")
  void unauthenticated() {
    Http.Response r = http.send("GET", "/api/credentials", null, null, null);
    assertProblem(r, 401);
    assertThat(r.raw().headers().firstValue("WWW-Authenticate")).isPresent();
    Http.Response wrong = http.send("GET", "/api/credentials", "alice:wrong", null, null);
    assertProblem(wrong, 401);
    Http.Response page = http.send("GET", "/", null, null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Credentials console");
  }

  @Test
  @DisplayName("prototypes come by category, and each has a form descriptor")
  void prototypes() {
    JsonNode all = http.send("GET", "/api/prototypes", BOB, null, null).json();
    List<String> categories = new ArrayList<>();
    all.get("categories").forEach(c -> categories.add(c.get("name").asText()));
    assertThat(categories).contains("Network", "Database");
    JsonNode network = http.send("GET", "/api/prototypes?category=Network", BOB, null, null).json();
    assertThat(network.get("categories")).hasSize(1);
    assertThat(network.at("/categories/0/prototypes/0/code").asText()).isEqualTo("tcp-service");
    assertThat(network.at("/categories/0/prototypes/0/checked").asBoolean()).isTrue();

    Http.Response form = http.send("GET", "/api/prototypes/tcp-service/form", BOB, null, null);
    assertThat(form.contentType()).startsWith("application/json");
    JsonNode fields = form.json().get("fields");
    assertThat(fields).hasSize(5);
    assertThat(fields.get(3).get("code").asText()).isEqualTo("TLS_SERVER_NAME");
    assertThat(fields.get(3).at("/condition/field").asText()).isEqualTo("USE_TLS");
    assertThat(fields.get(3).at("/condition/equals").asText()).isEqualTo("true");
    assertThat(fields.get(4).get("input").asText()).isEqualTo("password");

    assertProblem(http.send("GET", "/api/prototypes/no-such-prototype/form", BOB, null, null), 404);
  }

  @Test
  @DisplayName("create, list, read masked, update, delete")
  void crud() throws IOException {
    String name = unique("crud");
    JsonNode created = create(ALICE, name, closedPort());
    String id = created.get("id").asText();
    assertThat(created.get("values").isNull()).isTrue();
    assertThat(created.get("environment").asText()).isEqualTo("production");

    JsonNode list = http.send("GET", "/api/credentials?name=" + name, BOB, null, null).json();
    assertThat(list.get("total").asInt()).isEqualTo(1);
    assertThat(list.at("/items/0/id").asText()).isEqualTo(id);

    JsonNode read = http.send("GET", "/api/credentials/" + id, ALICE, null, null).json();
    assertThat(read.at("/values/PASSWORD").asText()).isEqualTo("********");
    assertThat(read.at("/values/HOST").asText()).isEqualTo("127.0.0.1");

    // a user may read the list but not the values
    assertProblem(http.send("GET", "/api/credentials/" + id, BOB, null, null), 403);

    Http.Response updated =
        http.send(
            "PUT",
            "/api/credentials/" + id,
            ALICE,
            null,
            Http.json(Map.of("version", read.get("version").asLong(), "description", "the box")));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().get("version").asLong()).isEqualTo(read.get("version").asLong() + 1);
    assertThat(updated.json().get("description").asText()).isEqualTo("the box");

    Http.Response stale =
        http.send(
            "PUT",
            "/api/credentials/" + id,
            ALICE,
            null,
            Http.json(Map.of("version", read.get("version").asLong(), "name", "x")));
    assertProblem(stale, 409);
    assertThat(stale.json().get("code").asText()).isEqualTo("CONCURRENT_MODIFICATION");

    Http.Response noVersion =
        http.send("PUT", "/api/credentials/" + id, ALICE, null, Http.json(Map.of("name", "x")));
    assertProblem(noVersion, 400);
    assertThat(errorFields(noVersion)).containsExactly("version");

    Http.Response duplicate =
        http.send("POST", "/api/credentials", ALICE, null, Http.json(tcpBody(name, 1)));
    assertProblem(duplicate, 409);

    assertThat(http.send("DELETE", "/api/credentials/" + id, ALICE, null, null).status())
        .isEqualTo(204);
    assertProblem(http.send("GET", "/api/credentials/" + id, ALICE, null, null), 404);
    assertProblem(http.send("DELETE", "/api/credentials/" + id, ALICE, null, null), 404);
  }

  @Test
  @DisplayName(
      "invalid values are reported per field, conditional fields included, without the values")
  void validation() {
    Map<String, Object> body = tcpBody(unique("bad"), CANARY);
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) body.get("values");
    values.remove("PASSWORD");
    values.put("USE_TLS", "true");
    Http.Response r = http.send("POST", "/api/credentials", ALICE, null, Http.json(body));
    assertProblem(r, 400);
    assertThat(r.json().get("code").asText()).isEqualTo("VALIDATION");
    assertThat(errorFields(r)).contains("PORT", "PASSWORD", "TLS_SERVER_NAME");

    Map<String, Object> range = tcpBody(unique("range"), 70000);
    Http.Response outOfRange = http.send("POST", "/api/credentials", ALICE, null, Http.json(range));
    assertProblem(outOfRange, 400);
    assertThat(errorFields(outOfRange)).containsExactly("PORT");

    Map<String, Object> noName = tcpBody("", 5);
    assertThat(errorFields(http.send("POST", "/api/credentials", ALICE, null, Http.json(noName))))
        .contains("name");

    Http.Response unknownPrototype =
        http.send(
            "POST",
            "/api/credentials",
            ALICE,
            null,
            Http.json(Map.of("prototype", "nope", "name", "n", "values", Map.of())));
    assertProblem(unknownPrototype, 404);
    Http.Response noPrototype =
        http.send("POST", "/api/credentials", ALICE, null, Http.json(Map.of("name", "n")));
    assertProblem(noPrototype, 400);
    assertThat(errorFields(noPrototype)).containsExactly("prototype");
  }

  @Test
  @DisplayName("malformed bodies get 400 naming the JSON path or position, never the value")
  void malformed() {
    Http.Response broken =
        http.send("POST", "/api/credentials", ALICE, null, "{\"name\": \"" + ECHO + "\", ");
    assertProblem(broken, 400);
    assertThat(broken.json().get("detail").asText()).contains("not valid JSON");

    Http.Response wrongType =
        http.send(
            "POST",
            "/api/credentials",
            ALICE,
            null,
            "{\"prototype\":\"tcp-service\",\"name\":\"n\",\"values\":[\"" + ECHO + "\"]}");
    assertProblem(wrongType, 400);
    assertThat(errorFields(wrongType)).containsExactly("values");

    Http.Response unknown =
        http.send(
            "POST",
            "/api/credentials",
            ALICE,
            null,
            "{\"prototype\":\"tcp-service\",\"secretz\":\"" + ECHO + "\"}");
    assertProblem(unknown, 400);
    assertThat(errorFields(unknown)).containsExactly("secretz");

    Http.Response nullValue =
        http.send(
            "POST",
            "/api/credentials",
            ALICE,
            null,
            "{\"prototype\":\"tcp-service\",\"name\":\"n\",\"values\":{\"HOST\":null}}");
    assertProblem(nullValue, 400);
    assertThat(errorFields(nullValue)).containsExactly("values.HOST");

    Http.Response badVersion =
        http.send(
            "PUT",
            "/api/credentials/" + UUID.randomUUID(),
            ALICE,
            null,
            "{\"version\":\"" + ECHO + "\"}");
    assertProblem(badVersion, 400);
    assertThat(errorFields(badVersion)).containsExactly("version");

    assertProblem(http.send("POST", "/api/credentials", ALICE, null, null), 400);
    assertThat(errorFields(http.send("GET", "/api/credentials?offset=-1", ALICE, null, null)))
        .containsExactly("offset");
    assertThat(errorFields(http.send("GET", "/api/credentials?size=" + ECHO, ALICE, null, null)))
        .containsExactly("size");
    assertThat(errorFields(http.send("GET", "/api/credentials/" + ECHO + "!", ALICE, null, null)))
        .containsExactly("id");
    assertProblem(http.send("GET", "/api/no-such-endpoint-" + ECHO, ALICE, null, null), 404);
    assertProblem(http.send("PATCH", "/api/credentials?x=" + ECHO, ALICE, null, "{}"), 405);
  }

  @Test
  @DisplayName("test turns a credential unavailable, then available once its service listens")
  void test() throws IOException {
    int port = closedPort();
    String id = create(ALICE, unique("svc"), port).get("id").asText();
    JsonNode down = http.send("POST", "/api/credentials/" + id + "/test", ALICE, null, null).json();
    assertThat(down.at("/result/state").asText()).isEqualTo("UNAVAILABLE");
    assertThat(down.at("/credential/lastTest/state").asText()).isEqualTo("UNAVAILABLE");
    try (ServerSocket listening = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
      assertThat(listening.isBound()).isTrue();
      JsonNode up = http.send("POST", "/api/credentials/" + id + "/test", ALICE, null, null).json();
      assertThat(up.at("/result/state").asText()).isEqualTo("AVAILABLE");
    }
    // testing manages the credential: a user may not
    assertProblem(http.send("POST", "/api/credentials/" + id + "/test", BOB, null, null), 403);
  }

  @Test
  @DisplayName("consumers: cards red, orange, choose, then green once bound; launch check")
  void consumers() throws IOException {
    String consumer = unique("job");
    String tcp = create(ALICE, unique("for-job"), closedPort()).get("id").asText();
    Http.Response declared =
        http.send(
            "POST",
            "/api/consumers",
            ALICE,
            null,
            Http.json(
                Map.of(
                    "id",
                    consumer,
                    "requires",
                    List.of(
                        Map.of("topic", "tcp-service"),
                        Map.of("topic", "no-such-topic"),
                        Map.of("topic", "postgresql")))));
    assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    Map<String, String> cards = cards(declared.json());
    assertThat(cards)
        .containsEntry("tcp-service", "choose")
        .containsEntry("no-such-topic", "red")
        .containsEntry("postgresql", "orange");

    Http.Response bound =
        http.send(
            "PUT",
            "/api/consumers/" + consumer + "/bindings/tcp-service",
            BOB,
            null,
            Http.json(Map.of("credentialId", tcp)));
    assertThat(bound.status()).as(bound.body()).isEqualTo(200);
    assertThat(cards(bound.json())).containsEntry("tcp-service", "green");
    assertThat(
            http.send("GET", "/api/consumers/" + consumer, BOB, null, null)
                .json()
                .get("ready")
                .asBoolean())
        .isFalse();

    JsonNode launch =
        http.send("POST", "/api/consumers/" + consumer + "/check", BOB, null, null).json();
    assertThat(launch.get("outcome").asText()).isEqualTo("BLOCK");
    assertThat(launch.get("exitCode").asInt()).isEqualTo(75);

    // a consumer whose only requirement is bound to a reachable service runs
    String ready = unique("ready");
    try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String up = create(ALICE, unique("up"), listening.getLocalPort()).get("id").asText();
      http.send(
          "POST",
          "/api/consumers",
          ALICE,
          null,
          Http.json(Map.of("id", ready, "requires", List.of(Map.of("topic", "tcp-service")))));
      http.send(
          "PUT",
          "/api/consumers/" + ready + "/bindings/tcp-service",
          ALICE,
          null,
          Http.json(Map.of("credentialId", up)));
      JsonNode run =
          http.send("POST", "/api/consumers/" + ready + "/check", ALICE, null, null).json();
      assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("RUN");
      List<String> variables = new ArrayList<>();
      run.get("variables").forEach(v -> variables.add(v.asText()));
      assertThat(variables).contains("HOST", "PORT", "PASSWORD");
    }

    Http.Response unbound =
        http.send(
            "DELETE", "/api/consumers/" + consumer + "/bindings/tcp-service", ALICE, null, null);
    assertThat(cards(unbound.json())).containsEntry("tcp-service", "choose");

    List<String> listed = new ArrayList<>();
    http.send("GET", "/api/consumers", ALICE, null, null)
        .json()
        .forEach(c -> listed.add(c.get("id").asText()));
    assertThat(listed).contains(consumer, ready);

    assertProblem(
        http.send("GET", "/api/consumers/nobody-" + UUID.randomUUID(), ALICE, null, null), 404);
    Http.Response badId =
        http.send(
            "POST",
            "/api/consumers",
            ALICE,
            null,
            Http.json(Map.of("id", "bad id!", "requires", List.of())));
    assertProblem(badId, 400);
    assertThat(errorFields(badId)).containsExactly("id");
    Http.Response badTopic =
        http.send(
            "POST",
            "/api/consumers",
            ALICE,
            null,
            Http.json(Map.of("id", "ok", "requires", List.of(Map.of("topic", "")))));
    assertThat(errorFields(badTopic)).containsExactly("requires[0].topic");
    Http.Response bindMissing =
        http.send("PUT", "/api/consumers/" + consumer + "/bindings/tcp-service", ALICE, null, "{}");
    assertThat(errorFields(bindMissing)).containsExactly("credentialId");
  }

  private static Map<String, String> cards(JsonNode consumer) {
    Map<String, String> cards = new LinkedHashMap<>();
    consumer
        .get("requirements")
        .forEach(r -> cards.put(r.get("topic").asText(), r.get("card").asText()));
    return cards;
  }

  @Test
  @DisplayName("tenants are isolated and roles are enforced by the library's access policy")
  void acrossTenants() throws IOException {
    String acmeId = create(ALICE, unique("acme"), closedPort()).get("id").asText();
    // globex's admin: an acme id is absent in globex
    assertProblem(http.send("GET", "/api/credentials/" + acmeId, GINA, null, null), 404);
    assertProblem(http.send("DELETE", "/api/credentials/" + acmeId, GINA, null, null), 404);
    assertThat(
            http.send("GET", "/api/credentials", GINA, null, null).json().get("items").toString())
        .doesNotContain(acmeId);
    // asking for a tenant the user has no role in is denied
    Http.Response intoAcme = http.send("GET", "/api/credentials", GINA, "acme", null);
    assertProblem(intoAcme, 403);
    assertThat(intoAcme.json().get("code").asText()).isEqualTo("ACCESS_DENIED");
    assertProblem(http.send("GET", "/api/prototypes", GINA, "acme", null), 403);
    assertProblem(http.send("GET", "/api/audit", GINA, "acme", null), 403);
    // max: ADMIN in acme, USER in globex
    assertThat(
            http.send("POST", "/api/credentials", MAX, "acme", Http.json(tcpBody(unique("m"), 1)))
                .status())
        .isEqualTo(201);
    assertProblem(
        http.send("POST", "/api/credentials", MAX, "globex", Http.json(tcpBody(unique("m"), 1))),
        403);
    // a user may not create, update, delete or audit
    assertProblem(
        http.send("POST", "/api/credentials", BOB, null, Http.json(tcpBody(unique("b"), 1))), 403);
    assertProblem(http.send("DELETE", "/api/credentials/" + acmeId, BOB, null, null), 403);
    assertProblem(http.send("GET", "/api/audit", BOB, null, null), 403);
    assertProblem(http.send("POST", "/api/cache/clear", BOB, null, null), 403);
    assertProblem(http.send("GET", "/api/credentials", ALICE, "bad tenant!", null), 400);
  }

  @Test
  @DisplayName("the audit log records who, what and the client address; filters apply")
  void audit() throws IOException {
    String id = create(ALICE, unique("audited"), closedPort()).get("id").asText();
    http.send("GET", "/api/credentials/" + id, ALICE, null, null);
    assertProblem(http.send("GET", "/api/credentials/" + id, BOB, null, null), 403);

    JsonNode created =
        http.send("GET", "/api/audit?action=created&credentialId=" + id, ALICE, null, null).json();
    assertThat(created.get("total").asInt()).isEqualTo(1);
    JsonNode event = created.at("/items/0");
    assertThat(event.get("principal").asText()).isEqualTo("user:alice");
    assertThat(event.get("clientAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(event.get("correlationId").asText()).isNotBlank();

    JsonNode accessed =
        http.send("GET", "/api/audit?action=ACCESSED&credentialId=" + id, ALICE, null, null).json();
    assertThat(accessed.get("total").asInt()).isEqualTo(1);
    JsonNode denied =
        http.send("GET", "/api/audit?action=ACCESS_DENIED&principal=user:bob", ALICE, null, null)
            .json();
    assertThat(denied.get("total").asInt()).isGreaterThanOrEqualTo(1);
    JsonNode none =
        http.send(
                "GET",
                "/api/audit?from=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z",
                ALICE,
                null,
                null)
            .json();
    assertThat(none.get("total").asInt()).isZero();

    Http.Response badAction = http.send("GET", "/api/audit?action=" + ECHO, ALICE, null, null);
    assertProblem(badAction, 400);
    assertThat(errorFields(badAction)).containsExactly("action");
    assertThat(errorFields(http.send("GET", "/api/audit?from=yesterday", ALICE, null, null)))
        .containsExactly("from");

    JsonNode verify = http.send("GET", "/api/audit/verify", ALICE, null, null).json();
    assertThat(verify.get("intact").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("stats, health and the cache endpoint")
  void operations() throws IOException {
    create(ALICE, unique("stat"), closedPort());
    JsonNode stats = http.send("GET", "/api/stats", BOB, null, null).json();
    assertThat(stats.get("tenant").asText()).isEqualTo("acme");
    assertThat(stats.get("credentials").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(stats.at("/byPrototype/tcp-service").asLong()).isGreaterThanOrEqualTo(1);

    Http.Response health = http.send("GET", "/api/health", BOB, null, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    List<String> parts = new ArrayList<>();
    health.json().get("components").forEach(c -> parts.add(c.get("name").asText()));
    assertThat(parts).contains("repository", "keyset");

    Http.Response actuator = http.send("GET", "/actuator/health", null, null, null);
    assertThat(actuator.status()).isEqualTo(200);
    assertThat(actuator.json().at("/components/credentials/status").asText()).isEqualTo("UP");

    Map<String, Object> expiring = tcpBody(unique("expiring"), 1);
    expiring.put(
        "expiresAt", java.time.Instant.now().plus(java.time.Duration.ofDays(10)).toString());
    String expiringId =
        http.send("POST", "/api/credentials", ALICE, null, Http.json(expiring))
            .json()
            .get("id")
            .asText();
    assertThat(http.send("GET", "/api/credentials/expiring?days=30", BOB, null, null).body())
        .contains(expiringId);
    assertThat(http.send("GET", "/api/credentials/expiring?days=5", BOB, null, null).body())
        .doesNotContain(expiringId);
    assertThat(errorFields(http.send("GET", "/api/credentials/expiring?days=-1", BOB, null, null)))
        .containsExactly("days");

    JsonNode meters =
        http.send(
                "GET",
                "/actuator/metrics/credentials.credentials?tag=tenant:acme",
                ALICE,
                null,
                null)
            .json();
    assertThat(meters.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(
            http.send("GET", "/actuator/metrics/credentials.prototypes", null, null, null).status())
        .isEqualTo(401);

    Http.Response cache = http.send("POST", "/api/cache/clear", ALICE, null, null);
    assertThat(cache.status()).isEqualTo(200);
    assertThat(cache.json().path("cleared").asBoolean()).isTrue();
  }
}
