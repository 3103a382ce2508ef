package dev.credentials.core.internal.checks;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.CredentialState;
import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.Secret;
import dev.credentials.core.internal.launch.SecretScrubber;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.ProbeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one declared {@code check} or {@code test} of a prototype with its {@link CheckKind}, as the
 * engine's {@link CheckableCredential} or {@link ConnectionTest}. It runs on the caller's thread:
 * the engine's check runner supplies the thread, the concurrency bound and the outer timeout.
 *
 * <p>Each run expands the templates with the credential's values (a value that cannot be inserted
 * safely is {@code MISCONFIGURED} naming the field), gives the kind {@code min(declared timeout,
 * context timeout)} less a margin (a tenth, at most 250 ms) so that the kind's own mapping answers
 * before the runner gives up, turns an exception into {@code UNAVAILABLE} naming its type only, and
 * removes the values of the prototype's secret fields from the message and details before anything
 * is logged. When the kind is not on the class path the result is {@code UNKNOWN} naming the
 * artifact to add; it never blocks. Immutable and thread-safe.
 */
public final class DeclaredProbe implements CheckableCredential, ConnectionTest {

  private static final Logger LOG = LoggerFactory.getLogger(DeclaredProbe.class);

  private final Prototype prototype;
  private final CheckDeclaration declaration;
  private final Optional<CheckKind> kind;
  private final String role;
  private final List<String> secretFields;

  private DeclaredProbe(
      Prototype prototype, CheckDeclaration declaration, Optional<CheckKind> kind, String role) {
    this.prototype = prototype;
    this.declaration = declaration;
    this.kind = kind;
    this.role = role;
    List<String> secrets = new ArrayList<>();
    for (FieldDefinition f : prototype.fields()) {
      if (f.secret()) {
        secrets.add(f.code());
      }
    }
    this.secretFields = List.copyOf(secrets);
  }

  /**
   * Validates a declaration against its prototype and the kinds, and makes its probe.
   *
   * @param prototype the prototype the declaration belongs to
   * @param at where the declaration is: {@code /check} or {@code /test}
   * @param declaration the declaration
   * @param kinds the kinds
   * @return the probe
   * @throws InvalidCheckDeclarationException listing every problem
   */
  public static DeclaredProbe of(
      Prototype prototype, String at, CheckDeclaration declaration, CheckKindRegistry kinds) {
    Objects.requireNonNull(prototype, "prototype");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(kinds, "kinds");
    var problems = kinds.problems(at, prototype, declaration);
    if (!problems.isEmpty()) {
      throw new InvalidCheckDeclarationException("prototype " + prototype.code(), problems);
    }
    return new DeclaredProbe(
        prototype, declaration, kinds.find(declaration.kind()), at.replace("/", ""));
  }

  /**
   * The declaration this probe runs.
   *
   * @return the declaration
   */
  public CheckDeclaration declaration() {
    return declaration;
  }

  @Override
  public CheckResult check(CheckContext context) {
    return run(context);
  }

  @Override
  public CheckResult test(CheckContext context) {
    return run(context);
  }

  private CheckResult run(CheckContext context) {
    Objects.requireNonNull(context, "context");
    long start = System.nanoTime();
    List<Secret> secrets = new ArrayList<>();
    for (String f : secretFields) {
      context.value(f).ifPresent(secrets::add);
    }
    CheckResult result = scrub(probe(context), secrets);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} of prototype {} for credential {}: {} in {} ms",
          declaration.kind(),
          role,
          prototype.code(),
          context.credential().id(),
          result.state(),
          (System.nanoTime() - start) / 1_000_000);
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} said: {} {}", declaration.kind(), role, result.message(), result.details());
    }
    return result;
  }

  private CheckResult probe(CheckContext context) {
    if (kind.isEmpty()) {
      return new CheckResult(
          CredentialState.UNKNOWN,
          "the "
              + declaration.kind()
              + " "
              + role
              + " of prototype "
              + prototype.code()
              + " needs a check kind that is not on the class path; add the dependency "
              + CheckKindRegistry.CHECKS_ARTIFACT,
          context.clock().instant(),
          declaration.ttl(CredentialState.UNKNOWN).toSeconds(),
          Map.of("missing-artifact", CheckKindRegistry.CHECKS_ARTIFACT));
    }
    CheckKind k = kind.get();
    Map<String, Secret> parameters;
    try {
      parameters = declaration.expand(k, context.values());
    } catch (IllegalArgumentException e) {
      // Messages of expansion failures name the field, never its value.
      return result(
          context,
          CredentialState.MISCONFIGURED,
          k.name() + " " + role + " of " + prototype.code() + ": " + e.getMessage());
    }
    Duration budget =
        declaration.timeout().compareTo(context.timeout()) < 0
            ? declaration.timeout()
            : context.timeout();
    long margin = Math.min(250, budget.toMillis() / 10);
    Duration probeBudget = budget.minusMillis(margin);
    if (probeBudget.isZero() || probeBudget.isNegative()) {
      probeBudget = budget.isZero() || budget.isNegative() ? Duration.ofMillis(1) : budget;
    }
    ProbeRequest request =
        new ProbeRequest(declaration, parameters, context.values(), context.clock(), probeBudget);
    try {
      CheckResult r = k.probe(request);
      if (r == null) {
        return result(
            context, CredentialState.UNAVAILABLE, k.name() + " " + role + " returned no result");
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return result(
          context, CredentialState.UNAVAILABLE, k.name() + " " + role + " was interrupted");
    } catch (Exception | LinkageError e) {
      return result(
          context,
          CredentialState.UNAVAILABLE,
          k.name() + " " + role + " failed (" + e.getClass().getName() + ")");
    }
  }

  private CheckResult result(CheckContext context, CredentialState state, String message) {
    return new CheckResult(
        state, message, context.clock().instant(), declaration.ttl(state).toSeconds(), Map.of());
  }

  private static CheckResult scrub(CheckResult r, List<Secret> secrets) {
    if (secrets.isEmpty()) {
      return r;
    }
    Map<String, String> details = new java.util.LinkedHashMap<>();
    r.details()
        .forEach(
            (k, v) ->
                details.put(SecretScrubber.scrub(k, secrets), SecretScrubber.scrub(v, secrets)));
    return new CheckResult(
        r.state(),
        SecretScrubber.scrub(r.message(), secrets),
        r.checkedAt(),
        r.ttlSeconds(),
        details);
  }

  /** The kind and prototype; never a value. */
  @Override
  public String toString() {
    return "DeclaredProbe[" + declaration.kind() + " " + role + " of " + prototype.code() + "]";
  }
}
