package dev.credentials.core.internal.source;

import dev.credentials.CredentialSourceException;
import dev.credentials.spi.CredentialSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential sources an engine knows, by name: the ones the host registered explicitly win over
 * the ones {@link ServiceLoader} finds; among sources of one name the higher priority wins.
 * Discovered sources belong to the engine and are closed with it; explicit ones belong to the host.
 */
public final class SourceDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SourceDirectory.class);

  private final Map<String, CredentialSource> byName;
  private final List<CredentialSource> owned;

  private SourceDirectory(Map<String, CredentialSource> byName, List<CredentialSource> owned) {
    this.byName = Map.copyOf(byName);
    this.owned = List.copyOf(owned);
  }

  /**
   * @param explicit the sources the host registered, in registration order
   * @param discover whether to look for sources with {@link ServiceLoader}
   * @param loader the class loader to look in
   * @return the directory
   */
  public static SourceDirectory load(
      Collection<CredentialSource> explicit, boolean discover, ClassLoader loader) {
    Map<String, CredentialSource> byName = new LinkedHashMap<>();
    for (CredentialSource s : sortedByPriority(explicit)) {
      byName.putIfAbsent(s.name(), s);
    }
    List<CredentialSource> owned = new ArrayList<>();
    if (discover) {
      List<CredentialSource> found = new ArrayList<>();
      for (ServiceLoader.Provider<CredentialSource> p :
          ServiceLoader.load(CredentialSource.class, loader).stream().toList()) {
        found.add(p.get());
      }
      for (CredentialSource s : sortedByPriority(found)) {
        if (byName.putIfAbsent(s.name(), s) == null) {
          owned.add(s);
        } else {
          s.close();
        }
      }
    }
    if (!byName.isEmpty()) {
      LOG.debug("credential sources: {}", byName.keySet());
    }
    return new SourceDirectory(byName, owned);
  }

  private static List<CredentialSource> sortedByPriority(Collection<CredentialSource> sources) {
    List<CredentialSource> sorted = new ArrayList<>(sources);
    sorted.sort(Comparator.comparingInt(CredentialSource::priority).reversed());
    return sorted;
  }

  /**
   * @param name a source's name
   * @return the source
   * @throws CredentialSourceException ({@code INVALID_REFERENCE}) when none has that name
   */
  public CredentialSource require(String name) {
    CredentialSource s = byName.get(name);
    if (s == null) {
      throw new CredentialSourceException(
          name,
          CredentialSourceException.Reason.INVALID_REFERENCE,
          "no credential source named '"
              + name
              + "' is registered with this engine (known: "
              + names()
              + "); register it with Credentials.builder().source(...)");
    }
    return s;
  }

  /**
   * @return the names of the known sources
   */
  public Set<String> names() {
    return new java.util.TreeSet<>(byName.keySet());
  }

  /** Closes the sources the engine discovered. */
  @Override
  public void close() {
    for (CredentialSource s : owned) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("closing credential source {} failed: {}", s.name(), e.getClass().getName());
      }
    }
  }
}
