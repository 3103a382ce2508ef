package dev.credentials.cli;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import dev.credentials.audit.ChainVerification;
import dev.credentials.core.KeysetStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * {@code credentials health}: the repository answers, the keyset seals and opens and holds every
 * key the stored credentials name, and the tenant's audit chain is intact. Exit 1 when a check
 * fails, 69 when the database cannot be reached at all.
 */
@Command(
    name = "health",
    description = "Repository reachable, keyset usable, audit chain intact; exit 1 if not.")
final class HealthCommand extends Verb {

  @Override
  int execute() {
    List<Map<String, Object>> checks = new ArrayList<>();
    checks.add(
        run(
            "repository",
            () -> {
              long t0 = System.nanoTime();
              Map<String, Long> counts =
                  session().repository().read(uow -> uow.credentials().countByKeyId());
              long ms = (System.nanoTime() - t0) / 1_000_000;
              long n = counts.values().stream().mapToLong(Long::longValue).sum();
              return "reachable at "
                  + session().location()
                  + " ("
                  + n
                  + " credentials, "
                  + ms
                  + " ms)";
            }));
    checks.add(run("keyset", this::keyset));
    checks.add(
        run(
            "audit",
            () -> {
              ChainVerification v = engine().audit().verify(caller());
              if (!v.intact()) {
                throw new IllegalStateException(v.message());
              }
              return "chain intact (" + v.eventsChecked() + " events)";
            }));
    boolean healthy = checks.stream().allMatch(c -> Boolean.TRUE.equals(c.get("ok")));
    if (output().json()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("healthy", healthy);
      o.put("checks", checks);
      output().printJson(o);
    } else {
      output().table(List.of("check", "ok", "message"), checks);
    }
    return healthy ? Exit.OK : Exit.FAILED;
  }

  private String keyset() {
    KeysetStatus s = engine().keys().status();
    List<String> missing =
        s.keys().stream()
            .filter(k -> k.state() != KeysetStatus.State.ENABLED && k.credentials() > 0)
            .map(k -> k.keyId() + " " + k.state() + " seals " + k.credentials())
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "credentials are sealed with keys this keyset cannot open: " + missing);
    }
    try {
      Aead aead =
          engine().keys().keyset().keyset().getPrimitive(RegistryConfiguration.get(), Aead.class);
      byte[] probe = "health".getBytes(StandardCharsets.UTF_8);
      byte[] ad = "dev.credentials/cli-health".getBytes(StandardCharsets.UTF_8);
      if (!Arrays.equals(aead.decrypt(aead.encrypt(probe, ad), ad), probe)) {
        throw new IllegalStateException("the primary key does not open what it sealed");
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the keyset cannot seal: " + e.getClass().getSimpleName());
    }
    return "primary " + s.primaryKeyId() + ", " + s.keys().size() + " key(s), seals and opens";
  }

  private static Map<String, Object> run(String name, Supplier<String> check) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("check", name);
    try {
      r.put("ok", true);
      r.put("message", check.get());
    } catch (Exit.Failure e) {
      r.put("ok", false);
      r.put("message", e.getMessage());
    } catch (RuntimeException e) {
      r.put("ok", false);
      r.put("message", Session.maskUrl(String.valueOf(e.getMessage())));
    }
    return r;
  }
}
