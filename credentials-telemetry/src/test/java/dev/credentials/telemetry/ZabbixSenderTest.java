package dev.credentials.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ZabbixSender")
class ZabbixSenderTest {

  static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456789Z");

  @Test
  @DisplayName("sends framed sender data and reads the server's counts")
  void sends() throws Exception {
    try (Trapper trapper = new Trapper()) {
      ZabbixSender sender = new ZabbixSender("127.0.0.1", trapper.port(), Duration.ofSeconds(5));
      ZabbixResponse r =
          sender.send(
              List.of(
                  new ZabbixItem(
                      "job-host", "credentials.check.state[acme,orders-db]", "UNAVAILABLE", AT),
                  new ZabbixItem(
                      "job-host",
                      ZabbixItem.key("credentials.launch.outcome", "acme", "a b,c\"d"),
                      "DEFER",
                      AT)));
      assertThat(r.success()).isTrue();
      assertThat(r.processed()).isEqualTo(2);
      assertThat(r.failed()).isZero();
      assertThat(r.total()).isEqualTo(2);
      JsonNode request = trapper.requests.poll(5, TimeUnit.SECONDS);
      assertThat(trapper.problems).isEmpty();
      assertThat(request.get("request").asText()).isEqualTo("sender data");
      JsonNode first = request.get("data").get(0);
      assertThat(first.get("host").asText()).isEqualTo("job-host");
      assertThat(first.get("key").asText()).isEqualTo("credentials.check.state[acme,orders-db]");
      assertThat(first.get("value").asText()).isEqualTo("UNAVAILABLE");
      assertThat(first.get("clock").asLong()).isEqualTo(AT.getEpochSecond());
      assertThat(first.get("ns").asLong()).isEqualTo(123456789);
      assertThat(request.get("data").get(1).get("key").asText())
          .isEqualTo("credentials.launch.outcome[acme,\"a b,c\\\"d\"]");
    }
  }

  @Test
  @DisplayName("reports values the server rejected")
  void failed() throws Exception {
    try (Trapper trapper = new Trapper()) {
      trapper.answer =
          req ->
              Trapper.frame(
                  "{\"response\":\"success\",\"info\":\"processed: 0; failed: 1; total: 1; seconds spent: 0.000030\"}");
      ZabbixResponse r =
          new ZabbixSender("127.0.0.1", trapper.port(), Duration.ofSeconds(5))
              .send(List.of(new ZabbixItem("h", "k", "v", AT)));
      assertThat(r.processed()).isZero();
      assertThat(r.failed()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "refuses answers that are not the protocol, with a message that says what went wrong")
  void badAnswers() throws Exception {
    try (Trapper trapper = new Trapper()) {
      ZabbixSender sender = new ZabbixSender("127.0.0.1", trapper.port(), Duration.ofSeconds(5));
      List<ZabbixItem> one = List.of(new ZabbixItem("h", "k", "v", AT));
      trapper.answer =
          req -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> sender.send(one))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("ZBXD");
      trapper.answer =
          req ->
              new byte[] {
                'Z', 'B', 'X', 'D', 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0
              };
      assertThatThrownBy(() -> sender.send(one))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("refusing");
      trapper.answer = req -> Trapper.frame("not json");
      assertThatThrownBy(() -> sender.send(one))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not JSON");
      trapper.answer = req -> Trapper.frame("{\"info\":\"x\"}");
      assertThatThrownBy(() -> sender.send(one))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("response");
      trapper.answer = req -> new byte[] {'Z', 'B', 'X', 'D', 1, 50, 0, 0, 0, 0, 0, 0, 0, '{'};
      assertThatThrownBy(() -> sender.send(one))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  @DisplayName("fails clearly when nothing listens, and rejects bad configuration")
  void configuration() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ZabbixSender nobody = new ZabbixSender("127.0.0.1", port, Duration.ofSeconds(2));
    assertThatThrownBy(() -> nobody.send(List.of(new ZabbixItem("h", "k", "v", AT))))
        .isInstanceOf(IOException.class);
    assertThat(ZabbixSender.parse("zabbix.internal", Duration.ofSeconds(1)).toString())
        .isEqualTo("ZabbixSender[zabbix.internal:10051]");
    assertThat(ZabbixSender.parse("10.0.0.5:10052", Duration.ofSeconds(1)).toString())
        .isEqualTo("ZabbixSender[10.0.0.5:10052]");
    assertThatThrownBy(() -> ZabbixSender.parse("zabbix:port", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZABBIX_SERVER");
    assertThatThrownBy(() -> new ZabbixSender("h", 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> new ZabbixItem("", "k", "v", AT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
