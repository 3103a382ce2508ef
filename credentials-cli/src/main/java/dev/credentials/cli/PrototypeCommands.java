package dev.credentials.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.Topic;
import dev.credentials.core.PrototypeCatalog;
import dev.credentials.core.prototype.FormDescriptors;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credentials prototype import|list|show|export}. */
@Command(
    name = "prototype",
    aliases = "crprototype",
    description = "Credential prototypes (templates): import, list, show, export.",
    mixinStandardHelpOptions = true,
    subcommands = {
      PrototypeCommands.Import.class,
      PrototypeCommands.ListVerb.class,
      PrototypeCommands.Show.class,
      PrototypeCommands.Export.class
    })
final class PrototypeCommands extends Verb {

  @Override
  int execute() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a prototype verb is required: import, list, show or export");
  }

  @Command(
      name = "import",
      description =
          "Import JSON prototype documents (this library's format or MultiFlexi's"
              + " *.credprototype.json; a file may hold one document or an array).")
  static final class Import extends Verb {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Prototype files ('-' = stdin).")
    List<Path> files;

    @Option(names = "--dry-run", description = "Validate and show; store nothing.")
    boolean dryRun;

    @Override
    int execute() {
      List<String> documents = new ArrayList<>();
      for (Path f : files) {
        String text = InputFiles.read(f, io(), "prototype file");
        JsonNode n = InputFiles.json(text, "prototype file " + f);
        if (n.isArray()) {
          n.forEach(d -> documents.add(d.toString()));
        } else {
          documents.add(text);
        }
      }
      String source = String.join(", ", files.stream().map(Path::toString).toList());
      List<Prototype> imported = engine().importPrototypes(source, documents, dryRun);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Prototype p : imported) {
        Map<String, Object> r = row(p);
        r.put("action", dryRun ? "would import" : "imported");
        rows.add(r);
      }
      output().table(List.of("code", "name", "version", "fields", "topics", "action"), rows);
      return Exit.OK;
    }
  }

  @Command(name = "list", description = "List registered prototypes.")
  static final class ListVerb extends Verb {
    @Option(names = "--category", paramLabel = "CATEGORY", description = "Only this category.")
    String category;

    @Override
    int execute() {
      PrototypeCatalog registry = session().registry();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Prototype p : registry.all()) {
        if (category == null || category.equalsIgnoreCase(p.category())) {
          Map<String, Object> r = row(p);
          r.put("source", registry.source(p.code()));
          rows.add(r);
        }
      }
      output().table(List.of("code", "name", "category", "version", "topics", "source"), rows);
      return Exit.OK;
    }
  }

  @Command(name = "show", description = "Show a prototype: fields, topics, checks.")
  static final class Show extends Verb {
    @Parameters(index = "0", paramLabel = "CODE")
    String code;

    @Option(names = "--form", description = "Print the form descriptor (JSON) instead.")
    boolean form;

    @Override
    int execute() {
      PrototypeCatalog registry = session().registry();
      Prototype p = registry.require(code);
      if (form) {
        io().out().println(FormDescriptors.of(p));
        return Exit.OK;
      }
      Map<String, Object> r = row(p);
      r.put("description", p.description());
      r.put("url", p.url());
      r.put("source", registry.source(code));
      r.put("check", registry.check(code).isPresent() ? "live check" : "none (state UNKNOWN)");
      r.put("connectionTest", registry.connectionTest(code).isPresent() ? "yes" : "none");
      List<Map<String, Object>> fields = new ArrayList<>();
      for (FieldDefinition f : p.fields()) {
        Map<String, Object> fr = new LinkedHashMap<>();
        fr.put("code", f.code());
        fr.put("type", f.type().name().toLowerCase(java.util.Locale.ROOT));
        fr.put("required", f.required());
        fr.put("secret", f.secret());
        fr.put("default", f.secret() ? null : f.defaultValue().orElse(null));
        fr.put("name", f.name());
        fields.add(fr);
      }
      r.put("fields", fields);
      if (output().json()) {
        output().printJson(r);
      } else {
        Map<String, Object> head = new LinkedHashMap<>(r);
        head.remove("fields");
        output().object(head);
        io().out().println();
        output().table(List.of("code", "type", "required", "secret", "default", "name"), fields);
      }
      return Exit.OK;
    }
  }

  @Command(name = "export", description = "Print a prototype as a JSON document of this library.")
  static final class Export extends Verb {
    @Parameters(index = "0", paramLabel = "CODE")
    String code;

    @Override
    int execute() {
      io().out().println(PrototypeDocuments.toJson(session().registry().require(code)));
      return Exit.OK;
    }
  }

  static Map<String, Object> row(Prototype p) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("code", p.code());
    r.put("name", p.name());
    r.put("category", p.category());
    r.put("version", p.version());
    r.put("topics", p.topics().stream().map(Topic::name).toList());
    r.put("fields", p.fields().size());
    return r;
  }
}
