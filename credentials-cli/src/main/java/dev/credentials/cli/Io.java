package dev.credentials.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run of the command line reads and writes: standard streams, the environment and, when the
 * process runs on a terminal, the console. Tests pass their own.
 *
 * @param in standard input
 * @param out standard output: results (tables, JSON)
 * @param err standard error: messages, warnings, progress
 * @param env the environment variables
 * @param console the console when standard input and output are a terminal, else empty
 */
record Io(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Optional<Console> console) {

  Io {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(console, "console");
  }

  /** The process's own streams, environment and console. */
  static Io system() {
    return new Io(
        System.in, System.out, System.err, System.getenv(), Optional.ofNullable(System.console()));
  }

  /** True when the output is a terminal (colour, progress bars, prompts). */
  boolean terminal() {
    return console.isPresent();
  }

  /** An environment variable, when set and not blank. */
  Optional<String> env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }
}
