package dev.credentials.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import dev.credentials.testkit.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Against {@link FakeVault}, a test-started server that speaks Vault's documented HTTP API. */
class VaultKvSourceTest {

  static final String SECRET_ID = "secret-id-canary-77";
  static final String PASSWORD_V1 = "pg-canary-v1";
  static final String PASSWORD_V2 = "pg-canary-v2";

  FakeVault vault;
  final MutableClock clock = MutableClock.at(Instant.parse("2026-12-03T10:00:00Z"));

  @BeforeEach
  void start() throws IOException {
    vault = new FakeVault("role-1", SECRET_ID, 60);
    vault.secrets.put(
        "apps/reporting-db",
        new ArrayList<>(
            Arrays.asList(
                Map.of("PGUSER", "reporter", "PGPASSWORD", PASSWORD_V1),
                Map.of("PGUSER", "reporter", "PGPASSWORD", PASSWORD_V2, "PGPORT", 5432),
                null)));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  VaultKvSource tokenSource(String token) {
    return VaultKvSource.builder(vault.address())
        .token(Secret.of(token))
        .timeout(Duration.ofSeconds(2))
        .clock(clock)
        .build();
  }

  VaultKvSource appRole() {
    return VaultKvSource.builder(vault.address())
        .appRole("role-1", Secret.of(SECRET_ID))
        .namespace("team-a")
        .timeout(Duration.ofSeconds(2))
        .clock(clock)
        .build();
  }

  static SourceReference ref(String location) {
    return SourceReference.of("vault", location);
  }

  @Test
  @DisplayName("reads a version of a KV v2 secret with a token; the newest when none is named")
  void readsVersions() {
    VaultKvSource source = tokenSource(vault.issueToken());
    SourcedValues v = source.read(ref("apps/reporting-db?version=1"));
    assertThat(v.values()).containsEntry("PGPASSWORD", Secret.of(PASSWORD_V1));
    assertThat(v.revision()).isEqualTo("v1");
    assertThatThrownBy(() -> source.read(ref("apps/reporting-db")))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining("deleted or destroyed");
    SourcedValues v2 = source.read(ref("apps/reporting-db?version=2"));
    assertThat(v2.values())
        .containsEntry("PGPASSWORD", Secret.of(PASSWORD_V2))
        .containsEntry("PGPORT", Secret.of("5432"));
    assertThat(v2.toString()).doesNotContain(PASSWORD_V2);
  }

  @Test
  @DisplayName("403, 404, a sealed vault and no server at all are typed errors without secrets")
  void typedErrors() throws IOException {
    String token = vault.issueToken();
    expect(
        () -> tokenSource("hvs.wrong-token").read(ref("apps/reporting-db?version=1")),
        Reason.ACCESS_DENIED,
        "HTTP 403");
    expect(() -> tokenSource(token).read(ref("apps/missing")), Reason.NOT_FOUND, "apps/missing");
    vault.sealed = true;
    expect(() -> tokenSource(token).read(ref("apps/reporting-db")), Reason.UNAVAILABLE, "sealed");
    vault.sealed = false;
    expect(
        () -> tokenSource(token).read(ref("../etc/passwd")), Reason.INVALID_REFERENCE, "location");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    VaultKvSource nowhere =
        VaultKvSource.builder(URI.create("http://127.0.0.1:" + port))
            .token(Secret.of(token))
            .timeout(Duration.ofSeconds(1))
            .build();
    expect(() -> nowhere.read(ref("apps/reporting-db")), Reason.UNAVAILABLE, "did not answer");
  }

  void expect(ThrowingCallable call, Reason reason, String says) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            CredentialSourceException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(says)
        .hasMessageNotContaining(SECRET_ID)
        .hasMessageNotContaining(PASSWORD_V1)
        .hasMessageNotContaining("hvs.");
  }

  @Test
  @DisplayName(
      "AppRole: logs in once, renews the token late in its lease, logs in again when refused")
  void appRoleLifecycle() {
    VaultKvSource source = appRole();
    source.read(ref("apps/reporting-db?version=2"));
    source.read(ref("apps/reporting-db?version=2"));
    assertThat(vault.logins.get()).isEqualTo(1);
    assertThat(vault.renewals.get()).isZero();
    assertThat(vault.namespaces).isNotEmpty().allMatch("team-a"::equals);

    clock.advance(Duration.ofSeconds(45)); // past two thirds of the 60 s lease
    source.read(ref("apps/reporting-db?version=2"));
    assertThat(vault.renewals.get()).isEqualTo(1);

    vault.validTokens.clear(); // revoked server-side
    assertThat(source.read(ref("apps/reporting-db?version=1")).values())
        .containsEntry("PGPASSWORD", Secret.of(PASSWORD_V1));
    assertThat(vault.logins.get()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(120)); // expired: a new login, not a renewal
    source.read(ref("apps/reporting-db?version=1"));
    assertThat(vault.logins.get()).isEqualTo(3);
    assertThat(source.toString()).doesNotContain(SECRET_ID).doesNotContain("hvs.");
  }

  @Test
  @DisplayName("a wrong AppRole secret id is ACCESS_DENIED, and the builder refuses bad settings")
  void appRoleRefused() {
    VaultKvSource source =
        VaultKvSource.builder(vault.address()).appRole("role-1", Secret.of("wrong")).build();
    expect(() -> source.read(ref("apps/reporting-db")), Reason.ACCESS_DENIED, "AppRole login");
    assertThatThrownBy(() -> VaultKvSource.builder(vault.address()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> VaultKvSource.builder(URI.create("ftp://x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VaultKvSource.builder(vault.address()).mount("../sys"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mount");
  }
}
