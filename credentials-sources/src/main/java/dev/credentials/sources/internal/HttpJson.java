package dev.credentials.sources.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP for the vault sources, with the JDK client: bounded response bodies, and errors
 * that name the source, the status and what to do, never a body (it may hold values).
 */
public final class HttpJson {

  /** The largest response body read: 1 MiB. */
  static final int MAX_BODY = 1 << 20;

  private static final ObjectMapper JSON = bounded();

  private final String source;
  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param source the source's name, for errors
   * @param client the HTTP client
   * @param timeout the per-request timeout
   */
  public HttpJson(String source, HttpClient client, Duration timeout) {
    this.source = source;
    this.client = client;
    this.timeout = timeout;
  }

  private static ObjectMapper bounded() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build());
    return m;
  }

  /**
   * A response: its status and its JSON body (a missing node when the body is empty or not JSON).
   */
  public record Response(int status, JsonNode body) {}

  /**
   * @param request a request builder without timeout
   * @param what what the request does, for errors ("read secret/data/app")
   * @return the response
   */
  public Response send(HttpRequest.Builder request, String what) {
    HttpResponse<InputStream> r;
    try {
      r = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new CredentialSourceException(
          source,
          Reason.UNAVAILABLE,
          source
              + " did not answer to "
              + what
              + " ("
              + e.getClass().getSimpleName()
              + "); check that it is running and reachable",
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialSourceException(
          source, Reason.UNAVAILABLE, "interrupted while waiting for " + source + " to " + what);
    }
    try (InputStream in = r.body()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new CredentialSourceException(
            source, Reason.MALFORMED, source + " answered " + what + " with more than 1 MiB");
      }
      JsonNode body;
      try {
        body = bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
      } catch (IOException e) {
        body = JSON.missingNode();
      }
      return new Response(r.statusCode(), body == null ? JSON.missingNode() : body);
    } catch (IOException e) {
      throw new CredentialSourceException(
          source,
          Reason.UNAVAILABLE,
          source + " broke off its answer to " + what + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * @param value a JSON value
   * @return its text
   */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
