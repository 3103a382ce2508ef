package dev.credentials.core.internal.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.TokenRefreshException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Speaks RFC 6749's token endpoint over the JDK's HTTP client: a form POST with the client
 * authenticated by HTTP Basic (section 2.3.1), a JSON answer (section 5.1) or an error (section
 * 5.2). Tokens leave only as {@link Secret}s; messages name the error code, never a value or the
 * endpoint's {@code error_description} (which may quote what it was sent).
 */
final class TokenEndpoint {

  /** Answers that mean the grant or the client is refused: an administrator must act. */
  private static final Set<String> REFUSALS =
      Set.of(
          "invalid_grant",
          "invalid_client",
          "unauthorized_client",
          "unsupported_grant_type",
          "invalid_scope",
          "invalid_request");

  private static final Pattern ERROR_CODE = Pattern.compile("^[a-z_]{1,64}$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 * 1024;

  /** What a grant returned. */
  record Tokens(Secret accessToken, Optional<Secret> refreshToken, OptionalLong expiresIn) {
    @Override
    public String toString() {
      return "Tokens[expiresIn=" + expiresIn + ", rotated=" + refreshToken.isPresent() + "]";
    }
  }

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param client the HTTP client
   * @param timeout the time budget of one request
   */
  TokenEndpoint(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * Runs one grant.
   *
   * @param endpoint the token endpoint
   * @param clientId the client id
   * @param clientSecret the client secret
   * @param form the grant's parameters ({@code grant_type}, {@code refresh_token}, {@code scope})
   * @param inForm whether the client authenticates in the form body instead of HTTP Basic
   * @param subject the credential, for messages
   * @return the tokens
   * @throws TokenRefreshException {@code MISCONFIGURED} when the grant or the client is refused,
   *     {@code UNAVAILABLE} when the endpoint cannot be reached, times out or fails
   */
  Tokens grant(
      URI endpoint,
      Secret clientId,
      Secret clientSecret,
      Map<String, Secret> form,
      boolean inForm,
      String subject) {
    String grantType = form.get("grant_type").reveal();
    Map<String, Secret> sent = new LinkedHashMap<>(form);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (inForm) {
      sent.put("client_id", clientId);
      sent.put("client_secret", clientSecret);
    } else {
      request.header("Authorization", basic(clientId, clientSecret));
    }
    request.POST(HttpRequest.BodyPublishers.ofString(formBody(sent)));
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(
          subject,
          "the token endpoint could not be reached or did not answer in time ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(subject, "the token request was interrupted");
    }
    int status = response.statusCode();
    byte[] body = response.body();
    JsonNode json = parse(body);
    if (status >= 500) {
      throw unavailable(subject, "the token endpoint failed with HTTP " + status);
    }
    if (status == 200) {
      JsonNode access = json == null ? null : json.get("access_token");
      if (access == null || !access.isTextual() || access.asText().isEmpty()) {
        throw unavailable(subject, "the token endpoint answered HTTP 200 without an access_token");
      }
      Optional<Secret> refresh = Optional.empty();
      JsonNode r = json.get("refresh_token");
      if (r != null && r.isTextual() && !r.asText().isEmpty()) {
        refresh = Optional.of(Secret.of(r.asText()));
      }
      OptionalLong expiresIn = OptionalLong.empty();
      JsonNode e = json.get("expires_in");
      if (e != null && (e.canConvertToLong() || e.isTextual())) {
        try {
          long seconds = e.isTextual() ? Long.parseLong(e.asText().trim()) : e.asLong();
          if (seconds > 0) {
            expiresIn = OptionalLong.of(seconds);
          }
        } catch (NumberFormatException ignored) {
          // an unreadable lifetime: the token is taken as not expiring
        }
      }
      return new Tokens(Secret.of(access.asText()), refresh, expiresIn);
    }
    String error = errorCode(json);
    if (error != null && REFUSALS.contains(error)) {
      throw new TokenRefreshException(
          CredentialState.MISCONFIGURED,
          subject
              + ": the token endpoint refused the "
              + grantType
              + " grant ("
              + error
              + ", HTTP "
              + status
              + "); an administrator must authorise the credential again (a new refresh token"
              + " or client secret) and update it");
    }
    if (status == 401 || status == 403) {
      throw new TokenRefreshException(
          CredentialState.MISCONFIGURED,
          subject
              + ": the token endpoint refused the client (HTTP "
              + status
              + "); an administrator must authorise the credential again and update it");
    }
    throw unavailable(
        subject,
        "the token endpoint answered HTTP "
            + status
            + (error == null ? "" : " (" + error + ")")
            + " to the "
            + grantType
            + " grant");
  }

  private static TokenRefreshException unavailable(String subject, String what) {
    return new TokenRefreshException(
        CredentialState.UNAVAILABLE, subject + ": " + what + "; the refresh is retried later");
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0 || body.length > MAX_BODY) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The RFC 6749 error code when it looks like one; anything else is not quoted. */
  private static String errorCode(JsonNode json) {
    JsonNode e = json == null ? null : json.get("error");
    if (e == null || !e.isTextual() || !ERROR_CODE.matcher(e.asText()).matches()) {
      return null;
    }
    return e.asText();
  }

  private static String basic(Secret clientId, Secret clientSecret) {
    String pair = encode(clientId.reveal()) + ":" + encode(clientSecret.reveal());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String formBody(Map<String, Secret> form) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Secret> e : form.entrySet()) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(encode(e.getKey())).append('=').append(encode(e.getValue().reveal()));
    }
    return b.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
