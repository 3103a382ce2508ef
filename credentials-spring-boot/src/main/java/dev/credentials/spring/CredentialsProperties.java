package dev.credentials.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code credentials.*} application properties from which {@link CredentialsAutoConfiguration}
 * builds the engine. Unset values keep the engine's defaults.
 */
@ConfigurationProperties(prefix = "credentials")
public class CredentialsProperties {

  /** Creates the properties with every value unset. */
  public CredentialsProperties() {}

  /** Whether the auto-configuration builds an engine at all. */
  private boolean enabled = true;

  /** The environment a credential gets when it names none (e.g. production). */
  private String defaultEnvironment;

  /**
   * Access audit: {@code synchronous} (each access event written in its unit of work) or {@code
   * batched}.
   */
  private AccessAuditMode accessAudit = AccessAuditMode.SYNCHRONOUS;

  private final Jdbc jdbc = new Jdbc();
  private final Keys keys = new Keys();
  private final Cache cache = new Cache();
  private final Check check = new Check();
  private final Metrics metrics = new Metrics();

  /**
   * @return whether the engine is built
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * @param enabled whether the engine is built
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * @return the default environment, or null for the engine's default
   */
  public String getDefaultEnvironment() {
    return defaultEnvironment;
  }

  /**
   * @param defaultEnvironment the default environment
   */
  public void setDefaultEnvironment(String defaultEnvironment) {
    this.defaultEnvironment = defaultEnvironment;
  }

  /**
   * @return how access events are written
   */
  public AccessAuditMode getAccessAudit() {
    return accessAudit;
  }

  /**
   * @param accessAudit how access events are written
   */
  public void setAccessAudit(AccessAuditMode accessAudit) {
    this.accessAudit = accessAudit;
  }

  /**
   * @return where the credentials are stored
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * @return where the keyset comes from
   */
  public Keys getKeys() {
    return keys;
  }

  /**
   * @return the resolve cache settings
   */
  public Cache getCache() {
    return cache;
  }

  /**
   * @return the live check settings
   */
  public Check getCheck() {
    return check;
  }

  /**
   * @return the Micrometer settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /** How access events are written: one by one, or batched behind the reads. */
  public enum AccessAuditMode {
    /** Each access event is written in the unit of work of the access. */
    SYNCHRONOUS,
    /** Access events are journalled and written in batches; see the engine's AccessAudit. */
    BATCHED
  }

  /** Where the keyset comes from. */
  public enum KeySource {
    /** A cleartext Tink keyset file readable by its owner only ({@code credentials.keys.file}). */
    FILE,
    /**
     * An environment variable holding a cleartext keyset ({@code credentials.keys.env-variable}).
     */
    ENV,
    /**
     * Development only: a keyset file generated on first use ({@code credentials.keys.file}). Never
     * in production.
     */
    DEVELOPMENT,
    /** Tests and demos only: a fresh keyset in memory, lost with the process. */
    EPHEMERAL
  }

  /** The repository: the host's DataSource, or a JDBC URL. */
  public static class Jdbc {
    /** Creates unset JDBC settings. */
    public Jdbc() {}

    /**
     * A JDBC URL the engine connects to through its own pool. When unset, the host's DataSource
     * bean is used.
     */
    private String url;

    /** The database user for the URL. */
    private String user;

    /** The database password for the URL; never logged. */
    private String password;

    /** The size of the pool built for the URL. */
    private Integer maximumPoolSize;

    /**
     * @return the JDBC URL, or null to use the host's DataSource
     */
    public String getUrl() {
      return url;
    }

    /**
     * @param url the JDBC URL
     */
    public void setUrl(String url) {
      this.url = url;
    }

    /**
     * @return the user, or null
     */
    public String getUser() {
      return user;
    }

    /**
     * @param user the user
     */
    public void setUser(String user) {
      this.user = user;
    }

    /**
     * @return the password, or null
     */
    public String getPassword() {
      return password;
    }

    /**
     * @param password the password
     */
    public void setPassword(String password) {
      this.password = password;
    }

