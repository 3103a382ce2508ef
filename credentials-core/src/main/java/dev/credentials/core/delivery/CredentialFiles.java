package dev.credentials.core.delivery;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.credentials.CredentialId;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Credential values as files in a private temporary directory, for jobs that read a {@code
 * credentials_path}, a {@code .env} file or a Kubernetes-style mount rather than environment
 * variables.
 *
 * <p>The directory is created with mode {@code 0700} and every file and sub-directory with {@code
 * 0600} / {@code 0700}, atomically at creation (never readable by others, not even briefly; a
 * restrictive umask can only narrow this). {@link #close()} overwrites every file it wrote with
 * zeros, then removes the whole directory, including anything the job added to it. Use it with
 * try-with-resources so the files go away when the job fails too:
 *
 * <pre>{@code
 * try (CredentialFiles files = CredentialFiles.create()) {
 *   Path json = files.write(environment, CredentialFiles.Format.JSON);
 *   ProcessBuilder job = new ProcessBuilder("my-job");
 *   job.environment().put("CREDENTIALS_PATH", json.toString());
 *   if (job.start().waitFor() != 0) {
 *     throw new IllegalStateException("job failed"); // the files are still removed
 *   }
 * }
 * }</pre>
 *
 * <p>As a fallback for handles that are never closed, the files are also removed when the handle
 * becomes unreachable or the JVM shuts down normally; keep the handle referenced for as long as the
 * job runs. Overwriting before deletion is best effort: copy-on-write and journaling file systems
 * and SSDs may keep old blocks. Where that matters, put the directory on a memory file system, e.g.
 * {@code CredentialFiles.createIn(Path.of("/dev/shm"))} on Linux.
 *
 * <p>Instances are safe for concurrent use. Requires a POSIX file system.
 */
public final class CredentialFiles implements AutoCloseable {

  /** How values are laid out on disk. */
  public enum Format {
    /**
     * One JSON object of strings, {@code {"NAME": "value", ...}}, keys sorted, written as {@code
     * <name>.json}.
     */
    JSON(".json"),
    /**
     * One {@code NAME='value'} line per variable, written as {@code <name>.env}. Every value is
     * single-quoted and a quote inside it is written as {@code '\''}, so newlines, double quotes,
     * {@code $}, backticks and backslashes arrive unchanged in a POSIX shell that sources the file
     * ({@code set -a; . ./name.env; set +a}). Keys must be shell variable names and values must not
     * contain a NUL character. Other dotenv parsers differ in how they treat quotes and {@code $};
     * give them {@link #JSON} or {@link #PER_KEY} instead when values can hold a single quote.
     */
    DOTENV(".env"),
    /**
     * A directory {@code <name>/} with one file per key holding exactly the value's bytes (no
     * trailing newline), like a Kubernetes Secret volume.
     */
    PER_KEY("");

    private final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }
  }

  /** The name of the file {@link #write(ResolvedEnvironment, Format)} writes. */
  public static final String ENVIRONMENT = "environment";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern FILE_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}");
  private static final Pattern SHELL_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final Set<OpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  /** Jackson buffers are not pooled, so that no recycled buffer keeps a value after a write. */
  private static final JsonFactory JSON_FACTORY =
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

  private static final Cleaner CLEANER = Cleaner.create();

  /** Directories not yet removed; the shutdown hook removes what is left. */
  private static final Set<Removal> OPEN = ConcurrentHashMap.newKeySet();

  private static final AtomicBoolean HOOK = new AtomicBoolean();

  private final Removal removal;
  private final Cleaner.Cleanable cleanable;
  private final Map<String, Path> written = new LinkedHashMap<>();
  private boolean closed;

  private CredentialFiles(Path directory) {
    this.removal = new Removal(directory);
    OPEN.add(removal);
    this.cleanable = CLEANER.register(this, removal);
  }

  /**
   * Creates a private directory under {@code java.io.tmpdir}.
   *
   * @return the handle; close it when the job is done
   * @throws UncheckedIOException when the directory cannot be created
   * @throws UnsupportedOperationException when the file system is not POSIX
   */
  public static CredentialFiles create() {
    return createIn(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Creates a private directory under a parent, e.g. a memory file system such as {@code /dev/shm}.
   *
   * @param parent an existing directory
   * @return the handle; close it when the job is done
   * @throws UncheckedIOException when the directory cannot be created
   * @throws UnsupportedOperationException when the file system is not POSIX
   */
  public static CredentialFiles createIn(Path parent) {
    Objects.requireNonNull(parent, "parent");
    if (!parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      throw new UnsupportedOperationException(
          "CredentialFiles needs a POSIX file system to create owner-only files; "
              + parent
              + " is not on one. Pass values as environment variables instead");
    }
    installShutdownHook();
    try {
      return new CredentialFiles(Files.createTempDirectory(parent, "credentials-", DIR_MODE));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a private directory under " + parent + "; check that it exists", e);
    }
  }

  private static void installShutdownHook() {
    if (HOOK.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> List.copyOf(OPEN).forEach(Removal::runQuietly),
                  "credentials-files-cleanup"));
    }
  }

  /**
   * The private directory.
   *
   * @return its path
   */
  public Path directory() {
    return removal.directory;
  }

  /**
   * Writes a whole environment as one file (or one directory for {@link Format#PER_KEY}) named
   * {@value #ENVIRONMENT}.
   *
   * @param environment the resolved environment
   * @param format the layout
   * @return the path of the file or directory
   * @throws IllegalStateException when a file of that name and format was already written, or the
   *     handle is closed
   */
  public Path write(ResolvedEnvironment environment, Format format) {
    Objects.requireNonNull(environment, "environment");
    return write(ENVIRONMENT, environment.variables(), format);
  }

  /**
   * Writes one credential's values by field code, named after its id.
   *
   * @param credential the credential
   * @param format the layout
   * @return the path of the file or directory
   */
  public Path write(RevealedCredential credential, Format format) {
    Objects.requireNonNull(credential, "credential");
    return write(credential.metadata().id().value(), credential.values(), format);
  }

  /**
   * Writes one file per credential of an environment (grouping its variables by provenance), each
   * named after the credential's id. Variables without provenance (the process-environment
   * fallback) are not written.
   *
   * @param environment the resolved environment
   * @param format the layout
   * @return the path per credential, ordered by id
   */
  public Map<CredentialId, Path> writeEach(ResolvedEnvironment environment, Format format) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(format, "format");
    Map<CredentialId, Map<String, Secret>> groups =
        new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    environment
        .provenance()
        .forEach(
            (variable, id) -> {
              Secret value = environment.variables().get(variable);
              if (value != null) {
                groups.computeIfAbsent(id, k -> new TreeMap<>()).put(variable, value);
              }
            });
    Map<CredentialId, Path> paths = new LinkedHashMap<>();
    groups.forEach((id, values) -> paths.put(id, write(id.value(), values, format)));
    return Collections.unmodifiableMap(paths);
  }

  /**
   * Writes values under a name of your choice.
   *
   * @param name 1 to 128 letters, digits, {@code .}, {@code _} or {@code -}, not starting with a
   *     dot; the format's suffix is appended
   * @param values the values by key (variable name or field code)
   * @param format the layout
   * @return the path of the file or directory
   * @throws IllegalArgumentException when the name or a key is not allowed in the format
   * @throws IllegalStateException when that file was already written, or the handle is closed
   * @throws UncheckedIOException when writing fails; a partly written file is removed
   */
  public synchronized Path write(String name, Map<String, Secret> values, Format format) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(format, "format");
    if (closed) {
      throw new IllegalStateException("this CredentialFiles handle is closed; create a new one");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "file name must be 1 to 128 letters, digits, '.', '_' or '-' and not start with '.', got '"
              + name
              + "'");
    }
    String fileName = name + format.suffix;
    if (written.containsKey(fileName)) {
      throw new IllegalStateException(
          fileName + " was already written in " + directory() + "; use another name");
    }
    Map<String, Secret> sorted = new TreeMap<>(values);
    checkKeys(sorted, format);
    Path target = directory().resolve(fileName);
    try {
      switch (format) {
        case JSON -> writeFile(target, out -> writeJson(out, sorted));
        case DOTENV -> writeFile(target, out -> writeDotEnv(out, sorted));
        case PER_KEY -> writePerKey(target, sorted);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    written.put(fileName, target);
    return target;
  }

  /**
   * A file or directory written before, by the name it was written under plus its format's suffix
   * (e.g. {@code environment.json}).
   *
   * @param fileName the file name
   * @return its path, or empty
   */
  public synchronized Optional<Path> path(String fileName) {
    return Optional.ofNullable(written.get(fileName));
  }

  /**
   * Everything written so far.
   *
   * @return file name → path, in writing order
   */
  public synchronized Map<String, Path> paths() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(written));
  }

  /**
   * Overwrites every file written with zeros, then removes the directory and everything in it.
   * Calling it again does nothing.
   *
   * @throws UncheckedIOException when something could not be removed (after trying everything)
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    cleanable.clean();
    IOException failure = removal.failure;
    if (failure != null) {
      throw new UncheckedIOException("cannot fully remove " + directory(), failure);
    }
  }

  @Override
  public String toString() {
    return "CredentialFiles[" + directory() + (closed ? ", closed]" : "]");
  }

  // ---------------------------------------------------------------------------------------------

  private static void checkKeys(Map<String, Secret> values, Format format) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      String key = e.getKey();
      boolean ok =
          switch (format) {
            case JSON -> true;
            case DOTENV -> SHELL_KEY.matcher(key).matches();
            case PER_KEY -> FILE_KEY.matcher(key).matches();
          };
      if (!ok) {
        bad.add("'" + key + "'");
      }
      Objects.requireNonNull(e.getValue(), "value");
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "keys not allowed in format "
              + format
              + ": "
              + String.join(", ", bad)
              + (format == Format.DOTENV
                  ? "; .env keys must be shell variable names ([A-Za-z_][A-Za-z0-9_]*)"
                  : "; keys must be file names of letters, digits, '.', '_' or '-'"));
    }
  }

  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Creates an owner-only file atomically and fills it; removes it again when that fails. */
  private void writeFile(Path target, Content content) throws IOException {
    // created outside the try: a file we did not create (CREATE_NEW failed) is never touched
    SeekableByteChannel created = Files.newByteChannel(target, CREATE, FILE_MODE);
    removal.track(target);
    boolean done = false;
    try (SeekableByteChannel ch = created) {
      content.writeTo(Channels.newOutputStream(ch));
      done = true;
    } finally {
      if (!done) {
        Removal.wipeAndDelete(target);
      }
    }
  }

  private static void writeJson(OutputStream out, Map<String, Secret> values) throws IOException {
    try (JsonGenerator g = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      for (Map.Entry<String, Secret> e : values.entrySet()) {
        g.writeFieldName(e.getKey());
        byte[] utf8 = e.getValue().revealBytes();
        try {
          // Escapes the bytes as they are copied out; no String of the value is made.
          g.writeUTF8String(utf8, 0, utf8.length);
        } finally {
          Arrays.fill(utf8, (byte) 0);
        }
      }
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void writeDotEnv(OutputStream out, Map<String, Secret> values) throws IOException {
    WipedBuffer buf = new WipedBuffer();
    try {
      for (Map.Entry<String, Secret> e : values.entrySet()) {
        byte[] utf8 = e.getValue().revealBytes();
        try {
          for (byte b : utf8) {
            if (b == 0) {
              throw new IllegalArgumentException(
                  "the value of "
                      + e.getKey()
                      + " contains a NUL character, which a .env file cannot carry;"
                      + " use Format.JSON or Format.PER_KEY");
            }
          }
          buf.append(e.getKey().getBytes(StandardCharsets.US_ASCII));
          buf.append((byte) '=');
          buf.append((byte) '\'');
          for (byte b : utf8) {
            if (b == '\'') {
              // close the quote, an escaped quote, reopen: '\''
              buf.append((byte) '\'');
              buf.append((byte) '\\');
              buf.append((byte) '\'');
              buf.append((byte) '\'');
            } else {
              buf.append(b);
            }
          }
          buf.append((byte) '\'');
          buf.append((byte) '\n');
        } finally {
          Arrays.fill(utf8, (byte) 0);
        }
      }
      buf.writeTo(out);
    } finally {
      buf.wipe();
    }
  }

  private void writePerKey(Path dir, Map<String, Secret> values) throws IOException {
    Files.createDirectory(dir, DIR_MODE);
    removal.track(dir);
    boolean done = false;
    try {
      for (Map.Entry<String, Secret> e : values.entrySet()) {
        Path file = dir.resolve(e.getKey());
        writeFile(
            file,
            out -> {
              byte[] utf8 = e.getValue().revealBytes();
              try {
                out.write(utf8);
              } finally {
                Arrays.fill(utf8, (byte) 0);
              }
            });
      }
      done = true;
    } finally {
      if (!done) {
        Removal.removeTree(dir, new ArrayList<>());
      }
    }
  }

  /** A growable byte buffer that is zeroed when it grows and when it is done. */
  private static final class WipedBuffer {
    private byte[] bytes = new byte[256];
    private int size;

    void append(byte b) {
      if (size == bytes.length) {
        byte[] bigger = Arrays.copyOf(bytes, bytes.length * 2);
        Arrays.fill(bytes, (byte) 0);
        bytes = bigger;
      }
      bytes[size++] = b;
    }

    void append(byte[] b) {
      for (byte x : b) {
        append(x);
      }
    }

    void writeTo(OutputStream out) throws IOException {
      out.write(bytes, 0, size);
    }

    void wipe() {
      Arrays.fill(bytes, (byte) 0);
      size = 0;
    }
  }

  /**
   * Removes one handle's directory. Holds no reference to the handle, so that the cleaner can run
   * it when the handle is unreachable; runs at most once.
   */
  private static final class Removal implements Runnable {
    final Path directory;
    private final List<Path> files = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean done = new AtomicBoolean();
    volatile IOException failure;

    Removal(Path directory) {
      this.directory = directory;
    }

    void track(Path p) {
      files.add(p);
    }

    void runQuietly() {
      try {
        run();
      } catch (RuntimeException ignored) {
        // shutting down: nothing left to tell
      }
    }

    @Override
    public void run() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      List<IOException> problems = new ArrayList<>();
      List<Path> tracked;
      synchronized (files) {
        tracked = List.copyOf(files);
      }
      for (Path p : tracked) {
        try {
          overwrite(p);
        } catch (IOException e) {
          problems.add(e);
        }
      }
      removeTree(directory, problems);
      OPEN.remove(this);
      if (!problems.isEmpty()) {
        IOException first = problems.get(0);
        problems.subList(1, problems.size()).forEach(first::addSuppressed);
        failure = first;
      }
    }

    static void wipeAndDelete(Path file) throws IOException {
      overwrite(file);
      Files.deleteIfExists(file);
    }

    /** Overwrites a regular file with zeros; never follows a link the job may have planted. */
    private static void overwrite(Path file) throws IOException {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException gone) {
        return;
      }
      if (!a.isRegularFile() || a.size() == 0) {
        return;
      }
      try (SeekableByteChannel ch =
          Files.newByteChannel(file, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(a.size(), 8192));
        long left = a.size();
        while (left > 0) {
          zeros.clear().limit((int) Math.min(left, zeros.capacity()));
          left -= ch.write(zeros);
        }
        if (ch instanceof java.nio.channels.FileChannel fc) {
          fc.force(true);
        }
      }
    }

    /** Deletes a tree bottom-up without following links; collects failures. */
    static void removeTree(Path root, List<IOException> problems) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                delete(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                delete(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null) {
                  problems.add(e);
                }
                delete(dir);
                return FileVisitResult.CONTINUE;
              }

              private void delete(Path p) {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  problems.add(e);
                }
              }
            });
      } catch (IOException e) {
        problems.add(e);
      }
    }
  }
}
