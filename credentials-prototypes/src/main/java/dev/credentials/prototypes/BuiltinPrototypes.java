package dev.credentials.prototypes;

import dev.credentials.spi.PrototypeProvider;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

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
}
