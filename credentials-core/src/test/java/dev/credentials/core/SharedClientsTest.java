package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SharedClientsTest {

  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");

  /** A client that counts logins and closes. */
  static final class Client implements AutoCloseable {
    final int serial;
    final AtomicInteger closes = new AtomicInteger();

    Client(int serial) {
      this.serial = serial;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  final AtomicInteger created = new AtomicInteger();
  final List<Client> all = new ArrayList<>();

  synchronized Client login(SharedClients.Key key) {
    try {
      Thread.sleep(20); // a login takes a while; others must wait, not log in too
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Client c = new Client(created.incrementAndGet());
    all.add(c);
    return c;
  }

  @Test
  @DisplayName(
      "50 threads on one identity: one login, one client, closed after the change and the last release")
  void fiftyThreads() throws Exception {
    SharedClients clients = SharedClients.create();
    CredentialId id = CredentialId.random();
    SharedClients.Key key = SharedClients.Key.of(ACME, id, "https://api.example.com");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(50);
    CountDownLatch release = new CountDownLatch(1);
    Set<Client> seen = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try (SharedClients.Lease<Client> lease = clients.acquire(key, this::login)) {
                    seen.add(lease.client());
                    holding.countDown();
                    release.await();
                  }
                  return null;
                }));
      }
      start.countDown();
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(created.get()).isEqualTo(1);
      assertThat(seen).hasSize(1);
      Client shared = seen.iterator().next();

      assertThat(clients.invalidate(ACME, id)).isEqualTo(1);
      assertThat(shared.closes.get()).as("still in use").isZero();
      try (SharedClients.Lease<Client> after = clients.acquire(key, this::login)) {
        assertThat(after.client()).isNotSameAs(shared);
      }
      release.countDown();
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(shared.closes.get()).isEqualTo(1);
      assertThat(created.get()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("tenants and extra identity fields never share a client")
  void identities() {
    SharedClients clients = SharedClients.create();
    CredentialId id = CredentialId.random();
    try (var a = clients.acquire(SharedClients.Key.of(ACME, id, "pool=4"), this::login);
        var b = clients.acquire(SharedClients.Key.of(GLOBEX, id, "pool=4"), this::login);
        var c = clients.acquire(SharedClients.Key.of(ACME, id, "pool=8"), this::login);
        var d = clients.acquire(SharedClients.Key.of(ACME, id, "pool=4"), this::login)) {
      assertThat(a.client()).isNotSameAs(b.client()).isNotSameAs(c.client()).isSameAs(d.client());
    }
    assertThat(created.get()).isEqualTo(3);
    assertThat(clients.invalidate(ACME, id)).isEqualTo(2);
    assertThat(all.stream().filter(c -> c.closes.get() == 1)).hasSize(2);
    clients.close();
    assertThat(all).allSatisfy(c -> assertThat(c.closes.get()).isEqualTo(1));
  }

  @Test
  @DisplayName("a failed login reaches every waiter and the next call logs in again")
  void failedLogin() {
    SharedClients clients = SharedClients.create();
    SharedClients.Key key = SharedClients.Key.of(ACME, CredentialId.random());
    assertThatThrownBy(
            () ->
                clients.acquire(
                    key,
                    k -> {
                      throw new IllegalStateException("login refused");
                    }))
        .hasMessage("login refused");
    assertThat(clients.size()).isZero();
    try (var lease = clients.acquire(key, this::login)) {
      assertThat(lease.client().serial).isEqualTo(1);
    }
    var released = clients.acquire(key, this::login);
    released.close();
    released.close(); // idempotent
    assertThatThrownBy(released::client).isInstanceOf(IllegalStateException.class);
  }
}
