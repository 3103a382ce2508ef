package dev.credentials.cli;

import dev.credentials.Caller;
import dev.credentials.CredentialException;
import dev.credentials.Principal;
import dev.credentials.Role;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.AccessAudit;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.PrototypeCatalog;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.spi.CredentialRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The storage, keys and engine of one run, opened lazily: a verb that fails on its arguments opens
 * nothing and writes nothing. Closed at the end of the run.
 */
final class Session implements AutoCloseable {

  /** The environment variable that may hold the keyset (Tink JSON, or base64 of it). */
  static final String KEYSET_ENV = "CREDENTIALS_KEYSET";

  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

  private final Settings settings;
  private final Io io;
  private CredentialKeys keys;
  private Optional<Path> keysetFile = Optional.empty();
  private JdbcCredentialRepository repository;
  private Credentials engine;
  private PrototypeCatalog registry;

  /** What the global options say. */
  record Settings(
      Path home,
      Optional<String> db,
      Optional<String> dbUser,
      String dbPasswordEnv,
      Optional<Path> dbPasswordFile,
      Optional<Path> keyset,
      String tenant,
      String principal,
      Role role) {}

  Session(Settings settings, Io io) {
    this.settings = settings;
    this.io = io;
  }

  /** The acting caller: the principal with its role in the tenant. */
  Caller caller() {
    TenantId tenant = tenant();
    Principal p =
        new Principal(
            settings.principal(), Principal.Kind.USER, Map.of(tenant, EnumSet.of(settings.role())));
    return Caller.of(tenant, p).withCorrelationId("cli");
  }

  TenantId tenant() {
    try {
      return TenantId.of(settings.tenant());
    } catch (IllegalArgumentException e) {
      throw new Exit.Failure(Exit.USAGE, "--tenant: " + e.getMessage());
    }
  }

  /** The keys, loaded once. */
  CredentialKeys keys() {
    if (keys == null) {
      if (settings.keyset().isPresent()) {
        Path file = settings.keyset().get();
        if (!Files.exists(file)) {
          throw new Exit.Failure(
              Exit.NO_INPUT, "--keyset " + file + ": no such file; give the keyset file to use");
        }
        keys = CredentialKeys.fromFile(file);
        keysetFile = Optional.of(file);
      } else if (io.env(KEYSET_ENV).isPresent()) {
        keys = CredentialKeys.fromJson(io.env(KEYSET_ENV).get());
      } else {
        Path file = settings.home().resolve("keyset.json");
        io.err()
            .println(
                "WARNING: using the DEVELOPMENT keyset "
                    + file
                    + " (cleartext, generated on first use). In production pass --keyset FILE or"
                    + " set "
                    + KEYSET_ENV
                    + ".");
        keys = CredentialKeys.developmentFile(file);
        keysetFile = Optional.of(file);
      }
    }
    return keys;
  }

  /** The keyset file the keys came from, when they came from one (the rotation persists to it). */
  Optional<Path> keysetFile() {
    keys();
    return keysetFile;
  }

  /** The repository, opened once. */
  CredentialRepository repository() {
    if (repository == null) {
      repository = openRepository();
    }
    return repository;
  }

  /** Where the data lives, for messages (passwords masked). */
  String location() {
    return settings
        .db()
        .map(Session::maskUrl)
        .orElse(settings.home().resolve("credentials").toString());
  }

  private JdbcCredentialRepository openRepository() {
    try {
      if (settings.db().isEmpty()) {
        return JdbcCredentialRepository.h2File(settings.home());
      }
      String url = settings.db().get();
      if (!url.startsWith("jdbc:")) {
        throw new Exit.Failure(
            Exit.USAGE, "--db must be a JDBC URL (jdbc:postgresql://host/db), got " + maskUrl(url));
      }
      JdbcCredentialRepository.Builder b =
          JdbcCredentialRepository.builder().url(url).maximumPoolSize(2);
      settings.dbUser().or(() -> io.env("CREDENTIALS_DB_USER")).ifPresent(b::user);
      databasePassword().ifPresent(b::password);
      return b.build();
    } catch (Exit.Failure e) {
      throw e;
    } catch (CredentialException e) {
      throw new Exit.Failure(
          Exit.UNAVAILABLE, "cannot open the database " + location() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new Exit.Failure(
          Exit.UNAVAILABLE,
          "cannot open the database "
              + location()
              + ": "
              + rootMessage(e)
              + "; check --db, the server, the user and the password",
          e);
    }
  }

  private Optional<Secret> databasePassword() {
    if (settings.dbPasswordFile().isPresent()) {
      Path f = settings.dbPasswordFile().get();
      try {
        String s = Files.readString(f, StandardCharsets.UTF_8).strip();
        return Optional.of(Secret.of(s));
      } catch (IOException e) {
        throw new Exit.Failure(Exit.NO_INPUT, "--db-password-file " + f + ": cannot read it");
      }
    }
    return io.env(settings.dbPasswordEnv()).map(Secret::of);
  }

  /**
   * The prototype registry. Without an engine yet, it is loaded the way the engine loads it (the
   * providers on the class path, then the documents imported into the repository) but without
   * opening the keyset, so that read-only prototype verbs start faster.
   */
  PrototypeCatalog registry() {
    if (engine != null) {
      return engine.prototypes();
    }
    if (registry == null) {
      CredentialRepository r = repository();
      PrototypeRegistry reg =
          PrototypeRegistry.load(List.of(), true, Credentials.class.getClassLoader());
      Map<String, String> imported = r.read(uow -> uow.prototypeDocuments().all());
      if (!imported.isEmpty()) {
        reg.register(
            PrototypeDocuments.parseAll("repository", List.copyOf(imported.values())),
            "imported (repository)");
      }
      registry = PrototypeCatalog.of(reg);
    }
    return registry;
  }

  /** The engine over the repository and keys, built once. */
  Credentials engine() {
    if (engine == null) {
      CredentialRepository r = repository();
      CredentialKeys k = keys();
      try {
        engine =
            Credentials.builder()
                .repository(r)
                .keys(k)
                .accessAudit(AccessAudit.synchronous())
                .slf4jReporter(false)
                .build();
      } catch (CredentialException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new Exit.Failure(
            Exit.UNAVAILABLE, "cannot start on " + location() + ": " + rootMessage(e), e);
      }
    }
    return engine;
  }

  /** Closes the engine and the repository, so that the database is free (before a child runs). */
  @Override
  public void close() {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      engine = null;
      if (repository != null) {
        repository.close();
        repository = null;
      }
    }
  }

  static String maskUrl(String url) {
    return PASSWORD_IN_URL.matcher(url).replaceAll("$1****");
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : maskUrl(m);
  }
}
