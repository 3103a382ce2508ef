package dev.credentials.telemetry;

/** Metric, span and attribute names, shared by every reporter so that they agree. */
final class Names {
  static final String CHECKS = "credentials.checks";
  static final String CHECK_DURATION = "credentials.check.duration";
  static final String DECISIONS = "credentials.launch.decisions";
  static final String DEFERRALS = "credentials.launch.deferrals";
  static final String JOURNAL_DEPTH = "credentials.audit.journal.depth";
  static final String AUDIT_WRITER_FAILING = "credentials.audit.writer.failing";
  static final String HEALTH_STATUS = "credentials.health.status";
  static final String COMPONENT = "credentials.health.component";

  static final String SPAN_LAUNCH = "credentials.launch";
  static final String SPAN_CHECK = "credentials.check";

  static final String TENANT = "credentials.tenant";
  static final String CONSUMER = "credentials.consumer";
  static final String CREDENTIAL = "credentials.credential.name";
  static final String PROTOTYPE = "credentials.prototype";
  static final String KIND = "credentials.check.kind";
  static final String STATE = "credentials.check.state";
  static final String MESSAGE = "credentials.check.message";
  static final String OUTCOME = "credentials.launch.outcome";
  static final String DEFERRAL_COUNT = "credentials.launch.deferral_count";
  static final String REASON = "credentials.launch.reason";

  private Names() {}
}
