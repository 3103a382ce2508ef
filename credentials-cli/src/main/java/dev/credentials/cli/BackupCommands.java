package dev.credentials.cli;

import dev.credentials.Binding;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialQuery;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.DefaultAccessPolicy;
import dev.credentials.core.KeysetStatus;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code credentials backup export|import}: a tenant's imported prototypes, credentials with their
 * values still sealed, consumers, bindings and optionally the audit chain, moved between databases
 * (the embedded H2 into PostgreSQL, for instance). Sealed values open only with the keyset that
 * sealed them, under the same tenant and credential id, so an import keeps both.
 *
 * <p>Both run through the repository SPI in one unit of work, as a restore does; they require a
 * principal the access policy lets manage, reveal and audit in the tenant.
 */
@Command(
    name = "backup",
    description = "Export a tenant to a file (values stay sealed) and import it elsewhere.",
    mixinStandardHelpOptions = true,
    subcommands = {BackupCommands.Export.class, BackupCommands.Import.class})
final class BackupCommands extends Verb {

  @Override
  int execute() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a backup verb is required: export or import");
  }

  static void requireOperator(Caller caller) {
    for (Permission p : List.of(Permission.MANAGE, Permission.REVEAL, Permission.AUDIT)) {
      if (!DefaultAccessPolicy.INSTANCE.permits(caller, p)) {
        throw new Exit.Failure(
            Exit.NO_PERMISSION,
            caller.principal()
                + " may not "
                + p.name().toLowerCase(java.util.Locale.ROOT)
                + " in tenant "
                + caller.tenant()
                + "; backups need the ADMIN role (--role admin)");
      }
    }
  }

  @Command(name = "export", description = "Write the tenant's backup to FILE (0600).")
  static final class Export extends Verb {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--with-audit", description = "Include the audit chain.")
    boolean withAudit;

    @Override
    int execute() {
      Caller caller = caller();
      requireOperator(caller);
      TenantId tenant = caller.tenant();
      List<Consumer> consumers = ConsumerCommands.declared(engine(), caller);
      CredentialRepository repo = session().repository();
      BackupFile.Backup b =
          repo.read(
              uow -> {
                List<StoredCredential> creds = new ArrayList<>();
                PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
                try (Progress bar = Progress.start("export", 0, io())) {
                  while (true) {
                    Page<StoredCredential> p =
                        uow.credentials().list(tenant, CredentialQuery.all(), page);
                    creds.addAll(p.items());
                    bar.update(creds.size(), p.total());
                    if (!p.hasNext()) {
                      break;
                    }
                    page = page.next();
                  }
                }
                List<Binding> bindings = new ArrayList<>();
                for (Consumer c : consumers) {
                  bindings.addAll(uow.bindings().ofConsumer(tenant, c.id()));
                }
                List<AuditEvent> audit = new ArrayList<>();
                if (withAudit) {
                  PageRequest ap = PageRequest.first(PageRequest.MAX_SIZE);
                  while (true) {
                    Page<AuditEvent> p = uow.audit().events(tenant, AuditQuery.all(), ap);
                    audit.addAll(p.items());
                    if (!p.hasNext()) {
                      break;
                    }
                    ap = ap.next();
                  }
                }
                return new BackupFile.Backup(
                    tenant,
                    engine().clock().instant(),
                    uow.prototypeDocuments().all(),
                    creds,
                    consumers,
                    bindings,
                    audit);
              });
      writeOwnerOnly(file, BackupFile.write(b));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", file.toString());
      r.put("tenant", tenant.value());
      r.put("prototypes", b.prototypes().size());
      r.put("credentials", b.credentials().size());
      r.put("consumers", b.consumers().size());
      r.put("bindings", b.bindings().size());
      r.put("auditEvents", b.audit().size());
      r.put(
          "keyIds",
          b.credentials().stream().map(s -> s.metadata().keyId()).distinct().sorted().toList());
      output().object(r);
      return Exit.OK;
    }
  }

  static void writeOwnerOnly(Path file, String content) {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    try {
      Path tmp = Files.createTempFile(dir, ".backup", ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the directory's permissions protect it
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new Exit.Failure(
          Exit.IO,
          "cannot write " + file + " (" + e.getClass().getSimpleName() + "); check the directory");
    }
  }

  /** What to do when an item of the backup already exists in the target. */
  enum OnConflict {
    /** Write nothing and list the conflicts (default). */
    fail,
    /** Keep what the target has, import the rest. */
    skip
  }

  @Command(
      name = "import",
      description =
          "Import a backup into the tenant it was taken from. Items identical to the target's are"
              + " left alone; others that exist are conflicts: --on-conflict fail (default) writes"
              + " nothing, skip keeps the target's. --dry-run prints the plan.")
  static final class Import extends Verb {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--dry-run", description = "Print the plan; write nothing.")
    boolean dryRun;

    @Option(
        names = "--on-conflict",
        defaultValue = "fail",
        paramLabel = "POLICY",
        description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    OnConflict onConflict;

    @Override
    int execute() {
      String what = "backup file " + file;
      BackupFile.Backup b =
          BackupFile.read(InputFiles.json(InputFiles.read(file, io(), "backup file"), what), what);
      Caller caller = caller();
      if (!caller.tenant().equals(b.tenant())) {
        throw new Exit.Failure(
            Exit.DATA,
            what
                + " holds tenant "
                + b.tenant()
                + " and sealed values are bound to it; run with --tenant "
                + b.tenant());
      }
      requireOperator(caller);
      checkKeys(b);
      checkPrototypes(b);
      Plan plan = session().repository().read(uow -> plan(uow, b));
      if (!plan.conflicts.isEmpty() && onConflict == OnConflict.fail) {
        List<String> shown = plan.conflicts.subList(0, Math.min(20, plan.conflicts.size()));
        throw new Exit.Failure(
            Exit.DATA,
            plan.conflicts.size()
                + " item(s) of the backup exist in the target and differ: "
                + String.join("; ", shown)
                + ". Nothing was written; use --on-conflict skip to keep the target's and import"
                + " the rest.");
      }
      if (!dryRun) {
        long total = plan.total();
        session()
            .repository()
            .inTransaction(
                uow -> {
                  try (Progress bar = Progress.start("import", total, io())) {
                    long n = 0;
                    for (Map.Entry<String, String> e : plan.prototypes.entrySet()) {
                      uow.prototypeDocuments().put(e.getKey(), e.getValue());
                      bar.update(++n, total);
                    }
                    for (StoredCredential s : plan.credentials) {
                      uow.credentials().insert(s);
                      bar.update(++n, total);
                    }
                    for (Consumer c : plan.consumers) {
                      uow.bindings().putConsumer(b.tenant(), c);
                      bar.update(++n, total);
                    }
                    for (Binding x : plan.bindings) {
                      uow.bindings().put(x);
                      bar.update(++n, total);
                    }
                    for (AuditEvent e : plan.audit) {
                      uow.audit().append(e);
                      bar.update(++n, total);
                    }
                  }
                  return null;
                });
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", file.toString());
      r.put("tenant", b.tenant().value());
      r.put("dryRun", dryRun);
      r.put("prototypes", plan.prototypes.size());
      r.put("credentials", plan.credentials.size());
      r.put("consumers", plan.consumers.size());
      r.put("bindings", plan.bindings.size());
      r.put("auditEvents", plan.audit.size());
      r.put("identical", plan.identical);
      r.put("skipped", plan.conflicts);
      output().object(r);
      return Exit.OK;
    }

    private void checkKeys(BackupFile.Backup b) {
      KeysetStatus status = engine().keys().status();
      Set<String> missing =
          b.credentials().stream()
              .map(s -> s.metadata().keyId())
              .filter(
                  id ->
                      status.key(id).map(k -> k.state() != KeysetStatus.State.ENABLED).orElse(true))
              .collect(Collectors.toCollection(java.util.TreeSet::new));
      if (!missing.isEmpty()) {
        throw new Exit.Failure(
            Exit.CONFIG,
            "the keyset in use does not hold enabled key(s) "
                + missing
                + " that sealed the backup's values; use the keyset the backup was taken with"
                + " (--keyset FILE or "
                + Session.KEYSET_ENV
                + "). Nothing was written.");
      }
    }

    private void checkPrototypes(BackupFile.Backup b) {
      List<String> unknown =
          b.credentials().stream()
              .map(s -> s.metadata().prototype())
              .distinct()
              .filter(
                  p -> !b.prototypes().containsKey(p) && engine().prototypes().find(p).isEmpty())
              .toList();
      if (!unknown.isEmpty()) {
        throw new Exit.Failure(
            Exit.DATA,
            "the backup's credentials use prototype(s) "
                + unknown
                + " that neither the backup nor this installation has; add their provider jar."
                + " Nothing was written.");
      }
    }
  }

  /** What an import writes, and what it leaves alone. */
  static final class Plan {
    final Map<String, String> prototypes = new LinkedHashMap<>();
    final List<StoredCredential> credentials = new ArrayList<>();
    final List<Consumer> consumers = new ArrayList<>();
    final List<Binding> bindings = new ArrayList<>();
    final List<AuditEvent> audit = new ArrayList<>();
    final List<String> identical = new ArrayList<>();
    final List<String> conflicts = new ArrayList<>();

    long total() {
      return prototypes.size()
          + credentials.size()
          + consumers.size()
          + bindings.size()
          + audit.size();
    }
  }

  static Plan plan(UnitOfWork uow, BackupFile.Backup b) {
    Plan plan = new Plan();
    TenantId t = b.tenant();
    Map<String, String> existing = uow.prototypeDocuments().all();
    b.prototypes()
        .forEach(
            (code, doc) -> {
              String have = existing.get(code);
              if (have == null) {
                plan.prototypes.put(code, doc);
              } else if (have.equals(doc)) {
                plan.identical.add("prototype " + code);
              } else {
                plan.conflicts.add("prototype " + code + " differs");
              }
            });
    Set<String> importedIds = new java.util.HashSet<>();
    for (StoredCredential s : b.credentials()) {
      var m = s.metadata();
      Optional<StoredCredential> byId = uow.credentials().find(t, m.id());
      Optional<StoredCredential> byName =
          uow.credentials().findByName(t, m.name(), m.environment());
      String label = "credential " + m.name() + " (" + m.environment() + ")";
      if (byId.isPresent() && byId.get().equals(s)) {
        plan.identical.add(label);
        importedIds.add(m.id().value());
      } else if (byId.isPresent() || byName.isPresent()) {
        plan.conflicts.add(label + " exists");
      } else {
        plan.credentials.add(s);
        importedIds.add(m.id().value());
      }
    }
    for (Consumer c : b.consumers()) {
      Optional<Consumer> have = uow.bindings().consumer(t, c.id());
      if (have.isEmpty()) {
        plan.consumers.add(c);
      } else if (have.get().equals(c)) {
        plan.identical.add("consumer " + c.id());
      } else {
        plan.conflicts.add("consumer " + c.id() + " requires other topics");
      }
    }
    for (Binding x : b.bindings()) {
      String label = "binding " + x.consumerId() + "/" + x.topic().name();
      Optional<Binding> have =
          uow.bindings().ofConsumer(t, x.consumerId()).stream()
              .filter(y -> y.topic().equals(x.topic()))
              .findFirst();
      if (have.isPresent() && have.get().credentialId().equals(x.credentialId())) {
        plan.identical.add(label);
      } else if (have.isPresent()) {
        plan.conflicts.add(label + " is bound to another credential");
      } else if (!importedIds.contains(x.credentialId().value())) {
        plan.conflicts.add(label + " names a credential that is not imported");
      } else {
        plan.bindings.add(x);
      }
    }
    if (!b.audit().isEmpty()) {
      if (uow.audit().last(t).isPresent()) {
        plan.conflicts.add("audit: the target tenant already has an audit chain");
      } else {
        plan.audit.addAll(b.audit());
      }
    }
    return plan;
  }
}
