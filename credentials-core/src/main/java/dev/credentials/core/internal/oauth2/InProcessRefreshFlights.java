package dev.credentials.core.internal.oauth2;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** One refresh in flight per credential within this engine: the first caller runs it. */
public final class InProcessRefreshFlights implements RefreshFlights {

  private final Map<CredentialId, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

  /** Creates the flights. */
  public InProcessRefreshFlights() {}

  @Override
  @SuppressWarnings("unchecked")
  public <T> T single(TenantId tenant, CredentialId id, Supplier<T> refresh) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> leader = inFlight.putIfAbsent(id, mine);
    if (leader != null) {
      try {
        return (T) leader.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
    try {
      T result = refresh.get();
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(id, mine);
    }
  }
}
