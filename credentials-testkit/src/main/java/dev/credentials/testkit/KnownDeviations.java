package dev.credentials.testkit;

import java.lang.reflect.Method;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs the kit tests an implementation declares as known deviations the other way round: such a
 * test must fail (the failure is published as a report entry), and it fails the build as soon as it
 * passes, so the declaration is removed once the implementation is fixed. Nothing is skipped.
 */
final class KnownDeviations implements InvocationInterceptor {

  /** Where the kit looks up the declared deviations. */
  interface Declaring {
    Set<String> knownDeviations();
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    String name = extensionContext.getDisplayName();
    Set<String> declared =
        extensionContext.getRequiredTestInstances().getAllInstances().stream()
            .filter(Declaring.class::isInstance)
            .map(i -> ((Declaring) i).knownDeviations())
            .findFirst()
            .orElse(Set.of());
    if (!declared.contains(name)) {
      invocation.proceed();
      return;
    }
    try {
      invocation.proceed();
    } catch (AssertionError expected) {
      extensionContext.publishReportEntry("known deviation", name + ": " + expected.getMessage());
      return;
    }
    throw new AssertionError(
        "'"
            + name
            + "' is declared a known deviation but passes now: remove it from knownDeviations()");
  }
}
