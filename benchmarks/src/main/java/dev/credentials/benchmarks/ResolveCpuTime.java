package dev.credentials.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * A companion to {@link ResolveBenchmark} for shared, loaded machines: measures CPU time per
 * operation (not wall time, which other processes inflate), interleaving the variants round by
 * round so that they see the same conditions. Garbage collection runs on other threads and is not
 * counted.
 *
 * <p>For each resolve variant it reports two figures: the <em>reader</em>'s CPU (the calling
 * thread, what a resolve costs its caller) and the <em>audit writer</em>'s CPU (the access-audit
 * thread plus the flush at the end of each round, which writes whatever the thread had not yet
 * written): on two or more cores the two run in parallel, so a sustained stream of resolves is
 * bounded by the larger of the two. Run: {@code java -cp …
 * dev.credentials.benchmarks.ResolveCpuTime [rounds] [opsPerRound]}.
 */
public final class ResolveCpuTime {

  private ResolveCpuTime() {}

  private interface Op {
    Object run() throws GeneralSecurityException;
  }

  /**
   * Runs the measurement and prints microseconds of CPU per operation.
   *
   * @param args rounds (default 20) and operations per round (default 2000)
   * @throws GeneralSecurityException if a decrypt fails
   */
  public static void main(String[] args) throws GeneralSecurityException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ResolveBenchmark plain = new ResolveBenchmark();
    plain.setUp(false);
    ResolveBenchmark cached = new ResolveBenchmark();
    cached.setUp(true);
    Op[] variants = {plain::rawTinkDecrypts, plain::resolve, cached::resolve};
    Runnable[] flushes = {() -> {}, plain::writeJournal, cached::writeJournal};
    String[] names = {"rawTinkDecrypts", "resolve", "resolveWithPlaintextCache"};
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] reader = new long[variants.length];
    long[] writer = new long[variants.length];
    int sink = 0;
    for (int r = 0; r < rounds + 5; r++) {
      for (int v = 0; v < variants.length; v++) {
        long writerStart = writerCpu(mx);
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink += System.identityHashCode(variants[v].run());
        }
        long read = mx.getCurrentThreadCpuTime();
        flushes[v].run();
        long flushed = mx.getCurrentThreadCpuTime();
        if (r >= 5) { // the first five rounds warm up
          reader[v] += read - start;
          writer[v] += flushed - read + writerCpu(mx) - writerStart;
        }
      }
    }
    double perOp = 1000.0 * rounds * ops;
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-28s reader %6.2f us CPU/op   audit writer %6.2f us CPU/op%n",
          names[v],
          reader[v] / perOp,
          writer[v] / perOp);
    }
    System.out.printf(
        Locale.ROOT,
        "ratio to raw: resolve reader %.2f, writer %.2f; cached reader %.2f, writer %.2f (%d)%n",
        (double) reader[1] / reader[0],
        (double) writer[1] / reader[0],
        (double) reader[2] / reader[0],
        (double) writer[2] / reader[0],
        sink & 1);
    plain.tearDown();
    cached.tearDown();
  }

  /** The CPU time of every access-audit writer thread so far. */
  static long writerCpu(ThreadMXBean mx) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("credentials-access-audit")) {
        long cpu = mx.getThreadCpuTime(t.getId());
        sum += Math.max(0, cpu);
      }
    }
    return sum;
  }
}
