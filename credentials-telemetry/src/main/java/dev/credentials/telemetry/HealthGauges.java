package dev.credentials.telemetry;

/**
 * The engine health numbers a reporter observes as gauges, read each time metrics are collected.
 */
public interface HealthGauges {

  /**
   * Access-audit entries accepted but not yet written.
   *
   * @return the depth
   */
  long journalDepth();

  /**
   * Failed writes of the access-audit writer since the engine started.
   *
   * @return the count
   */
  long auditWriteFailures();
}
