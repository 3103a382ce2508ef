package dev.credentials.core;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read-only face of the engine's registry that hosts see. */
record RegistryCatalog(PrototypeRegistry registry) implements PrototypeCatalog {

  @Override
  public Optional<Prototype> find(String code) {
    return registry.find(code);
  }

  @Override
  public Prototype require(String code) {
    return registry.require(code);
  }

  @Override
  public List<Prototype> all() {
    return registry.all();
  }

  @Override
  public List<Prototype> providing(Topic topic) {
    return registry.providing(topic);
  }

  @Override
  public String source(String code) {
    return registry.source(code);
  }

  @Override
  public Optional<CheckableCredential> check(String code) {
    return registry.check(code);
  }

  @Override
  public Optional<ConnectionTest> connectionTest(String code) {
    return registry.connectionTest(code);
  }

  @Override
  public Map<String, Secret> validate(String code, String subject, Map<String, Secret> values) {
    return registry.validate(code, subject, values);
  }

  @Override
  public String valueSchema(String code) {
    return registry.valueSchema(code);
  }

  @Override
  public String toString() {
    return "PrototypeCatalog" + all().stream().map(Prototype::code).toList();
  }
}
