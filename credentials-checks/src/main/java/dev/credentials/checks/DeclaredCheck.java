package dev.credentials.checks;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.CredentialState;
import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.Secret;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link CheckDeclaration} of a prototype with its {@link CheckKind}, as the engine's {@link
 * CheckableCredential} (phase 2, before a launch) or {@link ConnectionTest} (on demand), so that an
 * engine runs declared checks through {@code Credentials.builder().prototype(prototype, check,
 * test)}:
 *
 * <pre>{@code
 * CheckKinds kinds = CheckKinds.discover();
 * DeclaredCheck check = DeclaredCheck.of(postgresql, CheckDeclaration.builder("jdbc")
 *     .parameter("url", "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}")
 *     .parameter("user", "${PGUSER}")
 *     .parameter("password", "${PGPASSWORD}")
 *     .build(), kinds);
 * Credentials engine = Credentials.builder().prototype(postgresql, check, check)...build();
 * }</pre>
 *
 * <p>The declaration is validated against the prototype and the kind when made. Each run expands
 * the templates with the credential's values (a value that cannot be inserted safely is {@code
 * MISCONFIGURED}), runs the probe on a daemon thread within {@code min(declared timeout, engine
 * timeout)} (past it the result is {@code UNAVAILABLE} and the probe is interrupted), turns an
 * exception into {@code UNAVAILABLE} naming its type only, and removes every secret field value
 * from the message and details. Instances are immutable and thread-safe.
 */
public final class DeclaredCheck implements CheckableCredential, ConnectionTest {

  private static final Logger LOG = LoggerFactory.getLogger(DeclaredCheck.class);

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Probes in flight beyond this many are refused as UNAVAILABLE rather than queued. */
  static final int MAX_IN_FLIGHT = 64;

  private static final ThreadPoolExecutor EXECUTOR =
      new ThreadPoolExecutor(
          0,
          MAX_IN_FLIGHT,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "credentials-check-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private final Prototype prototype;
  private final CheckDeclaration declaration;
  private final CheckKind kind;
  private final List<String> secretFields;

  private DeclaredCheck(Prototype prototype, CheckDeclaration declaration, CheckKind kind) {
    this.prototype = prototype;
    this.declaration = declaration;
    this.kind = kind;
    List<String> secrets = new ArrayList<>();
    for (FieldDefinition f : prototype.fields()) {
      if (f.secret()) {
        secrets.add(f.code());
      }
    }
    this.secretFields = List.copyOf(secrets);
  }

  /**
   * Validates a declaration against its prototype and kind, and makes the check.
   *
   * @param prototype the prototype the declaration belongs to
   * @param declaration the declaration
   * @param kinds the kinds to find it in
   * @return the check
   * @throws InvalidCheckDeclarationException listing every problem (unknown kind, template that
   *     does not parse or names no field, unknown or missing parameter)
   */
  public static DeclaredCheck of(
      Prototype prototype, CheckDeclaration declaration, CheckKinds kinds) {
    Objects.requireNonNull(prototype, "prototype");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(kinds, "kinds");
    String source = "check of prototype " + prototype.code();
    CheckKind kind = kinds.find(declaration.kind()).orElse(null);
    declaration.validate(source, "/check", prototype, kind);
    return new DeclaredCheck(prototype, declaration, kind);
  }

  /**
   * As {@link #of(Prototype, CheckDeclaration, CheckKinds)} with the discovered kinds.
   *
   * @param prototype the prototype
   * @param declaration the declaration
   * @return the check
   */
  public static DeclaredCheck of(Prototype prototype, CheckDeclaration declaration) {
    return of(prototype, declaration, CheckKinds.discover());
  }

  /**
   * The declaration this check runs.
   *
   * @return the declaration
   */
  public CheckDeclaration declaration() {
    return declaration;
  }

  @Override
  public CheckResult check(CheckContext context) {
    return run(context, "check");
  }

  @Override
  public CheckResult test(CheckContext context) {
    return run(context, "test");
  }

  private CheckResult run(CheckContext context, String what) {
    Objects.requireNonNull(context, "context");
    Duration budget =
        declaration.timeout().compareTo(context.timeout()) < 0
            ? declaration.timeout()
            : context.timeout();
    if (budget.isZero() || budget.isNegative()) {
      budget = Duration.ofMillis(1);
    }
    List<Secret> secrets = new ArrayList<>();
    for (String f : secretFields) {
      context.value(f).ifPresent(secrets::add);
    }
    Redaction redaction = Redaction.of(secrets);
    long start = System.nanoTime();
    CheckResult result = redaction.scrub(probe(context, budget));
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} of prototype {} for credential {}: {} in {} ms",
          kind.name(),
          what,
          prototype.code(),
          context.credential().id(),
          result.state(),
          (System.nanoTime() - start) / 1_000_000);
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} said: {} {}", kind.name(), what, result.message(), result.details());
    }
    return result;
  }

  private CheckResult probe(CheckContext context, Duration budget) {
    Map<String, Secret> parameters;
    try {
      parameters = declaration.expand(kind, context.values());
    } catch (IllegalArgumentException e) {
      // Messages of expansion failures name the field, never its value.
      return result(
          context,
          CredentialState.MISCONFIGURED,
          kind.name() + " check of " + prototype.code() + ": " + e.getMessage());
    }
    long margin = Math.min(250, budget.toMillis() / 10);
    Duration probeBudget = budget.minusMillis(margin);
    if (probeBudget.isZero() || probeBudget.isNegative()) {
      probeBudget = budget;
    }
    ProbeRequest request =
        new ProbeRequest(declaration, parameters, context.values(), context.clock(), probeBudget);
    Future<CheckResult> future;
    try {
      future = EXECUTOR.submit(() -> kind.probe(request));
    } catch (RejectedExecutionException e) {
      return result(
          context,
          CredentialState.UNAVAILABLE,
          kind.name()
              + " check: more than "
              + MAX_IN_FLIGHT
              + " checks are in flight; retry later");
    }
    try {
      CheckResult r = future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
      if (r == null) {
        return result(
            context, CredentialState.UNAVAILABLE, kind.name() + " check returned no result");
      }
      return r;
    } catch (TimeoutException e) {
      future.cancel(true);
      return result(
          context,
          CredentialState.UNAVAILABLE,
          kind.name() + " check: the service did not answer within " + budget.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return result(
          context,
          CredentialState.UNAVAILABLE,
          kind.name() + " check failed (" + cause.getClass().getName() + ")");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return result(context, CredentialState.UNAVAILABLE, kind.name() + " check was interrupted");
    }
  }

  private CheckResult result(CheckContext context, CredentialState state, String message) {
    return new CheckResult(
        state, message, context.clock().instant(), declaration.ttl(state).toSeconds(), Map.of());
  }

  /** The kind and prototype; never a value. */
  @Override
  public String toString() {
    return "DeclaredCheck[" + kind.name() + " of " + prototype.code() + "]";
  }
}
