package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.ProbeRequest;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** The only class that touches Jedis; loaded only when Jedis is on the class path. */
final class JedisProbe {

  private JedisProbe() {}

  static CheckResult probe(ProbeRequest r) {
    String host = Probes.required(r, "host");
    int port = Probes.port(r, "port", 6379);
    boolean tls = Probes.flag(r, "tls");
    int ms = Probes.millis(r);
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(ms)
            .socketTimeoutMillis(ms)
            .clientName("credentials-check");
    if (tls) {
      b.sslOptions(SslOptions.defaults());
    }
    r.text("user").ifPresent(b::user);
    r.parameter("password").map(Secret::reveal).ifPresent(b::password);
    r.text("database")
        .ifPresent(
            d -> {
              try {
                b.database(Integer.parseInt(d.strip()));
              } catch (NumberFormatException e) {
                throw new Probes.BadParameter("parameter 'database' is not a number");
              }
            });
    String target = "redis " + host + ":" + port;
    long start = System.nanoTime();
    try (Jedis jedis = new Jedis(new HostAndPort(host, port), b.build())) {
      String pong = jedis.ping();
      if (!"PONG".equalsIgnoreCase(pong)) {
        return r.result(
            CredentialState.UNAVAILABLE,
            target + ": PING got an unexpected answer",
            Probes.latency(start));
      }
      return r.result(
          CredentialState.AVAILABLE,
          target + ": authenticated and answered PING",
          Probes.latency(start));
    } catch (JedisAccessControlException e) {
      return refused(r, target, start);
    } catch (JedisConnectionException e) {
      return Probes.unavailable(r, target, e, start);
    } catch (JedisDataException e) {
      String m = e.getMessage() == null ? "" : e.getMessage().toUpperCase(Locale.ROOT);
      if (m.startsWith("NOAUTH")
          || m.startsWith("WRONGPASS")
          || m.contains("AUTH")
          || m.startsWith("NOPERM")) {
        return refused(r, target, start);
      }
      if (m.startsWith("LOADING")
          || m.startsWith("BUSY")
          || m.startsWith("MASTERDOWN")
          || m.startsWith("TRYAGAIN")) {
        String word = m.split(" ", 2)[0];
        return r.result(
            CredentialState.DEGRADED,
            target + ": the server is busy (" + word + "); retry later",
            Map.of("reply", word, "latency-ms", Probes.since(start)));
      }
      if (m.contains("DB INDEX") || m.startsWith("ERR DB")) {
        return r.result(
            CredentialState.MISCONFIGURED,
            target + ": the server refused the database number",
            Probes.latency(start));
      }
      return r.result(
          CredentialState.UNAVAILABLE,
          target + ": the server answered an error (" + m.split(" ", 2)[0] + ")",
          Probes.latency(start));
    } catch (JedisException e) {
      return Probes.unavailable(r, target, e, start);
    }
  }

  private static CheckResult refused(ProbeRequest r, String target, long start) {
    return r.result(
        CredentialState.MISCONFIGURED,
        target + ": the server refused the user or password",
        Probes.latency(start));
  }
}
