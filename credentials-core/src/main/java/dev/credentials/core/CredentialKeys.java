package dev.credentials.core;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.credentials.KeyUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that seal credential values: an immutable Tink keyset of AES-256-GCM keys with exactly
 * one primary. Values are sealed with the primary key; any enabled key of the keyset opens what it
 * sealed, so a keyset that keeps old keys during rotation still reads old rows.
 *
 * <p>Where the keyset comes from is always an explicit choice of the host:
 *
 * <ul>
 *   <li>{@link #fromEncryptedFile(Path, Aead)} or {@link #fromKms(Path, KmsClient, String)}: a
 *       keyset encrypted under a key-encryption key the host or its KMS holds; the cleartext keyset
 *       never touches the disk. The recommended production setup.
 *   <li>{@link #fromFile(Path)}: a cleartext Tink JSON keyset file that only its owner may read
 *       (0600 or 0400). Never generated: a missing file is an error.
 *   <li>{@link #fromEnvironment(String)}, {@link #fromSystemProperty(String)}, {@link
 *       #fromJson(String)}: a cleartext keyset handed over by the host (a secret manager, a
 *       container secret), as Tink JSON or as base64 of Tink JSON.
 *   <li>{@link #developmentFile(Path)}: development only; generates a keyset file with 0600
 *       permissions on first use.
 *   <li>{@link #generate()}: a fresh keyset in memory, for tests.
 * </ul>
 *
 * <p>Nothing outside {@link #developmentFile(Path)} and {@link #generate()} ever generates a key,
 * so production never starts on a key that nobody kept.
 *
 * <p>Persisting a keyset is explicit too: {@link #writeEncrypted(Path, Aead)}, or {@link
 * #writeCleartextInsecurely(Path)} whose name says what it does. Neither {@link #toString()} nor
 * any exception message shows key material.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CredentialKeys {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialKeys.class);

  /**
   * The associated data of encrypted keysets: none, as Tink's {@code tinkey} writes them, so that
   * operators can create and inspect encrypted keysets with {@code tinkey --master-key-uri}.
   */
  static final byte[] KEYSET_ASSOCIATED_DATA = new byte[0];

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;
  private final String primaryKeyId;

  private CredentialKeys(KeysetHandle keyset) {
    this.keyset = Objects.requireNonNull(keyset, "keyset");
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      if (entry.getStatus() != KeyStatus.DESTROYED
          && !isAes256Gcm(entry.getKey().getParameters())) {
        throw new KeyUnavailableException(
            "key "
                + keyId(entry.getId())
                + " of the keyset is not an AES-256-GCM key ("
                + entry.getKey().getParameters().getClass().getSimpleName()
                + "); supply a keyset of AES-256-GCM keys");
      }
    }
    try {
      this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException(
          "the keyset cannot be used for AEAD; supply a keyset of AES-256-GCM keys", e);
    }
    this.primaryKeyId = keyId(keyset.getPrimary().getId());
  }

  private static boolean isAes256Gcm(Object parameters) {
    return parameters instanceof AesGcmParameters p
        && p.getKeySizeBytes() == 32
        && p.getIvSizeBytes() == 12
        && p.getTagSizeBytes() == 16;
  }

  /**
   * A fresh keyset with one random AES-256-GCM key, held in memory only. For tests and demos:
   * values sealed with it are lost with the process unless the keyset is written somewhere.
   *
   * @return the keys
   */
  public static CredentialKeys generate() {
    try {
      return new CredentialKeys(
          KeysetHandle.newBuilder().addEntry(newKeyEntry().makePrimary()).build());
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException("cannot generate an AES-256-GCM key", e);
    }
  }

  /**
   * Keys from a Tink keyset the host manages.
   *
   * @param keyset the keyset; its primary key seals new values
   * @return the keys
   * @throws KeyUnavailableException when a key is not AES-256-GCM
   */
  public static CredentialKeys of(KeysetHandle keyset) {
    return new CredentialKeys(keyset);
  }

  // ---- sources

  /**
   * <b>Development only.</b> Keys from a cleartext keyset file, generated with one new key on first
   * use. The file is created atomically with owner-only permissions (POSIX 0600) and is refused
   * later when its permissions are wider. A warning is logged whenever the keyset is generated.
   *
   * <p>Use {@link #fromFile(Path)}, {@link #fromEncryptedFile(Path, Aead)} or {@link #fromKms(Path,
   * KmsClient, String)} in production: they never generate a key.
   *
   * @param path the keyset file; its parent directories are created (0700) when missing
   * @return the keys
   * @throws KeyUnavailableException when the file cannot be read, written or has wider permissions
   */
  public static CredentialKeys developmentFile(Path path) {
    Objects.requireNonNull(path, "path");
    String json = KeyFiles.readOrCreateOwnerOnly(path, CredentialKeys::newDevelopmentKeysetJson);
    return parseCleartextJson(json, "keyset file " + path);
  }

  private static byte[] newDevelopmentKeysetJson(Path path) {
    LOG.warn(
        "generated a new development keyset in {}: development mode only; in production load the"
            + " keys with CredentialKeys.fromFile, fromEncryptedFile or fromKms",
        path);
    return generate().cleartextJson().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Keys from a cleartext Tink JSON keyset file that only its owner may read: POSIX permissions
   * 0600 or 0400. Never generates a key.
   *
   * @param path the keyset file
   * @return the keys
   * @throws KeyUnavailableException when the file is missing, unreadable, not a keyset, or readable
   *     by group or others (the message names the permissions found and how to fix them)
   */
  public static CredentialKeys fromFile(Path path) {
    Objects.requireNonNull(path, "path");
    String json = KeyFiles.readOwnerOnly(path);
    return parseCleartextJson(json, "keyset file " + path);
  }

  /**
   * Keys from a keyset file encrypted under a key-encryption key, as written by {@link
   * #writeEncrypted(Path, Aead)} or by {@code tinkey --master-key-uri} in JSON format. The
   * cleartext keyset exists in memory only.
   *
   * @param path the encrypted keyset file
   * @param keyEncryptionKey the AEAD that encrypted it (a KMS key, a hardware key, …)
   * @return the keys
   * @throws KeyUnavailableException when the file is missing, or does not decrypt with that key
   */
  public static CredentialKeys fromEncryptedFile(Path path, Aead keyEncryptionKey) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
    String json = KeyFiles.read(path);
    try {
      return new CredentialKeys(
          TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
              json, keyEncryptionKey, KEYSET_ASSOCIATED_DATA));
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException(
          "the encrypted keyset in "
              + path
              + " does not decrypt with the given key-encryption key; check that it is the key the"
              + " keyset was written with and that the file is an encrypted Tink JSON keyset",
          e);
    }
  }

  /**
   * Keys from a keyset file encrypted under a KMS key. Equivalent to {@link
   * #fromEncryptedFile(Path, Aead)} with {@code kms.getAead(keyUri)}.
   *
   * @param path the encrypted keyset file
   * @param kms the KMS client, e.g. Tink's AWS or GCP KMS client
   * @param keyUri the key-encryption key, e.g. {@code aws-kms://arn:aws:kms:…}
   * @return the keys
   * @throws KeyUnavailableException when the KMS refuses or the keyset does not decrypt
   */
  public static CredentialKeys fromKms(Path path, KmsClient kms, String keyUri) {
    return fromEncryptedFile(path, kmsAead(kms, keyUri));
  }

  /**
   * The AEAD of a KMS key.
   *
   * @param kms the KMS client
   * @param keyUri the key URI
   * @return the key-encryption key
   * @throws KeyUnavailableException when the client does not support the URI or the KMS refuses
   */
  public static Aead kmsAead(KmsClient kms, String keyUri) {
    Objects.requireNonNull(kms, "kms");
    Objects.requireNonNull(keyUri, "keyUri");
    if (!kms.doesSupport(keyUri)) {
      throw new KeyUnavailableException(
          "the KMS client " + kms.getClass().getName() + " does not support key URI " + keyUri);
    }
    try {
      return kms.getAead(keyUri);
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException(
          "the KMS refused key " + keyUri + "; check the URI and the credentials of the client", e);
    }
  }

  /**
   * Keys from an environment variable holding a cleartext keyset: Tink JSON, or base64 of Tink
   * JSON. Never generates a key.
   *
   * @param variable the variable name
   * @return the keys
   * @throws KeyUnavailableException when the variable is unset, empty or not a keyset
   */
  public static CredentialKeys fromEnvironment(String variable) {
    return fromEnvironment(variable, System::getenv);
  }

  static CredentialKeys fromEnvironment(String variable, UnaryOperator<String> environment) {
    Objects.requireNonNull(variable, "variable");
    return fromSupplied(environment.apply(variable), "environment variable " + variable);
  }

  /**
   * Keys from a system property holding a cleartext keyset: Tink JSON, or base64 of Tink JSON.
   * Never generates a key.
   *
   * @param property the property name
   * @return the keys
   * @throws KeyUnavailableException when the property is unset, empty or not a keyset
   */
  public static CredentialKeys fromSystemProperty(String property) {
    Objects.requireNonNull(property, "property");
    return fromSupplied(System.getProperty(property), "system property " + property);
  }

  /**
   * Keys from a cleartext keyset the host supplies: Tink JSON ({@code {"primaryKeyId": …}}), or the
   * standard base64 encoding of the same JSON (whitespace ignored). This is the format of {@code
   * tinkey create-keyset --key-template AES256_GCM --out-format json}.
   *
   * @param keyset the keyset text
   * @return the keys
   * @throws KeyUnavailableException when the text is empty or not a keyset
   */
  public static CredentialKeys fromJson(String keyset) {
    return fromSupplied(Objects.requireNonNull(keyset, "keyset"), "the supplied keyset");
  }

  /**
   * Keys from cleartext keyset bytes: UTF-8 of Tink JSON, or of its base64 encoding.
   *
   * @param keyset the keyset bytes
   * @return the keys
   * @throws KeyUnavailableException when the bytes are empty or not a keyset
   */
  public static CredentialKeys fromJson(byte[] keyset) {
    Objects.requireNonNull(keyset, "keyset");
    return fromJson(new String(keyset, StandardCharsets.UTF_8));
  }

  private static CredentialKeys fromSupplied(String text, String source) {
    if (text == null || text.isBlank()) {
      throw new KeyUnavailableException(
          source
              + " holds no keyset; set it to a Tink JSON keyset (or its base64 encoding), for"
              + " example the output of 'tinkey create-keyset --key-template AES256_GCM"
              + " --out-format json'");
    }
    String trimmed = text.strip();
    String json = trimmed;
    if (!trimmed.startsWith("{")) {
      try {
        json =
            new String(
                Base64.getDecoder().decode(trimmed.replaceAll("\\s+", "")), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // The decoder's message quotes the offending character: never pass it on.
        throw new KeyUnavailableException(
            source + " is neither a Tink JSON keyset nor base64 of one; check how it was exported");
      }
    }
    return parseCleartextJson(json, source);
  }

  private static CredentialKeys parseCleartextJson(String json, String source) {
    KeysetHandle handle;
    try {
      handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      // The parser's messages may quote the input, which is key material: name the type only.
      throw new KeyUnavailableException(
          source
              + " is not a valid Tink JSON keyset ("
              + e.getClass().getSimpleName()
              + "); check that it was written by CredentialKeys or tinkey in JSON format");
    }
    return new CredentialKeys(handle);
  }

  // ---- persisting

  /**
   * Writes the keyset encrypted under a key-encryption key, as Tink JSON, atomically replacing the
   * file (written with owner-only permissions where the file system supports them). Read it back
   * with {@link #fromEncryptedFile(Path, Aead)}.
   *
   * @param path the file
   * @param keyEncryptionKey the AEAD to encrypt with, e.g. {@link #kmsAead(KmsClient, String)}
   * @throws KeyUnavailableException when the keyset cannot be encrypted or written
   */
  public void writeEncrypted(Path path, Aead keyEncryptionKey) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
    String json;
    try {
      json =
          TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
              keyset, keyEncryptionKey, KEYSET_ASSOCIATED_DATA);
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException(
          "cannot encrypt the keyset with the given key-encryption key", e);
    }
    KeyFiles.replaceOwnerOnly(path, json.getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * <b>Writes the key material in cleartext.</b> Anyone who can read the file can decrypt every
   * credential sealed with these keys. The file is replaced atomically and created with owner-only
   * permissions (POSIX 0600); file systems without POSIX permissions are refused. Prefer {@link
   * #writeEncrypted(Path, Aead)}.
   *
   * @param path the file, later read with {@link #fromFile(Path)}
   * @throws KeyUnavailableException when it cannot be written
   */
  public void writeCleartextInsecurely(Path path) {
    Objects.requireNonNull(path, "path");
    KeyFiles.replaceOwnerOnly(path, cleartextJson().getBytes(StandardCharsets.UTF_8), true);
  }

  private String cleartextJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException("cannot serialise the keyset", e);
    }
  }

  // ---- reading

  /**
   * The id of the primary key, as recorded on every credential it seals.
   *
   * @return the key id
   */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /**
   * The Tink keyset.
   *
   * @return the keyset handle
   */
  public KeysetHandle keyset() {
    return keyset;
  }

  /** The AEAD primitive; engine-internal. */
  Aead aead() {
    return aead;
  }

  /** A new random AES-256-GCM key entry with a random id, enabled. */
  static KeysetHandle.Builder.Entry newKeyEntry() {
    return KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
        .withRandomId()
        .setStatus(KeyStatus.ENABLED);
  }

  /** The text form of a Tink key id: unsigned decimal. */
  static String keyId(int tinkKeyId) {
    return Integer.toUnsignedString(tinkKeyId);
  }

  /** Never shows key material. */
  @Override
  public String toString() {
    return "CredentialKeys[primary=" + primaryKeyId + ", keys=" + keyset.size() + "]";
  }
}
