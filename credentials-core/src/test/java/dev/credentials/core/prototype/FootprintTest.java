package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.prototype.Prototype;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Validation needs only netty-common and netty-buffer of Netty. credentials-core depends on the
 * whole of what Vert.x JSON Schema brings (a module-path host needs it: io.vertx.core requires
 * every Netty module); examples/strict-host excludes Netty's networking jars, as docs/operations.md
 * describes, and runs validation without them.
 */
@DisplayName("Footprint")
class FootprintTest {

  @Test
  @DisplayName("documents and values validate through Vert.x JSON Schema")
  void validationWorks() throws ClassNotFoundException {
    assertThat(Class.forName("io.netty.buffer.ByteBuf")).isNotNull();
    Prototype p = PrototypeDocuments.parse("footprint", PrototypeDocumentsTest.MINIMAL);
    assertThat(ValueSchema.compile(p).validate("t", java.util.Map.of())).isEmpty();
  }
}
