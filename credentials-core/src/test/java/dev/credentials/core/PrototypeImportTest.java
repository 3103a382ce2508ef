package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.PrototypeDefinitionException;
import dev.credentials.prototype.Prototype;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Importing and exporting prototypes through the engine")
class PrototypeImportTest {

  static final String DOC =
      """
      {"code": "acme-crm", "name": "ACME CRM", "topics": ["crm"],
       "fields": [{"code": "CRM_URL", "name": "URL", "type": "url", "required": true},
                  {"code": "CRM_KEY", "name": "API key", "type": "password", "required": true}]}
      """;

  Credentials engine(InMemoryCredentialRepository repo) {
    return Credentials.builder()
        .repository(repo)
        .keys(CredentialKeys.generate())
        .discoverPrototypes(false)
        .build();
  }

  @Test
  @DisplayName("a dry run validates and writes nothing")
  void dryRun() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    try (Credentials e = engine(repo)) {
      List<Prototype> p = e.importPrototypes("upload-1", List.of(DOC), true);
      assertThat(p).extracting(Prototype::code).containsExactly("acme-crm");
      assertThat(e.prototypes().find("acme-crm")).isEmpty();
      assertThat(repo.<java.util.Map<String, String>>read(uow -> uow.prototypeDocuments().all()))
          .isEmpty();
    }
  }

  @Test
  @DisplayName("an import is stored, registered, and loaded again by the next engine")
  void persisted() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    try (Credentials e = engine(repo)) {
      e.importPrototypes("upload-1", List.of(DOC), false);
      assertThat(e.prototypes().find("acme-crm")).isPresent();
    }
    try (Credentials again = engine(repo)) {
      Prototype p = again.prototypes().require("acme-crm");
      assertThat(p.field("CRM_KEY").orElseThrow().secret()).isTrue();
      String exported = again.exportPrototype("acme-crm");
      assertThat(again.importPrototypes("round-trip", List.of(exported), true)).containsExactly(p);
    }
  }

  @Test
  @DisplayName("an invalid batch is refused whole, naming every problem, and nothing is written")
  void invalid() {
    InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
    try (Credentials e = engine(repo)) {
      assertThatThrownBy(
              () ->
                  e.importPrototypes(
                      "upload-2", List.of(DOC, "{\"code\": \"x\", \"fields\": 3}"), false))
          .isInstanceOf(PrototypeDefinitionException.class);
      assertThat(e.prototypes().find("acme-crm")).isEmpty();
      assertThat(repo.<java.util.Map<String, String>>read(uow -> uow.prototypeDocuments().all()))
          .isEmpty();
    }
  }

  @Test
  @DisplayName(
      "a prototype built in Java and registered in the builder is refused like its document")
  void builderRegistrationUsesTheSameRules() {
    Prototype bad =
        Prototype.builder("java-bad")
            .field(
                dev.credentials.prototype.FieldDefinition.builder(
                        "NAME", dev.credentials.prototype.FieldType.STRING)
                    .minLength(10)
                    .maxLength(2)
                    .build())
            .field(
                dev.credentials.prototype.FieldDefinition.builder(
                        "TOKEN", dev.credentials.prototype.FieldType.PASSWORD)
                    .defaultValue("canary-b7c2")
                    .build())
            .build();
    PrototypeDefinitionException fromBuilder =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PrototypeDefinitionException.class,
            () ->
                Credentials.builder()
                    .repository(new InMemoryCredentialRepository())
                    .keys(CredentialKeys.generate())
                    .discoverPrototypes(false)
                    .prototype(bad)
                    .build());
    PrototypeDefinitionException fromImport =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PrototypeDefinitionException.class,
            () ->
                dev.credentials.core.prototype.PrototypeDocuments.parse(
                    "export", dev.credentials.core.prototype.PrototypeDocuments.toJson(bad)));
    assertThat(fromBuilder.violations())
        .extracting(dev.credentials.Violation::path)
        .containsExactly("/fields/0/maxLength", "/fields/1/default");
    assertThat(fromBuilder.violations()).isEqualTo(fromImport.violations());
    assertThat(fromBuilder.getMessage()).doesNotContain("canary-b7c2");
  }
}
