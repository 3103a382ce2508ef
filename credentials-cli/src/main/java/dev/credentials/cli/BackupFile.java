package dev.credentials.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.Requirement;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.spi.StoredCredential;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backup file: one tenant's imported prototype documents, credentials with their values still
 * sealed (base64 of the ciphertext, openable only with the keyset that sealed them, bound to the
 * tenant and credential id), consumers, bindings and, optionally, the audit chain. JSON, version 1.
 */
final class BackupFile {

  static final String FORMAT = "dev.credentials.backup";
  static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The content of a backup. */
  record Backup(
      TenantId tenant,
      Instant exportedAt,
      Map<String, String> prototypes,
      List<StoredCredential> credentials,
      List<Consumer> consumers,
      List<Binding> bindings,
      List<AuditEvent> audit) {}

  private BackupFile() {}

  static String write(Backup b) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("tenant", b.tenant().value());
    root.put("exportedAt", b.exportedAt().toString());
    ObjectNode protos = root.putObject("prototypes");
    new TreeMap<>(b.prototypes()).forEach(protos::put);
    ArrayNode creds = root.putArray("credentials");
    for (StoredCredential s : b.credentials()) {
      CredentialMetadata m = s.metadata();
      ObjectNode c = creds.addObject();
      c.put("id", m.id().value());
      c.put("prototype", m.prototype());
      c.put("name", m.name());
      c.put("environment", m.environment());
      c.put("description", m.description());
      ArrayNode tags = c.putArray("tags");
      m.tags().stream().sorted().forEach(tags::add);
      c.put("active", m.active());
      m.expiresAt().ifPresent(t -> c.put("expiresAt", t.toString()));
      c.put("version", m.version());
      c.put("createdAt", m.createdAt().toString());
      c.put("updatedAt", m.updatedAt().toString());
      c.put("keyId", m.keyId());
      m.lastTest().ifPresent(t -> c.set("lastTest", JSON.valueToTree(Output.check(t))));
      c.put("sealedValues", Base64.getEncoder().encodeToString(s.sealedValues()));
      m.source()
          .ifPresent(
              r -> {
                ObjectNode ref = c.putObject("source");
                ref.put("source", r.source());
                ref.put("location", r.location());
                ObjectNode fields = ref.putObject("fields");
                r.fields().forEach(fields::put);
              });
    }
    ArrayNode cons = root.putArray("consumers");
    for (Consumer k : b.consumers()) {
      ObjectNode c = cons.addObject();
      c.put("id", k.id());
      ArrayNode reqs = c.putArray("requirements");
      for (Requirement r : k.requirements()) {
        reqs.addObject().put("topic", r.topic().name()).put("description", r.description());
      }
    }
    ArrayNode binds = root.putArray("bindings");
    for (Binding x : b.bindings()) {
      ObjectNode c = binds.addObject();
      c.put("consumer", x.consumerId());
      c.put("topic", x.topic().name());
      c.put("credentialId", x.credentialId().value());
      x.variablePrefix().ifPresent(p -> c.put("variablePrefix", p));
      c.put("boundAt", x.boundAt().toString());
      c.put("boundBy", x.boundBy());
    }
    if (!b.audit().isEmpty()) {
      ArrayNode audit = root.putArray("audit");
      for (AuditEvent e : b.audit()) {
        ObjectNode c = audit.addObject();
        c.put("sequence", e.sequence());
        c.put("time", e.time().toString());
        c.put("principal", e.principal());
        c.put("action", e.action().name());
        e.credentialId().ifPresent(id -> c.put("credentialId", id.value()));
        e.consumerId().ifPresent(id -> c.put("consumerId", id));
        e.clientAddress().ifPresent(a -> c.put("clientAddress", a));
        e.correlationId().ifPresent(a -> c.put("correlationId", a));
        ObjectNode d = c.putObject("details");
        new TreeMap<>(e.details()).forEach(d::put);
        c.put("previousHash", e.previousHash());
        c.put("hash", e.hash());
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Exit.Failure(Exit.SOFTWARE, "cannot write the backup: " + e.getOriginalMessage());
    }
  }

  /** Reads a backup; every problem is reported with its JSON path, and nothing is half-read. */
  static Backup read(JsonNode root, String what) {
    Reader r = new Reader(what);
    Backup b = r.backup(root);
    if (!r.problems.isEmpty()) {
      List<String> shown = r.problems.subList(0, Math.min(20, r.problems.size()));
      throw new Exit.Failure(
          Exit.DATA,
          what
              + " is not a valid backup: "
              + String.join("; ", shown)
              + (r.problems.size() > shown.size()
                  ? " (and " + (r.problems.size() - shown.size()) + " more)"
                  : ""));
    }
    return b;
  }

  /** Collects every problem instead of stopping at the first. */
  private static final class Reader {
    final String what;
    final List<String> problems = new ArrayList<>();

    Reader(String what) {
      this.what = what;
    }

