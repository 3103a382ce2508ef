package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.util.Map;

/**
 * {@code redis}: connects with Jedis, authenticates (ACL user and password, or password only) and
 * sends PING, optionally over TLS. WRONGPASS and NOAUTH are MISCONFIGURED; LOADING, BUSY and
 * MASTERDOWN are DEGRADED.
 */
public final class RedisPingKind implements CheckKind {

  static final String ARTIFACT = "redis.clients:jedis";

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "host", CheckParameter.required(Escaping.VERBATIM, "the host"),
          "port", CheckParameter.optional(Escaping.VERBATIM, "the port (default 6379)"),
          "user", CheckParameter.optional(Escaping.VERBATIM, "the ACL user"),
          "password", CheckParameter.optional(Escaping.VERBATIM, "the password"),
          "database", CheckParameter.optional(Escaping.VERBATIM, "the database number"),
          "tls", CheckParameter.optional(Escaping.VERBATIM, "true to connect over TLS"));

  /** For {@link java.util.ServiceLoader}. */
  public RedisPingKind() {}

  @Override
  public String name() {
    return "redis";
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
  public CheckResult probe(ProbeRequest r) {
    CheckResult missing =
        Probes.missingClient(r, getClass(), "redis.clients.jedis.Jedis", "redis", ARTIFACT);
    if (missing != null) {
      return missing;
    }
    try {
      return JedisProbe.probe(r);
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "redis", e);
    }
  }
}
