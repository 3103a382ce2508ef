package dev.credentials;

/** What went wrong, for callers that branch on it. Each has its own exception type. */
public enum ErrorCode {
  /** Values or metadata broke rules. */
  VALIDATION,
  /** A prototype document or definition is invalid. */
  INVALID_PROTOTYPE,
  /** No prototype with that code is registered. */
  UNKNOWN_PROTOTYPE,
  /** No credential with that id or name in the tenant. */
  NOT_FOUND,
  /** The credential is inactive. */
  INACTIVE,
  /** The credential has expired. */
  EXPIRED,
  /** (tenant, name, environment) is already taken. */
  DUPLICATE,
  /** The credential changed since the caller read it. */
  CONCURRENT_MODIFICATION,
  /** The access policy refused the operation. */
  ACCESS_DENIED,
  /** The sealed values could not be opened: wrong, missing or destroyed key, or tampering. */
  CANNOT_DECRYPT,
  /** The consumer is not declared. */
  UNKNOWN_CONSUMER,
  /** A binding was refused. */
  BINDING_REJECTED,
  /** A consumer's requirement is not bound. */
  UNMET_REQUIREMENT,
  /** Two credentials define the same environment variable. */
  ENVIRONMENT_CLASH,
  /** Key material is missing or unusable. */
  KEY_UNAVAILABLE,
  /** The repository failed; the unit of work was rolled back. */
  STORAGE,
  /** The connection was lost while a unit of work committed: whether it was written is unknown. */
  STORAGE_OUTCOME_UNKNOWN,
  /** A tenant's audit chain was truncated outside the library; appends are refused. */
  AUDIT_CHAIN_BROKEN,
  /** A credential source (a file, Vault, Bitwarden) could not deliver a credential's values. */
  SOURCE_UNAVAILABLE,
  /** An OAuth 2.0 access token could not be obtained or refreshed at the token endpoint. */
  TOKEN_REFRESH_FAILED,
  /** A secret could not be rotated at its service; the message says what state it was left in. */
  ROTATION_FAILED
}