    Backup backup(JsonNode root) {
      if (!root.isObject()) {
        problems.add("/: must be a JSON object");
        return null;
      }
      if (!FORMAT.equals(root.path("format").asText())) {
        problems.add("/format: must be \"" + FORMAT + "\"");
      }
      if (root.path("version").asInt(-1) != VERSION) {
        problems.add("/version: must be " + VERSION);
      }
      TenantId tenant = get("/tenant", () -> TenantId.of(text(root, "tenant")));
      Instant at = get("/exportedAt", () -> Instant.parse(text(root, "exportedAt")));
      Map<String, String> protos = new LinkedHashMap<>();
      JsonNode pn = root.path("prototypes");
      if (!pn.isObject()) {
        problems.add("/prototypes: must be an object of code to document");
      } else {
        for (Map.Entry<String, JsonNode> e : pn.properties()) {
          if (e.getValue().isTextual()) {
            protos.put(e.getKey(), e.getValue().asText());
          } else {
            problems.add("/prototypes/" + e.getKey() + ": must be the document as a string");
          }
        }
      }
      List<StoredCredential> creds = new ArrayList<>();
      int i = 0;
      for (JsonNode c : array(root, "credentials")) {
        String p = "/credentials/" + i++;
        StoredCredential s = get(p, () -> credential(c, tenant));
        if (s != null) {
          creds.add(s);
        }
      }
      List<Consumer> cons = new ArrayList<>();
      i = 0;
      for (JsonNode c : array(root, "consumers")) {
        String p = "/consumers/" + i++;
        Consumer k =
            get(
                p,
                () -> {
                  List<Requirement> reqs = new ArrayList<>();
                  for (JsonNode q : c.path("requirements")) {
                    reqs.add(
                        new Requirement(
                            Topic.of(text(q, "topic")), q.path("description").asText("")));
                  }
                  return new Consumer(text(c, "id"), reqs);
                });
        if (k != null) {
          cons.add(k);
        }
      }
      List<Binding> binds = new ArrayList<>();
      i = 0;
      for (JsonNode c : array(root, "bindings")) {
        String p = "/bindings/" + i++;
        Binding x =
            get(
                p,
                () ->
                    new Binding(
                        tenant,
                        text(c, "consumer"),
                        Topic.of(text(c, "topic")),
                        new CredentialId(text(c, "credentialId")),
                        optional(c, "variablePrefix"),
                        Instant.parse(text(c, "boundAt")),
                        text(c, "boundBy")));
        if (x != null) {
          binds.add(x);
        }
      }
      List<AuditEvent> audit = new ArrayList<>();
      i = 0;
      for (JsonNode c : root.has("audit") ? array(root, "audit") : List.<JsonNode>of()) {
        String p = "/audit/" + i++;
        AuditEvent e = get(p, () -> event(c, tenant));
        if (e != null) {
          audit.add(e);
        }
      }
      return new Backup(tenant, at, protos, creds, cons, binds, audit);
    }

    private Iterable<JsonNode> array(JsonNode root, String name) {
      JsonNode n = root.path(name);
      if (!n.isArray()) {
        problems.add("/" + name + ": must be an array");
        return List.of();
      }
      return n;
    }

    private <T> T get(String path, java.util.function.Supplier<T> s) {
      try {
        return s.get();
      } catch (RuntimeException e) {
        problems.add(path + ": " + e.getMessage());
        return null;
      }
    }
  }

  private static StoredCredential credential(JsonNode c, TenantId tenant) {
    Set<String> tags = new LinkedHashSet<>();
    c.path("tags").forEach(t -> tags.add(t.asText()));
    Optional<CheckResult> lastTest = Optional.empty();
    JsonNode t = c.path("lastTest");
    if (t.isObject()) {
      Map<String, String> details = new TreeMap<>();
      t.path("details").properties().forEach(e -> details.put(e.getKey(), e.getValue().asText()));
      lastTest =
          Optional.of(
              new CheckResult(
                  CredentialState.valueOf(text(t, "state")),
                  t.path("message").asText(""),
                  Instant.parse(text(t, "checkedAt")),
                  t.path("ttlSeconds").asLong(0),
                  details));
    }
    if (!c.path("version").canConvertToLong() || !c.path("active").isBoolean()) {
      throw new IllegalArgumentException("version must be a number and active a boolean");
    }
    CredentialMetadata m =
        new CredentialMetadata(
            new CredentialId(text(c, "id")),
            tenant,
            text(c, "prototype"),
            text(c, "name"),
            text(c, "environment"),
            c.path("description").asText(""),
            tags,
            c.path("active").asBoolean(),
            optional(c, "expiresAt").map(Instant::parse),
            c.path("version").asLong(),
            Instant.parse(text(c, "createdAt")),
            Instant.parse(text(c, "updatedAt")),
            text(c, "keyId"),
            lastTest,
            sourceOf(c.path("source")));
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(text(c, "sealedValues"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealedValues must be base64");
    }
    return new StoredCredential(m, sealed);
  }

  private static AuditEvent event(JsonNode c, TenantId tenant) {
    Map<String, String> details = new TreeMap<>();
    c.path("details").properties().forEach(e -> details.put(e.getKey(), e.getValue().asText()));
    return new AuditEvent(
        tenant,
        c.path("sequence").asLong(0),
        Instant.parse(text(c, "time")),
        text(c, "principal"),
        AuditAction.valueOf(text(c, "action")),
        optional(c, "credentialId").map(CredentialId::new),
        optional(c, "consumerId"),
        optional(c, "clientAddress"),
        optional(c, "correlationId"),
        details,
        text(c, "previousHash"),
        text(c, "hash"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " is required (a string)");
    }
    return v.asText();
  }

  private static Optional<String> optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  /** A sourced credential's reference, as the backup keeps it (no value), or none. */
  private static Optional<dev.credentials.spi.SourceReference> sourceOf(JsonNode r) {
    if (!r.isObject()) {
      return Optional.empty();
    }
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    r.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
    return Optional.of(
        new dev.credentials.spi.SourceReference(text(r, "source"), text(r, "location"), fields));
  }
}
