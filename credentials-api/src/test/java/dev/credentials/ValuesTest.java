package dev.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("API values refuse bad input with messages that name it")
class ValuesTest {

  static boolean accepts(Runnable construct) {
    try {
      construct.run();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Test
  void identifierChecksAgreeWithTheirRegularExpressions() {
    java.util.regex.Pattern tenant = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");
    java.util.regex.Pattern id =
        java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    String alphabet = "abfgzAFGZ0919._-/ é\u0661";
    java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(4) == 0 ? 36 : r.nextInt(131);
      for (int j = 0; j < n; j++) {
        sb.append(
            n == 36 && (j == 8 || j == 13 || j == 18 || j == 23) && r.nextInt(8) != 0
                ? '-'
                : alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      assertThat(accepts(() -> TenantId.of(v)))
          .as("tenant '%s'", v)
          .isEqualTo(tenant.matcher(v).matches());
      assertThat(accepts(() -> CredentialId.of(v)))
          .as("id '%s'", v)
          .isEqualTo(id.matcher(v).matches());
    }
    assertThat(accepts(() -> CredentialId.of(CredentialId.random().value()))).isTrue();
  }

  @Test
  void identifiers() {
    assertThatThrownBy(() -> TenantId.of("a b")).hasMessageContaining("tenant id");
    assertThatThrownBy(() -> TenantId.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CredentialId.of("nope")).hasMessageContaining("UUID");
    // accepted by UUID.fromString, but not one canonical ASCII form
    assertThatThrownBy(() -> CredentialId.of("1-1-1-1-1")).hasMessageContaining("36-character");
    assertThatThrownBy(() -> CredentialId.of("\u06617f0c99c-75ea-47f4-a63a-43a099a46879"))
        .hasMessageContaining("36-character");
    assertThat(CredentialId.of("7F0C99C2-75EA-47F4-A63A-43A099A46879").value()).hasSize(36);
    assertThatThrownBy(() -> Topic.of("bad topic")).hasMessageContaining("topic");
    assertThatThrownBy(() -> Consumer.of("job!", "t")).hasMessageContaining("consumer id");
    assertThatThrownBy(() -> Consumer.of("job", "t", "t")).hasMessageContaining("twice");
    assertThat(CredentialId.random()).isNotEqualTo(CredentialId.random());
  }

  /** Ids are values: equal and hashed by their text, never equal to another kind of id. */
  @Test
  void identifiersAreValues() {
    TenantId acme = TenantId.of("acme");
    assertThat(acme).isEqualTo(TenantId.of(new String("acme"))).isNotEqualTo(TenantId.of("acme2"));
    assertThat(acme.hashCode()).isEqualTo(TenantId.of("acme").hashCode());
    assertThat(acme.equals(null)).isFalse();
    assertThat(acme.equals("acme")).isFalse();
    CredentialId id = CredentialId.random();
    CredentialId same = CredentialId.of(new String(id.value()));
    assertThat(id).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(CredentialId.random());
    assertThat(id.equals(id.value())).isFalse();
    assertThat(id.equals(TenantId.of("a"))).isFalse();
    assertThat(Map.of(id, 1).get(same)).isEqualTo(1);
  }

  @Test
  void prototypes() {
    assertThatThrownBy(() -> FieldDefinition.builder("lower", FieldType.STRING).build())
        .hasMessageContaining("environment-variable name");
    assertThatThrownBy(() -> FieldDefinition.builder("CHOICE", FieldType.SELECT).build())
        .hasMessageContaining("at least one option");
    assertThat(FieldDefinition.builder("PW", FieldType.PASSWORD).build().secret()).isTrue();
    FieldDefinition a = FieldDefinition.builder("A", FieldType.STRING).build();
    assertThatThrownBy(() -> Prototype.builder("p!").build()).hasMessageContaining("code");
    assertThatThrownBy(() -> Prototype.builder("pp").field(a).field(a).build())
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                Prototype.builder("pp")
                    .field(
                        FieldDefinition.builder("B", FieldType.STRING)
                            .condition(FieldCondition.whenPresent("MISSING"))
                            .build())
                    .build())
        .hasMessageContaining("unknown field MISSING");
    Prototype p = Prototype.builder("pp").field(a).build();
    assertThat(p.topics()).containsExactly(Topic.of("pp"));
    assertThat(p.uuid()).isEqualTo(Prototype.builder("pp").build().uuid());
  }

  @Test
  void conditions() {
    assertThat(FieldCondition.whenPresent("X").isMetBy(Optional.of("v"))).isTrue();
    assertThat(FieldCondition.whenPresent("X").isMetBy(Optional.of(""))).isFalse();
    assertThat(FieldCondition.whenEquals("X", "true").isMetBy(Optional.of("true"))).isTrue();
    assertThat(FieldCondition.whenEquals("X", "true").isMetBy(Optional.empty())).isFalse();
  }

  @Test
  void paging() {
    assertThatThrownBy(() -> new PageRequest(-1, 10)).hasMessageContaining("offset");
    assertThatThrownBy(() -> PageRequest.first(0)).hasMessageContaining("page size");
    assertThatThrownBy(() -> PageRequest.first(1001)).hasMessageContaining("page size");
    Page<String> page = new Page<>(List.of("a", "b"), PageRequest.first(2), 3);
    assertThat(page.hasNext()).isTrue();
    assertThat(page.request().next()).isEqualTo(new PageRequest(2, 2));
  }

  @Test
  void launchDecisions() {
    assertThatThrownBy(
            () ->
                new LaunchDecision(
                    "job",
                    LaunchDecision.Outcome.DEFER,
                    Optional.empty(),
                    List.of(),
                    Map.of(),
                    Optional.empty(),
                    1))
        .hasMessageContaining("retryAt");
    LaunchDecision block =
        new LaunchDecision(
            "job",
            LaunchDecision.Outcome.BLOCK,
            Optional.empty(),
            List.of("why"),
            Map.of(),
            Optional.empty(),
            0);
    assertThat(block.exitCode()).isEqualTo(LaunchDecision.EX_TEMPFAIL);
    assertThatThrownBy(block::requireEnvironment).hasMessageContaining("BLOCK");
  }

  @Test
  void callersAndPrincipals() {
    TenantId t = TenantId.of("acme");
    Principal p = Principal.user("bob", t).withRole(t, Role.ADMIN);
    assertThat(p.rolesIn(t)).containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
    assertThat(p.rolesIn(TenantId.of("other"))).isEmpty();
    assertThat(p.toString()).isEqualTo("user:bob");
    assertThatThrownBy(() -> Principal.admin(" ", t)).hasMessageContaining("blank");
    Caller c = Caller.of(t, p).withClientAddress("10.0.0.1").withCorrelationId("r1");
    assertThat(c.clientAddress()).contains("10.0.0.1");
    assertThat(c.correlationId()).contains("r1");
    assertThat(
            new CheckResult(CredentialState.AVAILABLE, "ok", Instant.EPOCH, 0, Map.of())
                .validUntil())
        .isEqualTo(Instant.EPOCH);
    assertThat(CredentialState.MISCONFIGURED.worst(CredentialState.AVAILABLE))
        .isEqualTo(CredentialState.MISCONFIGURED);
  }
}
