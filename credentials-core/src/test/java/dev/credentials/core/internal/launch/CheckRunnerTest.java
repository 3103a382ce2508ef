package dev.credentials.core.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Regression: a check that ignores interrupts leaked threads past maxConcurrentChecks. */
class CheckRunnerTest {

  static final TenantId ACME = TenantId.of("acme");

  final ExecutorService executor = Executors.newCachedThreadPool();
  final List<Socket> accepted = new CopyOnWriteArrayList<>();
  ServerSocket silent;

  @AfterEach
  void tearDown() throws IOException {
    for (Socket s : accepted) {
      s.close();
    }
    if (silent != null) {
      silent.close();
    }
    executor.shutdownNow();
  }

  /** A listener that accepts connections and never answers. */
  int silentServer() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (IOException closed) {
                // test over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return silent.getLocalPort();
  }

  static CheckContext context(CredentialId id) {
    CredentialMetadata m =
        new CredentialMetadata(
            id,
            ACME,
            "demo-api",
            "api-" + id.value(),
            "production",
            "",
            Set.of(),
            true,
            Optional.empty(),
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            "k1",
            Optional.empty());
    return new CheckContext(
        m,
        Map.of("API_TOKEN", Secret.of("token-value")),
        Clock.systemUTC(),
        Duration.ofMillis(100));
  }

  @Test
  @DisplayName(
      "probes that ignore interrupts never run more than maxConcurrent at once, nor twice"
          + " per credential")
  void stuckProbesHoldTheirPermits() throws Exception {
    int port = silentServer();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    Map<CredentialId, AtomicInteger> startsPerCredential = new ConcurrentHashMap<>();
    CheckRunner runner = new CheckRunner(executor, 4, Duration.ofMillis(100), Clock.systemUTC());
    CheckRunner.Probe blocking =
        ctx -> {
          startsPerCredential
              .computeIfAbsent(ctx.credential().id(), k -> new AtomicInteger())
              .incrementAndGet();
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
              InputStream in = s.getInputStream()) {
            in.read(); // blocks; Thread.interrupt() does not end a socket read
            return new CheckResult(CredentialState.AVAILABLE, "ok", Instant.now(), 60, Map.of());
          } finally {
            running.decrementAndGet();
          }
        };
    List<CredentialId> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(CredentialId.random());
    }
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<CheckResult>> results = new ArrayList<>();
      for (int i = 0; i < 26; i++) {
        CredentialId id = ids.get(i % ids.size());
        results.add(callers.submit(() -> runner.run("live check", blocking, context(id))));
      }
      for (Future<CheckResult> f : results) {
        CheckResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(maxRunning.get()).isLessThanOrEqualTo(4);
    assertThat(running.get()).isLessThanOrEqualTo(4);
    assertThat(startsPerCredential.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

    // once the service answers (here: closes), the threads end and checks run again
    for (Socket s : accepted) {
      s.close();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (running.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(running.get()).isZero();
    CheckResult again =
        runner.run(
            "live check",
            ctx -> new CheckResult(CredentialState.AVAILABLE, "ok", Instant.now(), 60, Map.of()),
            context(ids.get(0)));
    assertThat(again.state()).isEqualTo(CredentialState.AVAILABLE);
  }

  @Test
  @DisplayName("a probe cancelled before it started gives its permit back")
  void cancelledBeforeStartReleases() {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      CheckRunner runner = new CheckRunner(single, 1, Duration.ofMillis(50), Clock.systemUTC());
      // a queue the probe never leaves before its caller gives up
      single.execute(
          () -> {
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      CheckResult first =
          runner.run(
              "live check",
              ctx -> new CheckResult(CredentialState.AVAILABLE, "ok", Instant.now(), 60, Map.of()),
              context(CredentialId.random()));
      assertThat(first.message()).contains("timed out");
      CheckResult second =
          runner.run(
              "live check",
              ctx -> new CheckResult(CredentialState.AVAILABLE, "ok", Instant.now(), 60, Map.of()),
              context(CredentialId.random()));
      // the permit of the cancelled probe came back: the second waits for the queue, not a permit
      assertThat(second.message()).doesNotContain("too many checks");
    } finally {
      single.shutdownNow();
    }
  }
}
