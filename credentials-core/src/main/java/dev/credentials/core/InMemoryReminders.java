package dev.credentials.core;

import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.TenantId;
import dev.credentials.spi.ExpiringCredential;
import dev.credentials.spi.ReminderRecord;
import dev.credentials.spi.ReminderRecords;
import dev.credentials.spi.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sent expiry reminders of the {@link InMemoryCredentialRepository}, per tenant and credential,
 * and the reminder scan over the repository's credentials.
 */
final class InMemoryReminders {

  private record Key(Instant expiresAt, Duration leadTime) {}

  private final Map<TenantId, Map<CredentialId, StoredCredential>> credentials;
  private final Map<TenantId, Map<CredentialId, Map<Key, ReminderRecord>>> sent = new HashMap<>();

  /**
   * @param credentials the repository's credentials, read under its lock
   */
  InMemoryReminders(Map<TenantId, Map<CredentialId, StoredCredential>> credentials) {
    this.credentials = credentials;
  }

  /**
   * @param journal the unit of work
   * @return its view of the sent reminders
   */
  ReminderRecords view(InMemoryUnit journal) {
    return new View(journal);
  }

  /**
   * Removes a credential's reminders, as part of its delete.
   *
   * @param journal the unit of work
   * @param tenant the tenant
   * @param id the credential
   */
  void removeAll(InMemoryUnit journal, TenantId tenant, CredentialId id) {
    Map<CredentialId, Map<Key, ReminderRecord>> byId = sent.get(tenant);
    if (byId == null || !byId.containsKey(id)) {
      return;
    }
    Map<Key, ReminderRecord> old = byId.remove(id);
    journal.onRollback(() -> byId.put(id, old));
  }

  private final class View implements ReminderRecords {
    private final InMemoryUnit journal;

    View(InMemoryUnit journal) {
      this.journal = journal;
    }

    @Override
    public boolean record(ReminderRecord r) {
      journal.writing();
      Objects.requireNonNull(r, "reminder");
      Map<CredentialId, Map<Key, ReminderRecord>> byId =
          sent.computeIfAbsent(r.tenant(), t -> new HashMap<>());
      Map<Key, ReminderRecord> records = byId.get(r.credentialId());
      boolean created = records == null;
      if (created) {
        records = new HashMap<>();
        byId.put(r.credentialId(), records);
      }
      Key key = new Key(r.expiresAt(), r.leadTime());
      if (records.containsKey(key)) {
        return false;
      }
      records.put(key, r);
      Map<Key, ReminderRecord> target = records;
      journal.onRollback(
          () -> {
            target.remove(key);
            if (created) {
              byId.remove(r.credentialId());
            }
          });
      return true;
    }

    @Override
    public List<ReminderRecord> sent(TenantId tenant, Collection<CredentialId> ids) {
      journal.reading();
      Map<CredentialId, Map<Key, ReminderRecord>> byId = sent.getOrDefault(tenant, Map.of());
      List<ReminderRecord> out = new ArrayList<>();
      for (CredentialId id : new java.util.LinkedHashSet<>(ids)) {
        out.addAll(byId.getOrDefault(id, Map.of()).values());
      }
      return out;
    }

    @Override
    public List<ExpiringCredential> expiringBetween(Instant from, Instant until, int limit) {
      journal.reading();
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be at least 0, got " + limit);
      }
      List<ExpiringCredential> out = new ArrayList<>();
      for (Map<CredentialId, StoredCredential> byId : credentials.values()) {
        for (StoredCredential s : byId.values()) {
          CredentialMetadata m = s.metadata();
          if (m.active()
              && m.expiresAt().isPresent()
              && !m.expiresAt().get().isBefore(from)
              && m.expiresAt().get().isBefore(until)) {
            out.add(
                new ExpiringCredential(
                    m.tenant(), m.id(), m.name(), m.environment(), m.expiresAt().get()));
          }
        }
      }
      out.sort(
          Comparator.comparing(ExpiringCredential::expiresAt)
              .thenComparing(c -> c.tenant().value())
              .thenComparing(c -> c.id().value()));
      return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }
  }
}
