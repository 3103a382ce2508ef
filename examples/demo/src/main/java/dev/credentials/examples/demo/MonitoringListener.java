package dev.credentials.examples.demo;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;
import dev.credentials.spi.LaunchListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An example {@link LaunchListener} that forwards live-check problems and launch decisions to
 * monitoring, in two shapes:
 *
 * <ul>
 *   <li>Zabbix: one {@code zabbix_sender} input line per event ({@code <host> <key> <value>}), e.g.
 *       handed to {@code zabbix_sender -i -} or a trapper client;
 *   <li>OpenTelemetry: an event name with attributes, e.g. passed to {@code span.addEvent(name,
 *       Attributes)} or a {@code LongCounter} with those attributes.
 * </ul>
 *
 * It sends names, states and scrubbed messages, never values. Register it with {@code
 * Credentials.builder().launchListener(...)}.
 */
public final class MonitoringListener implements LaunchListener {

  private final String zabbixHost;
  private final Consumer<String> zabbixLines;
  private final BiConsumer<String, Map<String, String>> otelEvents;

  /**
   * @param zabbixHost the host name items are reported under
   * @param zabbixLines receives {@code zabbix_sender} input lines
   * @param otelEvents receives event names with attributes
   */
  public MonitoringListener(
      String zabbixHost,
      Consumer<String> zabbixLines,
      BiConsumer<String, Map<String, String>> otelEvents) {
    this.zabbixHost = Objects.requireNonNull(zabbixHost);
    this.zabbixLines = Objects.requireNonNull(zabbixLines);
    this.otelEvents = Objects.requireNonNull(otelEvents);
  }

  @Override
  public void onNonAvailable(TenantId tenant, CredentialMetadata credential, CheckResult result) {
    zabbixLines.accept(
        zabbixHost
            + " credentials.state["
            + tenant
            + ","
            + credential.name()
            + "] "
            + result.state().severity());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("credentials.tenant", tenant.value());
    attributes.put("credentials.credential", credential.id().value());
    attributes.put("credentials.state", result.state().name());
    attributes.put("credentials.message", result.message());
    otelEvents.accept("credentials.check.not_available", attributes);
  }

  @Override
  public void onDecision(TenantId tenant, LaunchDecision decision) {
    zabbixLines.accept(
        zabbixHost
            + " credentials.launch["
            + tenant
            + ","
            + decision.consumerId()
            + "] "
            + decision.outcome());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("credentials.tenant", tenant.value());
    attributes.put("credentials.consumer", decision.consumerId());
    attributes.put("credentials.outcome", decision.outcome().name());
    attributes.put("credentials.deferrals", Integer.toString(decision.deferrals()));
    decision.retryAt().ifPresent(t -> attributes.put("credentials.retry_at", t.toString()));
    otelEvents.accept("credentials.launch.decided", attributes);
  }
}
