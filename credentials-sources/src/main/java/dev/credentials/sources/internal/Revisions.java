package dev.credentials.sources.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque revisions of content: a MAC under a key random per instance, so that a revision tells
 * whether content changed without being a hash that could be guessed back to a value.
 */
public final class Revisions {

  private final SecretKeySpec key;

  /** A new instance with a fresh random key. */
  public Revisions() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** A MAC over content parts; each part is length-prefixed so that parts cannot run together. */
  public final class Builder {
    private final Mac mac;

    Builder() {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
      }
    }

    /**
     * @param part content to cover
     * @return this builder
     */
    public Builder add(byte[] part) {
      int n = part.length;
      mac.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
      mac.update(part);
      return this;
    }

    /**
     * @return the revision: 32 hex digits
     */
    public String revision() {
      return HexFormat.of().formatHex(mac.doFinal(), 0, 16);
    }
  }

  /**
   * @return a builder for one revision
   */
  public Builder builder() {
    return new Builder();
  }
}
