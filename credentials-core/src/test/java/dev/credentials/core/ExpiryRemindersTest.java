package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.ExpiryReminder;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.LaunchListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Expiry reminders")
class ExpiryRemindersTest {

  private static final String CANARY = "canary-5d1e-reminder";

  private final Fixture.TestClock clock = Fixture.clock();
  private final InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
  private final CredentialKeys keys = CredentialKeys.generate();
  private final List<ExpiryReminder> delivered = new CopyOnWriteArrayList<>();
  private final List<Credentials> engines = new java.util.ArrayList<>();

  private Credentials engine(Consumer<CredentialsBuilder> customise) {
    CredentialsBuilder b =
        Credentials.builder()
            .repository(repo)
            .keys(keys)
            .clock(clock)
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .prototype(Fixture.db())
            .launchListener(
                new LaunchListener() {
                  @Override
                  public void onExpiryReminder(ExpiryReminder reminder) {
                    delivered.add(reminder);
                  }
                });
    customise.accept(b);
    Credentials e = b.build();
    engines.add(e);
    return e;
  }

  @AfterEach
  void close() {
    engines.forEach(Credentials::close);
  }

  private CredentialMetadata create(Credentials engine, String name, Duration expiresIn) {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("demo-db", name)
                .value("DB_HOST", "db.internal")
                .value("DB_USER", "app")
                .secret("DB_PASSWORD", Secret.of(CANARY))
                .expiresAt(clock.instant().plus(expiresIn))
                .build());
  }

  private List<AuditEvent> reminderEvents(Credentials engine) {
    return engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items().stream()
        .filter(e -> e.action() == AuditAction.EXPIRY_REMINDED)
        .toList();
  }

  @Test
  @DisplayName("reminders come at 30, 7 and 1 days and at expiry, each once, audited")
  void defaultLeadTimes() {
    Credentials engine = engine(b -> {});
    assertThat(engine.reminders().leadTimes())
        .containsExactly(
            Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1), Duration.ZERO);
    CredentialMetadata m = create(engine, "main", Duration.ofDays(40));
    Instant expiry = m.expiresAt().orElseThrow();
    assertThat(engine.reminders().sendDue()).isEmpty();

    clock.advance(Duration.ofDays(10));
    List<ExpiryReminder> first = engine.reminders().sendDue();
    assertThat(first)
        .containsExactly(
            new ExpiryReminder(
                m.tenant(),
                m.id(),
                "main",
                m.environment(),
                expiry,
                Duration.ofDays(30),
                expiry.minus(Duration.ofDays(30)),
                Optional.of(clock.instant())));
    assertThat(engine.reminders().sendDue()).as("once per lead time").isEmpty();
    clock.advance(Duration.ofDays(23));
    assertThat(engine.reminders().sendDue())
        .extracting(ExpiryReminder::leadTime)
        .containsExactly(Duration.ofDays(7));
    clock.advance(Duration.ofDays(6));
    assertThat(engine.reminders().sendDue())
        .extracting(ExpiryReminder::leadTime)
        .containsExactly(Duration.ofDays(1));
    clock.advance(Duration.ofDays(1));
    assertThat(engine.reminders().sendDue())
        .extracting(ExpiryReminder::atExpiry)
        .containsExactly(true);
    assertThat(engine.reminders().sendDue()).isEmpty();

    assertThat(delivered)
        .extracting(ExpiryReminder::leadTime)
        .containsExactly(
            Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1), Duration.ZERO);
    List<AuditEvent> events = reminderEvents(engine);
    assertThat(events).hasSize(4);
    assertThat(events.get(0).credentialId()).contains(m.id());
    assertThat(events.get(0).details()).containsEntry("leadTime", "PT720H");
    assertThat(events.get(0).principal()).isEqualTo("service:expiry-reminders");
    assertThat(events.toString() + delivered).doesNotContain(CANARY);
  }

  @Test
  @DisplayName("a restarted engine and a second engine on the same repository repeat nothing")
  void recordedAcrossEngines() {
    Credentials first = engine(b -> {});
    create(first, "main", Duration.ofDays(5));
    Credentials second = engine(b -> {});
    assertThat(first.reminders().sendDue()).hasSize(1);
    assertThat(second.reminders().sendDue()).isEmpty();
    first.close();
    Credentials restarted = engine(b -> {});
    assertThat(restarted.reminders().sendDue()).isEmpty();
    assertThat(delivered).hasSize(1);
  }

  @Test
  @DisplayName("a late first scan sends the nearest reminder only; the longer ones are covered")
  void lateScan() {
    Credentials engine = engine(b -> {});
    CredentialMetadata m = create(engine, "main", Duration.ofDays(3));
    assertThat(engine.reminders().sendDue())
        .extracting(ExpiryReminder::leadTime)
        .containsExactly(Duration.ofDays(7));
    List<ExpiryReminder> listed = engine.reminders().list(ADMIN);
    assertThat(listed)
        .extracting(ExpiryReminder::leadTime, r -> r.sentAt().isPresent())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Duration.ofDays(30), true),
            org.assertj.core.groups.Tuple.tuple(Duration.ofDays(7), true),
            org.assertj.core.groups.Tuple.tuple(Duration.ofDays(1), false),
            org.assertj.core.groups.Tuple.tuple(Duration.ZERO, false));
    assertThat(engine.reminders().list(GLOBEX_ADMIN)).as("another tenant's").isEmpty();

    // a renewed expiry starts a new round
    CredentialMetadata renewed =
        engine
            .store()
            .update(
                ADMIN,
                m.id(),
                CredentialUpdate.builder(m.version())
                    .expiresAt(clock.instant().plus(Duration.ofDays(20)))
                    .build());
    assertThat(engine.reminders().sendDue())
        .extracting(ExpiryReminder::leadTime, ExpiryReminder::expiresAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Duration.ofDays(30), renewed.expiresAt().orElseThrow()));
  }

  @Test
  @DisplayName("lead times are configurable; inactive credentials get none; bad input is refused")
  void configured() {
    Credentials engine = engine(b -> b.reminderLeadTimes(Duration.ofHours(12)));
    assertThat(engine.reminders().leadTimes()).containsExactly(Duration.ofHours(12), Duration.ZERO);
    CredentialMetadata m = create(engine, "main", Duration.ofHours(6));
    create(engine, "later", Duration.ofDays(3));
    engine
        .store()
        .update(ADMIN, m.id(), CredentialUpdate.builder(m.version()).active(false).build());
    assertThat(engine.reminders().sendDue()).isEmpty();
    clock.advance(Duration.ofDays(2).plusHours(13));
    assertThat(engine.reminders().sendDue())
        .extracting(ExpiryReminder::name, ExpiryReminder::leadTime)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("later", Duration.ofHours(12)));

    assertThatThrownBy(() -> Credentials.builder().reminderLeadTimes(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reminderLeadTimes");
    assertThatThrownBy(() -> Credentials.builder().reminderLeadTimes())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reminderLeadTimes");
    assertThatThrownBy(() -> Credentials.builder().reminderInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reminderInterval");
  }

  @Test
  @DisplayName("with an interval, the engine sends due reminders in the background")
  void background() throws InterruptedException {
    Credentials setup = engine(b -> {});
    create(setup, "main", Duration.ofDays(2));
    engine(b -> b.reminderInterval(Duration.ofMillis(20)));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (delivered.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(delivered).extracting(ExpiryReminder::leadTime).containsExactly(Duration.ofDays(7));
  }
}
