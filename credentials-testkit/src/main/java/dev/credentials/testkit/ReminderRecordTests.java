package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialId;
import dev.credentials.spi.ExpiringCredential;
import dev.credentials.spi.ReminderRecord;
import dev.credentials.spi.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of the sent expiry reminders. */
interface ReminderRecordTests extends KitContext {

  private static ReminderRecord reminder(CredentialId id, Instant expiresAt, long leadDays) {
    return new ReminderRecord(
        TENANT_A, id, expiresAt, Duration.ofDays(leadDays), T0.plusSeconds(leadDays));
  }

  @Test
  @DisplayName("a reminder is recorded once per credential, expiry and lead time")
  default void insertIfAbsent() {
    Instant expiry = T0.plus(Duration.ofDays(40));
    CredentialId a =
        insert(credential(TENANT_A, "erp").id(id(1)).expiresAt(expiry).build()).metadata().id();
    assertThat(tx((UnitOfWork u) -> u.reminders().record(reminder(a, expiry, 30)))).isTrue();
    assertThat(tx((UnitOfWork u) -> u.reminders().record(reminder(a, expiry, 30)))).isFalse();
    assertThat(tx((UnitOfWork u) -> u.reminders().record(reminder(a, expiry, 7)))).isTrue();
    Instant renewed = expiry.plus(Duration.ofDays(365));
    assertThat(tx((UnitOfWork u) -> u.reminders().record(reminder(a, renewed, 30))))
        .as("a new expiry is a new round")
        .isTrue();
    assertThat(db().reminders().sent(TENANT_A, List.of(a)))
        .containsExactlyInAnyOrder(
            reminder(a, expiry, 30), reminder(a, expiry, 7), reminder(a, renewed, 30));
    assertThat(db().reminders().sent(TENANT_B, List.of(a))).as("another tenant's").isEmpty();
  }

  @Test
  @DisplayName("of two units of work recording the same reminder at once, exactly one wins")
  default void concurrentRecord() throws Exception {
    Instant expiry = T0.plus(Duration.ofDays(40));
    CredentialId a =
        insert(credential(TENANT_A, "erp").id(id(1)).expiresAt(expiry).build()).metadata().id();
    List<Object> results =
        concurrently(8, n -> tx((UnitOfWork u) -> u.reminders().record(reminder(a, expiry, 1))));
    assertThat(results).filteredOn(Boolean.TRUE::equals).hasSize(1);
    assertThat(results).filteredOn(Boolean.FALSE::equals).hasSize(7);
  }

  @Test
  @DisplayName("a rolled-back record and a deleted credential leave no reminder behind")
  default void rollbackAndDelete() {
    Instant expiry = T0.plus(Duration.ofDays(40));
    CredentialId a =
        insert(credential(TENANT_A, "erp").id(id(1)).expiresAt(expiry).build()).metadata().id();
    try {
      write(
          u -> {
            u.reminders().record(reminder(a, expiry, 30));
            throw new IllegalStateException("rolled back");
          });
    } catch (IllegalStateException expected) {
      // the unit of work rolled back
    }
    assertThat(db().reminders().sent(TENANT_A, List.of(a))).isEmpty();
    write(u -> u.reminders().record(reminder(a, expiry, 30)));
    write(u -> u.credentials().delete(TENANT_A, a));
    assertThat(db().reminders().sent(TENANT_A, List.of(a))).isEmpty();
  }

  @Test
  @DisplayName("the reminder scan finds active credentials expiring in a window, across tenants")
  default void expiringBetween() {
    insert(credential(TENANT_A, "soon").id(id(1)).expiresAt(T0.plusSeconds(100)).build());
    insert(credential(TENANT_B, "soon").id(id(2)).expiresAt(T0.plusSeconds(100)).build());
    insert(credential(TENANT_A, "later").id(id(3)).expiresAt(T0.plusSeconds(50)).build());
    insert(credential(TENANT_A, "never").id(id(4)).build());
    insert(
        credential(TENANT_A, "off").id(id(5)).active(false).expiresAt(T0.plusSeconds(60)).build());
    insert(credential(TENANT_A, "past").id(id(6)).expiresAt(T0.minusSeconds(10)).build());
    insert(credential(TENANT_A, "far").id(id(7)).expiresAt(T0.plusSeconds(1000)).build());
    List<ExpiringCredential> found = db().reminders().expiringBetween(T0, T0.plusSeconds(1000), 10);
    assertThat(found).extracting(ExpiringCredential::id).containsExactly(id(3), id(1), id(2));
    assertThat(found.get(1))
        .isEqualTo(
            new ExpiringCredential(TENANT_A, id(1), "soon", "production", T0.plusSeconds(100)));
    assertThat(db().reminders().expiringBetween(T0, T0.plusSeconds(1000), 2)).hasSize(2);
  }
}
