package dev.credentials.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long operation on standard error: a progress bar on a terminal, plain lines ("task:
 * 10/40") otherwise, so that logs and pipes stay readable. Never prints values.
 */
final class Progress implements AutoCloseable {

  private final String task;
  private final PrintStream err;
  private final ProgressBar bar;
  private long total;
  private long lastPrinted = -1;

  private Progress(String task, long total, Io io) {
    this.task = task;
    this.err = io.err();
    this.total = total;
    this.bar =
        io.terminal()
            ? new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(total, 1))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(io.err()))
                .build()
            : null;
  }

  /** Starts reporting a task of {@code total} steps. */
  static Progress start(String task, long total, Io io) {
    return new Progress(task, total, io);
  }

  /** Sets how many steps are done (and the total, when it changed). */
  void update(long done, long newTotal) {
    total = newTotal;
    if (bar != null) {
      bar.maxHint(Math.max(newTotal, 1));
      bar.stepTo(done);
      return;
    }
    if (done != lastPrinted && (done == newTotal || done == 0 || done - lastPrinted >= step())) {
      err.println(task + ": " + done + "/" + newTotal);
      lastPrinted = done;
    }
  }

  private long step() {
    return Math.max(1, total / 10);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
