package dev.credentials.rotation;

import dev.credentials.CredentialMetadata;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A rotation that succeeded.
 *
 * @param credential the credential at its new version
 * @param rotator the rotator's name
 * @param fields the fields that changed
 * @param rotatedAt when, by the rotation's clock
 */
public record RotationResult(
    CredentialMetadata credential, String rotator, Set<String> fields, Instant rotatedAt) {

  /** Validates and copies. */
  public RotationResult {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(rotator, "rotator");
    fields = Set.copyOf(fields);
    Objects.requireNonNull(rotatedAt, "rotatedAt");
  }
}
