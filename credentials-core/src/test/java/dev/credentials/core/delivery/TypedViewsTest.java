package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialValidationException;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("TypedViews")
class TypedViewsTest {

  @FieldPrefix("DB_")
  record PostgresConnection(String host, int port, String database, String user, Secret password) {}

  enum Mode {
    READ_ONLY,
    READ_WRITE
  }

  /** One component of every supported type. */
  record Everything(
      String text,
      Secret secret,
      char[] chars,
      int intValue,
      Integer boxedInt,
      long longValue,
      Long boxedLong,
      double doubleValue,
      Double boxedDouble,
      boolean flag,
      Boolean boxedFlag,
      BigDecimal amount,
      BigInteger big,
      URI uri,
      URL url,
      Path path,
      Duration timeout,
      Mode mode,
      @Field("CUSTOM_CODE") String renamed,
      Optional<String> maybeText,
      Optional<Integer> maybeInt,
      Optional<Secret> maybeSecret) {}

  /** The same as an interface, with bean-style and plain getters. */
  @FieldPrefix("APP_")
  interface EverythingView {
    String getText();

    Secret secret();

    char[] chars();

    int intValue();

    long longValue();

    double doubleValue();

    boolean isFlag();

    Boolean boxedFlag();

    BigDecimal amount();

    BigInteger big();

    URI uri();

    URL url();

    Path path();

    Duration timeout();

    Mode mode();

    @Field("CUSTOM_CODE")
    String renamed();

    Optional<String> maybeText();

    Optional<Duration> maybeTimeout();

    Optional<char[]> maybeChars();

    default String hostAndPort() {
      return getText() + ":" + intValue();
    }
  }

  static Map<String, Secret> everything(String prefix) {
    Map<String, Secret> m = new LinkedHashMap<>();
    m.put(prefix + "TEXT", Secret.of("hello"));
    m.put(prefix + "SECRET", Canary.SECRET);
    m.put(prefix + "CHARS", Canary.containing("ü", ""));
    m.put(prefix + "INT_VALUE", Secret.of("-42"));
    m.put(prefix + "BOXED_INT", Secret.of("7"));
    m.put(prefix + "LONG_VALUE", Secret.of("9000000000"));
    m.put(prefix + "BOXED_LONG", Secret.of("-1"));
    m.put(prefix + "DOUBLE_VALUE", Secret.of("2.5"));
    m.put(prefix + "BOXED_DOUBLE", Secret.of("1e3"));
    m.put(prefix + "FLAG", Secret.of("TRUE"));
    m.put(prefix + "BOXED_FLAG", Secret.of("false"));
    m.put(prefix + "AMOUNT", Secret.of("12.50"));
    m.put(prefix + "BIG", Secret.of("123456789012345678901234567890"));
    m.put(prefix + "URI", Secret.of("urn:isbn:0451450523"));
    m.put(prefix + "URL", Secret.of("https://db.example:8443/x?y=1"));
    m.put(prefix + "PATH", Secret.of("/etc/app/key.pem"));
    m.put(prefix + "TIMEOUT", Secret.of("PT1M30S"));
    m.put(prefix + "MODE", Secret.of("read_write"));
    m.put("CUSTOM_CODE", Secret.of("renamed!"));
    m.put(prefix + "MAYBE_TEXT", Secret.of("here"));
    return m;
  }

  @Nested
  @DisplayName("records")
  class Records {

    @Test
    @DisplayName("the PostgreSQL example, from a credential of the real engine")
    void postgres() {
      try (EngineFixture engine = new EngineFixture(Canary.SECRET, Secret.of("t"))) {
        RevealedCredential db = engine.database();
        PostgresConnection pg = TypedViews.as(db, PostgresConnection.class);
        assertThat(pg.host()).isEqualTo("db.internal");
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.database()).isEqualTo("orders");
        assertThat(pg.user()).isEqualTo("orders_app");
        assertThat(pg.password().reveal()).isEqualTo(Canary.VALUE);
        Canary.assertNoLeak(pg);
      }
    }

