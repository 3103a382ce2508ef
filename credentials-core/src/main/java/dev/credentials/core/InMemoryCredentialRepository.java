package dev.credentials.core;

import dev.credentials.Binding;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.AuditChain;
import dev.credentials.spi.BindingRecords;
import dev.credentials.spi.ChangeFeed;
import dev.credentials.spi.ChangeLog;
import dev.credentials.spi.CheckLog;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.CredentialVersions;
import dev.credentials.spi.DeferralRecords;
import dev.credentials.spi.Leases;
import dev.credentials.spi.PrototypeDocumentRecords;
import dev.credentials.spi.ReminderRecords;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The reference implementation of the repository SPI, in memory. Thread-safe: units of work are
 * serialised, reads run concurrently. A unit of work that throws is rolled back through an undo
 * journal, so it leaves nothing behind, exactly like a database transaction.
 *
 * <p>Use it for tests, demos and development; nothing survives the process. The sealed values are
 * ciphertext, as in every repository.
 */
public final class InMemoryCredentialRepository implements CredentialRepository {

  /** How many check results are kept per credential. */
  static final int CHECK_LOG_LIMIT = 100;

  private static final Comparator<StoredCredential> BY_NAME =
      Comparator.comparing((StoredCredential s) -> s.metadata().name())
          .thenComparing(s -> s.metadata().environment())
          .thenComparing(s -> s.metadata().id().value());

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<TenantId, Map<CredentialId, StoredCredential>> credentials = new HashMap<>();
  private final Map<TenantId, Map<String, CredentialId>> names = new HashMap<>();

  /** Per tenant and prototype, credential ids ordered by name, environment, id. */
  private final Map<TenantId, Map<String, java.util.NavigableMap<String, CredentialId>>>
      byPrototype = new HashMap<>();

  private final Map<TenantId, Map<String, Consumer>> consumers = new HashMap<>();
  private final Map<TenantId, Map<String, Map<Topic, Binding>>> bindings = new HashMap<>();
  private final InMemoryCheckLog checks = new InMemoryCheckLog();
  private final Map<TenantId, List<AuditEvent>> audit = new HashMap<>();
  private final Map<String, String> prototypeDocuments = new TreeMap<>();
  private final InMemoryLeases leases = new InMemoryLeases();
  private final InMemoryDeferrals deferrals = new InMemoryDeferrals();
  private final InMemoryVersions versions = new InMemoryVersions();
  private final InMemoryReminders reminders = new InMemoryReminders(credentials);
  private final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  private final Map<TenantId, Map<Topic, dev.credentials.TenantDefault>> defaults = new HashMap<>();

  /** Creates an empty repository. */
  public InMemoryCredentialRepository() {}

  @Override
  public <T> T inTransaction(Function<UnitOfWork, T> work) {
    Objects.requireNonNull(work, "work");
    lock.writeLock().lock();
    Tx tx = new Tx(true);
    T result;
    try {
      result = work.apply(tx);
      tx.closed = true;
    } catch (RuntimeException | Error e) {
      tx.rollback();
      throw e;
    } finally {
      tx.closed = true;
      lock.writeLock().unlock();
    }
    feed.publish(tx.announced);
    return result;
  }

  /** Delivers each unit of work's announcements to every subscriber as it commits. */
  @Override
  public java.util.Optional<ChangeFeed> changeFeed() {
    return java.util.Optional.of(feed);
  }

  @Override
  public <T> T read(Function<UnitOfWork, T> work) {
    Objects.requireNonNull(work, "work");
    lock.readLock().lock();
    Tx tx = new Tx(false);
    try {
      return work.apply(tx);
    } finally {
      tx.closed = true;
      lock.readLock().unlock();
    }
  }

  private static String nameKey(String name, String environment) {
    return name + '\u0000' + environment;
  }

  /** Sorts like the listing order: name, environment, id. */
  private static String orderKey(CredentialMetadata m) {
    return m.name() + '\u0000' + m.environment() + '\u0000' + m.id().value();
  }

