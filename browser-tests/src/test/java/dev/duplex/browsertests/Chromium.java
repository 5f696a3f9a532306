package dev.duplex.browsertests;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through chromedriver (Selenium), as PEERS.md describes: Debian's binaries, nothing
 * downloaded, a fresh profile and {@code TMPDIR} under {@code target/}, shut down through the driver.
 * One per test class. When Chromium is missing, {@link #start()} fails with a message saying how to install it:
 * these tests never skip silently.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Chromium start() {
        return start(new String[0]);
    }

    /**
     * Starts Chromium with PEERS.md's flags and {@code extraArguments}, such as {@code --ignore-certificate-errors}
     * for a server with a self-signed certificate.
     */
    static Chromium start(String... extraArguments) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("Chromium is required by the browser tests but " + BINARY + " or " + DRIVER
                    + " is missing. Install it with scripts/install-peers.sh (apt-get install -y chromium chromium-driver).");
        }
        Path tmp = Path.of(System.getProperty("duplex.browser.tmp", "target/tmp")).toAbsolutePath();
        try {
            Files.createDirectories(tmp);
            Path profile = Files.createTempDirectory(tmp, "chromium-profile-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("TMPDIR", tmp.toString()))
                    .withLogOutput(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile);
            options.addArguments(extraArguments);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
            return new Chromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} in the current tab. */
    void open(String url) {
        driver.get(url);
    }

    /** Runs an async script: its last argument is the callback that returns the result. */
    Object runAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    Object run(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The browser's version, as chromedriver reports it. */
    String version() {
        return String.valueOf(driver.getCapabilities().getBrowserVersion());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: it is under target/
        }
    }
}
