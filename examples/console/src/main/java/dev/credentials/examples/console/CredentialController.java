package dev.credentials.examples.console;

import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialUpdate;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.RevealedCredential;
import dev.credentials.core.Credentials;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Credentials: list, read (values masked), create, update, delete and test. */
@RestController
@RequestMapping("/api/credentials")
class CredentialController {

  private final Credentials credentials;
  private final Callers callers;

  CredentialController(Credentials credentials, Callers callers) {
    this.credentials = credentials;
    this.callers = callers;
  }

  record NewCredentialBody(
      String prototype,
      String name,
      String environment,
      String description,
      List<String> tags,
      Boolean active,
      Instant expiresAt,
      Map<String, String> values) {
    /** Names the fields, never their values (Spring logs request bodies at DEBUG). */
    @Override
    public String toString() {
      return "NewCredentialBody[prototype="
          + prototype
          + ", name="
          + name
          + ", fields="
          + (values == null ? "[]" : values.keySet())
          + "]";
    }
  }

  record UpdateBody(
      Long version,
      String name,
      String environment,
      String description,
      List<String> tags,
      Boolean active,
      Instant expiresAt,
      Boolean clearExpiry,
      Map<String, String> values,
      List<String> remove) {
    /** Names the fields, never their values (Spring logs request bodies at DEBUG). */
    @Override
    public String toString() {
      return "UpdateBody[version="
          + version
          + ", fields="
          + (values == null ? "[]" : values.keySet())
          + ", remove="
          + remove
          + "]";
    }
  }

  @GetMapping
  Views.Page<Views.Credential> list(
      HttpServletRequest request,
      @RequestParam(required = false) String prototype,
      @RequestParam(required = false) String environment,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) Boolean active,
      @RequestParam(required = false) String name,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "100") int size) {
    Caller caller = callers.of(request);
    CredentialQuery q = CredentialQuery.all();
    if (prototype != null) {
      q = q.withPrototype(prototype);
    }
    if (environment != null) {
      q = q.withEnvironment(environment);
    }
    if (tag != null) {
      q = q.withTag(tag);
    }
    if (active != null) {
      q = q.withActive(active);
    }
    if (name != null) {
      q = q.withNameContaining(name);
    }
    dev.credentials.Page<CredentialMetadata> page =
        credentials.store().list(caller, q, Pages.of(offset, size));
    return new Views.Page<>(
        page.items().stream().map(Views::credential).toList(), page.total(), offset, size);
  }

  /** The credential with its values: secret ones masked. Needs the REVEAL permission (audited). */
  @GetMapping("/{id}")
  Views.Credential get(HttpServletRequest request, @PathVariable String id) {
    Caller caller = callers.of(request);
    RevealedCredential revealed = credentials.store().reveal(caller, Ids.credential(id));
    return Views.credential(
        revealed.metadata(),
        Views.masked(revealed, credentials.prototypes().require(revealed.metadata().prototype())));
  }

  @PostMapping
  ResponseEntity<Views.Credential> create(
      HttpServletRequest request, @RequestBody(required = false) NewCredentialBody body) {
    Caller caller = callers.of(request);
    if (body == null) {
      throw new BadRequestException("", "send a JSON object with prototype, name and values");
    }
    if (body.prototype() == null) {
      throw new BadRequestException("prototype", "is required; name a prototype code");
    }
    NewCredential.Builder b =
        NewCredential.builder(body.prototype(), body.name() == null ? "" : body.name());
    if (body.environment() != null && !body.environment().isBlank()) {
      b.environment(body.environment());
    }
    if (body.description() != null) {
      b.description(body.description());
    }
    if (body.tags() != null) {
      body.tags().forEach(t -> b.tag(Fields.notNull(t, "tags")));
    }
    if (body.active() != null) {
      b.active(body.active());
    }
    if (body.expiresAt() != null) {
      b.expiresAt(body.expiresAt());
    }
    if (body.values() != null) {
      body.values().forEach((k, v) -> b.value(k, Fields.notNull(v, "values." + k)));
    }
    CredentialMetadata m = credentials.store().create(caller, b.build());
    return ResponseEntity.status(HttpStatus.CREATED).body(Views.credential(m));
  }

  @PutMapping("/{id}")
  Views.Credential update(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody(required = false) UpdateBody body) {
    Caller caller = callers.of(request);
    if (body == null || body.version() == null) {
      throw new BadRequestException(
          "version", "is required; send the version you read, to detect concurrent changes");
    }
    CredentialUpdate.Builder b = CredentialUpdate.builder(body.version());
    if (body.name() != null) {
      b.name(body.name());
    }
    if (body.environment() != null) {
      b.environment(body.environment());
    }
    if (body.description() != null) {
      b.description(body.description());
    }
    if (body.tags() != null) {
      b.tags(Set.copyOf(body.tags().stream().map(t -> Fields.notNull(t, "tags")).toList()));
    }
    if (body.active() != null) {
      b.active(body.active());
    }
    if (body.expiresAt() != null) {
      b.expiresAt(body.expiresAt());
    }
    if (Boolean.TRUE.equals(body.clearExpiry())) {
      b.clearExpiry();
    }
    if (body.values() != null) {
      body.values().forEach((k, v) -> b.value(k, Fields.notNull(v, "values." + k)));
    }
    if (body.remove() != null) {
      body.remove().forEach(f -> b.remove(Fields.notNull(f, "remove")));
    }
    return Views.credential(credentials.store().update(caller, Ids.credential(id), b.build()));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(HttpServletRequest request, @PathVariable String id) {
    credentials.store().delete(callers.of(request), Ids.credential(id));
    return ResponseEntity.noContent().build();
  }

  /** Runs the prototype's connection test now; the result becomes the credential's last test. */
  @PostMapping("/{id}/test")
  Map<String, Object> test(HttpServletRequest request, @PathVariable String id) {
    Caller caller = callers.of(request);
    CredentialId cid = Ids.credential(id);
    CheckResult result = credentials.store().test(caller, cid);
    return Map.of(
        "result", Views.check(result),
        "credential", Views.credential(credentials.store().get(caller, cid)));
  }

  /** Credentials that expire within the given number of days. */
  @GetMapping("/expiring")
  List<Views.Credential> expiring(
      HttpServletRequest request, @RequestParam(defaultValue = "30") int days) {
    if (days < 0 || days > 3650) {
      throw new BadRequestException("days", "must be between 0 and 3650");
    }
    return credentials
        .store()
        .expiringWithin(callers.of(request), java.time.Duration.ofDays(days))
        .stream()
        .map(Views::credential)
        .toList();
  }

  static final class Pages {
    private Pages() {}

    static PageRequest of(int offset, int size) {
      if (offset < 0) {
        throw new BadRequestException("offset", "must be at least 0");
      }
      if (size < 1 || size > PageRequest.MAX_SIZE) {
        throw new BadRequestException("size", "must be between 1 and " + PageRequest.MAX_SIZE);
      }
      return new PageRequest(offset, size);
    }
  }
}
