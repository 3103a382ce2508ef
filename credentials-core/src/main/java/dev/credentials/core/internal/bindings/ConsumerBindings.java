package dev.credentials.core.internal.bindings;

import dev.credentials.Binding;
import dev.credentials.BindingRejectedException;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialBindings;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.Requirement;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.launch.LiveChecks;
import dev.credentials.core.internal.resolve.Plans;
import dev.credentials.core.internal.resolve.RequirementEvaluator;
import dev.credentials.core.internal.resolve.TenantGenerations;
import dev.credentials.core.internal.store.Missing;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Consumers and their bindings in the repository, and their phase-1 status (computed by the {@link
 * RequirementEvaluator}).
 */
public final class ConsumerBindings implements CredentialBindings {

  private final AccessGuard guard;
  private final AuditedWrites writes;
  private final CredentialRepository repository;
  private final PrototypeRegistry registry;
  private final RequirementEvaluator evaluator;
  private final LiveChecks checks;
  private final TenantGenerations generations;
  private final Clock clock;

  /**
   * @param guard who may bind and read
   * @param writes how changes are written and audited
   * @param repository where reads go
   * @param registry the prototypes, for what a credential provides
   * @param evaluator phase 1
   * @param checks the last live check results seen in this process
   * @param generations where changes invalidate cached plans
   * @param clock the engine's clock
   */
  public ConsumerBindings(
      AccessGuard guard,
      AuditedWrites writes,
      CredentialRepository repository,
      PrototypeRegistry registry,
      RequirementEvaluator evaluator,
      LiveChecks checks,
      TenantGenerations generations,
      Clock clock) {
    this.guard = guard;
    this.writes = writes;
    this.repository = repository;
    this.registry = registry;
    this.evaluator = evaluator;
    this.checks = checks;
    this.generations = generations;
    this.clock = clock;
  }

  @Override
  public Consumer declare(Caller caller, Consumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    guard.require(caller, Permission.BIND, "declare consumers", Optional.empty());
    TenantId tenant = caller.tenant();
    Set<Topic> required =
        consumer.requirements().stream().map(Requirement::topic).collect(Collectors.toSet());
    writes.write(
        caller,
        w -> {
          Optional<Consumer> old = w.uow().bindings().consumer(tenant, consumer.id());
          for (Binding b : w.uow().bindings().ofConsumer(tenant, consumer.id())) {
            if (!required.contains(b.topic())) {
              w.uow().bindings().delete(tenant, consumer.id(), b.topic());
              w.audit(
                  AuditAction.UNBOUND,
                  Optional.of(b.credentialId()),
                  Optional.of(consumer.id()),
                  Map.of("topic", b.topic().name(), "reason", "topic no longer required"));
            }
          }
          w.uow().bindings().putConsumer(tenant, consumer);
          Map<String, String> details = new LinkedHashMap<>();
          details.put(
              "requirements",
              consumer.requirements().stream()
                  .map(r -> r.topic().name())
                  .collect(Collectors.joining(",")));
          old.ifPresent(
              o ->
                  details.put(
                      "previous",
                      o.requirements().stream()
                          .map(r -> r.topic().name())
                          .collect(Collectors.joining(","))));
          w.audit(
              AuditAction.CONSUMER_DECLARED, Optional.empty(), Optional.of(consumer.id()), details);
          return null;
        });
    generations.invalidate(tenant);
    return consumer;
  }

  @Override
  public Optional<Consumer> consumer(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    guard.require(caller, Permission.READ, "read consumers", Optional.empty());
    return repository.read(uow -> uow.bindings().consumer(caller.tenant(), consumerId));
  }

  @Override
  public List<Consumer> consumers(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    guard.require(caller, Permission.READ, "read consumers", Optional.empty());
    return repository.read(uow -> uow.bindings().consumers(caller.tenant()));
  }

  @Override
  public Binding bind(Caller caller, BindingRequest request) {
    Objects.requireNonNull(request, "request");
    guard.require(caller, Permission.BIND, "bind credentials", Optional.of(request.credentialId()));
    TenantId tenant = caller.tenant();
    Binding binding =
        writes.write(
            caller,
            w -> {
              Consumer consumer =
                  w.uow()
                      .bindings()
                      .consumer(tenant, request.consumerId())
                      .orElseThrow(() -> Plans.unknownConsumer(tenant, request.consumerId()));
              boolean requires =
                  consumer.requirements().stream().anyMatch(r -> r.topic().equals(request.topic()));
              if (!requires) {
                throw new BindingRejectedException(
                    "consumer '"
                        + consumer.id()
                        + "' does not require topic "
                        + request.topic()
                        + "; it requires "
                        + consumer.requirements().stream()
                            .map(r -> r.topic().name())
                            .collect(Collectors.joining(", ")));
              }
              StoredCredential stored =
                  w.uow()
                      .credentials()
                      .find(tenant, request.credentialId())
                      .orElseThrow(() -> Missing.credential(tenant, request.credentialId()));
              CredentialMetadata m = stored.metadata();
              requireUsableFor(m, request.topic(), "bind");
              Binding b =
                  new Binding(
                      tenant,
                      consumer.id(),
                      request.topic(),
                      m.id(),
                      request.variablePrefix(),
                      clock.instant(),
                      caller.principal().toString());
              Optional<Binding> previous =
                  w.uow().bindings().ofConsumer(tenant, consumer.id()).stream()
                      .filter(x -> x.topic().equals(request.topic()))
                      .findFirst();
              w.uow().bindings().put(b);
              Map<String, String> details = new LinkedHashMap<>();
              details.put("topic", request.topic().name());
              request.variablePrefix().ifPresent(p -> details.put("prefix", p));
              previous.ifPresent(p -> details.put("replaces", p.credentialId().value()));
              w.audit(AuditAction.BOUND, Optional.of(m.id()), Optional.of(consumer.id()), details);
              return b;
            });
    generations.invalidate(tenant);
    return binding;
  }

