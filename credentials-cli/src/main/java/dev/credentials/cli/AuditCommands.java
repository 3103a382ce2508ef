package dev.credentials.cli;

import dev.credentials.CredentialMetadata;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credentials audit list|verify}. */
@Command(
    name = "audit",
    description = "The tenant's audit log: list (with filters, --follow) and verify the chain.",
    mixinStandardHelpOptions = true,
    subcommands = {AuditCommands.ListVerb.class, AuditCommands.Verify.class})
final class AuditCommands extends Verb {

  @Override
  int execute() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "an audit verb is required: list or verify");
  }

  @Command(name = "list", description = "List audit events, oldest first.")
  static final class ListVerb extends Verb {
    @Option(names = "--credential", paramLabel = "NAME", description = "Credential name or id.")
    String credential;

    @Option(names = "--env", paramLabel = "ENV", description = "The credential's environment.")
    String env;

    @Option(names = "--action", paramLabel = "ACTION", description = "${COMPLETION-CANDIDATES}")
    AuditAction action;

    @Option(names = "--by", paramLabel = "NAME", description = "Only events by this principal.")
    String byPrincipal;

    @Option(names = "--since", paramLabel = "DURATION", description = "e.g. 24h, 7d.")
    String since;

    @Option(names = "--follow", description = "Keep printing new events until interrupted.")
    boolean follow;

    @Override
    int execute() throws InterruptedException {
      AuditQuery q = AuditQuery.all();
      if (credential != null) {
        CredentialMetadata m = CredentialCommands.find(engine().store(), caller(), credential, env);
        q = q.withCredential(m.id());
      }
      if (action != null) {
        q = q.withAction(action);
      }
      if (byPrincipal != null) {
        q = q.withPrincipal(byPrincipal);
      }
      if (since != null) {
        Instant now = engine().clock().instant();
        q = q.between(now.minus(Durations.parse("--since", since)), Instant.MAX);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      long last = 0;
      for (AuditEvent e : events(q)) {
        rows.add(event(e));
        last = Math.max(last, e.sequence());
      }
      if (!follow) {
        output()
            .table(
                List.of("sequence", "time", "principal", "action", "credential", "consumer"), rows);
        return Exit.OK;
      }
      rows.forEach(this::printFollowed);
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(1000);
        for (AuditEvent e : events(q)) {
          if (e.sequence() > last) {
            printFollowed(event(e));
            last = e.sequence();
          }
        }
      }
      return Exit.OK;
    }

    private void printFollowed(Map<String, Object> row) {
      if (output().json()) {
        io().out().println(jsonLine(row));
      } else {
        io().out()
            .println(
                row.get("sequence")
                    + "  "
                    + row.get("time")
                    + "  "
                    + row.get("principal")
                    + "  "
                    + row.get("action")
                    + "  "
                    + Output.text(row.get("credential")));
      }
      io().out().flush();
    }

    private static String jsonLine(Map<String, Object> row) {
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(row);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new Exit.Failure(Exit.SOFTWARE, "cannot write JSON");
      }
    }

    private List<AuditEvent> events(AuditQuery q) {
      List<AuditEvent> out = new ArrayList<>();
      PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
      while (true) {
        Page<AuditEvent> p = engine().audit().query(caller(), q, page);
        out.addAll(p.items());
        if (!p.hasNext()) {
          return out;
        }
        page = page.next();
      }
    }
  }

  static Map<String, Object> event(AuditEvent e) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("sequence", e.sequence());
    r.put("time", e.time().toString());
    r.put("principal", e.principal());
    r.put("action", e.action().name());
    r.put("credential", e.credentialId().map(id -> id.value()).orElse(null));
    r.put("consumer", e.consumerId().orElse(null));
    r.put("details", new TreeMap<>(e.details()));
    r.put("hash", e.hash());
    return r;
  }

  @Command(name = "verify", description = "Verify the tenant's audit hash chain; exit 1 if broken.")
  static final class Verify extends Verb {
    @Override
    int execute() {
      ChainVerification v = engine().audit().verify(caller());
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("intact", v.intact());
      r.put("eventsChecked", v.eventsChecked());
      r.put(
          "firstBrokenSequence",
          v.firstBrokenSequence().isPresent() ? v.firstBrokenSequence().getAsLong() : null);
      r.put("message", v.message());
      output().object(r);
      return v.intact() ? Exit.OK : Exit.FAILED;
    }
  }
}