    @Test
    @DisplayName("every supported type converts")
    void everyType() throws Exception {
      Everything e = TypedViews.as(everything(""), Everything.class);
      assertThat(e.text()).isEqualTo("hello");
      assertThat(e.secret()).isEqualTo(Canary.SECRET);
      assertThat(new String(e.chars())).isEqualTo("ü" + Canary.VALUE);
      assertThat(e.intValue()).isEqualTo(-42);
      assertThat(e.boxedInt()).isEqualTo(7);
      assertThat(e.longValue()).isEqualTo(9_000_000_000L);
      assertThat(e.boxedLong()).isEqualTo(-1L);
      assertThat(e.doubleValue()).isEqualTo(2.5);
      assertThat(e.boxedDouble()).isEqualTo(1000.0);
      assertThat(e.flag()).isTrue();
      assertThat(e.boxedFlag()).isFalse();
      assertThat(e.amount()).isEqualTo(new BigDecimal("12.50"));
      assertThat(e.big()).isEqualTo(new BigInteger("123456789012345678901234567890"));
      assertThat(e.uri()).isEqualTo(URI.create("urn:isbn:0451450523"));
      assertThat(e.url()).isEqualTo(URI.create("https://db.example:8443/x?y=1").toURL());
      assertThat(e.path()).isEqualTo(Path.of("/etc/app/key.pem"));
      assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(e.mode()).isEqualTo(Mode.READ_WRITE);
      assertThat(e.renamed()).isEqualTo("renamed!");
      assertThat(e.maybeText()).contains("here");
      assertThat(e.maybeInt()).isEmpty();
      assertThat(e.maybeSecret()).isEmpty();
    }

