package dev.credentials.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.sources.internal.HttpJson;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Credential values kept in a Bitwarden or Vaultwarden vault, read through the Bitwarden CLI's
 * local REST API ({@code bw serve}, which holds the unlocked vault; it listens on loopback). A
 * reference's location is an item id, or {@code name:ITEM NAME} for the one item of that exact
 * name.
 *
 * <p>An item gives the keys {@code username}, {@code password}, {@code totp} and {@code uri} (its
 * first URI) of its login, {@code notes}, and one key per custom field, by the field's name; map
 * them onto a prototype's fields with the reference's field mapping ({@code PGPASSWORD →
 * password}), or name custom fields after the field codes. A locked vault is {@link
 * Reason#UNAVAILABLE} with what to run; no value appears in a message.
 */
public final class BitwardenSource implements CredentialSource {

  /** The name references use. */
  public static final String NAME = "bitwarden";

  /** The prefix of locations that name an item by its name. */
  public static final String BY_NAME = "name:";

  private final URI base;
  private final HttpJson http;

  private BitwardenSource(URI base, HttpJson http) {
    this.base = base;
    this.http = http;
  }

  /**
   * @param serve the address of {@code bw serve}, e.g. {@code http://127.0.0.1:8087}
   * @return a source with a 10 s timeout
   */
  public static BitwardenSource create(URI serve) {
    return create(serve, Duration.ofSeconds(10));
  }

  /**
   * @param serve the address of {@code bw serve}
   * @param timeout per request
   * @return the source
   */
  public static BitwardenSource create(URI serve, Duration timeout) {
    Objects.requireNonNull(serve, "serve");
    Objects.requireNonNull(timeout, "timeout");
    if (!"http".equals(serve.getScheme()) && !"https".equals(serve.getScheme())
        || serve.getHost() == null) {
      throw new IllegalArgumentException(
          "serve must be the http URL of 'bw serve', such as http://127.0.0.1:8087, got " + serve);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    String s = serve.toString();
    URI base = URI.create(s.endsWith("/") ? s : s + "/");
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    return new BitwardenSource(base, new HttpJson(NAME, client, timeout));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourcedValues read(SourceReference reference) {
    Objects.requireNonNull(reference, "reference");
    String location = reference.location();
    JsonNode item =
        location.startsWith(BY_NAME)
            ? byName(location.substring(BY_NAME.length()))
            : byId(location);
    Map<String, Secret> values = new LinkedHashMap<>();
    JsonNode login = item.path("login");
    put(values, "username", login.path("username"));
    put(values, "password", login.path("password"));
    put(values, "totp", login.path("totp"));
    put(values, "uri", login.path("uris").path(0).path("uri"));
    put(values, "notes", item.path("notes"));
    for (JsonNode f : item.path("fields")) {
      String name = f.path("name").asText("");
      if (!name.isEmpty()) {
        put(values, name, f.path("value"));
      }
    }
    return new SourcedValues(values, item.path("revisionDate").asText("?"));
  }

  private static void put(Map<String, Secret> values, String key, JsonNode v) {
    if (v.isValueNode() && !v.isNull()) {
      values.put(key, Secret.of(v.asText()));
    }
  }

  private JsonNode byId(String id) {
    if (!id.matches("[A-Za-z0-9-]{1,64}")) {
      throw new CredentialSourceException(
          NAME,
          Reason.INVALID_REFERENCE,
          "a Bitwarden location is an item id (letters, digits and '-') or name:ITEM NAME");
    }
    JsonNode data = call("object/item/" + id, "read item " + id);
    if (!data.isObject()) {
      throw new CredentialSourceException(
          NAME, Reason.MALFORMED, "bw serve answered item " + id + " without an item");
    }
    return data;
  }

  private JsonNode byName(String name) {
    if (name.isBlank()) {
      throw new CredentialSourceException(
          NAME, Reason.INVALID_REFERENCE, "name: must be followed by an item name");
    }
    JsonNode list =
        call(
            "list/object/items?search=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
            "search items");
    JsonNode found = null;
    int matches = 0;
    for (JsonNode item : list.path("data")) {
      if (name.equals(item.path("name").asText())) {
        found = item;
        matches++;
      }
    }
    if (matches == 0) {
      throw new CredentialSourceException(
          NAME, Reason.NOT_FOUND, "the Bitwarden vault has no item named '" + name + "'");
    }
    if (matches > 1) {
      throw new CredentialSourceException(
          NAME,
          Reason.INVALID_REFERENCE,
          matches + " Bitwarden items are named '" + name + "'; refer to one by its id");
    }
    return found;
  }

  private JsonNode call(String path, String what) {
    HttpJson.Response r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json").GET(),
            what);
    JsonNode body = r.body();
    String message = body.path("message").asText("");
    if (r.status() == 200 && body.path("success").asBoolean(false)) {
      return body.path("data");
    }
    if (message.toLowerCase(Locale.ROOT).contains("locked")) {
      throw new CredentialSourceException(
          NAME,
          Reason.UNAVAILABLE,
          "the Bitwarden vault behind bw serve is locked; unlock it (POST /unlock, or 'bw unlock'"
              + " before 'bw serve') and retry");
    }
    if (r.status() == 404 || message.toLowerCase(Locale.ROOT).contains("not found")) {
      throw new CredentialSourceException(
          NAME, Reason.NOT_FOUND, "bw serve found nothing to " + what + "; check the item id");
    }
    throw new CredentialSourceException(
        NAME,
        r.status() >= 500 ? Reason.UNAVAILABLE : Reason.ACCESS_DENIED,
        "bw serve could not " + what + " (HTTP " + r.status() + ")");
  }

  @Override
  public String toString() {
    return "BitwardenSource[" + base + "]";
  }
}
