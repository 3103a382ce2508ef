package dev.credentials;

import dev.credentials.spi.SourceReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link CredentialStore#create(Caller, NewCredential)} needs. Build with {@link
 * #builder(String, String)}.
 *
 * @param prototype the prototype code
 * @param name the name, unique per tenant and environment
 * @param environment the environment; empty means the engine's default environment
 * @param description free text
 * @param tags free labels
 * @param active whether usable (default true)
 * @param expiresAt the expiry, if any
 * @param values the values by field code; empty for a sourced credential
 * @param source where the values live instead, for a sourced credential (see {@link
 *     dev.credentials.spi.CredentialSource}); only metadata and this reference are stored
 */
public record NewCredential(
    String prototype,
    String name,
    Optional<String> environment,
    String description,
    Set<String> tags,
    boolean active,
    Optional<Instant> expiresAt,
    Map<String, Secret> values,
    Optional<SourceReference> source) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when both values and a source are given
   */
  public NewCredential {
    Objects.requireNonNull(prototype, "prototype");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(description, "description");
    tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
    Objects.requireNonNull(expiresAt, "expiresAt");
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
    Objects.requireNonNull(source, "source");
    if (source.isPresent() && !values.isEmpty()) {
      throw new IllegalArgumentException(
          "a credential takes values or a source reference, not both: drop the values "
              + values.keySet()
              + " or the source");
    }
  }

  /**
   * A credential whose values are sealed in the store.
   *
   * @param prototype the prototype code
   * @param name the name
   * @param environment the environment; empty means the engine's default
   * @param description free text
   * @param tags free labels
   * @param active whether usable
   * @param expiresAt the expiry, if any
   * @param values the values by field code
   */
  public NewCredential(
      String prototype,
      String name,
      Optional<String> environment,
      String description,
      Set<String> tags,
      boolean active,
      Optional<Instant> expiresAt,
      Map<String, Secret> values) {
    this(
        prototype,
        name,
        environment,
        description,
        tags,
        active,
        expiresAt,
        values,
        Optional.empty());
  }

  /** Never shows values. */
  @Override
  public String toString() {
    return "NewCredential[prototype="
        + prototype
        + ", name="
        + name
        + ", environment="
        + environment.orElse("(default)")
        + ", fields="
        + values.keySet()
        + source.map(r -> ", source=" + r.source() + ":" + r.location()).orElse("")
        + "]";
  }

  /**
   * A builder.
   *
   * @param prototype the prototype code
   * @param name the credential name
   * @return a builder
   */
  public static Builder builder(String prototype, String name) {
    return new Builder(prototype, name);
  }

  /**
   * Builds a {@link NewCredential}. Every method throws {@link NullPointerException} naming the
   * argument when given {@code null}.
   */
  public static final class Builder {
    private final String prototype;
    private final String name;
    private Optional<String> environment = Optional.empty();
    private String description = "";
    private final Set<String> tags = new LinkedHashSet<>();
    private boolean active = true;
    private Optional<Instant> expiresAt = Optional.empty();
    private final Map<String, Secret> values = new LinkedHashMap<>();
    private Optional<SourceReference> source = Optional.empty();

    private Builder(String prototype, String name) {
      this.prototype = Objects.requireNonNull(prototype, "prototype");
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * @param v the environment
     * @return this
     */
    public Builder environment(String v) {
      environment = Optional.of(Objects.requireNonNull(v, "environment"));
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
     * @param v a tag
     * @return this
     */
    public Builder tag(String v) {
      tags.add(Objects.requireNonNull(v, "tag"));
      return this;
    }

    /**
     * @param v whether active
     * @return this
     */
    public Builder active(boolean v) {
      active = v;
      return this;
    }

    /**
     * @param v the expiry
     * @return this
     */
    public Builder expiresAt(Instant v) {
      expiresAt = Optional.of(Objects.requireNonNull(v, "expiresAt"));
      return this;
    }

    /**
     * Sets a non-secret value (it is sealed at rest all the same).
     *
     * @param field the field code
     * @param value the value
     * @return this
     */
    public Builder value(String field, String value) {
      values.put(Objects.requireNonNull(field, "field"), NewCredential.text(field, value));
      return this;
    }

    /**
     * Sets a secret value.
     *
     * @param field the field code
     * @param value the value
     * @return this
     */
    public Builder secret(String field, Secret value) {
      values.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Makes this a sourced credential: its values are read from the source when needed and never
     * stored. Values and a source exclude each other.
     *
     * @param v where the values live
     * @return this
     */
    public Builder source(SourceReference v) {
      source = Optional.of(Objects.requireNonNull(v, "source"));
      return this;
    }

    /**
     * @return the new credential
     * @throws IllegalArgumentException when both values and a source were given
     */
    public NewCredential build() {
      return new NewCredential(
          prototype, name, environment, description, tags, active, expiresAt, values, source);
    }
  }

  /**
   * A non-secret value as a {@link Secret}, refused when it cannot be stored as it is.
   *
   * @throws CredentialValidationException naming the field, when the value holds an unpaired UTF-16
   *     surrogate (UTF-8 cannot encode it, so it would be stored as {@code '?'})
   */
  static Secret text(String field, String value) {
    Objects.requireNonNull(value, "value");
    int bad = Secret.unpairedSurrogate(value);
    if (bad >= 0) {
      throw new CredentialValidationException(
          "value of field " + field,
          List.of(
              new Violation(
                  field,
                  "holds an unpaired UTF-16 surrogate at index "
                      + bad
                      + ", which cannot be stored; send well-formed text")));
    }
    return Secret.of(value);
  }
}
