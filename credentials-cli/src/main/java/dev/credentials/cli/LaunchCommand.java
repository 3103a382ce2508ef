package dev.credentials.cli;

import dev.credentials.LaunchDecision;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code credentials launch CONSUMER -- COMMAND ARGS…}: asks the launch gate; on RUN starts the
 * command with the resolved variables added to its environment, its standard streams inherited, and
 * exits with its exit code; on DEFER or BLOCK prints the reasons (and the retry time) and exits 75.
 * The database is closed before the child starts, so the child may use it.
 */
@Command(
    name = "launch",
    description =
        "Prepare a consumer's launch; on RUN start COMMAND with the credentials in its"
            + " environment and exit with its code; on DEFER/BLOCK print why and exit 75.")
final class LaunchCommand extends Verb {

  @Parameters(index = "0", paramLabel = "CONSUMER")
  String consumer;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "After --.")
  List<String> command;

  @Override
  int execute() throws InterruptedException {
    LaunchDecision d = engine().launchGate().prepare(caller(), consumer);
    if (d.outcome() != LaunchDecision.Outcome.RUN) {
      io().err().println("credentials launch: " + d.outcome() + " " + consumer);
      for (String r : d.reasons()) {
        io().err().println("  - " + r);
      }
      d.retryAt().ifPresent(t -> io().err().println("  retry at " + t));
      return d.exitCode();
    }
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    d.requireEnvironment().applyTo(pb);
    cli().closeSession();
    Process child;
    try {
      child = pb.start();
    } catch (IOException e) {
      throw new Exit.Failure(
          Exit.NO_INPUT, "cannot start " + command.get(0) + ": " + Session.rootMessage(e));
    }
    return child.waitFor();
  }
}
