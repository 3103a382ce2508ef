package dev.credentials;

/** What a principal may do in a tenant under the default access policy. */
public enum Role {
  /** Manages credentials: create, update, delete, reveal, test; also binds and resolves. */
  ADMIN,
  /** Binds credentials to consumers and uses them (status, launch, resolve). */
  USER,
  /** A machine identity that resolves credentials at launch. */
  SERVICE
}
