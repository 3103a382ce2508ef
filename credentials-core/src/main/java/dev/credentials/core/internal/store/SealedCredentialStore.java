package dev.credentials.core.internal.store;

import dev.credentials.Binding;
import dev.credentials.Caller;
import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.ConnectionTest;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.CredentialStore;
import dev.credentials.CredentialUpdate;
import dev.credentials.CredentialValidationException;
import dev.credentials.CredentialVersion;
import dev.credentials.NewCredential;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.RevealedCredential;
import dev.credentials.RevealedVersion;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.Violation;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.access.AccessKind;
import dev.credentials.core.internal.audit.AccessLog;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.launch.CheckRunner;
import dev.credentials.core.internal.launch.LiveChecks;
import dev.credentials.core.internal.resolve.TenantGenerations;
import dev.credentials.core.internal.source.WatchedSourceReader;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.internal.ValueMap;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.Permission;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.StoredVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The credential store: the lifecycle of credentials whose values are validated against their
 * prototype and sealed in the {@link ValueVault}, each change written with its audit event in one
 * unit of work.
 */
public final class SealedCredentialStore implements CredentialStore {

  private final AccessGuard guard;
  private final AuditedWrites writes;
  private final ValueVault vault;
  private final AccessLog accesses;
  private final CredentialRepository repository;
  private final PrototypeRegistry registry;
  private final CheckRunner runner;
  private final LiveChecks checks;
  private final TenantGenerations generations;
  private final Clock clock;
  private final String defaultEnvironment;
  private final VersionHistory history;
  private final WatchedSourceReader sourced;

  /**
   * @param guard who may do what
   * @param writes how changes are written and audited
   * @param vault where values are sealed and opened
   * @param accesses where reveals are audited
   * @param repository where reads go
   * @param registry the prototypes, for validation and connection tests
   * @param runner how connection tests run
   * @param checks the live checks, for on-demand checks
   * @param generations where changes invalidate cached plans
   * @param clock the engine's clock
   * @param defaultEnvironment the environment of a credential that names none
   * @param history where earlier values are kept
   * @param sourced where sourced credentials are read (validated at creation) and where changes are
   *     announced
   */
  public SealedCredentialStore(
      AccessGuard guard,
      AuditedWrites writes,
      ValueVault vault,
      AccessLog accesses,
      CredentialRepository repository,
      PrototypeRegistry registry,
      CheckRunner runner,
      LiveChecks checks,
      TenantGenerations generations,
      Clock clock,
      String defaultEnvironment,
      VersionHistory history,
      WatchedSourceReader sourced) {
    this.guard = guard;
    this.sourced = sourced;
    this.writes = writes;
    this.vault = vault;
    this.accesses = accesses;
    this.repository = repository;
    this.registry = registry;
    this.runner = runner;
    this.checks = checks;
    this.generations = generations;
    this.clock = clock;
    this.defaultEnvironment = defaultEnvironment;
    this.history = history;
  }

  private static String subject(String name, String prototype) {
    return "credential '" + name + "' of prototype " + prototype;
  }

