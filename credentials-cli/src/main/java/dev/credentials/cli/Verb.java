package dev.credentials.cli;

import dev.credentials.Caller;
import dev.credentials.core.Credentials;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A verb: reaches the run's session, output and streams through the root command. */
abstract class Verb implements Callable<Integer> {

  @Spec CommandSpec spec;

  final CredentialsCli cli() {
    return (CredentialsCli) spec.root().userObject();
  }

  final Session session() {
    return cli().session();
  }

  final Credentials engine() {
    return session().engine();
  }

  final Caller caller() {
    return session().caller();
  }

  final Output output() {
    return cli().output();
  }

  final Io io() {
    return cli().io();
  }

  @Override
  public final Integer call() throws Exception {
    return execute();
  }

  /** Runs the verb and returns its exit code. */
  abstract int execute() throws Exception;
}
