package dev.credentials.sources;

import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.sources.internal.FileFormats;
import dev.credentials.sources.internal.FileWatcher;
import dev.credentials.sources.internal.OwnerOnly;
import dev.credentials.sources.internal.Revisions;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credential values kept in files, the way flow engines and container platforms keep them. The
 * reference's location is a path:
 *
 * <ul>
 *   <li>a JSON file ({@code credentials_path}): {@code {"bearer_auth": "…"}} gives {@code
 *       HTTP_BEARER_TOKEN} (the built-in {@code http-bearer} prototype), {@code {"basic_auth":
 *       {"username": "…", "password": "…"}}} gives {@code HTTP_USERNAME} and {@code HTTP_PASSWORD}
 *       ({@code http-basic}), any other member is a key of its own (a field code);
 *   <li>a file whose name ends in {@code .env}: {@code KEY=VALUE} lines;
 *   <li>a directory: one file per key, as a Kubernetes secret volume mounts it (its {@code ..data}
 *       symlink swap included); names starting with a dot are skipped; one trailing line break of
 *       each file is dropped.
 * </ul>
 *
 * <p>A file that group or others may read is refused, as ssh refuses a private key, with the {@code
 * chmod} that fixes it. Files are read in full on every {@link #read} (at most 1 MiB each); the
 * engine caches the values. {@link #watch} notices changes within the poll interval (1 s by
 * default), and at once where the platform's {@link java.nio.file.WatchService} reports them.
 *
 * <p>A file that was read once and becomes malformed later keeps serving its last good values; the
 * problem is logged (path and place, never content) and listed by {@link #problems()} until the
 * file is good again. A file that disappears or whose permissions become too wide is refused at
 * once.
 */
public final class FileSource implements CredentialSource {

  /** The name references use. */
  public static final String NAME = "file";

  private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);

  private record Loaded(Map<String, String> values, String revision) {}

  private final Revisions revisions = new Revisions();
  private final Duration pollInterval;
  private final boolean watchService;
  private final Map<Path, Loaded> lastGood = new ConcurrentHashMap<>();
  private final Map<Path, String> problems = new ConcurrentHashMap<>();
  private volatile FileWatcher watcher;

  private FileSource(Builder b) {
    this.pollInterval = b.pollInterval;
    this.watchService = b.watchService;
  }

  /**
   * A file source that polls every second and uses the platform's watch service.
   *
   * @return the source
   */
  public static FileSource create() {
    return builder().build();
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourcedValues read(SourceReference reference) {
    Objects.requireNonNull(reference, "reference");
    Path path = pathOf(reference);
    Loaded loaded;
    try {
      loaded = load(path);
    } catch (CredentialSourceException e) {
      Loaded good = lastGood.get(path);
      if (e.reason() == Reason.MALFORMED && good != null) {
        if (problems.put(path, e.getMessage()) == null) {
          LOG.warn("{}; serving its last good values until it is fixed", e.getMessage());
        }
        return toValues(good);
      }
      throw e;
    }
    lastGood.put(path, loaded);
    if (problems.remove(path) != null) {
      LOG.info("credential file {} is good again", path);
    }
    return toValues(loaded);
  }

  /**
   * Files that became malformed after a good read and are served from their last good values.
   *
   * @return path → what is wrong (never content)
   */
  public Map<Path, String> problems() {
    return Map.copyOf(new TreeMap<>(problems));
  }

  private static SourcedValues toValues(Loaded l) {
    Map<String, Secret> values = new LinkedHashMap<>();
    l.values().forEach((k, v) -> values.put(k, Secret.of(v)));
    return new SourcedValues(values, l.revision());
  }

  private static Path pathOf(SourceReference reference) {
    try {
      return Path.of(reference.location()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new CredentialSourceException(
          NAME,
          Reason.INVALID_REFERENCE,
          "the location of a file reference is not a path (" + e.getReason() + ")");
    }
  }

  private Loaded load(Path path) {
    if (!Files.exists(path)) {
      throw new CredentialSourceException(
          NAME,
          Reason.NOT_FOUND,
          "no credential file or directory at " + path + "; create it or fix the reference");
    }
    if (Files.isDirectory(path)) {
      return loadDirectory(path);
    }
    OwnerOnly.checkFile(path);
    byte[] bytes = readBounded(path);
    Map<String, String> values =
        path.getFileName().toString().endsWith(".env")
            ? FileFormats.dotenv(path, bytes)
            : FileFormats.json(path, bytes);
    return new Loaded(values, revisions.builder().add(bytes).revision());
  }

  private Loaded loadDirectory(Path directory) {
    OwnerOnly.checkDirectory(directory);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new CredentialSourceException(
          NAME,
          Reason.NOT_FOUND,
          "cannot list credential directory "
              + directory
              + " ("
              + e.getClass().getSimpleName()
              + "); check that this process may read it");
    }
    Map<String, String> values = new LinkedHashMap<>();
    Revisions.Builder revision = revisions.builder();
    for (Path f : files) {
      OwnerOnly.checkFile(f);
      byte[] bytes = readBounded(f);
      String key = f.getFileName().toString();
      values.put(key, FileFormats.single(f, bytes));
      revision.add(key.getBytes(StandardCharsets.UTF_8)).add(bytes);
    }
    return new Loaded(values, revision.revision());
  }

  private static byte[] readBounded(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(FileFormats.MAX_BYTES + 1);
      if (bytes.length > FileFormats.MAX_BYTES) {
        throw FileFormats.malformed(file, "is larger than 1 MiB");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new CredentialSourceException(
          NAME, Reason.NOT_FOUND, "credential file " + file + " disappeared while it was read");
    } catch (IOException e) {
      throw new CredentialSourceException(
          NAME,
          Reason.NOT_FOUND,
          "cannot read credential file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); check that this process may read it");
    }
  }

  private String revisionOf(Path path) {
    return load(path).revision();
  }

  @Override
  public Subscription watch(SourceReference reference, Runnable changed) {
    Objects.requireNonNull(changed, "changed");
    Path path = pathOf(reference);
    FileWatcher w = watcher();
    AutoCloseable handle = w.add(path, changed);
    return () -> {
      try {
        handle.close();
      } catch (Exception e) {
        LOG.debug("stopping a watch failed ({})", e.getClass().getName());
      }
    };
  }

  private FileWatcher watcher() {
    FileWatcher w = watcher;
    if (w == null) {
      synchronized (this) {
        w = watcher;
        if (w == null) {
          w = new FileWatcher(pollInterval, watchService, this::revisionOf);
          watcher = w;
        }
      }
    }
    return w;
  }

  @Override
  public void close() {
    FileWatcher w = watcher;
    if (w != null) {
      w.close();
    }
  }

  @Override
  public String toString() {
    return "FileSource[poll=" + pollInterval + ", watchService=" + watchService + "]";
  }

  /** Configures a {@link FileSource}. */
  public static final class Builder {
    private Duration pollInterval = Duration.ofMillis(500);
    private boolean watchService = true;

    private Builder() {}

    /**
     * How often watched files are compared with what was last seen. Default 500 ms, so that a
     * change is seen within a second even where no {@code WatchService} event arrives.
     *
     * @param interval at least 10 ms
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalArgumentException("pollInterval must be at least 10 ms, got " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Whether the platform's watch service wakes the poller at once on a change. Default true.
     *
     * @param enabled false to rely on polling alone
     * @return this builder
     */
    public Builder watchService(boolean enabled) {
      this.watchService = enabled;
      return this;
    }

    /**
     * @return the source
     */
    public FileSource build() {
      return new FileSource(this);
    }
  }
}
