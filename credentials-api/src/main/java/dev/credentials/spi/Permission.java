package dev.credentials.spi;

/** What an operation needs from the access policy. */
public enum Permission {
  /** Read metadata: get, list, find, phase-1 status. */
  READ,
  /** Create, update, delete, test credentials; import prototypes. */
  MANAGE,
  /** Reveal values through the store. */
  REVEAL,
  /** Declare consumers, bind and unbind. */
  BIND,
  /** Resolve values for a job: resolver and launch gate. */
  RESOLVE,
  /** Read and verify the audit log. */
  AUDIT
}