  /**
   * A transaction: whether it may write, its undo journal, and the aggregate parts that share both.
   */
  private final class Tx implements UnitOfWork, InMemoryUnit {
    private final boolean writable;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private boolean closed;
    private final CredentialPart credentialsPart = new CredentialPart(this);
    private final BindingPart bindingsPart = new BindingPart(this);
    private final CheckLog checksPart = checks.part(this);
    private final AuditPart auditPart = new AuditPart(this);
    private final DocumentPart documentsPart = new DocumentPart(this);
    private final Leases leasesPart = leases.part(this);
    private final DeferralRecords deferralsPart = deferrals.part(this);
    private final CredentialVersions versionsPart = versions.view(this);
    private final ReminderRecords remindersPart = reminders.view(this);
    private final InMemoryChangeFeed.Pending announced = new InMemoryChangeFeed.Pending();
    private final InMemoryTenantDefaults defaultsPart =
        new InMemoryTenantDefaults(
            defaults,
            this::reading,
            this::writing,
            undo::push,
            (t, id) -> credentials.getOrDefault(t, Map.of()).containsKey(id));

    Tx(boolean writable) {
      this.writable = writable;
    }

    @Override
    public CredentialRecords credentials() {
      return credentialsPart;
    }

    @Override
    public BindingRecords bindings() {
      return bindingsPart;
    }

    @Override
    public CheckLog checks() {
      return checksPart;
    }

    @Override
    public AuditChain audit() {
      return auditPart;
    }

    @Override
    public PrototypeDocumentRecords prototypeDocuments() {
      return documentsPart;
    }

    @Override
    public InMemoryTenantDefaults defaults() {
      return defaultsPart;
    }

    @Override
    public ChangeLog changes() {
      writing();
      return announced;
    }

    @Override
    public Leases leases() {
      return leasesPart;
    }

    @Override
    public DeferralRecords deferrals() {
      return deferralsPart;
    }

    @Override
    public CredentialVersions versions() {
      return versionsPart;
    }

    @Override
    public ReminderRecords reminders() {
      return remindersPart;
    }

    @Override
    public void onRollback(Runnable step) {
      undo.push(step);
    }

    @Override
    public void writing() {
      if (closed) {
        throw new IllegalStateException("this unit of work has ended");
      }
      if (!writable) {
        throw new IllegalStateException("read-only unit of work cannot write");
      }
    }

    @Override
    public void reading() {
      if (closed) {
        throw new IllegalStateException("this unit of work has ended");
      }
    }

    void rollback() {
      while (!undo.isEmpty()) {
        undo.pop().run();
      }
    }

    java.util.NavigableMap<String, CredentialId> prototypeIndex(TenantId tenant, String prototype) {
      Map<String, java.util.NavigableMap<String, CredentialId>> m = tenantMap(byPrototype, tenant);
      java.util.NavigableMap<String, CredentialId> index = m.get(prototype);
      if (index == null) {
        index = new TreeMap<>();
        put(m, prototype, index);
      }
      return index;
    }
  }

  /** The unit of work's view of the credential rows, with their name and prototype indexes. */
  private final class CredentialPart implements CredentialRecords {
    private final Tx tx;

