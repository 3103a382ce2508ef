package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.spi.DeferralCount;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of the shared launch deferral counts. */
interface DeferralTests extends KitContext {

  @Test
  @DisplayName("deferrals of a consumer count up and keep the instant of the first")
  default void deferralsCountUp() {
    assertThat(db().deferrals().find(TENANT_A, "nightly-import")).isEmpty();
    assertThat(db().deferrals().defer(TENANT_A, "nightly-import", T0))
        .isEqualTo(new DeferralCount(1, T0));
    assertThat(db().deferrals().defer(TENANT_A, "nightly-import", T0.plusSeconds(60)))
        .isEqualTo(new DeferralCount(2, T0));
    assertThat(db().deferrals().defer(TENANT_A, "nightly-import", T0.plusMillis(180_250)))
        .isEqualTo(new DeferralCount(3, T0));
    assertThat(db().deferrals().find(TENANT_A, "nightly-import"))
        .contains(new DeferralCount(3, T0));
  }

  @Test
  @DisplayName("a cleared count starts again at one from the next deferral")
  default void clearStartsAgain() {
    db().deferrals().defer(TENANT_A, "nightly-import", T0);
    db().deferrals().defer(TENANT_A, "nightly-import", T0.plusSeconds(1));
    assertThat(db().deferrals().clear(TENANT_A, "nightly-import")).isTrue();
    assertThat(db().deferrals().find(TENANT_A, "nightly-import")).isEmpty();
    assertThat(db().deferrals().clear(TENANT_A, "nightly-import")).isFalse();
    assertThat(db().deferrals().defer(TENANT_A, "nightly-import", T0.plusSeconds(9)))
        .isEqualTo(new DeferralCount(1, T0.plusSeconds(9)));
  }

  @Test
  @DisplayName("counts are kept per tenant and per consumer")
  default void countsAreScoped() {
    db().deferrals().defer(TENANT_A, "nightly-import", T0);
    db().deferrals().defer(TENANT_A, "nightly-import", T0.plusSeconds(1));
    db().deferrals().defer(TENANT_A, "hourly-sync", T0.plusSeconds(2));
    assertThat(db().deferrals().find(TENANT_B, "nightly-import")).isEmpty();
    assertThat(db().deferrals().defer(TENANT_B, "nightly-import", T0.plusSeconds(3)))
        .isEqualTo(new DeferralCount(1, T0.plusSeconds(3)));
    assertThat(db().deferrals().clear(TENANT_B, "hourly-sync")).isFalse();
    assertThat(db().deferrals().find(TENANT_A, "hourly-sync"))
        .contains(new DeferralCount(1, T0.plusSeconds(2)));
    assertThat(db().deferrals().find(TENANT_A, "nightly-import"))
        .contains(new DeferralCount(2, T0));
  }

  @Test
  @DisplayName("deferrals counted at once by many units of work are all counted")
  default void concurrentDeferralsAllCount() throws Exception {
    List<Object> outcomes =
        concurrently(
            24,
            i ->
                repository()
                    .inTransaction(
                        u -> u.deferrals().defer(TENANT_A, "nightly-import", T0.plusSeconds(i))));
    assertThat(outcomes).allMatch(o -> o instanceof DeferralCount, "every deferral committed");
    assertThat(outcomes)
        .extracting(o -> ((DeferralCount) o).count())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList());
    assertThat(db().deferrals().find(TENANT_A, "nightly-import").map(DeferralCount::count))
        .contains(24);
  }

  @Test
  @DisplayName("a deferral counted in a unit of work that fails is not counted")
  default void failedUnitCountsNothing() {
    db().deferrals().defer(TENANT_A, "nightly-import", T0);
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.deferrals().defer(TENANT_A, "nightly-import", T0.plusSeconds(1));
                      u.deferrals().clear(TENANT_A, "hourly-sync");
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(db().deferrals().find(TENANT_A, "nightly-import"))
        .contains(new DeferralCount(1, T0));
  }
}
