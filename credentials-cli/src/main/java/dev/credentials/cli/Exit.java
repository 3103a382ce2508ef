package dev.credentials.cli;

import dev.credentials.CredentialException;

/**
 * The exit codes of the command line (documented in {@code docs/cli.md}), and the mapping from the
 * library's error codes to them.
 */
final class Exit {

  /** Success. */
  static final int OK = 0;

  /** A health check or an audit verification found a problem (the output says which). */
  static final int FAILED = 1;

  /** Bad usage: unknown verb or option, missing or invalid argument (picocli's code). */
  static final int USAGE = 2;

  /** EX_DATAERR: the input is wrong (validation, malformed file, duplicate, conflict). */
  static final int DATA = 65;

  /** EX_NOINPUT: a named file, credential, consumer or prototype does not exist. */
  static final int NO_INPUT = 66;

  /** EX_UNAVAILABLE: the database cannot be reached or failed. */
  static final int UNAVAILABLE = 69;

  /** EX_SOFTWARE: an internal error. */
  static final int SOFTWARE = 70;

  /** EX_IOERR: a file cannot be written. */
  static final int IO = 74;

  /** EX_TEMPFAIL: launch DEFER or BLOCK; a concurrent change (try again). */
  static final int TEMPFAIL = 75;

  /** EX_NOPERM: the access policy denied the principal. */
  static final int NO_PERMISSION = 77;

  /** EX_CONFIG: the keyset is missing, unusable or does not open the stored values. */
  static final int CONFIG = 78;

  private Exit() {}

  /** The exit code for a library error. */
  static int of(CredentialException e) {
    return switch (e.code()) {
      case VALIDATION,
              INVALID_PROTOTYPE,
              DUPLICATE,
              BINDING_REJECTED,
              UNMET_REQUIREMENT,
              ENVIRONMENT_CLASH,
              INACTIVE,
              EXPIRED ->
          DATA;
      case NOT_FOUND, UNKNOWN_PROTOTYPE, UNKNOWN_CONSUMER -> NO_INPUT;
      case CONCURRENT_MODIFICATION -> TEMPFAIL;
      case ACCESS_DENIED -> NO_PERMISSION;
      case CANNOT_DECRYPT, KEY_UNAVAILABLE -> CONFIG;
      case STORAGE, SOURCE_UNAVAILABLE, TOKEN_REFRESH_FAILED, ROTATION_FAILED -> UNAVAILABLE;
      case STORAGE_OUTCOME_UNKNOWN -> TEMPFAIL;
      case AUDIT_CHAIN_BROKEN -> DATA;
    };
  }

  /** A failure with its exit code and a message that says what to fix. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    Failure(int code, String message) {
      super(message);
      this.code = code;
    }

    Failure(int code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }

    int code() {
      return code;
    }
  }
}
