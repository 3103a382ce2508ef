package dev.credentials.benchmarks;

import dev.credentials.CredentialId;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditQuery;
import dev.credentials.benchmarks.CpuRounds.Variant;
import java.util.List;
import java.util.Locale;

/**
 * A companion to {@link LaunchBenchmark} for shared, loaded machines: the CPU time of a launch
 * decision with every check cached against a warm resolve of the same consumer on the same engine,
 * interleaved round by round (see {@link CpuRounds}). Run: {@code java -cp …
 * dev.credentials.benchmarks.LaunchCpuTime [rounds] [opsPerRound]}.
 */
public final class LaunchCpuTime {

  private static final CredentialId NO_SUCH_CREDENTIAL = CredentialId.random();

  private LaunchCpuTime() {}

  /**
   * Runs the measurement and prints microseconds of CPU per operation.
   *
   * @param args rounds (default 20) and operations per round (default 5000)
   * @throws Exception if an operation fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    LaunchBenchmark bench = new LaunchBenchmark();
    LaunchBenchmark.Warm warm = new LaunchBenchmark.Warm();
    warm.setUp();
    Runnable flush =
        () ->
            warm.engine
                .audit()
                .query(
                    LaunchBenchmark.ADMIN,
                    AuditQuery.all().withCredential(NO_SUCH_CREDENTIAL),
                    PageRequest.first(1));
    List<Variant> variants =
        List.of(
            new Variant("warmResolve", () -> bench.warmResolve(warm), flush),
            new Variant(
                "launchDecisionAllChecksCached",
                () -> bench.launchDecisionAllChecksCached(warm),
                flush));
    CpuRounds.Result r = CpuRounds.measure(variants, rounds, ops);
    CpuRounds.print(variants, r, true);
    System.out.printf(
        Locale.ROOT,
        "ratio launch decision / warm resolve: caller %.2f, writer %.2f%n",
        r.caller()[1] / r.caller()[0],
        r.writer()[1] / r.writer()[0]);
    warm.tearDown();
  }
}
