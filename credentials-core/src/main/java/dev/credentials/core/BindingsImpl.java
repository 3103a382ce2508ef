package dev.credentials.core;

import dev.credentials.Binding;
import dev.credentials.BindingRejectedException;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialBindings;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.Requirement;
import dev.credentials.RequirementState;
import dev.credentials.RequirementStatus;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Consumers, bindings and phase-1 status. */
final class BindingsImpl implements CredentialBindings {

  /** At most this many candidates are listed in a status. */
  static final int MAX_CANDIDATES = 50;

  private final Engine engine;
  private final LiveChecks checks;

  BindingsImpl(Engine engine, LiveChecks checks) {
    this.engine = engine;
    this.checks = checks;
  }

  @Override
  public Consumer declare(Caller caller, Consumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    engine.require(caller, Permission.BIND, "declare consumers", Optional.empty());
    TenantId tenant = caller.tenant();
    Set<Topic> required =
        consumer.requirements().stream().map(Requirement::topic).collect(Collectors.toSet());
    engine.write(
        caller,
        w -> {
          Optional<Consumer> old = w.uow.bindings().consumer(tenant, consumer.id());
          for (Binding b : w.uow.bindings().ofConsumer(tenant, consumer.id())) {
            if (!required.contains(b.topic())) {
              w.uow.bindings().delete(tenant, consumer.id(), b.topic());
              w.audit(
                  AuditAction.UNBOUND,
                  Optional.of(b.credentialId()),
                  Optional.of(consumer.id()),
                  Map.of("topic", b.topic().name(), "reason", "topic no longer required"));
            }
          }
          w.uow.bindings().putConsumer(tenant, consumer);
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
    engine.invalidate(tenant);
    return consumer;
  }

  @Override
  public Optional<Consumer> consumer(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    engine.require(caller, Permission.READ, "read consumers", Optional.empty());
    return engine.read(uow -> uow.bindings().consumer(caller.tenant(), consumerId));
  }

  @Override
  public Binding bind(Caller caller, BindingRequest request) {
    Objects.requireNonNull(request, "request");
    engine.require(
        caller, Permission.BIND, "bind credentials", Optional.of(request.credentialId()));
    TenantId tenant = caller.tenant();
    Binding binding =
        engine.write(
            caller,
            w -> {
              Consumer consumer =
                  w.uow
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
                  w.uow
                      .credentials()
                      .find(tenant, request.credentialId())
                      .orElseThrow(() -> Engine.notFound(tenant, request.credentialId()));
              CredentialMetadata m = stored.metadata();
              Prototype prototype = engine.registry.require(m.prototype());
              if (!prototype.provides(request.topic())) {
                throw new BindingRejectedException(
                    "credential '"
                        + m.name()
                        + "' is of prototype "
                        + m.prototype()
                        + ", which provides "
                        + prototype.topics().stream()
                            .map(Topic::name)
                            .collect(Collectors.joining(", "))
                        + ", not topic "
                        + request.topic()
                        + "; bind a credential of a prototype that provides it");
              }
              if (!m.active()) {
                throw new BindingRejectedException(
                    "credential '" + m.name() + "' is inactive; activate it before binding it");
              }
              Binding b =
                  new Binding(
                      tenant,
                      consumer.id(),
                      request.topic(),
                      m.id(),
                      request.variablePrefix(),
                      engine.clock.instant(),
                      caller.principal().toString());
              Optional<Binding> previous =
                  w.uow.bindings().ofConsumer(tenant, consumer.id()).stream()
                      .filter(x -> x.topic().equals(request.topic()))
                      .findFirst();
              w.uow.bindings().put(b);
              Map<String, String> details = new LinkedHashMap<>();
              details.put("topic", request.topic().name());
              request.variablePrefix().ifPresent(p -> details.put("prefix", p));
              previous.ifPresent(p -> details.put("replaces", p.credentialId().value()));
              w.audit(AuditAction.BOUND, Optional.of(m.id()), Optional.of(consumer.id()), details);
              return b;
            });
    engine.invalidate(tenant);
    return binding;
  }

  @Override
  public boolean unbind(Caller caller, String consumerId, Topic topic) {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(topic, "topic");
    engine.require(caller, Permission.BIND, "unbind credentials", Optional.empty());
    TenantId tenant = caller.tenant();
    boolean removed =
        engine.write(
            caller,
            w -> {
              Optional<Binding> existing =
                  w.uow.bindings().ofConsumer(tenant, consumerId).stream()
                      .filter(b -> b.topic().equals(topic))
                      .findFirst();
              if (existing.isEmpty()) {
                return false;
              }
              w.uow.bindings().delete(tenant, consumerId, topic);
              w.audit(
                  AuditAction.UNBOUND,
                  Optional.of(existing.get().credentialId()),
                  Optional.of(consumerId),
                  Map.of("topic", topic.name()));
              return true;
            });
    engine.invalidate(tenant);
    return removed;
  }

  @Override
  public List<Binding> bindings(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    engine.require(caller, Permission.READ, "read bindings", Optional.empty());
    return engine.read(uow -> uow.bindings().ofConsumer(caller.tenant(), consumerId));
  }

  @Override
  public ConsumerStatus status(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    engine.require(caller, Permission.READ, "read consumer status", Optional.empty());
    return engine.read(uow -> status(uow, caller.tenant(), consumerId));
  }

  ConsumerStatus status(UnitOfWork uow, TenantId tenant, String consumerId) {
    Consumer consumer =
        uow.bindings()
            .consumer(tenant, consumerId)
            .orElseThrow(() -> Plans.unknownConsumer(tenant, consumerId));
    Map<Topic, Binding> byTopic = new HashMap<>();
    uow.bindings().ofConsumer(tenant, consumerId).forEach(b -> byTopic.put(b.topic(), b));
    Map<CredentialId, StoredCredential> bound =
        byTopic.isEmpty()
            ? Map.of()
            : uow.credentials()
                .findAll(tenant, byTopic.values().stream().map(Binding::credentialId).toList());
    Map<CredentialId, CheckResult> lastChecks =
        bound.isEmpty() ? Map.of() : uow.checks().latest(tenant, bound.keySet());
    Instant now = engine.clock.instant();
    List<RequirementStatus> out = new ArrayList<>();
    for (Requirement r : consumer.requirements()) {
      List<String> providers =
          engine.registry.providing(r.topic()).stream().map(Prototype::code).toList();
      Binding b = byTopic.get(r.topic());
      StoredCredential credential = b == null ? null : bound.get(b.credentialId());
      if (credential != null) {
        CredentialMetadata m = credential.metadata();
        Optional<CheckResult> last =
            checks.lastKnown(m).or(() -> Optional.ofNullable(lastChecks.get(m.id())));
        out.add(
            new RequirementStatus(
                r,
                RequirementState.BOUND,
                providers,
                List.of(),
                Optional.of(b),
                Optional.of(m),
                last,
                boundAdvice(r, m, last, now)));
      } else if (providers.isEmpty()) {
        out.add(
            new RequirementStatus(
                r,
                RequirementState.PROVIDER_MISSING,
                providers,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "No registered prototype provides topic '"
                    + r.topic()
                    + "'. Add a prototype provider that provides it to the class path, or import a"
                    + " JSON prototype whose topics include it."));
      } else {
        List<CredentialMetadata> candidates = new ArrayList<>();
        for (StoredCredential s :
            uow.credentials().candidates(tenant, new HashSet<>(providers), now, MAX_CANDIDATES)) {
          candidates.add(s.metadata());
        }
        if (candidates.isEmpty()) {
          out.add(
              new RequirementStatus(
                  r,
                  RequirementState.NO_CREDENTIAL,
                  providers,
                  List.of(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  "Tenant "
                      + tenant
                      + " has no usable credential of "
                      + String.join(" or ", providers)
                      + ". Create one, then bind it to topic '"
                      + r.topic()
                      + "'."));
        } else {
          out.add(
              new RequirementStatus(
                  r,
                  RequirementState.UNASSIGNED,
                  providers,
                  candidates,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  candidates.size()
                      + " candidate credential(s) can satisfy topic '"
                      + r.topic()
                      + "' ("
                      + candidates.stream()
                          .limit(5)
                          .map(c -> c.name() + "@" + c.environment())
                          .collect(Collectors.joining(", "))
                      + "). Bind one of them."));
        }
      }
    }
    return new ConsumerStatus(consumerId, out);
  }

  private static String boundAdvice(
      Requirement r, CredentialMetadata m, Optional<CheckResult> last, Instant now) {
    StringBuilder sb =
        new StringBuilder("Bound to '")
            .append(m.name())
            .append("' (")
            .append(m.environment())
            .append(").");
    if (!m.active()) {
      sb.append(" The credential is inactive: launches are blocked until you activate it or bind")
          .append(" another to topic '")
          .append(r.topic())
          .append("'.");
    } else if (m.isExpiredAt(now)) {
      sb.append(" The credential has expired: renew it or bind another.");
    } else if (last.isPresent() && !last.get().state().allowsRun()) {
      sb.append(" Last live check: ")
          .append(last.get().state())
          .append(" — ")
          .append(last.get().message());
    } else {
      sb.append(" Nothing to do.");
    }
    return sb.toString();
  }
}
