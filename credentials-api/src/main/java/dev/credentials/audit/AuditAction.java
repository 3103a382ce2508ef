package dev.credentials.audit;

/** What an audit event records. */
public enum AuditAction {
  /** A credential was created. */
  CREATED,
  /** A credential was updated; details name changed metadata (old → new) and changed fields. */
  UPDATED,
  /** A credential was deleted. */
  DELETED,
  /** A credential's values were read (reveal, resolve, launch); details list the fields read. */
  ACCESSED,
  /** The access policy refused an operation. */
  ACCESS_DENIED,
  /** An access failed: not found, inactive, expired, or cannot decrypt. */
  ACCESS_FAILED,
  /** A connection test ran. */
  TESTED,
  /** A credential was bound to a consumer's topic. */
  BOUND,
  /** A binding was removed. */
  UNBOUND,
  /** A live check returned a result other than available or unknown. */
  CHECKED,
  /** A credential was re-sealed under a new primary key. */
  KEY_ROTATED,
  /** A consumer was declared or its requirements changed. */
  CONSUMER_DECLARED,
  /** An expiry reminder was sent for a credential. */
  EXPIRY_REMINDED
}
