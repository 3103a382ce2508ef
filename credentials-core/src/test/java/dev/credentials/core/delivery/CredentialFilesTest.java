package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.CredentialId;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.core.delivery.CredentialFiles.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CredentialFiles")
class CredentialFilesTest {

  /** Values that break naive quoting, each under its own variable. */
  static Map<String, Secret> tricky() {
    Map<String, Secret> m = new LinkedHashMap<>();
    m.put("MULTILINE", Secret.of("first line\nsecond line\n"));
    m.put("QUOTES", Secret.of("it's \"quoted\" and 'single'"));
    m.put("DOLLARS", Secret.of("$HOME ${PATH} $(id) `id` $$ $1"));
    m.put("BACKSLASHES", Secret.of("back\\slash \\n \\' \\\" end\\"));
    m.put("UNICODE", Secret.of("ünïcødé ✓ 🔑"));
    m.put("EMPTY", Secret.empty());
    m.put("ONLY_QUOTE", Secret.of("'"));
    m.put("MANY_QUOTES", Secret.of("''''"));
    m.put("SPACES", Secret.of("  leading and trailing  "));
    m.put("CONTROL", Secret.of("tab\tand\rcarriage"));
    m.put("HASH", Secret.of("#not a comment = still value"));
    m.put("CANARY", Canary.SECRET);
    return m;
  }

  static Path resolveOne(Map<String, Path> paths, String name) {
    return paths.get(name);
  }

  @Nested
  @DisplayName("permissions")
  class Permissions {

    @Test
    @DisplayName("the directory is 0700, files 0600, per-key directories 0700 and their files 0600")
    void ownerOnly() throws IOException {
      try (CredentialFiles files = CredentialFiles.create()) {
        Path json = files.write("a", tricky(), Format.JSON);
        Path env = files.write("a", tricky(), Format.DOTENV);
        Path keys = files.write("a", tricky(), Format.PER_KEY);
        assertThat(mode(files.directory())).isEqualTo("rwx------");
        assertThat(mode(json)).isEqualTo("rw-------");
        assertThat(mode(env)).isEqualTo("rw-------");
        assertThat(mode(keys)).isEqualTo("rwx------");
        try (Stream<Path> s = Files.list(keys)) {
          assertThat(s.map(CredentialFilesTest::mode)).hasSize(12).containsOnly("rw-------");
        }
      }
    }

    @Test
    @DisplayName("files stay owner-only under a world-writable parent")
    void createdWithMode(@TempDir Path parent) throws Exception {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
      try (CredentialFiles files = CredentialFiles.createIn(parent)) {
        Path p = files.write("x", Map.of("K", Secret.of("v")), Format.JSON);
        assertThat(mode(p)).isEqualTo("rw-------");
        assertThat(mode(files.directory())).isEqualTo("rwx------");
      }
    }
  }

  @Nested
  @DisplayName("formats")
  class Formats {

    @Test
    @DisplayName("JSON holds every tricky value exactly")
    void json() throws IOException {
      try (CredentialFiles files = CredentialFiles.create()) {
        Path p = files.write("creds", tricky(), Format.JSON);
        assertThat(p.getFileName()).hasToString("creds.json");
        Map<String, String> read =
            new ObjectMapper().readValue(p.toFile(), new TypeReference<Map<String, String>>() {});
        assertThat(read).isEqualTo(revealAll(tricky()));
        // sorted keys, one object, a final newline
        String text = Files.readString(p);
        assertThat(text).startsWith("{\"BACKSLASHES\":").endsWith("}\n");
      }
    }

    @Test
    @DisplayName(".env round-trips every tricky value through a real POSIX shell")
    void dotenvThroughShell() throws Exception {
      try (CredentialFiles files = CredentialFiles.create()) {
        Path p = files.write("creds", tricky(), Format.DOTENV);
        assertThat(p.getFileName()).hasToString("creds.env");
        for (Map.Entry<String, Secret> e : tricky().entrySet()) {
          Process sh =
              new ProcessBuilder(
                      "sh",
                      "-c",
                      "set -a; . \"$1\"; eval \"printf '%s' \\\"\\${$2}\\\"\"",
                      "sh",
                      p.toString(),
                      e.getKey())
                  .redirectError(ProcessBuilder.Redirect.INHERIT)
                  .start();
          byte[] out = sh.getInputStream().readAllBytes();
          assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(sh.exitValue()).as(e.getKey()).isZero();
          assertThat(new String(out, StandardCharsets.UTF_8))
              .as(e.getKey())
              .isEqualTo(e.getValue().reveal());
        }
      }
    }

