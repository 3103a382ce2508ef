package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.spi.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of named leases with an expiry. */
interface LeaseTests extends KitContext {

  /** A lease key as the engine builds them. */
  String KEY = "check:7f4c0a4e-1b5f-4f43-9d33-2a6c9d7a0b11";

  @Test
  @DisplayName("a free lease is taken, and its holder and expiry read back")
  default void freeLeaseIsTaken() {
    Instant until = T0.plusSeconds(30);
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, until)).isTrue();
    assertThat(db().leases().holder(TENANT_A, KEY, T0))
        .contains(new Lease(TENANT_A, KEY, "engine-1", until));
  }

  @Test
  @DisplayName("a held lease is refused to another owner until it expires, then taken over")
  default void heldLeaseIsRefusedUntilExpiry() {
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0.plusSeconds(30)))
        .isTrue();
    assertThat(
            db().leases()
                .tryAcquire(TENANT_A, KEY, "engine-2", T0.plusSeconds(29), T0.plusSeconds(59)))
        .isFalse();
    assertThat(db().leases().holder(TENANT_A, KEY, T0.plusSeconds(29)).map(Lease::owner))
        .contains("engine-1");
    assertThat(db().leases().holder(TENANT_A, KEY, T0.plusSeconds(30))).isEmpty();
    assertThat(
            db().leases()
                .tryAcquire(TENANT_A, KEY, "engine-2", T0.plusSeconds(30), T0.plusSeconds(60)))
        .isTrue();
    assertThat(db().leases().holder(TENANT_A, KEY, T0.plusSeconds(31)).map(Lease::owner))
        .contains("engine-2");
  }

  @Test
  @DisplayName("the owner taking its own lease again extends it")
  default void ownerTakesAgain() {
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0.plusSeconds(10)))
        .isTrue();
    assertThat(
            db().leases()
                .tryAcquire(TENANT_A, KEY, "engine-1", T0.plusSeconds(5), T0.plusSeconds(40)))
        .isTrue();
    assertThat(db().leases().holder(TENANT_A, KEY, T0.plusSeconds(39)).map(Lease::expiresAt))
        .contains(T0.plusSeconds(40));
  }

  @Test
  @DisplayName("only the owner renews an unexpired lease")
  default void renewOnlyByOwner() {
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0.plusSeconds(10)))
        .isTrue();
    assertThat(db().leases().renew(TENANT_A, KEY, "engine-2", T0, T0.plusSeconds(60))).isFalse();
    assertThat(
            db().leases().renew(TENANT_A, KEY, "engine-1", T0.plusSeconds(9), T0.plusSeconds(20)))
        .isTrue();
    assertThat(db().leases().holder(TENANT_A, KEY, T0.plusSeconds(19)).map(Lease::owner))
        .contains("engine-1");
    assertThat(
            db().leases().renew(TENANT_A, KEY, "engine-1", T0.plusSeconds(20), T0.plusSeconds(30)))
        .as("a lease that expired is not renewed")
        .isFalse();
    assertThat(db().leases().renew(TENANT_A, "never-taken", "engine-1", T0, T0.plusSeconds(30)))
        .isFalse();
  }

  @Test
  @DisplayName("only the owner releases a lease, and a released lease is free at once")
  default void releaseOnlyByOwner() {
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0.plusSeconds(30)))
        .isTrue();
    assertThat(db().leases().release(TENANT_A, KEY, "engine-2")).isFalse();
    assertThat(db().leases().holder(TENANT_A, KEY, T0)).isPresent();
    assertThat(db().leases().release(TENANT_A, KEY, "engine-1")).isTrue();
    assertThat(db().leases().holder(TENANT_A, KEY, T0)).isEmpty();
    assertThat(db().leases().release(TENANT_A, KEY, "engine-1")).isFalse();
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-2", T0, T0.plusSeconds(30)))
        .isTrue();
  }

  @Test
  @DisplayName("a lease of one tenant does not hold the same key of another")
  default void leasesAreTenantScoped() {
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0.plusSeconds(30)))
        .isTrue();
    assertThat(db().leases().holder(TENANT_B, KEY, T0)).isEmpty();
    assertThat(db().leases().tryAcquire(TENANT_B, KEY, "engine-2", T0, T0.plusSeconds(30)))
        .isTrue();
    assertThat(db().leases().release(TENANT_B, KEY, "engine-1")).isFalse();
    assertThat(db().leases().holder(TENANT_A, KEY, T0).map(Lease::owner)).contains("engine-1");
  }

  @Test
  @DisplayName("of many owners asking for one free lease at once exactly one gets it")
  default void oneOwnerWinsARace() throws Exception {
    List<Object> outcomes =
        concurrently(
            16,
            i ->
                repository()
                    .inTransaction(
                        u ->
                            u.leases()
                                .tryAcquire(TENANT_A, KEY, "engine-" + i, T0, T0.plusSeconds(30))));
    assertThat(outcomes).allMatch(o -> o instanceof Boolean, "every call answered");
    assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
    Optional<Lease> holder = db().leases().holder(TENANT_A, KEY, T0);
    assertThat(holder).isPresent();
    assertThat(outcomes.get(Integer.parseInt(holder.get().owner().substring(7))))
        .isEqualTo(Boolean.TRUE);
  }

  @Test
  @DisplayName("of many owners taking over one expired lease at once exactly one gets it")
  default void oneOwnerWinsATakeover() throws Exception {
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "dead-engine", T0, T0.plusSeconds(5)))
        .isTrue();
    Instant later = T0.plusSeconds(6);
    List<Object> outcomes =
        concurrently(
            16,
            i ->
                repository()
                    .inTransaction(
                        u ->
                            u.leases()
                                .tryAcquire(
                                    TENANT_A, KEY, "engine-" + i, later, later.plusSeconds(30))));
    assertThat(outcomes).allMatch(o -> o instanceof Boolean, "every call answered");
    assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
  }

  @Test
  @DisplayName("a lease taken in a unit of work that fails is not held")
  default void failedUnitHoldsNoLease() {
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0.plusSeconds(30));
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(db().leases().holder(TENANT_A, KEY, T0)).isEmpty();
    assertThat(db().leases().tryAcquire(TENANT_A, KEY, "engine-2", T0, T0.plusSeconds(30)))
        .isTrue();
  }

  @Test
  @DisplayName("a bad key, a bad owner or an expiry not after now is refused and nothing is held")
  default void badInputIsRefused() {
    assertThatThrownBy(() -> db().leases().tryAcquire(TENANT_A, KEY, "engine-1", T0, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("until");
    assertThatThrownBy(
            () -> db().leases().tryAcquire(TENANT_A, " ", "engine-1", T0, T0.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(
            () ->
                db().leases()
                    .tryAcquire(TENANT_A, "k".repeat(201), "engine-1", T0, T0.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> db().leases().tryAcquire(TENANT_A, KEY, "", T0, T0.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner");
    assertThat(db().leases().holder(TENANT_A, KEY, T0)).isEmpty();
  }

  @Test
  @DisplayName("the longest key and owner round trip")
  default void longestKeyAndOwner() {
    String key = "k".repeat(Lease.MAX_KEY_LENGTH);
    String owner = "o".repeat(Lease.MAX_OWNER_LENGTH);
    Instant until = T0.plusMillis(30_123);
    assertThat(db().leases().tryAcquire(TENANT_A, key, owner, T0, until)).isTrue();
    assertThat(db().leases().holder(TENANT_A, key, T0))
        .contains(new Lease(TENANT_A, key, owner, until));
  }
}
