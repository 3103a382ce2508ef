package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.NewCredential;
import dev.credentials.Secret;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine's shared clients are retired when their credential changes: update, delete, key
 * rotation and a change its source reports. A counting factory shows one login per credential state
 * and a close after the last lease.
 */
@DisplayName("The engine's shared clients")
class EngineSharedClientsTest {

  /** A client that counts its closes. */
  static final class Client implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** A source in memory whose watch the test fires. */
  static final class MemorySource implements CredentialSource {
    final Map<String, Map<String, Secret>> values = new ConcurrentHashMap<>();
    final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public SourcedValues read(SourceReference reference) {
      reads.incrementAndGet();
      return new SourcedValues(values.get(reference.location()), "r" + reads.get());
    }

    @Override
    public Subscription watch(SourceReference reference, Runnable changed) {
      watchers.add(changed);
      return () -> watchers.remove(changed);
    }

    void change(String location, Map<String, Secret> now) {
      values.put(location, now);
      watchers.forEach(Runnable::run);
    }
  }

  final AtomicInteger logins = new AtomicInteger();
  final MemorySource memory = new MemorySource();
  final Fixture.Script check = new Fixture.Script();
  final Credentials engine = Fixture.engine(Fixture.clock(), check, b -> b.source(memory));

  @AfterEach
  void close() {
    engine.close();
  }

  private Client login(SharedClients.Key key) {
    logins.incrementAndGet();
    return new Client();
  }

  private CredentialMetadata stored() {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("demo-api", "api")
                .value("API_URL", "https://api.example.com")
                .secret("API_TOKEN", Secret.of("token-1"))
                .build());
  }

  /** Leases a client, releases it, and returns it. */
  private Client use(CredentialMetadata m) {
    try (SharedClients.Lease<Client> lease =
        engine.sharedClients().acquire(SharedClients.Key.of(m.tenant(), m.id()), this::login)) {
      return lease.client();
    }
  }

  @Test
  @DisplayName("an update retires the client: closed, and the next caller logs in anew")
  void update() {
    CredentialMetadata m = stored();
    Client first = use(m);
    assertThat(use(m)).isSameAs(first);
    assertThat(logins).hasValue(1);
    try (SharedClients.Lease<Client> held =
        engine.sharedClients().acquire(SharedClients.Key.of(m.tenant(), m.id()), this::login)) {
      engine
          .store()
          .update(
              ADMIN,
              m.id(),
              CredentialUpdate.builder(m.version()).secret("API_TOKEN", Secret.of("t-2")).build());
      assertThat(held.client().closes).as("still leased: not closed yet").hasValue(0);
    }
    assertThat(first.closes).as("closed after the last release").hasValue(1);
    Client second = use(m);
    assertThat(second).isNotSameAs(first);
    assertThat(logins).hasValue(2);
  }

  @Test
  @DisplayName("a delete retires the client")
  void delete() {
    CredentialMetadata m = stored();
    Client first = use(m);
    engine.store().delete(ADMIN, m.id());
    assertThat(first.closes).hasValue(1);
    assertThat(engine.sharedClients().size()).isZero();
  }

  @Test
  @DisplayName("a rewrap under a new primary key retires the client")
  void rewrap() {
    CredentialMetadata m = stored();
    Client first = use(m);
    KeyManagement keys = engine.keys();
    keys.promote(keys.addKey());
    keys.rewrap(10, p -> {});
    assertThat(first.closes).hasValue(1);
    assertThat(use(m)).isNotSameAs(first);
  }

  @Test
  @DisplayName("a change the source reports retires the client and drops cached values")
  void sourceReload() {
    memory.values.put(
        "api",
        Map.of("API_URL", Secret.of("https://api.example.com"), "API_TOKEN", Secret.of("v1")));
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "sourced")
                    .source(SourceReference.of("memory", "api"))
                    .build());
    assertThat(engine.resolver().byName(ADMIN, "sourced").values().get("API_TOKEN").reveal())
        .isEqualTo("v1");
    Client first = use(m);
    memory.change(
        "api",
        Map.of("API_URL", Secret.of("https://api.example.com"), "API_TOKEN", Secret.of("v2")));
    assertThat(first.closes).hasValue(1);
    assertThat(use(m)).isNotSameAs(first);
    assertThat(engine.resolver().byName(ADMIN, "sourced").values().get("API_TOKEN").reveal())
        .isEqualTo("v2");
  }

  @Test
  @DisplayName("a change the source reports makes the cached live-check result stale")
  void sourceReloadChecksAgain() {
    memory.values.put(
        "api",
        Map.of("API_URL", Secret.of("https://api.example.com"), "API_TOKEN", Secret.of("v1")));
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "sourced")
                    .source(SourceReference.of("memory", "api"))
                    .build());
    engine.bindings().declare(ADMIN, dev.credentials.Consumer.of("job", "demo-api"));
    engine.bindings().bind(ADMIN, dev.credentials.BindingRequest.of("job", "demo-api", m.id()));
    assertThat(engine.launchGate().prepare(ADMIN, "job").outcome())
        .isEqualTo(dev.credentials.LaunchDecision.Outcome.RUN);
    assertThat(engine.launchGate().prepare(ADMIN, "job").outcome())
        .isEqualTo(dev.credentials.LaunchDecision.Outcome.RUN);
    assertThat(check.calls).hasValue(1);
    memory.change(
        "api",
        Map.of("API_URL", Secret.of("https://api.example.com"), "API_TOKEN", Secret.of("v2")));
    engine.launchGate().prepare(ADMIN, "job");
    assertThat(check.calls).hasValue(2);
  }

  @Test
  @DisplayName("other credentials' clients stay")
  void othersStay() {
    CredentialMetadata a = stored();
    CredentialMetadata b =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "other")
                    .value("API_URL", "https://b.example.com")
                    .secret("API_TOKEN", Secret.of("token-b"))
                    .build());
    Client ca = use(a);
    Client cb = use(b);
    engine.store().delete(ADMIN, a.id());
    assertThat(ca.closes).hasValue(1);
    assertThat(cb.closes).hasValue(0);
    assertThat(use(b)).isSameAs(cb);
  }
}
