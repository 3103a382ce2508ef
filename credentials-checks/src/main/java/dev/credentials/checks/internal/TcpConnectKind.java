package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/** {@code tcp}: opens a TCP connection to host:port and closes it. Needs no client library. */
public final class TcpConnectKind implements CheckKind {

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "host", CheckParameter.required(Escaping.VERBATIM, "the host name or address"),
          "port", CheckParameter.required(Escaping.VERBATIM, "the TCP port"));

  /** For {@link java.util.ServiceLoader}. */
  public TcpConnectKind() {}

  @Override
  public String name() {
    return "tcp";
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
    String host;
    int port;
    try {
      host = Probes.required(r, "host");
      port = Probes.port(r, "port", -1);
      if (port < 0) {
        throw new Probes.BadParameter("parameter 'port' is empty; fill in the port field");
      }
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "tcp", e);
    }
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), Probes.millis(r));
      return r.result(
          CredentialState.AVAILABLE,
          "port " + port + " of " + host + " accepts connections",
          Probes.latency(start));
    } catch (IOException | IllegalArgumentException e) {
      return Probes.unavailable(r, "tcp connection to " + host + ":" + port, e, start);
    }
  }
}
