package dev.credentials.cli;

import dev.credentials.LaunchDecision;
import dev.credentials.core.delivery.JobLauncher;
import dev.credentials.core.delivery.JobResult;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code credentials launch CONSUMER -- COMMAND ARGS…}: asks the launch gate and runs the decision
 * through the library's {@link JobLauncher}: on RUN it starts the command with the resolved
 * variables added to its environment, masks every secret value (and its common encodings) in the
 * command's output, and exits with its exit code (124 when {@code --timeout} stopped it); on DEFER
 * or BLOCK it prints the reasons (and the retry time) and exits 75.
 */
@Command(
    name = "launch",
    description =
        "Prepare a consumer's launch; on RUN start COMMAND with the credentials in its"
            + " environment, its output masked, and exit with its code; on DEFER/BLOCK print why"
            + " and exit 75.")
final class LaunchCommand extends Verb {

  @Parameters(index = "0", paramLabel = "CONSUMER")
  String consumer;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "After --.")
  List<String> command;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Stop the command (and its children) after this long: 90s, 15m, 2h.")
  String timeout;

  @Override
  int execute() {
    LaunchDecision d = engine().launchGate().prepare(caller(), consumer);
    if (d.outcome() != LaunchDecision.Outcome.RUN) {
      io().err().println("credentials launch: " + d.outcome() + " " + consumer);
      for (String r : d.reasons()) {
        io().err().println("  - " + r);
      }
      d.retryAt().ifPresent(t -> io().err().println("  retry at " + t));
      return d.exitCode();
    }
    JobLauncher.Builder launcher =
        JobLauncher.builder(engine()).stdout(io().out()).stderr(io().err());
    if (timeout != null) {
      launcher.timeout(Durations.parse("--timeout", timeout));
    }
    JobResult result;
    try {
      result = launcher.build().launch(caller(), d, command);
    } catch (UncheckedIOException e) {
      throw new Exit.Failure(
          Exit.NO_INPUT, "cannot start " + command.get(0) + ": " + Session.rootMessage(e));
    }
    io().out().flush();
    io().err().flush();
    if (result.timedOut()) {
      io().err().println("credentials launch: " + command.get(0) + " stopped at its timeout");
    }
    return result.exitCode();
  }
}