    /**
     * @return the pool size, or null for the default
     */
    public Integer getMaximumPoolSize() {
      return maximumPoolSize;
    }

    /**
     * @param maximumPoolSize the pool size
     */
    public void setMaximumPoolSize(Integer maximumPoolSize) {
      this.maximumPoolSize = maximumPoolSize;
    }

    @Override
    public String toString() {
      return "Jdbc[url=" + (url == null ? "(DataSource)" : "set") + ", user=" + user + "]";
    }
  }

  /** The keyset source. */
  public static class Keys {
    /** Creates unset key settings. */
    public Keys() {}

    /** Where the keyset comes from; required. */
    private KeySource source;

    /** The keyset file for {@code file} and {@code development}. */
    private Path file;

    /** The environment variable for {@code env}. */
    private String envVariable = "CREDENTIALS_KEYSET";

    /**
     * @return the source, or null when unset
     */
    public KeySource getSource() {
      return source;
    }

    /**
     * @param source the source
     */
    public void setSource(KeySource source) {
      this.source = source;
    }

    /**
     * @return the keyset file, or null
     */
    public Path getFile() {
      return file;
    }

    /**
     * @param file the keyset file
     */
    public void setFile(Path file) {
      this.file = file;
    }

    /**
     * @return the environment variable name
     */
    public String getEnvVariable() {
      return envVariable;
    }

    /**
     * @param envVariable the environment variable name
     */
    public void setEnvVariable(String envVariable) {
      this.envVariable = envVariable;
    }
  }

  /** Resolve cache settings. */
  public static class Cache {
    /** Creates unset cache settings. */
    public Cache() {}

    /** How long a resolved plan is cached. */
    private Duration ttl;

    /** How many entries the caches hold. */
    private Long size;

    /** Whether decrypted values may be cached in memory. */
    private Boolean plaintext;

    /**
     * @return the TTL, or null
     */
    public Duration getTtl() {
      return ttl;
    }

    /**
     * @param ttl the TTL
     */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /**
     * @return the size, or null
     */
    public Long getSize() {
      return size;
    }

    /**
     * @param size the size
     */
    public void setSize(Long size) {
      this.size = size;
    }

    /**
     * @return whether plaintext is cached, or null
     */
    public Boolean getPlaintext() {
      return plaintext;
    }

    /**
     * @param plaintext whether plaintext is cached
     */
    public void setPlaintext(Boolean plaintext) {
      this.plaintext = plaintext;
    }
  }

  /** Live check settings. */
  public static class Check {
    /** Creates unset check settings. */
    public Check() {}

    /** How long one check or connection test may run before it counts as unavailable. */
    private Duration timeout;

    /** How many checks run at once. */
    private Integer maxConcurrent;

    /**
     * @return the timeout, or null
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * @return the limit, or null
     */
    public Integer getMaxConcurrent() {
      return maxConcurrent;
    }

    /**
     * @param maxConcurrent the limit
     */
    public void setMaxConcurrent(Integer maxConcurrent) {
      this.maxConcurrent = maxConcurrent;
    }
  }

  /** Micrometer settings. */
  public static class Metrics {
    /** Creates unset metric settings. */
    public Metrics() {}

    /**
     * The tenants whose credentials are counted per state by the {@code credentials.credentials}
     * gauge. The engine has no cross-tenant listing, so the tenants are named here.
     */
    private List<String> tenants = new ArrayList<>();

    /** How long one count of credentials is reused by the gauges. */
    private Duration countInterval = Duration.ofSeconds(30);

    /**
     * @return the counted tenants
     */
    public List<String> getTenants() {
      return tenants;
    }

    /**
     * @param tenants the counted tenants
     */
    public void setTenants(List<String> tenants) {
      this.tenants = tenants;
    }

    /**
     * @return how long one count is reused
     */
    public Duration getCountInterval() {
      return countInterval;
    }

    /**
     * @param countInterval how long one count is reused
     */
    public void setCountInterval(Duration countInterval) {
      this.countInterval = countInterval;
    }
  }
}
