package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.spi.ProbeRequest;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Helpers every kind shares: reading parameters, classifying failures, missing clients. */
final class Probes {

  private Probes() {}

  /** A parameter value that a kind cannot use; its message names the parameter only. */
  static final class BadParameter extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message);
    }
  }

  static String required(ProbeRequest r, String name) {
    return r.text(name)
        .orElseThrow(
            () ->
                new BadParameter(
                    "parameter '" + name + "' is empty; fill in the field it refers to"));
  }

  static int port(ProbeRequest r, String name, int fallback) {
    String v = r.text(name).orElse(null);
    if (v == null) {
      return fallback;
    }
    try {
      int p = Integer.parseInt(v.strip());
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadParameter("parameter '" + name + "' is not a port number from 1 to 65535");
  }

  static boolean flag(ProbeRequest r, String name) {
    String v = r.text(name).orElse("false").strip();
    if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) {
      return true;
    }
    if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) {
      return false;
    }
    throw new BadParameter("parameter '" + name + "' must be true or false");
  }

  static int millis(ProbeRequest r) {
    long ms = r.timeout().toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }

  static CheckResult badParameter(ProbeRequest r, String kind, BadParameter e) {
    return r.result(CredentialState.MISCONFIGURED, kind + " check: " + e.getMessage());
  }

  /** UNKNOWN, naming the artifact, when a client class cannot be loaded by the kind's loader. */
  static CheckResult missingClient(
      ProbeRequest r, Class<?> kind, String clientClass, String kindName, String artifact) {
    try {
      Class.forName(clientClass, false, kind.getClassLoader());
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return r.result(
          CredentialState.UNKNOWN,
          "the "
              + kindName
              + " check needs its client library, which is not on the class path; add the"
              + " dependency "
              + artifact,
          Map.of("missing-artifact", artifact));
    }
  }

  /** Whether a failure (or a cause) says the service could not be reached or did not answer. */
  static Throwable network(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof TimeoutException
          || t instanceof InterruptedIOException
          || t instanceof java.net.SocketException
          || t instanceof java.io.EOFException
          || t instanceof SSLException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** A sentence about a network failure that names its type, never the client's message. */
  static String describe(Throwable t) {
    if (t instanceof UnknownHostException) {
      return "the host name does not resolve";
    }
    if (t instanceof ConnectException) {
      return "nothing accepts connections there (connection refused)";
    }
    if (t instanceof SocketTimeoutException
        || t instanceof HttpTimeoutException
        || t instanceof TimeoutException
        || t instanceof InterruptedIOException) {
      return "the service did not answer in time";
    }
    if (t instanceof NoRouteToHostException) {
      return "there is no route to the host";
    }
    if (t instanceof SSLException) {
      return "the TLS handshake failed (" + t.getClass().getSimpleName() + ")";
    }
    if (t instanceof java.io.EOFException) {
      return "the service closed the connection";
    }
    return "the connection failed (" + t.getClass().getSimpleName() + ")";
  }

  static CheckResult unavailable(ProbeRequest r, String what, Throwable cause, long startNanos) {
    Throwable net = network(cause);
    String why = net != null ? describe(net) : "it failed (" + cause.getClass().getName() + ")";
    return r.result(
        CredentialState.UNAVAILABLE,
        what + ": " + why,
        Map.of(
            "error",
            (net != null ? net : cause).getClass().getName(),
            "latency-ms",
            since(startNanos)));
  }

  static String since(long startNanos) {
    return Long.toString((System.nanoTime() - startNanos) / 1_000_000);
  }

  static Map<String, String> latency(long startNanos) {
    return Map.of("latency-ms", since(startNanos));
  }
}
