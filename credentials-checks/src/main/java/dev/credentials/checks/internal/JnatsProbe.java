package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.ProbeRequest;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** The only class that touches jnats; loaded only when it is on the class path. */
final class JnatsProbe {

  private JnatsProbe() {}

  static CheckResult probe(ProbeRequest r) throws InterruptedException {
    String url = Probes.required(r, "url");
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("nats://") && !lower.startsWith("tls://")) {
      throw new Probes.BadParameter("parameter 'url' must start with nats:// or tls://");
    }
    Duration timeout = r.timeout();
    AtomicReference<String> serverError = new AtomicReference<>();
    Options.Builder b =
        new Options.Builder()
            .server(url)
            .connectionTimeout(timeout)
            .noReconnect()
            .maxReconnects(0)
            .connectionName("credentials-check")
            .errorListener(
                new ErrorListener() {
                  @Override
                  public void errorOccurred(Connection conn, String error) {
                    serverError.compareAndSet(null, error);
                  }

                  @Override
                  public void exceptionOccurred(Connection conn, Exception exp) {}
                });
    r.parameter("creds").ifPresent(c -> b.authHandler(Nats.staticCredentials(c.revealBytes())));
    r.parameter("token").ifPresent(t -> b.token(t.reveal().toCharArray()));
    r.text("user")
        .ifPresent(
            u ->
                b.userInfo(
                    u.toCharArray(),
                    r.parameter("password").map(Secret::reveal).orElse("").toCharArray()));
    Options options;
    try {
      options = b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new Probes.BadParameter(
          "the NATS options cannot be built from the parameters (a bad" + " url or .creds file?)");
    }
    String target = "nats " + hostPart(url);
    long start = System.nanoTime();
    Connection c = null;
    try {
      c = Nats.connect(options);
      c.flush(timeout);
      Map<String, String> details = new java.util.LinkedHashMap<>(Probes.latency(start));
      if (c.getServerInfo() != null && c.getServerInfo().getVersion() != null) {
        details.put("version", c.getServerInfo().getVersion());
      }
      return r.result(CredentialState.AVAILABLE, target + ": connected and flushed", details);
    } catch (AuthenticationException e) {
      return refused(r, target, start);
    } catch (IOException | TimeoutException | IllegalStateException e) {
      String err = serverError.get();
      String m = e.getMessage() == null ? "" : e.getMessage();
      if (isAuth(err) || isAuth(m)) {
        return refused(r, target, start);
      }
      return Probes.unavailable(r, target, e, start);
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  private static boolean isAuth(String s) {
    if (s == null) {
      return false;
    }
    String l = s.toLowerCase(Locale.ROOT);
    return l.contains("authorization violation") || l.contains("authentication");
  }

  private static CheckResult refused(ProbeRequest r, String target, long start) {
    return r.result(
        CredentialState.MISCONFIGURED,
        target + ": the server refused the credentials (authorization violation)",
        Probes.latency(start));
  }

  private static String hostPart(String url) {
    int scheme = url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    String rest = url.substring(Math.max(scheme, at + 1));
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
