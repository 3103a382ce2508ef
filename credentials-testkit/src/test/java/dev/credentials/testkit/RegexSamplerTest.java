package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.testkit.internal.RegexSampler;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexSamplerTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[a-z]{3,12}",
        "^[A-Z0-9]{16}$",
        "\\d{3}-\\d{4}",
        "[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}",
        "(?:https?)://[a-z]+(\\.[a-z]+)*(:\\d{2,5})?/?",
        "[\\w.-]+",
        "(ak|sk|pk)_(live|test)_[a-f0-9]{8,}",
        "xox[bp]-\\d+-[A-Za-z0-9]{10,24}",
        "v\\d+\\.\\d+\\.\\d+",
        "[]a]x"
      })
  void samplesMatch(String regex) {
    Pattern p = Pattern.compile(regex);
    for (long seed = 0; seed < 100; seed++) {
      String s = RegexSampler.sample(regex, new SplittableRandom(seed));
      assertThat(p.matcher(s).matches()).as("seed %d gave %s", seed, s).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[^a-z]+", "(?=x)x", "\\p{L}+", "a)", "[a-", "\\bword"})
  void refusesWhatItDoesNotKnow(String regex) {
    assertThatThrownBy(() -> RegexSampler.sample(regex, new SplittableRandom(1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
