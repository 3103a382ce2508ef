package dev.credentials.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Produces strings that match a simple regular expression: literals, escapes, {@code .}, {@code \d
 * \w \s}, character classes with ranges, groups with alternation, and the quantifiers {@code ? * +
 * {n} {n,} {n,m}}. Anchors are ignored. Anything else is refused with {@link
 * UnsupportedOperationException}; callers check the result against the real pattern anyway.
 */
public final class RegexSampler {

  private static final String WORD =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
  private static final String PRINTABLE = WORD + "-.:/+=";
  private static final int OPEN_MAX = 6;

  private final String rx;
  private final SplittableRandom random;
  private int pos;

  private RegexSampler(String rx, SplittableRandom random) {
    this.rx = rx;
    this.random = random;
  }

  /**
   * A string the expression (probably) matches.
   *
   * @param regex the expression
   * @param random the randomness
   * @return a sample
   * @throws UnsupportedOperationException for syntax this sampler does not know
   */
  public static String sample(String regex, SplittableRandom random) {
    RegexSampler s = new RegexSampler(regex, random);
    StringBuilder out = new StringBuilder();
    s.alternation(out);
    if (s.pos != regex.length()) {
      throw new UnsupportedOperationException("unbalanced ')' in " + regex);
    }
    return out.toString();
  }

  private void alternation(StringBuilder out) {
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    int begin = pos;
    int depth = 0;
    int i = pos;
    starts.add(begin);
    for (; i < rx.length(); i++) {
      char c = rx.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        i = classEnd(i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (c == '|' && depth == 0) {
        ends.add(i);
        starts.add(i + 1);
      }
    }
    ends.add(i);
    int pick = random.nextInt(starts.size());
    String branch = rx.substring(starts.get(pick), ends.get(pick));
    RegexSampler inner = new RegexSampler(branch, random);
    inner.sequence(out);
    pos = i;
  }

  private int classEnd(int open) {
    int i = open + 1;
    if (i < rx.length() && rx.charAt(i) == ']') {
      i++;
    }
    for (; i < rx.length(); i++) {
      char c = rx.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']') {
        return i;
      }
    }
    throw new UnsupportedOperationException("unclosed '[' in " + rx);
  }

  private void sequence(StringBuilder out) {
    while (pos < rx.length()) {
      char c = rx.charAt(pos);
      if (c == '^' || c == '$') {
        pos++;
        continue;
      }
      int atomStart = pos;
      Atom atom = atom();
      int[] range = quantifier();
      int n = range[0] + (range[1] > range[0] ? random.nextInt(range[1] - range[0] + 1) : 0);
      for (int k = 0; k < n; k++) {
        atom.emit(out);
      }
      if (pos == atomStart) {
        throw new UnsupportedOperationException("cannot read " + rx);
      }
    }
  }

  private interface Atom {
    void emit(StringBuilder out);
  }

  private Atom atom() {
    char c = rx.charAt(pos);
    switch (c) {
      case '(':
        {
          pos++;
          if (rx.startsWith("?:", pos)) {
            pos += 2;
          } else if (pos < rx.length() && rx.charAt(pos) == '?') {
            throw new UnsupportedOperationException("look-around in " + rx);
          }
          int start = pos;
          int depth = 1;
          int i = pos;
          for (; i < rx.length() && depth > 0; i++) {
            char d = rx.charAt(i);
            if (d == '\\') {
              i++;
            } else if (d == '[') {
              i = classEnd(i);
            } else if (d == '(') {
              depth++;
            } else if (d == ')') {
              depth--;
            }
          }
          if (depth != 0) {
            throw new UnsupportedOperationException("unclosed '(' in " + rx);
          }
          String group = rx.substring(start, i - 1);
          pos = i;
          return out -> new RegexSampler(group, random).alternationInto(out);
        }
      case '[':
        {
          int end = classEnd(pos);
          String chars = expandClass(rx.substring(pos + 1, end));
          pos = end + 1;
          return out -> out.append(chars.charAt(random.nextInt(chars.length())));
        }
      case '.':
        pos++;
        return out -> out.append(PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
      case '\\':
        {
          if (pos + 1 >= rx.length()) {
            throw new UnsupportedOperationException("trailing backslash in " + rx);
          }
          String chars = escape(rx.charAt(pos + 1));
          pos += 2;
          return out -> out.append(chars.charAt(random.nextInt(chars.length())));
        }
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
      case '|':
        throw new UnsupportedOperationException("unexpected '" + c + "' in " + rx);
      default:
        pos++;
        return out -> out.append(c);
    }
  }

  private void alternationInto(StringBuilder out) {
    alternation(out);
  }

  private static String escape(char e) {
    switch (e) {
      case 'd':
        return "0123456789";
      case 'w':
        return WORD;
      case 's':
        return " ";
      case 'D':
      case 'W':
      case 'S':
      case 'b':
      case 'B':
      case 'p':
      case 'P':
        throw new UnsupportedOperationException("\\" + e + " is not supported");
      default:
        if (Character.isLetterOrDigit(e)) {
          throw new UnsupportedOperationException("\\" + e + " is not supported");
        }
        return String.valueOf(e);
    }
  }

  private static String expandClass(String body) {
    if (body.startsWith("^")) {
      throw new UnsupportedOperationException("negated classes are not supported");
    }
    StringBuilder chars = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        chars.append(escape(body.charAt(++i)));
      } else if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
        char to = body.charAt(i + 2);
        for (char k = c; k <= to; k++) {
          chars.append(k);
        }
        i += 2;
      } else {
        chars.append(c);
      }
    }
    if (chars.length() == 0) {
      throw new UnsupportedOperationException("empty character class");
    }
    return chars.toString();
  }

  private int[] quantifier() {
    if (pos >= rx.length()) {
      return new int[] {1, 1};
    }
    char c = rx.charAt(pos);
    int[] r;
    if (c == '?') {
      r = new int[] {0, 1};
      pos++;
    } else if (c == '*') {
      r = new int[] {0, OPEN_MAX};
      pos++;
    } else if (c == '+') {
      r = new int[] {1, OPEN_MAX};
      pos++;
    } else if (c == '{') {
      int close = rx.indexOf('}', pos);
      if (close < 0) {
        throw new UnsupportedOperationException("unclosed '{' in " + rx);
      }
      String[] parts = rx.substring(pos + 1, close).split(",", -1);
      try {
        int min = Integer.parseInt(parts[0].trim());
        int max =
            parts.length == 1
                ? min
                : parts[1].isBlank() ? min + OPEN_MAX : Integer.parseInt(parts[1].trim());
        r = new int[] {min, max};
      } catch (NumberFormatException e) {
        throw new UnsupportedOperationException("bad quantifier in " + rx, e);
      }
      pos = close + 1;
    } else {
      return new int[] {1, 1};
    }
    if (pos < rx.length() && (rx.charAt(pos) == '?' || rx.charAt(pos) == '+')) {
      pos++; // lazy or possessive: same samples
    }
    return r;
  }
}