  @Override
  public CredentialMetadata create(Caller caller, NewCredential c) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(c, "credential");
    guard.require(caller, Permission.MANAGE, "create credentials", Optional.empty());
    Prototype prototype = registry.require(c.prototype());
    String environment = c.environment().orElse(defaultEnvironment);
    String subject = subject(c.name(), prototype.code());
    List<Violation> violations =
        new ArrayList<>(MetadataRules.check(c.name(), environment, c.tags(), c.description()));
    Map<String, Secret> values =
        c.source().isPresent()
            ? validateSourced(prototype, subject, c.source().get(), violations)
            : validate(prototype, subject, c.values(), violations);
    TenantId tenant = caller.tenant();
    CredentialId id = CredentialId.random();
    Instant now = clock.instant();
    // a sourced credential seals no values: its row holds metadata and the reference only
    Sealer.Sealed sealed = vault.seal(tenant, id, c.source().isPresent() ? Map.of() : values);
    CredentialMetadata m =
        new CredentialMetadata(
            id,
            tenant,
            prototype.code(),
            c.name(),
            environment,
            c.description(),
            c.tags(),
            c.active(),
            c.expiresAt(),
            1,
            now,
            now,
            sealed.keyId(),
            Optional.empty(),
            c.source());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("prototype", prototype.code());
    details.put("name", c.name());
    details.put("environment", environment);
    details.put("fields", ValueMap.fieldList(values));
    c.source().ifPresent(r -> details.put("source", WatchedSourceReader.describe(r)));
    writes.write(
        caller,
        w -> {
          w.uow().credentials().insert(new StoredCredential(m, sealed.ciphertext()));
          w.audit(AuditAction.CREATED, Optional.of(id), Optional.empty(), details);
          return null;
        });
    generations.invalidate(tenant);
    return m;
  }

  /** Validates values, adding metadata violations so that every problem is reported at once. */
  private Map<String, Secret> validate(
      Prototype prototype, String subject, Map<String, Secret> raw, List<Violation> violations) {
    try {
      Map<String, Secret> values = registry.validate(prototype.code(), subject, raw);
      if (!violations.isEmpty()) {
        throw new CredentialValidationException(subject, violations);
      }
      return values;
    } catch (CredentialValidationException e) {
      if (violations.isEmpty()) {
        throw e;
      }
      List<Violation> all = new ArrayList<>(violations);
      for (Violation v : e.violations()) {
        if (!all.contains(v)) {
          all.add(v);
        }
      }
      throw new CredentialValidationException(subject, all);
    }
  }

  /**
   * Reads a new sourced credential's values once and validates them (nothing is kept), adding the
   * metadata violations so that every problem is reported at once.
   */
  private Map<String, Secret> validateSourced(
      Prototype prototype, String subject, SourceReference reference, List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw new CredentialValidationException(subject, violations);
    }
    return sourced.fetch(prototype.code(), subject, reference);
  }

  @Override
  public CredentialMetadata get(Caller caller, CredentialId id) {
    guard.require(caller, Permission.READ, "read credentials", Optional.of(id));
    return repository
        .read(uow -> uow.credentials().find(caller.tenant(), id))
        .map(StoredCredential::metadata)
        .orElseThrow(() -> Missing.credential(caller.tenant(), id));
  }

  @Override
  public Optional<CredentialMetadata> findByName(Caller caller, String name, String environment) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    guard.require(caller, Permission.READ, "read credentials", Optional.empty());
    return repository
        .read(uow -> uow.credentials().findByName(caller.tenant(), name, environment))
        .map(StoredCredential::metadata);
  }

  @Override
  public Optional<CredentialMetadata> findByName(Caller caller, String name) {
    return findByName(caller, name, defaultEnvironment);
  }

  @Override
  public Page<CredentialMetadata> list(Caller caller, CredentialQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    guard.require(caller, Permission.READ, "list credentials", Optional.empty());
    Page<StoredCredential> stored =
        repository.read(uow -> uow.credentials().list(caller.tenant(), query, page));
    return new Page<>(
        stored.items().stream().map(StoredCredential::metadata).toList(),
        stored.request(),
        stored.total());
  }

  @Override
  public CredentialMetadata update(Caller caller, CredentialId id, CredentialUpdate update) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(update, "update");
    guard.require(caller, Permission.MANAGE, "update credentials", Optional.of(id));
    return change(caller, id, update, 0);
  }

  /**
   * Applies an update; with {@code rollbackTo} above 0 the values become those of that version
   * instead of the update's (which then changes no values).
   */
  private CredentialMetadata change(
      Caller caller, CredentialId id, CredentialUpdate update, long rollbackTo) {
    TenantId tenant = caller.tenant();
    CredentialMetadata result =
        writes.write(
            caller,
            w -> {
              StoredCredential current =
                  w.uow()
                      .credentials()
                      .find(tenant, id)
                      .orElseThrow(() -> Missing.credential(tenant, id));
              CredentialMetadata old = current.metadata();
              if (old.version() != update.expectedVersion()) {
                throw new ConcurrentCredentialModificationException(
                    "credential "
                        + id
                        + " is at version "
                        + old.version()
                        + ", not "
                        + update.expectedVersion()
                        + "; read it again and reapply your change");
              }
              String name = update.name().orElse(old.name());
              String environment = update.environment().orElse(old.environment());
              String description = update.description().orElse(old.description());
              Set<String> tags = update.tags().orElse(old.tags());
              boolean active = update.active().orElse(old.active());
              Optional<Instant> expiresAt = update.expiresAt().orElse(old.expiresAt());
              String subject = subject(name, old.prototype());
              List<Violation> violations =
                  new ArrayList<>(MetadataRules.check(name, environment, tags, description));
              byte[] sealed = current.sealedValues();
              String keyId = old.keyId();
              Set<String> changedFields = new TreeSet<>();
              if ((update.changesValues() || rollbackTo > 0) && old.isSourced()) {
                violations.add(
                    new Violation(
                        "values",
                        "the values of this credential live at source "
                            + WatchedSourceReader.describe(old.source().orElseThrow())
                            + "; change them there"));
                throw new CredentialValidationException(subject, violations);
              }
              Map<String, Secret> before = Map.of();
              Map<String, Secret> after = Map.of();
              if (update.changesValues() || rollbackTo > 0) {
                before = vault.openForChange(current);
                Map<String, Secret> merged;
                if (rollbackTo > 0) {
                  merged =
                      new LinkedHashMap<>(
                          vault.openVersionForChange(
                              w.uow()
                                  .versions()
                                  .find(tenant, id, rollbackTo)
                                  .orElseThrow(() -> Missing.version(tenant, id, rollbackTo))));
                } else {
                  merged = new LinkedHashMap<>(before);
                  merged.putAll(update.values());
                  update.removedFields().forEach(merged::remove);
                }
                after = validate(registry.require(old.prototype()), subject, merged, violations);
                Set<String> all = new LinkedHashSet<>(before.keySet());
                all.addAll(after.keySet());
                for (String code : all) {
                  if (!Objects.equals(before.get(code), after.get(code))) {
                    changedFields.add(code);
                  }
                }
                Sealer.Sealed resealed = vault.seal(tenant, id, after);
                sealed = resealed.ciphertext();
                keyId = resealed.keyId();
              } else if (!violations.isEmpty()) {
                throw new CredentialValidationException(subject, violations);
              }
              CredentialMetadata next =
                  new CredentialMetadata(
                      id,
                      tenant,
                      old.prototype(),
                      name,
                      environment,
                      description,
                      tags,
                      active,
                      expiresAt,
                      old.version() + 1,
                      old.createdAt(),
                      clock.instant(),
                      keyId,
                      old.lastTest(),
                      old.source());
              w.uow().credentials().update(new StoredCredential(next, sealed), old.version());
              if (!changedFields.isEmpty()) {
                history.changed(w.uow(), caller, old, before, next, after, changedFields);
              }
              Map<String, String> details = new LinkedHashMap<>();
              change(details, "name", old.name(), name);
              change(details, "environment", old.environment(), environment);
              change(details, "description", old.description(), description);
              change(
                  details,
                  "tags",
                  String.join(",", new TreeSet<>(old.tags())),
                  String.join(",", new TreeSet<>(tags)));
              change(details, "active", String.valueOf(old.active()), String.valueOf(active));
              change(
                  details,
                  "expiresAt",
                  old.expiresAt().map(Instant::toString).orElse("never"),
                  expiresAt.map(Instant::toString).orElse("never"));
              if (!changedFields.isEmpty()) {
                details.put("fields", String.join(",", changedFields));
              }
              details.put("version", old.version() + " → " + next.version());
              if (rollbackTo > 0) {
                details.put("rollbackTo", String.valueOf(rollbackTo));
              }
              w.audit(AuditAction.UPDATED, Optional.of(id), Optional.empty(), details);
              return next;
            });
    generations.invalidate(tenant);
    sourced.changed(tenant, id);
    return result;
  }

  private static void change(Map<String, String> details, String key, String from, String to) {
    if (!from.equals(to)) {
      details.put(key, from + " → " + to);
    }
  }

  @Override
  public void delete(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.MANAGE, "delete credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    writes.write(
        caller,
        w -> {
          StoredCredential current =
              w.uow()
                  .credentials()
                  .find(tenant, id)
                  .orElseThrow(() -> Missing.credential(tenant, id));
          for (Binding b : w.uow().bindings().ofCredential(tenant, id)) {
            w.audit(
                AuditAction.UNBOUND,
                Optional.of(id),
                Optional.of(b.consumerId()),
                Map.of("topic", b.topic().name(), "reason", "credential deleted"));
          }
          for (dev.credentials.TenantDefault d : w.uow().defaults().ofCredential(tenant, id)) {
            w.audit(
                AuditAction.UNBOUND,
                Optional.of(id),
                Optional.empty(),
                Map.of(
                    "topic",
                    d.topic().name(),
                    "default",
                    "tenant",
                    "reason",
                    "credential deleted"));
          }
          w.uow().credentials().delete(tenant, id);
          w.audit(
              AuditAction.DELETED,
              Optional.of(id),
              Optional.empty(),
              Map.of(
                  "name", current.metadata().name(),
                  "environment", current.metadata().environment(),
                  "prototype", current.metadata().prototype()));
          return null;
        });
    generations.invalidate(tenant);
    sourced.changed(tenant, id);
  }

  @Override
  public RevealedCredential reveal(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.REVEAL, "reveal credentials", Optional.of(id));
    StoredCredential stored =
        repository
            .read(uow -> uow.credentials().find(caller.tenant(), id))
            .orElseThrow(
                () ->
                    writes.failedAccess(
                        caller, id, "not found", Missing.credential(caller.tenant(), id)));
    Instant now = clock.instant();
    Map<String, Secret> values = vault.open(caller, stored, AccessKind.REVEAL, now);
    accesses.record(
        caller,
        now,
        Optional.of(id),
        Optional.empty(),
        stored.metadata().source().isPresent()
            ? Map.of(
                "via",
                "reveal",
                "fields",
                ValueMap.fieldList(values),
                "source",
                WatchedSourceReader.describe(stored.metadata().source().get()))
            : Map.of("via", "reveal", "fields", ValueMap.fieldList(values)));
    return new RevealedCredential(stored.metadata(), values);
  }

  @Override
  public CheckResult test(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.MANAGE, "test credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    StoredCredential stored =
        repository
            .read(uow -> uow.credentials().find(tenant, id))
            .orElseThrow(() -> Missing.credential(tenant, id));
    CredentialMetadata m = stored.metadata();
    Optional<ConnectionTest> test = registry.connectionTest(m.prototype());
    CheckResult result;
    if (test.isEmpty()) {
      result =
          new CheckResult(
              CredentialState.UNKNOWN,
              "prototype " + m.prototype() + " has no connection test",
              clock.instant(),
              0,
              Map.of());
    } else {
      Map<String, Secret> values = vault.open(caller, stored, AccessKind.TEST);
      result =
          runner.run(
              "connection test of credential " + m.id(),
              test.get()::test,
              new CheckContext(m, values, clock, runner.timeout()));
    }
    CheckResult recorded = result;
    writes.write(
        caller,
        w -> {
          w.uow()
              .credentials()
              .find(tenant, id)
              .ifPresent(
                  current -> {
                    CredentialMetadata c = current.metadata();
                    CredentialMetadata next =
                        new CredentialMetadata(
                            c.id(),
                            c.tenant(),
                            c.prototype(),
                            c.name(),
                            c.environment(),
                            c.description(),
                            c.tags(),
                            c.active(),
                            c.expiresAt(),
                            c.version(),
                            c.createdAt(),
                            c.updatedAt(),
                            c.keyId(),
                            Optional.of(recorded),
                            c.source());
                    w.uow()
                        .credentials()
                        .update(new StoredCredential(next, current.sealedValues()), c.version());
                  });
          w.uow().checks().append(tenant, id, recorded);
          w.audit(
              AuditAction.TESTED,
              Optional.of(id),
              Optional.empty(),
              Map.of("state", recorded.state().name()));
          return null;
        });
    return recorded;
  }

  @Override
  public CheckResult check(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.MANAGE, "check credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    StoredCredential stored =
        repository
            .read(uow -> uow.credentials().find(tenant, id))
            .orElseThrow(() -> Missing.credential(tenant, id));
    return checks.refresh(caller, stored);
  }

  @Override
  public List<CredentialMetadata> expiringWithin(Caller caller, Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative, got " + window);
    }
    guard.require(caller, Permission.READ, "list credentials", Optional.empty());
    Instant now = clock.instant();
    // A window past the year 9999 (what every database stores) means "every expiry".
    Instant latest = Instant.parse("9999-12-31T23:59:59Z");
    Instant before =
        window.compareTo(Duration.between(now, latest)) >= 0 ? latest : now.plus(window);
    return repository
        .read(uow -> uow.credentials().expiringBefore(caller.tenant(), before))
        .stream()
        .map(StoredCredential::metadata)
        .toList();
  }

  @Override
  public List<CredentialVersion> versions(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.READ, "read credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    List<StoredVersion> stored =
        repository.read(
            uow -> {
              uow.credentials().find(tenant, id).orElseThrow(() -> Missing.credential(tenant, id));
              return uow.versions().list(tenant, id);
            });
    List<CredentialVersion> out = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      out.add(VersionHistory.describe(stored.get(i), i == 0));
    }
    return List.copyOf(out);
  }

  @Override
  public RevealedVersion revealVersion(Caller caller, CredentialId id, long version) {
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.REVEAL, "reveal credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    record Found(StoredCredential current, Optional<StoredVersion> version, boolean newest) {}
    Found found =
        repository.read(
            uow -> {
              Optional<StoredCredential> current = uow.credentials().find(tenant, id);
              if (current.isEmpty()) {
                return null;
              }
              Optional<StoredVersion> v = uow.versions().find(tenant, id, version);
              List<StoredVersion> all = v.isPresent() ? uow.versions().list(tenant, id) : List.of();
              boolean newest = !all.isEmpty() && all.get(0).version() == version;
              return new Found(current.get(), v, newest);
            });
    if (found == null) {
      throw writes.failedAccess(caller, id, "not found", Missing.credential(tenant, id));
    }
    StoredVersion v =
        found
            .version()
            .orElseThrow(
                () ->
                    writes.failedAccess(
                        caller,
                        id,
                        "version " + version + " not found",
                        Missing.version(tenant, id, version)));
    Instant now = clock.instant();
    Map<String, Secret> values =
        vault.openVersion(caller, found.current().metadata(), v, AccessKind.REVEAL, now);
    accesses.record(
        caller,
        now,
        Optional.of(id),
        Optional.empty(),
        Map.of(
            "via",
            "reveal",
            "version",
            String.valueOf(version),
            "fields",
            ValueMap.fieldList(values)));
    return new RevealedVersion(id, VersionHistory.describe(v, found.newest()), values);
  }

  @Override
  public CredentialMetadata rollback(
      Caller caller, CredentialId id, long version, long expectedVersion) {
    Objects.requireNonNull(id, "id");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
    guard.require(caller, Permission.MANAGE, "update credentials", Optional.of(id));
    return change(caller, id, CredentialUpdate.builder(expectedVersion).build(), version);
  }
}
