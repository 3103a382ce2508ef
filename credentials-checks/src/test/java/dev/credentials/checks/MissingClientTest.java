package dev.credentials.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.ProbeRequest;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind with a client library, loaded by a class loader that hides that library: it answers
 * UNKNOWN naming the artifact to add, where the same kind on the full class path reaches the real
 * server (so the hiding, not the server, makes the difference).
 */
@DisplayName("A kind whose client library is missing")
class MissingClientTest {

  /** Refuses the hidden packages and this module's classes, which the child loads itself. */
  static final class Hiding extends ClassLoader {
    final List<String> hidden;

    Hiding(ClassLoader parent, List<String> hidden) {
      super(parent);
      this.hidden = hidden;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("dev.credentials.checks.")
          || hidden.stream().anyMatch(name::startsWith)) {
        throw new ClassNotFoundException(name + " is hidden by the test");
      }
      return super.loadClass(name, resolve);
    }
  }

  static CheckResult probe(CheckKind kind, Map<String, String> params) throws Exception {
    CheckDeclaration d = CheckDeclaration.of(kind.name(), params);
    Map<String, Secret> expanded = new java.util.HashMap<>();
    params.forEach((k, v) -> expanded.put(k, Secret.of(v)));
    return kind.probe(
        new ProbeRequest(d, expanded, Map.of(), Clock.systemUTC(), Duration.ofSeconds(3)));
  }

  @ParameterizedTest(name = "{0} without {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "redis | RedisPingKind | redis.clients. | redis.clients:jedis"
            + " | host=127.0.0.1;port=6379",
        "amqp | AmqpConnectKind | com.rabbitmq. | com.rabbitmq:amqp-client"
            + " | host=127.0.0.1;user=guest;password=guest",
        "nats | NatsConnectKind | io.nats. | io.nats:jnats | url=nats://127.0.0.1:4222",
        "mqtt | MqttConnectKind | org.eclipse.paho. | org.eclipse.paho:org.eclipse.paho.client.mqttv3"
            + " | url=tcp://127.0.0.1:1883",
        "smtp | SmtpHandshakeKind | org.eclipse.angus.,jakarta.mail. | org.eclipse.angus:angus-mail"
            + " | host=127.0.0.1;port=1;security=none",
      })
  void unknown(String name, String kindClass, String hidden, String artifact, String params)
      throws Exception {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    for (String pair : params.split(";")) {
      String[] kv = pair.split("=", 2);
      p.put(kv[0], kv[1]);
    }
    URL classes =
        dev.credentials.checks.internal.TcpConnectKind.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation();
    try (URLClassLoader child =
        new URLClassLoader(
            new URL[] {classes},
            new Hiding(MissingClientTest.class.getClassLoader(), List.of(hidden.split(","))))) {
      CheckKind kind =
          (CheckKind)
              Class.forName("dev.credentials.checks.internal." + kindClass, true, child)
                  .getConstructor()
                  .newInstance();
      assertThat(kind.getClass().getClassLoader()).isSameAs(child);
      assertThat(kind.name()).isEqualTo(name);
      CheckResult r = probe(kind, p);
      assertThat(r.state()).isEqualTo(CredentialState.UNKNOWN);
      assertThat(r.state().allowsRun()).isTrue();
      assertThat(r.message()).contains(artifact);
      assertThat(r.details()).containsEntry("missing-artifact", artifact);
    }
    CheckKind full = Harness.KINDS.find(name).orElseThrow();
    if (!name.equals("smtp")) {
      assertThat(probe(full, p).state()).isEqualTo(CredentialState.AVAILABLE);
    } else {
      assertThat(probe(full, p).state()).isEqualTo(CredentialState.UNAVAILABLE);
    }
  }
}