    CredentialPart(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(StoredCredential credential) {
      tx.writing();
      CredentialMetadata m = credential.metadata();
      Map<CredentialId, StoredCredential> byId = tx.tenantMap(credentials, m.tenant());
      Map<String, CredentialId> byName = tx.tenantMap(names, m.tenant());
      String key = nameKey(m.name(), m.environment());
      if (byName.containsKey(key)) {
        throw duplicate(m);
      }
      if (byId.containsKey(m.id())) {
        throw new DuplicateCredentialException(
            "a credential with id " + m.id() + " already exists; use a new id");
      }
      tx.put(byId, m.id(), privateCopy(credential));
      tx.put(byName, key, m.id());
      tx.put(tx.prototypeIndex(m.tenant(), m.prototype()), orderKey(m), m.id());
    }

    @Override
    public void update(StoredCredential credential, long expectedVersion) {
      tx.writing();
      CredentialMetadata m = credential.metadata();
      Map<CredentialId, StoredCredential> byId = tx.tenantMap(credentials, m.tenant());
      StoredCredential current = byId.get(m.id());
      if (current == null || current.metadata().version() != expectedVersion) {
        throw new ConcurrentCredentialModificationException(
            "credential "
                + m.id()
                + " was changed or deleted since version "
                + expectedVersion
                + "; read it again and retry");
      }
      Map<String, CredentialId> byName = tx.tenantMap(names, m.tenant());
      String oldKey = nameKey(current.metadata().name(), current.metadata().environment());
      String newKey = nameKey(m.name(), m.environment());
      if (!oldKey.equals(newKey)) {
        if (byName.containsKey(newKey)) {
          throw duplicate(m);
        }
        tx.remove(byName, oldKey);
        tx.put(byName, newKey, m.id());
      }
      java.util.NavigableMap<String, CredentialId> index =
          tx.prototypeIndex(m.tenant(), current.metadata().prototype());
      tx.remove(index, orderKey(current.metadata()));
      tx.put(tx.prototypeIndex(m.tenant(), m.prototype()), orderKey(m), m.id());
      tx.put(byId, m.id(), privateCopy(credential));
    }

    @Override
    public boolean delete(TenantId tenant, CredentialId id) {
      tx.writing();
      Map<CredentialId, StoredCredential> byId = credentials.get(tenant);
      StoredCredential current = byId == null ? null : byId.get(id);
      if (current == null) {
        return false;
      }
      // Secure delete: overwrite the repository's own copy of the sealed value before dropping
      // it. Callers only ever hold copies, so a credential read before the delete still opens.
      byte[] saved = current.sealedValues().clone();
      Arrays.fill(current.sealedValues(), (byte) 0);
      tx.undo.push(() -> System.arraycopy(saved, 0, current.sealedValues(), 0, saved.length));
      tx.remove(byId, id);
      tx.defaults().deleteOfCredential(tenant, id);
      tx.remove(
          tx.tenantMap(names, tenant),
          nameKey(current.metadata().name(), current.metadata().environment()));
      tx.remove(
          tx.prototypeIndex(tenant, current.metadata().prototype()), orderKey(current.metadata()));
      Map<String, Map<Topic, Binding>> tenantBindings = bindings.get(tenant);
      if (tenantBindings != null) {
        for (Map<Topic, Binding> byTopic : tenantBindings.values()) {
          for (Binding b : List.copyOf(byTopic.values())) {
            if (b.credentialId().equals(id)) {
              tx.remove(byTopic, b.topic());
            }
          }
        }
      }
      checks.removeAll(tx, tenant, id);
      versions.removeAll(tx, tenant, id);
      reminders.removeAll(tx, tenant, id);
      return true;
    }

    @Override
    public Optional<StoredCredential> find(TenantId tenant, CredentialId id) {
      tx.reading();
      return Optional.ofNullable(credentials.getOrDefault(tenant, Map.of()).get(id))
          .map(InMemoryCredentialRepository::privateCopy);
    }

    @Override
    public Map<CredentialId, StoredCredential> findAll(
        TenantId tenant, Collection<CredentialId> ids) {
      tx.reading();
      Map<CredentialId, StoredCredential> byId = credentials.getOrDefault(tenant, Map.of());
      Map<CredentialId, StoredCredential> out = new LinkedHashMap<>();
      for (CredentialId id : ids) {
        StoredCredential s = byId.get(id);
        if (s != null) {
          out.put(id, privateCopy(s));
        }
      }
      return out;
    }

    @Override
    public Optional<StoredCredential> findByName(TenantId tenant, String name, String environment) {
      tx.reading();
      CredentialId id = names.getOrDefault(tenant, Map.of()).get(nameKey(name, environment));
      return id == null ? Optional.empty() : find(tenant, id);
    }

    @Override
    public Page<StoredCredential> list(TenantId tenant, CredentialQuery query, PageRequest page) {
      tx.reading();
      List<StoredCredential> all = new ArrayList<>();
      for (StoredCredential s : credentials.getOrDefault(tenant, Map.of()).values()) {
        if (query.matches(s.metadata())) {
          all.add(privateCopy(s));
        }
      }
      all.sort(BY_NAME);
      return page(all, page);
    }

    @Override
    public List<StoredCredential> ofPrototypes(TenantId tenant, Set<String> prototypeCodes) {
      tx.reading();
      List<StoredCredential> out = new ArrayList<>();
      for (StoredCredential s : credentials.getOrDefault(tenant, Map.of()).values()) {
        if (prototypeCodes.contains(s.metadata().prototype())) {
          out.add(privateCopy(s));
        }
      }
      out.sort(BY_NAME);
      return out;
    }

    @Override
    public List<StoredCredential> candidates(
        TenantId tenant, Set<String> prototypeCodes, Instant now, int limit) {
      tx.reading();
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be at least 0, got " + limit);
      }
      Map<String, java.util.NavigableMap<String, CredentialId>> indexes =
          byPrototype.getOrDefault(tenant, Map.of());
      Map<CredentialId, StoredCredential> byId = credentials.getOrDefault(tenant, Map.of());
      // The first `limit` usable of each prototype, merged in order and cut to `limit`.
      java.util.TreeMap<String, StoredCredential> merged = new java.util.TreeMap<>();
      for (String code : prototypeCodes) {
        int taken = 0;
        for (Map.Entry<String, CredentialId> e :
            indexes.getOrDefault(code, new TreeMap<>()).entrySet()) {
          if (taken == limit) {
            break;
          }
          StoredCredential s = byId.get(e.getValue());
          if (s.metadata().active() && !s.metadata().isExpiredAt(now)) {
            merged.put(e.getKey(), s);
            taken++;
          }
        }
      }
      List<StoredCredential> out = new ArrayList<>();
      for (StoredCredential s : merged.values()) {
        if (out.size() == limit) {
          break;
        }
        out.add(privateCopy(s));
      }
      return out;
    }

