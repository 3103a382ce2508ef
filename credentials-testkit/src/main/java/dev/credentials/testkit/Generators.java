package dev.credentials.testkit;

import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.core.prototype.PrototypeRules;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import dev.credentials.testkit.internal.RegexSampler;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded generators of test inputs for property and model-based tests: prototypes, valid and
 * invalid field values, tenants, credential names and sequences of operations. The same seed always
 * gives the same inputs, so a failing case is reproduced from the seed in its message.
 *
 * <pre>{@code
 * Generators gen = Generators.seeded(42);
 * Prototype p = gen.prototype();
 * Map<String, String> values = gen.validValues(p);
 * }</pre>
 *
 * <p>Plain Java, no property-testing framework needed. With QuickTheories, wrap a generator in a
 * {@code Gen}: {@code in -> Generators.seeded(in.next(Constraint.none())).prototype()}.
 *
 * <p>An instance is not thread-safe; use one per thread.
 */
public final class Generators {

  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String ALNUM = LOWER + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static final String SYMBOLS = "!#$%&()*+,-./:;<=>?@[]^_{|}~";
  private static final List<String> WORDS =
      List.of(
          "erp",
          "crm",
          "billing",
          "warehouse",
          "payroll",
          "mail",
          "backup",
          "reports",
          "shop",
          "ledger",
          "münchen",
          "zürich",
          "ops",
          "etl",
          "sync",
          "export",
          "import",
          "audit");
  private static final List<String> ENVIRONMENTS =
      List.of("production", "staging", "development", "test");
  private static final List<String> PATTERNS =
      List.of("[a-z]{3,12}", "[A-Z0-9]{16}", "\\d{4,6}", "[a-z]+(-[a-z]+)*", "(ak|sk)_[a-f0-9]{8}");
  private static final FieldType[] TYPES = FieldType.values();

  private final long seed;
  final SplittableRandom random;

  private Generators(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Generators from a seed.
   *
   * @param seed the seed
   * @return the generators
   */
  public static Generators seeded(long seed) {
    return new Generators(seed);
  }

  /**
   * The seed these generators started from, for failure messages.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  // ---------------------------------------------------------------- simple values

  /**
   * A random tenant id.
   *
   * @return e.g. {@code tenant-k3x9q2}
   */
  public TenantId tenant() {
    return TenantId.of("tenant-" + string(LOWER + "0123456789", 6));
  }

  /**
   * Distinct random tenants.
   *
   * @param count how many
   * @return the tenants
   */
  public List<TenantId> tenants(int count) {
    Set<TenantId> out = new LinkedHashSet<>();
    while (out.size() < count) {
      out.add(tenant());
    }
    return List.copyOf(out);
  }

  /**
   * A credential name: one to three words, sometimes with non-ASCII letters or a number.
   *
   * @return e.g. {@code "billing zürich 2"}
   */
  public String credentialName() {
    int words = 1 + random.nextInt(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(pick(WORDS));
    }
    if (random.nextInt(3) == 0) {
      b.append(' ').append(random.nextInt(100));
    }
    return b.toString();
  }

  /**
   * An environment name.
   *
   * @return one of production, staging, development, test
   */
  public String environment() {
    return pick(ENVIRONMENTS);
  }

  /**
   * A secret-looking value: printable ASCII with symbols, 12 to 40 characters.
   *
   * @return the value
   */
  public String secretValue() {
    return string(ALNUM + SYMBOLS, 12 + random.nextInt(29));
  }

  // ---------------------------------------------------------------- prototypes

  /**
   * A random well-formed prototype: 1 to 8 fields of every type, with required and secret flags,
   * patterns, length and numeric bounds, valid defaults, select options and conditions on earlier
   * fields.
   *
   * @return the prototype
   */
  public Prototype prototype() {
    String code = "gen-" + string(LOWER + "0123456789", 8);
    Prototype.Builder b =
        Prototype.builder(code).name("Generated " + code).category(pick(List.of("A", "B", "C")));
    int topics = random.nextInt(3);
    for (int i = 0; i < topics; i++) {
      b.topic(code + "-topic-" + i);
    }
    int fields = 1 + random.nextInt(8);
    List<FieldDefinition> made = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < fields; i++) {
      String fieldCode;
      do {
        fieldCode =
            string("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + "_" + string("ABCDEFGHIJ0123456789_", 5);
      } while (!codes.add(fieldCode));
      FieldDefinition f = field(fieldCode, made);
      made.add(f);
      b.field(f);
    }
    return b.build();
  }

  private FieldDefinition field(String code, List<FieldDefinition> earlier) {
    FieldType type = TYPES[random.nextInt(TYPES.length)];
    FieldDefinition.Builder f =
        FieldDefinition.builder(code, type)
            .name("Field " + code)
            .required(random.nextBoolean())
            .secret(type == FieldType.PASSWORD || random.nextInt(5) == 0);
    switch (type) {
      case SELECT:
        {
          int n = 1 + random.nextInt(4);
          List<SelectOption> options = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            options.add(new SelectOption("opt-" + i, "Option " + i));
          }
          f.options(options);
          break;
        }
      case INTEGER:
        {
          long min = random.nextInt(2001) - 1000;
          long max = min + random.nextInt(100_000);
          if (random.nextBoolean()) {
            f.minimum(BigDecimal.valueOf(min));
          }
          if (random.nextBoolean()) {
            f.maximum(BigDecimal.valueOf(max));
          }
          break;
        }
      case NUMBER:
        {
          BigDecimal min = BigDecimal.valueOf(random.nextInt(20_001) - 10_000, 2);
          if (random.nextBoolean()) {
            f.minimum(min);
          }
          if (random.nextBoolean()) {
            f.maximum(min.add(BigDecimal.valueOf(1 + random.nextInt(1_000_000), 2)));
          }
          break;
        }
      case STRING:
      case PASSWORD:
        if (random.nextInt(3) == 0) {
          f.pattern(pick(PATTERNS));
        } else if (random.nextBoolean()) {
          int min = random.nextInt(10);
          f.minLength(min).maxLength(min + 1 + random.nextInt(40));
        }
        break;
      default:
        break;
    }
    if (!earlier.isEmpty() && random.nextInt(4) == 0) {
      FieldDefinition target = earlier.get(random.nextInt(earlier.size()));
      if (target.type() == FieldType.BOOLEAN) {
        f.condition(FieldCondition.whenEquals(target.code(), "true"));
      } else if (target.type() == FieldType.SELECT) {
        f.condition(FieldCondition.whenEquals(target.code(), pick(target.options()).value()));
      } else {
        f.condition(FieldCondition.whenPresent(target.code()));
      }
    }
    FieldDefinition draft = f.build();
    if (!draft.secret() && random.nextInt(3) == 0) {
      f.defaultValue(validValue(draft));
    }
    return f.build();
  }

