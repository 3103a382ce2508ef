package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated credentials go into the in-memory reference and into a database; every generated query
 * must then answer the same on both: same items, same order, same totals.
 */
@DisplayName("JDBC repository answers like the in-memory reference on generated data")
class DifferentialTest {

  /** Letters that trip collations, case folding and LIKE: accents, ß, dotted I, wildcards. */
  private static final String ALPHABET = "aAbBzZéÉßİı_%! .0";

  private static final List<TenantId> TENANTS =
      List.of(TenantId.of("t1"), TenantId.of("t2"), TenantId.of("T1"));

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sameAnswers(Kind kind) {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (CredentialRepository reference = new InMemoryCredentialRepository();
        CredentialRepository jdbc = TestDatabases.freshRepository(kind)) {
      for (int i = 0; i < 80; i++) {
        StoredCredential s = generate(random);
        Throwable expected = insert(reference, s);
        Throwable actual = insert(jdbc, s);
        assertThat(actual == null ? null : actual.getClass())
            .as("insert %s (seed %d)", s.metadata(), seed)
            .isEqualTo(expected == null ? null : expected.getClass());
      }
      for (int q = 0; q < 60; q++) {
        TenantId tenant = TENANTS.get(random.nextInt(TENANTS.size()));
        CredentialQuery query = query(random);
        PageRequest page = new PageRequest(random.nextInt(5), 1 + random.nextInt(30));
        Function<UnitOfWork, Object> list = u -> u.credentials().list(tenant, query, page);
        assertThat(jdbc.read(list))
            .as("%s %s (seed %d)", query, page, seed)
            .isEqualTo(reference.read(list));
        Instant before = Instant.ofEpochSecond(1_800_000_000L + random.nextInt(1_000_000));
        Function<UnitOfWork, Object> expiring = u -> u.credentials().expiringBefore(tenant, before);
        assertThat(jdbc.read(expiring))
            .as("expiring (seed %d)", seed)
            .isEqualTo(reference.read(expiring));
        Set<String> codes =
            new java.util.HashSet<>(List.of("p" + random.nextInt(3), "p" + random.nextInt(3)));
        Function<UnitOfWork, Object> ofPrototypes =
            u -> u.credentials().ofPrototypes(tenant, codes);
        assertThat(jdbc.read(ofPrototypes))
            .as("of prototypes (seed %d)", seed)
            .isEqualTo(reference.read(ofPrototypes));
      }
      Function<UnitOfWork, Object> keys = u -> u.credentials().countByKeyId();
      assertThat(jdbc.read(keys)).isEqualTo(reference.read(keys));
      Function<UnitOfWork, Object> notSealed = u -> u.credentials().notSealedWith("k0", 25);
      assertThat(jdbc.read(notSealed)).as("seed %d", seed).isEqualTo(reference.read(notSealed));
    }
  }

  private static Throwable insert(CredentialRepository repository, StoredCredential s) {
    try {
      repository.inTransaction(
          u -> {
            u.credentials().insert(s);
            return null;
          });
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static String word(Random random, int maxLength) {
    int length = 1 + random.nextInt(maxLength);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  private static StoredCredential generate(Random random) {
    Fixtures.Cred c =
        Fixtures.cred(word(random, 6))
            .tenant(TENANTS.get(random.nextInt(TENANTS.size())))
            .env(random.nextBoolean() ? "production" : "staging")
            .prototype("p" + random.nextInt(3))
            .active(random.nextInt(4) > 0)
            .keyId("k" + random.nextInt(3));
    c.tags = random.nextBoolean() ? Set.of("x") : Set.of("y", "z" + random.nextInt(2));
    if (random.nextBoolean()) {
      c.expires(
          Instant.ofEpochSecond(1_800_000_000L + random.nextInt(1_000_000), random.nextInt(1000)));
    }
    c.id(CredentialId.random());
    return c.build();
  }

  private static CredentialQuery query(Random random) {
    CredentialQuery q = CredentialQuery.all();
    if (random.nextInt(3) == 0) {
      q = q.withPrototype("p" + random.nextInt(3));
    }
    if (random.nextInt(3) == 0) {
      q = q.withEnvironment(random.nextBoolean() ? "production" : "staging");
    }
    if (random.nextInt(3) == 0) {
      q = q.withTag(List.of("x", "y", "z0", "z1").get(random.nextInt(4)));
    }
    if (random.nextInt(3) == 0) {
      q = q.withActive(random.nextBoolean());
    }
    if (random.nextInt(2) == 0) {
      q = q.withNameContaining(word(random, 2));
    }
    return q;
  }
}
