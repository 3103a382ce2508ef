package dev.credentials.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * A companion to {@link ResolveBenchmark} for shared, loaded machines: measures the CPU time of the
 * current thread per operation (not wall time, which other processes inflate), interleaving the
 * three variants round by round so that they see the same conditions. Garbage collection runs on
 * other threads and is not counted. Run: {@code java -cp …
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
    String[] names = {"rawTinkDecrypts", "resolve", "resolveWithPlaintextCache"};
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[variants.length];
    int sink = 0;
    for (int r = 0; r < rounds + 5; r++) {
      for (int v = 0; v < variants.length; v++) {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink += System.identityHashCode(variants[v].run());
        }
        if (r >= 5) { // the first five rounds warm up
          cpu[v] += mx.getCurrentThreadCpuTime() - start;
        }
      }
    }
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-28s %8.2f us CPU/op%n",
          names[v],
          cpu[v] / 1000.0 / ((long) rounds * ops));
    }
    System.out.printf(
        Locale.ROOT,
        "ratio resolve/raw %.1f, cached/raw %.1f (%d)%n",
        (double) cpu[1] / cpu[0],
        (double) cpu[2] / cpu[0],
        sink & 1);
    plain.tearDown();
    cached.tearDown();
  }
}
