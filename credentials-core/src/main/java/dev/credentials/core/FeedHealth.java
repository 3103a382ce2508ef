package dev.credentials.core;

import dev.credentials.EngineHealth.Component;
import dev.credentials.EngineHealth.Status;
import dev.credentials.core.internal.feed.ChangeFollower;
import dev.credentials.spi.ChangeFeed;
import java.util.LinkedHashMap;
import java.util.Map;

/** The change feed's part of {@link Credentials#health()}. */
final class FeedHealth {

  private FeedHealth() {}

  static Component of(
      ChangeFeed.Subscription subscription, ChangeFollower follower, ChangeFeed feed) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("stalenessBoundMillis", Long.toString(feed.stalenessBoundMillis()));
    details.put("received", Long.toString(follower.received()));
    details.put("losses", Long.toString(follower.losses()));
    follower.lastLoss().ifPresent(r -> details.put("lastLoss", r));
    follower.lastLossAt().ifPresent(t -> details.put("lastLossAt", t.toString()));
    if (subscription.connected() && !follower.suspended()) {
      return new Component(
          "change-feed",
          Status.UP,
          "following the changes of every engine on the repository",
          details);
    }
    return new Component(
        "change-feed",
        Status.DEGRADED,
        "the change feed is reconnecting: nothing is cached meanwhile, so every resolve and launch"
            + " reads the repository; check the database connection if this lasts",
        details);
  }
}
