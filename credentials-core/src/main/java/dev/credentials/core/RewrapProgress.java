package dev.credentials.core;

import java.util.Objects;

/**
 * How far a {@link KeyManagement#rewrap} run has come.
 *
 * @param primaryKeyId the key credentials are re-sealed with
 * @param rewrapped credentials re-sealed by this run so far
 * @param skipped credentials this run could not re-seal: they do not open (their key is missing,
 *     disabled or destroyed; each is audited as a failed access in its tenant) or they kept
 *     changing under concurrent updates
 * @param remaining credentials still sealed with a key other than the primary, all tenants,
 *     including the skipped ones
 */
public record RewrapProgress(String primaryKeyId, long rewrapped, long skipped, long remaining) {

  /** Validates. */
  public RewrapProgress {
    Objects.requireNonNull(primaryKeyId, "primaryKeyId");
  }

  /**
   * @return true when every stored credential is sealed with the primary key
   */
  public boolean complete() {
    return remaining == 0;
  }
}
