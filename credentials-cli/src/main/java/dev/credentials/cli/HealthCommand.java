package dev.credentials.cli;

import dev.credentials.EngineHealth;
import dev.credentials.audit.ChainVerification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code credentials health}: the engine's own health ({@code Credentials.health()}: the repository
 * answers, the keyset seals and opens, the access-audit writer keeps up) and the tenant's audit
 * chain. Exit 1 when a part is down or the chain is broken, 69 when the database cannot be reached
 * at all.
 */
@Command(
    name = "health",
    description =
        "Repository reachable, keyset usable, access-audit writer healthy, audit chain intact;"
            + " exit 1 if not.")
final class HealthCommand extends Verb {

  @Override
  int execute() {
    EngineHealth health = engine().health();
    List<Map<String, Object>> checks = new ArrayList<>();
    for (EngineHealth.Component c : health.components()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("check", c.name());
      r.put("ok", c.status() != EngineHealth.Status.DOWN);
      r.put("status", c.status().name());
      r.put("message", c.message());
      r.put("details", c.details());
      checks.add(r);
    }
    checks.add(auditChain());
    boolean healthy = checks.stream().allMatch(c -> Boolean.TRUE.equals(c.get("ok")));
    if (output().json()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("healthy", healthy);
      o.put("status", health.status().name());
      o.put("checks", checks);
      output().printJson(o);
    } else {
      output().table(List.of("check", "status", "message"), checks);
    }
    return healthy ? Exit.OK : Exit.FAILED;
  }

  private Map<String, Object> auditChain() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("check", "audit-chain");
    try {
      ChainVerification v = engine().audit().verify(caller());
      r.put("ok", v.intact());
      r.put("status", v.intact() ? "UP" : "DOWN");
      r.put(
          "message", v.intact() ? "chain intact (" + v.eventsChecked() + " events)" : v.message());
    } catch (RuntimeException e) {
      r.put("ok", false);
      r.put("status", "DOWN");
      r.put("message", Session.maskUrl(String.valueOf(e.getMessage())));
    }
    r.put("details", Map.of());
    return r;
  }
}
