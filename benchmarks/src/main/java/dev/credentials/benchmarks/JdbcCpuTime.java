package dev.credentials.benchmarks;

import dev.credentials.benchmarks.CpuRounds.Variant;
import java.util.List;
import java.util.Locale;

/**
 * A companion to {@link JdbcBenchmark}, as {@link ResolveCpuTime} is to {@link ResolveBenchmark}:
 * CPU time per operation of a cold resolve by name and its floors, interleaved round by round (see
 * {@link CpuRounds}), with the access-audit writer's CPU reported apart. Between the floors and the
 * resolve, three attribution steps: the repository's read alone, then with a raw decrypt, then with
 * the engine's opening (decrypt and decode). Last, the same resolve by an engine that writes no
 * audit rows ({@link JdbcBenchmark#coldResolveByNameWithoutAuditRowsBurst}), in the same JVM. CPU
 * time leaves out the database server's work and the time spent waiting for it, so on PostgreSQL it
 * shows the client's share only. Run: {@code java -cp … dev.credentials.benchmarks.JdbcCpuTime
 * [h2|postgresql] [rounds] [opsPerRound] [audit mode]}, the audit mode as in {@link AuditModes}
 * (default {@code batched}; {@code caller} leaves the journal to the flush at the end of each
 * round, so the writer never runs beside the reads). Give it the JMH forks' heap ({@code -Xms2g
 * -Xmx2g -XX:+AlwaysPreTouch}): with a growing heap, the page faults of regrowing it land on
 * whichever variant allocates more. The floors are the held 3-column statement, the held whole-row
 * statement ({@link JdbcBenchmark#rawRowSelectAndDecrypt}), and the pooled 3-column and whole-row
 * statements.
 */
public final class JdbcCpuTime {

  private JdbcCpuTime() {}

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
    List<Variant> variants =
        List.of(
            new Variant(
                "rawPrimaryKeySelectAndDecrypt", b::rawPrimaryKeySelectAndDecrypt, b::writeJournal),
            new Variant("rawRowSelectAndDecrypt", b::rawRowSelectAndDecrypt, b::writeJournal),
            new Variant(
                "pooledPrimaryKeySelectAndDecrypt",
                b::pooledPrimaryKeySelectAndDecrypt,
                b::writeJournal),
            new Variant("pooledRowSelectAndDecrypt", b::pooledRowSelectAndDecrypt, b::writeJournal),
            new Variant("repositoryReadByName", b::repositoryReadByName, b::writeJournal),
            new Variant("readAndDecrypt", b::readAndDecrypt, b::writeJournal),
            new Variant("readAndOpen", b::readAndOpen, b::writeJournal),
            new Variant("coldResolveByName", b::coldResolveByName, b::writeJournal),
            new Variant(
                "coldResolveByNameWithoutAuditRows",
                b::resolveWithoutAuditRows,
                () -> JdbcBenchmark.writeJournal(b.headOnlyEngine)));
    CpuRounds.Result r = CpuRounds.measure(variants, rounds, ops);
    CpuRounds.print(variants, r, true);
    double[] caller = r.caller();
    int resolve = indexOf(variants, "coldResolveByName");
    int raw = indexOf(variants, "rawPrimaryKeySelectAndDecrypt");
    System.out.printf(
        Locale.ROOT,
        "%s: coldResolveByName caller / raw %.2f, / raw row %.2f, / pooled %.2f, / pooled row %.2f;"
            + " writer / raw %.2f; with audit rows / without %.2f%n",
        database,
        caller[resolve] / caller[raw],
        caller[resolve] / caller[indexOf(variants, "rawRowSelectAndDecrypt")],
        caller[resolve] / caller[indexOf(variants, "pooledPrimaryKeySelectAndDecrypt")],
        caller[resolve] / caller[indexOf(variants, "pooledRowSelectAndDecrypt")],
        r.writer()[resolve] / caller[raw],
        caller[resolve] / caller[indexOf(variants, "coldResolveByNameWithoutAuditRows")]);
    b.tearDown();
  }

  private static int indexOf(List<Variant> variants, String name) {
    for (int i = 0; i < variants.size(); i++) {
      if (variants.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no variant " + name);
  }
}
