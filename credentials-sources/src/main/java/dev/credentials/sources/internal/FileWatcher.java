package dev.credentials.sources.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices changes of watched paths: a daemon thread compares each path's revision every poll
 * interval, and a {@link WatchService} on the paths' directories (when enabled) wakes it at once on
 * any event there, so that a rename into place, a symlink swap ({@code ..data} of a Kubernetes
 * secret volume) or an in-place write is seen within one poll interval, and usually at once.
 */
public final class FileWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

  private final Duration poll;
  private final Function<Path, String> revisionOf;
  private final WatchService events;
  private final Map<Path, Watched> watched = new ConcurrentHashMap<>();
  private final Map<Path, WatchKey> directories = new ConcurrentHashMap<>();
  private final Thread poller;
  private final Thread listener;
  private volatile boolean closed;

  private static final class Watched {
    final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
    volatile String revision;
  }

  /**
   * @param poll how often revisions are compared
   * @param useWatchService whether directory events wake the poller at once
   * @param revisionOf a path's current revision; it may throw, which counts as a revision of its
   *     own
   */
  public FileWatcher(Duration poll, boolean useWatchService, Function<Path, String> revisionOf) {
    this.poll = Objects.requireNonNull(poll, "poll");
    this.revisionOf = Objects.requireNonNull(revisionOf, "revisionOf");
    WatchService ws = null;
    if (useWatchService) {
      try {
        ws = FileSystems.getDefault().newWatchService();
      } catch (IOException | UnsupportedOperationException e) {
        LOG.info("no file watch service ({}); credential files are polled", e.getClass().getName());
      }
    }
    this.events = ws;
    this.poller = new Thread(this::pollLoop, "credentials-file-poll");
    this.poller.setDaemon(true);
    this.listener = ws == null ? null : new Thread(this::eventLoop, "credentials-file-events");
    if (listener != null) {
      listener.setDaemon(true);
    }
  }

  /**
   * Watches a path.
   *
   * @param path a file or directory
   * @param changed called after its revision changed
   * @return a handle that stops it
   */
  public synchronized AutoCloseable add(Path path, Runnable changed) {
    Path p = path.toAbsolutePath().normalize();
    Watched w =
        watched.computeIfAbsent(
            p,
            k -> {
              Watched n = new Watched();
              n.revision = revision(k);
              return n;
            });
    w.callbacks.add(changed);
    register(p.getParent());
    if (Files.isDirectory(p)) {
      register(p);
    }
    if (!poller.isAlive() && !closed) {
      poller.start();
      if (listener != null) {
        listener.start();
      }
    }
    return () -> w.callbacks.remove(changed);
  }

  private void register(Path directory) {
    if (events == null || directory == null || directories.containsKey(directory)) {
      return;
    }
    try {
      directories.put(
          directory,
          directory.register(
              events,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot watch {} ({}); it is polled", directory, e.getClass().getName());
    }
  }

  private String revision(Path p) {
    try {
      return revisionOf.apply(p);
    } catch (RuntimeException e) {
      return "unreadable:" + e.getClass().getName();
    }
  }

  /** Compares every watched path's revision now and notifies the changed ones. */
  public void pollNow() {
    for (Map.Entry<Path, Watched> e : watched.entrySet()) {
      Watched w = e.getValue();
      String now = revision(e.getKey());
      if (!now.equals(w.revision)) {
        w.revision = now;
        for (Runnable r : w.callbacks) {
          try {
            r.run();
          } catch (RuntimeException ex) {
            LOG.warn("a credential file listener failed ({})", ex.getClass().getName());
          }
        }
      }
    }
  }

  private void pollLoop() {
    while (!closed) {
      pollNow();
      LockSupport.parkNanos(this, poll.toNanos());
    }
  }

  private void eventLoop() {
    while (!closed) {
      try {
        WatchKey key = events.poll(1, TimeUnit.SECONDS);
        if (key == null) {
          continue;
        }
        key.pollEvents();
        key.reset();
        // let a rename or a symlink swap finish, then look
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        LockSupport.unpark(poller);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(poller);
    if (events != null) {
      try {
        events.close();
      } catch (IOException e) {
        LOG.debug("closing the watch service failed ({})", e.getClass().getName());
      }
    }
  }
}
