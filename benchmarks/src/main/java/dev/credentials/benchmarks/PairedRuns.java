package dev.credentials.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.WarmupMode;

/**
 * JMH in rounds, for a ratio on a machine whose speed drifts. Plain JMH runs all forks of one
 * benchmark, then all forks of the next, so a drift of the machine between them (other tenants, a
 * warmer or cooler host) lands in the ratio. Here each round runs one fork of every benchmark, back
 * to back, and the next round runs them in the opposite order; each round gives its own ratio of
 * the subject to each floor, and the report is their median and range. The benchmarks keep their
 * own warmup, measurement and fork settings; only the number of forks per run is set, to one.
 *
 * <p>With {@code --bulk-warmup}, every fork first runs the warmup of every benchmark named, then
 * warms up and measures its own (JMH's {@link WarmupMode#BULK_INDI}). Each benchmark is then
 * measured in a JVM whose compiled code has seen all the others' paths too, as it would in an
 * application that runs them all, instead of in a JVM that has run nothing else (JMH's default, in
 * which a floor that shares code with the subject, here H2's, gets that code compiled for itself
 * alone).
 *
 * <p>Run: {@code java -cp … dev.credentials.benchmarks.PairedRuns rounds subject floor… [-p
 * name=value]… [--bulk-warmup]}, each benchmark as {@code Class.method}, for example {@code
 * PairedRuns 6 JdbcBenchmark.coldResolveByNameBurst JdbcBenchmark.rawRowSelectAndDecryptBurst -p
 * database=h2 -p audit=caller}; through Maven, {@code
 * -Dbench.main=dev.credentials.benchmarks.PairedRuns -Djmh.args="…"}.
 */
public final class PairedRuns {

  private PairedRuns() {}

  /**
   * Runs the rounds and prints each round's scores and ratios, then the ratios' median and range.
   *
   * @param args rounds, the subject, one or more floors, JMH parameters as {@code -p name=value},
   *     and {@code --bulk-warmup} for warmups of all the benchmarks in every fork
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: PairedRuns rounds subject floor... [-p name=value]... [--bulk-warmup]");
    }
    int rounds = Integer.parseInt(args[0]);
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
    }
    List<String> benchmarks = new ArrayList<>();
    Map<String, String> params = new LinkedHashMap<>();
    boolean bulkWarmup = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("-p")) {
        String[] kv = i + 1 < args.length ? args[++i].split("=", 2) : new String[0];
        if (kv.length != 2) {
          throw new IllegalArgumentException("-p takes name=value, as in -p database=h2");
        }
        params.put(kv[0], kv[1]);
      } else if (args[i].equals("--bulk-warmup")) {
        bulkWarmup = true;
      } else if (args[i].startsWith("-")) {
        throw new IllegalArgumentException(
            "unknown option " + args[i] + "; PairedRuns takes -p name=value and --bulk-warmup");
      } else {
        benchmarks.add(args[i]);
      }
    }
    if (benchmarks.size() < 2) {
      throw new IllegalArgumentException("name a subject and at least one floor");
    }
    String subject = benchmarks.get(0);
    List<String> floors = benchmarks.subList(1, benchmarks.size());
    double[][] ratios = new double[floors.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      List<String> order = new ArrayList<>(benchmarks);
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      Map<String, Double> scores = new LinkedHashMap<>();
      for (String benchmark : order) {
        scores.put(benchmark, score(benchmark, bulkWarmup ? benchmarks : List.of(), params));
      }
      StringBuilder line = new StringBuilder();
      line.append(
          String.format(Locale.ROOT, "round %d: %s %.3f", round + 1, subject, scores.get(subject)));
      for (int f = 0; f < floors.size(); f++) {
        double floor = scores.get(floors.get(f));
        ratios[f][round] = scores.get(subject) / floor;
        line.append(
            String.format(
                Locale.ROOT, "; %s %.3f (%.2f×)", floors.get(f), floor, ratios[f][round]));
      }
      System.out.println(line);
    }
    for (int f = 0; f < floors.size(); f++) {
      double[] r = ratios[f].clone();
      Arrays.sort(r);
      System.out.printf(
          Locale.ROOT,
          "%s / %s over %d rounds%s: median %.2f×, range %.2f–%.2f×%n",
          subject,
          floors.get(f),
          rounds,
          bulkWarmup ? " (bulk warmup)" : "",
          median(r),
          r[0],
          r[r.length - 1]);
    }
  }

  /**
   * One fork of {@code benchmark}; with {@code warmAlso} not empty, its warmup is preceded by the
   * warmups of those benchmarks, in the same fork.
   */
  private static double score(String benchmark, List<String> warmAlso, Map<String, String> params)
      throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder().include(exactly(benchmark)).forks(1).verbosity(VerboseMode.SILENT);
    if (!warmAlso.isEmpty()) {
      options.warmupMode(WarmupMode.BULK_INDI);
      warmAlso.forEach(w -> options.includeWarmup(exactly(w)));
    }
    params.forEach(options::param);
    Collection<RunResult> results = new Runner(options.build()).run();
    if (results.size() != 1) {
      throw new IllegalStateException(
          benchmark
              + " matched "
              + results.size()
              + " runs; name one benchmark and its parameters");
    }
    return results.iterator().next().getPrimaryResult().getScore();
  }

  private static String exactly(String benchmark) {
    return "\\." + benchmark.replace(".", "\\.") + "$";
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
