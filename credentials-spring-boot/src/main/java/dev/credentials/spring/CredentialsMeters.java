package dev.credentials.spring;

import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.core.Credentials;
import dev.credentials.spi.LaunchListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The engine's meters for Micrometer, read through the public API only.
 *
 * <ul>
 *   <li>{@code credentials.launches} (counter, tag {@code outcome}: run, defer, block): launch
 *       decisions, counted as a {@link LaunchListener}.
 *   <li>{@code credentials.checks.nonavailable} (counter, tag {@code state}): check results that
 *       were not available, reported at launch.
 *   <li>{@code credentials.prototypes} (gauge): registered prototypes.
 *   <li>{@code credentials.credentials} (gauge, tags {@code tenant}, {@code state}): credentials of
 *       each configured tenant ({@code credentials.metrics.tenants}) by the state of their last
 *       test, {@code untested} when never tested. Counted at most once per {@code
 *       credentials.metrics.count-interval} as a service principal of the tenant.
 * </ul>
 */
public final class CredentialsMeters implements MeterBinder, LaunchListener {

  /** The state tag of credentials never tested. */
  public static final String UNTESTED = "untested";

  private final Supplier<Credentials> credentials;
  private final List<TenantId> tenants;
  private final Duration countInterval;
  private final Map<LaunchDecision.Outcome, LongAdder> launches =
      new EnumMap<>(LaunchDecision.Outcome.class);
  private final Map<CredentialState, LongAdder> nonAvailable = new EnumMap<>(CredentialState.class);
  private final Object countLock = new Object();
  private Map<TenantId, Map<String, Long>> counts = Map.of();
  private long countedAtNanos;
  private boolean counted;

  /**
   * Meters over an engine.
   *
   * @param credentials supplies the engine (looked up lazily: the engine takes these meters as a
   *     listener when it is built)
   * @param tenants the tenants whose credentials are counted
   * @param countInterval how long one count is reused
   */
  public CredentialsMeters(
      Supplier<Credentials> credentials, List<String> tenants, Duration countInterval) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.tenants = tenants.stream().map(TenantId::of).toList();
    this.countInterval = Objects.requireNonNull(countInterval, "countInterval");
    for (LaunchDecision.Outcome o : LaunchDecision.Outcome.values()) {
      launches.put(o, new LongAdder());
    }
    for (CredentialState s : CredentialState.values()) {
      nonAvailable.put(s, new LongAdder());
    }
  }

  @Override
  public void onDecision(TenantId tenant, LaunchDecision decision) {
    launches.get(decision.outcome()).increment();
  }

  @Override
  public void onNonAvailable(TenantId tenant, CredentialMetadata credential, CheckResult result) {
    nonAvailable.get(result.state()).increment();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    launches.forEach(
        (outcome, adder) ->
            FunctionCounter.builder("credentials.launches", adder, LongAdder::doubleValue)
                .description("launch decisions")
                .tag("outcome", lower(outcome.name()))
                .register(registry));
    nonAvailable.forEach(
        (state, adder) -> {
          if (state != CredentialState.AVAILABLE) {
            FunctionCounter.builder(
                    "credentials.checks.nonavailable", adder, LongAdder::doubleValue)
                .description("check results at launch that were not available")
                .tag("state", lower(state.name()))
                .register(registry);
          }
        });
    Gauge.builder(
            "credentials.prototypes", this, m -> m.credentials.get().prototypes().all().size())
        .description("registered prototypes")
        .register(registry);
    for (TenantId tenant : tenants) {
      for (String state : states()) {
        Gauge.builder("credentials.credentials", this, m -> m.count(tenant, state))
            .description("credentials by the state of their last test")
            .tag("tenant", tenant.value())
            .tag("state", state)
            .register(registry);
      }
    }
  }

  private static List<String> states() {
    List<String> states = new java.util.ArrayList<>();
    for (CredentialState s : CredentialState.values()) {
      states.add(lower(s.name()));
    }
    states.add(UNTESTED);
    return states;
  }

  private double count(TenantId tenant, String state) {
    synchronized (countLock) {
      long now = System.nanoTime();
      if (!counted || now - countedAtNanos >= countInterval.toNanos()) {
        counts = countAll();
        countedAtNanos = now;
        counted = true;
      }
      return counts.getOrDefault(tenant, Map.of()).getOrDefault(state, 0L);
    }
  }

  private Map<TenantId, Map<String, Long>> countAll() {
    Credentials engine = credentials.get();
    Map<TenantId, Map<String, Long>> all = new HashMap<>();
    for (TenantId tenant : tenants) {
      Caller caller = Caller.of(tenant, Principal.service("credentials-metrics", tenant));
      Map<String, Long> byState = new HashMap<>();
      PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
      while (true) {
        Page<CredentialMetadata> p = engine.store().list(caller, CredentialQuery.all(), page);
        for (CredentialMetadata m : p.items()) {
          String state = m.lastTest().map(r -> lower(r.state().name())).orElse(UNTESTED);
          byState.merge(state, 1L, Long::sum);
        }
        if (!p.hasNext()) {
          break;
        }
        page = page.next();
      }
      all.put(tenant, byState);
    }
    return all;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
