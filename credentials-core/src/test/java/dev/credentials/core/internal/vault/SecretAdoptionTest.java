package dev.credentials.core.internal.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Secret;
import dev.credentials.internal.BufferAdoption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The decoder's adoption of a decrypted buffer, which only the engine's internals may use. */
class SecretAdoptionTest {

  private static final BufferAdoption ADOPTION = BufferAdoption.grant();

  @Test
  @DisplayName("secrets sharing one adopted array each see only their own range")
  void adoptedRanges() {
    byte[] buffer = "xxhunterÿ2yyabczz".getBytes(StandardCharsets.UTF_8);
    int hunter = 2;
    int hunterLength = "hunterÿ2".getBytes(StandardCharsets.UTF_8).length;
    int abc = hunter + hunterLength + 2;
    Secret a = Secret.adopt(buffer, hunter, hunterLength, ADOPTION);
    Secret b = Secret.adopt(buffer, abc, 3, ADOPTION);
    assertThat(a.reveal()).isEqualTo("hunterÿ2");
    assertThat(b.reveal()).isEqualTo("abc");
    assertThat(a.utf8Length()).isEqualTo(hunterLength);
    assertThat(a.revealBytes()).isEqualTo("hunterÿ2".getBytes(StandardCharsets.UTF_8));
    ByteBuffer target = ByteBuffer.allocate(5);
    b.revealInto(target);
    assertThat(target.position()).isEqualTo(3);
    assertThat(new String(target.array(), 0, 3, StandardCharsets.UTF_8)).isEqualTo("abc");
    byte[] copied = new byte[5];
    b.revealInto(copied, 1);
    assertThat(new String(copied, 1, 3, StandardCharsets.UTF_8)).isEqualTo("abc");
    assertThat(copied[0]).isZero();
    assertThat(copied[4]).isZero();
    assertThatThrownBy(() -> a.revealInto(new byte[2], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(b).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abcz"));
    assertThat(Secret.of("abc")).isEqualTo(b);
    assertThat(b).isNotEqualTo(Secret.of("abd")).isNotEqualTo(Secret.of("ab"));
    assertThat(a.matches("hunterÿ2")).isTrue();
    assertThat(a.matches("hunterÿ")).isFalse();
    assertThat(a.matches("xxhunterÿ2")).isFalse();
    assertThat(b.isEmpty()).isFalse();
    assertThat(Secret.adopt(buffer, 4, 0, ADOPTION)).isSameAs(Secret.empty());
    assertThat(a.toString()).isEqualTo("Secret[redacted]");
    assertThatThrownBy(() -> Secret.adopt(buffer, 10, 100, ADOPTION))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(Secret.adopt(new byte[] {'q'}, 0, 1, ADOPTION).reveal()).isEqualTo("q");
  }
}
