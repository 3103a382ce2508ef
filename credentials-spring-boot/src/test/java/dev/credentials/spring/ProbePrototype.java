package dev.credentials.spring;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.time.Duration;

/** A prototype whose live check reports the state its MODE field names; its TOKEN is secret. */
final class ProbePrototype {

  static final String CODE = "probe";

  private ProbePrototype() {}

  static Prototype prototype() {
    return Prototype.builder(CODE)
        .name("Probe")
        .category("Test")
        .field(FieldDefinition.builder("MODE", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("TOKEN", FieldType.PASSWORD).required(true).build())
        .build();
  }

  static CheckResult check(CheckContext context) {
    String mode = context.value("MODE").map(Secret::reveal).orElse("");
    CredentialState state =
        mode.equals("down") ? CredentialState.UNAVAILABLE : CredentialState.AVAILABLE;
    return CheckResult.of(state, "mode " + mode, context.clock().instant(), Duration.ZERO);
  }

  static CredentialsBuilderCustomizer customizer() {
    return b -> b.prototype(prototype(), ProbePrototype::check, ProbePrototype::check);
  }
}
