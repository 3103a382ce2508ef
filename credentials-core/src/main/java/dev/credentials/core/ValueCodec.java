package dev.credentials.core;

import dev.credentials.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    int size = 1 + 4;
    int i = 0;
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      codes[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      size += 8 + codes[i].length + e.getValue().utf8Length();
      i++;
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(VERSION).putInt(values.size());
    i = 0;
    for (Secret value : values.values()) {
      buf.putInt(codes[i].length).put(codes[i]).putInt(value.utf8Length());
      value.revealInto(buf);
      i++;
    }
    return buf.array();
  }

  static Map<String, Secret> decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.get() != VERSION) {
      throw new IllegalArgumentException("unknown value encoding");
    }
    int n = buf.getInt();
    Map<String, Secret> out = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      int codeLength = buf.getInt();
      String code = new String(bytes, buf.position(), codeLength, StandardCharsets.UTF_8);
      buf.position(buf.position() + codeLength);
      int valueLength = buf.getInt();
      out.put(code, Secret.ofUtf8(bytes, buf.position(), valueLength));
      buf.position(buf.position() + valueLength);
    }
    return out;
  }
}
