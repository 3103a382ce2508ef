package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialInactiveException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.EngineHealth;
import dev.credentials.NewCredential;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.UnknownConsumerException;
import dev.credentials.UnmetRequirementException;
import dev.credentials.spi.ChangeFeed;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.LaunchListener;
import dev.credentials.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Several engines on one in-memory repository follow each other's changes through its feed. */
@DisplayName("The change feed between engines on one repository")
class ChangeFeedTest {

  private static final String JOB = "feed-job";

  static Credentials engine(CredentialRepository repo, CredentialKeys keys, boolean follow) {
    return engine(repo, keys, follow, b -> {});
  }

  static Credentials engine(
      CredentialRepository repo,
      CredentialKeys keys,
      boolean follow,
      java.util.function.Consumer<CredentialsBuilder> customise) {
    CredentialsBuilder b =
        Credentials.builder()
            .repository(repo)
            .keys(keys)
            .clock(Fixture.clock())
            .discoverPrototypes(false)
            .prototype(Fixture.api(), new Fixture.Script())
            .followChanges(follow);
    customise.accept(b);
    return b.build();
  }

  static CredentialMetadata bind(Credentials engine, String token) {
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "feed-api")
                    .value("API_URL", "https://api.example.com")
                    .secret("API_TOKEN", Secret.of(token))
                    .build());
    engine.bindings().declare(ADMIN, Consumer.of(JOB, "demo-api"));
    engine.bindings().bind(ADMIN, BindingRequest.of(JOB, "demo-api", m.id()));
    return m;
  }

  static Optional<Secret> token(Credentials engine) {
    return engine.resolver().resolve(ADMIN, JOB).get("API_TOKEN");
  }

  @Test
  @DisplayName("an update through one engine is served by the other at once")
  void updateIsSeen() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    CredentialKeys keys = CredentialKeys.generate();
    try (Credentials a = engine(repo, keys, true);
        Credentials b = engine(repo, keys, true)) {
      CredentialMetadata m = bind(a, "feed-old-canary");
      assertThat(token(b)).contains(Secret.of("feed-old-canary"));
      a.store()
          .update(
              ADMIN,
              m.id(),
              CredentialUpdate.builder(m.version())
                  .secret("API_TOKEN", Secret.of("feed-new-canary"))
                  .build());
      assertThat(token(b)).contains(Secret.of("feed-new-canary"));
    }
  }

  @Test
  @DisplayName("without following the feed the other engine keeps serving its cached plan")
  void withoutTheFeedTheOldValueIsServed() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    CredentialKeys keys = CredentialKeys.generate();
    try (Credentials a = engine(repo, keys, true);
        Credentials b = engine(repo, keys, false)) {
      CredentialMetadata m = bind(a, "feed-old-canary");
      assertThat(token(b)).contains(Secret.of("feed-old-canary"));
      a.store()
          .update(
              ADMIN,
              m.id(),
              CredentialUpdate.builder(m.version())
                  .secret("API_TOKEN", Secret.of("feed-new-canary"))
                  .build());
      assertThat(token(b)).as("the stale value this feature exists to stop").isPresent();
      assertThat(token(b)).contains(Secret.of("feed-old-canary"));
      assertThat(b.health().component("change-feed")).isEmpty();
    }
  }

  @Test
  @DisplayName("deactivation, unbinding and deletion through one engine stop the other at once")
  void deactivateUnbindDelete() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    CredentialKeys keys = CredentialKeys.generate();
    try (Credentials a = engine(repo, keys, true);
        Credentials b = engine(repo, keys, true)) {
      CredentialMetadata m = bind(a, "feed-canary");
      assertThat(token(b)).isPresent();
      CredentialMetadata off =
          a.store()
              .update(ADMIN, m.id(), CredentialUpdate.builder(m.version()).active(false).build());
      assertThatThrownBy(() -> token(b)).isInstanceOf(CredentialInactiveException.class);
      a.store().update(ADMIN, m.id(), CredentialUpdate.builder(off.version()).active(true).build());
      assertThat(token(b)).isPresent();

      a.bindings().unbind(ADMIN, JOB, Topic.of("demo-api"));
      assertThatThrownBy(() -> token(b)).isInstanceOf(UnmetRequirementException.class);
      a.bindings().bind(ADMIN, BindingRequest.of(JOB, "demo-api", m.id()));
      assertThat(token(b)).isPresent();

      a.store().delete(ADMIN, m.id());
      assertThatThrownBy(() -> token(b)).isInstanceOf(UnmetRequirementException.class);
    }
  }

  @Test
  @DisplayName("a prototype imported through one engine is known to the other at once")
  void importIsSeen() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    CredentialKeys keys = CredentialKeys.generate();
    try (Credentials a = engine(repo, keys, true);
        Credentials b = engine(repo, keys, true)) {
      assertThat(b.prototypes().find("acme-crm")).isEmpty();
      a.importPrototypes("upload-feed", List.of(PrototypeImportTest.DOC), false);
      assertThat(b.prototypes().find("acme-crm")).isPresent();
    }
  }

  @Test
  @DisplayName("a declared consumer through one engine is resolvable on the other at once")
  void declarationIsSeen() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    CredentialKeys keys = CredentialKeys.generate();
    try (Credentials a = engine(repo, keys, true);
        Credentials b = engine(repo, keys, true)) {
      assertThatThrownBy(() -> token(b)).isInstanceOf(UnknownConsumerException.class);
      bind(a, "feed-canary");
      assertThat(token(b)).contains(Secret.of("feed-canary"));
    }
  }

  @Test
  @DisplayName(
      "while the feed is lost nothing is cached; listeners and health are told; it recovers")
  void lostFeedServesNothingStale() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    ControlledFeedRepository controlled = new ControlledFeedRepository(repo);
    CredentialKeys keys = CredentialKeys.generate();
    List<String> events = new ArrayList<>();
    LaunchListener listener =
        new LaunchListener() {
          @Override
          public void onChangeFeedLost(String reason) {
            events.add("lost: " + reason);
          }

          @Override
          public void onChangeFeedResumed() {
            events.add("resumed");
          }
        };
    try (Credentials a = engine(repo, keys, false);
        Credentials b = engine(controlled, keys, true, x -> x.launchListener(listener))) {
      CredentialMetadata m = bind(a, "feed-one");
      assertThat(token(b)).contains(Secret.of("feed-one"));
      assertThat(b.health().component("change-feed").orElseThrow().status())
          .isEqualTo(EngineHealth.Status.UP);

      controlled.listener.lost("connection dropped");
      controlled.connected = false;
      // a change the feed never delivers (it is down): b must not serve its cached plan
      controlled.muted = true;
      CredentialMetadata m2 =
          a.store()
              .update(
                  ADMIN,
                  m.id(),
                  CredentialUpdate.builder(m.version())
                      .secret("API_TOKEN", Secret.of("feed-two"))
                      .build());
      assertThat(token(b)).contains(Secret.of("feed-two"));
      EngineHealth.Component feed = b.health().component("change-feed").orElseThrow();
      assertThat(feed.status()).isEqualTo(EngineHealth.Status.DEGRADED);
      assertThat(feed.details()).containsEntry("losses", "1");

      a.store()
          .update(
              ADMIN,
              m.id(),
              CredentialUpdate.builder(m2.version())
                  .secret("API_TOKEN", Secret.of("feed-three"))
                  .build());
      controlled.connected = true;
      controlled.listener.resumed();
      assertThat(token(b)).contains(Secret.of("feed-three"));
      assertThat(b.health().component("change-feed").orElseThrow().status())
          .isEqualTo(EngineHealth.Status.UP);
      assertThat(events).containsExactly("lost: connection dropped", "resumed");
    }
  }

  /** A repository whose feed the test drives: it can lose and resume it, and mute deliveries. */
  static final class ControlledFeedRepository implements CredentialRepository {
    final InMemoryCredentialRepository delegate;
    volatile ChangeFeed.Listener listener;
    volatile boolean connected = true;
    volatile boolean muted;

    ControlledFeedRepository(InMemoryCredentialRepository delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> T inTransaction(Function<UnitOfWork, T> work) {
      return delegate.inTransaction(work);
    }

    @Override
    public <T> T read(Function<UnitOfWork, T> work) {
      return delegate.read(work);
    }

    @Override
    public Optional<ChangeFeed> changeFeed() {
      ChangeFeed inner = delegate.changeFeed().orElseThrow();
      return Optional.of(
          new ChangeFeed() {
            @Override
            public Subscription subscribe(Listener l) {
              listener = l;
              Subscription s =
                  inner.subscribe(
                      new Listener() {
                        @Override
                        public void changed(List<dev.credentials.spi.Change> changes) {
                          if (!muted) {
                            l.changed(changes);
                          }
                        }

                        @Override
                        public void lost(String reason) {
                          l.lost(reason);
                        }

                        @Override
                        public void resumed() {
                          l.resumed();
                        }
                      });
              return new Subscription() {
                @Override
                public boolean connected() {
                  return connected;
                }

                @Override
                public void close() {
                  s.close();
                }
              };
            }

            @Override
            public long stalenessBoundMillis() {
              return 0;
            }
          });
    }
  }
}