  // ---------------------------------------------------------------- values

  /**
   * A valid, non-empty value for a field: of its type, one of its options, within its bounds and
   * lengths, matching its pattern.
   *
   * @param field the field
   * @return the value
   * @throws IllegalArgumentException when no value can be found, e.g. for a pattern this generator
   *     cannot sample; the message names the field
   */
  public String validValue(FieldDefinition field) {
    Objects.requireNonNull(field, "field");
    for (int attempt = 0; attempt < 200; attempt++) {
      String candidate = candidate(field, attempt);
      if (!candidate.isEmpty() && PrototypeRules.valueViolation(field, candidate).isEmpty()) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "cannot generate a valid value for field "
            + field.code()
            + " ("
            + field.type().jsonName()
            + field.pattern().map(p -> ", pattern " + p).orElse("")
            + "); seed "
            + seed);
  }

  private String candidate(FieldDefinition f, int attempt) {
    if (f.pattern().isPresent() && attempt % 2 == 0) {
      try {
        return RegexSampler.sample(f.pattern().get(), random);
      } catch (UnsupportedOperationException e) {
        // fall through to the type's own values
      }
    }
    switch (f.type()) {
      case SELECT:
        return pick(f.options()).value();
      case BOOLEAN:
        return Boolean.toString(random.nextBoolean());
      case INTEGER:
        return integerIn(f).toPlainString();
      case NUMBER:
        return numberIn(f).toPlainString();
      case URL:
        return "https://"
            + string(LOWER, 3 + random.nextInt(8))
            + ".example/"
            + string(LOWER, random.nextInt(6));
      case EMAIL:
        return string(LOWER, 1 + random.nextInt(10))
            + "@"
            + string(LOWER, 3 + random.nextInt(8))
            + ".example";
      case PASSWORD:
        return string(ALNUM + SYMBOLS, lengthFor(f));
      case TEXT:
        return string(ALNUM + " ", lengthFor(f) / 2)
            + "\n"
            + string(ALNUM + " ", lengthFor(f) / 2 + 1);
      case FILE:
        return "-----BEGIN CERTIFICATE-----\n"
            + string(ALNUM, lengthFor(f))
            + "\n-----END CERTIFICATE-----\n";
      default:
        return string(ALNUM + " -", lengthFor(f));
    }
  }

  private int lengthFor(FieldDefinition f) {
    int min = Math.max(1, f.minLength().orElse(1));
    int max = f.maxLength().orElse(Math.max(min, 24));
    return max <= min ? min : min + random.nextInt(max - min + 1);
  }

