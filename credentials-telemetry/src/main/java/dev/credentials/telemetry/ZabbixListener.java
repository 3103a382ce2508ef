package dev.credentials.telemetry;

import dev.credentials.EngineHealth;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckObservation;
import dev.credentials.spi.LaunchListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends check states and launch decisions to Zabbix trapper items, through the sender protocol.
 *
 * <p>Items (create them as "Zabbix trapper" items on the monitored host, or with low-level
 * discovery):
 *
 * <ul>
 *   <li>{@code credentials.check.state[<tenant>,<credential>]}: the state of every check that ran
 *       ({@code AVAILABLE}, {@code DEGRADED}, {@code UNAVAILABLE}, {@code MISCONFIGURED}, …), so a
 *       trigger can both fire and recover;
 *   <li>{@code credentials.check.seconds[<tenant>,<credential>]}: its latency in seconds;
 *   <li>{@code credentials.launch.outcome[<tenant>,<consumer>]}: {@code RUN}, {@code DEFER} or
 *       {@code BLOCK};
 *   <li>{@code credentials.launch.deferrals[<tenant>,<consumer>]}: consecutive deferrals so far;
 *   <li>with {@link Builder#health(Supplier, Duration)}, at that interval: {@code
 *       credentials.audit.journal.depth}, {@code credentials.audit.writer.failing} (0 or 1) and
 *       {@code credentials.health.status[<component>]} (0 up, 1 degraded, 2 down) for the
 *       repository, the keyset and the access-audit writer.
 * </ul>
 *
 * <p>Values are queued (bounded; what does not fit is dropped and counted) and sent in batches by
 * one daemon thread, so a slow or absent server never slows a launch. {@link #close()} sends what
 * is queued, waiting at most the sender's timeout.
 *
 * <p>Switched on by {@link #fromEnvironment()} when {@code ZABBIX_SERVER} ({@code host[:port]}) is
 * set; {@code ZABBIX_HOST} names the monitored host (default: this machine's host name).
 */
public final class ZabbixListener implements LaunchListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ZabbixListener.class);
  private static final int BATCH = 250;

  private final ZabbixSender sender;
  private final String host;
  private final Clock clock;
  private final BlockingQueue<ZabbixItem> queue;
  private final Duration timeout;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<ZabbixResponse> last = new AtomicReference<>();
  private final HealthReadings health;
  private final long healthEveryNanos;
  private long nextHealth;
  private final Thread worker;
  private volatile boolean closed;

  private ZabbixListener(Builder b) {
    this.sender = b.sender;
    this.host = b.host;
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.health = b.health == null ? null : new HealthReadings(b.health);
    this.healthEveryNanos = b.healthEvery == null ? 0 : b.healthEvery.toNanos();
    this.nextHealth = System.nanoTime();
    this.worker = new Thread(this::run, "credentials-zabbix-sender");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * A builder for a listener that sends through a sender.
   *
   * @param sender the sender
   * @return a new builder
   */
  public static Builder builder(ZabbixSender sender) {
    return new Builder(Objects.requireNonNull(sender, "sender"));
  }

  /**
   * A listener configured by {@code ZABBIX_SERVER} ({@code host[:port]}) and, optionally, {@code
   * ZABBIX_HOST} (the monitored host's name in Zabbix).
   *
   * @return the listener, or empty when {@code ZABBIX_SERVER} is not set
   * @throws IllegalArgumentException when {@code ZABBIX_SERVER} cannot be read
   */
  public static Optional<ZabbixListener> fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  static Optional<ZabbixListener> fromEnvironment(Function<String, String> env) {
    String server = env.apply("ZABBIX_SERVER");
    if (server == null || server.isBlank()) {
      return Optional.empty();
    }
    Builder b = builder(ZabbixSender.parse(server, Duration.ofSeconds(5)));
    String host = env.apply("ZABBIX_HOST");
    if (host != null && !host.isBlank()) {
      b.host(host.trim());
    }
    return Optional.of(b.build());
  }

  @Override
  public void onCheck(CheckObservation o) {
    String tenant = o.tenant().value();
    String credential = o.credential().name();
    offer(ZabbixItem.key("credentials.check.state", tenant, credential), o.result().state().name());
    offer(
        ZabbixItem.key("credentials.check.seconds", tenant, credential),
        String.format(Locale.ROOT, "%.6f", o.latency().toNanos() / 1e9));
  }

  @Override
  public void onDecision(TenantId tenant, LaunchDecision d) {
    offer(
        ZabbixItem.key("credentials.launch.outcome", tenant.value(), d.consumerId()),
        d.outcome().name());
    offer(
        ZabbixItem.key("credentials.launch.deferrals", tenant.value(), d.consumerId()),
        Integer.toString(d.deferrals()));
  }

  private void offer(String key, String value) {
    if (closed) {
      dropped.incrementAndGet();
      return;
    }
    if (queue.offer(new ZabbixItem(host, key, value, clock.instant()))) {
      queued.incrementAndGet();
    } else {
      dropped.incrementAndGet();
    }
  }

  private void run() {
    List<ZabbixItem> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        reportHealthWhenDue();
        ZabbixItem first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        send(batch);
      } catch (InterruptedException e) {
        return;
      } finally {
        handled.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  private void reportHealthWhenDue() {
    if (health == null || closed || System.nanoTime() - nextHealth < 0) {
      return;
    }
    nextHealth = System.nanoTime() + healthEveryNanos;
    try {
      offer(Names.JOURNAL_DEPTH, Long.toString(health.journalDepth()));
      offer(Names.AUDIT_WRITER_FAILING, Long.toString(health.auditWriterFailing()));
      for (String c : HealthReadings.COMPONENTS) {
        long v = health.status(c);
        if (v >= 0) {
          offer(ZabbixItem.key(Names.HEALTH_STATUS, c), Long.toString(v));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("the engine's health could not be read for Zabbix: {}", e.getClass().getName());
    }
  }

  private void send(List<ZabbixItem> batch) {
    try {
      ZabbixResponse r = sender.send(batch);
      last.set(r);
      processed.addAndGet(r.processed());
      rejected.addAndGet(r.failed());
      if (!r.success() || r.failed() > 0) {
        LOG.warn(
            "Zabbix did not accept every value ({}); check that host '{}' has trapper items"
                + " credentials.check.state[...] and credentials.launch.outcome[...]",
            r.info(),
            host);
      }
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("sending {} values to {} failed: {}", batch.size(), sender, e.toString());
    }
  }

  /**
   * Waits until everything queued so far has been sent (or failed).
   *
   * @param wait the longest wait
   * @return true when the queue was drained in time
   */
  public boolean flush(Duration wait) {
    long target = queued.get();
    long deadline = System.nanoTime() + wait.toNanos();
    while (handled.get() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Values the server accepted so far.
   *
   * @return the count
   */
  public long processed() {
    return processed.get();
  }

  /**
   * Values the server rejected so far (no such host or item, wrong type).
   *
   * @return the count
   */
  public long rejected() {
    return rejected.get();
  }

  /**
   * Values dropped because the queue was full or the listener closed.
   *
   * @return the count
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Batches that could not be sent (server unreachable, protocol error).
   *
   * @return the count
   */
  public long failures() {
    return failures.get();
  }

  /**
   * The server's last answer.
   *
   * @return the answer, or empty before the first
   */
  public Optional<ZabbixResponse> lastResponse() {
    return Optional.ofNullable(last.get());
  }

  /** Sends what is queued (waiting at most the sender's timeout), then stops the sending thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush(timeout);
    closed = true;
    try {
      worker.join(timeout.toMillis() + 200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ZabbixListener[" + sender + ", host=" + host + "]";
  }

  /** Configures a {@link ZabbixListener}. */
  public static final class Builder {
    private final ZabbixSender sender;
    private String host;
    private Clock clock = Clock.systemUTC();
    private int queueCapacity = 10_000;
    private Duration timeout = Duration.ofSeconds(5);
    private Supplier<EngineHealth> health;
    private Duration healthEvery;

    private Builder(ZabbixSender sender) {
      this.sender = sender;
    }

    /**
     * The monitored host's name in Zabbix (default: {@code ZABBIX_HOST}, else this machine's name).
     *
     * @param v the name
     * @return this
     */
    public Builder host(String v) {
      Objects.requireNonNull(v, "host");
      if (v.isBlank()) {
        throw new IllegalArgumentException("host must name the monitored host in Zabbix");
      }
      this.host = v;
      return this;
    }

    /**
     * The clock that stamps values (default: system UTC).
     *
     * @param v the clock
     * @return this
     */
    public Builder clock(Clock v) {
      this.clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /**
     * How many values may wait to be sent (default 10,000); more are dropped and counted.
     *
     * @param v at least 1
     * @return this
     */
    public Builder queueCapacity(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, got " + v);
      }
      this.queueCapacity = v;
      return this;
    }

    /**
     * How long {@link ZabbixListener#close()} waits for queued values to be sent (default 5 s).
     *
     * @param v a positive duration
     * @return this
     */
    public Builder closeTimeout(Duration v) {
      Objects.requireNonNull(v, "closeTimeout");
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("closeTimeout must be positive, got " + v);
      }
      this.timeout = v;
      return this;
    }

    /**
     * Also sends the engine's health at an interval, from the sending thread.
     *
     * @param probe usually {@code credentials::health}
     * @param every the interval, at least one second
     * @return this
     * @throws IllegalArgumentException when the interval is shorter than a second
     */
    public Builder health(Supplier<EngineHealth> probe, Duration every) {
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(every, "every");
      if (every.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("every must be at least one second, got " + every);
      }
      this.health = probe;
      this.healthEvery = every;
      return this;
    }

    /**
     * Builds the listener and starts its sending thread.
     *
     * @return the listener
     */
    public ZabbixListener build() {
      if (host == null) {
        String env = System.getenv("ZABBIX_HOST");
        host = env != null && !env.isBlank() ? env.trim() : localHostName();
      }
      return new ZabbixListener(this);
    }

    private static String localHostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }
  }
}
