package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.util.Map;

/**
 * {@code amqp}: opens and closes an AMQP 0-9-1 connection with the RabbitMQ Java client. A refused
 * login or virtual host is MISCONFIGURED; a connection the broker blocks (resource alarm) is
 * DEGRADED.
 */
public final class AmqpConnectKind implements CheckKind {

  static final String ARTIFACT = "com.rabbitmq:amqp-client";

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "host", CheckParameter.required(Escaping.VERBATIM, "the host"),
          "port",
              CheckParameter.optional(Escaping.VERBATIM, "the port (default 5672, 5671 for tls)"),
          "vhost", CheckParameter.optional(Escaping.VERBATIM, "the virtual host (default /)"),
          "user", CheckParameter.optional(Escaping.VERBATIM, "the user"),
          "password", CheckParameter.optional(Escaping.VERBATIM, "the password"),
          "tls", CheckParameter.optional(Escaping.VERBATIM, "true to connect over TLS"));

  /** For {@link java.util.ServiceLoader}. */
  public AmqpConnectKind() {}

  @Override
  public String name() {
    return "amqp";
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
            r, getClass(), "com.rabbitmq.client.ConnectionFactory", "amqp", ARTIFACT);
    if (missing != null) {
      return missing;
    }
    try {
      return RabbitProbe.probe(r);
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "amqp", e);
    }
  }
}
