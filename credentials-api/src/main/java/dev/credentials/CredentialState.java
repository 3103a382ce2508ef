package dev.credentials;

/**
 * The live state of a credential at launch time (phase 2), from worst to best by {@link
 * #severity()}.
 */
public enum CredentialState {
  /** The service answered and the credential works. */
  AVAILABLE(0),
  /** No check is implemented for the prototype; never blocks a launch. */
  UNKNOWN(1),
  /** The service works with limitations; the launch is deferred. */
  DEGRADED(2),
  /** The service is unreachable or the check failed or timed out; the launch is deferred. */
  UNAVAILABLE(3),
  /** The credential itself is wrong (bad password, revoked token); the launch is blocked. */
  MISCONFIGURED(4);

  private final int severity;

  CredentialState(int severity) {
    this.severity = severity;
  }

  /**
   * How bad the state is: 0 for available up to 4 for misconfigured.
   *
   * @return the severity
   */
  public int severity() {
    return severity;
  }

  /**
   * Whether a launch may run with this state.
   *
   * @return true for {@link #AVAILABLE} and {@link #UNKNOWN}
   */
  public boolean allowsRun() {
    return this == AVAILABLE || this == UNKNOWN;
  }

  /**
   * The worse of two states.
   *
   * @param other the other state
   * @return the state with the higher severity
   */
  public CredentialState worst(CredentialState other) {
    return other.severity > severity ? other : this;
  }
}
