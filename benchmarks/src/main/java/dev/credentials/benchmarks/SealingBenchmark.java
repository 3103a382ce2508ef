package dev.credentials.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.SealerSeam;
import dev.credentials.internal.ValueMap;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealing and opening a typical credential (six fields, about 300 bytes of values) through the
 * engine's sealing path, against raw Tink {@link Aead#encrypt}/{@link Aead#decrypt} of the very
 * same plaintext bytes (the encoded values, padded to a multiple of 64 bytes) and associated data
 * with the same keyset. The difference is the engine's own work: encoding the values, building the
 * associated data, wiping the sealed plaintext buffer, and decoding into {@link Secret}s.
 *
 * <p>Run (see benchmarks/README.md): {@code ./mvnw -B -q -pl benchmarks -am compile exec:exec
 * -Dexec.executable=java -Djmh.args="SealingBenchmark -f 1 -wi 3 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealingBenchmark {

  private final TenantId tenant = TenantId.of("acme");
  private final CredentialId id = CredentialId.random();
  private Map<String, Secret> values;
  private SealerSeam sealer;
  private Aead aead;
  private String keyId;
  private byte[] plaintext;
  private byte[] unpadded;
  private byte[] associatedData;
  private byte[] sealed;
  private byte[] rawCiphertext;

  /** Creates the keys and the credential. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    Map<String, Secret> values = new LinkedHashMap<>();
    values.put("DB_HOST", Secret.of("postgres-primary.eu-central-1.db.acme-internal.example.com"));
    values.put("DB_PORT", Secret.of("5432"));
    values.put("DB_NAME", Secret.of("invoicing_production"));
    values.put("DB_USER", Secret.of("svc_invoice_sync"));
    values.put("DB_PASSWORD", Secret.of("kT9#vQ2!pLm8$wZx4^bN7&cR1*hY5@eJ"));
    values.put(
        "DB_OPTIONS",
        Secret.of(
            "sslmode=verify-full&sslrootcert=/etc/ssl/certs/acme-root.pem&connectTimeout=10"
                + "&socketTimeout=60&applicationName=invoice-sync&tcpKeepAlive=true"
                + "&targetServerType=primary&loginTimeout=15"));
    // The store seals what the validator returns: a compact map in the prototype's field order.
    this.values = ValueMap.copyOf(values);
    CredentialKeys keys = CredentialKeys.generate();
    keyId = keys.primaryKeyId();
    sealer = new SealerSeam(keys);
    aead = keys.keyset().getPrimitive(RegistryConfiguration.get(), Aead.class);
    plaintext = SealerSeam.encode(values);
    int length = 5;
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      length += 8 + e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().utf8Length();
    }
    unpadded = Arrays.copyOf(plaintext, length);
    associatedData = SealerSeam.associatedData(tenant, id);
    sealed = sealer.seal(tenant, id, values);
    rawCiphertext = aead.encrypt(plaintext, associatedData);
  }

  /**
   * @return the sealed values
   */
  @Benchmark
  public byte[] sealerSeal() {
    return sealer.seal(tenant, id, values);
  }

  /**
   * @return the opened values
   */
  @Benchmark
  public Map<String, Secret> sealerOpen() {
    return sealer.open(tenant, id, keyId, sealed);
  }

  /**
   * The engine's own work when sealing, without the cipher: encoding into the thread's buffer,
   * building the associated data, wiping. (The sealer remembers the associated data of credentials
   * it saw lately, so building it here overstates its work a little.)
   *
   * @return a digest of the work, so that it is not eliminated
   */
  @Benchmark
  public int withoutCipherSeal() {
    byte[] plain = SealerSeam.encodeBorrowed(values);
    byte[] ad = SealerSeam.associatedData(tenant, id);
    int result = plain.length + ad.length + plain[plain.length / 2];
    SealerSeam.wipe(plain);
    return result;
  }

  /**
   * The engine's own work when opening, without the cipher: associated data and decoding (the clone
   * stands for the array the cipher returns, which the decoded secrets adopt).
   *
   * @return the decoded values
   */
  @Benchmark
  public Map<String, Secret> withoutCipherOpen() {
    byte[] ad = SealerSeam.associatedData(tenant, id);
    byte[] plain = plaintext.clone();
    Map<String, Secret> out = SealerSeam.decode(plain);
    return ad.length > 0 ? out : null;
  }

  /**
   * @return the ciphertext
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] tinkEncrypt() throws GeneralSecurityException {
    return aead.encrypt(plaintext, associatedData);
  }

  /**
   * The same without the padding: Tink encrypting only the encoded values, a floor that does not
   * pay for the up to 63 bytes of zeros the sealer adds to hide the values' exact length.
   *
   * @return the ciphertext
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] tinkEncryptUnpadded() throws GeneralSecurityException {
    return aead.encrypt(unpadded, associatedData);
  }

  /**
   * @return the plaintext
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] tinkDecrypt() throws GeneralSecurityException {
    return aead.decrypt(rawCiphertext, associatedData);
  }
}
