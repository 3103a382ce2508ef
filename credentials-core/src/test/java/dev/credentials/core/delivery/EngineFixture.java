package dev.credentials.core.delivery;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;

/**
 * The real engine in memory, with a PostgreSQL-like prototype and an API-token prototype, one
 * credential of each, and a consumer bound to both.
 */
final class EngineFixture implements AutoCloseable {

  static final TenantId TENANT = TenantId.of("acme");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("alice", TENANT));
  static final Caller SCHEDULER = Caller.of(TENANT, Principal.service("scheduler", TENANT));

  final Credentials credentials;
  final CredentialMetadata db;
  final CredentialMetadata api;

  EngineFixture(Secret dbPassword, Secret apiToken) {
    credentials =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .prototype(postgres())
            .prototype(api())
            .build();
    db =
        credentials
            .store()
            .create(
                ADMIN,
                NewCredential.builder("pg", "orders-db")
                    .value("DB_HOST", "db.internal")
                    .value("DB_PORT", "5432")
                    .value("DB_DATABASE", "orders")
                    .value("DB_USER", "orders_app")
                    .secret("DB_PASSWORD", dbPassword)
                    .build());
    api =
        credentials
            .store()
            .create(
                ADMIN,
                NewCredential.builder("api", "billing-api")
                    .value("API_URL", "https://billing.example/v1")
                    .secret("API_TOKEN", apiToken)
                    .build());
    credentials.bindings().declare(ADMIN, Consumer.of("invoice-sync", "pg", "api"));
    credentials.bindings().bind(ADMIN, BindingRequest.of("invoice-sync", "pg", db.id()));
    credentials.bindings().bind(ADMIN, BindingRequest.of("invoice-sync", "api", api.id()));
  }

  ResolvedEnvironment resolve() {
    return credentials.resolver().resolve(SCHEDULER, "invoice-sync");
  }

  RevealedCredential database() {
    return credentials.resolver().byName(SCHEDULER, "orders-db");
  }

  RevealedCredential billingApi() {
    return credentials.resolver().byName(SCHEDULER, "billing-api");
  }

  static Prototype postgres() {
    return Prototype.builder("pg")
        .name("PostgreSQL")
        .topic("pg")
        .field(field("DB_HOST", FieldType.STRING, true))
        .field(field("DB_PORT", FieldType.INTEGER, true))
        .field(field("DB_DATABASE", FieldType.STRING, true))
        .field(field("DB_USER", FieldType.STRING, true))
        .field(field("DB_PASSWORD", FieldType.PASSWORD, true))
        .build();
  }

  static Prototype api() {
    return Prototype.builder("api")
        .name("Billing API")
        .topic("api")
        .field(field("API_URL", FieldType.URL, true))
        .field(field("API_TOKEN", FieldType.PASSWORD, true))
        .build();
  }

  private static FieldDefinition field(String code, FieldType type, boolean required) {
    return FieldDefinition.builder(code, type).name(code).required(required).build();
  }

  @Override
  public void close() {
    credentials.close();
  }
}
