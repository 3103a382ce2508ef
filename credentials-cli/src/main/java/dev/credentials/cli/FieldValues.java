package dev.credentials.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.Secret;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects a credential's field values without ever taking a secret from the command line:
 * non-secret fields may come as {@code --FIELD=value}; any field from {@code --from-file FILE} (a
 * JSON object by field code; {@code -} is standard input); missing required fields are prompted on
 * a terminal, secret ones without echo.
 */
final class FieldValues {

  private static final Pattern ARG =
      Pattern.compile("--([A-Za-z][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

  private FieldValues() {}

  /**
   * The values for a prototype.
   *
   * @param prototype the prototype
   * @param args the {@code --FIELD=value} arguments
   * @param fromFile the values file, if any
   * @param prompt whether to prompt for missing required fields (on a terminal only)
   */
  static Map<String, Secret> collect(
      Prototype prototype, List<String> args, Optional<Path> fromFile, boolean prompt, Io io) {
    Map<String, Secret> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String a : args) {
      Matcher m = ARG.matcher(a);
      if (!m.matches()) {
        throw usage("unknown option or argument '" + head(a) + "'; field values are --FIELD=value");
      }
      String code = m.group(1);
      Optional<FieldDefinition> f = prototype.field(code);
      if (f.isEmpty()) {
        throw usage(
            "--"
                + code
                + ": prototype "
                + prototype.code()
                + " has no field "
                + code
                + "; its fields are "
                + prototype.fields().stream().map(FieldDefinition::code).toList());
      }
      if (f.get().secret()) {
        throw usage(
            "--"
                + code
                + ": "
                + code
                + " is a secret field and is never taken from the command line; give it with"
                + " --from-file FILE (JSON), --from-file - (standard input) or at the prompt");
      }
      values.put(code, Secret.of(m.group(2)));
    }
    if (fromFile.isPresent()) {
      String what = "values file " + fromFile.get();
      JsonNode root = InputFiles.json(InputFiles.read(fromFile.get(), io, "values file"), what);
      if (!root.isObject()) {
        throw new Exit.Failure(Exit.DATA, what + " must be a JSON object of field code to value");
      }
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode v = e.getValue();
        if (prototype.field(e.getKey()).isEmpty()) {
          problems.add("/" + e.getKey() + ": prototype " + prototype.code() + " has no such field");
        } else if (v.isValueNode() && !v.isNull()) {
          values.put(e.getKey(), Secret.of(v.asText()));
        } else {
          problems.add("/" + e.getKey() + ": must be a string, number or boolean");
        }
      }
      if (!problems.isEmpty()) {
        throw new Exit.Failure(Exit.DATA, what + ": " + String.join("; ", problems));
      }
    }
    if (prompt && io.console().isPresent()) {
      Console c = io.console().get();
      for (FieldDefinition f : prototype.fields()) {
        if (f.required() && !values.containsKey(f.code()) && f.defaultValue().isEmpty()) {
          String label = f.name().isEmpty() ? f.code() : f.name() + " (" + f.code() + ")";
          if (f.secret()) {
            char[] v = c.readPassword("%s: ", label);
            if (v != null) {
              values.put(f.code(), Secret.of(new String(v)));
              java.util.Arrays.fill(v, '\0');
            }
          } else {
            String v = c.readLine("%s: ", label);
            if (v != null) {
              values.put(f.code(), Secret.of(v));
            }
          }
        }
      }
    }
    return values;
  }

  /** The start of an argument for a message; a value after '=' is never shown. */
  static String head(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq) + "=…";
  }

  private static Exit.Failure usage(String message) {
    return new Exit.Failure(Exit.USAGE, message);
  }
}