  @Override
  public boolean unbind(Caller caller, String consumerId, Topic topic) {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(topic, "topic");
    guard.require(caller, Permission.BIND, "unbind credentials", Optional.empty());
    TenantId tenant = caller.tenant();
    boolean removed =
        writes.write(
            caller,
            w -> {
              Optional<Binding> existing =
                  w.uow().bindings().ofConsumer(tenant, consumerId).stream()
                      .filter(b -> b.topic().equals(topic))
                      .findFirst();
              if (existing.isEmpty()) {
                return false;
              }
              w.uow().bindings().delete(tenant, consumerId, topic);
              w.audit(
                  AuditAction.UNBOUND,
                  Optional.of(existing.get().credentialId()),
                  Optional.of(consumerId),
                  Map.of("topic", topic.name()));
              return true;
            });
    generations.invalidate(tenant);
    return removed;
  }

  @Override
  public List<Binding> bindings(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    guard.require(caller, Permission.READ, "read bindings", Optional.empty());
    return repository.read(uow -> uow.bindings().ofConsumer(caller.tenant(), consumerId));
  }

  @Override
  public ConsumerStatus status(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    guard.require(caller, Permission.READ, "read consumer status", Optional.empty());
    Instant now = clock.instant();
    return repository.read(
        uow -> evaluator.status(uow, caller.tenant(), consumerId, now, checks::lastKnown));
  }

  /** The rule of bind and of a tenant default: the prototype provides the topic, it is active. */
  private void requireUsableFor(CredentialMetadata m, Topic topic, String what) {
    Prototype prototype = registry.require(m.prototype());
    if (!prototype.provides(topic)) {
      throw new BindingRejectedException(
          "credential '"
              + m.name()
              + "' is of prototype "
              + m.prototype()
              + ", which provides "
              + prototype.topics().stream().map(Topic::name).collect(Collectors.joining(", "))
              + ", not topic "
              + topic
              + "; "
              + what
              + " a credential of a prototype that provides it");
    }
    if (!m.active()) {
      throw new BindingRejectedException(
          "credential '" + m.name() + "' is inactive; activate it before you " + what + " it");
    }
  }

  @Override
  public TenantDefault setDefault(Caller caller, String topic, CredentialId credentialId) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(credentialId, "credentialId");
    Topic t = Topic.of(topic);
    guard.require(caller, Permission.MANAGE, "set default credentials", Optional.of(credentialId));
    TenantId tenant = caller.tenant();
    TenantDefault result =
        writes.write(
            caller,
            w -> {
              CredentialMetadata m =
                  w.uow()
                      .credentials()
                      .find(tenant, credentialId)
                      .orElseThrow(() -> Missing.credential(tenant, credentialId))
                      .metadata();
              requireUsableFor(m, t, "name as default");
              TenantDefault d =
                  new TenantDefault(
                      tenant, t, m.id(), clock.instant(), caller.principal().toString());
              Optional<TenantDefault> previous =
                  w.uow().defaults().all(tenant).stream()
                      .filter(x -> x.topic().equals(t))
                      .findFirst();
              w.uow().defaults().put(d);
              Map<String, String> details = new LinkedHashMap<>();
              details.put("topic", t.name());
              details.put("default", "tenant");
              previous.ifPresent(p -> details.put("replaces", p.credentialId().value()));
              w.audit(AuditAction.BOUND, Optional.of(m.id()), Optional.empty(), details);
              return d;
            });
    generations.invalidate(tenant);
    return result;
  }

  @Override
  public boolean clearDefault(Caller caller, Topic topic) {
    Objects.requireNonNull(topic, "topic");
    guard.require(caller, Permission.MANAGE, "clear default credentials", Optional.empty());
    TenantId tenant = caller.tenant();
    boolean removed =
        writes.write(
            caller,
            w -> {
              Optional<TenantDefault> current =
                  w.uow().defaults().all(tenant).stream()
                      .filter(x -> x.topic().equals(topic))
                      .findFirst();
              if (current.isEmpty()) {
                return false;
              }
              w.uow().defaults().delete(tenant, topic);
              w.audit(
                  AuditAction.UNBOUND,
                  Optional.of(current.get().credentialId()),
                  Optional.empty(),
                  Map.of("topic", topic.name(), "default", "tenant"));
              return true;
            });
    generations.invalidate(tenant);
    return removed;
  }

  @Override
  public List<TenantDefault> defaults(Caller caller) {
    guard.require(caller, Permission.READ, "read default credentials", Optional.empty());
    return repository.read(uow -> uow.defaults().all(caller.tenant()));
  }
}
