package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compiled validators are shared by every thread of the engine: results must not mix. */
@DisplayName("Validators shared between threads")
class ConcurrencyTest {

  private static final int THREADS = 4;
  private static final int ROUNDS = 300;

  @Test
  @DisplayName("value and document validation give the same answers under concurrent use")
  void sameAnswers() throws Exception {
    ValueSchema schema = ValueSchemaTest.SCHEMA;
    Map<String, Secret> good =
        ValueSchemaTest.values("DB_HOST", "h", "DB_PASSWORD", "p", "DB_PORT", "6543");
    Map<String, Secret> bad =
        ValueSchemaTest.values("DB_PORT", "0", "DB_MODE", "x", "DB_SSL", "true");
    String badDocument = "{\"code\": \"x\", \"name\": \"\", \"fields\": [{\"code\": \"a\"}]}";
    List<String> expectedBad = paths(() -> schema.validate("t", bad));
    List<String> expectedDoc = paths(() -> PrototypeDocuments.parse("d", badDocument));
    assertThat(expectedBad).isNotEmpty();
    assertThat(expectedDoc).isNotEmpty();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(
            pool.submit(
                (Callable<Integer>)
                    () -> {
                      int checked = 0;
                      for (int i = 0; i < ROUNDS; i++) {
                        assertThat(schema.validate("t", good)).containsKey("DB_PORT");
                        assertThat(paths(() -> schema.validate("t", bad))).isEqualTo(expectedBad);
                        assertThat(paths(() -> PrototypeDocuments.parse("d", badDocument)))
                            .isEqualTo(expectedDoc);
                        assertThat(PrototypeDocuments.parse("d", PrototypeDocumentsTest.MINIMAL))
                            .isNotNull();
                        checked++;
                      }
                      return checked;
                    }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(ROUNDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> paths(Runnable r) {
    try {
      r.run();
    } catch (CredentialValidationException e) {
      return e.violations().stream().map(Violation::toString).toList();
    }
    throw new AssertionError("expected a validation failure");
  }
}
