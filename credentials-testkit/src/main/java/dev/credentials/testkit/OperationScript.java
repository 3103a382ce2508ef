package dev.credentials.testkit;

import dev.credentials.TenantId;
import dev.credentials.prototype.Prototype;
import dev.credentials.testkit.Generators.Bind;
import dev.credentials.testkit.Generators.Create;
import dev.credentials.testkit.Generators.Delete;
import dev.credentials.testkit.Generators.Op;
import dev.credentials.testkit.Generators.Outcome;
import dev.credentials.testkit.Generators.Reveal;
import dev.credentials.testkit.Generators.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a sequence of generated operations across tenants for {@link Generators#operations}, with
 * a model of what each one should do: which credentials exist, under which names, in which tenant.
 */
final class OperationScript {

  private final Generators g;

  OperationScript(Generators g) {
    this.g = g;
  }

  static final class Model {
    final List<Generators.Create> creates = new ArrayList<>();
    final Map<Integer, String> names = new HashMap<>();
    final Set<Integer> alive = new HashSet<>();

    boolean taken(TenantId tenant, String name, String env) {
      for (int ref : alive) {
        Generators.Create c = creates.get(ref);
        if (c.tenant().equals(tenant)
            && names.get(ref).equals(name)
            && c.environment().equals(env)) {
          return true;
        }
      }
      return false;
    }
  }

  List<Op> operations(List<Prototype> prototypes, List<TenantId> tenants, int count) {
    if (prototypes.isEmpty() || tenants.isEmpty()) {
      throw new IllegalArgumentException("need at least one prototype and one tenant");
    }
    OperationScript.Model m = new Model();
    List<Op> ops = new ArrayList<>();
    while (ops.size() < count) {
      int kind = m.creates.isEmpty() ? 0 : g.random.nextInt(10);
      if (kind < 3) {
        Prototype p = g.pick(prototypes);
        TenantId t = g.pick(tenants);
        int ref = m.creates.size();
        String name;
        String env;
        if (!m.alive.isEmpty() && g.random.nextInt(5) == 0) {
          Create victim = m.creates.get(g.pick(List.copyOf(m.alive)));
          t = victim.tenant();
          name = m.names.get(victim.ref());
          env = victim.environment();
        } else {
          name = g.credentialName();
          env = g.environment();
        }
        Outcome o = m.taken(t, name, env) ? Outcome.DUPLICATE : Outcome.OK;
        Create c = new Create(ref, t, p.code(), name, env, g.validValues(p), o);
        m.creates.add(c);
        if (o == Outcome.OK) {
          m.alive.add(ref);
          m.names.put(ref, name);
        } else {
          m.names.put(ref, name);
        }
        ops.add(c);
        continue;
      }
      int ref = g.random.nextInt(m.creates.size());
      Create target = m.creates.get(ref);
      TenantId actor = g.random.nextInt(6) == 0 ? g.pick(tenants) : target.tenant();
      boolean present = m.alive.contains(ref) && actor.equals(target.tenant());
      Prototype p =
          prototypes.stream()
              .filter(x -> x.code().equals(target.prototype()))
              .findFirst()
              .orElseThrow();
      if (kind < 5) {
        Optional<String> rename = Optional.empty();
        if (g.random.nextInt(3) == 0) {
          rename =
              Optional.of(
                  g.random.nextBoolean() || m.alive.size() < 2
                      ? g.credentialName()
                      : m.names.get(g.pick(List.copyOf(m.alive))));
        }
        Outcome o =
            !present
                ? Outcome.NOT_FOUND
                : rename.isPresent()
                        && !rename.get().equals(m.names.get(ref))
                        && m.taken(actor, rename.get(), target.environment())
                    ? Outcome.DUPLICATE
                    : Outcome.OK;
        if (o == Outcome.OK && rename.isPresent()) {
          m.names.put(ref, rename.get());
        }
        ops.add(new Update(ref, actor, rename, g.validValues(p), o));
      } else if (kind < 6) {
        Outcome o = present ? Outcome.OK : Outcome.NOT_FOUND;
        if (present) {
          m.alive.remove(ref);
        }
        ops.add(new Delete(ref, actor, o));
      } else if (kind < 8) {
        ops.add(new Reveal(ref, actor, present ? Outcome.OK : Outcome.NOT_FOUND));
      } else {
        ops.add(
            new Bind(
                ref,
                actor,
                "job-" + g.random.nextInt(3),
                g.pick(p.topics()),
                present ? Outcome.OK : Outcome.NOT_FOUND));
      }
    }
    return ops;
  }
}
