package dev.credentials.core.internal.launch;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.ExpiryReminder;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckObservation;
import dev.credentials.spi.LaunchListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's launch listeners; a listener that throws is logged (type only) and skipped. */
public final class LaunchListeners {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchListeners.class);

  private final List<LaunchListener> listeners;

  /**
   * @param listeners the listeners, in order
   */
  public LaunchListeners(List<LaunchListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  void nonAvailable(TenantId tenant, CredentialMetadata m, CheckResult result) {
    for (LaunchListener l : listeners) {
      try {
        l.onNonAvailable(tenant, m, result);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
  }

  void checked(CheckObservation observation) {
    for (LaunchListener l : listeners) {
      try {
        l.onCheck(observation);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
  }

  /**
   * Delivers an expiry reminder to every listener.
   *
   * @param reminder the reminder
   */
  public void expiryReminder(ExpiryReminder reminder) {
    for (LaunchListener l : listeners) {
      try {
        l.onExpiryReminder(reminder);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
  }

  LaunchDecision decided(TenantId tenant, LaunchDecision decision) {
    for (LaunchListener l : listeners) {
      try {
        l.onDecision(tenant, decision);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
    return decision;
  }

  /**
   * Reports that the change feed may have missed changes.
   *
   * @param reason what happened, never a value
   */
  public void changeFeedLost(String reason) {
    each(l -> l.onChangeFeedLost(reason));
  }

  /** Reports that the change feed listens again. */
  public void changeFeedResumed() {
    each(LaunchListener::onChangeFeedResumed);
  }

  private void each(java.util.function.Consumer<LaunchListener> call) {
    for (LaunchListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
  }
}
