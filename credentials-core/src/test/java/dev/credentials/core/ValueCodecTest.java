package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The value codec")
class ValueCodecTest {

  /**
   * Written by the codec before it was optimised: every stored ciphertext holds this format, so
   * these bytes must never change.
   */
  private static final String GOLDEN =
      "01"
          + "00000003"
          + "00000007"
          + "44425f484f5354" // DB_HOST
          + "0000000a"
          + "64622e6578616d706c65" // db.example
          + "00000005"
          + "454d505459" // EMPTY
          + "00000000"
          + "00000005"
          + "50c3815353" // PÁSS
          + "00000005"
          + "7077e282ac"; // pw€

  /** The golden values in version 2, which the encoder writes: padded with zeros to 64 bytes. */
  private static final String GOLDEN_V2 = "02" + GOLDEN.substring(2) + "000000";

  private static Map<String, Secret> goldenValues() {
    Map<String, Secret> values = new LinkedHashMap<>();
    values.put("DB_HOST", Secret.of("db.example"));
    values.put("EMPTY", Secret.empty());
    values.put("PÁSS", Secret.of("pw€"));
    return values;
  }

  private static Map<String, String> reveal(Map<String, Secret> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.reveal()));
    return out;
  }

  private static Map<String, Secret> secrets(Map<String, String> values) {
    Map<String, Secret> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Secret.of(v)));
    return out;
  }

  /** Version 1 made version 2: the version byte, and zeros up to a multiple of 64 bytes. */
  private static byte[] padded(byte[] v1) {
    byte[] v2 = Arrays.copyOf(v1, (v1.length + 63) / 64 * 64);
    v2[0] = 2;
    return v2;
  }

  /** The format written independently of the codec, with {@link DataOutputStream}. */
  private static byte[] reference(Map<String, String> values) {
    return reference(List.copyOf(values.entrySet()));
  }

  /** The same, for entries that need not make a map. */
  private static byte[] reference(List<Map.Entry<String, String>> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(entries.size());
      for (Map.Entry<String, String> e : entries) {
        byte[] code = e.getKey().getBytes(StandardCharsets.UTF_8);
        byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
        out.writeInt(code.length);
        out.write(code);
        out.writeInt(value.length);
        out.write(value);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  @Nested
  @DisplayName("format")
  class Format {

    @Test
    @DisplayName("writes the golden bytes of version 2, padded to 64 bytes")
    void goldenEncode() {
      assertThat(GOLDEN_V2).hasSize(2 * 64);
      assertThat(HexFormat.of().formatHex(ValueCodec.encode(goldenValues()))).isEqualTo(GOLDEN_V2);
      byte[] borrowed = ValueCodec.encodeBorrowed(goldenValues());
      assertThat(HexFormat.of().formatHex(borrowed)).isEqualTo(GOLDEN_V2);
      Sealer.wipe(borrowed);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2})
    @DisplayName(
        "reads the golden bytes of both versions, in order, so ciphertexts sealed before still open")
    void goldenDecode(int version) {
      byte[] golden = HexFormat.of().parseHex(version == 1 ? GOLDEN : GOLDEN_V2);
      for (int round = 0; round < 3; round++) { // first decode, then from the caches
        Map<String, Secret> decoded = ValueCodec.decode(golden.clone());
        assertThat(reveal(decoded))
            .containsExactly(
                Map.entry("DB_HOST", "db.example"),
                Map.entry("EMPTY", ""),
                Map.entry("PÁSS", "pw€"));
        assertThat(decoded).isEqualTo(goldenValues());
      }
    }

    @Test
    @DisplayName("the empty map is a version byte and a zero count, padded in version 2")
    void empty() {
      byte[] empty = new byte[64];
      empty[0] = 2;
      assertThat(ValueCodec.encode(Map.of())).isEqualTo(empty);
      assertThat(ValueCodec.decode(empty)).isEmpty();
      assertThat(ValueCodec.decode(new byte[] {1, 0, 0, 0, 0})).isEmpty();
    }

    @Test
    @DisplayName("every plaintext size from 1 to 4 blocks pads to the next multiple of 64")
    void padding() {
      for (int length = 0; length <= 4 * 64; length++) {
        Map<String, String> values = Map.of("K", "v".repeat(length));
        byte[] encoded = ValueCodec.encode(secrets(values));
        int unpadded = 1 + 4 + 4 + 1 + 4 + length;
        assertThat(encoded).hasSize((unpadded + 63) / 64 * 64);
        assertThat(encoded).isEqualTo(padded(reference(values)));
        assertThat(reveal(ValueCodec.decode(encoded))).isEqualTo(values);
      }
    }
  }

  @Nested
  @DisplayName("round trips")
  class RoundTrips {

    private Map<String, String> roundTrip(Map<String, String> values) {
      byte[] encoded = ValueCodec.encode(secrets(values));
      assertThat(encoded)
          .as("same bytes as the reference writer")
          .isEqualTo(padded(reference(values)));
      byte[] borrowed = ValueCodec.encodeBorrowed(secrets(values));
      assertThat(borrowed).as("encoded into the thread's buffer").isEqualTo(encoded);
      Sealer.wipe(borrowed);
      Map<String, Secret> decoded = ValueCodec.decode(encoded);
      assertThat(ValueCodec.encode(decoded)).as("re-encoding the decoded map").isEqualTo(encoded);
      assertThat(reveal(ValueCodec.decode(encoded))).as("decoding again").isEqualTo(values);
      assertThat(reveal(ValueCodec.decode(reference(values)))).as("version 1").isEqualTo(values);
      return reveal(decoded);
    }

    @Test
    @DisplayName("empty values and an empty code")
    void emptyValues() {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("A", "");
      values.put("", "empty code");
      values.put("B", "");
      assertThat(roundTrip(values)).containsExactlyEntriesOf(values);
    }

    @Test
    @DisplayName("unicode codes and values, byte for byte")
    void unicode() {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("PASSWORD", "Žluťoučký kůň 🐎 пароль 密码 \u0000 end");
      values.put("ПАРОЛЬ", "x");
      values.put("密码_🐎", "y");
      values.put("Ä", "ä");
      values.put("é", "latin-1 but not ASCII");
      assertThat(roundTrip(values)).containsExactlyEntriesOf(values);
    }

    @Test
    @DisplayName("a 64 KiB value, and a long code")
    void large() {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("BLOB", "x".repeat(64 * 1024 - 2) + "é");
      values.put("C".repeat(300), "long code");
      assertThat(roundTrip(values)).containsExactlyEntriesOf(values);
    }

    @Test
    @DisplayName("many fields keep their order and are found")
    void manyFields() {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 99; i >= 0; i--) {
        values.put("FIELD_" + i, "value " + i);
      }
      assertThat(roundTrip(values)).containsExactlyEntriesOf(values);
      Map<String, Secret> decoded = ValueCodec.decode(ValueCodec.encode(secrets(values)));
      for (int i = 0; i < 100; i++) {
        assertThat(decoded.get("FIELD_" + i).reveal()).isEqualTo("value " + i);
      }
      assertThat(decoded.get("FIELD_100")).isNull();
    }

    @Test
    @DisplayName("credentials that share their first code but not the others decode correctly")
    void similarShapes() {
      List<Map<String, String>> shapes = new ArrayList<>();
      shapes.add(ordered("HOST", "h1", "PORT", "1"));
      shapes.add(ordered("HOST", "h2", "USER", "u"));
      shapes.add(ordered("HOST", "h3", "PORT", "3", "USER", "u"));
      shapes.add(ordered("HOST", "h4", "PORX", "4"));
      shapes.add(ordered("HOST", "h5", "PORT_NUMBER", "5"));
      for (int round = 0; round < 3; round++) {
        for (Map<String, String> values : shapes) {
          assertThat(roundTrip(values)).containsExactlyEntriesOf(values);
        }
      }
    }

    @Test
    @DisplayName("1000 random maps, with random unicode codes and values")
    void random() {
      Random random = new Random(20261122);
      for (int round = 0; round < 1000; round++) {
        Map<String, String> values = new LinkedHashMap<>();
        int n = random.nextInt(round % 10 == 0 ? 40 : 8);
        for (int i = 0; i < n; i++) {
          values.put(
              randomText(random, 1 + random.nextInt(20)), randomText(random, randomLength(random)));
        }
        assertThat(roundTrip(values)).as("round %d", round).containsExactlyEntriesOf(values);
      }
    }

    private int randomLength(Random random) {
      return random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(40);
    }

    private String randomText(Random random, int length) {
      StringBuilder s = new StringBuilder();
      while (s.length() < length) {
        switch (random.nextInt(6)) {
          case 0 -> s.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
          case 1 -> s.append((char) (0x800 + random.nextInt(0xd000))); // three, below surrogates
          case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x1000)); // four: a surrogate pair
          default -> s.append((char) random.nextInt(0x80)); // ASCII, control characters too
        }
      }
      return s.toString();
    }
  }

  private static Map<String, String> ordered(String... codesAndValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < codesAndValues.length; i += 2) {
      values.put(codesAndValues[i], codesAndValues[i + 1]);
    }
    return values;
  }

  @Nested
  @DisplayName("refuses malformed plaintext with a typed error")
  class Malformed {

    private void refused(byte[] bytes) {
      assertThatThrownBy(() -> ValueCodec.decode(bytes))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("malformed value encoding");
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2})
    @DisplayName("every truncation of a valid plaintext")
    void truncated(int version) {
      byte[] golden = HexFormat.of().parseHex(version == 1 ? GOLDEN : GOLDEN_V2);
      ValueCodec.decode(
          golden.clone()); // leaves its shape in the cache: the fast path is tried too
      for (int length = 0; length < golden.length; length++) {
        refused(Arrays.copyOf(golden, length));
      }
    }

    @Test
    @DisplayName("padding that is not zeros, too long, or not to a whole block")
    void badPadding() {
      byte[] golden = HexFormat.of().parseHex(GOLDEN_V2);
      for (int i = 61; i < 64; i++) {
        byte[] dirty = golden.clone();
        dirty[i] = 1;
        refused(dirty);
      }
      refused(Arrays.copyOf(golden, 128)); // a whole block of padding too many
      refused(Arrays.copyOf(golden, 65));
      byte[] v1Padded = golden.clone();
      v1Padded[0] = 1;
      refused(v1Padded); // version 1 has no padding
      byte[] emptyV2 = new byte[64];
      emptyV2[0] = 2;
      refused(Arrays.copyOf(emptyV2, 5));
      emptyV2[63] = 1;
      refused(emptyV2);
    }

    @Test
    @DisplayName("trailing bytes, an unknown version, duplicate codes")
    void structure() {
      byte[] golden = HexFormat.of().parseHex(GOLDEN);
      refused(Arrays.copyOf(golden, golden.length + 1));
      for (byte unknown : new byte[] {0, 3, -1}) {
        byte[] version = golden.clone();
        version[0] = unknown;
        refused(version);
      }
      refused(new byte[] {1, 0, 0, 0, 0, 0});
      refused(reference(List.of(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("A", "3"))));
      Map<String, String> many = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        many.put("F" + i, "v");
      }
      byte[] duplicate = reference(many);
      // Rename F10 to F11: same length, so the rest still parses.
      byte[] f10 = "F10".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i + 3 <= duplicate.length; i++) {
        if (Arrays.equals(duplicate, i, i + 3, f10, 0, 3)) {
          duplicate[i + 2] = '1';
        }
      }
      refused(duplicate);
    }

    @ParameterizedTest(name = "a length of {0}")
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 30, 1000})
    @DisplayName("bogus counts and lengths, without allocating for them")
    void bogusLengths(int bogus) {
      byte[] golden = HexFormat.of().parseHex(GOLDEN);
      // The count, the first code's length, the first value's length.
      for (int offset : new int[] {1, 5, 16}) {
        byte[] bytes = golden.clone();
        bytes[offset] = (byte) (bogus >>> 24);
        bytes[offset + 1] = (byte) (bogus >>> 16);
        bytes[offset + 2] = (byte) (bogus >>> 8);
        bytes[offset + 3] = (byte) bogus;
        refused(bytes);
      }
    }

    @Test
    @DisplayName("random garbage and random corruption either decode or fail typed")
    void garbage() {
      Random random = new Random(42);
      byte[] golden = HexFormat.of().parseHex(GOLDEN);
      byte[] goldenV2 = HexFormat.of().parseHex(GOLDEN_V2);
      for (int round = 0; round < 5000; round++) {
        byte[] bytes;
        if (round % 2 == 0) {
          bytes = new byte[random.nextInt(130)];
          random.nextBytes(bytes);
          if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = (byte) (1 + random.nextInt(2));
          }
        } else {
          bytes = (round % 4 == 1 ? golden : goldenV2).clone();
          for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
          }
        }
        Throwable thrown = catchThrowable(() -> ValueCodec.decode(bytes));
        if (thrown != null) {
          assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
        }
      }
    }

    @Test
    @DisplayName("through the sealer, as a CredentialDecryptionException")
    void throughSealer() throws Exception {
      CredentialKeys keys = CredentialKeys.generate();
      Sealer sealer = SealingTest.sealerOf(keys);
      TenantId tenant = TenantId.of("t1");
      CredentialId id = CredentialId.random();
      byte[] golden = HexFormat.of().parseHex(GOLDEN);
      for (byte[] plain :
          List.of(Arrays.copyOf(golden, 20), new byte[] {1, 127, 0, 0, 0}, new byte[0])) {
        byte[] sealed = keys.aead().encrypt(plain, Sealer.associatedData(tenant, id));
        assertThatThrownBy(() -> sealer.open(tenant, id, keys.primaryKeyId(), sealed))
            .isInstanceOf(CredentialDecryptionException.class)
            .hasCauseExactlyInstanceOf(IllegalArgumentException.class);
      }
      byte[] sealed = keys.aead().encrypt(golden, Sealer.associatedData(tenant, id));
      assertThat(sealer.open(tenant, id, keys.primaryKeyId(), sealed)).isEqualTo(goldenValues());
    }
  }

  @Nested
  @DisplayName("the thread's plaintext buffer")
  class Borrowed {

    private byte[] threadBuffer() throws ReflectiveOperationException {
      Field f = ValueCodec.class.getDeclaredField("BORROWED");
      f.setAccessible(true);
      return ((ThreadLocal<?>) f.get(null)).get() instanceof byte[] b ? b : null;
    }

    @Test
    @DisplayName("is reused while sizes repeat, and rewritten whole, padding too")
    void reused() {
      Map<String, Secret> a = secrets(Map.of("HOST", "a.example", "PASSWORD", "one"));
      Map<String, Secret> b = secrets(Map.of("HOST", "b.example", "PASSWORD", "two"));
      byte[] first = ValueCodec.encodeBorrowed(a);
      // a caller that forgets to wipe still gets correct bytes next time (if not secrecy)
      Arrays.fill(first, (byte) 0x5a);
      byte[] second = ValueCodec.encodeBorrowed(b);
      assertThat(second).isSameAs(first).isEqualTo(ValueCodec.encode(b));
      Sealer.wipe(second);
      byte[] larger = ValueCodec.encodeBorrowed(secrets(Map.of("HOST", "x".repeat(100))));
      assertThat(larger)
          .isNotSameAs(first)
          .isEqualTo(ValueCodec.encode(secrets(Map.of("HOST", "x".repeat(100)))));
      Sealer.wipe(larger);
    }

    @Test
    @DisplayName("is not used for plaintexts over 4 KiB, nor shared between threads")
    void boundedAndPerThread() throws Exception {
      Map<String, Secret> big = secrets(Map.of("BLOB", "x".repeat(ValueCodec.MAX_BORROWED)));
      byte[] one = ValueCodec.encodeBorrowed(big);
      byte[] two = ValueCodec.encodeBorrowed(big);
      assertThat(one).isNotSameAs(two).isEqualTo(two);
      byte[] mine = ValueCodec.encodeBorrowed(secrets(Map.of("K", "v")));
      byte[][] theirs = new byte[1][];
      Thread t = new Thread(() -> theirs[0] = ValueCodec.encodeBorrowed(secrets(Map.of("K", "v"))));
      t.start();
      t.join();
      assertThat(theirs[0]).isNotSameAs(mine).isEqualTo(mine);
    }

    @Test
    @DisplayName("holds only zeros after the sealer used it, and after a refused map")
    void wipedBySealer() throws Exception {
      String canary = "canary-7d1f3b9e";
      Map<String, Secret> values = secrets(Map.of("PASSWORD", canary, "HOST", "h"));
      Sealer sealer = SealingTest.sealerOf(CredentialKeys.generate());
      sealer.sealWithPrimary(TenantId.of("t1"), CredentialId.random(), values);
      byte[] buffer = threadBuffer();
      assertThat(buffer).isNotNull().isEqualTo(new byte[buffer.length]);
      // a map that changes while it is copied is refused before the buffer is touched
      Map<String, Secret> changing =
          new LinkedHashMap<>(values) {
            @Override
            public int size() {
              return 1; // lies: the copy finds more entries than announced
            }
          };
      assertThatThrownBy(() -> ValueCodec.encodeBorrowed(changing))
          .isInstanceOf(IllegalArgumentException.class);
      buffer = threadBuffer();
      assertThat(buffer).isEqualTo(new byte[buffer.length]);
    }
  }

  @Nested
  @DisplayName("wiping")
  class Wiping {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 7, 511, 512, 513, 1024, 5000})
    @DisplayName("overwrites every byte of a plaintext buffer")
    void wipe(int length) {
      byte[] buffer = new byte[length];
      Arrays.fill(buffer, (byte) 0x5a);
      Sealer.wipe(buffer);
      assertThat(buffer).isEqualTo(new byte[length]);
    }
  }
}
