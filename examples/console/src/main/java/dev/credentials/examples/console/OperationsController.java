package dev.credentials.examples.console;

import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.EngineHealth;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.core.Credentials;
import dev.credentials.spi.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stats, health and cache operations. */
@RestController
@RequestMapping("/api")
class OperationsController {

  private final Credentials credentials;
  private final Callers callers;

  OperationsController(Credentials credentials, Callers callers) {
    this.credentials = credentials;
    this.callers = callers;
  }

  /** Counts over the tenant's credentials, by prototype, environment and last test state. */
  @GetMapping("/stats")
  Map<String, Object> stats(HttpServletRequest request) {
    Caller caller = callers.of(request);
    Instant now = credentials.clock().instant();
    Instant soon = now.plus(30, ChronoUnit.DAYS);
    long total = 0;
    long active = 0;
    long expired = 0;
    long expiringSoon = 0;
    Map<String, Long> byPrototype = new TreeMap<>();
    Map<String, Long> byEnvironment = new TreeMap<>();
    Map<String, Long> byState = new TreeMap<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    while (true) {
      Page<CredentialMetadata> p = credentials.store().list(caller, CredentialQuery.all(), page);
      for (CredentialMetadata m : p.items()) {
        total++;
        if (m.active()) {
          active++;
        }
        if (m.isExpiredAt(now)) {
          expired++;
        } else if (m.isExpiredAt(soon)) {
          expiringSoon++;
        }
        byPrototype.merge(m.prototype(), 1L, Long::sum);
        byEnvironment.merge(m.environment(), 1L, Long::sum);
        byState.merge(m.lastTest().map(r -> r.state().name()).orElse("UNTESTED"), 1L, Long::sum);
      }
      if (!p.hasNext()) {
        break;
      }
      page = page.next();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenant", caller.tenant().value());
    out.put("credentials", total);
    out.put("active", active);
    out.put("inactive", total - active);
    out.put("expired", expired);
    out.put("expiringWithin30Days", expiringSoon);
    out.put("byPrototype", byPrototype);
    out.put("byEnvironment", byEnvironment);
    out.put("byLastTest", byState);
    out.put("prototypes", credentials.prototypes().all().size());
    return out;
  }

  /** The engine's health: repository, keyset and access-audit writer, each with its own state. */
  @GetMapping("/health")
  ResponseEntity<Map<String, Object>> health(HttpServletRequest request) {
    callers.permitted(request, Permission.READ, "read the engine's health");
    EngineHealth h = credentials.health();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", h.status().name());
    out.put("checkedAt", h.checkedAt().toString());
    List<Map<String, Object>> parts =
        h.components().stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", c.name());
                  m.put("status", c.status().name());
                  m.put("message", c.message());
                  m.put("details", c.details());
                  return m;
                })
            .toList();
    out.put("components", parts);
    return ResponseEntity.status(h.status() == EngineHealth.Status.DOWN ? 503 : 200).body(out);
  }

  /**
   * Drops what the engine caches for the caller's tenant (resolve plans, check results, plaintext
   * when enabled); the library checks MANAGE and audits a refusal.
   */
  @PostMapping("/cache/clear")
  ResponseEntity<Map<String, Object>> clearCache(HttpServletRequest request) {
    Caller caller = callers.of(request);
    credentials.clearCaches(caller);
    return ResponseEntity.ok(Map.of("cleared", true, "tenant", caller.tenant().value()));
  }
}
