package dev.credentials.core;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The prototypes registered one by one in the builder. */
record BuilderPrototypes(
    List<Prototype> list,
    Map<String, CheckableCredential> checks,
    Map<String, ConnectionTest> tests)
    implements PrototypeProvider {
  @Override
  public String name() {
    return "Credentials.builder()";
  }

  @Override
  public List<Prototype> prototypes() {
    return list;
  }

  @Override
  public Optional<CheckableCredential> check(String prototypeCode) {
    return Optional.ofNullable(checks.get(prototypeCode));
  }

  @Override
  public Optional<ConnectionTest> connectionTest(String prototypeCode) {
    return Optional.ofNullable(tests.get(prototypeCode));
  }
}
