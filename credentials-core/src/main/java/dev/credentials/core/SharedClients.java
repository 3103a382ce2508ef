package dev.credentials.core;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated client per credential identity, shared by everyone who uses that credential:
 * the first caller creates it (performs the login) while concurrent callers for the same identity
 * wait and then reuse it. Each user holds a {@link Lease}; a client is closed once its credential
 * changed ({@link #invalidate}) and its last lease is released. Clients are never shared across
 * tenants: the tenant is part of every key.
 *
 * <p>An identity is the tenant, the credential and any extra fields that make two clients different
 * although they use the same credential (a URL, a pool size): {@code SharedClients.Key.of(tenant,
 * id, "https://api.example.com", "pool=4")}.
 *
 * <p>Safe for concurrent use. Client factories run on the calling thread, outside any lock held by
 * other identities.
 */
public final class SharedClients implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedClients.class);

  /**
   * Who a client is for.
   *
   * @param tenant the tenant
   * @param credential the credential the client authenticates with
   * @param extra further identity fields (a URL, a pool size), in a stable order
   */
  public record Key(TenantId tenant, CredentialId credential, List<String> extra) {
    /** Validates and copies. */
    public Key {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(credential, "credential");
      extra = List.copyOf(extra);
    }

    /**
     * @param tenant the tenant
     * @param credential the credential
     * @param extra further identity fields
     * @return the key
     */
    public static Key of(TenantId tenant, CredentialId credential, String... extra) {
      return new Key(tenant, credential, List.of(extra));
    }
  }

  /**
   * A use of a shared client. Release it with {@link #close()} when done; the client stays open for
   * other users until its credential changes.
   *
   * @param <C> the client type
   */
  public static final class Lease<C extends AutoCloseable> implements AutoCloseable {
    private final Entry entry;
    private final C client;
    private boolean released;

    private Lease(Entry entry, C client) {
      this.entry = entry;
      this.client = client;
    }

    /**
     * @return the shared client
     * @throws IllegalStateException after {@link #close()}
     */
    public C client() {
      synchronized (this) {
        if (released) {
          throw new IllegalStateException("this lease was released; acquire the client again");
        }
      }
      return client;
    }

    /** Releases this use of the client. Idempotent. */
    @Override
    public void close() {
      synchronized (this) {
        if (released) {
          return;
        }
        released = true;
      }
      entry.release();
    }
  }

  /** One client: its creation, its users, and whether its credential changed. */
  private static final class Entry {
    final Key key;
    final CompletableFuture<AutoCloseable> client = new CompletableFuture<>();
    private int users;
    private boolean retired;
    private boolean closed;

    Entry(Key key) {
      this.key = key;
    }

    /**
     * @return false when retired (the caller retries with a new entry)
     */
    synchronized boolean join() {
      if (retired) {
        return false;
      }
      users++;
      return true;
    }

    void release() {
      boolean close;
      synchronized (this) {
        users--;
        close = users == 0 && retired && !closed;
        closed |= close;
      }
      if (close) {
        closeClient();
      }
    }

    void retire() {
      boolean close;
      synchronized (this) {
        retired = true;
        close = users == 0 && !closed;
        closed |= close;
      }
      if (close) {
        closeClient();
      }
    }

    private void closeClient() {
      if (!client.isDone() || client.isCompletedExceptionally()) {
        return; // never created: nothing to close
      }
      AutoCloseable c = client.join();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn(
            "closing a shared client of credential {} failed ({})",
            key.credential(),
            e.getClass().getName());
      }
    }
  }

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  private SharedClients() {}

  /**
   * @return an empty registry
   */
  public static SharedClients create() {
    return new SharedClients();
  }

  /**
   * The shared client of an identity, created by {@code factory} if there is none. Concurrent
   * callers for the same identity wait for the one creation; when it fails, each of them gets the
   * failure and the next call tries again.
   *
   * @param key the identity
   * @param factory creates the client (logs in); called at most once per identity and credential
   *     change
   * @param <C> the client type
   * @return a lease on the client; close it when done
   * @throws RuntimeException what the factory threw
   */
  @SuppressWarnings("unchecked")
  public <C extends AutoCloseable> Lease<C> acquire(Key key, Function<? super Key, C> factory) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(factory, "factory");
    while (true) {
      Entry fresh = new Entry(key);
      Entry entry = entries.putIfAbsent(key, fresh);
      boolean creator = entry == null;
      if (creator) {
        entry = fresh;
      }
      if (!entry.join()) {
        entries.remove(key, entry);
        continue;
      }
      if (creator) {
        try {
          C created = Objects.requireNonNull(factory.apply(key), "the factory returned null");
          entry.client.complete(created);
        } catch (RuntimeException | Error e) {
          entries.remove(key, entry);
          entry.client.completeExceptionally(e);
          entry.retire();
          entry.release();
          throw e;
        }
      }
      try {
        return new Lease<>(entry, (C) entry.client.join());
      } catch (CompletionException e) {
        entry.release();
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
  }

  /**
   * Retires every client of a credential (it was updated, deleted, rewrapped or reloaded): new
   * callers get new clients, and each retired client is closed once its last lease is released.
   *
   * @param tenant the tenant
   * @param credential the credential
   * @return how many clients were retired
   */
  public int invalidate(TenantId tenant, CredentialId credential) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(credential, "credential");
    int n = 0;
    for (Entry e : entries.values()) {
      if (e.key.tenant().equals(tenant) && e.key.credential().equals(credential)) {
        if (entries.remove(e.key, e)) {
          e.retire();
          n++;
        }
      }
    }
    return n;
  }

  /**
   * @return how many identities have a live (not retired) client
   */
  public int size() {
    return entries.size();
  }

  /** Retires every client; each closes when its last lease is released. */
  @Override
  public void close() {
    for (Entry e : entries.values()) {
      if (entries.remove(e.key, e)) {
        e.retire();
      }
    }
  }
}
