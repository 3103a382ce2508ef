package dev.credentials;

import java.util.List;

/**
 * A prototype document or definition is invalid: every violation is reported with its JSON path,
 * and the source (file, resource, provider) is named.
 */
public class PrototypeDefinitionException extends CredentialValidationException {

  private static final long serialVersionUID = 1L;

  /**
   * @param source where the definition came from
   * @param violations the violations, at least one
   */
  public PrototypeDefinitionException(String source, List<Violation> violations) {
    super(ErrorCode.INVALID_PROTOTYPE, "prototype definition " + source, violations);
  }
}
