package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.check;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialState;
import dev.credentials.spi.UnitOfWork;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of the check log. */
interface CheckLogTests extends KitContext {

  @Test
  @DisplayName("the latest result of each credential is returned, for many in one call")
  default void latestPerCredential() {
    CredentialId a = insert(credential(TENANT_A, "a").build()).metadata().id();
    CredentialId b = insert(credential(TENANT_A, "b").build()).metadata().id();
    CredentialId c = insert(credential(TENANT_A, "c").build()).metadata().id();
    CheckResult a1 = check(CredentialState.AVAILABLE, "ok", T0);
    CheckResult a2 = check(CredentialState.UNAVAILABLE, "refused", T0.plusSeconds(60));
    CheckResult a3 =
        new CheckResult(
            CredentialState.MISCONFIGURED,
            "401 Unauthorized: replace the token",
            T0.plusMillis(120_001),
            0,
            Map.of("httpStatus", "401"));
    CheckResult b1 = check(CredentialState.DEGRADED, "slow", T0.plusSeconds(10));
    write(
        u -> {
          u.checks().append(TENANT_A, a, a1);
          u.checks().append(TENANT_A, b, b1);
        });
    write(u -> u.checks().append(TENANT_A, a, a2));
    write(u -> u.checks().append(TENANT_A, a, a3));

    Map<CredentialId, CheckResult> latest = db().checks().latest(TENANT_A, List.of(a, b, c));
    assertThat(latest).containsOnlyKeys(a, b).containsEntry(a, a3).containsEntry(b, b1);
    assertThat(db().checks().latest(TENANT_A, List.of())).isEmpty();
  }

  @Test
  @DisplayName("the latest check result is the last appended, per credential, in one call")
  default void checkResults() {
    CredentialId a = insert(ContractData.cred("a").build()).metadata().id();
    CredentialId b = insert(ContractData.cred("b").build()).metadata().id();
    CredentialId none = insert(ContractData.cred("c").build()).metadata().id();
    CheckResult newest =
        ContractData.check(CredentialState.UNAVAILABLE, "down", ContractData.T0.minusSeconds(60));
    write(
        u -> {
          for (int i = 0; i < 120; i++) {
            u.checks()
                .append(
                    ContractData.ACME,
                    a,
                    ContractData.check(
                        CredentialState.AVAILABLE, "ok " + i, ContractData.T0.plusSeconds(i)));
          }
          u.checks().append(ContractData.ACME, a, newest);
          u.checks()
              .append(
                  ContractData.ACME,
                  b,
                  CheckResult.of(
                      CredentialState.MISCONFIGURED,
                      "bad password",
                      ContractData.T0,
                      java.time.Duration.ZERO));
          u.checks()
              .append(
                  ContractData.GLOBEX,
                  none,
                  ContractData.check(CredentialState.AVAILABLE, "foreign", ContractData.T0));
        });
    Map<CredentialId, CheckResult> latest =
        read(u -> u.checks().latest(ContractData.ACME, List.of(a, b, none)));
    assertThat(latest).containsOnlyKeys(a, b);
    assertThat(latest.get(a)).isEqualTo(newest);
    assertThat(latest.get(b).state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(read((UnitOfWork u) -> u.checks().latest(ContractData.ACME, List.of()))).isEmpty();
  }
}
