package dev.credentials.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.spi.CredentialSource.Subscription;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {

  static final String CANARY = "file-canary-9d2f";

  @TempDir Path dir;
  final FileSource source = FileSource.builder().pollInterval(Duration.ofMillis(50)).build();

  @AfterEach
  void close() {
    source.close();
  }

  static Path write(Path p, String content, String perms) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    return p;
  }

  static Path write(Path p, String content) throws IOException {
    return write(p, content, "rw-------");
  }

  Map<String, String> read(Path p) {
    SourcedValues v = source.read(SourceReference.of("file", p.toString()));
    Map<String, String> out = new TreeMap<>();
    v.values().forEach((k, s) -> out.put(k, s.reveal()));
    return out;
  }

  @Nested
  @DisplayName("credentials_path JSON files")
  class Json {
    @Test
    @DisplayName("bearer_auth maps onto the http-bearer prototype's field")
    void bearer() throws IOException {
      Path p = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY + "\"}");
      assertThat(read(p)).containsExactly(Map.entry("HTTP_BEARER_TOKEN", CANARY));
    }

    @Test
    @DisplayName("basic_auth maps onto the http-basic prototype's fields")
    void basic() throws IOException {
      Path p =
          write(
              dir.resolve("basic.json"),
              "{\"basic_auth\": {\"username\": \"svc\", \"password\": \"" + CANARY + "\"}}");
      assertThat(read(p))
          .containsEntry("HTTP_USERNAME", "svc")
          .containsEntry("HTTP_PASSWORD", CANARY);
    }

    @Test
    @DisplayName("any other object is keyed by field code; numbers and booleans become text")
    void plain() throws IOException {
      Path p =
          write(
              dir.resolve("pg.json"),
              "{\"PGHOST\": \"db\", \"PGPORT\": 5432, \"PGSSL\": true, \"PGPASSWORD\": \"x\"}");
      assertThat(read(p))
          .containsEntry("PGHOST", "db")
          .containsEntry("PGPORT", "5432")
          .containsEntry("PGSSL", "true");
    }

    @Test
    @DisplayName("malformed JSON names the file and the place, never the content")
    void malformed() throws IOException {
      Path p = write(dir.resolve("bad.json"), "{\"TOKEN\": \"" + CANARY + "\",\n  oops}");
      assertThatThrownBy(() -> read(p))
          .isInstanceOfSatisfying(
              CredentialSourceException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
          .hasMessageContaining(p.toString())
          .hasMessageContaining("line 2")
          .hasMessageNotContaining(CANARY);
      Path nested = write(dir.resolve("nested.json"), "{\"TOKEN\": {\"v\": \"" + CANARY + "\"}}");
      assertThatThrownBy(() -> read(nested))
          .hasMessageContaining("/TOKEN must be a string")
          .hasMessageNotContaining(CANARY);
      Path array = write(dir.resolve("array.json"), "[\"" + CANARY + "\"]");
      assertThatThrownBy(() -> read(array)).hasMessageContaining("JSON object");
    }

    @Test
    @DisplayName("deep nesting and files over 1 MiB are refused, typed")
    void bounded() throws IOException {
      Path deep =
          write(dir.resolve("deep.json"), "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
      assertThatThrownBy(() -> read(deep)).isInstanceOf(CredentialSourceException.class);
      Path big = write(dir.resolve("big.json"), "{\"a\":\"" + "x".repeat(1 << 20) + "\"}");
      assertThatThrownBy(() -> read(big)).hasMessageContaining("larger than 1 MiB");
    }
  }

  @Test
  @DisplayName(".env files: export, comments, quotes and escapes")
  void dotenv() throws IOException {
    Path p =
        write(
            dir.resolve("app.env"),
            "# comment\n\nexport DB_HOST=db.local\nDB_PASSWORD=\""
                + CANARY
                + "\\nline2\"\nQUOTED='a b # c'\nBARE=value # trailing comment\n");
    assertThat(read(p))
        .containsEntry("DB_HOST", "db.local")
        .containsEntry("DB_PASSWORD", CANARY + "\nline2")
        .containsEntry("QUOTED", "a b # c")
        .containsEntry("BARE", "value");
    Path bad = write(dir.resolve("bad.env"), "GOOD=1\n" + CANARY + "\n");
    assertThatThrownBy(() -> read(bad))
        .hasMessageContaining("line 2: expected KEY=VALUE")
        .hasMessageNotContaining(CANARY);
  }

  @Nested
  @DisplayName("mounted secret directories")
  class Directories {
    /** Lays out a Kubernetes secret volume: data in a timestamped directory behind ..data. */
    Path kubernetes(Path mount, String stamp, Map<String, String> data) throws IOException {
      Files.createDirectories(mount);
      Path real = mount.resolve(stamp);
      Files.createDirectories(real);
      for (Map.Entry<String, String> e : data.entrySet()) {
        write(real.resolve(e.getKey()), e.getValue(), "r--------");
      }
      Path tmp = mount.resolve("..data_tmp");
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, Path.of(stamp));
      Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      for (String key : data.keySet()) {
        Path link = mount.resolve(key);
        if (!Files.isSymbolicLink(link)) {
          Files.createSymbolicLink(link, Path.of("..data", key));
        }
      }
      return mount;
    }

    @Test
    @DisplayName("one file per key, hidden entries skipped, one trailing newline dropped")
    void readsKeys() throws IOException {
      Path mount =
          kubernetes(
              dir.resolve("secret"),
              "..2026_12_03_01",
              Map.of("username", "svc\n", "password", CANARY));
      assertThat(read(mount))
          .containsExactly(Map.entry("password", CANARY), Map.entry("username", "svc"));
    }

    @Test
    @DisplayName("a ..data symlink swap is seen by the next read and by a watcher")
    void symlinkSwap() throws Exception {
      Path mount =
          kubernetes(dir.resolve("secret"), "..2026_12_03_01", Map.of("password", "old-value"));
      Semaphore changed = new Semaphore(0);
      Subscription s = source.watch(SourceReference.of("file", mount.toString()), changed::release);
      try {
        kubernetes(mount, "..2026_12_03_02", Map.of("password", "new-value"));
        assertThat(changed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(read(mount)).containsEntry("password", "new-value");
      } finally {
        s.close();
      }
    }

    @Test
    @DisplayName("a directory others may write is refused unless sticky; files must be owner-only")
    void permissions() throws IOException {
      Path d = dir.resolve("open");
      write(d.resolve("token"), CANARY);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
      assertThatThrownBy(() -> read(d))
          .isInstanceOfSatisfying(
              CredentialSourceException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS))
          .hasMessageContaining("chmod 700 " + d);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      assertThat(read(d)).containsEntry("token", CANARY);
      Files.setPosixFilePermissions(
          d.resolve("token"), PosixFilePermissions.fromString("rw-r--r--"));
      assertThatThrownBy(() -> read(d))
          .hasMessageContaining("chmod 600 " + d.resolve("token"))
          .hasMessageNotContaining(CANARY);
    }
  }

  @Test
  @DisplayName("a file readable by group or others is refused with the chmod that fixes it")
  void insecureFile() throws IOException {
    Path p = write(dir.resolve("token.json"), "{\"bearer_auth\": \"x\"}", "rw-r-----");
    assertThatThrownBy(() -> read(p))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS))
        .hasMessageContaining("rw-r-----")
        .hasMessageContaining("chmod 600 " + p);
  }

  @Test
  @DisplayName("a missing file is NOT_FOUND, naming the path")
  void missing() {
    Path p = dir.resolve("nowhere.json");
    assertThatThrownBy(() -> read(p))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
              assertThat(e.source()).isEqualTo("file");
            })
        .hasMessageContaining(p.toString());
  }

  @Test
  @DisplayName("a file that becomes malformed keeps its last good values and is listed until fixed")
  void lastGoodValues() throws IOException {
    Path p = write(dir.resolve("token.json"), "{\"bearer_auth\": \"good\"}");
    String before = source.read(SourceReference.of("file", p.toString())).revision();
    write(p, "{\"bearer_auth\": \"" + CANARY);
    assertThat(read(p)).containsEntry("HTTP_BEARER_TOKEN", "good");
    assertThat(source.problems()).containsOnlyKeys(p);
    assertThat(source.problems().get(p)).contains("not valid JSON").doesNotContain(CANARY);
    write(p, "{\"bearer_auth\": \"fixed\"}");
    SourcedValues fixed = source.read(SourceReference.of("file", p.toString()));
    assertThat(fixed.values()).containsEntry("HTTP_BEARER_TOKEN", Secret.of("fixed"));
    assertThat(fixed.revision()).isNotEqualTo(before);
    assertThat(fixed.toString()).doesNotContain("fixed\"").doesNotContain("HTTP_BEARER_TOKEN=");
    assertThat(source.problems()).isEmpty();
    // a file that disappears is not served from memory
    Files.delete(p);
    assertThatThrownBy(() -> read(p)).isInstanceOf(CredentialSourceException.class);
  }

  @Nested
  @DisplayName("hot reload")
  class HotReload {
    long millisToNotice(FileSource s, Path p, ThrowingRunnable change) throws Exception {
      Semaphore changed = new Semaphore(0);
      Subscription sub = s.watch(SourceReference.of("file", p.toString()), changed::release);
      try {
        long start = System.nanoTime();
        change.run();
        assertThat(changed.tryAcquire(5, TimeUnit.SECONDS)).as("change noticed").isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      } finally {
        sub.close();
      }
    }

    @Test
    @DisplayName("rename into place and in-place writes are noticed, by polling alone too")
    void noticesChanges() throws Exception {
      Path p = write(dir.resolve("token.json"), "{\"bearer_auth\": \"v1\"}");
      long renamed =
          millisToNotice(
              source,
              p,
              () -> {
                Path tmp = write(dir.resolve("token.json.tmp"), "{\"bearer_auth\": \"v2\"}");
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
              });
      assertThat(read(p)).containsEntry("HTTP_BEARER_TOKEN", "v2");
      long inPlace = millisToNotice(source, p, () -> write(p, "{\"bearer_auth\": \"v3-longer\"}"));
      assertThat(read(p)).containsEntry("HTTP_BEARER_TOKEN", "v3-longer");
      try (FileSource polling =
          FileSource.builder().pollInterval(Duration.ofMillis(200)).watchService(false).build()) {
        long polled = millisToNotice(polling, p, () -> write(p, "{\"bearer_auth\": \"v4\"}"));
        assertThat(polled).isLessThan(2_000);
        System.out.printf(
            "file change noticed: rename %d ms, in place %d ms (watching); %d ms (polling 200 ms)%n",
            renamed, inPlace, polled);
      }
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
