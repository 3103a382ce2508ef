package dev.credentials.examples.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code console.*}: the console's users and their roles per tenant. */
@ConfigurationProperties(prefix = "console")
public class ConsoleProperties {

  /** Creates empty settings. */
  public ConsoleProperties() {}

  private List<User> users = new ArrayList<>();

  /**
   * @return the users
   */
  public List<User> getUsers() {
    return users;
  }

  /**
   * @param users the users
   */
  public void setUsers(List<User> users) {
    this.users = users;
  }

  /** A user: a name, a password and a role (ADMIN, USER, SERVICE) in each of its tenants. */
  public static class User {
    /** Creates an empty user. */
    public User() {}

    private String name;
    private String password;
    private Map<String, String> tenants = new LinkedHashMap<>();

    /**
     * @return the user name
     */
    public String getName() {
      return name;
    }

    /**
     * @param name the user name
     */
    public void setName(String name) {
      this.name = name;
    }

    /**
     * @return the password, in Spring Security's {@code {id}encoded} form
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
     * @return role per tenant, in order; the first tenant is the default
     */
    public Map<String, String> getTenants() {
      return tenants;
    }

    /**
     * @param tenants role per tenant
     */
    public void setTenants(Map<String, String> tenants) {
      this.tenants = tenants;
    }
  }
}
