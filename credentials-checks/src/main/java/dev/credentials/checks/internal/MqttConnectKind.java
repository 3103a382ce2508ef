package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.util.Map;

/**
 * {@code mqtt}: sends CONNECT with the Eclipse Paho MQTT v3 client, waits for CONNACK and
 * disconnects, with a clean session and a throw-away client id. CONNACK return codes 4 (bad user
 * name or password), 5 (not authorised) and 2 (client id rejected) are MISCONFIGURED; 3 (server
 * unavailable) is DEGRADED.
 */
public final class MqttConnectKind implements CheckKind {

  static final String ARTIFACT = "org.eclipse.paho:org.eclipse.paho.client.mqttv3";

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "url",
              CheckParameter.required(
                  Escaping.URL, "the broker URL, tcp://host:1883 or ssl://host:8883"),
          "user", CheckParameter.optional(Escaping.VERBATIM, "the user"),
          "password", CheckParameter.optional(Escaping.VERBATIM, "the password"),
          "client-id", CheckParameter.optional(Escaping.VERBATIM, "a client id prefix"));

  /** For {@link java.util.ServiceLoader}. */
  public MqttConnectKind() {}

  @Override
  public String name() {
    return "mqtt";
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public Map<String, CheckParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public CheckResult probe(ProbeRequest r) throws InterruptedException {
    CheckResult missing =
        Probes.missingClient(
            r, getClass(), "org.eclipse.paho.client.mqttv3.MqttClient", "mqtt", ARTIFACT);
    if (missing != null) {
      return missing;
    }
    try {
      return PahoProbe.probe(r);
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "mqtt", e);
    }
  }
}
