package dev.credentials.benchmarks;

import dev.credentials.core.AccessAudit;
import java.time.Duration;

/**
 * The access-audit configurations the read benchmarks compare.
 *
 * <ul>
 *   <li>{@code batched}: the default, {@link AccessAudit#batched()}. The writer thread hashes and
 *       writes events while the benchmark runs; when it cannot keep up, back pressure holds the
 *       benchmark thread to its pace, so the figure is a <em>sustained</em> rate on this machine's
 *       two cores.
 *   <li>{@code caller}: the same journal, but its writer is held off until the end of each
 *       iteration, where the benchmark writes the journal out unmeasured: the figure is what a
 *       caller pays per read when reads do not saturate the writer, plus the garbage collector's
 *       copying of up to a million queued events. {@link JdbcBenchmark}'s burst benchmarks write
 *       the journal out after every 1,000 reads instead, which leaves that out.
 *   <li>{@code synchronous}: {@link AccessAudit#synchronous()}, everything on the calling thread —
 *       the whole cost of a read and its audit.
 * </ul>
 */
final class AuditModes {

  private AuditModes() {}

  static AccessAudit of(String mode) {
    return switch (mode) {
      case "batched" -> AccessAudit.batched();
      case "caller" -> AccessAudit.batched(Duration.ofSeconds(10), 4_000_000, 4_000_000);
      case "synchronous" -> AccessAudit.synchronous();
      default -> throw new IllegalArgumentException("unknown audit mode " + mode);
    };
  }
}
