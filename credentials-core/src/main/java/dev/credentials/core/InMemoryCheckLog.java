package dev.credentials.core;

import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check log of the in-memory repository: the newest {@link
 * InMemoryCredentialRepository#CHECK_LOG_LIMIT} results per credential, changed only inside the
 * repository's serialised units of work.
 */
final class InMemoryCheckLog {

  private final Map<TenantId, Map<CredentialId, List<CheckResult>>> checks = new HashMap<>();

  /**
   * @param tx the unit of work
   * @return its view of the check log
   */
  CheckLog part(InMemoryUnit tx) {
    return new Part(tx);
  }

  /**
   * Removes a deleted credential's results.
   *
   * @param tx the unit of work
   * @param tenant the tenant
   * @param id the credential
   */
  void removeAll(InMemoryUnit tx, TenantId tenant, CredentialId id) {
    Map<CredentialId, List<CheckResult>> tenantChecks = checks.get(tenant);
    if (tenantChecks != null) {
      tx.remove(tenantChecks, id);
    }
  }

  private final class Part implements CheckLog {
    private final InMemoryUnit tx;

    Part(InMemoryUnit tx) {
      this.tx = tx;
    }

    @Override
    public void append(TenantId tenant, CredentialId credentialId, CheckResult result) {
      tx.writing();
      Map<CredentialId, List<CheckResult>> tenantChecks = tx.tenantMap(checks, tenant);
      List<CheckResult> log = new ArrayList<>(tenantChecks.getOrDefault(credentialId, List.of()));
      log.add(result);
      if (log.size() > InMemoryCredentialRepository.CHECK_LOG_LIMIT) {
        log.remove(0);
      }
      tx.put(tenantChecks, credentialId, List.copyOf(log));
    }

    @Override
    public Map<CredentialId, CheckResult> latest(TenantId tenant, Collection<CredentialId> ids) {
      tx.reading();
      Map<CredentialId, List<CheckResult>> tenantChecks = checks.getOrDefault(tenant, Map.of());
      Map<CredentialId, CheckResult> out = new HashMap<>();
      for (CredentialId id : ids) {
        List<CheckResult> log = tenantChecks.get(id);
        if (log != null && !log.isEmpty()) {
          out.put(id, log.get(log.size() - 1));
        }
      }
      return out;
    }
  }
}
