package dev.credentials.cli;

import dev.credentials.core.KeyManagement;
import dev.credentials.core.KeysetStatus;
import dev.credentials.core.RewrapProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credentials keys status|rotate}. */
@Command(
    name = "keys",
    description = "The keyset that seals values: status and rotation.",
    mixinStandardHelpOptions = true,
    subcommands = {KeysCommands.Status.class, KeysCommands.Rotate.class})
final class KeysCommands extends Verb {

  @Override
  int execute() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a keys verb is required: status or rotate");
  }

  @Command(name = "status", description = "Keys, their state and how many credentials each seals.")
  static final class Status extends Verb {
    @Override
    int execute() {
      KeysetStatus s = engine().keys().status();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (KeysetStatus.Key k : s.keys()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("keyId", k.keyId());
        r.put("state", k.state().name());
        r.put("primary", k.primary());
        r.put("credentials", k.credentials());
        rows.add(r);
      }
      if (output().json()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("primaryKeyId", s.primaryKeyId());
        o.put("credentialsNotOnPrimary", s.credentialsNotOnPrimary());
        o.put("keys", rows);
        output().printJson(o);
      } else {
        output().table(List.of("keyId", "state", "primary", "credentials"), rows);
      }
      return Exit.OK;
    }
  }

  @Command(
      name = "rotate",
      description =
          "Rotate: add a key, persist, promote, persist, rewrap every credential, disable the old"
              + " keys, persist. Resumable: run it again after an interruption.")
  static final class Rotate extends Verb {
    @Option(names = "--batch-size", defaultValue = "100", paramLabel = "N")
    int batchSize;

    @Override
    int execute() {
      if (batchSize < 1 || batchSize > KeyManagement.MAX_BATCH_SIZE) {
        throw new Exit.Failure(
            Exit.USAGE, "--batch-size must be 1 to " + KeyManagement.MAX_BATCH_SIZE);
      }
      Path file =
          session()
              .keysetFile()
              .orElseThrow(
                  () ->
                      new Exit.Failure(
                          Exit.CONFIG,
                          "keys rotate must persist the new keyset: load the keys from a file"
                              + " (--keyset FILE, or the development keyset), not from "
                              + Session.KEYSET_ENV));
      KeyManagement km = engine().keys();
      KeysetStatus before = km.status();
      List<KeysetStatus.Key> present =
          before.keys().stream().filter(k -> k.state() != KeysetStatus.State.MISSING).toList();
      boolean resumed =
          present.stream().anyMatch(k -> k.state() == KeysetStatus.State.ENABLED && !k.primary());
      if (resumed) {
        KeysetStatus.Key last = present.get(present.size() - 1);
        if (!last.primary() && last.state() == KeysetStatus.State.ENABLED) {
          km.promote(last.keyId());
          persist(km, file);
        }
        output().line("resuming the rotation to key " + km.status().primaryKeyId());
      } else {
        String added = km.addKey();
        persist(km, file);
        km.promote(added);
        persist(km, file);
        output().line("added and promoted key " + added);
      }
      long todo = km.status().credentialsNotOnPrimary();
      RewrapProgress done;
      try (Progress bar = Progress.start("rewrap", todo, io())) {
        bar.update(0, todo);
        done =
            km.rewrap(
                batchSize,
                p ->
                    bar.update(
                        p.rewrapped() + p.skipped(), p.rewrapped() + p.skipped() + p.remaining()));
      }
      List<String> disabled = new ArrayList<>();
      if (done.complete()) {
        for (KeysetStatus.Key k : km.status().keys()) {
          if (k.state() == KeysetStatus.State.ENABLED && !k.primary() && k.credentials() == 0) {
            km.disable(k.keyId());
            disabled.add(k.keyId());
          }
        }
        persist(km, file);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("primaryKeyId", done.primaryKeyId());
      r.put("resumed", resumed);
      r.put("rewrapped", done.rewrapped());
      r.put("skipped", done.skipped());
      r.put("remaining", done.remaining());
      r.put("disabled", disabled);
      r.put("keyset", file.toString());
      output().object(r);
      if (!done.complete()) {
        io().err().println("credentials keys rotate: incomplete; run it again to resume");
        return Exit.TEMPFAIL;
      }
      return Exit.OK;
    }

    private static void persist(KeyManagement km, Path file) {
      km.keyset().writeCleartextInsecurely(file);
    }
  }
}
