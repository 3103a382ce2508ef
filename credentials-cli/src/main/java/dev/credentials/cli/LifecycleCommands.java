package dev.credentials.cli;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialVersion;
import dev.credentials.ExpiryReminder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The verbs of a credential's life: {@code versions}, {@code rollback} and {@code reminders}. */
final class LifecycleCommands {

  private LifecycleCommands() {}

  @Command(
      name = "versions",
      description = "The kept versions of a credential's values: who, when, which fields.")
  static final class Versions extends Verb {
    @picocli.CommandLine.Mixin CredentialCommands.Ref ref;

    @Override
    int execute() {
      CredentialMetadata m = ref.find(engine().store(), caller());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CredentialVersion v : engine().store().versions(caller(), m.id())) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("version", v.version());
        row.put("createdAt", v.createdAt().toString());
        row.put("author", v.author());
        row.put("changedFields", String.join(",", new java.util.TreeSet<>(v.changedFields())));
        row.put("current", v.current());
        rows.add(row);
      }
      output().table(List.of("version", "createdAt", "author", "changedFields", "current"), rows);
      return Exit.OK;
    }
  }

  @Command(
      name = "rollback",
      description = "Restore the values of an earlier version as a new version.")
  static final class Rollback extends Verb {
    @picocli.CommandLine.Mixin CredentialCommands.Ref ref;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "VERSION",
        description = "The version whose values come back (see `credential versions`).")
    long to;

    @Option(
        names = "--expected-version",
        paramLabel = "VERSION",
        description = "Fail unless the credential is still at this version (default: as read).")
    Long expected;

    @Override
    int execute() {
      CredentialMetadata m = ref.find(engine().store(), caller());
      long base = expected == null ? m.version() : expected;
      CredentialMetadata next = engine().store().rollback(caller(), m.id(), to, base);
      output().object(Output.credential(next));
      return Exit.OK;
    }
  }

  @Command(
      name = "reminders",
      description =
          "Expiry reminders of the tenant: sent, due and upcoming; --send sends due ones.")
  static final class Reminders extends Verb {
    @Option(
        names = "--send",
        description = "Send the reminders that are due now (all tenants) before listing.")
    boolean send;

    @Override
    int execute() {
      if (send) {
        engine().reminders().sendDue();
      }
      Instant now = engine().clock().instant();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ExpiryReminder r : engine().reminders().list(caller())) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", r.name());
        row.put("environment", r.environment());
        row.put("expiresAt", r.expiresAt().toString());
        row.put("lead", lead(r.leadTime()));
        row.put("dueAt", r.dueAt().toString());
        row.put(
            "state", r.sentAt().isPresent() ? "sent" : r.dueAt().isAfter(now) ? "upcoming" : "due");
        row.put("sentAt", r.sentAt().map(Instant::toString).orElse(""));
        rows.add(row);
      }
      output()
          .table(
              List.of("name", "environment", "expiresAt", "lead", "dueAt", "state", "sentAt"),
              rows);
      return Exit.OK;
    }
  }

  /** {@code 30d}, {@code 12h}, or the ISO form for other lead times. */
  static String lead(java.time.Duration d) {
    if (d.isZero()) {
      return "at expiry";
    }
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + "d";
    }
    if (d.toSeconds() % 3_600 == 0) {
      return d.toHours() + "h";
    }
    return d.toString();
  }
}
