package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.util.Map;

/**
 * {@code smtp}: connects with Jakarta Mail (Eclipse Angus), says EHLO, upgrades with STARTTLS when
 * asked (and fails when the server cannot), authenticates when a user is given, and quits. It never
 * sends MAIL FROM, so no mail can leave. A refused login is MISCONFIGURED; a 421 greeting (service
 * not available, closing) is DEGRADED.
 */
public final class SmtpHandshakeKind implements CheckKind {

  static final String ARTIFACT = "org.eclipse.angus:angus-mail";

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "host", CheckParameter.required(Escaping.VERBATIM, "the host"),
          "port", CheckParameter.optional(Escaping.VERBATIM, "the port (default 587, 465 for tls)"),
          "security",
              CheckParameter.optional(Escaping.VERBATIM, "none, starttls (default) or tls (SMTPS)"),
          "user", CheckParameter.optional(Escaping.VERBATIM, "the user; no AUTH when empty"),
          "password", CheckParameter.optional(Escaping.VERBATIM, "the password"));

  /** For {@link java.util.ServiceLoader}. */
  public SmtpHandshakeKind() {}

  @Override
  public String name() {
    return "smtp";
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
        Probes.missingClient(
            r, getClass(), "org.eclipse.angus.mail.smtp.SMTPTransport", "smtp", ARTIFACT);
    if (missing != null) {
      return missing;
    }
    try {
      return AngusSmtpProbe.probe(r);
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "smtp", e);
    }
  }
}
