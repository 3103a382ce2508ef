package dev.credentials.examples.console;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.RequirementState;
import dev.credentials.RequirementStatus;
import dev.credentials.RevealedCredential;
import dev.credentials.audit.AuditEvent;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the API: every mapping from library values to JSON lives here, once. */
final class Views {

  /** What a secret value is shown as. */
  static final String MASK = "********";

  private Views() {}

  record PrototypeSummary(
      String code,
      String name,
      String description,
      String category,
      String logo,
      List<String> topics,
      boolean checked) {}

  static PrototypeSummary prototype(Prototype p, boolean checked) {
    return new PrototypeSummary(
        p.code(),
        p.name(),
        p.description(),
        p.category(),
        p.logo(),
        p.topics().stream().map(t -> t.name()).toList(),
        checked);
  }

  record Category(String name, List<PrototypeSummary> prototypes) {}

  record Check(String state, String message, String checkedAt, long ttlSeconds) {}

  static Check check(CheckResult r) {
    return new Check(r.state().name(), r.message(), r.checkedAt().toString(), r.ttlSeconds());
  }

  record Credential(
      String id,
      String prototype,
      String name,
      String environment,
      String description,
      List<String> tags,
      boolean active,
      String expiresAt,
      long version,
      String createdAt,
      String updatedAt,
      Check lastTest,
      Map<String, Object> values) {}

  static Credential credential(CredentialMetadata m) {
    return credential(m, null);
  }

  static Credential credential(CredentialMetadata m, Map<String, Object> values) {
    return new Credential(
        m.id().value(),
        m.prototype(),
        m.name(),
        m.environment(),
        m.description(),
        m.tags().stream().sorted().toList(),
        m.active(),
        m.expiresAt().map(Object::toString).orElse(null),
        m.version(),
        m.createdAt().toString(),
        m.updatedAt().toString(),
        m.lastTest().map(Views::check).orElse(null),
        values);
  }

  /**
   * Non-secret values as they are, secret ones masked; fields the prototype does not know are left
   * out.
   */
  static Map<String, Object> masked(RevealedCredential revealed, Prototype prototype) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (FieldDefinition f : prototype.fields()) {
      revealed.value(f.code()).ifPresent(v -> values.put(f.code(), f.secret() ? MASK : v.reveal()));
    }
    return values;
  }

  record Page<T>(List<T> items, long total, int offset, int size) {}

  record Requirement(
      String topic,
      String description,
      String state,
      String card,
      List<String> providers,
      List<Credential> candidates,
      BindingView binding,
      Credential credential,
      Check lastCheck,
      String advice) {}

  record BindingView(String credentialId, String variablePrefix, String boundAt, String boundBy) {}

  static BindingView binding(Binding b) {
    return new BindingView(
        b.credentialId().value(),
        b.variablePrefix().orElse(null),
        b.boundAt().toString(),
        b.boundBy());
  }

  record Consumer(String id, boolean ready, List<Requirement> requirements) {}

  /** MultiFlexi's requirement cards: red, orange, choose, green. */
  static String card(RequirementState state) {
    return switch (state) {
      case PROVIDER_MISSING -> "red";
      case NO_CREDENTIAL -> "orange";
      case UNASSIGNED -> "choose";
      case BOUND -> "green";
    };
  }

  static Consumer consumer(ConsumerStatus s) {
    List<Requirement> requirements = new ArrayList<>();
    for (RequirementStatus r : s.requirements()) {
      requirements.add(
          new Requirement(
              r.requirement().topic().name(),
              r.requirement().description(),
              r.state().name(),
              card(r.state()),
              r.providers(),
              r.candidates().stream().map(Views::credential).toList(),
              r.binding().map(Views::binding).orElse(null),
              r.credential().map(Views::credential).orElse(null),
              r.lastCheck().map(Views::check).orElse(null),
              r.advice()));
    }
    return new Consumer(s.consumerId(), s.isReady(), requirements);
  }

  record Launch(
      String consumerId,
      String outcome,
      int exitCode,
      String retryAt,
      List<String> reasons,
      Map<String, Check> checks,
      List<String> variables,
      int deferrals) {}

  /** A launch decision with the names of the variables only, never their values. */
  static Launch launch(LaunchDecision d) {
    Map<String, Check> checks = new TreeMap<>();
    d.checks().forEach((topic, r) -> checks.put(topic.name(), check(r)));
    return new Launch(
        d.consumerId(),
        d.outcome().name(),
        d.exitCode(),
        d.retryAt().map(Object::toString).orElse(null),
        d.reasons(),
        checks,
        d.environment().map(e -> List.copyOf(e.masked().keySet())).orElse(List.of()),
        d.deferrals());
  }

  record Audit(
      long sequence,
      String time,
      String principal,
      String action,
      String credentialId,
      String consumerId,
      String clientAddress,
      String correlationId,
      Map<String, String> details) {}

  static Audit audit(AuditEvent e) {
    return new Audit(
        e.sequence(),
        e.time().toString(),
        e.principal(),
        e.action().name(),
        e.credentialId().map(id -> id.value()).orElse(null),
        e.consumerId().orElse(null),
        e.clientAddress().orElse(null),
        e.correlationId().orElse(null),
        e.details());
  }
}
