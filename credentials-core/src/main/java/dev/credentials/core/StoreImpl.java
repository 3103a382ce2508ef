package dev.credentials.core;

import dev.credentials.Binding;
import dev.credentials.Caller;
import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.ConnectionTest;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialExpiredException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialInactiveException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.CredentialStore;
import dev.credentials.CredentialUpdate;
import dev.credentials.CredentialValidationException;
import dev.credentials.NewCredential;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.Violation;
import dev.credentials.audit.AuditAction;
import dev.credentials.internal.ValueMap;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
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

/** The credential store: lifecycle, access checks and audit. */
final class StoreImpl implements CredentialStore {

  private final Engine engine;
  private final CheckRunner runner;

  StoreImpl(Engine engine, CheckRunner runner) {
    this.engine = engine;
    this.runner = runner;
  }

  private static String subject(String name, String prototype) {
    return "credential '" + name + "' of prototype " + prototype;
  }

  @Override
  public CredentialMetadata create(Caller caller, NewCredential c) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(c, "credential");
    engine.require(caller, Permission.MANAGE, "create credentials", Optional.empty());
    Prototype prototype = engine.registry.require(c.prototype());
    String environment = c.environment().orElse(engine.defaultEnvironment);
    String subject = subject(c.name(), prototype.code());
    List<Violation> violations =
        new ArrayList<>(MetadataRules.check(c.name(), environment, c.tags(), c.description()));
    Map<String, Secret> values = validate(prototype, subject, c.values(), violations);
    TenantId tenant = caller.tenant();
    CredentialId id = CredentialId.random();
    Instant now = engine.clock.instant();
    Sealer.Sealed sealed = engine.sealer.sealWithPrimary(tenant, id, values);
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
            Optional.empty());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("prototype", prototype.code());
    details.put("name", c.name());
    details.put("environment", environment);
    details.put("fields", ValueMap.fieldList(values));
    engine.write(
        caller,
        w -> {
          w.uow.credentials().insert(new StoredCredential(m, sealed.ciphertext()));
          w.audit(AuditAction.CREATED, Optional.of(id), Optional.empty(), details);
          return null;
        });
    engine.invalidate(tenant);
    return m;
  }

  /** Validates values, adding metadata violations so that every problem is reported at once. */
  private Map<String, Secret> validate(
      Prototype prototype, String subject, Map<String, Secret> raw, List<Violation> violations) {
    try {
      Map<String, Secret> values = engine.registry.validate(prototype.code(), subject, raw);
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

  @Override
  public CredentialMetadata get(Caller caller, CredentialId id) {
    engine.require(caller, Permission.READ, "read credentials", Optional.of(id));
    return engine
        .read(uow -> uow.credentials().find(caller.tenant(), id))
        .map(StoredCredential::metadata)
        .orElseThrow(() -> Engine.notFound(caller.tenant(), id));
  }

  @Override
  public Optional<CredentialMetadata> findByName(Caller caller, String name, String environment) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    engine.require(caller, Permission.READ, "read credentials", Optional.empty());
    return engine
        .read(uow -> uow.credentials().findByName(caller.tenant(), name, environment))
        .map(StoredCredential::metadata);
  }

  @Override
  public Optional<CredentialMetadata> findByName(Caller caller, String name) {
    return findByName(caller, name, engine.defaultEnvironment);
  }

  @Override
  public Page<CredentialMetadata> list(Caller caller, CredentialQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    engine.require(caller, Permission.READ, "list credentials", Optional.empty());
    Page<StoredCredential> stored =
        engine.read(uow -> uow.credentials().list(caller.tenant(), query, page));
    return new Page<>(
        stored.items().stream().map(StoredCredential::metadata).toList(),
        stored.request(),
        stored.total());
  }

  @Override
  public CredentialMetadata update(Caller caller, CredentialId id, CredentialUpdate update) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(update, "update");
    engine.require(caller, Permission.MANAGE, "update credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    CredentialMetadata result =
        engine.write(
            caller,
            w -> {
              StoredCredential current =
                  w.uow
                      .credentials()
                      .find(tenant, id)
                      .orElseThrow(() -> Engine.notFound(tenant, id));
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
              if (update.changesValues()) {
                Map<String, Secret> before =
                    engine.sealer.open(tenant, id, old.keyId(), current.sealedValues());
                Map<String, Secret> merged = new LinkedHashMap<>(before);
                merged.putAll(update.values());
                update.removedFields().forEach(merged::remove);
                Map<String, Secret> after =
                    validate(engine.registry.require(old.prototype()), subject, merged, violations);
                Set<String> all = new LinkedHashSet<>(before.keySet());
                all.addAll(after.keySet());
                for (String code : all) {
                  if (!Objects.equals(before.get(code), after.get(code))) {
                    changedFields.add(code);
                  }
                }
                Sealer.Sealed resealed = engine.sealer.sealWithPrimary(tenant, id, after);
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
                      engine.clock.instant(),
                      keyId,
                      old.lastTest());
              w.uow.credentials().update(new StoredCredential(next, sealed), old.version());
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
              w.audit(AuditAction.UPDATED, Optional.of(id), Optional.empty(), details);
              return next;
            });
    engine.invalidate(tenant);
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
    engine.require(caller, Permission.MANAGE, "delete credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    engine.write(
        caller,
        w -> {
          StoredCredential current =
              w.uow.credentials().find(tenant, id).orElseThrow(() -> Engine.notFound(tenant, id));
          for (Binding b : w.uow.bindings().ofCredential(tenant, id)) {
            w.audit(
                AuditAction.UNBOUND,
                Optional.of(id),
                Optional.of(b.consumerId()),
                Map.of("topic", b.topic().name(), "reason", "credential deleted"));
          }
          w.uow.credentials().delete(tenant, id);
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
    engine.invalidate(tenant);
  }

  @Override
  public RevealedCredential reveal(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    engine.require(caller, Permission.REVEAL, "reveal credentials", Optional.of(id));
    StoredCredential stored =
        engine
            .read(uow -> uow.credentials().find(caller.tenant(), id))
            .orElseThrow(
                () ->
                    engine.failedAccess(
                        caller, id, "not found", Engine.notFound(caller.tenant(), id)));
    Instant now = engine.clock.instant();
    Map<String, Secret> values = open(caller, stored, "reveal", now);
    engine.accessed(
        caller,
        now,
        Optional.of(id),
        Optional.empty(),
        Map.of("via", "reveal", "fields", ValueMap.fieldList(values)));
    return new RevealedCredential(stored.metadata(), values);
  }

  /**
   * The checks before values leave the store: active, not expired, opens. Each failure is audited
   * and raised with its own type.
   */
  Map<String, Secret> open(Caller caller, StoredCredential stored, String via) {
    return open(caller, stored, via, engine.clock.instant());
  }

  /** As {@link #open(Caller, StoredCredential, String)}, judging expiry at {@code now}. */
  Map<String, Secret> open(Caller caller, StoredCredential stored, String via, Instant now) {
    CredentialMetadata m = stored.metadata();
    if (!m.active()) {
      throw engine.failedAccess(
          caller,
          m.id(),
          "inactive",
          new CredentialInactiveException(
              "credential '"
                  + m.name()
                  + "' ("
                  + m.id()
                  + ") is inactive; activate it with an update before you "
                  + via
                  + " it"));
    }
    if (m.isExpiredAt(now)) {
      throw engine.failedAccess(
          caller,
          m.id(),
          "expired",
          new CredentialExpiredException(
              "credential '"
                  + m.name()
                  + "' ("
                  + m.id()
                  + ") expired at "
                  + m.expiresAt().orElseThrow()
                  + "; renew its values and set a new expiry"));
    }
    try {
      return engine.sealer.open(m.tenant(), m.id(), m.keyId(), stored.sealedValues());
    } catch (CredentialDecryptionException e) {
      throw engine.failedAccess(caller, m.id(), "cannot decrypt (key " + m.keyId() + ")", e);
    }
  }

  @Override
  public CheckResult test(Caller caller, CredentialId id) {
    Objects.requireNonNull(id, "id");
    engine.require(caller, Permission.MANAGE, "test credentials", Optional.of(id));
    TenantId tenant = caller.tenant();
    StoredCredential stored =
        engine
            .read(uow -> uow.credentials().find(tenant, id))
            .orElseThrow(() -> Engine.notFound(tenant, id));
    CredentialMetadata m = stored.metadata();
    Optional<ConnectionTest> test = engine.registry.connectionTest(m.prototype());
    CheckResult result;
    if (test.isEmpty()) {
      result =
          new CheckResult(
              CredentialState.UNKNOWN,
              "prototype " + m.prototype() + " has no connection test",
              engine.clock.instant(),
              0,
              Map.of());
    } else {
      Map<String, Secret> values = open(caller, stored, "test");
      result =
          runner.run(
              "connection test of credential " + m.id(),
              test.get()::test,
              new CheckContext(m, values, engine.clock, runner.timeout()));
    }
    CheckResult recorded = result;
    engine.write(
        caller,
        w -> {
          w.uow
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
                            Optional.of(recorded));
                    w.uow
                        .credentials()
                        .update(new StoredCredential(next, current.sealedValues()), c.version());
                  });
          w.uow.checks().append(tenant, id, recorded);
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
  public List<CredentialMetadata> expiringWithin(Caller caller, Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative, got " + window);
    }
    engine.require(caller, Permission.READ, "list credentials", Optional.empty());
    Instant before = engine.clock.instant().plus(window);
    return engine.read(uow -> uow.credentials().expiringBefore(caller.tenant(), before)).stream()
        .map(StoredCredential::metadata)
        .toList();
  }
}
