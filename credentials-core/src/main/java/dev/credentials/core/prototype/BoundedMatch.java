package dev.credentials.core.prototype;

import java.util.regex.Pattern;

/**
 * Runs a regular expression under a budget of character reads, so that a pattern that backtracks
 * catastrophically (like {@code (.*a){30}}) gives up instead of stalling the thread. The budget
 * grows with the length of the text: {@value #BASE_BUDGET} reads plus {@value #READS_PER_CHAR} per
 * character, far beyond what any linear pattern needs. A match that exhausts the thread's stack
 * (the regex engine recurses per repetition of a group) is treated the same way.
 */
final class BoundedMatch {

  /** Character reads every match may make, whatever the length of the text. */
  static final long BASE_BUDGET = 1_000_000L;

  /** Further character reads per character of the text. */
  static final long READS_PER_CHAR = 200L;

  /** Thrown when a match runs out of budget; callers turn it into a violation. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("regular expression exceeded its budget", null, false, false);
    }
  }

  private BoundedMatch() {}

  /**
   * Whether the whole text matches ({@link java.util.regex.Matcher#matches()}: no trailing line
   * terminator is forgiven).
   *
   * @throws BudgetExceeded when the match reads more characters than its budget allows
   */
  static boolean matches(Pattern pattern, String text) {
    try {
      return pattern
          .matcher(new Counting(text, BASE_BUDGET + READS_PER_CHAR * text.length()))
          .matches();
    } catch (StackOverflowError e) {
      // java.util.regex recurses per repetition: a long value can exhaust the stack before the
      // budget. That is the same verdict: the pattern cannot be evaluated on this value.
      throw new BudgetExceeded();
    }
  }

  /** A text that counts reads and fails past a budget. */
  private static final class Counting implements CharSequence {
    private final String text;
    private final int from;
    private final int to;
    private final long[] left;

    Counting(String text, long budget) {
      this(text, 0, text.length(), new long[] {budget});
    }

    private Counting(String text, int from, int to, long[] left) {
      this.text = text;
      this.from = from;
      this.to = to;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new BudgetExceeded();
      }
      return text.charAt(from + index);
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      if (start < 0 || end > length() || start > end) {
        throw new IndexOutOfBoundsException("subSequence " + start + ", " + end);
      }
      return new Counting(text, from + start, from + end, left);
    }

    @Override
    public String toString() {
      return text.substring(from, to);
    }
  }
}
