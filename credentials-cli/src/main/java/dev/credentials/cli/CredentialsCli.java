package dev.credentials.cli;

import dev.credentials.CredentialException;
import dev.credentials.Role;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code credentials} command line: prototypes, credentials, consumers and bindings, launch,
 * audit, keys, seeding and backup, on the embedded H2 database in {@code --home} or on a JDBC
 * server ({@code --db}). Every verb acts as a principal in a tenant, through the access policy and
 * the audit log, like any host of the library. Exit codes are listed in {@code docs/cli.md}.
 */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    version = "credentials 0.1.0",
    description = "Manage credentials: prototypes, credentials, consumers, launch, keys, backup.",
    subcommandsRepeatable = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:a health check or audit verification failed",
      "2:usage (unknown verb or option, bad argument)",
      "65:bad data (validation, malformed file, conflict)",
      "66:no such file, credential, consumer or prototype",
      "69:database unavailable",
      "70:internal error",
      "74:cannot write a file",
      "75:launch DEFER or BLOCK; concurrent change",
      "77:access denied",
      "78:keyset missing or wrong",
    })
public final class CredentialsCli implements Runnable {

  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Embedded database and development keyset directory (default ~/.credentials).")
  Path home;

  @Option(
      names = "--db",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      description = "A database server instead of the embedded one (PostgreSQL, MariaDB, MySQL).")
  String db;

  @Option(
      names = "--db-user",
      scope = ScopeType.INHERIT,
      paramLabel = "USER",
      description = "Database user (or CREDENTIALS_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password-env",
      scope = ScopeType.INHERIT,
      paramLabel = "VAR",
      defaultValue = "CREDENTIALS_DB_PASSWORD",
      description = "Variable holding the database password (default ${DEFAULT-VALUE}).")
  String dbPasswordEnv;

  @Option(
      names = "--db-password-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "File holding the database password.")
  Path dbPasswordFile;

  @Option(
      names = "--keyset",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Cleartext Tink keyset file, 0600 (else CREDENTIALS_KEYSET, else development).")
  Path keyset;

  @Option(
      names = {"--tenant", "--company"},
      scope = ScopeType.INHERIT,
      paramLabel = "TENANT",
      description = "Tenant to act in (or CREDENTIALS_TENANT; default 'default').")
  String tenant;

  @Option(
      names = "--principal",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "Acting principal for the access policy and audit (or CREDENTIALS_PRINCIPAL).")
  String principal;

  @Option(
      names = "--role",
      scope = ScopeType.INHERIT,
      paramLabel = "ROLE",
      defaultValue = "ADMIN",
      description = "Role of the principal in the tenant: ${COMPLETION-CANDIDATES}.")
  Role role;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output of read verbs: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Output.Format format;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Io io;
  private Session session;
  private Output output;

  CredentialsCli(Io io) {
    this.io = io;
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(Io.system(), args));
  }

  /** Runs one command line and returns its exit code; never throws. */
  static int run(Io io, String... args) {
    CredentialsCli root = new CredentialsCli(io);
    CommandLine cl = new CommandLine(root);
    addVerbs(cl, args);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(CredentialsCli::usageError);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> root.failure(e, cmd.getCommandSpec().qualifiedName()));
    try {
      return cl.execute(args);
    } finally {
      root.closeSession();
    }
  }

  /** The top-level verbs in the order the help lists them. */
  private static final List<Class<?>> VERBS =
      List.of(
          PrototypeCommands.class,
          CredentialCommands.class,
          ConsumerCommands.class,
          ConsumerCommands.Status.class,
          ConsumerCommands.Assign.class,
          ConsumerCommands.Unassign.class,
          LaunchCommand.class,
          AuditCommands.class,
          KeysCommands.class,
          SeedCommand.class,
          BackupCommands.class,
          StatsCommand.class,
          HealthCommand.class);

  /** Global options that take a value, to find the verb among the arguments. */
  private static final Set<String> VALUED =
      Set.of(
          "--home",
          "--db",
          "--db-user",
          "--db-password-env",
          "--db-password-file",
          "--keyset",
          "--tenant",
          "--company",
          "--principal",
          "--role",
          "-o",
          "--output");

  /**
   * Registers the verbs. Building picocli's model of a command costs reflection, so when the
   * arguments name a verb only that verb is registered; otherwise (help, no verb, a misspelt one)
   * all are, so that help lists them and suggestions find them.
   */
  private static void addVerbs(CommandLine cl, String[] args) {
    String verb = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (VALUED.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        verb = a;
        break;
      }
    }
    for (Class<?> c : VERBS) {
      Command command = c.getAnnotation(Command.class);
      boolean named =
          command.name().equals(verb) || Arrays.asList(command.aliases()).contains(verb);
      if (named) {
        cl.addSubcommand(c);
        return;
      }
    }
    VERBS.forEach(cl::addSubcommand);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("credentials: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    return Exit.USAGE;
  }

  private int failure(Exception e, String verb) {
    int code;
    String message;
    if (e instanceof Exit.Failure f) {
      code = f.code();
      message = f.getMessage();
    } else if (e instanceof CredentialException c) {
      code = Exit.of(c);
      message = c.getMessage();
    } else if (e instanceof IllegalArgumentException) {
      code = Exit.DATA;
      message = e.getMessage();
    } else {
      code = Exit.SOFTWARE;
      message = "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage();
    }
    io.err().println(verb + ": " + Session.maskUrl(String.valueOf(message)));
    if (debug) {
      e.printStackTrace(io.err());
    }
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a verb is required (prototype, credential, consumer, launch, …)");
  }

  Io io() {
    return io;
  }

  /** The session of this run, opened on first use. */
  Session session() {
    if (session == null) {
      Path h = home != null ? home : Path.of(System.getProperty("user.home", "."), ".credentials");
      String t = tenant != null ? tenant : io.env("CREDENTIALS_TENANT").orElse("default");
      String p =
          principal != null
              ? principal
              : io.env("CREDENTIALS_PRINCIPAL")
                  .orElse(System.getProperty("user.name", "cli").toLowerCase(Locale.ROOT));
      session =
          new Session(
              new Session.Settings(
                  h,
                  Optional.ofNullable(db),
                  Optional.ofNullable(dbUser),
                  dbPasswordEnv,
                  Optional.ofNullable(dbPasswordFile),
                  Optional.ofNullable(keyset),
                  t,
                  p,
                  role),
              io);
    }
    return session;
  }

  /** Closes the session now (the launch does so before the child starts). */
  void closeSession() {
    if (session != null) {
      session.close();
    }
  }

  Output output() {
    if (output == null) {
      output = new Output(io.out(), format, io.terminal());
    }
    return output;
  }
}
