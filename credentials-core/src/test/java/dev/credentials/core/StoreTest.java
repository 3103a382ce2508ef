package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.Consumer;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialExpiredException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialInactiveException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.CredentialUpdate;
import dev.credentials.CredentialValidationException;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.ErrorCode;
import dev.credentials.NewCredential;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.UnknownPrototypeException;
import dev.credentials.Violation;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The credential store")
class StoreTest {

  final Fixture.TestClock clock = Fixture.clock();
  final Fixture.Script check = new Fixture.Script();
  final Credentials engine = Fixture.engine(clock, check);

  @AfterEach
  void close() {
    engine.close();
  }

  static NewCredential.Builder db(String name) {
    return NewCredential.builder("demo-db", name)
        .value("DB_HOST", "db.internal")
        .value("DB_USER", "app")
        .secret("DB_PASSWORD", Secret.of("pw-" + name));
  }

  CredentialMetadata create(String name) {
    return engine.store().create(ADMIN, db(name).build());
  }

  List<AuditEvent> audit() {
    return engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items();
  }

  @Nested
  @DisplayName("create")
  class Create {
    @Test
    @DisplayName("stores metadata, applies defaults and seals the values")
    void roundTrip() {
      CredentialMetadata m =
          engine
              .store()
              .create(
                  ADMIN, db("main").environment("staging").tag("team-a").description("d").build());
      assertThat(m.version()).isEqualTo(1);
      assertThat(m.environment()).isEqualTo("staging");
      assertThat(m.tags()).containsExactly("team-a");
      assertThat(m.createdAt()).isEqualTo(clock.instant());
      assertThat(engine.store().get(ADMIN, m.id())).isEqualTo(m);
      RevealedCredential r = engine.store().reveal(ADMIN, m.id());
      assertThat(r.values().keySet())
          .containsExactlyInAnyOrder("DB_HOST", "DB_USER", "DB_PASSWORD", "DB_PORT", "DB_SSL");
      assertThat(r.value("DB_PORT").orElseThrow().reveal()).isEqualTo("5432");
      assertThat(r.value("DB_PASSWORD").orElseThrow().reveal()).isEqualTo("pw-main");
    }

    @Test
    @DisplayName("uses the default environment when none is given")
    void defaultEnvironment() {
      assertThat(create("x").environment()).isEqualTo("production");
      assertThat(engine.store().findByName(ADMIN, "x")).isPresent();
      assertThat(engine.store().findByName(ADMIN, "x", "staging")).isEmpty();
    }

    @Test
    @DisplayName(
        "reports every violation of values and metadata at once, by field, and writes nothing")
    void allViolations() {
      NewCredential bad =
          NewCredential.builder("demo-db", " ")
              .environment("Prod!")
              .value("DB_PORT", "70000")
              .value("DB_SSL", "true")
              .value("DB_MODE", "rx")
              .value("DB_ADMIN", "not-an-email")
              .value("NOPE", "1")
              .secret("DB_PASSWORD", Secret.of(""))
              .build();
      assertThatThrownBy(() -> engine.store().create(ADMIN, bad))
          .isInstanceOfSatisfying(
              CredentialValidationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                assertThat(e.violations())
                    .extracting(Violation::path)
                    .contains(
                        "name",
                        "environment",
                        "DB_HOST",
                        "DB_PORT",
                        "DB_USER",
                        "DB_PASSWORD",
                        "DB_SSL_CERT",
                        "DB_MODE",
                        "DB_ADMIN",
                        "NOPE");
                assertThat(e.getMessage())
                    .contains("DB_PORT: must be between 1 and 65535")
                    .contains("DB_SSL_CERT: is required when DB_SSL is 'true'")
                    .contains("DB_MODE: must be one of: rw (Read-write), ro (Read-only)")
                    .doesNotContain("70000");
              });
      assertThat(engine.store().list(ADMIN, CredentialQuery.all(), PageRequest.first(10)).total())
          .isZero();
      assertThat(audit()).isEmpty();
    }

    @Test
    @DisplayName("drops the value of a field hidden by its condition")
    void hiddenField() {
      CredentialMetadata m =
          engine.store().create(ADMIN, db("x").value("DB_SSL_CERT", "-----BEGIN-----").build());
      assertThat(engine.store().reveal(ADMIN, m.id()).values()).doesNotContainKey("DB_SSL_CERT");
    }

    @Test
    @DisplayName("refuses an unknown prototype")
    void unknownPrototype() {
      assertThatThrownBy(
              () -> engine.store().create(ADMIN, NewCredential.builder("nope", "x").build()))
          .isInstanceOf(UnknownPrototypeException.class)
          .hasMessageContaining("'nope'");
    }

