package dev.credentials.core.delivery;

import java.util.Objects;
import java.util.Optional;

/**
 * Which field codes {@link AuthorizationHeaders} and {@link AuthorizationVerifier} read, when the
 * naming convention does not fit or is ambiguous.
 *
 * @param bearerToken the field holding a bearer token, if any
 * @param username the field holding the basic user name, if any
 * @param password the field holding the basic password, if any
 */
public record AuthorizationFields(
    Optional<String> bearerToken, Optional<String> username, Optional<String> password) {

  /** Validates: user name and password come together, and at least one scheme is named. */
  public AuthorizationFields {
    Objects.requireNonNull(bearerToken, "bearerToken");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "name both the user name and the password field for basic authentication, or neither");
    }
    if (bearerToken.isEmpty() && username.isEmpty()) {
      throw new IllegalArgumentException("name a bearer token field, basic fields, or both");
    }
  }

  /**
   * Bearer only.
   *
   * @param tokenField the field code of the token, e.g. {@code GITHUB_PAT}
   * @return the fields
   */
  public static AuthorizationFields bearer(String tokenField) {
    return new AuthorizationFields(
        Optional.of(Objects.requireNonNull(tokenField, "tokenField")),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Basic only.
   *
   * @param usernameField the field code of the user name
   * @param passwordField the field code of the password
   * @return the fields
   */
  public static AuthorizationFields basic(String usernameField, String passwordField) {
    return new AuthorizationFields(
        Optional.empty(),
        Optional.of(Objects.requireNonNull(usernameField, "usernameField")),
        Optional.of(Objects.requireNonNull(passwordField, "passwordField")));
  }

  /**
   * Bearer when its field has a value, else basic.
   *
   * @param tokenField the field code of the token
   * @param usernameField the field code of the user name
   * @param passwordField the field code of the password
   * @return the fields
   */
  public static AuthorizationFields bearerOrBasic(
      String tokenField, String usernameField, String passwordField) {
    return new AuthorizationFields(
        Optional.of(Objects.requireNonNull(tokenField, "tokenField")),
        Optional.of(Objects.requireNonNull(usernameField, "usernameField")),
        Optional.of(Objects.requireNonNull(passwordField, "passwordField")));
  }
}
