package dev.credentials.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * What the CPU-time companions of the JMH benchmarks share: variants run round by round, each round
 * every variant in turn, so that they all see the same conditions on a shared machine; the first
 * five rounds warm up. For each variant it measures the CPU time of the calling thread (the
 * caller's cost, garbage collection excluded) and, apart, the access-audit writer's: the CPU of
 * every {@code credentials-access-audit} thread during the round plus the variant's flush at its
 * end, which writes whatever the thread had not yet written.
 */
final class CpuRounds {

  private CpuRounds() {}

  /** Where the operations' results go, so that the JIT cannot drop them. */
  static volatile int consumed;

  /** One operation of a variant. */
  interface Op {
    Object run() throws Exception;
  }

  /**
   * A measured variant.
   *
   * @param name how it is printed
   * @param op the operation
   * @param flush what writes its journal at the end of a round (nothing for a raw floor)
   */
  record Variant(String name, Op op, Runnable flush) {
    static Variant raw(String name, Op op) {
      return new Variant(name, op, () -> {});
    }
  }

  /**
   * Microseconds of CPU per operation, by variant.
   *
   * @param caller the calling thread's
   * @param writer the access-audit writer's
   */
  record Result(double[] caller, double[] writer) {}

  static Result measure(List<Variant> variants, int rounds, int ops) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int n = variants.size();
    long[] caller = new long[n];
    long[] writer = new long[n];
    int sink = 0;
    for (int r = 0; r < rounds + 5; r++) {
      for (int v = 0; v < n; v++) {
        Variant variant = variants.get(v);
        long writerStart = writerCpu(mx);
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink += System.identityHashCode(variant.op().run());
        }
        long read = mx.getCurrentThreadCpuTime();
        variant.flush().run();
        long flushed = mx.getCurrentThreadCpuTime();
        if (r >= 5) {
          caller[v] += read - start;
          writer[v] += flushed - read + writerCpu(mx) - writerStart;
        }
      }
    }
    double perOp = 1000.0 * rounds * ops;
    double[] callerUs = new double[n];
    double[] writerUs = new double[n];
    for (int v = 0; v < n; v++) {
      callerUs[v] = caller[v] / perOp;
      writerUs[v] = writer[v] / perOp;
    }
    consumed = sink;
    return new Result(callerUs, writerUs);
  }

  /** Prints one line per variant: the caller's and (when asked) the writer's CPU per operation. */
  static void print(List<Variant> variants, Result result, boolean withWriter) {
    for (int v = 0; v < variants.size(); v++) {
      if (withWriter) {
        System.out.printf(
            Locale.ROOT,
            "%-34s caller %7.3f us CPU/op   audit writer %7.3f us CPU/op%n",
            variants.get(v).name(),
            result.caller()[v],
            result.writer()[v]);
      } else {
        System.out.printf(
            Locale.ROOT, "%-34s %7.3f us CPU/op%n", variants.get(v).name(), result.caller()[v]);
      }
    }
  }

  /** The CPU time of every access-audit writer thread so far. */
  private static long writerCpu(ThreadMXBean mx) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("credentials-access-audit")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }
}
