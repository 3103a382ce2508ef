package dev.credentials.core;

import dev.credentials.KeyUnavailableException;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.spi.PrototypeProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * What {@link CredentialsBuilder#build()} does before it wires the services: the configuration
 * checked as a whole, the defaults filled in, the prototype registry loaded (providers, the
 * builder's prototypes, the documents imported into the repository), and the keyset compared with
 * the keys the repository's credentials are sealed with.
 */
final class Startup {

  private Startup() {}

  /** Every configuration problem at once, or nothing. */
  static void refuseProblems(CredentialsBuilder b) {
    List<String> problems = new ArrayList<>();
    if (b.built) {
      problems.add("this builder was already used; create a new one");
    }
    if (b.repository == null) {
      problems.add(
          "no repository: call repository(...) with an InMemoryCredentialRepository for tests,"
              + " or a JDBC repository for real data");
    }
    if (b.keys == null) {
      problems.add(
          "no keys: call keys(...) with the keyset that seals credential values"
              + " (CredentialKeys.fromKms, fromFile, fromEnvironment in production;"
              + " CredentialKeys.generate() for tests; see docs/keys.md)");
    } else if (b.production && b.keys.isDevelopment()) {
      problems.add(
          "production mode refuses development keys ("
              + b.keys.developmentOrigin().orElse("")
              + "): create a keyset with 'tinkey create-keyset --key-template AES256_GCM"
              + " --out-format json --out keyset.json', keep it owner-only (chmod 600) and load it"
              + " with CredentialKeys.fromFile, or encrypt it under a KMS key and load it with"
              + " CredentialKeys.fromKms (see docs/keys.md)");
    }
    for (String code : b.checks.keySet()) {
      if (b.prototypes.stream().noneMatch(p -> p.code().equals(code))) {
        problems.add("a check is registered for unknown prototype " + code);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cannot build Credentials: " + String.join("; ", problems));
    }
  }

  /** The defaults of every setting the host left out. */
  static void applyDefaults(CredentialsBuilder b) {
    if (b.clock == null) {
      b.clock = Clock.systemUTC();
    }
    if (b.policy == null) {
      b.policy = DefaultAccessPolicy.INSTANCE;
    }
    if (b.defaultEnvironment == null) {
      b.defaultEnvironment = "production";
    }
    if (b.tokenRefresh == null) {
      b.tokenRefresh = TokenRefreshPolicy.DEFAULT;
    }
    if (b.checkTimeout == null) {
      b.checkTimeout = Duration.ofSeconds(5);
    }
    if (b.maxConcurrentChecks == -1) {
      b.maxConcurrentChecks = 16;
    }
    if (b.deferrals == null) {
      b.deferrals = DeferralPolicy.defaults();
    }
    if (b.cacheTtl == null) {
      b.cacheTtl = Duration.ofMinutes(5);
    }
    if (b.reminderLeadTimes == null) {
      b.reminderLeadTimes = List.of(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1));
    }
    if (b.historyDepth == -1) {
      b.historyDepth = 10;
    }
    if (b.cacheSize == -1) {
      b.cacheSize = 10_000;
    }
    if (b.accessAudit == null) {
      b.accessAudit = AccessAudit.batched();
    }
  }

  /** The providers, the builder's prototypes, then the documents imported into the repository. */
  static PrototypeRegistry registry(CredentialsBuilder b) {
    List<PrototypeProvider> explicit = new ArrayList<>(b.providers);
    if (!b.prototypes.isEmpty()) {
      explicit.add(
          new BuilderPrototypes(
              List.copyOf(b.prototypes), Map.copyOf(b.checks), Map.copyOf(b.tests)));
    }
    PrototypeRegistry registry =
        PrototypeRegistry.load(
            explicit,
            b.discover,
            b.classLoader != null ? b.classLoader : Credentials.class.getClassLoader(),
            List.copyOf(b.checkKinds));
    registerImported(registry, b.repository);
    return registry;
  }

  /**
   * Registers the prototype documents imported into the repository (at start, and when the change
   * feed announces an import through another engine).
   */
  static void registerImported(
      PrototypeRegistry registry, dev.credentials.spi.CredentialRepository repository) {
    Map<String, String> imported = repository.read(uow -> uow.prototypeDocuments().all());
    if (!imported.isEmpty()) {
      registry.register(
          PrototypeDocuments.parseAll("repository", List.copyOf(imported.values())),
          "imported (repository)");
    }
  }

  /**
   * Refuses a keyset that lacks keys the repository's credentials are sealed with: usually the
   * wrong keyset, which would otherwise seal new credentials beside rows it cannot read.
   */
  static void refuseMissingKeys(CredentialsBuilder b) {
    Map<String, Long> byKey = b.repository.read(uow -> uow.credentials().countByKeyId());
    Set<String> held = new HashSet<>();
    for (int i = 0; i < b.keys.keyset().size(); i++) {
      held.add(CredentialKeys.keyId(b.keys.keyset().getAt(i).getId()));
    }
    Map<String, Long> missing = new TreeMap<>();
    byKey.forEach(
        (keyId, count) -> {
          if (count > 0 && !held.contains(keyId)) {
            missing.put(keyId, count);
          }
        });
    if (missing.isEmpty()) {
      return;
    }
    long rows = missing.values().stream().mapToLong(Long::longValue).sum();
    String what =
        rows
            + " credential(s) in the repository are sealed under key id(s) "
            + String.join(", ", missing.keySet())
            + " that the keyset (primary "
            + b.keys.primaryKeyId()
            + ") does not hold";
    if (!b.tolerateMissingKeys) {
      throw new KeyUnavailableException(
          "cannot build Credentials: "
              + what
              + "; load the keyset they were sealed with (or one that still holds those keys),"
              + " or call tolerateMissingKeys() to start with them unreadable");
    }
    LoggerFactory.getLogger(Credentials.class)
        .warn("{}; they stay unreadable until the keyset holds their keys again", what);
  }
}