    @Override
    public List<StoredCredential> expiringBefore(TenantId tenant, Instant before) {
      tx.reading();
      List<StoredCredential> out = new ArrayList<>();
      for (StoredCredential s : credentials.getOrDefault(tenant, Map.of()).values()) {
        CredentialMetadata m = s.metadata();
        if (m.active() && m.expiresAt().filter(e -> e.isBefore(before)).isPresent()) {
          out.add(privateCopy(s));
        }
      }
      out.sort(
          Comparator.comparing((StoredCredential s) -> s.metadata().expiresAt().orElseThrow())
              .thenComparing(BY_NAME));
      return out;
    }

    @Override
    public Map<String, Long> countByKeyId() {
      tx.reading();
      Map<String, Long> counts = new TreeMap<>();
      for (Map<CredentialId, StoredCredential> byId : credentials.values()) {
        for (StoredCredential s : byId.values()) {
          counts.merge(s.metadata().keyId(), 1L, Long::sum);
        }
      }
      return counts;
    }

    @Override
    public List<StoredCredential> notSealedWith(String keyId, int limit) {
      tx.reading();
      List<StoredCredential> out = new ArrayList<>();
      for (Map<CredentialId, StoredCredential> byId : credentials.values()) {
        for (StoredCredential s : byId.values()) {
          if (!s.metadata().keyId().equals(keyId)) {
            out.add(privateCopy(s));
          }
        }
      }
      out.sort(
          Comparator.comparing((StoredCredential s) -> s.metadata().tenant().value())
              .thenComparing(s -> s.metadata().id().value()));
      return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }
  }

  /** The unit of work's view of the consumers and bindings. */
  private final class BindingPart implements BindingRecords {
    private final Tx tx;

