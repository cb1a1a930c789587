package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.thplab.launcher.CliResult.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@code thplab report} as a user sees it: the tour's report opened in a real headless Chromium
 * (Debian's chromium and chromium-driver) through Selenium, checked against the model it embeds
 * and against what {@code layout} printed, and photographed into target/report-it/.
 */
class ReportIT {
    private static final Path ROOT = Path.of(System.getProperty("thplab.root", ".."));
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));
    private static final Path PLUGINS = DIST.resolve("plugins");
    private static final Path OUT = DIST.resolve("report-it");
    /** Debian's browser and driver; -Dthplab.chromium=PATH and -Dthplab.chromedriver=PATH name others. */
    private static final Path CHROMIUM = Path.of(System.getProperty("thplab.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("thplab.chromedriver", "/usr/bin/chromedriver"));

    private static ChromeDriver browser;
    /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger QUIET_SELENIUM = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools");
    private static Path profile;
    private static Path report;

    @BeforeAll
    static void openTheTourReport() throws IOException {
        Files.createDirectories(OUT);
        report = OUT.resolve("tour.html");
        CliResult reported = run("report", ROOT.resolve("examples/tour.wl").toString(), "-o", report.toString(),
                "--plugins-dir", PLUGINS.toString());
        assertEquals(0, reported.status(), reported::err);
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no headless browser: install Debian's chromium and chromium-driver to run this test");
        // Selenium warns that it has no DevTools bindings for this Chromium: the test uses none.
        QUIET_SELENIUM.setLevel(java.util.logging.Level.SEVERE);
        // Never Selenium Manager: the driver and the browser are named, nothing is downloaded.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + (profile = Files.createTempDirectory("thplab-chromium")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
        browser.get(report.toUri().toString());
    }

    @AfterAll
    static void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @Test
    void thePageLoadsWithoutConsoleErrors() {
        assertNotNull(browser);
        assertEquals(3L, js("return document.querySelectorAll('.chart svg').length;"),
                "meminfo, vmstat and smaps charts drawn");
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), severe);
        assertEquals(js("return thplabReport.model.steps.length;"),
                (long) browser.findElements(By.cssSelector("#steps li")).size(), "one entry per step");
    }

    /** The kinds drawn for each region now, by "process region". */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> drawn() {
        return (Map<String, List<String>>) js("var out = {};"
                + "document.querySelectorAll('#strips .region').forEach(function (r) {"
                + "  out[r.dataset.p + ' ' + r.dataset.r] = Array.from(r.querySelectorAll('.extent'))"
                + "      .map(function (x) { return x.dataset.kind; }); });"
                + "return out;");
    }

    /** The kinds the embedded model says step {@code i} has, by "process region". */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> modelled(int i) {
        return (Map<String, List<String>>) js("var m = thplabReport.model, out = {};"
                + "m.steps[arguments[0]].regions.forEach(function (r) {"
                + "  out[r.p + ' ' + r.r] = m.strips[r.strip].runs.map(function (x) { return x.k; }); });"
                + "return out;", i);
    }

    private static int stepOfLine(String text) {
        int i = ((Long) js("var t = arguments[0];"
                + "return thplabReport.model.steps.findIndex(function (s) { return s.text === t; });", text)).intValue();
        assertTrue(i >= 0, "no step reads " + text);
        return i;
    }

    private static void click(int step) {
        browser.findElement(By.cssSelector("#steps li[data-step='" + step + "']")).click();
    }

    @Test
    void drawnExtentsMatchTheModelAndWhatLayoutPrinted() throws IOException {
        int first = stepOfLine("layout p0 A");
        int teams = stepOfLine("layout p0 T");
        int last = ((Long) js("return thplabReport.model.steps.length - 1;")).intValue();
        for (int step : new int[] {first, first + 3, teams, last}) {
            click(step);
            assertEquals(modelled(step), drawn(), "step " + step);
        }
        click(first);
        assertEquals(List.of("ANON_PMD", "ZERO_PMD"), drawn().get("p0 A"), "layout p0 A printed HZ there");
        click(teams);
        assertEquals(List.of("TEAM_PMD"), drawn().get("p0 T"), "layout p0 T printed HH: two team PMDs, one bar");
        assertEquals("2", browser.findElement(By.cssSelector(".region[data-r='T'] .extent")).getAttribute("data-n"));

        WebElement thp = browser.findElement(By.cssSelector(".region[data-r='A'] .extent.k-ANON_PMD"));
        thp.click();
        String details = browser.findElement(By.id("details")).getText();
        assertTrue(details.startsWith("anonymous THP mapped by a PMD"), details);
        assertTrue(details.contains("pfns") && details.contains("VMA") && details.contains("deposited"), details);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), OUT.resolve("tour.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void clickingAStepUpdatesThePicture() {
        int split = stepOfLine("mprotect p0 A 16page 1page r");
        click(split - 1);
        String before = browser.findElement(By.id("stepTitle")).getText();
        List<String> kindsBefore = drawn().get("p0 A");
        click(split);
        assertNotEquals(before, browser.findElement(By.id("stepTitle")).getText());
        assertTrue(browser.findElement(By.id("stepTitle")).getText().endsWith("mprotect p0 A 16page 1page r"));
        assertEquals("ANON_PMD", kindsBefore.get(0));
        assertEquals("PTES", drawn().get("p0 A").get(0), "the mprotect split the THP into PTEs");
        assertEquals(split, ((Long) js("return thplabReport.current();")).intValue());
        assertEquals(String.valueOf(split), browser.findElement(By.id("slider")).getAttribute("value"));
    }
}
