package org.vigil.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the dashboard's test: Debian's {@code chromium}, headless, driven by Selenium
 * through {@code chromium-driver} (never Selenium Manager, which would download a browser). When
 * either is missing the test fails and says how to install them; it never skips.
 */
public final class Browser {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() {
        String browser = find("CHROME_BIN", BROWSERS);
        String driver = find("CHROMEDRIVER", DRIVERS);
        if (browser == null || driver == null) {
            throw new IllegalStateException("The dashboard's browser test needs Chromium and its driver: "
                    + "sudo apt-get install -y chromium chromium-driver (Debian/Ubuntu), or point CHROME_BIN and CHROMEDRIVER at them. "
                    + "Looked for " + BROWSERS + " and " + DRIVERS + ".");
        }
        ChromeOptions options = new ChromeOptions().setBinary(browser)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the page shows now under {@code target/screenshots/}. */
    public static Path screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
        return target;
    }

    private static String find(String variable, List<String> candidates) {
        String given = System.getenv(variable);
        if (given != null && new File(given).canExecute()) {
            return given;
        }
        return candidates.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
    }
}
