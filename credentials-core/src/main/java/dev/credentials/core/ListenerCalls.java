package dev.credentials.core;

import dev.credentials.spi.CheckObservation;
import dev.credentials.spi.LaunchListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every launch listener, logging (by type only) and ignoring what one throws. */
final class ListenerCalls {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerCalls.class);

  private ListenerCalls() {}

  static void checked(List<LaunchListener> listeners, CheckObservation observation) {
    for (LaunchListener l : listeners) {
      try {
        l.onCheck(observation);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
  }
}
