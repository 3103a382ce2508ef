package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * JUnit and AssertJ are optional dependencies of the testkit: a host that uses only the clock, the
 * scripted checks or the generators must not need them. Only these classes may refer to them.
 */
class OptionalDependenciesTest {

  private static final Set<String> MAY_USE_TEST_FRAMEWORKS =
      Set.of(
          "RepositoryCompatibilityKit",
          "PrototypeProviderCompatibilityKit",
          "KnownDeviations",
          "SecretAssertions",
          "CredentialsExtension");

  @Test
  @DisplayName(
      "only the kits and their features, the extension and SecretAssertions refer to JUnit or AssertJ")
  void onlyKitsUseTestFrameworks() throws IOException, URISyntaxException {
    Path classes =
        Path.of(MutableClock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(p -> !MAY_USE_TEST_FRAMEWORKS.contains(outerName(p)))
              .filter(p -> !repositoryKitFeatures().contains(outerName(p)))
              .filter(OptionalDependenciesTest::refersToTestFrameworks)
              .collect(Collectors.toList());
    }
    assertThat(offenders).isEmpty();
    assertThat(classes.resolve("dev/credentials/testkit/MutableClock.class")).exists();
  }

  /** The feature interfaces the repository kit composes, and what they extend. */
  private static Set<String> repositoryKitFeatures() {
    Set<String> names = new java.util.HashSet<>();
    for (Class<?> nested : RepositoryCompatibilityKit.class.getDeclaredClasses()) {
      for (Class<?> feature : nested.getInterfaces()) {
        names.add(feature.getSimpleName());
        for (Class<?> context : feature.getInterfaces()) {
          names.add(context.getSimpleName());
        }
      }
    }
    return names;
  }

  private static String outerName(Path p) {
    String name = p.getFileName().toString().replace(".class", "");
    int dollar = name.indexOf('$');
    return dollar < 0 ? name : name.substring(0, dollar);
  }

  private static boolean refersToTestFrameworks(Path p) {
    try {
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      return text.contains("org/junit") || text.contains("org/assertj");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
