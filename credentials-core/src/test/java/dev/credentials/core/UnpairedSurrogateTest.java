package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.credentials.CredentialQuery;
import dev.credentials.CredentialValidationException;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.Violation;
import dev.credentials.audit.AuditQuery;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A lone half of a UTF-16 surrogate pair cannot be encoded as UTF-8: a driver or an encoder turns
 * it into '?' without a word. Names, descriptions and values holding one are refused up front,
 * naming the field, and nothing is written.
 */
@DisplayName("Unpaired surrogates")
class UnpairedSurrogateTest {

  final Fixture.TestClock clock = Fixture.clock();
  final Credentials engine = Fixture.engine(clock, new Fixture.Script());

  @AfterEach
  void close() {
    engine.close();
  }

  /** Well-formed text with one lone surrogate (high or low) somewhere, from a seeded generator. */
  static String withLoneSurrogate(Random random) {
    StringBuilder s = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      s.append(random.nextInt(4) == 0 ? "\uD83D\uDE00" : String.valueOf((char) ('a' + i % 26)));
    }
    char lone =
        random.nextBoolean()
            ? (char) (0xD800 + random.nextInt(0x400))
            : (char) (0xDC00 + random.nextInt(0x400));
    // Never directly before a low surrogate or after a high one, so that it stays unpaired.
    int at = random.nextInt(s.length() + 1);
    while (at > 0 && Character.isHighSurrogate(s.charAt(at - 1))
        || at < s.length() && Character.isLowSurrogate(s.charAt(at))) {
      at = random.nextInt(s.length() + 1);
    }
    return s.insert(at, lone).toString();
  }

  static NewCredential.Builder db(String name) {
    return NewCredential.builder("demo-db", name)
        .value("DB_HOST", "db.internal")
        .value("DB_USER", "app")
        .secret("DB_PASSWORD", Secret.of("pw"));
  }

  @Test
  @DisplayName(
      "a name or a description with one is refused, naming the field, and nothing is written")
  void namesAndDescriptions() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      String bad = withLoneSurrogate(random);
      CredentialValidationException byName =
          catchThrowableOfType(
              CredentialValidationException.class,
              () -> engine.store().create(ADMIN, db(bad).build()));
      assertThat(byName.violations()).extracting(Violation::path).containsExactly("name");
      assertThat(byName.violations().get(0).message()).contains("unpaired UTF-16 surrogate");
      CredentialValidationException byDescription =
          catchThrowableOfType(
              CredentialValidationException.class,
              () -> engine.store().create(ADMIN, db("ok").description(bad).build()));
      assertThat(byDescription.violations())
          .extracting(Violation::path)
          .containsExactly("description");
    }
    assertThat(engine.store().list(ADMIN, CredentialQuery.all(), PageRequest.first(10)).items())
        .isEmpty();
    assertThat(engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(10)).items())
        .isEmpty();
  }

  @Test
  @DisplayName("a value with one is refused when it is set, naming the field")
  void values() {
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      String bad = withLoneSurrogate(random);
      CredentialValidationException e =
          catchThrowableOfType(
              CredentialValidationException.class,
              () -> NewCredential.builder("demo-db", "x").value("DB_HOST", bad));
      assertThat(e.violations()).extracting(Violation::path).containsExactly("DB_HOST");
      assertThat(e.getMessage()).doesNotContain(bad);
      assertThatThrownBy(() -> Secret.of(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired UTF-16 surrogate")
          .hasMessageNotContaining(bad);
    }
  }

  @Test
  @DisplayName("well-formed text outside the BMP is stored and found as it is")
  void pairsAreFine() {
    String name = "db \uD83D\uDE00 \uD834\uDD1E";
    engine.store().create(ADMIN, db(name).value("DB_HOST", "h\uD83D\uDE00st").build());
    assertThat(engine.store().findByName(ADMIN, name, "production")).isPresent();
  }

  @Test
  @DisplayName("looking a name with one up finds nothing and throws nothing")
  void lookups() {
    engine.store().create(ADMIN, db("a?b").build());
    assertThat(engine.store().findByName(ADMIN, "a\uD800b", "production")).isEmpty();
  }
}
