package dev.credentials.prototypes;

import dev.credentials.prototype.OAuth2Fields;
import dev.credentials.spi.PrototypeProvider;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in prototype catalogue: JSON documents in this library's format, one per prototype,
 * found through {@link java.util.ServiceLoader}. Its priority is {@code -100}, so any other
 * provider that defines the same code wins.
 *
 * <p>Field codes are the environment variables the tools of each service read ({@code PGHOST},
 * {@code AWS_ACCESS_KEY_ID}, {@code ABRAFLEXI_URL}); every password-like field is secret.
 */
public final class BuiltinPrototypes implements PrototypeProvider {

  /** The codes of the built-in prototypes; each is a resource {@code <code>.json} here. */
  static final List<String> CODES =
      List.of(
          "abraflexi",
          "anthropic",
          "api-key",
          "aws",
          "azure",
          "csas",
          "database-connection",
          "datadog",
          "discord-webhook",
          "docker-registry",
          "elasticsearch",
          "fio-bank",
          "git-https",
          "github",
          "gitlab",
          "google-cloud",
          "http-basic",
          "http-bearer",
          "hubspot",
          "huggingface",
          "kubernetes",
          "mongodb",
          "mqtt",
          "mserver",
          "mtr",
          "mysql",
          "nats",
          "oauth2",
          "openai",
          "paypal",
          "postgresql",
          "rabbitmq",
          "raiffeisenbank",
          "redis",
          "s3",
          "salesforce",
          "sendgrid",
          "slack",
          "smtp",
          "sqlserver",
          "ssh",
          "stripe",
          "telegram",
          "twilio",
          "vaultwarden");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public BuiltinPrototypes() {}

  @Override
  public String name() {
    return "credentials-prototypes";
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public List<URL> documents() {
    List<URL> urls = new ArrayList<>(CODES.size());
    for (String code : CODES) {
      URL url = BuiltinPrototypes.class.getResource(code + ".json");
      if (url == null) {
        throw new IllegalStateException(
            "built-in prototype resource " + code + ".json is missing from " + name());
      }
      urls.add(url);
    }
    return List.copyOf(urls);
  }

  /** The OAuth 2.0 fields of the built-ins that hold an OAuth 2.0 client, by prototype code. */
  private static final Map<String, OAuth2Fields> OAUTH2 =
      Map.of(
          "oauth2",
          OAuth2Fields.builder(
                  "${OAUTH2_URL}",
                  "OAUTH2_CLIENT_ID",
                  "OAUTH2_CLIENT_SECRET",
                  "OAUTH2_ACCESS_TOKEN",
                  "OAUTH2_EXPIRES_AT")
              .refreshToken("OAUTH2_REFRESH_TOKEN")
              .scope("OAUTH2_SCOPE")
              .build(),
          "csas",
          OAuth2Fields.builder(
                  "${CSAS_AUTH_URL}",
                  "CSAS_CLIENT_ID",
                  "CSAS_CLIENT_SECRET",
                  "CSAS_ACCESS_TOKEN",
                  "CSAS_EXPIRES_AT")
              .refreshToken("CSAS_REFRESH_TOKEN")
              .clientAuthentication(OAuth2Fields.ClientAuthentication.FORM)
              .build(),
          "salesforce",
          OAuth2Fields.builder(
                  "${SALESFORCE_INSTANCE_URL}/services/oauth2/token",
                  "SALESFORCE_CLIENT_ID",
                  "SALESFORCE_CLIENT_SECRET",
                  "SALESFORCE_ACCESS_TOKEN",
                  "SALESFORCE_EXPIRES_AT")
              .refreshToken("SALESFORCE_REFRESH_TOKEN")
              .clientAuthentication(OAuth2Fields.ClientAuthentication.FORM)
              .build(),
          "hubspot",
          OAuth2Fields.builder(
                  "https://api.hubapi.com/oauth/v1/token",
                  "HUBSPOT_CLIENT_ID",
                  "HUBSPOT_CLIENT_SECRET",
                  "HUBSPOT_ACCESS_TOKEN",
                  "HUBSPOT_EXPIRES_AT")
              .refreshToken("HUBSPOT_REFRESH_TOKEN")
              .clientAuthentication(OAuth2Fields.ClientAuthentication.FORM)
              .build());

  @Override
  public Optional<OAuth2Fields> oauth2(String prototypeCode) {
    return Optional.ofNullable(OAUTH2.get(prototypeCode));
  }
}
