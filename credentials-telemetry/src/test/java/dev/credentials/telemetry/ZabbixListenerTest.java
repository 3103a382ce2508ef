package dev.credentials.telemetry;

import static dev.credentials.testkit.SecretAssertions.assertNoSecretsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.CredentialState;
import dev.credentials.testkit.CapturedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ZabbixListener")
class ZabbixListenerTest {

  static List<JsonNode> items(Trapper trapper, int atLeast) throws InterruptedException {
    List<JsonNode> items = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (items.size() < atLeast && System.nanoTime() < deadline) {
      JsonNode r = trapper.requests.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        r.get("data").forEach(items::add);
      }
    }
    return items;
  }

  static String value(List<JsonNode> items, String key) {
    return items.stream()
        .filter(i -> i.get("key").asText().equals(key))
        .reduce((a, b) -> b)
        .map(i -> i.get("value").asText())
        .orElseThrow(() -> new AssertionError("no item " + key + " in " + items));
  }

  @Test
  @DisplayName("switched on by ZABBIX_SERVER, sends check states and launch outcomes to a trapper")
  void sendsToTrapper() throws Exception {
    try (Trapper trapper = new Trapper();
        CapturedLog log = CapturedLog.captureQuietly()) {
      ZabbixListener listener =
          ZabbixListener.fromEnvironment(
                  k ->
                      switch (k) {
                        case "ZABBIX_SERVER" -> "127.0.0.1:" + trapper.port();
                        case "ZABBIX_HOST" -> "scheduler-01";
                        default -> null;
                      })
              .orElseThrow();
      try (TelemetryFixture f = new TelemetryFixture(listener)) {
        f.launch(CredentialState.UNAVAILABLE);
        f.launch(CredentialState.AVAILABLE);
        assertThat(listener.flush(Duration.ofSeconds(10))).isTrue();
      } finally {
        listener.close();
      }
      List<JsonNode> items = items(trapper, 8);
      assertThat(trapper.problems).isEmpty();
      assertThat(items)
          .hasSize(8)
          .allSatisfy(i -> assertThat(i.get("host").asText()).isEqualTo("scheduler-01"));
      assertThat(items.stream().map(i -> i.get("value").asText()))
          .contains("UNAVAILABLE", "DEFER", "AVAILABLE", "RUN");
      assertThat(value(items, "credentials.check.state[acme,billing-prod]")).isEqualTo("AVAILABLE");
      assertThat(value(items, "credentials.launch.outcome[acme,sync]")).isEqualTo("RUN");
      assertThat(value(items, "credentials.launch.deferrals[acme,sync]")).isEqualTo("0");
      assertThat(Double.parseDouble(value(items, "credentials.check.seconds[acme,billing-prod]")))
          .isGreaterThanOrEqualTo(0.0);
      assertThat(listener.processed()).isEqualTo(8);
      assertThat(listener.failures()).isZero();
      assertThat(listener.lastResponse()).isPresent();
      assertNoSecretsOf(Map.of("API_TOKEN", TelemetryFixture.TOKEN))
          .inAnyEncoding(items.toString())
          .inLogInAnyEncoding(log);
    }
  }

  @Test
  @DisplayName("sends the engine's health at its interval")
  void health() throws Exception {
    try (Trapper trapper = new Trapper()) {
      ZabbixListener listener =
          ZabbixListener.builder(
                  new ZabbixSender("127.0.0.1", trapper.port(), Duration.ofSeconds(5)))
              .host("h")
              .health(HealthFixture::failingWriter, Duration.ofSeconds(1))
              .build();
      try {
        List<JsonNode> items = items(trapper, 5);
        assertThat(value(items, "credentials.audit.journal.depth")).isEqualTo("12");
        assertThat(value(items, "credentials.audit.writer.failing")).isEqualTo("1");
        assertThat(value(items, "credentials.health.status[access-audit]")).isEqualTo("2");
        assertThat(value(items, "credentials.health.status[repository]")).isEqualTo("0");
        assertThat(value(items, "credentials.health.status[keyset]")).isEqualTo("0");
      } finally {
        listener.close();
      }
    }
    assertThatThrownBy(
            () ->
                ZabbixListener.builder(new ZabbixSender("h", 1, Duration.ofSeconds(1)))
                    .health(HealthFixture::failingWriter, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every");
  }

  @Test
  @DisplayName("is off without ZABBIX_SERVER")
  void off() {
    assertThat(ZabbixListener.fromEnvironment(k -> null)).isEmpty();
    assertThat(ZabbixListener.fromEnvironment(k -> " ")).isEmpty();
  }

  @Test
  @DisplayName("counts a batch the server cannot take, and never slows the launch")
  void unreachable() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ZabbixListener listener =
        ZabbixListener.builder(new ZabbixSender("127.0.0.1", port, Duration.ofSeconds(1)))
            .host("h")
            .queueCapacity(2)
            .build();
    try (TelemetryFixture f = new TelemetryFixture(listener)) {
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        f.launch(CredentialState.AVAILABLE);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      listener.flush(Duration.ofSeconds(10));
    } finally {
      listener.close();
    }
    assertThat(listener.failures()).isPositive();
    assertThat(listener.dropped()).isPositive();
    assertThat(listener.processed()).isZero();
  }
}
