package dev.credentials;

import java.util.List;
import java.util.stream.Collectors;

/** Values or metadata broke one or more rules; every violation is reported at once. */
public class CredentialValidationException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /** Violations are plain records of strings. */
  @SuppressWarnings("serial")
  private final List<Violation> violations;

  /**
   * @param subject what was validated, e.g. {@code "credential 'erp' of prototype abraflexi"}
   * @param violations the violations, at least one
   */
  public CredentialValidationException(String subject, List<Violation> violations) {
    this(ErrorCode.VALIDATION, subject, violations);
  }

  /**
   * @param code the error code
   * @param subject what was validated
   * @param violations the violations, at least one
   */
  protected CredentialValidationException(
      ErrorCode code, String subject, List<Violation> violations) {
    super(code, describe(subject, violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  private static String describe(String subject, List<Violation> violations) {
    return subject
        + " is invalid ("
        + violations.size()
        + (violations.size() == 1 ? " problem" : " problems")
        + "): "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /**
   * @return every violation, in a stable order
   */
  public List<Violation> violations() {
    return violations;
  }
}
