package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.CredentialState;
import dev.credentials.TenantId;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.PrototypeProvider;
import dev.credentials.spi.UnitOfWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The kits are only worth something if they fail for broken implementations: each broken one here
 * must be caught by the tests that name its fault, and by no unrelated ones where that matters.
 */
class KitCanFailTest {

  private static EngineExecutionResults run(Class<?> kit) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
  }

  private static Set<String> failed(EngineExecutionResults results) {
    return results.testEvents().failed().stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getDisplayName())
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("a repository that ignores the tenant on reads fails the tenant isolation tests")
  void tenantLeakIsCaught() {
    EngineExecutionResults results = run(TenantLeakKit.class);
    assertThat(failed(results))
        .contains("another tenant's credential id reads as absent, alone or in bulk");
    assertThat(results.testEvents().succeeded().count()).isPositive();
  }

  @Test
  @DisplayName("a repository whose units of work are not atomic fails the atomicity tests")
  void missingRollbackIsCaught() {
    assertThat(failed(run(AutoCommitKit.class)))
        .contains(
            "work that throws after writes of every kind leaves nothing behind",
            "a credential exception raised by the repository itself propagates unchanged",
            "an error thrown by the work also rolls it back");
  }

  @Test
  @DisplayName("a known deviation that passes fails, so stale declarations are removed")
  void staleKnownDeviationIsCaught() {
    EngineExecutionResults results = run(StaleDeviationKit.class);
    assertThat(failed(results)).containsExactly("a fresh repository holds nothing");
  }

  @Test
  @DisplayName(
      "a provider with a hanging check, a leaking check, a bad prototype and no"
          + " registration fails the matching provider kit tests")
  void badProviderIsCaught() {
    Set<String> failed = failed(run(BadProviderKit.class));
    assertThat(failed)
        .contains(
            "the provider is found through ServiceLoader on the class path and can be created",
            "check of kit-hangs returns within 0.5 s",
            "check of kit-leaks leaks no secret");
    assertThat(failed)
        .anyMatch(n -> n.startsWith("every prototype is well-formed"))
        .doesNotContain("check of kit-leaks returns within 0.5 s")
        .doesNotContain("the provider has a name for messages");
  }

  // ---------------------------------------------------------------- broken repositories

  /**
   * Wraps each unit of work of the in-memory repository; subclasses alter calls to its aggregate
   * parts. {@code part} is the unit of work's accessor (e.g. {@code credentials()}), {@code method}
   * the aggregate's method.
   */
  abstract static class Wrapping implements CredentialRepository {
    final InMemoryCredentialRepository delegate = new InMemoryCredentialRepository();

    abstract Object call(UnitOfWork real, Method part, Method method, Object[] args)
        throws Throwable;

    UnitOfWork wrap(UnitOfWork real) {
      return (UnitOfWork)
          Proxy.newProxyInstance(
              UnitOfWork.class.getClassLoader(),
              new Class<?>[] {UnitOfWork.class},
              (proxy, part, none) ->
                  Proxy.newProxyInstance(
                      UnitOfWork.class.getClassLoader(),
                      new Class<?>[] {part.getReturnType()},
                      (p, method, args) -> call(real, part, method, args)));
    }

    static Object invoke(UnitOfWork u, Method part, Method method, Object[] args) {
      try {
        return method.invoke(part.invoke(u), args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Reads a credential in any tenant when the asking tenant has none. */
  static final class TenantLeakRepository extends Wrapping {
    @Override
    public <T> T inTransaction(Function<UnitOfWork, T> work) {
      return delegate.inTransaction(u -> work.apply(wrap(u)));
    }

    @Override
    Object call(UnitOfWork real, Method part, Method method, Object[] args) {
      Object result = invoke(real, part, method, args);
      if (part.getName().equals("credentials")
          && method.getName().equals("find")
          && ((Optional<?>) result).isEmpty()) {
        for (String t : List.of("tenant-a", "tenant-b")) {
          args[0] = TenantId.of(t);
          Optional<?> other = (Optional<?>) invoke(real, part, method, args);
          if (other.isPresent()) {
            return other;
          }
        }
      }
      return result;
    }
  }

  /** Commits every call on its own: a unit of work that throws keeps what it did. */
  static final class AutoCommitRepository extends Wrapping {
    @Override
    public <T> T inTransaction(Function<UnitOfWork, T> work) {
      return work.apply(wrap(null));
    }

    @Override
    Object call(UnitOfWork ignored, Method part, Method method, Object[] args) {
      return delegate.inTransaction(u -> invoke(u, part, method, args));
    }
  }

  /** Broken on purpose; run only through {@link KitCanFailTest}. */
  static class TenantLeakKit extends RepositoryCompatibilityKit {
    @Override
    protected CredentialRepository createRepository() {
      return new TenantLeakRepository();
    }
  }

  /** Broken on purpose; run only through {@link KitCanFailTest}. */
  static class AutoCommitKit extends RepositoryCompatibilityKit {
    @Override
    protected CredentialRepository createRepository() {
      return new AutoCommitRepository();
    }
  }

  /** Declares a deviation the in-memory repository does not have. */
  static class StaleDeviationKit extends InMemoryRepositoryKitTest {
    @Override
    public Set<String> knownDeviations() {
      return Set.of("a fresh repository holds nothing");
    }
  }

  // ---------------------------------------------------------------- a broken provider

  /** Not registered in META-INF/services. */
  static final class BadProvider implements PrototypeProvider {
    private final ScriptedCheck hanging = ScriptedCheck.hanging();

    @Override
    public List<Prototype> prototypes() {
      return List.of(
          Prototype.builder("kit-hangs")
              .field(FieldDefinition.builder("TOKEN", FieldType.PASSWORD).build())
              .build(),
          Prototype.builder("kit-leaks")
              .field(FieldDefinition.builder("TOKEN", FieldType.PASSWORD).build())
              .build(),
          Prototype.builder("kit-bad-default")
              .field(
                  FieldDefinition.builder("PORT", FieldType.INTEGER)
                      .maximum(java.math.BigDecimal.TEN)
                      .defaultValue("80")
                      .build())
              .build());
    }

    @Override
    public Optional<CheckableCredential> check(String code) {
      switch (code) {
        case "kit-hangs":
          return Optional.of(hanging);
        case "kit-leaks":
          return Optional.of(
              c ->
                  new CheckResult(
                      CredentialState.MISCONFIGURED,
                      "token rejected",
                      c.clock().instant(),
                      0,
                      Map.of("sent", c.value("TOKEN").orElseThrow().reveal())));
        default:
          return Optional.empty();
      }
    }
  }

  /** Broken on purpose; run only through {@link KitCanFailTest}. */
  static class BadProviderKit extends PrototypeProviderCompatibilityKit {
    @Override
    protected PrototypeProvider provider() {
      return new BadProvider();
    }

    @Override
    protected Duration checkTimeout() {
      return Duration.ofMillis(200);
    }

    @Override
    protected Duration timeoutMargin() {
      return Duration.ofMillis(300);
    }
  }
}
