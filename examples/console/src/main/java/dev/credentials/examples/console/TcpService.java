package dev.credentials.examples.console;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/**
 * The example's prototype: a service reached over TCP. Its live check and its connection test open
 * a TCP connection to {@code HOST:PORT}; TLS settings appear only when {@code USE_TLS} is on.
 */
final class TcpService {

  static final String CODE = "tcp-service";

  private TcpService() {}

  static Prototype prototype() {
    return Prototype.builder(CODE)
        .name("TCP service")
        .description("Any service reached over TCP; the check opens a connection to it.")
        .category("Network")
        .field(
            FieldDefinition.builder("HOST", FieldType.STRING)
                .name("Host")
                .required(true)
                .defaultValue("127.0.0.1")
                .build())
        .field(
            FieldDefinition.builder("PORT", FieldType.INTEGER)
                .name("Port")
                .required(true)
                .minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(65535))
                .build())
        .field(
            FieldDefinition.builder("USE_TLS", FieldType.BOOLEAN)
                .name("Use TLS")
                .defaultValue("false")
                .build())
        .field(
            FieldDefinition.builder("TLS_SERVER_NAME", FieldType.STRING)
                .name("TLS server name")
                .description("The name the server's certificate must carry.")
                .required(true)
                .condition(FieldCondition.whenEquals("USE_TLS", "true"))
                .build())
        .field(
            FieldDefinition.builder("PASSWORD", FieldType.PASSWORD)
                .name("Password")
                .required(true)
                .build())
        .build();
  }

  /** Opens a TCP connection to HOST:PORT within the check's timeout. */
  static CheckResult probe(CheckContext context) {
    String host = context.value("HOST").map(Secret::reveal).orElse("");
    String portText = context.value("PORT").map(Secret::reveal).orElse("");
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      return result(context, CredentialState.MISCONFIGURED, "PORT is not a number", Map.of());
    }
    int timeout = (int) Math.min(Integer.MAX_VALUE, context.timeout().toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeout);
      return result(
          context,
          CredentialState.AVAILABLE,
          "connected to " + host + ":" + port,
          Map.of("host", host, "port", Integer.toString(port)));
    } catch (IOException e) {
      return result(
          context,
          CredentialState.UNAVAILABLE,
          "cannot connect to " + host + ":" + port + " (" + e.getClass().getSimpleName() + ")",
          Map.of("host", host, "port", Integer.toString(port)));
    }
  }

  private static CheckResult result(
      CheckContext context, CredentialState state, String message, Map<String, String> details) {
    return new CheckResult(
        state, message, context.clock().instant(), Duration.ofSeconds(0).toSeconds(), details);
  }
}
