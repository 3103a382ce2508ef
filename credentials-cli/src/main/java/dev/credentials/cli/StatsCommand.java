package dev.credentials.cli;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credentials stats}: counts by prototype, environment and state; expiring; failures. */
@Command(
    name = "stats",
    description = "Counts by prototype, environment and state; expiring soon; recent failures.")
final class StatsCommand extends Verb {

  @Option(names = "--within", paramLabel = "DURATION", defaultValue = "30d")
  String within;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h")
  String since;

  @Override
  int execute() {
    Duration w = Durations.parse("--within", within);
    Duration s = Durations.parse("--since", since);
    Instant now = engine().clock().instant();
    List<CredentialMetadata> all =
        CredentialCommands.all(engine().store(), caller(), CredentialQuery.all());
    Map<String, Long> byPrototype = new TreeMap<>();
    Map<String, Long> byEnvironment = new TreeMap<>();
    Map<String, Long> byState = new TreeMap<>();
    Map<String, Long> byLastTest = new TreeMap<>();
    List<String> failing = new ArrayList<>();
    for (CredentialMetadata m : all) {
      byPrototype.merge(m.prototype(), 1L, Long::sum);
      byEnvironment.merge(m.environment(), 1L, Long::sum);
      String state = m.isExpiredAt(now) ? "expired" : m.active() ? "active" : "inactive";
      byState.merge(state, 1L, Long::sum);
      String test = m.lastTest().map(t -> t.state().name()).orElse("NOT_TESTED");
      byLastTest.merge(test, 1L, Long::sum);
      if (m.lastTest()
          .map(
              t ->
                  t.state() == CredentialState.UNAVAILABLE
                      || t.state() == CredentialState.MISCONFIGURED)
          .orElse(false)) {
        failing.add(m.name() + " (" + m.environment() + ")");
      }
    }
    List<String> expiring =
        engine().store().expiringWithin(caller(), w).stream()
            .map(
                m ->
                    m.name()
                        + " ("
                        + m.environment()
                        + ") "
                        + m.expiresAt().map(Object::toString).orElse(""))
            .toList();
    Map<String, Long> failures = new TreeMap<>();
    for (AuditAction a : List.of(AuditAction.ACCESS_FAILED, AuditAction.ACCESS_DENIED)) {
      AuditQuery q = AuditQuery.all().withAction(a).between(now.minus(s), Instant.MAX);
      long n = engine().audit().query(caller(), q, PageRequest.first(1)).total();
      failures.put(a.name(), n);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("tenant", caller().tenant().value());
    r.put("credentials", (long) all.size());
    r.put("byPrototype", byPrototype);
    r.put("byEnvironment", byEnvironment);
    r.put("byState", byState);
    r.put("byLastTest", byLastTest);
    r.put("expiringWithin", within);
    r.put("expiring", expiring);
    r.put("failingTests", failing);
    r.put("recentFailuresSince", since);
    r.put("recentFailures", failures);
    output().object(r);
    return Exit.OK;
  }
}
