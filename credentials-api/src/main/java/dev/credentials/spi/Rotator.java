package dev.credentials.spi;

import dev.credentials.Secret;
import java.util.Map;

/**
 * Changes the secret of a service that can change its own secret (a database role's password, an
 * API key that an administrative key can reissue). The rotation service drives it in four steps and
 * stores the new values as a new version of the credential between the second and the third:
 *
 * <ol>
 *   <li>{@link #next} generates the new values of the rotated fields;
 *   <li>{@link #apply} makes the service accept them, over an administrative credential;
 *   <li>{@link #verify} proves that the service accepts the new values (a live connect);
 *   <li>{@link #revert} (only when verification fails) makes the service accept the old values
 *       again.
 * </ol>
 *
 * <p>A rotator never logs, returns in a message or stores a value; exceptions name the step and the
 * service, never a secret.
 */
public interface Rotator {

  /**
   * A name for messages and audit details, e.g. {@code postgresql}.
   *
   * @return the name
   */
  String name();

  /**
   * Whether this rotator rotates credentials of a prototype.
   *
   * @param prototypeCode the prototype code
   * @return true when it does
   */
  boolean rotates(String prototypeCode);

  /**
   * Generates the new values of the fields this rotator changes.
   *
   * @param current the credential's current values
   * @return the changed fields only, e.g. {@code PGPASSWORD}
   */
  Map<String, Secret> next(Map<String, Secret> current);

  /**
   * Makes the service accept the new values.
   *
   * @param admin the values of the administrative credential
   * @param current the credential's current values
   * @param next the credential's values after the rotation (all fields)
   * @throws RuntimeException when the service refused; nothing has changed then
   */
  void apply(Map<String, Secret> admin, Map<String, Secret> current, Map<String, Secret> next);

  /**
   * Proves that the service accepts the values.
   *
   * @param values the credential's values after the rotation
   * @throws RuntimeException when it does not
   */
  void verify(Map<String, Secret> values);

  /**
   * Makes the service accept the old values again, after a failed verification.
   *
   * @param admin the values of the administrative credential
   * @param current the credential's values before the rotation
   * @throws RuntimeException when the service refused
   */
  void revert(Map<String, Secret> admin, Map<String, Secret> current);
}
