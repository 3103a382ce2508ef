package dev.credentials.prototype;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which fields of a prototype hold an OAuth 2.0 client and its tokens, so that the engine can
 * obtain and refresh access tokens at the token endpoint (the client-credentials grant and the
 * refresh-token grant of RFC 6749). A prototype declares them through {@link
 * dev.credentials.spi.PrototypeProvider#oauth2(String)}.
 *
 * <pre>{@code
 * OAuth2Fields fields =
 *     OAuth2Fields.builder("${OAUTH2_URL}", "OAUTH2_CLIENT_ID", "OAUTH2_CLIENT_SECRET",
 *             "OAUTH2_ACCESS_TOKEN", "OAUTH2_TOKEN_EXPIRES_AT")
 *         .refreshToken("OAUTH2_REFRESH_TOKEN")
 *         .scope("OAUTH2_SCOPE")
 *         .build();
 * }</pre>
 *
 * @param tokenEndpoint the token endpoint as a {@link CheckTemplate} over the field codes: a field
 *     reference such as {@code ${OAUTH2_URL}}, a literal URL, or both ({@code
 *     ${SALESFORCE_INSTANCE_URL}/services/oauth2/token})
 * @param clientId the field of the client id
 * @param clientSecret the field of the client secret
 * @param accessToken the field the current access token is written to
 * @param expiresAt the field the access token's expiry is written to (an ISO-8601 instant); a token
 *     without a value there is taken as not expiring (refreshed only when the host asks)
 * @param refreshToken the field of the refresh token, when the prototype has one: with a value
 *     there the refresh-token grant is used, else the client-credentials grant
 * @param scope the field of the requested scope, when the prototype has one
 * @param clientAuthentication how the client authenticates at the token endpoint
 */
public record OAuth2Fields(
    String tokenEndpoint,
    String clientId,
    String clientSecret,
    String accessToken,
    String expiresAt,
    Optional<String> refreshToken,
    Optional<String> scope,
    ClientAuthentication clientAuthentication) {

  /** How the client authenticates at the token endpoint (RFC 6749 section 2.3.1). */
  public enum ClientAuthentication {
    /** HTTP Basic with the URL-encoded client id and secret; every server must support it. */
    BASIC,
    /** {@code client_id} and {@code client_secret} in the form body, for servers that need it. */
    FORM
  }

  /** Validates. */
  public OAuth2Fields {
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(clientAuthentication, "clientAuthentication");
    CheckTemplate.parse("oauth2/tokenEndpoint", tokenEndpoint);
  }

  /**
   * The problems of this declaration against its prototype: each named field that the prototype
   * does not define, and each field of the endpoint template it does not define.
   *
   * @param prototype the prototype that declares these fields
   * @return one sentence per problem; empty when the declaration fits
   */
  public List<String> problemsWith(Prototype prototype) {
    Objects.requireNonNull(prototype, "prototype");
    List<String> problems = new ArrayList<>();
    List<String> named = new ArrayList<>(List.of(clientId, clientSecret, accessToken, expiresAt));
    refreshToken.ifPresent(named::add);
    scope.ifPresent(named::add);
    named.addAll(CheckTemplate.parse("oauth2/tokenEndpoint", tokenEndpoint).fields());
    for (String code : named) {
      if (prototype.field(code).isEmpty()) {
        problems.add(
            "the OAuth 2.0 declaration names field "
                + code
                + ", which prototype "
                + prototype.code()
                + " does not define; add the field or correct the declaration");
      }
    }
    return problems;
  }

  /**
   * A builder with the required roles.
   *
   * @param tokenEndpoint the token endpoint template
   * @param clientId the client id field
   * @param clientSecret the client secret field
   * @param accessToken the access token field
   * @param expiresAt the expiry field
   * @return a builder
   */
  public static Builder builder(
      String tokenEndpoint,
      String clientId,
      String clientSecret,
      String accessToken,
      String expiresAt) {
    return new Builder(tokenEndpoint, clientId, clientSecret, accessToken, expiresAt);
  }

  /** Builds {@link OAuth2Fields}. */
  public static final class Builder {
    private final String tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final String accessToken;
    private final String expiresAt;
    private Optional<String> refreshToken = Optional.empty();
    private Optional<String> scope = Optional.empty();
    private ClientAuthentication clientAuthentication = ClientAuthentication.BASIC;

    private Builder(
        String tokenEndpoint,
        String clientId,
        String clientSecret,
        String accessToken,
        String expiresAt) {
      this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * @param field the refresh token field
     * @return this
     */
    public Builder refreshToken(String field) {
      this.refreshToken = Optional.of(Objects.requireNonNull(field, "field"));
      return this;
    }

    /**
     * @param field the scope field
     * @return this
     */
    public Builder scope(String field) {
      this.scope = Optional.of(Objects.requireNonNull(field, "field"));
      return this;
    }

    /**
     * @param v how the client authenticates (default {@link ClientAuthentication#BASIC})
     * @return this
     */
    public Builder clientAuthentication(ClientAuthentication v) {
      this.clientAuthentication = Objects.requireNonNull(v, "clientAuthentication");
      return this;
    }

    /**
     * @return the declaration
     */
    public OAuth2Fields build() {
      return new OAuth2Fields(
          tokenEndpoint,
          clientId,
          clientSecret,
          accessToken,
          expiresAt,
          refreshToken,
          scope,
          clientAuthentication);
    }
  }
}
