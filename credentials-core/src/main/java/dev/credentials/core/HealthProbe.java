package dev.credentials.core;

import dev.credentials.CredentialId;
import dev.credentials.EngineHealth;
import dev.credentials.EngineHealth.Component;
import dev.credentials.EngineHealth.Status;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.internal.audit.AccessJournal;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.spi.CredentialRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes what an engine depends on, each part on its own, so that one broken part never hides the
 * state of another: a read of the repository, a seal and open of a random canary with the primary
 * key, and the access-audit journal's state. Nothing is written and nothing is audited.
 */
final class HealthProbe {

  /**
   * The tenant of the probe's read (which writes nothing) and of its canary's associated data (the
   * canary is never stored).
   */
  private static final TenantId PROBE_TENANT = TenantId.of("health-probe");

  /** The share of the journal's capacity in use from which it is reported as degraded. */
  static final double JOURNAL_DEGRADED_SHARE = 0.8;

  private final CredentialRepository repository;
  private final Sealer sealer;
  private final AccessJournal journal;
  private final AccessAudit mode;
  private final Clock clock;
  private final java.util.function.Supplier<java.util.Optional<Component>> changeFeed;
  private final SecureRandom random = new SecureRandom();

  HealthProbe(
      CredentialRepository repository,
      Sealer sealer,
      AccessJournal journal,
      AccessAudit mode,
      Clock clock,
      java.util.function.Supplier<java.util.Optional<Component>> changeFeed) {
    this.repository = repository;
    this.sealer = sealer;
    this.journal = journal;
    this.mode = mode;
    this.clock = clock;
    this.changeFeed = changeFeed;
  }

  EngineHealth probe() {
    List<Component> parts =
        new java.util.ArrayList<>(List.of(repository(), keyset(), accessAudit()));
    changeFeed.get().ifPresent(parts::add);
    return EngineHealth.of(clock.instant(), parts);
  }

  private Component repository() {
    long start = System.nanoTime();
    try {
      repository.read(uow -> uow.audit().last(PROBE_TENANT));
    } catch (RuntimeException e) {
      return new Component(
          "repository",
          Status.DOWN,
          "the repository cannot be read ("
              + e.getClass().getSimpleName()
              + "); check that the database is reachable and its credentials are valid",
          Map.of(
              "repository",
              repository.getClass().getSimpleName(),
              "error",
              e.getClass().getName()));
    }
    long micros = (System.nanoTime() - start) / 1_000;
    return new Component(
        "repository",
        Status.UP,
        "the repository answers",
        details("repository", repository.getClass().getSimpleName(), "readMicros", micros));
  }

  private Component keyset() {
    byte[] canary = new byte[16];
    random.nextBytes(canary);
    String value = Base64.getEncoder().encodeToString(canary);
    CredentialId id = CredentialId.random();
    String keyId = "";
    try {
      Sealer.Sealed sealed =
          sealer.sealWithPrimary(PROBE_TENANT, id, Map.of("probe", Secret.of(value)));
      keyId = sealed.keyId();
      Map<String, Secret> opened =
          sealer.open(PROBE_TENANT, id, sealed.keyId(), sealed.ciphertext());
      if (!Secret.of(value).equals(opened.get("probe"))) {
        return new Component(
            "keyset",
            Status.DOWN,
            "a value sealed with the primary key did not open to itself; replace the keyset",
            Map.of("primaryKeyId", keyId));
      }
    } catch (RuntimeException e) {
      return new Component(
          "keyset",
          Status.DOWN,
          "the keyset cannot seal and open a value ("
              + e.getClass().getSimpleName()
              + "); check the keyset the engine was built with",
          keyId.isEmpty()
              ? Map.of("error", e.getClass().getName())
              : Map.of("primaryKeyId", keyId, "error", e.getClass().getName()));
    }
    return new Component(
        "keyset",
        Status.UP,
        "the primary key seals and opens",
        details("primaryKeyId", keyId, "keys", sealer.keys().keyset().size()));
  }

  private Component accessAudit() {
    if (!mode.isBatched()) {
      return new Component(
          "access-audit",
          Status.UP,
          "access events are written with each read",
          Map.of("mode", "synchronous"));
    }
    int pending = journal.pending();
    Map<String, String> details =
        details("mode", "batched", "pending", pending, "capacity", mode.capacity());
    return journal
        .failing()
        .map(
            type -> {
              details.put("error", type);
              return new Component(
                  "access-audit",
                  Status.DOWN,
                  "the last attempt to write access events failed; reads are withheld until the"
                      + " audit log accepts writes again (check the repository)",
                  details);
            })
        .orElseGet(
            () ->
                pending >= mode.capacity() * JOURNAL_DEGRADED_SHARE
                    ? new Component(
                        "access-audit",
                        Status.DEGRADED,
                        "the access-audit journal is nearly full; the audit log is not keeping up"
                            + " with reads",
                        details)
                    : new Component(
                        "access-audit", Status.UP, "access events are being written", details));
  }

  private static Map<String, String> details(Object... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
    }
    return m;
  }
}
