package dev.credentials.core.delivery;

import dev.credentials.Caller;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.core.Credentials;
import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a consumer's job the way a host would otherwise write by hand: takes the launch decision,
 * starts the process with the resolved environment (and, if asked, the credential files), copies
 * its standard output and error into the host's streams with every secret masked, waits (with an
 * optional timeout that destroys the whole process tree), removes the files, and returns the exit
 * code.
 *
 * <pre>{@code
 * JobLauncher launcher =
 *     JobLauncher.builder(credentials).timeout(Duration.ofMinutes(10)).build();
 * JobResult result = launcher.launch(scheduler, "invoice-sync", List.of("./sync.sh"));
 * System.exit(result.exitCode()); // 75 (EX_TEMPFAIL) when the launch was deferred or blocked
 * }</pre>
 *
 * <p>A DEFER or BLOCK decision starts nothing: the result carries exit code {@value
 * LaunchDecision#EX_TEMPFAIL} and the decision's reasons. Secret variables too short to be masked
 * are named in one warning per launch (never their values).
 *
 * <p>Instances are immutable and safe for concurrent launches.
 */
public final class JobLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final Credentials credentials;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private final Optional<Duration> timeout;
  private final Optional<CredentialFiles.Format> filesFormat;
  private final String filesVariable;
  private final Optional<Path> directory;
  private final int minimumMaskLength;

  private JobLauncher(Builder b) {
    this.credentials = b.credentials;
    this.stdout = b.stdout;
    this.stderr = b.stderr;
    this.timeout = Optional.ofNullable(b.timeout);
    this.filesFormat = Optional.ofNullable(b.filesFormat);
    this.filesVariable = b.filesVariable;
    this.directory = Optional.ofNullable(b.directory);
    this.minimumMaskLength = b.minimumMaskLength;
  }

  /**
   * A builder for launchers of an engine's consumers.
   *
   * @param credentials the engine
   * @return a new builder
   */
  public static Builder builder(Credentials credentials) {
    return new Builder(Objects.requireNonNull(credentials, "credentials"));
  }

  /**
   * Decides a launch with the engine's launch gate and runs the job if the decision is RUN.
   *
   * @param caller who launches
   * @param consumerId the consumer
   * @param command the program and its arguments
   * @return the result
   * @throws dev.credentials.UnknownConsumerException when the consumer is not declared
   * @throws UncheckedIOException when the process cannot be started
   */
  public JobResult launch(Caller caller, String consumerId, List<String> command) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(consumerId, "consumerId");
    checkCommand(command);
    return launch(caller, credentials.launchGate().prepare(caller, consumerId), command);
  }

  /**
   * Runs the job of a decision already taken with {@code credentials.launchGate().prepare(caller,
   * consumer)}.
   *
   * @param caller who launches (the same caller that prepared the decision)
   * @param decision the decision
   * @param command the program and its arguments
   * @return the result; for DEFER and BLOCK, exit code {@value LaunchDecision#EX_TEMPFAIL} and
   *     nothing started
   * @throws UncheckedIOException when the process cannot be started
   */
  public JobResult launch(Caller caller, LaunchDecision decision, List<String> command) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(decision, "decision");
    checkCommand(command);
    if (decision.outcome() != Outcome.RUN) {
      return new JobResult(
          decision.consumerId(),
          decision.outcome(),
          decision.exitCode(),
          decision.reasons(),
          false,
          false,
          Duration.ZERO,
          Set.of());
    }
    ResolvedEnvironment environment = decision.requireEnvironment();
    OutputMasker masker =
        OutputMasker.forLaunch(credentials, caller, environment, minimumMaskLength);
    if (!masker.unmaskedVariables().isEmpty()) {
      LOG.warn(
          "launch of {}: secret variables {} are shorter than {} characters and are not masked in"
              + " the job's output",
          decision.consumerId(),
          masker.unmaskedVariables(),
          minimumMaskLength);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    directory.ifPresent(d -> builder.directory(d.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    CredentialFiles files = null;
    try {
      environment.applyTo(builder);
      if (filesFormat.isPresent()) {
        files = CredentialFiles.create();
        Path path = files.write(environment, filesFormat.get());
        builder.environment().put(filesVariable, path.toString());
      }
      return run(decision.consumerId(), builder, masker);
    } finally {
      if (files != null) {
        files.close();
      }
      builder.environment().clear(); // the revealed values leave this builder
    }
  }

  private JobResult run(String consumerId, ProcessBuilder builder, OutputMasker masker) {
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the job of "
              + consumerId
              + " ("
              + builder.command().get(0)
              + "); check that the program exists and is executable",
          e);
    }
    Thread out = pump(process.getInputStream(), masker.wrap(new KeepOpen(stdout)), consumerId);
    Thread err = pump(process.getErrorStream(), masker.wrap(new KeepOpen(stderr)), consumerId);
    boolean timedOut = false;
    int exit;
    try {
      if (timeout.isPresent()) {
        if (!process.waitFor(timeout.get().toNanos(), TimeUnit.NANOSECONDS)) {
          timedOut = true;
          destroyTree(process);
        }
      }
      exit = process.waitFor();
      out.join(GRACE.toMillis());
      err.join(GRACE.toMillis());
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for the job of " + consumerId + "; the job was destroyed", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new JobResult(
        consumerId,
        Outcome.RUN,
        timedOut ? JobResult.TIMED_OUT : exit,
        List.of(),
        true,
        timedOut,
        elapsed,
        masker.unmaskedVariables());
  }

  /** Asks the process and all its descendants to stop, then kills what is left after a grace. */
  private static void destroyTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private static Thread pump(InputStream from, OutputStream to, String consumerId) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from;
                  OutputStream out = to) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  if (in.available() == 0) {
                    out.flush();
                  }
                }
              } catch (IOException e) {
                LOG.warn(
                    "copying the output of {} stopped: {}", consumerId, e.getClass().getName());
              }
            },
            "job-output-" + consumerId);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void checkCommand(List<String> command) {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must name a program to run; it is empty");
    }
    for (int i = 0; i < command.size(); i++) {
      Objects.requireNonNull(command.get(i), "command[" + i + "]");
    }
  }

  @Override
  public String toString() {
    return "JobLauncher[timeout=" + timeout.map(Duration::toString).orElse("none") + "]";
  }

  /** Flushes but never closes the host's stream. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Configures a {@link JobLauncher}. */
  public static final class Builder {
    private final Credentials credentials;
    private OutputStream stdout = System.out;
    private OutputStream stderr = System.err;
    private Duration timeout;
    private CredentialFiles.Format filesFormat;
    private String filesVariable;
    private Path directory;
    private int minimumMaskLength = OutputMasker.DEFAULT_MINIMUM_LENGTH;

    private Builder(Credentials credentials) {
      this.credentials = credentials;
    }

    /**
     * Where the job's standard output goes, masked (default {@code System.out}); never closed.
     *
     * @param v the stream
     * @return this
     */
    public Builder stdout(OutputStream v) {
      this.stdout = Objects.requireNonNull(v, "stdout");
      return this;
    }

    /**
     * Where the job's standard error goes, masked (default {@code System.err}); never closed.
     *
     * @param v the stream
     * @return this
     */
    public Builder stderr(OutputStream v) {
      this.stderr = Objects.requireNonNull(v, "stderr");
      return this;
    }

    /**
     * How long a job may run before it and its descendants are destroyed (default: no limit).
     *
     * @param v a positive duration
     * @return this
     * @throws IllegalArgumentException when not positive
     */
    public Builder timeout(Duration v) {
      Objects.requireNonNull(v, "timeout");
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + v);
      }
      this.timeout = v;
      return this;
    }

    /**
     * Also writes the environment as a credential file ({@link CredentialFiles#ENVIRONMENT}) and
     * passes its path in a variable; the file is removed when the job ends.
     *
     * @param format the layout
     * @param pathVariable the variable that receives the path, e.g. {@code CREDENTIALS_PATH}
     * @return this
     * @throws IllegalArgumentException when the variable is not a shell variable name
     */
    public Builder credentialFiles(CredentialFiles.Format format, String pathVariable) {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(pathVariable, "pathVariable");
      if (!VARIABLE.matcher(pathVariable).matches()) {
        throw new IllegalArgumentException(
            "pathVariable must be a variable name like CREDENTIALS_PATH, got '"
                + pathVariable
                + "'");
      }
      this.filesFormat = format;
      this.filesVariable = pathVariable;
      return this;
    }

    /**
     * The job's working directory (default: the host's).
     *
     * @param v the directory
     * @return this
     */
    public Builder directory(Path v) {
      this.directory = Objects.requireNonNull(v, "directory");
      return this;
    }

    /**
     * The shortest secret value, in characters, that is masked (default {@value
     * OutputMasker#DEFAULT_MINIMUM_LENGTH}).
     *
     * @param v at least 1
     * @return this
     * @throws IllegalArgumentException when below 1
     */
    public Builder minimumMaskLength(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("minimumMaskLength must be at least 1, got " + v);
      }
      this.minimumMaskLength = v;
      return this;
    }

    /**
     * Builds the launcher.
     *
     * @return the launcher
     */
    public JobLauncher build() {
      return new JobLauncher(this);
    }
  }
}
