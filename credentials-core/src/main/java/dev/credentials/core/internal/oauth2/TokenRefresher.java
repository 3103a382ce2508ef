package dev.credentials.core.internal.oauth2;

import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.CredentialState;
import dev.credentials.CredentialStore;
import dev.credentials.CredentialUpdate;
import dev.credentials.OAuth2Tokens;
import dev.credentials.Principal;
import dev.credentials.Role;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.TokenRefreshException;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.launch.TokenProblems;
import dev.credentials.core.internal.resolve.FreshTokens;
import dev.credentials.core.internal.store.Missing;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.CheckTemplate;
import dev.credentials.prototype.OAuth2Fields;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains and refreshes the OAuth 2.0 access tokens of credentials whose prototype declares {@link
 * OAuth2Fields}. It watches every such credential a resolve or launch has read: a token is due
 * {@code lead} before it expires (the configured lead, or the given percentage of the token's
 * lifetime when that is shorter) and is then refreshed by {@link #refreshDue()}, which the engine's
 * background task calls; a resolve waits only for a token that has already expired. One refresh per
 * credential runs at a time ({@link RefreshFlights}); the new tokens are written through the
 * store's sealed update (one unit of work with its {@code UPDATED} event) by the principal {@value
 * #PRINCIPAL}. A refused grant leaves the credential {@code MISCONFIGURED} until it changes; an
 * unreachable endpoint leaves it {@code UNAVAILABLE} for {@link #RETRY_AFTER}.
 */
public final class TokenRefresher implements OAuth2Tokens, FreshTokens, TokenProblems {

  /** The principal whose updates store refreshed tokens (an admin of the credential's tenant). */
  public static final String PRINCIPAL = "credentials-oauth2-refresh";

  /** How long an unreachable endpoint keeps a credential UNAVAILABLE before the next attempt. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);

  /**
   * What is known of one credential's token at one version.
   *
   * @param expiresAt when the token expires; {@code null} for a token without an expiry
   * @param dueAt when the background refreshes it
   */
  private record Watch(TenantId tenant, long version, Instant expiresAt, Instant dueAt) {
    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }

    boolean due(Instant now) {
      return dueAt != null && !now.isBefore(dueAt);
    }
  }

  /** A failed refresh of one version of a credential. */
  private record Problem(long version, CheckResult result) {}

  private final PrototypeRegistry registry;
  private final CredentialRepository repository;
  private final ValueVault vault;
  private final CredentialStore store;
  private final AccessGuard guard;
  private final AuditedWrites writes;
  private final TokenEndpoint endpoint;
  private final RefreshFlights flights;
  private final Clock clock;
  private final Duration lead;
  private final int leadPercent;
  private final Map<CredentialId, Watch> watches = new ConcurrentHashMap<>();
  private final Map<CredentialId, Duration> lifetimes = new ConcurrentHashMap<>();
  private final Map<CredentialId, Problem> problems = new ConcurrentHashMap<>();

  /**
   * @param registry the prototypes and their OAuth 2.0 declarations
   * @param repository where credentials are read
   * @param vault where values are opened
   * @param store the sealed update path the new tokens take
   * @param guard who may ask for a refresh
   * @param writes where failed refreshes are audited
   * @param http the HTTP client
   * @param timeout the time budget of one token request
   * @param flights one refresh in flight per credential
   * @param clock the engine's clock
   * @param lead how long before expiry a token is refreshed
   * @param leadPercent the lead as a percentage of the token's lifetime, used when shorter
   */
  public TokenRefresher(
      PrototypeRegistry registry,
      CredentialRepository repository,
      ValueVault vault,
      CredentialStore store,
      AccessGuard guard,
      AuditedWrites writes,
      java.net.http.HttpClient http,
      Duration timeout,
      RefreshFlights flights,
      Clock clock,
      Duration lead,
      int leadPercent) {
    this.registry = registry;
    this.repository = repository;
    this.vault = vault;
    this.store = store;
    this.guard = guard;
    this.writes = writes;
    this.endpoint = new TokenEndpoint(http, timeout);
    this.flights = flights;
    this.clock = clock;
    this.lead = lead;
    this.leadPercent = leadPercent;
  }

  // --- the resolve's path: a map lookup unless the token has expired ---

  @Override
  public StoredCredential fresh(StoredCredential stored, Map<String, Secret> values, Instant now) {
    CredentialMetadata m = stored.metadata();
    Optional<OAuth2Fields> fields = registry.oauth2(m.prototype());
    if (fields.isEmpty()) {
      return stored;
    }
    Watch w = watch(m, fields.get(), values);
    if (!w.due(now)) {
      return stored;
    }
    if (!w.expired(now)) {
      return stored; // due: the background task refreshes it, the resolve does not wait
    }
    Problem p = problems.get(m.id());
    if (p != null && p.version() == m.version() && blocks(p, now)) {
      throw new TokenRefreshException(p.result().state(), p.result().message());
    }
    return refresh(m.tenant(), m.id(), current -> expiredOrOlder(current, m.version(), now));
  }

  // --- the launch gate ---

  @Override
  public Optional<CheckResult> beforeLaunch(Caller caller, StoredCredential stored) {
    CredentialMetadata m = stored.metadata();
    Optional<OAuth2Fields> fields = registry.oauth2(m.prototype());
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Problem p = problems.get(m.id());
    if (p != null && p.version() == m.version() && blocks(p, now)) {
      return Optional.of(p.result());
    }
    Watch w = watches.get(m.id());
    if (w == null || w.version() != m.version()) {
      w = watch(m, fields.get(), vault.openForChange(stored));
    }
    if (!w.expired(now)) {
      return Optional.empty();
    }
    try {
      refresh(m.tenant(), m.id(), current -> expiredOrOlder(current, m.version(), now));
      return Optional.empty();
    } catch (TokenRefreshException e) {
      return Optional.of(result(e, now));
    }
  }

  private static boolean blocks(Problem p, Instant now) {
    return p.result().state() == CredentialState.MISCONFIGURED
        || now.isBefore(p.result().validUntil());
  }

  // --- the host after a 401 ---

  @Override
  public CredentialMetadata refreshAfterRejection(
      Caller caller, CredentialId id, long rejectedVersion) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(id, "id");
    guard.require(caller, Permission.RESOLVE, "refresh an access token", Optional.of(id));
    TenantId tenant = caller.tenant();
    StoredCredential current = read(tenant, id);
    if (registry.oauth2(current.metadata().prototype()).isEmpty()) {
      throw new IllegalArgumentException(
          "credential "
              + id
              + " is of prototype "
              + current.metadata().prototype()
              + ", which declares no OAuth 2.0 fields; only such credentials have tokens to"
              + " refresh");
    }
    return refresh(tenant, id, c -> c.metadata().version() <= rejectedVersion).metadata();
  }

  // --- the background ---

  @Override
  public int refreshDue() {
    Instant now = clock.instant();
    List<Map.Entry<CredentialId, Watch>> due = new ArrayList<>();
    for (Map.Entry<CredentialId, Watch> e : watches.entrySet()) {
      Watch w = e.getValue();
      Problem p = problems.get(e.getKey());
      if (w.due(now) && !(p != null && p.version() == w.version() && blocks(p, now))) {
        due.add(e);
      }
    }
    for (Map.Entry<CredentialId, Watch> e : due) {
      Watch w = e.getValue();
      try {
        refresh(w.tenant(), e.getKey(), current -> dueOrOlder(current, w.version(), now));
      } catch (CredentialNotFoundException deleted) {
        watches.remove(e.getKey(), w); // deleted meanwhile: nothing left to refresh
        problems.remove(e.getKey());
        lifetimes.remove(e.getKey());
      } catch (RuntimeException failed) {
        // recorded as a problem and audited where it can be; the next tick or resolve sees it
        LOG.debug("refresh of credential {} failed: {}", e.getKey(), failed.getClass().getName());
      }
    }
    return due.size();
  }

  // --- one refresh ---

  /**
   * Refreshes unless {@code needed} says the stored credential no longer needs it (another refresh
   * replaced the token meanwhile), within the credential's single flight.
   */
  private StoredCredential refresh(
      TenantId tenant, CredentialId id, Predicate<StoredCredential> needed) {
    return flights.single(tenant, id, () -> refreshNow(tenant, id, needed));
  }

  private StoredCredential refreshNow(
      TenantId tenant, CredentialId id, Predicate<StoredCredential> needed) {
    StoredCredential current = read(tenant, id);
    if (!needed.test(current)) {
      return current;
    }
    CredentialMetadata m = current.metadata();
    OAuth2Fields fields = registry.oauth2(m.prototype()).orElseThrow();
    String subject = "credential '" + m.name() + "' (" + id + ")";
    Map<String, Secret> values = vault.openForChange(current);
    Instant now = clock.instant();
    try {
      Secret refreshToken = fields.refreshToken().map(values::get).orElse(null);
      Map<String, Secret> form = new LinkedHashMap<>();
      if (refreshToken != null && !refreshToken.isEmpty()) {
        form.put("grant_type", Secret.of("refresh_token"));
        form.put("refresh_token", refreshToken);
      } else {
        form.put("grant_type", Secret.of("client_credentials"));
      }
      fields
          .scope()
          .map(values::get)
          .filter(s -> !s.isEmpty())
          .ifPresent(s -> form.put("scope", s));
      Secret clientId = values.get(fields.clientId());
      Secret clientSecret = values.get(fields.clientSecret());
      if (clientId == null || clientSecret == null) {
        throw new TokenRefreshException(
            CredentialState.MISCONFIGURED,
            subject
                + " has no "
                + (clientId == null ? fields.clientId() : fields.clientSecret())
                + "; an administrator must set it before a token can be obtained");
      }
      URI uri = tokenEndpoint(fields, values, subject);
      TokenEndpoint.Tokens tokens =
          endpoint.grant(
              uri,
              clientId,
              clientSecret,
              form,
              fields.clientAuthentication() == OAuth2Fields.ClientAuthentication.FORM,
              subject);
      CredentialUpdate.Builder update =
          CredentialUpdate.builder(m.version()).secret(fields.accessToken(), tokens.accessToken());
      tokens
          .refreshToken()
          .ifPresent(r -> fields.refreshToken().ifPresent(f -> update.secret(f, r)));
      Instant expiresAt = null;
      if (tokens.expiresIn().isPresent()) {
        expiresAt = now.plusSeconds(tokens.expiresIn().getAsLong());
        update.value(fields.expiresAt(), expiresAt.toString());
        lifetimes.put(id, Duration.ofSeconds(tokens.expiresIn().getAsLong()));
      } else if (values.containsKey(fields.expiresAt())) {
        update.remove(fields.expiresAt());
        lifetimes.remove(id);
      }
      CredentialMetadata next;
      try {
        next = store.update(refreshCaller(tenant), id, update.build());
      } catch (ConcurrentCredentialModificationException raced) {
        return read(tenant, id); // changed meanwhile (another engine refreshed): take its values
      }
      problems.remove(id);
      watches.put(id, new Watch(tenant, next.version(), expiresAt, dueAt(id, now, expiresAt)));
      LOG.info("refreshed the access token of credential {} (version {})", id, next.version());
      return read(tenant, id);
    } catch (TokenRefreshException e) {
      fail(current, e, now);
      throw e;
    }
  }

  private static URI tokenEndpoint(OAuth2Fields fields, Map<String, Secret> values, String subj) {
    try {
      Secret url =
          CheckTemplate.parse("oauth2/tokenEndpoint", fields.tokenEndpoint())
              .expand(Escaping.URL, values);
      URI uri = URI.create(url.reveal());
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
      return uri;
    } catch (RuntimeException e) {
      throw new TokenRefreshException(
          CredentialState.MISCONFIGURED,
          subj
              + ": its token endpoint is not an http(s) URL ("
              + e.getClass().getSimpleName()
              + "); an administrator must correct the token endpoint field");
    }
  }

  /** Records a failed refresh for the launch gate, audits it and logs it (never a value). */
  private void fail(StoredCredential current, TokenRefreshException e, Instant now) {
    CredentialMetadata m = current.metadata();
    CheckResult result = result(e, now);
    problems.put(m.id(), new Problem(m.version(), result));
    LOG.warn("{}", e.getMessage());
    try {
      writes.write(
          refreshCaller(m.tenant()),
          w -> {
            w.uow().checks().append(m.tenant(), m.id(), result);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("state", result.state().name());
            details.put("message", result.message());
            details.put("via", "oauth2 refresh");
            w.audit(AuditAction.CHECKED, Optional.of(m.id()), Optional.empty(), details);
            return null;
          });
    } catch (RuntimeException auditFailed) {
      LOG.warn(
          "could not audit the failed refresh of credential {}: {}",
          m.id(),
          auditFailed.getClass().getName());
    }
  }

  private static CheckResult result(TokenRefreshException e, Instant now) {
    return new CheckResult(
        e.state(),
        e.getMessage(),
        now,
        e.state() == CredentialState.MISCONFIGURED ? 0 : RETRY_AFTER.toSeconds(),
        Map.of("via", "oauth2 refresh"));
  }

  // --- what is known of a token ---

  private Watch watch(CredentialMetadata m, OAuth2Fields fields, Map<String, Secret> values) {
    Watch w = watches.get(m.id());
    if (w != null && w.version() == m.version()) {
      return w;
    }
    Instant expiresAt = expiry(fields, values);
    w = new Watch(m.tenant(), m.version(), expiresAt, dueAt(m.id(), null, expiresAt));
    watches.put(m.id(), w);
    return w;
  }

  /** When the token expires: never without a value, now without a token, else the field. */
  private static Instant expiry(OAuth2Fields fields, Map<String, Secret> values) {
    Secret token = values.get(fields.accessToken());
    if (token == null || token.isEmpty()) {
      return Instant.MIN; // no token yet: obtain one
    }
    Secret at = values.get(fields.expiresAt());
    if (at == null || at.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(at.reveal().trim());
    } catch (DateTimeParseException e) {
      return Instant.MIN; // unreadable: refresh rather than use a token of unknown age
    }
  }

  private Instant dueAt(CredentialId id, Instant issuedAt, Instant expiresAt) {
    if (expiresAt == null) {
      return null;
    }
    if (expiresAt.equals(Instant.MIN)) {
      return Instant.MIN;
    }
    Duration lifetime = lifetimes.get(id);
    if (lifetime == null && issuedAt != null) {
      lifetime = Duration.between(issuedAt, expiresAt);
    }
    Duration l = lead;
    if (lifetime != null) {
      Duration share = lifetime.multipliedBy(leadPercent).dividedBy(100);
      if (share.compareTo(l) < 0) {
        l = share;
      }
    }
    return expiresAt.minus(l);
  }

  private boolean expiredOrOlder(StoredCredential current, long seenVersion, Instant now) {
    return current.metadata().version() <= seenVersion || currentWatch(current).expired(now);
  }

  private boolean dueOrOlder(StoredCredential current, long seenVersion, Instant now) {
    return current.metadata().version() <= seenVersion || currentWatch(current).due(now);
  }

  private Watch currentWatch(StoredCredential current) {
    OAuth2Fields fields = registry.oauth2(current.metadata().prototype()).orElseThrow();
    return watch(current.metadata(), fields, vault.openForChange(current));
  }

  private StoredCredential read(TenantId tenant, CredentialId id) {
    return repository
        .read(uow -> uow.credentials().find(tenant, id))
        .orElseThrow(() -> Missing.credential(tenant, id));
  }

  private static Caller refreshCaller(TenantId tenant) {
    return Caller.of(
        tenant,
        new Principal(PRINCIPAL, Principal.Kind.SERVICE, Map.of(tenant, EnumSet.of(Role.ADMIN))));
  }
}
