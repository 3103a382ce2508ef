package dev.credentials.checks;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.internal.checks.CheckKindRegistry;
import dev.credentials.core.internal.checks.DeclaredProbe;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs declared checks with the engine's own {@link DeclaredProbe} (the engine adds its check
 * runner's thread and outer timeout around it), and starts the small servers tests need.
 */
final class Harness {

  static final CheckKindRegistry KINDS = CheckKindRegistry.discover(Harness.class.getClassLoader());
  static final Pattern SECRET = Pattern.compile("PASS|TOKEN|SECRET|CREDS");
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Harness() {}

  /** Every check result and every value it ran with, for the canary test. */
  static final List<CheckResult> RESULTS = new CopyOnWriteArrayList<>();

  /**
   * A prototype with one field per value (secret when its code looks secret), a declaration of the
   * kind with the parameter templates, run through the engine's {@link DeclaredProbe}.
   */
  static CheckResult check(String kind, Map<String, String> params, Map<String, String> values) {
    return check(kind, params, values, TIMEOUT);
  }

  static CheckResult check(
      String kind, Map<String, String> params, Map<String, String> values, Duration timeout) {
    Prototype.Builder p = Prototype.builder("probe-" + kind).category("Test");
    Map<String, Secret> secrets = new LinkedHashMap<>();
    values.forEach(
        (code, value) -> {
          boolean secret = SECRET.matcher(code).find();
          p.field(
              FieldDefinition.builder(code, secret ? FieldType.PASSWORD : FieldType.STRING)
                  .build());
          secrets.put(code, Secret.of(value));
        });
    CheckDeclaration.Builder d = CheckDeclaration.builder(kind).timeout(Duration.ofMinutes(1));
    params.forEach(d::parameter);
    DeclaredProbe check = DeclaredProbe.of(p.build(), "/check", d.build(), KINDS);
    CheckResult r = check.check(new CheckContext(meta(kind), secrets, Clock.systemUTC(), timeout));
    RESULTS.add(r);
    return r;
  }

  static CredentialMetadata meta(String prototype) {
    Instant now = Instant.now();
    return new CredentialMetadata(
        CredentialId.of(
            java.util
                .UUID
                .nameUUIDFromBytes(prototype.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString()),
        TenantId.of("t"),
        "probe-" + prototype,
        "test",
        "production",
        "",
        Set.of(),
        true,
        Optional.empty(),
        1,
        now,
        now,
        "k",
        Optional.empty());
  }

  /** A port on loopback where nothing listens (bound, then closed). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A listener that accepts connections and never sends a byte. */
  static final class Silent implements AutoCloseable {
    final ServerSocket server;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    Silent() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket s = server.accept();
                    held.add(s);
                    // read and drop whatever the client says, never answer
                    Thread drain =
                        new Thread(
                            () -> {
                              try (InputStream in = s.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                              } catch (IOException ignored) {
                                // closed
                              }
                            });
                    drain.setDaemon(true);
                    drain.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "silent-listener");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** An executable on the PATH, or in /usr/sbin or /usr/local/sbin where servers usually live. */
  static String executable(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin"));
    for (String d : dirs) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        name + " is not installed; the tests start their own instance of it (see docs/checks.md)");
  }

  /** A process the test started (nats-server, mosquitto), stopped by its own handle. */
  static final class Daemon implements AutoCloseable {
    final Process process;
    final int port;

    Daemon(List<String> command, int port, Path log) throws IOException, InterruptedException {
      this.port = port;
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      process = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "could not start " + command.get(0) + ": " + Files.readString(log));
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          s.setSoLinger(true, 0);
          return;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " did not listen on " + port);
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
