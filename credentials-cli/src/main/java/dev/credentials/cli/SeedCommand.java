package dev.credentials.cli;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.NewCredential;
import dev.credentials.Secret;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code credentials seed --from-env}: for each prototype whose required fields are all set in the
 * environment (and the optional {@code --env-file}), creates a credential named after the
 * prototype, or with {@code --force} updates the existing one. The dry run prints the plan with
 * variable names, never values.
 */
@Command(
    name = "seed",
    description = "Create credentials from environment variables named like prototype fields.")
final class SeedCommand extends Verb {

  private static final Pattern LINE =
      Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*");

  @Option(names = "--from-env", required = true, description = "Read values from the environment.")
  boolean fromEnv;

  @Option(names = "--env-file", paramLabel = "FILE", description = "A .env file (KEY=value lines).")
  Path envFile;

  @Option(names = "--prototype", paramLabel = "CODE", description = "Only these (repeatable).")
  List<String> prototypes;

  @Option(names = "--env", paramLabel = "ENV", description = "Environment of the credentials.")
  String env;

  @Option(names = "--dry-run", description = "Print the plan (variable names only); write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Update credentials that exist.")
  boolean force;

  @Override
  int execute() {
    Map<String, String> vars = new HashMap<>();
    if (envFile != null) {
      vars.putAll(parseEnvFile(InputFiles.read(envFile, io(), "env file"), envFile));
    }
    vars.putAll(io().env());
    List<Prototype> scope = new ArrayList<>();
    if (prototypes == null) {
      scope.addAll(engine().prototypes().all());
    } else {
      for (String code : prototypes) {
        scope.add(engine().prototypes().require(code));
      }
    }
    record Step(Prototype p, Map<String, Secret> values, Optional<CredentialMetadata> existing) {}
    List<Step> steps = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Prototype p : scope) {
      List<FieldDefinition> required =
          p.fields().stream().filter(f -> f.required() && f.defaultValue().isEmpty()).toList();
      if (required.isEmpty() || !required.stream().allMatch(f -> present(vars, f.code()))) {
        continue;
      }
      Map<String, Secret> values = new LinkedHashMap<>();
      for (FieldDefinition f : p.fields()) {
        if (present(vars, f.code())) {
          values.put(f.code(), Secret.of(vars.get(f.code())));
        }
      }
      Optional<CredentialMetadata> existing =
          env == null
              ? engine().store().findByName(caller(), p.code())
              : engine().store().findByName(caller(), p.code(), env);
      String action = existing.isEmpty() ? "create" : force ? "update" : "skip (exists; --force)";
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("prototype", p.code());
      r.put("name", p.code());
      r.put("action", action);
      r.put("variables", List.copyOf(values.keySet()));
      rows.add(r);
      if (existing.isEmpty() || force) {
        steps.add(new Step(p, values, existing));
      }
    }
    if (!dryRun) {
      try (Progress bar = Progress.start("seed", steps.size(), io())) {
        int n = 0;
        for (Step s : steps) {
          if (s.existing().isEmpty()) {
            NewCredential.Builder b = NewCredential.builder(s.p().code(), s.p().code());
            if (env != null) {
              b.environment(env);
            }
            b.description("seeded from the environment");
            s.values().forEach(b::secret);
            engine().store().create(caller(), b.build());
          } else {
            CredentialUpdate.Builder u = CredentialUpdate.builder(s.existing().get().version());
            s.values().forEach(u::secret);
            engine().store().update(caller(), s.existing().get().id(), u.build());
          }
          bar.update(++n, steps.size());
        }
      }
    }
    if (output().json()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("dryRun", dryRun);
      o.put("plan", rows);
      output().printJson(o);
    } else {
      output().line(dryRun ? "plan (dry run, nothing written):" : "seeded:");
      output().table(List.of("prototype", "name", "action", "variables"), rows);
    }
    return Exit.OK;
  }

  private static boolean present(Map<String, String> vars, String name) {
    String v = vars.get(name);
    return v != null && !v.isEmpty();
  }

  static Map<String, String> parseEnvFile(String text, Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new Exit.Failure(
            Exit.DATA, "env file " + file + " line " + (i + 1) + ": expected NAME=value");
      }
      String v = m.group(2);
      if (v.length() >= 2
          && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
        v = v.substring(1, v.length() - 1);
      }
      out.put(m.group(1), v);
    }
    return out;
  }
}
