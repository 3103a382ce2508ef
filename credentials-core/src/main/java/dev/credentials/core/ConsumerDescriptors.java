package dev.credentials.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.Consumer;
import dev.credentials.CredentialValidationException;
import dev.credentials.Requirement;
import dev.credentials.Topic;
import dev.credentials.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads consumers from application descriptors with a {@code requirements} member, as MultiFlexi's
 * {@code app.json} has: an array of topic names (or of objects with a {@code topic} or {@code name}
 * and an optional {@code description}), or a single comma-separated string.
 */
public final class ConsumerDescriptors {

  /** Descriptors larger than this are refused before parsing. */
  public static final int MAX_DESCRIPTOR_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._/-]{1,128}");

  private ConsumerDescriptors() {}

  /**
   * Reads the consumer an application descriptor declares.
   *
   * @param consumerId the id to give the consumer (e.g. the application's uuid or code)
   * @param json the descriptor
   * @return the consumer with the descriptor's requirements, in order, each once
   * @throws CredentialValidationException naming every bad entry by JSON path
   */
  public static Consumer fromApplicationJson(String consumerId, String json) {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(json, "json");
    String subject = "application descriptor of consumer '" + consumerId + "'";
    if (json.length() > MAX_DESCRIPTOR_BYTES) {
      throw new CredentialValidationException(
          subject, List.of(new Violation("", "is larger than " + MAX_DESCRIPTOR_BYTES + " bytes")));
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the descriptor; say only where and how it broke.
      JsonLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 0
              ? ""
              : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      String what =
          e instanceof StreamConstraintsException
              ? "exceeds a limit of the JSON reader (nesting depth, number or text length)"
              : "is not valid JSON";
      throw new CredentialValidationException(
          subject, List.of(new Violation("", what + where + "; fix the descriptor")));
    }
    List<Violation> violations = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<Requirement> requirements = new ArrayList<>();
    JsonNode node = root == null ? null : root.get("requirements");
    if (root == null || !root.isObject()) {
      violations.add(new Violation("", "must be a JSON object"));
    } else if (node == null || node.isNull()) {
      // No requirements: a consumer that needs no credentials.
    } else if (node.isTextual()) {
      int i = 0;
      for (String part : node.asText().split(",")) {
        add(part.strip(), "", "/requirements[" + i++ + "]", seen, requirements, violations);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String path = "/requirements/" + i;
        if (item.isTextual()) {
          add(item.asText().strip(), "", path, seen, requirements, violations);
        } else if (item.isObject() && (item.has("topic") || item.has("name"))) {
          String member = item.has("topic") ? "topic" : "name";
          JsonNode t = item.get(member);
          JsonNode description = item.path("description");
          if (!t.isTextual()) {
            violations.add(
                new Violation(
                    path + "/" + member,
                    "must be a topic name (text), like \"postgresql\"; got " + kind(t)));
          } else if (!description.isMissingNode()
              && !description.isNull()
              && !description.isTextual()) {
            violations.add(
                new Violation(path + "/description", "must be text; got " + kind(description)));
          } else if (t.asText().isBlank()) {
            violations.add(new Violation(path + "/" + member, "must not be empty; name the topic"));
          } else {
            add(t.asText().strip(), description.asText(""), path, seen, requirements, violations);
          }
        } else {
          violations.add(
              new Violation(path, "must be a topic name or an object with a \"topic\" member"));
        }
      }
    } else {
      violations.add(
          new Violation(
              "/requirements", "must be an array of topic names or a comma-separated string"));
    }
    if (!violations.isEmpty()) {
      throw new CredentialValidationException(subject, violations);
    }
    return new Consumer(consumerId, requirements);
  }

  /** The JSON kind of a node, for messages (never its value). */
  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "a list";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case NULL -> "null";
      default -> "something else";
    };
  }

  private static void add(
      String topic,
      String description,
      String path,
      Set<String> seen,
      List<Requirement> out,
      List<Violation> violations) {
    if (topic.isEmpty()) {
      return;
    }
    if (!TOPIC.matcher(topic).matches()) {
      violations.add(
          new Violation(
              path,
              (topic.length() <= 128 ? "topic '" + topic + "'" : "the topic")
                  + " must be 1 to 128 letters, digits, '.', '_', '/' or '-'"));
    } else if (seen.add(topic)) {
      out.add(new Requirement(Topic.of(topic), description));
    }
  }

  // Reading descriptors from files, URLs and streams: at most MAX_DESCRIPTOR_BYTES, as UTF-8.

  /**
   * Reads the consumer an application descriptor file declares, such as an {@code app.json}.
   *
   * @param consumerId the id to give the consumer
   * @param descriptor the file
   * @return the consumer with the descriptor's requirements
   * @throws CredentialValidationException naming every bad entry by JSON path, or the file when it
   *     is larger than {@link #MAX_DESCRIPTOR_BYTES} or not UTF-8
   * @throws java.io.UncheckedIOException naming the file when it cannot be read
   */
  public static Consumer fromApplicationJson(String consumerId, java.nio.file.Path descriptor) {
    Objects.requireNonNull(consumerId, "consumerId");
    return fromApplicationJson(
        consumerId,
        DocumentReads.read(descriptor, MAX_DESCRIPTOR_BYTES, ConsumerDescriptors::problem));
  }

  /**
   * Reads the consumer an application descriptor declares, from a URL (a class-path resource, a
   * file URL).
   *
   * @param consumerId the id to give the consumer
   * @param descriptor where the descriptor is
   * @return the consumer with the descriptor's requirements
   * @throws CredentialValidationException as {@link #fromApplicationJson(String, String)}, or when
   *     the descriptor is too large or not UTF-8
   * @throws java.io.UncheckedIOException naming the URL when it cannot be read
   */
  public static Consumer fromApplicationJson(String consumerId, java.net.URL descriptor) {
    Objects.requireNonNull(consumerId, "consumerId");
    return fromApplicationJson(
        consumerId,
        DocumentReads.read(descriptor, MAX_DESCRIPTOR_BYTES, ConsumerDescriptors::problem));
  }

  /**
   * Reads the consumer an application descriptor declares, from a stream the caller closes.
   *
   * @param consumerId the id to give the consumer
   * @param descriptor the stream of one JSON document
   * @return the consumer with the descriptor's requirements
   * @throws CredentialValidationException as {@link #fromApplicationJson(String, String)}, or when
   *     the descriptor is too large or not UTF-8
   * @throws java.io.UncheckedIOException when the stream fails
   */
  public static Consumer fromApplicationJson(String consumerId, java.io.InputStream descriptor) {
    Objects.requireNonNull(consumerId, "consumerId");
    return fromApplicationJson(
        consumerId,
        DocumentReads.read(
            "application descriptor of consumer '" + consumerId + "'",
            descriptor,
            MAX_DESCRIPTOR_BYTES,
            ConsumerDescriptors::problem));
  }

  private static CredentialValidationException problem(String source, Violation violation) {
    return new CredentialValidationException(source, List.of(violation));
  }
}
