package dev.credentials;

import java.util.Objects;

/**
 * A credential source could not deliver values: the file is missing, malformed or readable by
 * others, the vault refused, is sealed or locked, or is unreachable. The message names the source
 * and the location (a path, a Vault path, an item id) and, for a malformed document, the JSON
 * location; it never quotes the content.
 */
public final class CredentialSourceException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /** Why the source could not deliver, for callers that branch on it. */
  public enum Reason {
    /** Nothing at the location: no file, no secret at that path, no item with that id. */
    NOT_FOUND,
    /** The source refused: permission denied, a rejected token or login. */
    ACCESS_DENIED,
    /** The content is not in a format the source reads; the message names where it breaks. */
    MALFORMED,
    /** A file or directory that group or others may read; the message says which chmod fixes it. */
    INSECURE_PERMISSIONS,
    /** The source cannot answer now: unreachable, sealed, locked, or failing. Retry later. */
    UNAVAILABLE,
    /** The reference itself is wrong: an unknown source, a bad location or option. */
    INVALID_REFERENCE
  }

  private final Reason reason;
  private final String source;

  /**
   * @param source the source's name
   * @param reason why
   * @param message what happened and what to do, without values
   */
  public CredentialSourceException(String source, Reason reason, String message) {
    super(ErrorCode.SOURCE_UNAVAILABLE, message);
    this.source = Objects.requireNonNull(source, "source");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * @param source the source's name
   * @param reason why
   * @param message what happened and what to do, without values
   * @param cause the cause; its message must not carry values either
   */
  public CredentialSourceException(String source, Reason reason, String message, Throwable cause) {
    super(ErrorCode.SOURCE_UNAVAILABLE, message, cause);
    this.source = Objects.requireNonNull(source, "source");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * @return why the source could not deliver
   */
  public Reason reason() {
    return reason;
  }

  /**
   * @return the name of the source that failed
   */
  public String source() {
    return source;
  }
}
