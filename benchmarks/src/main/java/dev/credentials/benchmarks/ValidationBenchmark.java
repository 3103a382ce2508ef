package dev.credentials.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.Secret;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototypes.BuiltinPrototypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validating a typical six-field credential (the built-in {@code database-connection}: a select, a
 * host, an integer port with bounds, a database, a user, a password) against its compiled value
 * schema, next to parsing the same credential's JSON with Jackson, in the same run.
 *
 * <p>Run: {@code java -cp <benchmarks class path> org.openjdk.jmh.Main ValidationBenchmark -f 1 -wi
 * 2 -i 3}; see benchmarks/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ValidationBenchmark {

  static final String CREDENTIAL =
      "{\"DB_CONNECTION\": \"pgsql\", \"DB_HOST\": \"db.example.com\", \"DB_PORT\": \"5432\","
          + " \"DB_DATABASE\": \"multiflexi\", \"DB_USERNAME\": \"multiflexi\","
          + " \"DB_PASSWORD\": \"correct horse battery staple\"}";

  private final ObjectMapper mapper = new ObjectMapper();
  private PrototypeRegistry registry;
  private Map<String, Secret> values;

  /** Loads the built-in catalogue and compiles its schemas once, outside the measurement. */
  @Setup
  public void setUp() throws Exception {
    registry =
        PrototypeRegistry.load(
            List.of(new BuiltinPrototypes()), false, ValidationBenchmark.class.getClassLoader());
    Map<String, String> text =
        mapper.readValue(CREDENTIAL, new TypeReference<LinkedHashMap<String, String>>() {});
    values = new LinkedHashMap<>();
    text.forEach((k, v) -> values.put(k, Secret.of(v)));
    // Fail fast if the sample is not valid: an exception per call would measure the wrong thing.
    if (registry.validate("database-connection", "benchmark", values).size() != 6) {
      throw new IllegalStateException("the benchmark credential must keep its six values");
    }
  }

  /**
   * Compiled-schema validation of six values (defaults, conditions, types, bounds, options).
   *
   * @return the normalised values
   */
  @Benchmark
  public Map<String, Secret> validateCompiledSchema() {
    return registry.validate("database-connection", "benchmark", values);
  }

  /**
   * The baseline: Jackson parsing the same credential's JSON into a tree.
   *
   * @return the tree
   * @throws Exception never, the JSON is constant and valid
   */
  @Benchmark
  public JsonNode parseJsonWithJackson() throws Exception {
    return mapper.readTree(CREDENTIAL);
  }
}
