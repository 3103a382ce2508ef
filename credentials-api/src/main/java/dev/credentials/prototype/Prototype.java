package dev.credentials.prototype;

import dev.credentials.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A typed template of a kind of credential: what fields it has, which topics it provides, and
 * optionally how it is checked: a declared live {@code check} (run before every launch) and a
 * declared connection {@code test} (run on demand), each a {@link CheckDeclaration} naming a check
 * kind and parameters over the fields. A Java {@link dev.credentials.CheckableCredential} or {@link
 * dev.credentials.ConnectionTest} from the {@link dev.credentials.spi.PrototypeProvider} wins over
 * a declaration.
 *
 * @param code 2 to 64 characters: letters, digits, {@code _}, {@code -}
 * @param uuid a stable identity, generated when a document gives none
 * @param name the display name
 * @param description what it is
 * @param version the definition's version, e.g. {@code "1.0"}
 * @param category a grouping for catalogues, e.g. {@code "Database"}
 * @param logo a logo URL or resource path, or empty
 * @param url the provider's home page, or empty
 * @param tags free labels
 * @param topics the topics it provides; never empty (defaults to its code)
 * @param fields the fields, in form order; codes unique
 * @param check the declared live check, or empty
 * @param test the declared connection test, or empty
 */
public record Prototype(
    String code,
    UUID uuid,
    String name,
    String description,
    String version,
    String category,
    String logo,
    String url,
    List<String> tags,
    List<Topic> topics,
    List<FieldDefinition> fields,
    Optional<CheckDeclaration> check,
    Optional<CheckDeclaration> test) {

  /** The pattern every prototype code must match. */
  public static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_-]{2,64}$");

  /** Validates and copies. */
  public Prototype {
    Objects.requireNonNull(code, "code");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "prototype code must be 2 to 64 letters, digits, '_' or '-', got '" + code + "'");
    }
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(logo, "logo");
    Objects.requireNonNull(url, "url");
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
    topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
    if (topics.isEmpty()) {
      topics = List.of(Topic.of(code));
    }
    fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(test, "test");
    Set<String> seen = new HashSet<>();
    for (FieldDefinition f : fields) {
      if (!seen.add(f.code())) {
        throw new IllegalArgumentException(
            "prototype "
                + code
                + " defines field "
                + f.code()
                + " twice; field codes must be unique");
      }
    }
    for (FieldDefinition f : fields) {
      f.condition()
          .ifPresent(
              c -> {
                if (!seen.contains(c.field()) || c.field().equals(f.code())) {
                  throw new IllegalArgumentException(
                      "field "
                          + f.code()
                          + " of prototype "
                          + code
                          + " has a condition on unknown field "
                          + c.field());
                }
              });
    }
  }

  /**
   * A prototype without declared checks.
   *
   * @param code the code
   * @param uuid the uuid
   * @param name the name
   * @param description the description
   * @param version the version
   * @param category the category
   * @param logo the logo
   * @param url the url
   * @param tags the tags
   * @param topics the topics
   * @param fields the fields
   */
  public Prototype(
      String code,
      UUID uuid,
      String name,
      String description,
      String version,
      String category,
      String logo,
      String url,
      List<String> tags,
      List<Topic> topics,
      List<FieldDefinition> fields) {
    this(
        code,
        uuid,
        name,
        description,
        version,
        category,
        logo,
        url,
        tags,
        topics,
        fields,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The field with a code.
   *
   * @param fieldCode the code
   * @return the field, or empty
   */
  public Optional<FieldDefinition> field(String fieldCode) {
    for (FieldDefinition f : fields) {
      if (f.code().equals(fieldCode)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether this prototype provides a topic.
   *
   * @param topic the topic
   * @return true if provided
   */
  public boolean provides(Topic topic) {
    return topics.contains(topic);
  }

  /**
   * A builder.
   *
   * @param code the prototype code
   * @return a builder
   */
  public static Builder builder(String code) {
    return new Builder(code);
  }

  /** Builds a {@link Prototype}; every property but the code is optional. */
  public static final class Builder {
    private final String code;
    private UUID uuid;
    private String name;
    private String description = "";
    private String version = "1.0";
    private String category = "General";
    private String logo = "";
    private String url = "";
    private final List<String> tags = new ArrayList<>();
    private final List<Topic> topics = new ArrayList<>();
    private final List<FieldDefinition> fields = new ArrayList<>();
    private CheckDeclaration check;
    private CheckDeclaration test;

    private Builder(String code) {
      this.code = Objects.requireNonNull(code, "code");
      this.name = code;
    }

    /**
     * @param v the uuid
     * @return this
     */
    public Builder uuid(UUID v) {
      uuid = Objects.requireNonNull(v, "uuid");
      return this;
    }

    /**
     * @param v the name
     * @return this
     */
    public Builder name(String v) {
      name = Objects.requireNonNull(v, "name");
      return this;
    }

    /**
     * @param v the description
     * @return this
     */
    public Builder description(String v) {
      description = Objects.requireNonNull(v, "description");
      return this;
    }

    /**
     * @param v the version
     * @return this
     */
    public Builder version(String v) {
      version = Objects.requireNonNull(v, "version");
      return this;
    }

    /**
     * @param v the category
     * @return this
     */
    public Builder category(String v) {
      category = Objects.requireNonNull(v, "category");
      return this;
    }

    /**
     * @param v the logo
     * @return this
     */
    public Builder logo(String v) {
      logo = Objects.requireNonNull(v, "logo");
      return this;
    }

    /**
     * @param v the url
     * @return this
     */
    public Builder url(String v) {
      url = Objects.requireNonNull(v, "url");
      return this;
    }

    /**
     * @param v a tag
     * @return this
     */
    public Builder tag(String v) {
      tags.add(Objects.requireNonNull(v, "tag"));
      return this;
    }

    /**
     * @param v a provided topic
     * @return this
     */
    public Builder topic(String v) {
      topics.add(Topic.of(v));
      return this;
    }

    /**
     * @param v a field, appended in form order
     * @return this
     */
    public Builder field(FieldDefinition v) {
      fields.add(Objects.requireNonNull(v, "field"));
      return this;
    }

    /**
     * Declares the live check, run before every launch: cheap and side-effect free.
     *
     * @param v the declaration
     * @return this
     * @throws IllegalStateException when a check is already declared
     */
    public Builder check(CheckDeclaration v) {
      if (check != null) {
        throw new IllegalStateException("prototype " + code + " already declares a check");
      }
      check = Objects.requireNonNull(v, "check");
      return this;
    }

    /**
     * Declares the connection test an administrator runs: it may go one step deeper than the check,
     * still without side effects.
     *
     * @param v the declaration
     * @return this
     * @throws IllegalStateException when a test is already declared
     */
    public Builder test(CheckDeclaration v) {
      if (test != null) {
        throw new IllegalStateException("prototype " + code + " already declares a test");
      }
      test = Objects.requireNonNull(v, "test");
      return this;
    }

    /**
     * @return the prototype; a name-based UUID of the code when none was given
     */
    public Prototype build() {
      UUID id =
          uuid != null
              ? uuid
              : UUID.nameUUIDFromBytes(
                  ("dev.credentials.prototype:" + code)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new Prototype(
          code,
          id,
          name,
          description,
          version,
          category,
          logo,
          url,
          tags,
          topics,
          fields,
          Optional.ofNullable(check),
          Optional.ofNullable(test));
    }
  }
}
