package dev.credentials.core;

import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.spi.TenantDefaultRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The in-memory repository's tenant defaults, as one unit of work sees them: writes check the unit
 * of work may write and journal their undo step with it.
 */
final class InMemoryTenantDefaults implements TenantDefaultRecords {

  private final Map<TenantId, Map<Topic, TenantDefault>> data;
  private final Runnable reading;
  private final Runnable writing;
  private final Consumer<Runnable> undo;
  private final BiPredicate<TenantId, CredentialId> credentialExists;

  /**
   * @param data the repository's defaults, per tenant and topic
   * @param reading checks the unit of work is open
   * @param writing checks the unit of work may write
   * @param undo journals a step that undoes a write
   * @param credentialExists whether a tenant holds a credential
   */
  InMemoryTenantDefaults(
      Map<TenantId, Map<Topic, TenantDefault>> data,
      Runnable reading,
      Runnable writing,
      Consumer<Runnable> undo,
      BiPredicate<TenantId, CredentialId> credentialExists) {
    this.data = data;
    this.reading = reading;
    this.writing = writing;
    this.undo = undo;
    this.credentialExists = credentialExists;
  }

  @Override
  public void put(TenantDefault d) {
    writing.run();
    if (!credentialExists.test(d.tenant(), d.credentialId())) {
      throw new CredentialNotFoundException(
          "credential "
              + d.credentialId()
              + " does not exist in tenant "
              + d.tenant()
              + "; create it before naming it a default");
    }
    Map<Topic, TenantDefault> byTopic = data.get(d.tenant());
    if (byTopic == null) {
      byTopic = new HashMap<>();
      data.put(d.tenant(), byTopic);
      undo.accept(() -> data.remove(d.tenant()));
    }
    Map<Topic, TenantDefault> m = byTopic;
    TenantDefault old = m.put(d.topic(), d);
    undo.accept(
        () -> {
          if (old == null) {
            m.remove(d.topic());
          } else {
            m.put(d.topic(), old);
          }
        });
  }

  @Override
  public boolean delete(TenantId tenant, Topic topic) {
    writing.run();
    Map<Topic, TenantDefault> m = data.get(tenant);
    TenantDefault old = m == null ? null : m.remove(topic);
    if (old == null) {
      return false;
    }
    undo.accept(() -> m.put(topic, old));
    return true;
  }

  @Override
  public List<TenantDefault> all(TenantId tenant) {
    reading.run();
    List<TenantDefault> out = new ArrayList<>(data.getOrDefault(tenant, Map.of()).values());
    out.sort(Comparator.comparing(d -> d.topic().name()));
    return out;
  }

  /** Removes the defaults that name a deleted credential. */
  void deleteOfCredential(TenantId tenant, CredentialId id) {
    for (TenantDefault d : ofCredential(tenant, id)) {
      delete(tenant, d.topic());
    }
  }
}
