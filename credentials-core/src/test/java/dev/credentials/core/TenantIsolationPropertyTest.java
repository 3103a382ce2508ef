package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialUpdate;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.UnknownConsumerException;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random operation sequences over several tenants, checked against a model after every step. The
 * seed is in the test name, so a failure reproduces exactly.
 */
@DisplayName("Tenant isolation under random operation sequences")
class TenantIsolationPropertyTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261122})
  @DisplayName("no tenant ever sees, changes or audits another tenant's credentials")
  void isolation(long seed) {
    Random random = new Random(seed);
    List<TenantId> tenants = List.of(TenantId.of("t1"), TenantId.of("t2"), TenantId.of("t3"));
    Map<TenantId, Caller> admins = new HashMap<>();
    Map<TenantId, Map<CredentialId, CredentialMetadata>> model = new HashMap<>();
    for (TenantId t : tenants) {
      admins.put(t, Caller.of(t, Principal.admin("admin-" + t, t)));
      model.put(t, new HashMap<>());
    }
    try (Credentials engine = Fixture.engine(Fixture.clock(), new Fixture.Script())) {
      for (TenantId t : tenants) {
        engine.bindings().declare(admins.get(t), Consumer.of("job", "demo-api"));
      }
      for (int step = 0; step < 150; step++) {
        TenantId t = tenants.get(random.nextInt(tenants.size()));
        Caller me = admins.get(t);
        Map<CredentialId, CredentialMetadata> mine = model.get(t);
        List<CredentialId> foreign = new ArrayList<>();
        model.forEach(
            (other, creds) -> {
              if (!other.equals(t)) {
                foreign.addAll(creds.keySet());
              }
            });
        int op = random.nextInt(6);
        String name = "c" + random.nextInt(12);
        switch (op) {
          case 0, 1 -> {
            NewCredential c =
                NewCredential.builder("demo-api", name)
                    .value("API_URL", "https://" + t + ".example")
                    .secret("API_TOKEN", Secret.of("token-of-" + t + "-" + step))
                    .build();
            boolean taken = mine.values().stream().anyMatch(m -> m.name().equals(name));
            if (taken) {
              assertThatThrownBy(() -> engine.store().create(me, c))
                  .isInstanceOf(DuplicateCredentialException.class);
            } else {
              CredentialMetadata m = engine.store().create(me, c);
              mine.put(m.id(), m);
            }
          }
          case 2 -> {
            if (!mine.isEmpty()) {
              CredentialMetadata m = pick(random, new ArrayList<>(mine.values()));
              CredentialMetadata u =
                  engine
                      .store()
                      .update(
                          me,
                          m.id(),
                          CredentialUpdate.builder(m.version())
                              .description("step " + step)
                              .build());
              mine.put(u.id(), u);
            }
          }
          case 3 -> {
            if (!mine.isEmpty()) {
              CredentialId id = pick(random, new ArrayList<>(mine.keySet()));
              engine.store().delete(me, id);
              mine.remove(id);
            }
          }
          case 4 -> {
            if (!mine.isEmpty()) {
              CredentialId id = pick(random, new ArrayList<>(mine.keySet()));
              engine.bindings().bind(me, BindingRequest.of("job", "demo-api", id));
              assertThat(
                      engine.resolver().resolve(me, "job").get("API_TOKEN").orElseThrow().reveal())
                  .startsWith("token-of-" + t + "-");
            }
          }
          default -> {
            if (!foreign.isEmpty()) {
              CredentialId id = pick(random, foreign);
              assertThatThrownBy(() -> engine.store().get(me, id))
                  .isInstanceOf(CredentialNotFoundException.class);
              assertThatThrownBy(() -> engine.store().reveal(me, id))
                  .isInstanceOf(CredentialNotFoundException.class);
              assertThatThrownBy(
                      () ->
                          engine
                              .store()
                              .update(me, id, CredentialUpdate.builder(1).description("x").build()))
                  .isInstanceOf(CredentialNotFoundException.class);
              assertThatThrownBy(() -> engine.store().delete(me, id))
                  .isInstanceOf(CredentialNotFoundException.class);
              assertThatThrownBy(
                      () -> engine.bindings().bind(me, BindingRequest.of("job", "demo-api", id)))
                  .isInstanceOf(CredentialNotFoundException.class);
              assertThatThrownBy(() -> engine.bindings().status(me, "no-such-consumer"))
                  .isInstanceOf(UnknownConsumerException.class);
            }
          }
        }
        for (TenantId each : tenants) {
          Caller c = admins.get(each);
          Set<CredentialId> listed =
              engine
                  .store()
                  .list(c, CredentialQuery.all(), PageRequest.first(1000))
                  .items()
                  .stream()
                  .map(CredentialMetadata::id)
                  .collect(Collectors.toSet());
          assertThat(listed)
              .as("seed %d step %d tenant %s", seed, step, each)
              .isEqualTo(model.get(each).keySet());
        }
      }
      for (TenantId t : tenants) {
        List<AuditEvent> events =
            engine.audit().query(admins.get(t), AuditQuery.all(), PageRequest.first(1000)).items();
        assertThat(events).allSatisfy(e -> assertThat(e.tenant()).isEqualTo(t));
        for (AuditEvent e : events) {
          assertThat(e.toString()).doesNotContain("token-of-");
        }
        for (TenantId other : tenants) {
          if (!other.equals(t)) {
            Set<CredentialId> otherIds = model.get(other).keySet();
            // A foreign id appears in this tenant's log only where this tenant's caller probed it,
            // recorded exactly as a probe of an absent id: a failed access, "not found".
            assertThat(events)
                .filteredOn(e -> e.credentialId().filter(otherIds::contains).isPresent())
                .allSatisfy(
                    e -> {
                      assertThat(e.action())
                          .isEqualTo(dev.credentials.audit.AuditAction.ACCESS_FAILED);
                      assertThat(e.details()).isEqualTo(Map.of("reason", "not found"));
                    });
          }
        }
        assertThat(engine.audit().verify(admins.get(t)).intact()).isTrue();
      }
    }
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