    @Test
    @DisplayName("keeps (tenant, name, environment) unique, active or not")
    void unique() {
      engine.store().create(ADMIN, db("x").active(false).build());
      assertThatThrownBy(() -> create("x"))
          .isInstanceOf(DuplicateCredentialException.class)
          .hasMessageContaining("'x'");
      engine.store().create(ADMIN, db("x").environment("staging").build());
      engine.store().create(GLOBEX_ADMIN, db("x").build());
      assertThat(audit()).extracting(AuditEvent::action).containsOnly(AuditAction.CREATED);
    }
  }

  @Nested
  @DisplayName("update")
  class Update {
    @Test
    @DisplayName("changes only what is given, re-validates and re-seals, and audits the changes")
    void partial() {
      CredentialMetadata m = create("x");
      clock.advance(Duration.ofMinutes(1));
      CredentialMetadata u =
          engine
              .store()
              .update(
                  ADMIN,
                  m.id(),
                  CredentialUpdate.builder(1)
                      .name("y")
                      .secret("DB_PASSWORD", Secret.of("new-password"))
                      .value("DB_HOST", "db.internal")
                      .build());
      assertThat(u.version()).isEqualTo(2);
      assertThat(u.name()).isEqualTo("y");
      assertThat(u.updatedAt()).isEqualTo(clock.instant());
      assertThat(engine.store().reveal(ADMIN, m.id()).value("DB_PASSWORD").orElseThrow().reveal())
          .isEqualTo("new-password");
      AuditEvent updated =
          audit().stream().filter(e -> e.action() == AuditAction.UPDATED).findFirst().orElseThrow();
      assertThat(updated.details())
          .containsEntry("name", "x → y")
          .containsEntry("fields", "DB_PASSWORD")
          .containsEntry("version", "1 → 2");
      assertThat(updated.details().toString()).doesNotContain("new-password", "pw-x");
    }

    @Test
    @DisplayName("fails on a stale version and changes nothing")
    void stale() {
      CredentialMetadata m = create("x");
      engine.store().update(ADMIN, m.id(), CredentialUpdate.builder(1).description("a").build());
      assertThatThrownBy(
              () ->
                  engine
                      .store()
                      .update(ADMIN, m.id(), CredentialUpdate.builder(1).description("b").build()))
          .isInstanceOf(ConcurrentCredentialModificationException.class);
      assertThat(engine.store().get(ADMIN, m.id()).description()).isEqualTo("a");
    }

    @Test
    @DisplayName("rejects invalid values and writes nothing")
    void invalid() {
      CredentialMetadata m = create("x");
      assertThatThrownBy(
              () ->
                  engine
                      .store()
                      .update(
                          ADMIN, m.id(), CredentialUpdate.builder(1).value("DB_PORT", "0").build()))
          .isInstanceOf(CredentialValidationException.class)
          .hasMessageContaining("DB_PORT");
      assertThat(engine.store().get(ADMIN, m.id()).version()).isEqualTo(1);
    }

    @Test
    @DisplayName("renaming onto a taken name is a duplicate")
    void renameDuplicate() {
      create("a");
      CredentialMetadata b = create("b");
      assertThatThrownBy(
              () ->
                  engine
                      .store()
                      .update(ADMIN, b.id(), CredentialUpdate.builder(1).name("a").build()))
          .isInstanceOf(DuplicateCredentialException.class);
    }
  }

  @Nested
  @DisplayName("reveal")
  class Reveal {
    @Test
    @DisplayName("audits the access with the fields read")
    void audited() {
      CredentialMetadata m = create("x");
      engine.store().reveal(ADMIN.withClientAddress("10.0.0.1").withCorrelationId("req-1"), m.id());
      AuditEvent e = audit().get(audit().size() - 1);
      assertThat(e.action()).isEqualTo(AuditAction.ACCESSED);
      assertThat(e.details().get("fields")).isEqualTo("DB_HOST,DB_PASSWORD,DB_PORT,DB_SSL,DB_USER");
      assertThat(e.clientAddress()).contains("10.0.0.1");
      assertThat(e.correlationId()).contains("req-1");
      assertThat(e.principal()).isEqualTo("user:alice");
    }

    @Test
    @DisplayName(
        "gives a typed error and an audit entry for not found, inactive, expired and undecryptable")
    void failures() {
      CredentialId missing = CredentialId.random();
      assertThatThrownBy(() -> engine.store().reveal(ADMIN, missing))
          .isInstanceOf(CredentialNotFoundException.class);
      CredentialMetadata inactive = engine.store().create(ADMIN, db("i").active(false).build());
      assertThatThrownBy(() -> engine.store().reveal(ADMIN, inactive.id()))
          .isInstanceOf(CredentialInactiveException.class);
      CredentialMetadata expiring =
          engine.store().create(ADMIN, db("e").expiresAt(clock.instant().plusSeconds(60)).build());
      engine.store().reveal(ADMIN, expiring.id());
      clock.advance(Duration.ofSeconds(60));
      assertThatThrownBy(() -> engine.store().reveal(ADMIN, expiring.id()))
          .isInstanceOf(CredentialExpiredException.class);
      assertThat(
              audit().stream()
                  .filter(e -> e.action() == AuditAction.ACCESS_FAILED)
                  .map(e -> e.details().get("reason")))
          .containsExactly("not found", "inactive", "expired");
    }

    @Test
    @DisplayName("fails closed with the wrong key, naming credential and key but no value")
    void wrongKey() {
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      CredentialMetadata m;
      try (Credentials first =
          Credentials.builder()
              .repository(repo)
              .keys(CredentialKeys.generate())
              .discoverPrototypes(false)
              .prototype(Fixture.db())
              .build()) {
        m = first.store().create(ADMIN, db("x").build());
      }
      try (Credentials second =
          Credentials.builder()
              .repository(repo)
              .keys(CredentialKeys.generate())
              .discoverPrototypes(false)
              .prototype(Fixture.db())
              .tolerateMissingKeys()
              .build()) {
        assertThatThrownBy(() -> second.store().reveal(ADMIN, m.id()))
            .isInstanceOfSatisfying(
                CredentialDecryptionException.class,
                e -> {
                  assertThat(e.credentialId()).isEqualTo(m.id());
                  assertThat(e.keyId()).isEqualTo(m.keyId());
                  assertThat(e.getMessage())
                      .contains(m.id().value(), m.keyId())
                      .doesNotContain("pw-x");
                });
        assertThat(
                second
                    .audit()
                    .query(
                        ADMIN,
                        AuditQuery.all().withAction(AuditAction.ACCESS_FAILED),
                        PageRequest.first(5))
                    .items())
            .singleElement()
            .satisfies(e -> assertThat(e.details().get("reason")).contains("cannot decrypt"));
      }
    }
  }

  @Nested
  @DisplayName("tenancy")
  class Tenancy {
    @Test
    @DisplayName("ids of another tenant behave exactly like absent ones")
    void isolation() {
      CredentialMetadata m = create("x");
      CredentialId id = m.id();
      assertThatThrownBy(() -> engine.store().get(GLOBEX_ADMIN, id))
          .isInstanceOf(CredentialNotFoundException.class)
          .hasMessage(
              "no credential with id "
                  + id
                  + " in tenant globex; list the tenant's credentials to find the right id");
      assertThatThrownBy(() -> engine.store().reveal(GLOBEX_ADMIN, id))
          .isInstanceOf(CredentialNotFoundException.class);
      assertThatThrownBy(
              () ->
                  engine
                      .store()
                      .update(GLOBEX_ADMIN, id, CredentialUpdate.builder(1).name("z").build()))
          .isInstanceOf(CredentialNotFoundException.class);
      assertThatThrownBy(() -> engine.store().delete(GLOBEX_ADMIN, id))
          .isInstanceOf(CredentialNotFoundException.class);
      assertThat(
              engine
                  .store()
                  .list(GLOBEX_ADMIN, CredentialQuery.all(), PageRequest.first(10))
                  .total())
          .isZero();
      assertThat(engine.store().findByName(GLOBEX_ADMIN, "x")).isEmpty();
      assertThat(engine.store().get(ADMIN, id).name()).isEqualTo("x");
    }
  }

  @Nested
  @DisplayName("list")
  class Listing {
    @Test
    @DisplayName("filters by prototype, environment, tag, active and name text, and pages")
    void filters() {
      engine.store().create(ADMIN, db("alpha").tag("t1").build());
      engine.store().create(ADMIN, db("beta").environment("staging").build());
      engine.store().create(ADMIN, db("gamma").active(false).build());
      engine
          .store()
          .create(
              ADMIN,
              NewCredential.builder("demo-api", "api")
                  .value("API_URL", "https://x.example")
                  .secret("API_TOKEN", Secret.of("tok"))
                  .build());
      Page<CredentialMetadata> all =
          engine.store().list(ADMIN, CredentialQuery.all(), PageRequest.first(2));
      assertThat(all.total()).isEqualTo(4);
      assertThat(all.items()).extracting(CredentialMetadata::name).containsExactly("alpha", "api");
      assertThat(all.hasNext()).isTrue();
      assertThat(engine.store().list(ADMIN, CredentialQuery.all(), all.request().next()).items())
          .extracting(CredentialMetadata::name)
          .containsExactly("beta", "gamma");
      assertThat(names(CredentialQuery.all().withPrototype("demo-api"))).containsExactly("api");
      assertThat(names(CredentialQuery.all().withEnvironment("staging"))).containsExactly("beta");
      assertThat(names(CredentialQuery.all().withTag("t1"))).containsExactly("alpha");
      assertThat(names(CredentialQuery.all().withActive(false))).containsExactly("gamma");
      assertThat(names(CredentialQuery.all().withNameContaining("MM"))).containsExactly("gamma");
    }

    List<String> names(CredentialQuery q) {
      return engine.store().list(ADMIN, q, PageRequest.first(100)).items().stream()
          .map(CredentialMetadata::name)
          .toList();
    }

    @Test
    @DisplayName("lists active credentials expiring within a window, soonest first")
    void expiring() {
      engine
          .store()
          .create(ADMIN, db("later").expiresAt(clock.instant().plus(Duration.ofDays(20))).build());
      engine
          .store()
          .create(ADMIN, db("soon").expiresAt(clock.instant().plus(Duration.ofDays(2))).build());
      engine.store().create(ADMIN, db("never").build());
      engine
          .store()
          .create(
              ADMIN,
              db("off").active(false).expiresAt(clock.instant().plus(Duration.ofDays(1))).build());
      assertThat(engine.store().expiringWithin(ADMIN, Duration.ofDays(30)))
          .extracting(CredentialMetadata::name)
          .containsExactly("soon", "later");
      assertThat(engine.store().expiringWithin(ADMIN, Duration.ofDays(7)))
          .extracting(CredentialMetadata::name)
          .containsExactly("soon");
      // A window past every representable instant means every expiry, not an ArithmeticException.
      for (Duration huge :
          List.of(
              Duration.ofSeconds(Long.MAX_VALUE),
              Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))) {
        assertThat(engine.store().expiringWithin(ADMIN, huge))
            .extracting(CredentialMetadata::name)
            .containsExactly("soon", "later");
      }
    }
  }

  @Nested
  @DisplayName("delete")
  class Delete {
    @Test
    @DisplayName(
        "removes the credential and its bindings in one unit of work, keeping its audit history")
    void delete() {
      CredentialMetadata m =
          engine
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder("demo-api", "api")
                      .value("API_URL", "https://x.example")
                      .secret("API_TOKEN", Secret.of("tok"))
                      .build());
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", m.id()));
      engine.store().delete(ADMIN, m.id());
      assertThatThrownBy(() -> engine.store().get(ADMIN, m.id()))
          .isInstanceOf(CredentialNotFoundException.class);
      assertThat(engine.bindings().bindings(ADMIN, "job")).isEmpty();
      assertThat(
              engine
                  .audit()
                  .query(ADMIN, AuditQuery.all().withCredential(m.id()), PageRequest.first(10))
                  .items())
          .extracting(AuditEvent::action)
          .containsExactly(
              AuditAction.CREATED, AuditAction.BOUND, AuditAction.UNBOUND, AuditAction.DELETED);
      assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
    }
  }

  @Nested
  @DisplayName("connection test")
  class ConnectionTests {
    @Test
    @DisplayName("records state, message and time on the credential and audits it")
    void recorded() {
      Fixture.Script test = new Fixture.Script().then(CredentialState.MISCONFIGURED);
      try (Credentials e =
          Credentials.builder()
              .repository(new InMemoryCredentialRepository())
              .keys(CredentialKeys.generate())
              .clock(clock)
              .discoverPrototypes(false)
              .prototype(Fixture.db(), new Fixture.Script(), test::check)
              .build()) {
        CredentialMetadata m = e.store().create(ADMIN, db("x").build());
        CheckResult r = e.store().test(ADMIN, m.id());
        assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
        CredentialMetadata after = e.store().get(ADMIN, m.id());
        assertThat(after.lastTest()).contains(r);
        assertThat(after.version()).isEqualTo(1);
        assertThat(
                e.audit()
                    .query(
                        ADMIN,
                        AuditQuery.all().withAction(AuditAction.TESTED),
                        PageRequest.first(5))
                    .items())
            .singleElement()
            .satisfies(ev -> assertThat(ev.details()).containsEntry("state", "MISCONFIGURED"));
      }
    }

    @Test
    @DisplayName("gives UNKNOWN for a prototype without a test")
    void noTest() {
      CredentialMetadata m = create("x");
      assertThat(engine.store().test(ADMIN, m.id()).state()).isEqualTo(CredentialState.UNKNOWN);
    }
  }

  @Test
  @DisplayName("never shows values in toString of requests")
  void toStrings() {
    NewCredential c = db("x").build();
    assertThat(c.toString()).doesNotContain("pw-x");
    assertThat(
            CredentialUpdate.builder(1).secret("DB_PASSWORD", Secret.of("pw-y")).build().toString())
        .doesNotContain("pw-y");
    assertThat(Set.of(Secret.of("pw-z")).toString()).doesNotContain("pw-z");
  }
}
