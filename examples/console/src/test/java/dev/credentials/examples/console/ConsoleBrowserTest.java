package dev.credentials.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's page in Debian's Chromium, headless, driven through {@code /usr/bin/chromedriver}
 * (installed by {@code .ci/install-browser}; Selenium Manager is never asked to download anything).
 * The steps build on each other, in order, as an administrator of tenant globex. Screenshots go to
 * {@code target/screenshots/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "logging.level.dev.credentials=DEBUG",
      "logging.level.org.springframework.web=DEBUG"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String CANARY = "canary-" + UUID.randomUUID();
  static final String NAME = "billing-" + UUID.randomUUID().toString().substring(0, 6);

  static WebDriver driver;
  static WebDriverWait wait;
  static Path profile;
  static int servicePort;

  @LocalServerPort int port;

  @BeforeAll
  static void browser() throws IOException {
    assertThat(CHROMEDRIVER)
        .as("run .ci/install-browser to install chromium and chromium-driver")
        .exists();
    profile = Files.createTempDirectory("console-chromium-");
    ChromeOptions options = new ChromeOptions();
    if (Files.isExecutable(CHROMIUM)) {
      options.setBinary(CHROMIUM.toFile());
    }
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    // the page re-renders lists after every action: an element read mid-render is read again
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SCREENSHOTS);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      servicePort = s.getLocalPort();
    }
  }

  @AfterAll
  static void quit() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  static WebElement field(String code) {
    return driver.findElement(By.cssSelector("#fields .field[data-field='" + code + "']"));
  }

  static WebElement input(String code) {
    return driver.findElement(By.id("field-" + code));
  }

  static String error(String code) {
    return driver
        .findElement(By.cssSelector("#credential-form [data-error-for='" + code + "']"))
        .getText();
  }

  static WebElement row(String name) {
    return driver.findElement(By.cssSelector("#credential-list tr[data-name='" + name + "']"));
  }

  static void badgeIs(String name, String state) {
    wait.until(
        d -> {
          List<WebElement> b =
              d.findElements(
                  By.cssSelector("#credential-list tr[data-name='" + name + "'] .badge"));
          return !b.isEmpty() && b.get(0).getText().equals(state);
        });
  }

  static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  @Test
  @Order(1)
  @DisplayName(
      "sign in, pick a prototype by category, see a conditional field come and go, a validation error, then create")
  void createThroughTheForm() throws IOException {
    driver.get("http://127.0.0.1:" + port + "/");
    type(driver.findElement(By.id("login-user")), "gina");
    type(driver.findElement(By.id("login-password")), "gina-password");
    driver.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tabs")));

    new Select(driver.findElement(By.id("category"))).selectByValue("Network");
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#prototypes button[data-code='tcp-service']")))
        .click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("field-HOST")));

    // rendered from the descriptor: the secret is a password input, empty; the TLS name is hidden
    assertThat(input("PASSWORD").getDomAttribute("type")).isEqualTo("password");
    assertThat(input("PASSWORD").getDomProperty("value")).isEmpty();
    assertThat(input("HOST").getDomProperty("value")).isEqualTo("127.0.0.1");
    assertThat(field("TLS_SERVER_NAME").isDisplayed()).isFalse();
    input("USE_TLS").click();
    assertThat(field("TLS_SERVER_NAME").isDisplayed()).isTrue();
    input("USE_TLS").click();
    assertThat(field("TLS_SERVER_NAME").isDisplayed()).isFalse();
    input("USE_TLS").click();
    assertThat(field("TLS_SERVER_NAME").isDisplayed()).isTrue();

    type(driver.findElement(By.id("meta-name")), NAME);
    type(input("PORT"), "70000");
    type(input("PASSWORD"), CANARY);
    driver.findElement(By.id("save-credential")).click();
    wait.until(d -> !error("PORT").isEmpty());
    assertThat(error("PORT")).contains("65535");
    assertThat(error("TLS_SERVER_NAME")).isNotEmpty();
    assertThat(field("PORT").getDomAttribute("class")).contains("invalid");
    assertThat(driver.getPageSource()).doesNotContain(CANARY);
    screenshot("02-validation-error");

    type(input("PORT"), Integer.toString(servicePort));
    type(input("TLS_SERVER_NAME"), "billing.example");
    driver.findElement(By.id("save-credential")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#credential-list tr[data-name='" + NAME + "']")));
    badgeIs(NAME, "UNTESTED");
    screenshot("01-credentials");

    // editing shows stored non-secret values, never the secret
    row(NAME).findElement(By.cssSelector("button.edit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("form-title"), "Edit"));
    assertThat(input("TLS_SERVER_NAME").getDomProperty("value")).isEqualTo("billing.example");
    assertThat(input("USE_TLS").isSelected()).isTrue();
    assertThat(input("PASSWORD").getDomProperty("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain(CANARY);
    driver.findElement(By.id("cancel-edit")).click();
  }

  @Test
  @Order(2)
  @DisplayName("Test turns the badge red while the service is down, green once it listens")
  void badgeRedThenGreen() throws IOException {
    row(NAME).findElement(By.cssSelector("button.test")).click();
    badgeIs(NAME, "UNAVAILABLE");
    assertThat(row(NAME).findElement(By.cssSelector(".badge")).getCssValue("background-color"))
        .isEqualTo("rgba(198, 40, 40, 1)");
    screenshot("03-badge-red");
    try (ServerSocket listening =
        new ServerSocket(servicePort, 5, InetAddress.getLoopbackAddress())) {
      assertThat(listening.isBound()).isTrue();
      row(NAME).findElement(By.cssSelector("button.test")).click();
      badgeIs(NAME, "AVAILABLE");
      assertThat(row(NAME).findElement(By.cssSelector(".badge")).getCssValue("background-color"))
          .isEqualTo("rgba(46, 125, 50, 1)");
      screenshot("04-badge-green");
    }
  }

  static String card(String consumer, String topic) {
    return driver
        .findElement(
            By.cssSelector(
                ".consumer[data-id='" + consumer + "'] .card[data-topic='" + topic + "']"))
        .getDomAttribute("data-card");
  }

  @Test
  @Order(3)
  @DisplayName(
      "declare a consumer, see its red, orange and choose cards, bind and watch the card turn green")
  void bindConsumer() throws IOException {
    String consumer = "nightly-" + NAME;
    driver.findElement(By.id("tab-consumers")).click();
    type(driver.findElement(By.id("consumer-id")), consumer);
    type(driver.findElement(By.id("consumer-topics")), "tcp-service, postgresql, erp-ledger");
    driver.findElement(By.id("declare-consumer")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(
                ".consumer[data-id='" + consumer + "'] .card[data-topic='tcp-service']")));
    assertThat(card(consumer, "tcp-service")).isEqualTo("choose");
    assertThat(card(consumer, "postgresql")).isEqualTo("orange");
    assertThat(card(consumer, "erp-ledger")).isEqualTo("red");
    screenshot("05-consumer-cards");

    WebElement tcp =
        driver.findElement(
            By.cssSelector(
                ".consumer[data-id='" + consumer + "'] .card[data-topic='tcp-service']"));
    new Select(tcp.findElement(By.cssSelector("select.candidate")))
        .selectByVisibleText(NAME + " (production)");
    tcp.findElement(By.cssSelector("button.bind")).click();
    wait.until(d -> "green".equals(card(consumer, "tcp-service")));
    WebElement bound =
        driver.findElement(
            By.cssSelector(
                ".consumer[data-id='" + consumer + "'] .card[data-topic='tcp-service'] .bound"));
    assertThat(bound.getText()).contains(NAME).contains("AVAILABLE");
    screenshot("06-consumer-bound");
  }

  @Test
  @Order(4)
  @DisplayName("the audit tab lists who did what from where, and filters by action")
  void auditTab() throws IOException {
    driver.findElement(By.id("tab-audit")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit-table tbody tr")));
    new Select(driver.findElement(By.id("audit-action"))).selectByValue("TESTED");
    driver.findElement(By.id("audit-search")).click();
    wait.until(
        d ->
            d.findElements(By.cssSelector("#audit-table tbody tr")).stream()
                .allMatch(r -> "TESTED".equals(r.getDomAttribute("data-action"))));
    List<WebElement> rows = driver.findElements(By.cssSelector("#audit-table tbody tr"));
    assertThat(rows).hasSize(2);
    for (WebElement r : rows) {
      assertThat(r.findElement(By.cssSelector(".client")).getText()).isEqualTo("127.0.0.1");
      assertThat(r.getText()).contains("user:gina");
    }
    new Select(driver.findElement(By.id("audit-action"))).selectByValue("");
    driver.findElement(By.id("audit-search")).click();
    wait.until(d -> d.findElements(By.cssSelector("#audit-table tbody tr")).size() > 2);
    assertThat(driver.getPageSource()).doesNotContain(CANARY);
    screenshot("07-audit");

    driver.findElement(By.id("tab-overview")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health"), "UP"));
    screenshot("08-stats-health");
  }
}
