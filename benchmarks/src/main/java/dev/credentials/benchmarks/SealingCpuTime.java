package dev.credentials.benchmarks;

import dev.credentials.benchmarks.CpuRounds.Variant;
import java.util.List;
import java.util.Locale;

/**
 * A companion to {@link SealingBenchmark}, as {@link ResolveCpuTime} is to {@link
 * ResolveBenchmark}: the CPU time per seal and open of the same credential and of raw Tink on the
 * same bytes, interleaved round by round (see {@link CpuRounds}). Run: {@code java -cp …
 * dev.credentials.benchmarks.SealingCpuTime [rounds] [opsPerRound]}.
 */
public final class SealingCpuTime {

  private SealingCpuTime() {}

  /**
   * Runs the measurement and prints microseconds of CPU per operation.
   *
   * @param args rounds (default 30) and operations per round (default 20000)
   * @throws Exception if Tink fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    SealingBenchmark b = new SealingBenchmark();
    b.setUp();
    List<Variant> variants =
        List.of(
            Variant.raw("tinkEncrypt", b::tinkEncrypt),
            Variant.raw("tinkEncryptUnpadded", b::tinkEncryptUnpadded),
            Variant.raw("sealerSeal", b::sealerSeal),
            Variant.raw("tinkDecrypt", b::tinkDecrypt),
            Variant.raw("sealerOpen", b::sealerOpen),
            Variant.raw("withoutCipherSeal", b::withoutCipherSeal),
            Variant.raw("withoutCipherOpen", b::withoutCipherOpen));
    CpuRounds.Result r = CpuRounds.measure(variants, rounds, ops);
    CpuRounds.print(variants, r, false);
    System.out.printf(
        Locale.ROOT,
        "seal / Tink encrypt %.2f (/ unpadded %.2f), open / Tink decrypt %.2f%n",
        r.caller()[2] / r.caller()[0],
        r.caller()[2] / r.caller()[1],
        r.caller()[4] / r.caller()[3]);
  }
}
