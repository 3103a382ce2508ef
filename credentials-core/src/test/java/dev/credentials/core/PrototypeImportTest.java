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
}
