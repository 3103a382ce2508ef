package dev.credentials.benchmarks;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.core.AccessAudit;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.sources.FileSource;
import dev.credentials.spi.SourceReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The time from a change of a credential file on disk (written beside it, renamed into place) to
 * the first resolve that returns the new value, with the engine's value cache on ({@code
 * cachePlaintext(true)}; without it every resolve reads the file and sees a change at once). Two
 * file sources: the platform's watch service plus polling every second, and polling alone. Prints
 * the median and the maximum of each.
 *
 * <p>Arguments: the number of changes per mode (default 20).
 */
public final class SourceReloadLatency {

  private static final TenantId TENANT = TenantId.of("bench");
  private static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench-admin", TENANT));
  private static final Caller SCHEDULER =
      Caller.of(TENANT, Principal.service("bench-scheduler", TENANT));

  private SourceReloadLatency() {}

  /**
   * @param args the number of changes per mode
   * @throws Exception when the files cannot be written
   */
  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    report("watch service + polling (default 500 ms)", FileSource.create(), changes);
    report(
        "polling alone (default 500 ms)",
        FileSource.builder().watchService(false).build(),
        changes);
    report(
        "polling alone (1 s)",
        FileSource.builder().watchService(false).pollInterval(Duration.ofSeconds(1)).build(),
        changes);
  }

  private static void report(String mode, FileSource files, int changes) throws Exception {
    Path dir = Files.createTempDirectory("reload-latency");
    Path file = dir.resolve("token.json");
    write(file, "v0");
    try (files;
        Credentials credentials =
            Credentials.builder()
                .repository(new InMemoryCredentialRepository())
                .keys(CredentialKeys.generate())
                .discoverPrototypes(false)
                .discoverSources(false)
                .slf4jReporter(false)
                .cachePlaintext(true)
                .accessAudit(AccessAudit.batched())
                .prototype(ResolveBenchmark.prototype(0))
                .source(files)
                .build()) {
      CredentialMetadata m =
          credentials
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder("svc-0", "sourced")
                      .source(SourceReference.of("file", file.toString()))
                      .build());
      credentials.bindings().declare(ADMIN, Consumer.of("job", "svc-0"));
      credentials.bindings().bind(ADMIN, BindingRequest.of("job", "svc-0", m.id()));
      password(credentials); // the first read starts the watch
      List<Long> micros = new ArrayList<>();
      for (int i = 1; i <= changes; i++) {
        String next = "v" + i;
        write(file, next);
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(10).toNanos();
        while (!password(credentials).equals("pw-" + next)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("change " + i + " not seen within 10 s");
          }
          Thread.onSpinWait();
        }
        micros.add((System.nanoTime() - start) / 1_000);
        Thread.sleep(50 + (i * 37) % 400); // spread the changes over the poll cycle
      }
      Collections.sort(micros);
      System.out.printf(
          "%-32s changes=%d median=%.1f ms max=%.1f ms min=%.1f ms%n",
          mode,
          changes,
          micros.get(micros.size() / 2) / 1000.0,
          micros.get(micros.size() - 1) / 1000.0,
          micros.get(0) / 1000.0);
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String password(Credentials credentials) {
    return credentials
        .resolver()
        .resolve(SCHEDULER, "job")
        .get("SVC0_PASSWORD")
        .orElseThrow()
        .reveal();
  }

  private static void write(Path file, String version) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        tmp,
        "{\"SVC0_URL\": \"https://svc.example.com\", \"SVC0_USER\": \"svc\", \"SVC0_PASSWORD\": \"pw-"
            + version
            + "\"}");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
