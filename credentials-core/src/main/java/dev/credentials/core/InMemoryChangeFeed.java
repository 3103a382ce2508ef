package dev.credentials.core;

import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeFeed;
import dev.credentials.spi.ChangeLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of an {@link InMemoryCredentialRepository}: announcements of a unit of work are
 * delivered to every subscriber on the committing thread right after the commit, so engines that
 * share one in-memory repository see each other's changes at once. A rolled-back unit of work
 * announces nothing.
 */
final class InMemoryChangeFeed implements ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryChangeFeed.class);

  private final List<Sub> subscribers = new CopyOnWriteArrayList<>();

  /** What one unit of work announced, delivered by {@link #publish} once it committed. */
  static final class Pending implements ChangeLog {
    private final List<Change> changes = new ArrayList<>();

    @Override
    public void announce(Change change) {
      changes.add(Objects.requireNonNull(change, "change"));
    }
  }

  /** Delivers what a committed unit of work announced. */
  void publish(Pending pending) {
    if (pending.changes.isEmpty()) {
      return;
    }
    List<Change> changes = List.copyOf(pending.changes);
    for (Sub s : subscribers) {
      s.deliver(changes);
    }
  }

  @Override
  public Subscription subscribe(Listener listener) {
    Sub s = new Sub(Objects.requireNonNull(listener, "listener"));
    subscribers.add(s);
    return s;
  }

  @Override
  public long stalenessBoundMillis() {
    return 0;
  }

  private final class Sub implements Subscription {
    private final Listener listener;

    Sub(Listener listener) {
      this.listener = listener;
    }

    synchronized void deliver(List<Change> changes) {
      try {
        listener.changed(changes);
      } catch (RuntimeException e) {
        LOG.warn("change listener {} failed: {}", listener.getClass().getName(), e.toString());
      }
    }

    @Override
    public boolean connected() {
      return subscribers.contains(this);
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
