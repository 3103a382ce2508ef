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
  @DisplayName("secrets sharing one adopted array each see only their own range")
  void adoptedRanges() {
    byte[] buffer = "xxhunterÿ2yyabczz".getBytes(StandardCharsets.UTF_8);
    int hunter = 2;
    int hunterLength = "hunterÿ2".getBytes(StandardCharsets.UTF_8).length;
    int abc = hunter + hunterLength + 2;
    Secret a = dev.credentials.internal.SecretAccess.adopt(buffer, hunter, hunterLength);
    Secret b = dev.credentials.internal.SecretAccess.adopt(buffer, abc, 3);
    assertThat(a.reveal()).isEqualTo("hunterÿ2");
    assertThat(b.reveal()).isEqualTo("abc");
    assertThat(a.utf8Length()).isEqualTo(hunterLength);
    assertThat(a.revealBytes()).isEqualTo("hunterÿ2".getBytes(StandardCharsets.UTF_8));
    ByteBuffer target = ByteBuffer.allocate(5);
    b.revealInto(target);
    assertThat(target.position()).isEqualTo(3);
    assertThat(new String(target.array(), 0, 3, StandardCharsets.UTF_8)).isEqualTo("abc");
    byte[] copied = new byte[5];
    dev.credentials.internal.SecretAccess.copy(b, copied, 1);
    assertThat(new String(copied, 1, 3, StandardCharsets.UTF_8)).isEqualTo("abc");
    assertThat(copied[0]).isZero();
    assertThat(copied[4]).isZero();
    assertThatThrownBy(() -> dev.credentials.internal.SecretAccess.copy(a, new byte[2], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(b).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abcz"));
    assertThat(Secret.of("abc")).isEqualTo(b);
    assertThat(b).isNotEqualTo(Secret.of("abd")).isNotEqualTo(Secret.of("ab"));
    assertThat(a.matches("hunterÿ2")).isTrue();
    assertThat(a.matches("hunterÿ")).isFalse();
    assertThat(a.matches("xxhunterÿ2")).isFalse();
    assertThat(b.isEmpty()).isFalse();
    assertThat(dev.credentials.internal.SecretAccess.adopt(buffer, 4, 0)).isSameAs(Secret.empty());
    assertThat(a.toString()).isEqualTo("Secret[redacted]");
    assertThatThrownBy(() -> dev.credentials.internal.SecretAccess.adopt(buffer, 10, 100))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("only Secret installs the adopter")
  void adopterCannotBeReplaced() {
    Secret.empty();
    assertThatThrownBy(
            () ->
                dev.credentials.internal.SecretAccess.install(
                    new dev.credentials.internal.SecretAccess.Adopter() {
                      @Override
                      public Secret adopt(byte[] utf8, int offset, int length) {
                        return Secret.empty();
                      }

                      @Override
                      public void copy(Secret secret, byte[] target, int offset) {}
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(dev.credentials.internal.SecretAccess.adopt(new byte[] {'q'}, 0, 1).reveal())
        .isEqualTo("q");
  }
}
