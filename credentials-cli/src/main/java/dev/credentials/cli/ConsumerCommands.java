package dev.credentials.cli;

import dev.credentials.Binding;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialMetadata;
import dev.credentials.Requirement;
import dev.credentials.RequirementStatus;
import dev.credentials.Topic;
import dev.credentials.core.ConsumerDescriptors;
import dev.credentials.core.Credentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credentials consumer declare|list}, {@code status}, {@code assign}, {@code unassign}. */
@Command(
    name = "consumer",
    description = "Consumers (job templates, tools) and the topics they require.",
    mixinStandardHelpOptions = true,
    subcommands = {ConsumerCommands.Declare.class, ConsumerCommands.ListVerb.class})
final class ConsumerCommands extends Verb {

  @Override
  int execute() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a consumer verb is required: declare or list");
  }

  @Command(
      name = "declare",
      description = "Declare a consumer with --requires or from a MultiFlexi app.json.")
  static final class Declare extends Verb {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
      @Option(names = "--requires", split = ",", paramLabel = "TOPIC", description = "T1,T2,…")
      List<String> requires;

      @Option(names = "--from-app", paramLabel = "FILE", description = "app.json (requirements).")
      Path fromApp;
    }

    @Override
    int execute() {
      Consumer c;
      if (source.fromApp != null) {
        String json = InputFiles.read(source.fromApp, io(), "application descriptor");
        c = ConsumerDescriptors.fromApplicationJson(id, json);
      } else {
        try {
          c = Consumer.of(id, source.requires.stream().map(String::strip).toArray(String[]::new));
        } catch (IllegalArgumentException e) {
          throw new Exit.Failure(Exit.USAGE, "--requires: " + e.getMessage());
        }
      }
      Consumer declared = engine().bindings().declare(caller(), c);
      output()
          .line(
              "declared "
                  + declared.id()
                  + " requiring "
                  + declared.requirements().stream().map(r -> r.topic().name()).toList());
      if (output().json()) {
        output().printJson(consumer(declared));
      }
      return Exit.OK;
    }
  }

  @Command(name = "list", description = "List the tenant's consumers.")
  static final class ListVerb extends Verb {
    @Override
    int execute() {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Consumer c : declared(engine(), caller())) {
        Map<String, Object> r = consumer(c);
        ConsumerStatus s = engine().bindings().status(caller(), c.id());
        r.put("ready", s.isReady());
        rows.add(r);
      }
      output().table(List.of("id", "requires", "ready"), rows);
      return Exit.OK;
    }
  }

  static Map<String, Object> consumer(Consumer c) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", c.id());
    r.put("requires", c.requirements().stream().map(q -> q.topic().name()).toList());
    return r;
  }

  /** The tenant's consumers, ordered by id. */
  static List<Consumer> declared(Credentials engine, Caller caller) {
    return engine.bindings().consumers(caller);
  }

  @Command(
      name = "status",
      description =
          "Requirement cards of a consumer: PROVIDER_MISSING (red), NO_CREDENTIAL"
              + " (orange), UNASSIGNED (choose), BOUND (green) with the last live state.")
  static final class Status extends Verb {
    @Parameters(index = "0", paramLabel = "CONSUMER")
    String consumer;

    @Override
    int execute() {
      ConsumerStatus s = engine().bindings().status(caller(), consumer);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (RequirementStatus r : s.requirements()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", r.requirement().topic().name());
        row.put("state", r.state().name());
        row.put("colour", colour(r));
        row.put("credential", r.credential().map(CredentialMetadata::name).orElse(null));
        row.put("prefix", r.binding().flatMap(Binding::variablePrefix).orElse(null));
        row.put("live", r.lastCheck().map(c -> c.state().name()).orElse(null));
        row.put("providers", r.providers());
        row.put("candidates", r.candidates().stream().map(CredentialMetadata::name).toList());
        row.put("advice", r.advice());
        rows.add(row);
      }
      if (output().json()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("consumer", s.consumerId());
        o.put("ready", s.isReady());
        o.put("requirements", rows);
        output().printJson(o);
      } else {
        output().line(s.consumerId() + ": " + (s.isReady() ? "ready" : "not ready"));
        output().table(List.of("topic", "state", "colour", "credential", "live", "advice"), rows);
      }
      return Exit.OK;
    }

    private static String colour(RequirementStatus r) {
      return switch (r.state()) {
        case PROVIDER_MISSING -> "red";
        case NO_CREDENTIAL -> "orange";
        case UNASSIGNED -> "choose";
        case BOUND -> "green";
      };
    }
  }

  @Command(
      name = "assign",
      aliases = "assign-credential",
      description = "Bind a credential to a consumer's required topic.")
  static final class Assign extends Verb {
    @Parameters(index = "0", paramLabel = "CONSUMER")
    String consumer;

    @Parameters(index = "1", paramLabel = "TOPIC")
    String topic;

    @Parameters(index = "2", paramLabel = "CREDENTIAL", description = "Credential name or id.")
    String credential;

    @Option(names = "--env", paramLabel = "ENV", description = "The credential's environment.")
    String env;

    @Option(names = "--prefix", paramLabel = "P", description = "Variable prefix, e.g. ERP_A_.")
    String prefix;

    @Override
    int execute() {
      CredentialMetadata m = CredentialCommands.find(engine().store(), caller(), credential, env);
      BindingRequest req =
          new BindingRequest(consumer, Topic.of(topic), m.id(), Optional.ofNullable(prefix));
      Binding b = engine().bindings().bind(caller(), req);
      output()
          .line(
              "assigned "
                  + m.name()
                  + " to "
                  + b.consumerId()
                  + " for "
                  + b.topic().name()
                  + b.variablePrefix().map(p -> " with prefix " + p).orElse(""));
      return Exit.OK;
    }
  }

  @Command(name = "unassign", description = "Remove the binding of a consumer's topic.")
  static final class Unassign extends Verb {
    @Parameters(index = "0", paramLabel = "CONSUMER")
    String consumer;

    @Parameters(index = "1", paramLabel = "TOPIC")
    String topic;

    @Override
    int execute() {
      boolean removed = engine().bindings().unbind(caller(), consumer, Topic.of(topic));
      if (!removed) {
        throw new Exit.Failure(
            Exit.NO_INPUT, "consumer " + consumer + " has no binding for topic " + topic);
      }
      output().line("unassigned " + topic + " from " + consumer);
      return Exit.OK;
    }
  }

  static List<String> topics(Consumer c) {
    return c.requirements().stream().map(Requirement::topic).map(Topic::name).toList();
  }
}
