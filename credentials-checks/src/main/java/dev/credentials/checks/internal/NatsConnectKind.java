package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.util.Map;

/**
 * {@code nats}: connects with the NATS Java client (jnats) using a token, a user and password, or
 * the contents of a {@code .creds} file (JWT and NKey seed), flushes one round trip and closes. An
 * authorisation violation is MISCONFIGURED.
 */
public final class NatsConnectKind implements CheckKind {

  static final String ARTIFACT = "io.nats:jnats";

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "url",
              CheckParameter.required(
                  Escaping.URL, "the server URL, nats://host:4222 or tls://..."),
          "user", CheckParameter.optional(Escaping.VERBATIM, "the user"),
          "password", CheckParameter.optional(Escaping.VERBATIM, "the password"),
          "token", CheckParameter.optional(Escaping.VERBATIM, "the token"),
          "creds", CheckParameter.optional(Escaping.VERBATIM, "the contents of a .creds file"));

  /** For {@link java.util.ServiceLoader}. */
  public NatsConnectKind() {}

  @Override
  public String name() {
    return "nats";
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
        Probes.missingClient(r, getClass(), "io.nats.client.Nats", "nats", ARTIFACT);
    if (missing != null) {
      return missing;
    }
    try {
      return JnatsProbe.probe(r);
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "nats", e);
    }
  }
}
