package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.spi.UnitOfWork;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of imported prototype documents. */
interface PrototypeDocumentTests extends KitContext {

  @Test
  @DisplayName("documents read back by code; putting one again replaces it")
  default void roundTrip() {
    String json = "{\"code\":\"erp\",\"name\":\"ERP — ünïcödé\",\"fields\":[]}";
    write(
        u -> {
          u.prototypeDocuments().put("erp", json);
          u.prototypeDocuments().put("crm", "{\"code\":\"crm\"}");
        });
    assertThat(db().prototypeDocuments().all())
        .containsOnly(Map.entry("erp", json), Map.entry("crm", "{\"code\":\"crm\"}"));
    write(u -> u.prototypeDocuments().put("crm", "{\"code\":\"crm\",\"version\":\"2\"}"));
    assertThat(db().prototypeDocuments().all())
        .containsEntry("crm", "{\"code\":\"crm\",\"version\":\"2\"}")
        .hasSize(2);
  }

  @Test
  @DisplayName("prototype documents are stored, replaced and listed")
  default void prototypeDocuments() {
    assertThat(read((UnitOfWork u) -> u.prototypeDocuments().all())).isEmpty();
    String big = "{\"code\":\"x\",\"pad\":\"" + "é".repeat(70_000) + "\"}";
    write(
        u -> {
          u.prototypeDocuments().put("x", "{}");
          u.prototypeDocuments().put("y", "{\"code\":\"y\"}");
          u.prototypeDocuments().put("x", big);
        });
    assertThat(read((UnitOfWork u) -> u.prototypeDocuments().all()))
        .containsOnly(Map.entry("x", big), Map.entry("y", "{\"code\":\"y\"}"));
  }
}
