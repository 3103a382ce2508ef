package dev.credentials.testkit;

import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.CredentialState;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider registered through {@code META-INF/services} in the test class path: the sample
 * prototypes, a scripted check, and a real connection test that opens a TCP connection within its
 * budget and reports without values.
 */
public final class DemoTestProvider implements PrototypeProvider {

  private final ScriptedPrototypeProvider delegate =
      ScriptedPrototypeProvider.builder("demo test prototypes")
          .prototype(
              SamplePrototypes.demoApi(),
              ScriptedCheck.always(CredentialState.AVAILABLE, "the demo API answers"),
              DemoTestProvider::tcpTest)
          .prototype(SamplePrototypes.demoDb())
          .prototype(SamplePrototypes.demoCloud())
          .document(DemoTestProvider.class.getResource("demo-document.json"))
          .build();

  /** For ServiceLoader. */
  public DemoTestProvider() {}

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<URL> documents() {
    return delegate.documents();
  }

  @Override
  public List<Prototype> prototypes() {
    return delegate.prototypes();
  }

  @Override
  public Optional<CheckableCredential> check(String prototypeCode) {
    return delegate.check(prototypeCode);
  }

  @Override
  public Optional<ConnectionTest> connectionTest(String prototypeCode) {
    return delegate.connectionTest(prototypeCode);
  }

  /** Connects to the API's host and port within the budget; never mentions the token. */
  static CheckResult tcpTest(dev.credentials.CheckContext context) {
    URI uri = URI.create(context.value("API_URL").orElseThrow().reveal());
    int port = uri.getPort() > 0 ? uri.getPort() : 443;
    long started = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), (int) context.timeout().toMillis());
      return new CheckResult(
          CredentialState.AVAILABLE,
          "connected to " + uri.getHost() + ":" + port,
          context.clock().instant(),
          60,
          Map.of("latencyMs", Long.toString((System.nanoTime() - started) / 1_000_000)));
    } catch (java.io.IOException e) {
      return CheckResult.of(
          CredentialState.UNAVAILABLE,
          "cannot connect to "
              + uri.getHost()
              + ":"
              + port
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          context.clock().instant(),
          Duration.ofSeconds(30));
    }
  }
}
