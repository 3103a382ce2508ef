package dev.credentials.core;

import dev.credentials.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plaintext form of a credential's values before sealing: a version byte, the entry count, then
 * length-prefixed UTF-8 codes and values. Binary and flat so that plaintext never passes through
 * strings or JSON trees on the way to the cipher.
 */
final class ValueCodec {

  private static final byte VERSION = 1;

  private ValueCodec() {}

  static byte[] encode(Map<String, Secret> values) {
    byte[][] codes = new byte[values.size()][];
    byte[][] plain = new byte[values.size()][];
    int size = 1 + 4;
    int i = 0;
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      codes[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      plain[i] = e.getValue().revealBytes();
      size += 8 + codes[i].length + plain[i].length;
      i++;
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(VERSION).putInt(values.size());
    for (int j = 0; j < codes.length; j++) {
      buf.putInt(codes[j].length).put(codes[j]).putInt(plain[j].length).put(plain[j]);
      Arrays.fill(plain[j], (byte) 0);
    }
    return buf.array();
  }

  static Map<String, Secret> decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.get() != VERSION) {
      throw new IllegalArgumentException("unknown value encoding");
    }
    int n = buf.getInt();
    Map<String, Secret> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byte[] code = new byte[buf.getInt()];
      buf.get(code);
      byte[] value = new byte[buf.getInt()];
      buf.get(value);
      out.put(new String(code, StandardCharsets.UTF_8), Secret.ofUtf8(value));
      Arrays.fill(value, (byte) 0);
    }
    return out;
  }
}
