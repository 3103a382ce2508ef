package dev.credentials.cli;

import dev.credentials.Caller;
import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.CredentialStore;
import dev.credentials.CredentialUpdate;
import dev.credentials.NewCredential;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code credentials credential create|list|show|update|delete|test|check|expiring}. */
@Command(
    name = "credential",
    aliases = "credtype",
    description = "Credentials of the tenant: create, list, show, update, delete, test, check.",
    mixinStandardHelpOptions = true,
    subcommands = {
      CredentialCommands.Create.class,
      CredentialCommands.ListVerb.class,
      CredentialCommands.Show.class,
      CredentialCommands.Update.class,
      CredentialCommands.Delete.class,
      CredentialCommands.Test.class,
      CredentialCommands.Check.class,
      CredentialCommands.Expiring.class,
      LifecycleCommands.Versions.class,
      LifecycleCommands.Rollback.class,
      LifecycleCommands.Reminders.class
    })
final class CredentialCommands extends Verb {

  @Override
  int execute() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "a credential verb is required: create, list, show, update, delete, test, check, expiring,"
            + " versions, rollback, reminders");
  }

  /** Names one credential: by name (and environment) or by id. */
  static final class Ref {
    @Parameters(index = "0", paramLabel = "NAME", description = "Credential name or id.")
    String name;

    @Option(names = "--env", paramLabel = "ENV", description = "Its environment.")
    String env;

    CredentialMetadata find(CredentialStore store, Caller caller) {
      return CredentialCommands.find(store, caller, name, env);
    }
  }

  /** A credential by name (and environment) or by id. */
  static CredentialMetadata find(CredentialStore store, Caller caller, String name, String env) {
    {
      if (name.length() == 36 && name.chars().filter(c -> c == '-').count() == 4) {
        return store.get(caller, new CredentialId(name));
      }
      Optional<CredentialMetadata> m =
          env == null ? store.findByName(caller, name) : store.findByName(caller, name, env);
      return m.orElseThrow(
          () ->
              new Exit.Failure(
                  Exit.NO_INPUT,
                  "no credential named '"
                      + name
                      + "'"
                      + (env == null ? "" : " in environment " + env)
                      + " in tenant "
                      + caller.tenant()
                      + "; see `credentials credential list`"));
    }
  }

  @Command(
      name = "create",
      description =
          "Create a credential. Non-secret fields may be given as --FIELD=value; secret fields"
              + " come from --from-file, standard input (--from-file -) or the prompt.")
  static final class Create extends Verb {
    @Option(names = "--prototype", required = true, paramLabel = "CODE")
    String prototype;

    @Option(names = "--name", required = true, paramLabel = "NAME")
    String name;

    @Option(names = "--env", paramLabel = "ENV", description = "Environment (default production).")
    String env;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--expires", paramLabel = "WHEN", description = "Instant or duration (90d).")
    String expires;

    @Option(names = "--inactive", description = "Create it inactive.")
    boolean inactive;

    @Option(names = "--from-file", paramLabel = "FILE", description = "JSON values by field code.")
    Path fromFile;

    @Unmatched List<String> fields = new ArrayList<>();

    @Override
    int execute() {
      Prototype p = engine().prototypes().require(prototype);
      Map<String, Secret> values =
          FieldValues.collect(p, fields, Optional.ofNullable(fromFile), true, io());
      NewCredential.Builder b = NewCredential.builder(prototype, name).active(!inactive);
      if (env != null) {
        b.environment(env);
      }
      tags.forEach(b::tag);
      if (description != null) {
        b.description(description);
      }
      if (expires != null) {
        b.expiresAt(Durations.instant("--expires", expires, engine().clock().instant()));
      }
      values.forEach(b::secret);
      CredentialMetadata m = engine().store().create(caller(), b.build());
      output().line("created " + m.name() + " (" + m.environment() + ") id " + m.id().value());
      if (output().json()) {
        output().printJson(Output.credential(m));
      }
      return Exit.OK;
    }
  }

  @Command(name = "list", description = "List credentials (filters like the store's).")
  static final class ListVerb extends Verb {
    @Option(names = "--prototype", paramLabel = "CODE")
    String prototype;

    @Option(names = "--env", paramLabel = "ENV")
    String env;

    @Option(names = "--tag", paramLabel = "TAG")
    String tag;

    @Option(names = "--name-contains", paramLabel = "TEXT")
    String nameContains;

    @ArgGroup(exclusive = true)
    Activity activity;

    static final class Activity {
      @Option(names = "--active", description = "Only active ones.")
      boolean active;

      @Option(names = "--inactive", description = "Only inactive ones.")
      boolean inactive;
    }

    @Override
    int execute() {
      CredentialQuery q = CredentialQuery.all();
      if (prototype != null) {
        q = q.withPrototype(prototype);
      }
      if (env != null) {
        q = q.withEnvironment(env);
      }
      if (tag != null) {
        q = q.withTag(tag);
      }
      if (nameContains != null) {
        q = q.withNameContaining(nameContains);
      }
      if (activity != null) {
        q = q.withActive(activity.active);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CredentialMetadata m : all(engine().store(), caller(), q)) {
        rows.add(summary(m));
      }
      output()
          .table(
              List.of(
                  "name", "prototype", "environment", "tags", "active", "expiresAt", "lastTest"),
              rows);
      return Exit.OK;
    }
  }

  static Map<String, Object> summary(CredentialMetadata m) {
    Map<String, Object> r = Output.credential(m);
    if (!(r.get("lastTest") instanceof Map<?, ?> t)) {
      return r;
    }
    Map<String, Object> copy = new LinkedHashMap<>(r);
    copy.put("lastTest", t.get("state"));
    return copy;
  }

  static List<CredentialMetadata> all(CredentialStore store, Caller caller, CredentialQuery q) {
    List<CredentialMetadata> out = new ArrayList<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    while (true) {
      Page<CredentialMetadata> p = store.list(caller, q, page);
      out.addAll(p.items());
      if (!p.hasNext()) {
        return out;
      }
      page = page.next();
    }
  }

  @Command(
      name = "show",
      description = "Show a credential: metadata and its fields, every value masked.")
  static final class Show extends Verb {
    @picocli.CommandLine.Mixin Ref ref;

    @Override
    int execute() {
      CredentialMetadata m = ref.find(engine().store(), caller());
      RevealedCredential r = engine().store().reveal(caller(), m.id());
      Prototype p = engine().prototypes().require(m.prototype());
      Map<String, Object> out = Output.credential(m);
      Map<String, Object> fields = new LinkedHashMap<>();
      for (FieldDefinition f : p.fields()) {
        fields.put(f.code(), r.value(f.code()).isPresent() ? "****" : null);
      }
      out.put("fields", fields);
      if (output().json()) {
        output().printJson(out);
      } else {
        out.remove("fields");
        output().object(out);
        io().out().println("fields:");
        fields.forEach(
            (k, v) -> io().out().println("  " + k + " = " + (v == null ? "(unset)" : v)));
      }
      return Exit.OK;
    }
  }

  @Command(
      name = "update",
      description = "Update a credential's metadata or values (secret values never from argv).")
  static final class Update extends Verb {
    @picocli.CommandLine.Mixin Ref ref;

    @Option(names = "--rename", paramLabel = "NAME")
    String rename;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--tag", paramLabel = "TAG", description = "Replace the tags (repeatable).")
    List<String> tags;

    @Option(names = "--expires", paramLabel = "WHEN", description = "Instant, duration or 'never'.")
    String expires;

    @Option(names = "--active", negatable = true, description = "Activate or deactivate it.")
    Boolean active;

    @Option(names = "--clear", paramLabel = "FIELD", description = "Remove a field's value.")
    List<String> clear = new ArrayList<>();

    @Option(names = "--from-file", paramLabel = "FILE", description = "JSON values by field code.")
    Path fromFile;

    @Unmatched List<String> fields = new ArrayList<>();

    @Override
    int execute() {
      CredentialMetadata m = ref.find(engine().store(), caller());
      Prototype p = engine().prototypes().require(m.prototype());
      Map<String, Secret> values =
          FieldValues.collect(p, fields, Optional.ofNullable(fromFile), false, io());
      CredentialUpdate.Builder b = CredentialUpdate.builder(m.version());
      if (rename != null) {
        b.name(rename);
      }
      if (description != null) {
        b.description(description);
      }
      if (tags != null) {
        b.tags(new LinkedHashSet<>(tags));
      }
      if (active != null) {
        b.active(active);
      }
      if (expires != null) {
        if (expires.equals("never")) {
          b.clearExpiry();
        } else {
          b.expiresAt(Durations.instant("--expires", expires, engine().clock().instant()));
        }
      }
      values.forEach(b::secret);
      clear.forEach(b::remove);
      CredentialMetadata after = engine().store().update(caller(), m.id(), b.build());
      output().line("updated " + after.name() + " to version " + after.version());
      if (output().json()) {
        output().printJson(Output.credential(after));
      }
      return Exit.OK;
    }
  }

  @Command(name = "delete", description = "Delete a credential (and its bindings).")
  static final class Delete extends Verb {
    @picocli.CommandLine.Mixin Ref ref;

    @Override
    int execute() {
      CredentialMetadata m = ref.find(engine().store(), caller());
      engine().store().delete(caller(), m.id());
      output().line("deleted " + m.name() + " (" + m.environment() + ")");
      return Exit.OK;
    }
  }

  @Command(
      name = "test",
      description = "Run the prototype's connection test; exit 1 when UNAVAILABLE/MISCONFIGURED.")
  static final class Test extends Verb {
    @picocli.CommandLine.Mixin Ref ref;

    @Override
    int execute() {
      CredentialMetadata m = ref.find(engine().store(), caller());
      return printResult(this, m, engine().store().test(caller(), m.id()));
    }
  }

  @Command(
      name = "check",
      description = "Run the prototype's live check now; exit 1 when UNAVAILABLE/MISCONFIGURED.")
  static final class Check extends Verb {
    @picocli.CommandLine.Mixin Ref ref;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s")
    String timeout;

    @Override
    int execute() throws InterruptedException {
      Duration t = Durations.parse("--timeout", timeout);
      CredentialMetadata m = ref.find(engine().store(), caller());
      Optional<CheckableCredential> check = engine().prototypes().check(m.prototype());
      Instant now = engine().clock().instant();
      if (check.isEmpty()) {
        return printResult(
            this,
            m,
            CheckResult.of(
                CredentialState.UNKNOWN,
                "prototype " + m.prototype() + " has no live check",
                now,
                Duration.ZERO));
      }
      RevealedCredential r = engine().store().reveal(caller(), m.id());
      CheckContext ctx = new CheckContext(m, r.values(), engine().clock(), t);
      ExecutorService ex = Executors.newSingleThreadExecutor();
      try {
        Future<CheckResult> f = ex.submit(() -> check.get().check(ctx));
        CheckResult res;
        try {
          res = f.get(t.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          res = CheckResult.of(CredentialState.UNAVAILABLE, "timed out after " + t, now, t);
        } catch (ExecutionException e) {
          res =
              CheckResult.of(
                  CredentialState.UNAVAILABLE,
                  "the check failed: " + e.getCause().getClass().getSimpleName(),
                  now,
                  Duration.ZERO);
        }
        return printResult(this, m, res);
      } finally {
        ex.shutdownNow();
      }
    }
  }

  static int printResult(Verb v, CredentialMetadata m, CheckResult c) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", m.name());
    r.put("environment", m.environment());
    r.putAll(Output.check(c));
    v.output().object(r);
    return c.state() == CredentialState.UNAVAILABLE || c.state() == CredentialState.MISCONFIGURED
        ? Exit.FAILED
        : Exit.OK;
  }

  @Command(name = "expiring", description = "Credentials that expire within a window.")
  static final class Expiring extends Verb {
    @Option(names = "--within", paramLabel = "DURATION", defaultValue = "30d")
    String within;

    @Override
    int execute() {
      Duration d = Durations.parse("--within", within);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CredentialMetadata m : engine().store().expiringWithin(caller(), d)) {
        rows.add(summary(m));
      }
      output().table(List.of("name", "prototype", "environment", "expiresAt"), rows);
      return Exit.OK;
    }
  }
}
