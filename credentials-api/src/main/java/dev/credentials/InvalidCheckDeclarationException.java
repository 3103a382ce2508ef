package dev.credentials;

import java.util.List;
import java.util.Objects;

/**
 * A declared check or connection test is invalid: a template that does not parse, a template that
 * names no field of the prototype, an unknown kind, or a parameter the kind does not know or needs.
 * Every problem is reported at once, each with its path (for example {@code /check/parameters/url})
 * and {@link Reason}, and the source of the declaration is named.
 */
public class InvalidCheckDeclarationException extends PrototypeDefinitionException {

  private static final long serialVersionUID = 1L;

  /** Why a declaration was refused. */
  public enum Reason {
    /** No check kind with that name is registered. */
    UNKNOWN_KIND,
    /** A template does not parse. */
    UNPARSEABLE_TEMPLATE,
    /** A template refers to a field the prototype does not have. */
    UNKNOWN_FIELD,
    /** A parameter the kind does not know. */
    UNKNOWN_PARAMETER,
    /** A parameter the kind needs is missing. */
    MISSING_PARAMETER,
    /** A parameter or TTL has a value the kind cannot use. */
    INVALID_VALUE
  }

  /**
   * One problem.
   *
   * @param path where, e.g. {@code /check/parameters/url}
   * @param reason why
   * @param message what is wrong and what to do; never a field's value
   */
  public record Problem(String path, Reason reason, String message) {
    /** Validates. */
    public Problem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /**
     * The problem as a plain violation.
     *
     * @return the violation
     */
    public Violation violation() {
      return new Violation(path, message);
    }
  }

  /** Problems are plain records of strings. */
  @SuppressWarnings("serial")
  private final List<Problem> problems;

  /**
   * @param source where the declaration came from, e.g. the prototype code or document
   * @param problems the problems, at least one
   */
  public InvalidCheckDeclarationException(String source, List<Problem> problems) {
    super(source, problems.stream().map(Problem::violation).toList());
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid declaration has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, in the order found.
   *
   * @return the problems
   */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Whether any problem has a reason.
   *
   * @param reason the reason
   * @return true if one has
   */
  public boolean has(Reason reason) {
    return problems().stream().anyMatch(p -> p.reason() == reason);
  }
}
