package dev.credentials;

/** The configuration-time (phase 1) state of one requirement of a consumer. */
public enum RequirementState {
  /** No registered prototype provides the topic. */
  PROVIDER_MISSING,
  /** A provider exists, but the tenant has no credential of it. */
  NO_CREDENTIAL,
  /** Candidate credentials exist, but none is bound. */
  UNASSIGNED,
  /** A credential is bound. */
  BOUND
}
