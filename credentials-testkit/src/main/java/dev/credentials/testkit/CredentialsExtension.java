package dev.credentials.testkit;

import dev.credentials.CredentialBindings;
import dev.credentials.CredentialResolver;
import dev.credentials.CredentialStore;
import dev.credentials.LaunchGate;
import dev.credentials.core.Credentials;
import dev.credentials.spi.CredentialRepository;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a fresh engine, its clock and its store. Register it
 * programmatically and adjust it fluently:
 *
 * <pre>
 * &#64;RegisterExtension
 * static CredentialsExtension credentials = CredentialsExtension.inMemory();
 *
 * &#64;Test
 * void works(CredentialStore store, MutableClock clock, TestEngine engine) { ... }
 * </pre>
 *
 * <p>Test methods can take {@link TestEngine}, {@link Credentials}, {@link MutableClock}, {@link
 * CredentialStore}, {@link CredentialBindings}, {@link LaunchGate}, {@link CredentialResolver} and
 * {@link CredentialRepository} parameters. The engine is built before each test and closed after
 * it.
 */
public final class CredentialsExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CredentialsExtension.class);

  private final TestEngine.Setup setup;

  private CredentialsExtension(TestEngine.Setup setup) {
    this.setup = setup;
  }

  /**
   * Engines on the in-memory repository.
   *
   * @return the extension
   */
  public static CredentialsExtension inMemory() {
    return new CredentialsExtension(TestEngine.inMemory());
  }

  /**
   * Engines on a fresh in-memory H2 database each test, through {@code credentials-jdbc}, which
   * must be on the test class path.
   *
   * @return the extension
   * @throws IllegalStateException when credentials-jdbc is missing
   */
  public static CredentialsExtension h2() {
    return new CredentialsExtension(TestEngine.on(CredentialsExtension::h2Repository));
  }

  /**
   * Engines on a repository of your choice, fresh each test.
   *
   * @param repository makes the repository
   * @return the extension
   */
  public static CredentialsExtension on(
      java.util.function.Supplier<? extends CredentialRepository> repository) {
    return new CredentialsExtension(TestEngine.on(repository));
  }

  static CredentialRepository h2Repository() {
    String name = "testkit-" + UUID.randomUUID();
    try {
      Class<?> type = Class.forName("dev.credentials.jdbc.JdbcCredentialRepository");
      return (CredentialRepository) type.getMethod("h2InMemory", String.class).invoke(null, name);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          "CredentialsExtension.h2() needs dev.credentials:credentials-jdbc on the test class path",
          e);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call JdbcCredentialRepository.h2InMemory", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "could not start an in-memory H2 repository: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Adjusts the engine each test gets.
   *
   * @param customiser changes the setup
   * @return this
   */
  public CredentialsExtension with(Consumer<TestEngine.Setup> customiser) {
    Objects.requireNonNull(customiser, "customiser").accept(setup);
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(TestEngine.class, setup.build());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestEngine engine = context.getStore(NAMESPACE).remove(TestEngine.class, TestEngine.class);
    if (engine != null) {
      engine.close();
    }
  }

  private static TestEngine current(ExtensionContext context) {
    TestEngine engine = context.getStore(NAMESPACE).get(TestEngine.class, TestEngine.class);
    if (engine == null) {
      throw new ParameterResolutionException(
          "no engine: CredentialsExtension provides parameters to test methods only");
    }
    return engine;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestEngine.class
        || type == Credentials.class
        || type == MutableClock.class
        || type == CredentialStore.class
        || type == CredentialBindings.class
        || type == LaunchGate.class
        || type == CredentialResolver.class
        || type == CredentialRepository.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestEngine t = current(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == TestEngine.class) {
      return t;
    } else if (type == Credentials.class) {
      return t.engine();
    } else if (type == MutableClock.class) {
      return t.clock();
    } else if (type == CredentialStore.class) {
      return t.engine().store();
    } else if (type == CredentialBindings.class) {
      return t.engine().bindings();
    } else if (type == LaunchGate.class) {
      return t.engine().launchGate();
    } else if (type == CredentialResolver.class) {
      return t.engine().resolver();
    }
    return t.repository();
  }

  /**
   * The engine of the running test, for use in fields or helpers.
   *
   * @param context the test's extension context
   * @return the engine
   */
  public static TestEngine engine(ExtensionContext context) {
    return current(context);
  }
}
