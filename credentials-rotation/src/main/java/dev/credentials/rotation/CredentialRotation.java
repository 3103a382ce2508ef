package dev.credentials.rotation;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.core.Credentials;
import dev.credentials.spi.Rotator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates credentials' secrets with {@link Rotator}s, now or on a schedule per credential.
 *
 * <p>A rotation reveals the credential and the administrative credential (both audited), lets the
 * rotator generate the new values and apply them at the service, stores them through the engine's
 * sealed update (a new version with its {@code UPDATED} audit event), and has the rotator verify
 * them with a live connect. When verification fails the service is given the old values back and
 * they are stored again (one more version), so the stored credential and the service agree.
 *
 * <pre>{@code
 * CredentialRotation rotation =
 *     CredentialRotation.of(credentials, clock, PostgresRotator.create());
 * rotation.schedule(admin, reportingDb, postgresAdmin, Duration.ofDays(30));
 * // the host's scheduler, e.g. hourly:
 * rotation.runDue();
 * }</pre>
 */
public final class CredentialRotation {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialRotation.class);

  /**
   * One scheduled credential.
   *
   * @param caller who scheduled it; rotations run as this caller
   * @param admin the administrative credential
   * @param interval how often
   * @param next when the next rotation is due
   */
  private record Schedule(Caller caller, CredentialId admin, Duration interval, Instant next) {}

  private final Credentials credentials;
  private final Clock clock;
  private final List<Rotator> rotators;
  private final Map<CredentialId, Schedule> schedules = new ConcurrentHashMap<>();

  private CredentialRotation(Credentials credentials, Clock clock, List<Rotator> rotators) {
    this.credentials = credentials;
    this.clock = clock;
    this.rotators = List.copyOf(rotators);
  }

  /**
   * The rotation service of an engine.
   *
   * @param credentials the engine
   * @param clock the clock schedules are kept by
   * @param rotators the rotators, tried in order
   * @return the service
   */
  public static CredentialRotation of(Credentials credentials, Clock clock, Rotator... rotators) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(rotators, "rotators");
    if (rotators.length == 0) {
      throw new IllegalArgumentException(
          "give at least one rotator, e.g. PostgresRotator.create()");
    }
    for (Rotator r : rotators) {
      Objects.requireNonNull(r, "rotator");
    }
    return new CredentialRotation(credentials, clock, List.of(rotators));
  }

  /**
   * Rotates a credential's secret now.
   *
   * @param caller who rotates; needs to reveal both credentials and to update the rotated one
   * @param target the credential whose secret changes
   * @param admin the administrative credential the rotator changes it with
   * @return the result
   * @throws IllegalArgumentException when no rotator rotates the target's prototype
   * @throws RotationFailedException when the service refused, or verification failed (the old
   *     secret is then restored at the service and stored again)
   */
  public RotationResult rotate(Caller caller, CredentialId target, CredentialId admin) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(admin, "admin");
    RevealedCredential current = credentials.store().reveal(caller, target);
    CredentialMetadata m = current.metadata();
    Rotator rotator = rotatorFor(m);
    RevealedCredential administrator = credentials.store().reveal(caller, admin);
    String subject = "credential '" + m.name() + "' (" + m.id() + ")";

    Map<String, Secret> changed = rotator.next(current.values());
    Map<String, Secret> next = new LinkedHashMap<>(current.values());
    next.putAll(changed);
    try {
      rotator.apply(administrator.values(), current.values(), next);
    } catch (RuntimeException e) {
      throw new RotationFailedException(
          subject
              + ": the "
              + rotator.name()
              + " rotator could not apply the new secret ("
              + e.getMessage()
              + "); nothing changed",
          null);
    }
    CredentialMetadata stored;
    try {
      stored = credentials.store().update(caller, target, update(m.version(), changed));
    } catch (RuntimeException e) {
      restore(rotator, administrator, current, subject);
      throw new RotationFailedException(
          subject
              + ": the new secret could not be stored ("
              + e.getClass().getSimpleName()
              + "); the service has the old secret again and the credential is unchanged",
          e);
    }
    try {
      rotator.verify(next);
    } catch (RuntimeException e) {
      restore(rotator, administrator, current, subject);
      Map<String, Secret> old = new LinkedHashMap<>();
      for (String field : changed.keySet()) {
        old.put(field, current.values().get(field));
      }
      CredentialMetadata back =
          credentials.store().update(caller, target, update(stored.version(), old));
      throw new RotationFailedException(
          subject
              + ": verification of the new secret failed ("
              + e.getMessage()
              + "); the service has the old secret again, stored as version "
              + back.version()
              + "; check the credential's connection settings before rotating again",
          null);
    }
    Instant now = clock.instant();
    LOG.info(
        "rotated {} with the {} rotator (version {})", m.id(), rotator.name(), stored.version());
    return new RotationResult(stored, rotator.name(), changed.keySet(), now);
  }

  private static void restore(
      Rotator rotator, RevealedCredential admin, RevealedCredential current, String subject) {
    try {
      rotator.revert(admin.values(), current.values());
    } catch (RuntimeException e) {
      throw new RotationFailedException(
          subject
              + ": the old secret could not be restored at the service ("
              + e.getMessage()
              + "); the service and the stored credential may disagree: an administrator must set"
              + " the password by hand and update the credential",
          null);
    }
  }

  private static CredentialUpdate update(long version, Map<String, Secret> fields) {
    CredentialUpdate.Builder b = CredentialUpdate.builder(version);
    fields.forEach(b::secret);
    return b.build();
  }

  private Rotator rotatorFor(CredentialMetadata m) {
    for (Rotator r : rotators) {
      if (r.rotates(m.prototype())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "no rotator rotates credentials of prototype "
            + m.prototype()
            + " (credential "
            + m.id()
            + "); register one that does");
  }

  /**
   * Rotates a credential every {@code interval}, the first time one interval from now. Scheduling
   * it again replaces its schedule. Schedules live in this object: a host that restarts schedules
   * again.
   *
   * @param caller who rotates; the scheduled rotations run as this caller
   * @param target the credential whose secret changes
   * @param admin the administrative credential
   * @param interval how often, at least one minute
   * @throws IllegalArgumentException when no rotator rotates the target's prototype, or the
   *     interval is shorter than a minute
   */
  public void schedule(Caller caller, CredentialId target, CredentialId admin, Duration interval) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least one minute, got " + interval);
    }
    rotatorFor(credentials.store().get(caller, target));
    schedules.put(target, new Schedule(caller, admin, interval, clock.instant().plus(interval)));
  }

  /**
   * Stops rotating a credential on a schedule.
   *
   * @param target the credential
   * @return whether it had a schedule
   */
  public boolean unschedule(CredentialId target) {
    return schedules.remove(Objects.requireNonNull(target, "target")) != null;
  }

  /**
   * When a credential's next scheduled rotation is due.
   *
   * @param target the credential
   * @return the instant, or empty when it has no schedule
   */
  public java.util.Optional<Instant> nextRotation(CredentialId target) {
    Schedule s = schedules.get(target);
    return s == null ? java.util.Optional.empty() : java.util.Optional.of(s.next());
  }

  /**
   * Rotates every scheduled credential that is due. A failed rotation is logged and retried at the
   * next call; the others go on.
   *
   * @return the rotations that succeeded
   */
  public List<RotationResult> runDue() {
    Instant now = clock.instant();
    List<RotationResult> done = new ArrayList<>();
    for (Map.Entry<CredentialId, Schedule> e : Set.copyOf(schedules.entrySet())) {
      Schedule s = e.getValue();
      if (now.isBefore(s.next())) {
        continue;
      }
      try {
        done.add(rotate(s.caller(), e.getKey(), s.admin()));
        schedules.replace(
            e.getKey(),
            s,
            new Schedule(s.caller(), s.admin(), s.interval(), now.plus(s.interval())));
      } catch (RuntimeException failed) {
        LOG.warn("scheduled rotation of {} failed: {}", e.getKey(), failed.getMessage());
      }
    }
    return done;
  }
}
