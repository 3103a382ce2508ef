package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialId;
import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeFeed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's tests of the change feed: announcements of a unit of work reach subscribers after it
 * commits, in commit order, and never when it rolls back. A repository without a feed must accept
 * announcements and drop them.
 */
interface ChangeFeedTests extends KitContext {

  /** How long the kit waits for a change to arrive, polling. */
  Duration WAIT = Duration.ofSeconds(15);

  /** Collects what a subscriber receives. */
  final class Received implements ChangeFeed.Listener {
    final List<Change> changes = new CopyOnWriteArrayList<>();

    @Override
    public void changed(List<Change> batch) {
      changes.addAll(batch);
    }

    @Override
    public void lost(String reason) {}

    @Override
    public void resumed() {}

    void awaitSize(int n) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (changes.size() < n) {
        assertThat(System.nanoTime())
            .as("%d change(s) arrive within %s; got %s", n, WAIT, changes)
            .isLessThan(deadline);
        Thread.onSpinWait();
      }
    }
  }

  private Optional<ChangeFeed> feedOrAcceptsAnnouncements() {
    Optional<ChangeFeed> feed = repository().changeFeed();
    if (feed.isEmpty()) {
      write(u -> u.changes().announce(Change.tenantDefaults(TENANT_A)));
    }
    return feed;
  }

  @Test
  @DisplayName("announcements reach a subscriber after commit, in commit order")
  default void announcementsArriveInOrder() {
    Optional<ChangeFeed> feed = feedOrAcceptsAnnouncements();
    if (feed.isEmpty()) {
      return;
    }
    Received r = new Received();
    CredentialId id = CredentialId.random();
    try (ChangeFeed.Subscription s = feed.get().subscribe(r)) {
      write(
          u -> {
            u.changes().announce(Change.credential(TENANT_A, id));
            u.changes().announce(Change.consumer(TENANT_B, "job/one:a"));
          });
      write(u -> u.changes().announce(Change.prototypes()));
      write(u -> u.changes().announce(Change.tenantDefaults(TENANT_A)));
      r.awaitSize(4);
      assertThat(r.changes)
          .containsExactly(
              Change.credential(TENANT_A, id),
              Change.consumer(TENANT_B, "job/one:a"),
              Change.prototypes(),
              Change.tenantDefaults(TENANT_A));
      assertThat(s.connected()).isTrue();
    }
  }

  @Test
  @DisplayName("a unit of work that rolls back announces nothing")
  default void rollbackAnnouncesNothing() {
    Optional<ChangeFeed> feed = feedOrAcceptsAnnouncements();
    if (feed.isEmpty()) {
      return;
    }
    Received r = new Received();
    try (ChangeFeed.Subscription s = feed.get().subscribe(r)) {
      assertThatThrownBy(
              () ->
                  write(
                      u -> {
                        u.changes().announce(Change.consumer(TENANT_A, "rolled-back"));
                        throw new IllegalStateException("roll back");
                      }))
          .isInstanceOf(IllegalStateException.class);
      write(u -> u.changes().announce(Change.consumer(TENANT_A, "committed")));
      r.awaitSize(1);
      assertThat(r.changes).containsExactly(Change.consumer(TENANT_A, "committed"));
      assertThat(s.connected()).isTrue();
    }
  }

  @Test
  @DisplayName("a change survives its text form")
  default void encodedChangesRoundTrip() {
    List<Change> all =
        List.of(
            Change.credential(TENANT_A, CredentialId.random()),
            Change.consumer(TENANT_B, "a/b:c.d-e_f"),
            Change.tenantDefaults(TENANT_A),
            Change.rewrapped(TENANT_B, CredentialId.random()),
            Change.prototypes());
    for (Change c : all) {
      assertThat(Change.decode(c.encode())).isEqualTo(c);
    }
    assertThatThrownBy(() -> Change.decode("CREDENTIAL\tonly-two"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