    @Test
    @DisplayName("a duration may also be a number of seconds")
    void durationSeconds() {
      record Timeouts(Duration connect) {}
      assertThat(TypedViews.as(Map.of("CONNECT", Secret.of("45")), Timeouts.class).connect())
          .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    @DisplayName("every missing or malformed field is reported at once, without values")
    void allViolations() {
      Map<String, Secret> bad = new LinkedHashMap<>(everything(""));
      bad.remove("TEXT");
      bad.put("SECRET", Secret.empty()); // empty counts as missing
      bad.put("INT_VALUE", Canary.containing("12", ""));
      bad.put("BOXED_INT", Secret.of("99999999999"));
      bad.put("LONG_VALUE", Canary.SECRET);
      bad.put("DOUBLE_VALUE", Canary.SECRET);
      bad.put("FLAG", Canary.containing("yes", ""));
      bad.put("AMOUNT", Canary.SECRET);
      bad.put("BIG", Canary.containing("1.5", ""));
      bad.put("URI", Canary.containing("bad uri ", ""));
      bad.put("URL", Canary.containing("relative/", ""));
      bad.put("PATH", Canary.containing("a\0", ""));
      bad.put("TIMEOUT", Canary.SECRET);
      bad.put("MODE", Canary.SECRET);
      bad.put("MAYBE_INT", Canary.SECRET);

      CredentialValidationException e =
          Canary.thrownWithoutLeak(
              CredentialValidationException.class, () -> TypedViews.as(bad, Everything.class));
      assertThat(e.violations())
          .extracting(Violation::path)
          .containsExactly(
              "TEXT",
              "SECRET",
              "INT_VALUE",
              "BOXED_INT",
              "LONG_VALUE",
              "DOUBLE_VALUE",
              "FLAG",
              "AMOUNT",
              "BIG",
              "URI",
              "URL",
              "PATH",
              "TIMEOUT",
              "MODE",
              "MAYBE_INT");
      assertThat(e.violations().get(0).message()).contains("missing").contains("Everything.text");
      assertThat(e.violations().get(2).message())
          .contains("whole number")
          .contains("Everything.intValue");
      assertThat(e.violations().get(6).message()).contains("true or false");
      assertThat(e.violations().get(13).message()).contains("READ_ONLY, READ_WRITE");
      assertThat(e)
          .hasMessageContaining("values as Everything")
          .hasMessageContaining("15 problems");
      e.violations().forEach(Canary::assertNoLeak);
    }

    @Test
    @DisplayName("the subject names the credential, not its values")
    void subject() {
      try (EngineFixture engine = new EngineFixture(Canary.SECRET, Canary.SECRET)) {
        record Wrong(@Field("DB_PASSWORD") int password, String missing) {}
        CredentialValidationException e =
            Canary.thrownWithoutLeak(
                CredentialValidationException.class,
                () -> TypedViews.as(engine.database(), Wrong.class));
        assertThat(e)
            .hasMessageContaining("credential 'orders-db' (" + engine.db.id() + ") as Wrong");
        assertThat(e.violations())
            .extracting(Violation::path)
            .containsExactly("DB_PASSWORD", "MISSING");
      }
    }

    @Test
    @DisplayName("a record's own validation runs")
    void compactConstructor() {
      record Port(int port) {
        Port {
          if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
          }
        }
      }
      assertThatThrownBy(() -> TypedViews.as(Map.of("PORT", Secret.of("70000")), Port.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("port out of range");
    }
  }

  @Nested
  @DisplayName("interfaces")
  class Interfaces {

    @Test
    @DisplayName("every supported type converts; default methods work; prefix and @Field apply")
    void everyType() throws Exception {
      Map<String, Secret> values = everything("APP_");
      values.put("APP_MAYBE_CHARS", Canary.SECRET);
      EverythingView v = TypedViews.as(values, EverythingView.class);
      assertThat(v.getText()).isEqualTo("hello");
      assertThat(v.secret()).isEqualTo(Canary.SECRET);
      assertThat(v.intValue()).isEqualTo(-42);
      assertThat(v.longValue()).isEqualTo(9_000_000_000L);
      assertThat(v.doubleValue()).isEqualTo(2.5);
      assertThat(v.isFlag()).isTrue();
      assertThat(v.boxedFlag()).isFalse();
      assertThat(v.amount()).isEqualByComparingTo("12.5");
      assertThat(v.big()).isEqualTo(new BigInteger("123456789012345678901234567890"));
      assertThat(v.uri()).hasScheme("urn");
      assertThat(v.url()).hasHost("db.example").hasPort(8443);
      assertThat(v.path()).isEqualTo(Path.of("/etc/app/key.pem"));
      assertThat(v.timeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(v.mode()).isEqualTo(Mode.READ_WRITE);
      assertThat(v.renamed()).isEqualTo("renamed!");
      assertThat(v.maybeText()).contains("here");
      assertThat(v.maybeTimeout()).isEmpty();
      assertThat(v.hostAndPort()).isEqualTo("hello:-42");
      assertThat(new String(v.maybeChars().orElseThrow())).isEqualTo(Canary.VALUE);
    }

    @Test
    @DisplayName("char[] is a fresh array per call, so a caller may clear it")
    void charsFresh() {
      EverythingView v = TypedViews.as(everything("APP_"), EverythingView.class);
      char[] first = v.chars();
      Arrays.fill(first, '\0');
      assertThat(new String(v.chars())).isEqualTo("ü" + Canary.VALUE);
      assertThat(v.chars()).isNotSameAs(v.chars());
    }

    @Test
    @DisplayName("toString redacts every value; equals and hashCode are by identity")
    void redacted() {
      EverythingView v = TypedViews.as(everything("APP_"), EverythingView.class);
      String s = v.toString();
      assertThat(s).startsWith("EverythingView[").contains("secret=****").contains("text=****");
      assertThat(s).doesNotContain("hello").doesNotContain(Canary.VALUE);
      EverythingView w = TypedViews.as(everything("APP_"), EverythingView.class);
      assertThat(v).isEqualTo(v).isNotEqualTo(w);
      assertThat(v.hashCode()).isEqualTo(System.identityHashCode(v));
    }

    @Test
    @DisplayName("violations are collected for interfaces too")
    void violations() {
      CredentialValidationException e =
          Canary.thrownWithoutLeak(
              CredentialValidationException.class,
              () -> TypedViews.as(Map.of("APP_INT_VALUE", Canary.SECRET), EverythingView.class));
      assertThat(e.violations())
          .extracting(Violation::path)
          .contains("APP_TEXT", "APP_INT_VALUE", "CUSTOM_CODE");
      assertThat(e.violations()).hasSize(16);
    }

    interface Api {
      URL url();

      Secret token();
    }

    @Test
    @DisplayName("a credential of the real engine as an interface")
    void fromEngine() {
      try (EngineFixture engine = new EngineFixture(Secret.of("pw"), Canary.SECRET)) {
        @FieldPrefix("API_")
        interface BillingApi extends Api {}
        BillingApi api = TypedViews.as(engine.billingApi(), BillingApi.class);
        assertThat(api.url()).hasHost("billing.example");
        assertThat(api.token()).isEqualTo(Canary.SECRET);
        Canary.assertNoLeak(api);
      }
    }
  }

  @Nested
  @DisplayName("types that cannot be views")
  class BadTypes {

    record Unsupported(List<String> list, Optional<Optional<String>> nested, Object any) {}

    interface WithParameters {
      String get(String key);

      void run();
    }

    @Test
    @DisplayName("are refused with every problem listed")
    void refused() {
      assertThatThrownBy(() -> TypedViews.as(Map.of(), Unsupported.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("list: type java.util.List<java.lang.String> is not supported")
          .hasMessageContaining("nested:")
          .hasMessageContaining("any:");
      assertThatThrownBy(() -> TypedViews.as(Map.of(), WithParameters.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("get()")
          .hasMessageContaining("run()");
      assertThatThrownBy(() -> TypedViews.as(Map.of(), String.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("record or an interface");
    }
  }

  @Test
  @DisplayName("component names become upper snake case")
  void names() {
    assertThat(TypedViews.upperSnake("host")).isEqualTo("HOST");
    assertThat(TypedViews.upperSnake("apiToken")).isEqualTo("API_TOKEN");
    assertThat(TypedViews.upperSnake("databaseURL")).isEqualTo("DATABASE_URL");
    assertThat(TypedViews.upperSnake("URLPath")).isEqualTo("URL_PATH");
    assertThat(TypedViews.upperSnake("oauth2Token")).isEqualTo("OAUTH2_TOKEN");
    assertThat(TypedViews.upperSnake("apiV2")).isEqualTo("API_V2");
  }
}
