package dev.credentials.benchmarks;

import dev.credentials.benchmarks.CpuRounds.Variant;
import java.util.List;
import java.util.Locale;

/**
 * A companion to {@link ResolveBenchmark} for shared, loaded machines: CPU time per operation (not
 * wall time, which other processes inflate), the variants interleaved round by round (see {@link
 * CpuRounds}).
 *
 * <p>For each resolve variant it reports two figures: the <em>caller</em>'s CPU (what a resolve
 * costs the thread that asks) and the <em>audit writer</em>'s CPU: on two or more cores the two run
 * in parallel, so a sustained stream of resolves is bounded by the larger of the two. Run: {@code
 * java -cp … dev.credentials.benchmarks.ResolveCpuTime [rounds] [opsPerRound]}.
 */
public final class ResolveCpuTime {

  private ResolveCpuTime() {}

  /**
   * Runs the measurement and prints microseconds of CPU per operation.
   *
   * @param args rounds (default 20) and operations per round (default 2000)
   * @throws Exception if a decrypt fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ResolveBenchmark plain = new ResolveBenchmark();
    plain.setUp(false);
    ResolveBenchmark cached = new ResolveBenchmark();
    cached.setUp(true);
    List<Variant> variants =
        List.of(
            Variant.raw("rawTinkDecrypts", plain::rawTinkDecrypts),
            new Variant("resolve", plain::resolve, plain::writeJournal),
            new Variant("resolveWithPlaintextCache", cached::resolve, cached::writeJournal));
    CpuRounds.Result r = CpuRounds.measure(variants, rounds, ops);
    CpuRounds.print(variants, r, true);
    System.out.printf(
        Locale.ROOT,
        "ratio to raw: resolve caller %.2f, writer %.2f; cached caller %.2f, writer %.2f%n",
        r.caller()[1] / r.caller()[0],
        r.writer()[1] / r.caller()[0],
        r.caller()[2] / r.caller()[0],
        r.writer()[2] / r.caller()[0]);
    plain.tearDown();
    cached.tearDown();
  }
}
