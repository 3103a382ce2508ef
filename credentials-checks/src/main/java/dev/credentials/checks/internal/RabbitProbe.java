package dev.credentials.checks.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.ProbeRequest;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/** The only class that touches the RabbitMQ client; loaded only when it is on the class path. */
final class RabbitProbe {

  private RabbitProbe() {}

  static CheckResult probe(ProbeRequest r) {
    String host = Probes.required(r, "host");
    boolean tls = Probes.flag(r, "tls");
    int port = Probes.port(r, "port", tls ? 5671 : 5672);
    String vhost = r.text("vhost", "/");
    int ms = Probes.millis(r);
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(host);
    f.setPort(port);
    f.setVirtualHost(vhost);
    r.text("user").ifPresent(f::setUsername);
    f.setPassword(r.parameter("password").map(Secret::reveal).orElse(""));
    f.setConnectionTimeout(ms);
    f.setHandshakeTimeout(ms);
    f.setShutdownTimeout(ms);
    f.setChannelRpcTimeout(ms);
    f.setAutomaticRecoveryEnabled(false);
    f.setTopologyRecoveryEnabled(false);
    if (tls) {
      try {
        f.useSslProtocol(SSLContext.getDefault());
        f.enableHostnameVerification();
      } catch (GeneralSecurityException e) {
        return r.result(CredentialState.UNKNOWN, "amqp check: no default TLS context");
      }
    }
    String target = "amqp " + host + ":" + port + " vhost " + vhost;
    long start = System.nanoTime();
    try (Connection c = f.newConnection("credentials-check")) {
      if (c.isOpen() && c.getClientProperties() != null) {
        Map<String, Object> server = c.getServerProperties();
        Object version = server == null ? null : server.get("version");
        Map<String, String> details = new java.util.LinkedHashMap<>(Probes.latency(start));
        if (version != null) {
          details.put("version", version.toString());
        }
        return r.result(CredentialState.AVAILABLE, target + ": connected and logged in", details);
      }
      return r.result(
          CredentialState.UNAVAILABLE,
          target + ": the connection closed at once",
          Probes.latency(start));
    } catch (PossibleAuthenticationFailureException e) {
      return r.result(
          CredentialState.MISCONFIGURED,
          target + ": the broker refused the user or password",
          Probes.latency(start));
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      ShutdownSignalException s = shutdown(e);
      if (s != null && s.getMessage() != null) {
        String m = s.getMessage();
        if (m.contains("ACCESS_REFUSED") || m.contains("NOT_ALLOWED")) {
          return r.result(
              CredentialState.MISCONFIGURED,
              target + ": the broker refused access (to the virtual host?)",
              Probes.latency(start));
        }
        if (m.contains("CONNECTION_FORCED") || m.contains("RESOURCE_ERROR")) {
          return r.result(
              CredentialState.DEGRADED,
              target + ": the broker closed the connection (overloaded or shutting down)",
              Probes.latency(start));
        }
      }
      return Probes.unavailable(r, target, e, start);
    }
  }

  private static ShutdownSignalException shutdown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s) {
        return s;
      }
    }
    return null;
  }
}