    BindingPart(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void putConsumer(TenantId tenant, Consumer consumer) {
      tx.writing();
      tx.put(tx.tenantMap(consumers, tenant), consumer.id(), consumer);
    }

    @Override
    public Optional<Consumer> consumer(TenantId tenant, String consumerId) {
      tx.reading();
      return Optional.ofNullable(consumers.getOrDefault(tenant, Map.of()).get(consumerId));
    }

    @Override
    public List<Consumer> consumers(TenantId tenant) {
      tx.reading();
      return consumers.getOrDefault(tenant, Map.of()).values().stream()
          .sorted(java.util.Comparator.comparing(Consumer::id))
          .toList();
    }

    @Override
    public void put(Binding binding) {
      tx.writing();
      Map<String, Map<Topic, Binding>> tenantBindings = tx.tenantMap(bindings, binding.tenant());
      Map<Topic, Binding> byTopic = tenantBindings.get(binding.consumerId());
      if (byTopic == null) {
        byTopic = new HashMap<>();
        tx.put(tenantBindings, binding.consumerId(), byTopic);
      }
      tx.put(byTopic, binding.topic(), binding);
    }

    @Override
    public boolean delete(TenantId tenant, String consumerId, Topic topic) {
      tx.writing();
      Map<Topic, Binding> byTopic = bindings.getOrDefault(tenant, Map.of()).get(consumerId);
      return byTopic != null && tx.remove(byTopic, topic) != null;
    }

    @Override
    public List<Binding> ofConsumer(TenantId tenant, String consumerId) {
      tx.reading();
      List<Binding> out =
          new ArrayList<>(
              bindings.getOrDefault(tenant, Map.of()).getOrDefault(consumerId, Map.of()).values());
      out.sort(Comparator.comparing(b -> b.topic().name()));
      return out;
    }

    @Override
    public List<Binding> ofCredential(TenantId tenant, CredentialId credentialId) {
      tx.reading();
      List<Binding> out = new ArrayList<>();
      for (Map<Topic, Binding> byTopic : bindings.getOrDefault(tenant, Map.of()).values()) {
        for (Binding b : byTopic.values()) {
          if (b.credentialId().equals(credentialId)) {
            out.add(b);
          }
        }
      }
      out.sort(Comparator.comparing(Binding::consumerId).thenComparing(b -> b.topic().name()));
      return out;
    }
  }

  /** The unit of work's view of the audit chains, one list per tenant. */
  private final class AuditPart implements AuditChain {
    private final Tx tx;

    AuditPart(Tx tx) {
      this.tx = tx;
    }

    @Override
    public Optional<AuditEvent> last(TenantId tenant) {
      tx.reading();
      List<AuditEvent> log = audit.getOrDefault(tenant, List.of());
      return log.isEmpty() ? Optional.empty() : Optional.of(log.get(log.size() - 1));
    }

    @Override
    public void append(AuditEvent event) {
      tx.writing();
      List<AuditEvent> log = audit.get(event.tenant());
      if (log == null) {
        log = new ArrayList<>();
        tx.put(audit, event.tenant(), log);
      }
      long expected = log.size() + 1L;
      if (event.sequence() != expected) {
        throw new IllegalStateException(
            "audit sequence " + event.sequence() + " does not follow " + (expected - 1));
      }
      List<AuditEvent> target = log;
      target.add(event);
      tx.undo.push(() -> target.remove(target.size() - 1));
    }

    @Override
    public Page<AuditEvent> events(TenantId tenant, AuditQuery query, PageRequest page) {
      tx.reading();
      List<AuditEvent> matching = new ArrayList<>();
      for (AuditEvent e : audit.getOrDefault(tenant, List.of())) {
        if (query.matches(e)) {
          matching.add(e);
        }
      }
      return page(matching, page);
    }
  }

  /** The unit of work's view of the imported prototype documents. */
  private final class DocumentPart implements PrototypeDocumentRecords {
    private final Tx tx;

    DocumentPart(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void put(String code, String json) {
      tx.writing();
      tx.put(prototypeDocuments, Objects.requireNonNull(code), Objects.requireNonNull(json));
    }

    @Override
    public Map<String, String> all() {
      tx.reading();
      return Map.copyOf(prototypeDocuments);
    }
  }

  /** The repository never shares a sealed-value array with its callers. */
  private static StoredCredential privateCopy(StoredCredential s) {
    return new StoredCredential(s.metadata(), s.sealedValues().clone());
  }

  private static DuplicateCredentialException duplicate(CredentialMetadata m) {
    return DuplicateCredentialException.forName(m.tenant(), m.name(), m.environment());
  }

  private static <T> Page<T> page(List<T> all, PageRequest page) {
    int from = Math.min(page.offset(), all.size());
    int to = Math.min(from + page.size(), all.size());
    return new Page<>(all.subList(from, to), page, all.size());
  }

  /**
   * Overwrites an audit event in place, bypassing the chain: only for tamper-detection tests.
   *
   * @param tenant the tenant
   * @param sequence the sequence of the event to replace
   * @param forged the replacement
   */
  public void tamperWithAuditEventForTesting(TenantId tenant, long sequence, AuditEvent forged) {
    lock.writeLock().lock();
    try {
      audit.get(tenant).set((int) (sequence - 1), forged);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
