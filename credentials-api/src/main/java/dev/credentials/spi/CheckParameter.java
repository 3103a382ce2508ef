package dev.credentials.spi;

import java.util.Objects;

/**
 * One parameter a {@link CheckKind} accepts: whether a declaration must give it, how field values
 * are escaped when its template is expanded, and what it means.
 *
 * @param required whether a declaration must give it
 * @param escaping how each field value is escaped where a template inserts it
 * @param description what it means, for documentation and error messages
 */
public record CheckParameter(boolean required, Escaping escaping, String description) {

  /** How a field value is escaped where a template inserts it. */
  public enum Escaping {
    /**
     * Inserted as is: the parameter reaches the client as one argument of its own (a host, a user
     * name, a password), never parsed as part of a larger string.
     */
    VERBATIM,
    /**
     * The parameter is a URL (http, jdbc, nats…): every inserted value is percent-encoded as a URL
     * component (RFC 3986 unreserved characters stay), so no value can add a path, query, user or
     * host. Only a value that makes up the start of the template and is an absolute URL by itself
     * (a base-URL field) is inserted as is.
     */
    URL,
    /**
     * The parameter becomes an HTTP header or a line of a text protocol: a value holding a control
     * character (CR, LF, NUL…) is refused rather than inserted.
     */
    HEADER
  }

  /** Validates. */
  public CheckParameter {
    Objects.requireNonNull(escaping, "escaping");
    Objects.requireNonNull(description, "description");
  }

  /**
   * A required parameter.
   *
   * @param escaping the escaping
   * @param description what it means
   * @return the parameter
   */
  public static CheckParameter required(Escaping escaping, String description) {
    return new CheckParameter(true, escaping, description);
  }

  /**
   * An optional parameter.
   *
   * @param escaping the escaping
   * @param description what it means
   * @return the parameter
   */
  public static CheckParameter optional(Escaping escaping, String description) {
    return new CheckParameter(false, escaping, description);
  }
}
