package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.ProbeRequest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Locale;
import java.util.Properties;

/** The only class that touches Jakarta Mail; loaded only when Angus Mail is on the class path. */
final class AngusSmtpProbe {

  private AngusSmtpProbe() {}

  static CheckResult probe(ProbeRequest r) {
    String host = Probes.required(r, "host");
    String security = r.text("security", "starttls").strip().toLowerCase(Locale.ROOT);
    if (!security.equals("none") && !security.equals("starttls") && !security.equals("tls")) {
      throw new Probes.BadParameter("parameter 'security' must be none, starttls or tls");
    }
    boolean smtps = security.equals("tls");
    int port = Probes.port(r, "port", smtps ? 465 : 587);
    String user = r.text("user").orElse(null);
    String password = r.parameter("password").map(Secret::reveal).orElse(null);
    String protocol = smtps ? "smtps" : "smtp";
    String p = "mail." + protocol + ".";
    String ms = Integer.toString(Probes.millis(r));
    Properties props = new Properties();
    props.setProperty(p + "connectiontimeout", ms);
    props.setProperty(p + "timeout", ms);
    props.setProperty(p + "writetimeout", ms);
    props.setProperty(p + "auth", Boolean.toString(user != null));
    props.setProperty(p + "ehlo", "true");
    props.setProperty(p + "localhost", "credentials-check.invalid");
    if (security.equals("starttls")) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    }
    if (smtps) {
      props.setProperty(p + "ssl.checkserveridentity", "true");
    }
    String target = "smtp " + host + ":" + port + " (" + security + ")";
    long start = System.nanoTime();
    Session session = Session.getInstance(props);
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(host, port, user, password);
      return r.result(
          CredentialState.AVAILABLE,
          target
              + (user != null
                  ? ": greeted, and the server accepted the login"
                  : ": greeted; no user to authenticate"),
          Probes.latency(start));
    } catch (AuthenticationFailedException e) {
      return r.result(
          CredentialState.MISCONFIGURED,
          target + ": the server refused the user or password",
          Probes.latency(start));
    } catch (MessagingException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      if (m.contains("STARTTLS is required")) {
        return r.result(
            CredentialState.MISCONFIGURED,
            target + ": the server does not offer STARTTLS; choose another security setting",
            Probes.latency(start));
      }
      if (m.contains("response: 421") || m.startsWith("421")) {
        return r.result(
            CredentialState.DEGRADED,
            target + ": the server is not accepting connections now (421); retry later",
            Probes.latency(start));
      }
      if (Probes.network(e) == null && m.toLowerCase(Locale.ROOT).contains("auth")) {
        return r.result(
            CredentialState.MISCONFIGURED,
            target + ": the server cannot authenticate this user (no usable AUTH mechanism)",
            Probes.latency(start));
      }
      return Probes.unavailable(r, target, e, start);
    } finally {
      props.clear();
    }
  }
}
