package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Binding;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated operation sequences across tenants, applied to the in-memory repository, end as the
 * generator's model says: tenant isolation, uniqueness and round trips hold for every step.
 */
class ModelBasedRepositoryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static byte[] encode(Map<String, String> values) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(values).forEach((k, v) -> b.append(k).append('=').append(v).append('\u0000'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 17, 42, 2026, 31337, -5})
  void operationsEndAsTheModelSays(long seed) {
    Generators gen = Generators.seeded(seed);
    List<TenantId> tenants = gen.tenants(3);
    List<Generators.Op> ops = gen.operations(SamplePrototypes.all(), tenants, 300);
    Map<Integer, CredentialId> ids = new HashMap<>();
    Map<Integer, Map<String, String>> written = new HashMap<>();
    Map<Integer, TenantId> owners = new HashMap<>();
    Set<Integer> alive = new HashSet<>();

    try (CredentialRepository repo = new InMemoryCredentialRepository()) {
      for (int i = 0; i < ops.size(); i++) {
        Generators.Op op = ops.get(i);
        CredentialId id = ids.computeIfAbsent(op.ref(), r -> CredentialId.random());
        Generators.Outcome actual = apply(repo, op, id, written);
        assertThat(actual).as("seed %d, step %d: %s", seed, i, op).isEqualTo(op.expected());
        if (actual == Generators.Outcome.OK) {
          if (op instanceof Generators.Create c) {
            alive.add(c.ref());
            owners.put(c.ref(), c.tenant());
          } else if (op instanceof Generators.Delete d) {
            alive.remove(d.ref());
          }
        }
      }
      for (TenantId t : tenants) {
        Set<CredentialId> listed =
            repo
                .read(u -> u.credentials().list(t, CredentialQuery.all(), PageRequest.first(1000)))
                .items()
                .stream()
                .map(s -> s.metadata().id())
                .collect(Collectors.toSet());
        Set<CredentialId> expected =
            alive.stream()
                .filter(r -> owners.get(r).equals(t))
                .map(ids::get)
                .collect(Collectors.toSet());
        assertThat(listed).as("seed %d, credentials of %s", seed, t).isEqualTo(expected);
        for (int ref : ids.keySet()) {
          if (!alive.contains(ref)) {
            List<Binding> left = repo.read(u -> u.bindings().ofCredential(t, ids.get(ref)));
            assertThat(left).as("bindings of deleted #%d", ref).isEmpty();
          }
        }
      }
    }
  }

  private static Generators.Outcome apply(
      CredentialRepository repo,
      Generators.Op op,
      CredentialId id,
      Map<Integer, Map<String, String>> written) {
    if (op instanceof Generators.Create c) {
      CredentialMetadata m =
          new CredentialMetadata(
              id,
              c.tenant(),
              c.prototype(),
              c.name(),
              c.environment(),
              "",
              Set.of(),
              true,
              Optional.empty(),
              1,
              T0,
              T0,
              "k1",
              Optional.empty());
      try {
        repo.inTransaction(
            u -> {
              u.credentials().insert(new StoredCredential(m, encode(c.values())));
              return null;
            });
        written.put(c.ref(), c.values());
        return Generators.Outcome.OK;
      } catch (DuplicateCredentialException e) {
        return Generators.Outcome.DUPLICATE;
      }
    }
    if (op instanceof Generators.Update up) {
      try {
        return repo.inTransaction(
            u -> {
              Optional<StoredCredential> cur = u.credentials().find(up.tenant(), id);
              if (cur.isEmpty()) {
                return Generators.Outcome.NOT_FOUND;
              }
              CredentialMetadata m = cur.get().metadata();
              CredentialMetadata next =
                  new CredentialMetadata(
                      m.id(),
                      m.tenant(),
                      m.prototype(),
                      up.newName().orElse(m.name()),
                      m.environment(),
                      m.description(),
                      m.tags(),
                      m.active(),
                      m.expiresAt(),
                      m.version() + 1,
                      m.createdAt(),
                      T0.plusSeconds(m.version()),
                      m.keyId(),
                      m.lastTest());
              u.credentials().update(new StoredCredential(next, encode(up.values())), m.version());
              written.put(up.ref(), up.values());
              return Generators.Outcome.OK;
            });
      } catch (DuplicateCredentialException e) {
        return Generators.Outcome.DUPLICATE;
      } catch (ConcurrentCredentialModificationException e) {
        return Generators.Outcome.NOT_FOUND;
      }
    }
    if (op instanceof Generators.Delete d) {
      return repo.inTransaction(u -> u.credentials().delete(d.tenant(), id))
          ? Generators.Outcome.OK
          : Generators.Outcome.NOT_FOUND;
    }
    if (op instanceof Generators.Reveal r) {
      Optional<StoredCredential> s = repo.read(u -> u.credentials().find(r.tenant(), id));
      if (s.isEmpty()) {
        return Generators.Outcome.NOT_FOUND;
      }
      assertThat(s.get().sealedValues()).isEqualTo(encode(written.get(r.ref())));
      return Generators.Outcome.OK;
    }
    Generators.Bind b = (Generators.Bind) op;
    return repo.inTransaction(
        u -> {
          if (u.credentials().find(b.tenant(), id).isEmpty()) {
            return Generators.Outcome.NOT_FOUND;
          }
          u.bindings()
              .put(
                  new Binding(
                      b.tenant(), b.consumerId(), b.topic(), id, Optional.empty(), T0, "user:t"));
          return Generators.Outcome.OK;
        });
  }
}
