package dev.credentials.testkit;

import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.List;

/**
 * Ready-made Java prototypes for tests, small but covering the field types and features that
 * matter: required fields, secrets, bounds with a default, a conditional field, a select.
 *
 * <ul>
 *   <li>{@link #demoApi()} — {@code demo-api}: {@code API_URL} (url, required), {@code API_TOKEN}
 *       (password, required).
 *   <li>{@link #demoDb()} — {@code demo-db}: host, port 1..65535 defaulting to 5432, user, secret
 *       password, an SSL flag and a certificate file shown only when {@code DB_SSL=true}.
 *   <li>{@link #demoCloud()} — {@code demo-cloud}: a select {@code CLOUD_REGION}, an access key
 *       with a pattern and a secret key.
 * </ul>
 */
public final class SamplePrototypes {

  /** The code of {@link #demoApi()}. */
  public static final String DEMO_API = "demo-api";

  /** The code of {@link #demoDb()}. */
  public static final String DEMO_DB = "demo-db";

  /** The code of {@link #demoCloud()}. */
  public static final String DEMO_CLOUD = "demo-cloud";

  private SamplePrototypes() {}

  /**
   * A web API reached with a URL and a bearer token. Provides topic {@code demo-api}.
   *
   * @return the prototype
   */
  public static Prototype demoApi() {
    return Prototype.builder(DEMO_API)
        .name("Demo API")
        .description("A web API reached with a URL and a token.")
        .category("Testing")
        .field(
            FieldDefinition.builder("API_URL", FieldType.URL)
                .name("API URL")
                .description("The base URL of the API.")
                .hint("https://api.example.com")
                .required(true)
                .build())
        .field(
            FieldDefinition.builder("API_TOKEN", FieldType.PASSWORD)
                .name("API token")
                .description("A bearer token.")
                .required(true)
                .minLength(8)
                .build())
        .build();
  }

  /**
   * A relational database. Provides topics {@code demo-db} and {@code sql-database}.
   *
   * @return the prototype
   */
  public static Prototype demoDb() {
    return Prototype.builder(DEMO_DB)
        .name("Demo database")
        .description("A relational database reached over TCP.")
        .category("Database")
        .topic(DEMO_DB)
        .topic("sql-database")
        .field(FieldDefinition.builder("DB_HOST", FieldType.STRING).required(true).build())
        .field(
            FieldDefinition.builder("DB_PORT", FieldType.INTEGER)
                .required(true)
                .minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(65535))
                .defaultValue("5432")
                .build())
        .field(FieldDefinition.builder("DB_USER", FieldType.STRING).required(true).build())
        .field(
            FieldDefinition.builder("DB_PASSWORD", FieldType.STRING)
                .required(true)
                .secret(true)
                .build())
        .field(FieldDefinition.builder("DB_SSL", FieldType.BOOLEAN).defaultValue("false").build())
        .field(
            FieldDefinition.builder("DB_SSL_CERT", FieldType.FILE)
                .description("The CA certificate, PEM.")
                .required(true)
                .condition(FieldCondition.whenEquals("DB_SSL", "true"))
                .build())
        .build();
  }

  /**
   * A cloud account with a region chosen from options. Provides topic {@code demo-cloud}.
   *
   * @return the prototype
   */
  public static Prototype demoCloud() {
    return Prototype.builder(DEMO_CLOUD)
        .name("Demo cloud")
        .description("A cloud account: region, access key and secret key.")
        .category("Cloud")
        .field(
            FieldDefinition.builder("CLOUD_REGION", FieldType.SELECT)
                .required(true)
                .options(
                    List.of(
                        new SelectOption("eu-central", "Europe (Frankfurt)"),
                        new SelectOption("us-east", "US East"),
                        new SelectOption("ap-south", "Asia Pacific (Mumbai)")))
                .defaultValue("eu-central")
                .build())
        .field(
            FieldDefinition.builder("CLOUD_ACCESS_KEY", FieldType.STRING)
                .required(true)
                .pattern("[A-Z0-9]{16}")
                .build())
        .field(
            FieldDefinition.builder("CLOUD_SECRET_KEY", FieldType.PASSWORD)
                .required(true)
                .minLength(20)
                .maxLength(64)
                .build())
        .field(FieldDefinition.builder("CLOUD_ENDPOINT", FieldType.URL).build())
        .build();
  }

  /**
   * Every sample prototype.
   *
   * @return demo-api, demo-db and demo-cloud
   */
  public static List<Prototype> all() {
    return List.of(demoApi(), demoDb(), demoCloud());
  }
}