    @Test
    @DisplayName(".env lines are single-quoted, with a quote written as '\\''")
    void dotenvText() throws IOException {
      try (CredentialFiles files = CredentialFiles.create()) {
        Path p =
            files.write(
                "x", Map.of("A", Secret.of("it's"), "B", Secret.of("$X\nY")), Format.DOTENV);
        assertThat(Files.readString(p)).isEqualTo("A='it'\\''s'\nB='$X\nY'\n");
      }
    }

    @Test
    @DisplayName("per-key writes one file per key with exactly the value's bytes")
    void perKey() throws IOException {
      try (CredentialFiles files = CredentialFiles.create()) {
        Path dir = files.write("creds", tricky(), Format.PER_KEY);
        assertThat(dir.getFileName()).hasToString("creds");
        for (Map.Entry<String, Secret> e : tricky().entrySet()) {
          assertThat(Files.readAllBytes(dir.resolve(e.getKey())))
              .as(e.getKey())
              .isEqualTo(e.getValue().revealBytes());
        }
      }
    }

    @Test
    @DisplayName("a NUL in a .env value is refused without the value, and no file is left")
    void nulInDotenv() throws IOException {
      try (CredentialFiles files = CredentialFiles.create()) {
        Map<String, Secret> values = Map.of("K", Canary.containing("a\0b", ""));
        IllegalArgumentException e =
            Canary.thrownWithoutLeak(
                IllegalArgumentException.class, () -> files.write("x", values, Format.DOTENV));
        assertThat(e).hasMessageContaining("K").hasMessageContaining("NUL");
        try (Stream<Path> s = Files.list(files.directory())) {
          assertThat(s).isEmpty();
        }
        assertThat(files.paths()).isEmpty();
        // a NUL is fine in JSON and in per-key files
        files.write("x", values, Format.JSON);
        files.write("x", values, Format.PER_KEY);
      }
    }

    @Test
    @DisplayName("keys that are not shell names or file names are refused, all listed at once")
    void badKeys() {
      try (CredentialFiles files = CredentialFiles.create()) {
        Map<String, Secret> values = new LinkedHashMap<>();
        values.put("1BAD", Canary.SECRET);
        values.put("A-B", Canary.SECRET);
        values.put("GOOD", Canary.SECRET);
        assertThatThrownBy(() -> files.write("x", values, Format.DOTENV))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'1BAD'")
            .hasMessageContaining("'A-B'")
            .hasMessageNotContaining("GOOD")
            .hasMessageNotContaining(Canary.VALUE);
        assertThatThrownBy(
                () -> files.write("y", Map.of("../escape", Canary.SECRET), Format.PER_KEY))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'../escape'");
        assertThatThrownBy(() -> files.write("../up", values, Format.JSON))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.write(".hidden", values, Format.JSON))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }

