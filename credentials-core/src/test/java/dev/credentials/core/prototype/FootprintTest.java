package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.prototype.Prototype;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pins the Netty trimming in credentials-core's pom: validation works without Netty networking. */
@DisplayName("Footprint")
class FootprintTest {

  @Test
  @DisplayName("Netty transports, codecs and resolvers are not on the class path")
  void nettyNetworkingExcluded() {
    for (String name :
        new String[] {
          "io.netty.channel.Channel", // netty-transport
          "io.netty.handler.ssl.SslContext", // netty-handler
          "io.netty.handler.codec.http.HttpRequest", // netty-codec-http
          "io.netty.resolver.dns.DnsNameResolver" // netty-resolver-dns
        }) {
      assertThatThrownBy(() -> Class.forName(name)).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  @DisplayName("documents and values still validate with only netty-common and netty-buffer")
  void validationWorks() throws ClassNotFoundException {
    assertThat(Class.forName("io.netty.buffer.ByteBuf")).isNotNull();
    Prototype p = PrototypeDocuments.parse("footprint", PrototypeDocumentsTest.MINIMAL);
    assertThat(ValueSchema.compile(p).validate("t", java.util.Map.of())).isEmpty();
  }
}
