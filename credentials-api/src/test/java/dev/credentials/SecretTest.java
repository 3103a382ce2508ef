package dev.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Secret")
class SecretTest {

  @Test
  @DisplayName("never shows its value in toString, and its hash does not depend on it")
  void redacted() {
    Secret s = Secret.of("hunter2-canary");
    assertThat(s.toString()).isEqualTo("Secret[redacted]").doesNotContain("hunter2");
    assertThat(s.hashCode()).isEqualTo(Secret.of("other").hashCode());
    assertThat(java.util.List.of(s).toString()).doesNotContain("hunter2");
  }

  @Test
  @DisplayName("compares by value, reveals on request, and knows its UTF-8 length")
  void value() {
    Secret s = Secret.of("žluťoučký");
    assertThat(s).isEqualTo(Secret.of("žluťoučký")).isNotEqualTo(Secret.of("zlutoucky"));
    assertThat(s.reveal()).isEqualTo("žluťoučký");
    assertThat(s.matches("žluťoučký")).isTrue();
    assertThat(s.matches("žluťoučk")).isFalse();
    assertThat(s.utf8Length()).isEqualTo("žluťoučký".getBytes(StandardCharsets.UTF_8).length);
    assertThat(Secret.of("").isEmpty()).isTrue();
    assertThat(Secret.empty()).isEqualTo(Secret.of(""));
  }

  @Test
  @DisplayName("copies what it is given and what it hands out")
  void copies() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    Secret s = Secret.ofUtf8(bytes);
    bytes[0] = 'x';
    assertThat(s.reveal()).isEqualTo("abc");
    byte[] out = s.revealBytes();
    out[0] = 'y';
    assertThat(s.reveal()).isEqualTo("abc");
  }

  @Test
  @DisplayName("wraps a range of a buffer, copying once, and checks the range")
  void range() {
    byte[] buffer = "xxsecretyy".getBytes(StandardCharsets.UTF_8);
    Secret s = Secret.ofUtf8(buffer, 2, 6);
    java.util.Arrays.fill(buffer, (byte) 0);
    assertThat(s.reveal()).isEqualTo("secret");
    assertThat(Secret.ofUtf8(buffer, 3, 0)).isEqualTo(Secret.empty());
    assertThatThrownBy(() -> Secret.ofUtf8(buffer, 8, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Secret.ofUtf8(buffer, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("reveals into a buffer without an intermediate copy, refusing one too small")
  void revealInto() {
    ByteBuffer buf = ByteBuffer.allocate(8);
    Secret.of("token").revealInto(buf);
    assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8))
        .isEqualTo("token");
    assertThatThrownBy(() -> Secret.of("too long for it").revealInto(ByteBuffer.allocate(3)))
        .isInstanceOf(java.nio.BufferOverflowException.class);
  }

  @Test
  @DisplayName("reveals into an array at an offset, refusing one too small")
  void revealIntoArray() {
    byte[] copied = new byte[5];
    Secret.of("abc").revealInto(copied, 1);
    assertThat(new String(copied, 1, 3, StandardCharsets.UTF_8)).isEqualTo("abc");
    assertThat(copied[0]).isZero();
    assertThat(copied[4]).isZero();
    assertThatThrownBy(() -> Secret.of("hunterÿ2").revealInto(new byte[2], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("only the engine's internal classes obtain the capability to adopt buffers")
  void adoptionNeedsTheCapability() {
    assertThatThrownBy(dev.credentials.internal.BufferAdoption::grant)
        .isInstanceOf(IllegalCallerException.class)
        .hasMessageContaining("Secret.of");
    assertThatThrownBy(() -> Secret.adopt(new byte[] {'q'}, 0, 1, null))
        .isInstanceOf(IllegalCallerException.class);
    assertThatThrownBy(
            () ->
                dev.credentials.internal.ValueMap.adopt(
                    dev.credentials.internal.ValueMap.Keys.of(new String[] {"A"}),
                    new Secret[] {Secret.of("q")},
                    null))
        .isInstanceOf(IllegalCallerException.class);
  }
}
