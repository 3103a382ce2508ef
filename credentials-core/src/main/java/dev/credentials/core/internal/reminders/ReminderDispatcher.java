package dev.credentials.core.internal.reminders;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.ExpiryReminder;
import dev.credentials.ExpiryReminders;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.launch.LaunchListeners;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.ExpiringCredential;
import dev.credentials.spi.Permission;
import dev.credentials.spi.ReminderRecord;
import dev.credentials.spi.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the expiry reminders that are due, records each with an insert-if-absent and its audit
 * event in one unit of work, and delivers the ones this engine recorded to the launch listeners
 * after the commit. A reminder is thus delivered at most once across restarts and engines; a
 * listener that throws is logged and not retried.
 */
public final class ReminderDispatcher implements ExpiryReminders {

  /** The principal that reminder audit events name. */
  public static final String PRINCIPAL = "expiry-reminders";

  /** How far back a missed reminder at the expiry is still sent. */
  static final Duration CATCH_UP = Duration.ofDays(7);

  /** The most credentials one scan looks at. */
  static final int SCAN_LIMIT = 10_000;

  private static final Principal SENDER =
      new Principal(PRINCIPAL, Principal.Kind.SERVICE, Map.of());

  private final CredentialRepository repository;
  private final AuditedWrites writes;
  private final AccessGuard guard;
  private final LaunchListeners listeners;
  private final Clock clock;
  private final List<Duration> leads;

  /**
   * @param repository where credentials and sent reminders are
   * @param writes how records are written and audited
   * @param guard who may list reminders
   * @param listeners where reminders are delivered
   * @param clock the engine's clock
   * @param leadTimes lead times before the expiry, positive whole seconds (zero is added)
   */
  public ReminderDispatcher(
      CredentialRepository repository,
      AuditedWrites writes,
      AccessGuard guard,
      LaunchListeners listeners,
      Clock clock,
      List<Duration> leadTimes) {
    this.repository = repository;
    this.writes = writes;
    this.guard = guard;
    this.listeners = listeners;
    this.clock = clock;
    List<Duration> all = new ArrayList<>(new HashSet<>(leadTimes));
    all.remove(Duration.ZERO);
    all.sort(Comparator.reverseOrder());
    all.add(Duration.ZERO);
    this.leads = List.copyOf(all);
  }

  @Override
  public List<Duration> leadTimes() {
    return leads;
  }

  @Override
  public List<ExpiryReminder> sendDue() {
    Instant now = clock.instant();
    List<ExpiringCredential> candidates =
        repository.read(
            u ->
                u.reminders()
                    .expiringBetween(
                        now.minus(CATCH_UP), now.plus(leads.get(0)).plusNanos(1), SCAN_LIMIT));
    Map<TenantId, List<ExpiringCredential>> byTenant = new LinkedHashMap<>();
    for (ExpiringCredential c : candidates) {
      byTenant.computeIfAbsent(c.tenant(), t -> new ArrayList<>()).add(c);
    }
    List<ExpiryReminder> sent = new ArrayList<>();
    for (Map.Entry<TenantId, List<ExpiringCredential>> e : byTenant.entrySet()) {
      Map<CredentialId, Set<Duration>> recorded = recorded(e.getKey(), e.getValue());
      for (ExpiringCredential c : e.getValue()) {
        Set<Duration> done = recorded.getOrDefault(c.id(), Set.of());
        List<Duration> passed = new ArrayList<>();
        for (Duration lead : leads) {
          if (!now.isBefore(c.expiresAt().minus(lead))) {
            passed.add(lead);
          }
        }
        if (passed.isEmpty() || done.contains(passed.get(passed.size() - 1))) {
          continue;
        }
        send(c, passed, done, now).ifPresent(sent::add);
      }
    }
    for (ExpiryReminder r : sent) {
      listeners.expiryReminder(r);
    }
    return sent;
  }

