package dev.credentials.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Attribution for {@link JdbcBenchmark}'s H2 bursts (not a JMH benchmark): which bursts a
 * garbage-collection pause landed in, and what the bursts cost without them. It runs one variant in
 * the shape of a JMH fork of its burst benchmark, with {@code -p database=h2 -p audit=caller}:
 * bursts of {@value JdbcBenchmark#BURST} operations, each followed, unmeasured, by the journal
 * written out. A collection during a burst (its thread stops for it) marks it; the report is the
 * mean time per operation over all bursts and over the unmarked ones, how many were marked, and the
 * collectors' own time inside the marked bursts and outside them (where JMH does not measure).
 *
 * <p>Run each variant in its own JVM with the JMH forks' heap, as a fork would: {@code java -Xms2g
 * -Xmx2g -XX:+AlwaysPreTouch -cp … dev.credentials.benchmarks.JdbcBurstPauses
 * [resolve|without-audit-rows|row] [measured seconds] [warmup seconds]}; {@code resolve} is {@link
 * JdbcBenchmark#coldResolveByNameBurst}, {@code without-audit-rows} {@link
 * JdbcBenchmark#coldResolveByNameWithoutAuditRowsBurst} and {@code row} {@link
 * JdbcBenchmark#rawRowSelectAndDecryptBurst}.
 */
public final class JdbcBurstPauses {

  private JdbcBurstPauses() {}

  /** Where the operations' results go, so that the JIT cannot drop them. */
  static volatile int consumed;

  /**
   * Runs the bursts and prints the report.
   *
   * @param args the variant (default {@code resolve}), measured seconds (default 30) and warmup
   *     seconds (default 20)
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    String variant = args.length > 0 ? args[0] : "resolve";
    long measured = args.length > 1 ? Long.parseLong(args[1]) : 30;
    long warmup = args.length > 2 ? Long.parseLong(args[2]) : 20;
    if (measured < 1 || warmup < 0) {
      throw new IllegalArgumentException(
          "measured seconds must be at least 1 and warmup seconds at least 0, were "
              + measured
              + " and "
              + warmup);
    }
    JdbcBenchmark b = new JdbcBenchmark();
    b.database = "h2";
    b.audit = "caller";
    b.setUp();
    Map<String, Callable<Object>> ops =
        Map.of(
            "resolve", b::coldResolveByName,
            "without-audit-rows", b::resolveWithoutAuditRows,
            "row", b::rawRowSelectAndDecrypt);
    Callable<Object> op = ops.get(variant);
    if (op == null) {
      b.tearDown();
      throw new IllegalArgumentException(
          "unknown variant '" + variant + "'; use resolve, without-audit-rows or row");
    }
    Runnable writeJournal =
        variant.equals("without-audit-rows")
            ? () -> JdbcBenchmark.writeJournal(b.headOnlyEngine)
            : b::writeJournal;
    // A concurrent cycle's bean (G1's on JDK 20 and later) counts time the application ran beside.
    List<GarbageCollectorMXBean> collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(c -> !c.getName().contains("Concurrent"))
            .toList();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + measured * 1_000_000_000L;
    long allNanos = 0;
    long bursts = 0;
    long cleanNanos = 0;
    long clean = 0;
    long pauseMillisInside = 0;
    long pauseMillisOutside = 0;
    int sink = 0;
    long[] before = new long[2];
    long[] after = new long[2];
    long[] written = new long[2];
    while (true) {
      gc(collectors, before);
      long t0 = System.nanoTime();
      if (t0 >= end) {
        break;
      }
      for (int i = 0; i < JdbcBenchmark.BURST; i++) {
        sink += System.identityHashCode(op.call());
      }
      long t1 = System.nanoTime();
      gc(collectors, after);
      writeJournal.run();
      gc(collectors, written);
      if (t0 < measureFrom) {
        continue;
      }
      allNanos += t1 - t0;
      bursts++;
      if (after[0] == before[0]) {
        cleanNanos += t1 - t0;
        clean++;
      } else {
        pauseMillisInside += after[1] - before[1];
      }
      pauseMillisOutside += written[1] - after[1];
    }
    consumed = sink;
    double perOp = 1000.0 * JdbcBenchmark.BURST;
    System.out.printf(
        Locale.ROOT,
        "%s: %.3f µs/op over %d bursts, %.3f µs/op over the %d without a collection; %d bursts"
            + " with one (%.1f %%), collectors' time %d ms inside them, %d ms between bursts%n",
        variant,
        allNanos / perOp / Math.max(1, bursts),
        bursts,
        cleanNanos / perOp / Math.max(1, clean),
        clean,
        bursts - clean,
        100.0 * (bursts - clean) / Math.max(1, bursts),
        pauseMillisInside,
        pauseMillisOutside);
    b.tearDown();
  }

  /** The collectors' counts and their time in milliseconds, summed, into {@code into}. */
  private static void gc(List<GarbageCollectorMXBean> collectors, long[] into) {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean c : collectors) {
      count += c.getCollectionCount();
      millis += c.getCollectionTime();
    }
    into[0] = count;
    into[1] = millis;
  }
}