  private BigDecimal integerIn(FieldDefinition f) {
    BigDecimal min = f.minimum().map(b -> b.setScale(0, RoundingMode.CEILING)).orElse(null);
    BigDecimal max = f.maximum().map(b -> b.setScale(0, RoundingMode.FLOOR)).orElse(null);
    if (min == null && max == null) {
      return BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000L);
    }
    if (min == null) {
      min = max.subtract(BigDecimal.valueOf(10_000));
    }
    if (max == null) {
      max = min.add(BigDecimal.valueOf(10_000));
    }
    long span = max.subtract(min).min(BigDecimal.valueOf(Integer.MAX_VALUE)).longValue();
    return min.add(BigDecimal.valueOf(span <= 0 ? 0 : random.nextLong(span + 1)));
  }

  private BigDecimal numberIn(FieldDefinition f) {
    BigDecimal min = f.minimum().orElse(null);
    BigDecimal max = f.maximum().orElse(null);
    if (min == null && max == null) {
      return BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000L, 2);
    }
    if (min == null) {
      min = max.subtract(BigDecimal.valueOf(10_000));
    }
    if (max == null) {
      max = min.add(BigDecimal.valueOf(10_000));
    }
    BigDecimal fraction = BigDecimal.valueOf(random.nextInt(10_001), 4);
    BigDecimal v = min.add(max.subtract(min).multiply(fraction));
    v = v.setScale(Math.max(0, Math.min(4, v.scale())), RoundingMode.DOWN);
    return v.compareTo(min) < 0 ? min : v.compareTo(max) > 0 ? max : v;
  }

  /**
   * Valid values for a prototype: every required field that is shown gets a value, optional fields
   * sometimes do, fields hidden by their condition get none. Conditions are judged on the values
   * chosen, with defaults applied.
   *
   * @param prototype the prototype
   * @return values by field code, in field order
   */
  public Map<String, String> validValues(Prototype prototype) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> effective = new HashMap<>();
    for (FieldDefinition f : inConditionOrder(prototype)) {
      if (!shown(f, effective)) {
        continue;
      }
      if (f.required() || random.nextInt(10) < 6) {
        String v = validValue(f);
        out.put(f.code(), v);
        effective.put(f.code(), v);
      } else {
        f.defaultValue().ifPresent(d -> effective.put(f.code(), d));
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (FieldDefinition f : prototype.fields()) {
      if (out.containsKey(f.code())) {
        ordered.put(f.code(), out.get(f.code()));
      }
    }
    return ordered;
  }

  static boolean shown(FieldDefinition f, Map<String, String> effective) {
    return f.condition()
        .map(c -> c.isMetBy(Optional.ofNullable(effective.get(c.field()))))
        .orElse(true);
  }

  /** Fields ordered so that every field comes after the one its condition refers to. */
  static List<FieldDefinition> inConditionOrder(Prototype p) {
    List<FieldDefinition> out = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    List<FieldDefinition> left = new ArrayList<>(p.fields());
    while (!left.isEmpty()) {
      boolean progress = false;
      for (FieldDefinition f : List.copyOf(left)) {
        String dep = f.condition().map(FieldCondition::field).orElse(null);
        if (dep == null || placed.contains(dep)) {
          out.add(f);
          placed.add(f.code());
          left.remove(f);
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalArgumentException(
            "the conditions of prototype " + p.code() + " form a cycle");
      }
    }
    return out;
  }

  /**
   * An invalid value of a field and why it is invalid.
   *
   * @param fieldCode the field
   * @param value the value
   * @param reason what it breaks, e.g. {@code "above the maximum 65535"}
   */
  public record InvalidValue(String fieldCode, String value, String reason) {
    /** Never shows the value: it may stand for a secret. */
    @Override
    public String toString() {
      return "InvalidValue[" + fieldCode + ": " + reason + "]";
    }
  }

  /**
   * Non-empty values that break a field's type, options, bounds, lengths or pattern, one per rule
   * the field has. Empty for a field that accepts any non-empty text (a plain string, text, file or
   * password without constraints).
   *
   * @param field the field
   * @return the invalid values
   */
  public List<InvalidValue> invalidValues(FieldDefinition field) {
    return new FaultyValues(this).invalidValues(field);
  }

  /**
   * A set of values for a prototype that is invalid in exactly one way.
   *
   * @param values the values
   * @param fieldCode the field at fault
   * @param reason what is wrong
   */
  public record InvalidCase(Map<String, String> values, String fieldCode, String reason) {
    /** Validates and copies. */
    public InvalidCase {
      values = Map.copyOf(values);
    }

    /** Field codes and the reason only. */
    @Override
    public String toString() {
      return "InvalidCase[" + fieldCode + ": " + reason + ", fields=" + values.keySet() + "]";
    }
  }

  /**
   * Cases of otherwise valid values with one fault each: a required, unconditional field left out,
   * or one field given an invalid value.
   *
   * @param prototype the prototype
   * @return the cases; empty when the prototype accepts anything
   */
  public List<InvalidCase> invalidCases(Prototype prototype) {
    List<InvalidCase> out = new ArrayList<>();
    for (FieldDefinition f : prototype.fields()) {
      if (f.required() && f.condition().isEmpty() && f.defaultValue().isEmpty()) {
        Map<String, String> values = new LinkedHashMap<>(validValues(prototype));
        values.remove(f.code());
        out.add(
            new InvalidCase(
                new FaultyValues(this).consistent(prototype, values, f.code()),
                f.code(),
                "required value missing"));
      }
      if (f.condition().isEmpty()) {
        for (InvalidValue bad : invalidValues(f)) {
          Map<String, String> values = new LinkedHashMap<>(validValues(prototype));
          values.put(f.code(), bad.value());
          out.add(
              new InvalidCase(
                  new FaultyValues(this).consistent(prototype, values, f.code()),
                  f.code(),
                  bad.reason()));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- operations

  /** What a generated operation is expected to do, according to the generator's model. */
  public enum Outcome {
    /** It succeeds. */
    OK,
    /** The credential is absent in the acting tenant: never created, deleted, or another's. */
    NOT_FOUND,
    /** The (tenant, name, environment) is taken. */
    DUPLICATE
  }

  /**
   * One step of a model-based test. Credentials are named by {@code ref}, the index of the {@link
   * Create} that made them; the test maps refs to the ids its system assigns.
   */
  public sealed interface Op permits Create, Update, Delete, Reveal, Bind {
    /**
     * @return the tenant that acts
     */
    TenantId tenant();

    /**
     * @return the credential, by the index of its create operation
     */
    int ref();

    /**
     * @return what the generator's model expects
     */
    Outcome expected();
  }

  /**
   * Creates a credential.
   *
   * @param ref this credential's ref
   * @param tenant the tenant
   * @param prototype the prototype code
   * @param name the name
   * @param environment the environment
   * @param values valid values
   * @param expected the expected outcome
   */
  public record Create(
      int ref,
      TenantId tenant,
      String prototype,
      String name,
      String environment,
      Map<String, String> values,
      Outcome expected)
      implements Op {
    /** Copies. */
    public Create {
      values = Map.copyOf(values);
    }

    /** Field codes only. */
    @Override
    public String toString() {
      return "Create[#"
          + ref
          + " "
          + tenant
          + " "
          + prototype
          + " '"
          + name
          + "'/"
          + environment
          + " fields="
          + values.keySet()
          + " → "
          + expected
          + "]";
    }
  }

  /**
   * Updates a credential's values, and renames it when {@code newName} is present.
   *
   * @param ref the credential
   * @param tenant the acting tenant
   * @param newName the new name, if renamed
   * @param values the new valid values
   * @param expected the expected outcome
   */
  public record Update(
      int ref,
      TenantId tenant,
      Optional<String> newName,
      Map<String, String> values,
      Outcome expected)
      implements Op {
    /** Copies. */
    public Update {
      values = Map.copyOf(values);
    }

    /** Field codes only. */
    @Override
    public String toString() {
      return "Update[#"
          + ref
          + " "
          + tenant
          + newName.map(n -> " rename '" + n + "'").orElse("")
          + " fields="
          + values.keySet()
          + " → "
          + expected
          + "]";
    }
  }

  /**
   * Deletes a credential.
   *
   * @param ref the credential
   * @param tenant the acting tenant
   * @param expected the expected outcome
   */
  public record Delete(int ref, TenantId tenant, Outcome expected) implements Op {}

  /**
   * Reveals a credential's values; on success they equal the values last written.
   *
   * @param ref the credential
   * @param tenant the acting tenant
   * @param expected the expected outcome
   */
  public record Reveal(int ref, TenantId tenant, Outcome expected) implements Op {}

  /**
   * Binds a credential to a consumer's topic (one the credential's prototype provides).
   *
   * @param ref the credential
   * @param tenant the acting tenant
   * @param consumerId the consumer
   * @param topic the topic
   * @param expected the expected outcome
   */
  public record Bind(int ref, TenantId tenant, String consumerId, Topic topic, Outcome expected)
      implements Op {}

  /**
   * A sequence of operations across tenants, with the outcome the generator's model expects for
   * each: roughly one in six acts from a tenant that does not own the credential, some act on
   * deleted credentials, some create or rename onto a taken name.
   *
   * @param prototypes the prototypes to create credentials of
   * @param tenants the tenants, at least two for isolation to be exercised
   * @param count how many operations
   * @return the operations
   */
  public List<Op> operations(List<Prototype> prototypes, List<TenantId> tenants, int count) {
    return new OperationScript(this).operations(prototypes, tenants, count);
  }

  // ---------------------------------------------------------------- helpers

  <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  String string(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
