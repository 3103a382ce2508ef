package dev.credentials;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A partial update: only what is present changes. Values are merged into the existing ones (and
 * {@link #removedFields()} are dropped), then the whole result is validated and sealed again.
 *
 * @param expectedVersion the version the caller last saw; the update fails if it moved on
 * @param name a new name
 * @param environment a new environment
 * @param description a new description
 * @param tags new tags (replacing the old ones)
 * @param active a new active flag
 * @param expiresAt a new expiry; {@code Optional.of(Optional.empty())} clears it
 * @param values values to set, by field code
 * @param removedFields field codes whose values are removed
 */
public record CredentialUpdate(
    long expectedVersion,
    Optional<String> name,
    Optional<String> environment,
    Optional<String> description,
    Optional<Set<String>> tags,
    Optional<Boolean> active,
    Optional<Optional<Instant>> expiresAt,
    Map<String, Secret> values,
    Set<String> removedFields) {

  /** Validates and copies. */
  public CredentialUpdate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(description, "description");
    tags = Objects.requireNonNull(tags, "tags").map(Set::copyOf);
    Objects.requireNonNull(active, "active");
    Objects.requireNonNull(expiresAt, "expiresAt");
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
    removedFields = Set.copyOf(Objects.requireNonNull(removedFields, "removedFields"));
  }

  /** Never shows values. */
  @Override
  public String toString() {
    return "CredentialUpdate[expectedVersion="
        + expectedVersion
        + ", fields="
        + values.keySet()
        + ", removed="
        + removedFields
        + "]";
  }

  /**
   * Whether the update changes values (and so needs re-validation and re-sealing).
   *
   * @return true if values are set or removed
   */
  public boolean changesValues() {
    return !values.isEmpty() || !removedFields.isEmpty();
  }

  /**
   * A builder.
   *
   * @param expectedVersion the version last seen
   * @return a builder
   */
  public static Builder builder(long expectedVersion) {
    return new Builder(expectedVersion);
  }

  /**
   * Builds a {@link CredentialUpdate}. Every method throws {@link NullPointerException} naming the
   * argument when given {@code null}.
   */
  public static final class Builder {
    private final long expectedVersion;
    private Optional<String> name = Optional.empty();
    private Optional<String> environment = Optional.empty();
    private Optional<String> description = Optional.empty();
    private Optional<Set<String>> tags = Optional.empty();
    private Optional<Boolean> active = Optional.empty();
    private Optional<Optional<Instant>> expiresAt = Optional.empty();
    private final Map<String, Secret> values = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();

    private Builder(long expectedVersion) {
      this.expectedVersion = expectedVersion;
    }

    /**
     * @param v the new name
     * @return this
     */
    public Builder name(String v) {
      name = Optional.of(Objects.requireNonNull(v, "name"));
      return this;
    }

    /**
     * @param v the new environment
     * @return this
     */
    public Builder environment(String v) {
      environment = Optional.of(Objects.requireNonNull(v, "environment"));
      return this;
    }

    /**
     * @param v the new description
     * @return this
     */
    public Builder description(String v) {
      description = Optional.of(Objects.requireNonNull(v, "description"));
      return this;
    }

    /**
     * @param v the new tags
     * @return this
     */
    public Builder tags(Set<String> v) {
      tags = Optional.of(Set.copyOf(Objects.requireNonNull(v, "tags")));
      return this;
    }

    /**
     * @param v the new active flag
     * @return this
     */
    public Builder active(boolean v) {
      active = Optional.of(Objects.requireNonNull(v, "active"));
      return this;
    }

    /**
     * @param v the new expiry
     * @return this
     */
    public Builder expiresAt(Instant v) {
      expiresAt = Optional.of(Optional.of(Objects.requireNonNull(v, "expiresAt")));
      return this;
    }

    /**
     * Removes the expiry.
     *
     * @return this
     */
    public Builder clearExpiry() {
      expiresAt = Optional.of(Optional.empty());
      return this;
    }

    /**
     * @param field the field code
     * @param v the new non-secret value
     * @return this
     */
    public Builder value(String field, String v) {
      values.put(Objects.requireNonNull(field, "field"), NewCredential.text(field, v));
      return this;
    }

    /**
     * @param field the field code
     * @param v the new secret value
     * @return this
     */
    public Builder secret(String field, Secret v) {
      values.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(v, "secret"));
      return this;
    }

    /**
     * @param field the field code whose value is removed
     * @return this
     */
    public Builder remove(String field) {
      removed.add(Objects.requireNonNull(field, "field"));
      return this;
    }

    /**
     * @return the update
     */
    public CredentialUpdate build() {
      return new CredentialUpdate(
          expectedVersion,
          name,
          environment,
          description,
          tags,
          active,
          expiresAt,
          values,
          removed);
    }
  }
}
