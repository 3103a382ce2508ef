package dev.credentials;

import java.util.Objects;
import java.util.Optional;

/**
 * Filters for listing credentials; all present filters must hold. Build with {@link #all()} and the
 * {@code with…} methods.
 *
 * @param prototype only this prototype code
 * @param environment only this environment
 * @param tag only credentials carrying this tag
 * @param active only active (true) or inactive (false) credentials
 * @param nameContains only names containing this text, case-insensitively
 */
public record CredentialQuery(
    Optional<String> prototype,
    Optional<String> environment,
    Optional<String> tag,
    Optional<Boolean> active,
    Optional<String> nameContains) {

  /** Validates. */
  public CredentialQuery {
    Objects.requireNonNull(prototype, "prototype");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(active, "active");
    Objects.requireNonNull(nameContains, "nameContains");
  }

  /**
   * No filter.
   *
   * @return a query matching every credential
   */
  public static CredentialQuery all() {
    return new CredentialQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param v the prototype code
   * @return a copy with the filter
   */
  public CredentialQuery withPrototype(String v) {
    return new CredentialQuery(
        Optional.of(Objects.requireNonNull(v, "prototype")),
        environment,
        tag,
        active,
        nameContains);
  }

  /**
   * @param v the environment
   * @return a copy with the filter
   */
  public CredentialQuery withEnvironment(String v) {
    return new CredentialQuery(
        prototype,
        Optional.of(Objects.requireNonNull(v, "environment")),
        tag,
        active,
        nameContains);
  }

  /**
   * @param v the tag
   * @return a copy with the filter
   */
  public CredentialQuery withTag(String v) {
    return new CredentialQuery(
        prototype,
        environment,
        Optional.of(Objects.requireNonNull(v, "tag")),
        active,
        nameContains);
  }

  /**
   * @param v the active flag
   * @return a copy with the filter
   */
  public CredentialQuery withActive(boolean v) {
    return new CredentialQuery(
        prototype,
        environment,
        tag,
        Optional.of(Objects.requireNonNull(v, "active")),
        nameContains);
  }

  /**
   * @param v the text the name must contain
   * @return a copy with the filter
   */
  public CredentialQuery withNameContaining(String v) {
    return new CredentialQuery(
        prototype,
        environment,
        tag,
        active,
        Optional.of(Objects.requireNonNull(v, "nameContains")));
  }

  /**
   * Whether metadata matches the filters.
   *
   * @param m the metadata
   * @return true if every present filter holds
   */
  public boolean matches(CredentialMetadata m) {
    return prototype.map(m.prototype()::equals).orElse(true)
        && environment.map(m.environment()::equals).orElse(true)
        && tag.map(m.tags()::contains).orElse(true)
        && active.map(a -> a == m.active()).orElse(true)
        && nameContains
            .map(
                s ->
                    m.name()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains(s.toLowerCase(java.util.Locale.ROOT)))
            .orElse(true);
  }
}
