package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.ProbeRequest;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The only class that touches Paho; loaded only when it is on the class path. */
final class PahoProbe {

  private PahoProbe() {}

  static CheckResult probe(ProbeRequest r) {
    String url = Probes.required(r, "url");
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("tcp://") && !lower.startsWith("ssl://")) {
      throw new Probes.BadParameter("parameter 'url' must start with tcp:// or ssl://");
    }
    String prefix = r.text("client-id", "credentials-check");
    String clientId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    if (clientId.length() > 23 && prefix.length() > 14) {
      clientId = prefix.substring(0, 14) + clientId.substring(clientId.length() - 9);
    }
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    // 3.1.1 only: the client's default retries a refused CONNECT as 3.1 on a second connection
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout((int) Math.max(1, (r.timeout().toMillis() + 999) / 1000));
    o.setKeepAliveInterval(0);
    r.text("user").ifPresent(o::setUserName);
    r.parameter("password").map(Secret::reveal).ifPresent(p -> o.setPassword(p.toCharArray()));
    String target = "mqtt " + hostPart(url);
    long start = System.nanoTime();
    MqttClient client;
    try {
      client = new MqttClient(url, clientId, new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new Probes.BadParameter("parameter 'url' is not a broker URL the MQTT client accepts");
    }
    client.setTimeToWait(Probes.millis(r));
    try {
      client.connect(o);
      client.disconnect(Math.min(1000, Probes.millis(r)));
      return r.result(
          CredentialState.AVAILABLE,
          target + ": CONNECT accepted (CONNACK 0)",
          Probes.latency(start));
    } catch (MqttException e) {
      int code = e.getReasonCode();
      Map<String, String> details =
          Map.of("reason-code", Integer.toString(code), "latency-ms", Probes.since(start));
      if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
          || code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
        return r.result(
            CredentialState.MISCONFIGURED,
            target + ": the broker refused the user or password (CONNACK " + code + ")",
            details);
      }
      if (code == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
        return r.result(
            CredentialState.MISCONFIGURED,
            target + ": the broker refused the client id (CONNACK 2)",
            details);
      }
      if (code == MqttException.REASON_CODE_BROKER_UNAVAILABLE) {
        return r.result(
            CredentialState.DEGRADED,
            target + ": the broker is unavailable for now (CONNACK 3); retry later",
            details);
      }
      Throwable net = Probes.network(e);
      String why =
          net != null
              ? Probes.describe(net)
              : code == MqttException.REASON_CODE_CLIENT_TIMEOUT
                  ? "the broker did not answer in time"
                  : "the connection failed (reason code " + code + ")";
      return r.result(CredentialState.UNAVAILABLE, target + ": " + why, details);
    } finally {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(100, 100);
        }
        client.close(true);
      } catch (MqttException ignored) {
        // closing a client that never connected
      }
    }
  }

  private static String hostPart(String url) {
    int scheme = url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    String rest = url.substring(Math.max(scheme, at + 1));
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
