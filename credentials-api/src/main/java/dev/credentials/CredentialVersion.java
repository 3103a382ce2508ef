package dev.credentials;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One set of values a credential has held, as a version listing shows it: never the values
 * themselves.
 *
 * @param version the credential's version when these values were written
 * @param createdAt when they were written
 * @param author who wrote them ({@code kind:name} of the principal, as audit events name it)
 * @param changedFields the field codes whose values differ from the version before (every field of
 *     the first version)
 * @param current whether these are the credential's current values
 */
public record CredentialVersion(
    long version, Instant createdAt, String author, Set<String> changedFields, boolean current) {

  /** Validates and copies. */
  public CredentialVersion {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(author, "author");
    changedFields = Set.copyOf(changedFields);
  }
}