    @Test
    @DisplayName("the same name and format cannot be written twice; other formats can")
    void twice() {
      try (CredentialFiles files = CredentialFiles.create()) {
        files.write("x", Map.of("K", Secret.of("v")), Format.JSON);
        files.write("x", Map.of("K", Secret.of("v")), Format.DOTENV);
        assertThatThrownBy(() -> files.write("x", Map.of(), Format.JSON))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("x.json");
        assertThat(files.paths()).containsOnlyKeys("x.json", "x.env");
        assertThat(files.path("x.env")).contains(files.directory().resolve("x.env"));
        assertThat(files.path("nope")).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("with the real engine")
  class WithEngine {

    @Test
    @DisplayName("a resolved environment is written whole and per credential")
    void environment() throws IOException {
      try (EngineFixture engine = new EngineFixture(Canary.SECRET, Secret.of("tok-123"));
          CredentialFiles files = CredentialFiles.create()) {
        ResolvedEnvironment env = engine.resolve();
        Path all = files.write(env, Format.JSON);
        assertThat(all.getFileName()).hasToString("environment.json");
        Map<String, String> read =
            new ObjectMapper().readValue(all.toFile(), new TypeReference<Map<String, String>>() {});
        assertThat(read)
            .containsEntry("DB_PASSWORD", Canary.VALUE)
            .containsEntry("API_TOKEN", "tok-123")
            .hasSize(7);

        Map<CredentialId, Path> each = files.writeEach(env, Format.PER_KEY);
        assertThat(each).containsOnlyKeys(engine.db.id(), engine.api.id());
        assertThat(Files.readString(each.get(engine.db.id()).resolve("DB_PASSWORD")))
            .isEqualTo(Canary.VALUE);
        try (Stream<Path> s = Files.list(each.get(engine.api.id()))) {
          assertThat(s.map(p -> p.getFileName().toString()))
              .containsExactlyInAnyOrder("API_URL", "API_TOKEN");
        }

        Path one = files.write(engine.database(), Format.DOTENV);
        assertThat(one.getFileName()).hasToString(engine.db.id() + ".env");
        assertThat(Files.readString(one)).contains("DB_PASSWORD='" + Canary.VALUE + "'\n");
        Canary.assertNoLeak(files);
      }
    }
  }

  @Nested
  @DisplayName("removal")
  class Removal {

    @Test
    @DisplayName("close overwrites the files with zeros, then removes the directory; twice is fine")
    void closeWipes(@TempDir Path outside) throws IOException {
      CredentialFiles files = CredentialFiles.create();
      Path json = files.write("x", tricky(), Format.JSON);
      Path key = files.write("x", tricky(), Format.PER_KEY).resolve("CANARY");
      // hard links see the same blocks, so they show what close() did to the content
      Path jsonLink = Files.createLink(outside.resolve("json-link"), json);
      Path keyLink = Files.createLink(outside.resolve("key-link"), key);
      long jsonSize = Files.size(json);

      files.close();
      files.close();

      assertThat(files.directory()).doesNotExist();
      assertThat(Files.readAllBytes(jsonLink)).hasSize((int) jsonSize).containsOnly(0);
      assertThat(Files.readAllBytes(keyLink)).hasSize(Canary.VALUE.length()).containsOnly(0);
      assertThatThrownBy(() -> files.write("y", Map.of(), Format.JSON))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }

    @Test
    @DisplayName("everything the job added is removed too, and a planted link is not followed")
    void jobLeftovers(@TempDir Path outside) throws IOException {
      Path victim = Files.writeString(outside.resolve("victim"), "keep me");
      Path dir;
      try (CredentialFiles files = CredentialFiles.create()) {
        dir = files.directory();
        Path json = files.write("x", tricky(), Format.JSON);
        // the job replaces our file with a link to someone else's file, and adds more
        Files.delete(json);
        Files.createSymbolicLink(json, victim);
        Files.createDirectories(dir.resolve("job/out"));
        Files.writeString(dir.resolve("job/out/result.txt"), "result");
        Files.createSymbolicLink(dir.resolve("job/link-to-victim"), victim);
      }
      assertThat(dir).doesNotExist();
      assertThat(Files.readString(victim)).isEqualTo("keep me");
    }

    @Test
    @DisplayName("the directory is gone even when the job fails (try-with-resources)")
    void jobFails() throws Exception {
      Path[] seen = new Path[1];
      assertThatThrownBy(
              () -> {
                try (CredentialFiles files = CredentialFiles.create()) {
                  seen[0] = files.directory();
                  Path env = files.write("job", tricky(), Format.DOTENV);
                  Process job =
                      new ProcessBuilder(
                              "sh",
                              "-c",
                              "set -a; . \"$1\" && test \"$CANARY\" = \"$2\" && exit 3; exit 9",
                              "sh",
                              env.toString(),
                              Canary.VALUE)
                          .start();
                  int exit = job.waitFor();
                  assertThat(exit).as("the job read the file, then failed").isEqualTo(3);
                  throw new IllegalStateException("job failed with exit code " + exit);
                }
              })
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("job failed with exit code 3");
      assertThat(seen[0]).doesNotExist();
    }

    @Test
    @DisplayName("a handle dropped without close is removed once it is garbage collected")
    void unreachable() throws Exception {
      Path dir = dropped();
      assertThat(dir.resolve("x.json")).exists();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (Files.exists(dir) && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(50);
      }
      assertThat(dir).doesNotExist();
    }

    @SuppressWarnings("resource") // deliberately never closed
    private Path dropped() {
      CredentialFiles files = CredentialFiles.create();
      files.write("x", Map.of("K", Canary.SECRET), Format.JSON);
      return files.directory();
    }

    @Test
    @DisplayName("a handle left open is removed when the JVM exits")
    void shutdownHook() throws Exception {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child =
          new ProcessBuilder(
                  java.toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LeftOpen.class.getName())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      List<String> lines = out.lines().toList();
      assertThat(lines).hasSize(2);
      Path dir = Path.of(lines.get(0));
      assertThat(lines.get(1)).isEqualTo("written");
      assertThat(dir).isAbsolute().doesNotExist();
    }
  }

  @Test
  @DisplayName("a directory that cannot be created fails with the parent in the message")
  void badParent(@TempDir Path tmp) {
    assertThatThrownBy(() -> CredentialFiles.createIn(tmp.resolve("missing")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing");
  }

  @Test
  @DisplayName("writeEach groups by provenance and leaves out fallback variables")
  void writeEachProvenance() throws IOException {
    CredentialId a = CredentialId.random();
    CredentialId b = CredentialId.random();
    ResolvedEnvironment env =
        new ResolvedEnvironment(
            Map.of(
                "A_ONE", Secret.of("1"),
                "A_TWO", Secret.of("2"),
                "B_ONE", Secret.of("3"),
                "HOME", Secret.of("/root")),
            Map.of("A_ONE", a, "A_TWO", a, "B_ONE", b),
            java.util.Set.of("HOME"));
    try (CredentialFiles files = CredentialFiles.create()) {
      Map<CredentialId, Path> each = files.writeEach(env, Format.DOTENV);
      assertThat(each).containsOnlyKeys(a, b);
      assertThat(Files.readString(each.get(a))).isEqualTo("A_ONE='1'\nA_TWO='2'\n");
      assertThat(Files.readString(each.get(b))).isEqualTo("B_ONE='3'\n");
      assertThat(each.get(a).getFileName()).hasToString(a.value() + ".env");
    }
  }

  @Test
  @DisplayName("a file the job created under the same name is refused and left alone")
  void existingFileUntouched() throws IOException {
    try (CredentialFiles files = CredentialFiles.create()) {
      Path theirs = Files.writeString(files.directory().resolve("x.json"), "theirs");
      assertThatThrownBy(() -> files.write("x", Map.of("K", Canary.SECRET), Format.JSON))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageNotContaining(Canary.VALUE);
      assertThat(theirs).hasContent("theirs");
      assertThat(files.paths()).isEmpty();
    }
  }

  @Test
  @DisplayName("one handle may be written from many threads at once")
  void concurrentWrites() throws Exception {
    try (CredentialFiles files = CredentialFiles.create()) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<Path>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
          String name = "f" + i;
          futures.add(pool.submit(() -> files.write(name, tricky(), Format.PER_KEY)));
        }
        for (java.util.concurrent.Future<Path> f : futures) {
          assertThat(f.get().resolve("CANARY")).hasContent(Canary.VALUE);
        }
      } finally {
        pool.shutdown();
      }
      assertThat(files.paths()).hasSize(32);
    }
  }

  @Test
  @DisplayName("a file system without POSIX permissions is refused rather than used unprotected")
  void notPosix(@TempDir Path tmp) throws IOException {
    try (FileSystem zip =
        FileSystems.newFileSystem(tmp.resolve("x.zip"), Map.of("create", "true"))) {
      assertThatThrownBy(() -> CredentialFiles.createIn(zip.getPath("/")))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("POSIX");
    }
  }

  /** The child JVM of {@link Removal#shutdownHook()}: writes files and exits without closing. */
  static final class LeftOpen {
    private LeftOpen() {}

    public static void main(String[] args) {
      @SuppressWarnings("resource") // deliberately left open
      CredentialFiles files = CredentialFiles.create();
      files.write("x", Map.of("K", Canary.SECRET), Format.JSON);
      System.out.println(files.directory());
      System.out.println(
          Files.exists(files.directory().resolve("x.json"), LinkOption.NOFOLLOW_LINKS)
              ? "written"
              : "missing");
      System.out.flush();
      System.exit(0);
    }
  }

  static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> revealAll(Map<String, Secret> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v.reveal()));
    return out;
  }
}
