package dev.credentials.core;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;
import dev.credentials.spi.LaunchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default launch listener: logs non-available check results at WARN and decisions (RUN at
 * DEBUG, DEFER and BLOCK at INFO) through SLF4J under {@code dev.credentials.launch}. It logs
 * names, states and scrubbed messages, never values.
 */
public final class Slf4jLaunchReporter implements LaunchListener {

  private static final Logger LOG = LoggerFactory.getLogger("dev.credentials.launch");

  /** Creates the reporter. */
  public Slf4jLaunchReporter() {}

  @Override
  public void onNonAvailable(TenantId tenant, CredentialMetadata credential, CheckResult result) {
    LOG.warn(
        "tenant {} credential '{}' ({}) is {}: {}",
        tenant,
        credential.name(),
        credential.id(),
        result.state(),
        result.message());
  }

  @Override
  public void onDecision(TenantId tenant, LaunchDecision decision) {
    switch (decision.outcome()) {
      case RUN -> LOG.debug("tenant {} consumer {}: RUN", tenant, decision.consumerId());
      case DEFER ->
          LOG.info(
              "tenant {} consumer {}: DEFER until {} (deferral {}): {}",
              tenant,
              decision.consumerId(),
              decision.retryAt().orElseThrow(),
              decision.deferrals(),
              decision.reasons());
      case BLOCK ->
          LOG.info(
              "tenant {} consumer {}: BLOCK (exit {}): {}",
              tenant,
              decision.consumerId(),
              decision.exitCode(),
              decision.reasons());
    }
  }
}