  /** Sent reminders of some credentials of a tenant that expire when the credential now does. */
  private Map<CredentialId, Set<Duration>> recorded(
      TenantId tenant, List<ExpiringCredential> credentials) {
    Map<CredentialId, Instant> expiry = new HashMap<>();
    credentials.forEach(c -> expiry.put(c.id(), c.expiresAt()));
    Map<CredentialId, Set<Duration>> out = new HashMap<>();
    for (ReminderRecord r :
        repository.read(u -> u.reminders().sent(tenant, List.copyOf(expiry.keySet())))) {
      if (r.expiresAt().equals(expiry.get(r.credentialId()))) {
        out.computeIfAbsent(r.credentialId(), k -> new HashSet<>()).add(r.leadTime());
      }
    }
    return out;
  }

  /**
   * Records the passed lead times not yet recorded and audits the shortest; empty when another
   * engine recorded it first.
   */
  private Optional<ExpiryReminder> send(
      ExpiringCredential c, List<Duration> passed, Set<Duration> done, Instant now) {
    Duration shortest = passed.get(passed.size() - 1);
    Caller caller = Caller.of(c.tenant(), SENDER);
    boolean mine =
        writes.write(
            caller,
            w -> {
              boolean recorded = false;
              for (Duration lead : passed) {
                if (done.contains(lead)) {
                  continue;
                }
                boolean inserted =
                    w.uow()
                        .reminders()
                        .record(new ReminderRecord(c.tenant(), c.id(), c.expiresAt(), lead, now));
                if (lead.equals(shortest)) {
                  recorded = inserted;
                }
              }
              if (recorded) {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("name", c.name());
                details.put("environment", c.environment());
                details.put("expiresAt", c.expiresAt().toString());
                details.put("leadTime", shortest.toString());
                w.audit(
                    AuditAction.EXPIRY_REMINDED, Optional.of(c.id()), Optional.empty(), details);
              }
              return recorded;
            });
    if (!mine) {
      return Optional.empty();
    }
    return Optional.of(
        new ExpiryReminder(
            c.tenant(),
            c.id(),
            c.name(),
            c.environment(),
            c.expiresAt(),
            shortest,
            c.expiresAt().minus(shortest),
            Optional.of(now)));
  }

  @Override
  public List<ExpiryReminder> list(Caller caller) {
    guard.require(caller, Permission.READ, "list credentials", Optional.empty());
    TenantId tenant = caller.tenant();
    Instant now = clock.instant();
    record Seen(List<StoredCredential> credentials, List<ReminderRecord> sent) {}
    Seen seen =
        repository.read(
            u -> {
              List<StoredCredential> expiring =
                  u.credentials().expiringBefore(tenant, now.plus(leads.get(0)));
              List<CredentialId> ids = expiring.stream().map(s -> s.metadata().id()).toList();
              return new Seen(
                  expiring, ids.isEmpty() ? List.of() : u.reminders().sent(tenant, ids));
            });
    Map<String, Instant> sentAt = new HashMap<>();
    for (ReminderRecord r : seen.sent()) {
      sentAt.put(r.credentialId() + "/" + r.expiresAt() + "/" + r.leadTime(), r.sentAt());
    }
    List<ExpiryReminder> out = new ArrayList<>();
    for (StoredCredential s : seen.credentials()) {
      Instant expiresAt = s.metadata().expiresAt().orElseThrow();
      for (Duration lead : leads) {
        out.add(
            new ExpiryReminder(
                tenant,
                s.metadata().id(),
                s.metadata().name(),
                s.metadata().environment(),
                expiresAt,
                lead,
                expiresAt.minus(lead),
                Optional.ofNullable(sentAt.get(s.metadata().id() + "/" + expiresAt + "/" + lead))));
      }
    }
    out.sort(
        Comparator.comparing(ExpiryReminder::dueAt).thenComparing(r -> r.credentialId().value()));
    return List.copyOf(out);
  }
}
