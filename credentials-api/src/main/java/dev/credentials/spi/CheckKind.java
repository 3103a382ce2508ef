package dev.credentials.spi;

import dev.credentials.CheckResult;
import java.util.Map;

/**
 * A pluggable way to probe a service (tcp, http, jdbc, redis, smtp…), named by a prototype's
 * declared check or connection test ({@link dev.credentials.prototype.CheckDeclaration}).
 *
 * <p>Kinds are found through {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.credentials.spi.CheckKind}) and can be registered explicitly, which wins.
 * When two kinds share a name the one with the higher {@link #priority()} wins; equal priorities
 * are an error naming both.
 *
 * <p>A probe must be side-effect free, honour {@link ProbeRequest#timeout()}, and put no secret in
 * its result. When the client library it needs is missing from the class path it answers {@link
 * dev.credentials.CredentialState#UNKNOWN} with a message naming the artifact to add, and never
 * throws for that.
 */
public interface CheckKind {

  /**
   * The name declarations use, e.g. {@code "jdbc"}: lower-case letters, digits and {@code -}.
   *
   * @return the name
   */
  String name();

  /**
   * The priority: higher wins when two kinds share a name.
   *
   * @return the priority; defaults to 0 (built-ins use -100)
   */
  default int priority() {
    return 0;
  }

  /**
   * The parameters a declaration may give, by name, with how their templates are escaped.
   *
   * @return the parameters
   */
  Map<String, CheckParameter> parameters();

  /**
   * Probes the service once.
   *
   * @param request the expanded parameters, the credential's values, the clock and the budget
   * @return the result; build it with {@link ProbeRequest#result}
   * @throws Exception when the probe cannot complete; the caller turns it into {@code UNAVAILABLE}
   *     naming the exception type only
   */
  CheckResult probe(ProbeRequest request) throws Exception;
}
