package dev.credentials.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A companion to {@link JdbcBenchmark}, as {@link ResolveCpuTime} is to {@link ResolveBenchmark}:
 * CPU time per operation of a cold resolve by name and its floors, interleaved round by round, with
 * the access-audit writer's CPU (its thread plus the flush at the end of each round) reported
 * apart. CPU time leaves out the database server's work and the time spent waiting for it, so on
 * PostgreSQL it shows the client's share only. Run: {@code java -cp …
 * dev.credentials.benchmarks.JdbcCpuTime [h2|postgresql] [rounds] [opsPerRound] [audit mode]}, the
 * audit mode as in {@link AuditModes} (default {@code batched}; {@code caller} leaves the journal
 * to the flush at the end of each round, so the writer never runs beside the reads).
 */
public final class JdbcCpuTime {

  private JdbcCpuTime() {}

  private interface Op {
    Object run() throws Exception;
  }

  /**
   * Runs the measurement and prints microseconds of CPU per operation.
   *
   * @param args database (default h2), rounds (default 20), operations per round (default 2000) and
   *     audit mode (default batched)
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    String database = args.length > 0 ? args[0] : "h2";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int ops = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    JdbcBenchmark b = new JdbcBenchmark();
    b.database = database;
    b.audit = args.length > 3 ? args[3] : "batched";
    b.setUp();
    Op[] variants = {
      b::rawPrimaryKeySelectAndDecrypt,
      b::pooledPrimaryKeySelectAndDecrypt,
      b::repositoryReadByName,
      b::coldResolveByName
    };
    String[] names = {
      "rawPrimaryKeySelectAndDecrypt",
      "pooledPrimaryKeySelectAndDecrypt",
      "repositoryReadByName",
      "coldResolveByName"
    };
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] reader = new long[variants.length];
    long[] writer = new long[variants.length];
    int sink = 0;
    for (int r = 0; r < rounds + 5; r++) {
      for (int v = 0; v < variants.length; v++) {
        long writerStart = ResolveCpuTime.writerCpu(mx);
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink += System.identityHashCode(variants[v].run());
        }
        long read = mx.getCurrentThreadCpuTime();
        b.writeJournal();
        long flushed = mx.getCurrentThreadCpuTime();
        if (r >= 5) { // the first five rounds warm up
          reader[v] += read - start;
          writer[v] += flushed - read + ResolveCpuTime.writerCpu(mx) - writerStart;
        }
      }
    }
    double perOp = 1000.0 * rounds * ops;
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-34s reader %7.2f us CPU/op   audit writer %7.2f us CPU/op%n",
          names[v],
          reader[v] / perOp,
          writer[v] / perOp);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: coldResolveByName reader / raw %.2f, / pooled %.2f; writer / raw %.2f (%d)%n",
        database,
        (double) reader[3] / reader[0],
        (double) reader[3] / reader[1],
        (double) writer[3] / reader[0],
        sink & 1);
    b.tearDown();
  }
}
