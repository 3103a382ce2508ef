package dev.credentials.sources.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The formats of credential files, parsed into key → value text. Error messages name the file and
 * the place (a JSON pointer, a line and column, a line number), never the content.
 */
public final class FileFormats {

  /** The HTTP bearer format of flow engines' {@code credentials_path} files. */
  public static final String BEARER_AUTH = "bearer_auth";

  /** The HTTP basic format of flow engines' {@code credentials_path} files. */
  public static final String BASIC_AUTH = "basic_auth";

  /** The field codes of the built-in {@code http-bearer} and {@code http-basic} prototypes. */
  public static final String HTTP_BEARER_TOKEN = "HTTP_BEARER_TOKEN";

  public static final String HTTP_USERNAME = "HTTP_USERNAME";
  public static final String HTTP_PASSWORD = "HTTP_PASSWORD";

  /** The largest credential file read: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  private static final ObjectMapper BOUNDED = bounded();

  private FileFormats() {}

  private static ObjectMapper bounded() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxNumberLength(100)
                .maxStringLength(MAX_BYTES)
                .build());
    return m;
  }

  /**
   * A JSON credential file: {@code {"bearer_auth": "…"}}, {@code {"basic_auth": {"username": "…",
   * "password": "…"}}}, or an object of keys (field codes) with string, number or boolean values.
   *
   * @param path the file, for messages
   * @param bytes its content
   * @return the values by key
   */
  public static Map<String, String> json(Path path, byte[] bytes) {
    JsonNode root;
    try {
      root = BOUNDED.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw malformed(
          path,
          "is not valid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (java.io.IOException e) {
      throw malformed(path, "cannot be parsed (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed(path, "must hold a JSON object at /");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      String key = f.getKey();
      JsonNode v = f.getValue();
      if (key.equals(BEARER_AUTH)) {
        values.put(HTTP_BEARER_TOKEN, scalar(path, "/" + BEARER_AUTH, v));
      } else if (key.equals(BASIC_AUTH)) {
        if (!v.isObject()) {
          throw malformed(path, "/basic_auth must be an object with username and password");
        }
        values.put(HTTP_USERNAME, scalar(path, "/basic_auth/username", v.get("username")));
        values.put(HTTP_PASSWORD, scalar(path, "/basic_auth/password", v.get("password")));
      } else {
        values.put(key, scalar(path, "/" + pointerEscape(key), v));
      }
    }
    return values;
  }

  private static String scalar(Path path, String pointer, JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      throw malformed(path, pointer + " is missing");
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    throw malformed(path, pointer + " must be a string, a number or a boolean, not " + kind(v));
  }

  private static String kind(JsonNode v) {
    return v.isObject() ? "an object" : v.isArray() ? "an array" : v.getNodeType().name();
  }

  private static String pointerEscape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * A {@code .env} file: {@code KEY=VALUE} lines, {@code export} allowed, {@code #} comments and
   * blank lines ignored; values bare (trailing spaces trimmed), in single quotes (taken as they
   * are) or in double quotes ({@code \n}, {@code \t}, {@code \"} and {@code \\} escapes).
   *
   * @param path the file, for messages
   * @param bytes its content
   * @return the values by key, in file order; a later line wins
   */
  public static Map<String, String> dotenv(Path path, byte[] bytes) {
    String text = utf8(path, bytes);
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw malformed(path, "line " + (i + 1) + ": expected KEY=VALUE");
      }
      String key = line.substring(0, eq).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
        throw malformed(
            path,
            "line "
                + (i + 1)
                + ": a key is letters, digits, '_' and '.', not starting with a digit");
      }
      values.put(key, dotenvValue(path, i + 1, line.substring(eq + 1).strip()));
    }
    return values;
  }

  private static String dotenvValue(Path path, int line, String raw) {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0
          || !raw.substring(end + 1).isBlank() && !raw.substring(end + 1).strip().startsWith("#")) {
        throw malformed(path, "line " + line + ": unterminated single-quoted value");
      }
      return raw.substring(1, end);
    }
    if (raw.startsWith("\"")) {
      StringBuilder b = new StringBuilder();
      int i = 1;
      while (i < raw.length()) {
        char c = raw.charAt(i);
        if (c == '"') {
          String rest = raw.substring(i + 1).strip();
          if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw malformed(path, "line " + line + ": text after the closing double quote");
          }
          return b.toString();
        }
        if (c == '\\' && i + 1 < raw.length()) {
          char n = raw.charAt(++i);
          switch (n) {
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            default -> b.append('\\').append(n);
          }
        } else {
          b.append(c);
        }
        i++;
      }
      throw malformed(path, "line " + line + ": unterminated double-quoted value");
    }
    int comment = raw.indexOf(" #");
    return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
  }

  /**
   * One file of a mounted secret directory: its whole content, less one trailing line break (as
   * {@code echo} leaves it).
   *
   * @param path the file, for messages
   * @param bytes its content
   * @return the value
   */
  public static String single(Path path, byte[] bytes) {
    String text = utf8(path, bytes);
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    if (text.endsWith("\n")) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }

  private static String utf8(Path path, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(path, "is not UTF-8 text");
    }
  }

  /**
   * @param path the file
   * @param what what is wrong, without content
   * @return the typed error
   */
  public static CredentialSourceException malformed(Path path, String what) {
    return new CredentialSourceException(
        "file",
        Reason.MALFORMED,
        "credential file " + path + " " + what + "; fix the file (its values are not shown)");
  }
}
