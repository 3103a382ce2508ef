package dev.credentials.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * A companion to {@link SealingBenchmark}, as {@link ResolveCpuTime} is to {@link
 * ResolveBenchmark}: the CPU time per seal and open of the same credential and of raw Tink on the
 * same bytes, the four interleaved round by round so that they see the same conditions. Run: {@code
 * java -cp … dev.credentials.benchmarks.SealingCpuTime [rounds] [opsPerRound]}.
 */
public final class SealingCpuTime {

  private SealingCpuTime() {}

  private interface Op {
    Object run() throws GeneralSecurityException;
  }

  /**
   * Runs the measurement and prints microseconds of CPU per operation.
   *
   * @param args rounds (default 30) and operations per round (default 20000)
   * @throws GeneralSecurityException if Tink fails
   */
  public static void main(String[] args) throws GeneralSecurityException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    SealingBenchmark b = new SealingBenchmark();
    b.setUp();
    Op[] variants = {
      b::tinkEncrypt,
      b::sealerSeal,
      b::tinkDecrypt,
      b::sealerOpen,
      b::withoutCipherSeal,
      b::withoutCipherOpen
    };
    String[] names = {
      "tinkEncrypt",
      "sealerSeal",
      "tinkDecrypt",
      "sealerOpen",
      "withoutCipherSeal",
      "withoutCipherOpen"
    };
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
    double perOp = 1000.0 * rounds * ops;
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(Locale.ROOT, "%-18s %6.3f us CPU/op%n", names[v], cpu[v] / perOp);
    }
    System.out.printf(
        Locale.ROOT,
        "seal / Tink encrypt %.2f, open / Tink decrypt %.2f (%d)%n",
        (double) cpu[1] / cpu[0],
        (double) cpu[3] / cpu[2],
        sink & 1);
  }
}
