package io.pitcrew.server.browser;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.observe.Sweep;
import io.pitcrew.runbook.Severity;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.server.pages.MomentText;
import io.pitcrew.store.Store;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard and the status page in headless Chromium against serve watching a lab: live without a reload, and
 * inert when the data is hostile. Also takes the README's screenshots (docs/img/).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagesBrowserTest {

    static final String XSS = "<script>alert(1)</script>";
    /** Would set a flag if any markup in the data were ever parsed; the CSP would also stop it, so both are checked. */
    static final String XSS_IMG = "<img src=x onerror=\"window.__xss=1\">";
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String STORAGE = "workspace-restarts/ephemeral-storage-exhaustion/us-west-2";

    /** The commander's token, typed into the login form as a responder would. */
    static final String TOKEN = "browser-test-commander-token-0123456789";

    @TempDir
    static Path dir;
    static Lab lab;
    static Store store;
    static Serve serve;
    static Incidents incidents;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        // not an assumption: a browser test that skips itself would pass without a browser ever running
        assertThat(Browser.installed()).as("needs /usr/bin/chromium and /usr/bin/chromedriver: run .ci/deps/chromium.sh").isTrue();
        lab = Lab.start(dir, "healthy", 8);
        store = Store.open(dir.resolve("pitcrew.db"));
        incidents = new Incidents(store, Clock.systemUTC());
        serve = LabKit.serve(lab, QuickServe.settings(), Tokens.operator(TOKEN), store).watch();
        // the first evaluation first: regions listed, so the page's first paint has them
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Awaitility.await().atMost(PATIENCE).until(() -> http.send(HttpRequest.newBuilder(
                URI.create(url("/readyz"))).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        driver = Browser.start(1280, 1000);
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (serve != null) serve.close();
        if (store != null) store.close();
        if (lab != null) lab.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + serve.port() + path;
    }

    /** Through the login form, so the session cookie and its CSRF token are the real ones. */
    static void login() {
        driver.get(url("/login"));
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.cssSelector("form[action='/login'] button")).click();
        waiting().withMessage(() -> "still at " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText())
                .until(d -> d.getCurrentUrl().equals(url("/")));
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, PATIENCE);
    }

    /** A mark only this page load carries: still there later means the page was not reloaded. */
    static void mark() {
        driver.executeScript("window.__loadMark = 'same-page';");
    }

    static void assertSamePage() {
        assertThat(driver.executeScript("return window.__loadMark;")).isEqualTo("same-page");
    }

    static void assertNothingRan() {
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(driver.executeScript("return window.__xss === undefined;")).isEqualTo(true);
    }

    @Test
    @Order(1)
    void theDashboardShowsAFaultInjectedAfterLoadWithoutAReload() {
        login();
        driver.get(url("/"));
        assertThat(driver.getCurrentUrl()).endsWith("/");
        waiting().until(d -> d.findElement(By.id("live")).getText().equals("live"));
        assertThat(driver.findElements(By.cssSelector("#regions tr"))).hasSize(3);
        mark();
        lab.inject("storage-exhaustion");
        waiting().until(d -> !d.findElements(By.cssSelector("[data-finding='" + STORAGE + "']")).isEmpty());
        String card = driver.findElement(By.cssSelector("[data-finding='" + STORAGE + "']")).getText();
        assertThat(card).contains("Ephemeral volume storage exhaustion", "us-west-2", "new");
        assertThat(card).containsPattern("first seen \\d\\d:\\d\\d UTC · (just now|\\d+ min ago)").doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT");
        var firstSeen = driver.findElement(By.cssSelector("[data-finding='" + STORAGE + "'] .meta time"));
        assertThat(Instant.parse(firstSeen.getAttribute("datetime"))).isBefore(Instant.now().plusSeconds(5));
        assertSamePage();
    }

    @Test
    @Order(2)
    void theStatusPageReflectsAParticipantUpdatePostedAfterLoad() throws Exception {
        driver.get(url("/status"));
        waiting().until(d -> d.findElement(By.id("live")).getText().equals("live"));
        // the finding of the previous test already shows on the public page, as workspaces in us-west-2
        waiting().until(d -> d.findElement(By.id("regions")).getText().contains("Partial outage"));
        mark();
        Incident i = incidents.declare(new Declaration("Workspaces evicted in us-west-2 (ephemeral storage)", Severity.P1, "", Optional.empty(),
                Optional.empty(), List.of("us-west-2"), List.of(new LinkedFinding("workspace-restarts", "ephemeral-storage-exhaustion", "P1",
                List.of("us-west-2"), "Ephemeral volume storage exhaustion")), Optional.of("alex")), "alex");
        incidents.append(i.number(), "alex", TimelineEntry.Kind.NOTE, "internal: node ip-10-127-1-4 disk full");
        // posted as a responder would, through the API; the page hears of it over its stream
        HttpResponse<String> posted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create(url("/api/incidents/" + i.id() + "/updates")))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"status\":\"investigating\",\"message\":\"Some workspaces in us-west-2 are restarting. Save your work; we are freeing disk space.\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isLessThan(300);
        waiting().until(d -> d.findElement(By.id("incidents")).getText().contains("Save your work; we are freeing disk space."));
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(page).contains("Workspaces in us-west-2", "investigating").doesNotContain("internal:", "alex", "ip-10-127-1-4");
        // written by status.js from the stream: the same words as the server's rendering, the instant in the attribute
        var at = driver.findElement(By.cssSelector("#incidents .update time"));
        assertThat(at.getText()).matches("\\d\\d:\\d\\d UTC · (just now|\\d+ min ago)");
        assertThat(Instant.parse(at.getAttribute("datetime"))).isBefore(Instant.now().plusSeconds(5));
        assertSamePage();
    }

    /** time.js and the server's Moment give the same text for the same instant and moment. */
    @Test
    @Order(6)
    void theBrowserWritesTimesAsTheServerDoes() {
        driver.get(url("/status"));
        waiting().until(d -> d.findElement(By.id("live")).getText().equals("live"));
        Instant at = Instant.parse("2026-11-25T17:11:13.730790670Z");
        for (Duration later : List.of(Duration.ofSeconds(-5), Duration.ofSeconds(20), Duration.ofMinutes(3), Duration.ofMinutes(119),
                Duration.ofHours(30), Duration.ofDays(3))) {
            Instant now = at.plus(later);
            assertThat(driver.executeScript("return pitcrewTime.label(arguments[0], arguments[1]);", at.toString(), now.toEpochMilli()))
                    .as(later.toString()).isEqualTo(MomentText.of(at, now));
        }
    }

    @Test
    @Order(3)
    void screenshots() throws Exception {
        // the README's images are refreshed on purpose (-Dscreenshots=docs/img), not by every test run
        Path img = Path.of(System.getProperty("screenshots", "target/screenshots"));
        Files.createDirectories(img);
        login();
        driver.manage().window().setSize(new Dimension(1280, 1400));
        driver.get(url("/"));
        waiting().until(d -> !d.findElements(By.cssSelector("[data-finding='" + STORAGE + "']")).isEmpty());
        save(img.resolve("dashboard.png"));
        driver.get(url("/status"));
        waiting().until(d -> d.findElement(By.id("live")).getText().equals("live"));
        save(img.resolve("status.png"));
        driver.manage().window().setSize(new Dimension(390, 1200));
        driver.get(url("/"));
        waiting().until(d -> !d.findElements(By.cssSelector("[data-finding='" + STORAGE + "']")).isEmpty());
        // nothing wider than the phone: no sideways scrolling
        assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth;")).intValue()).isLessThanOrEqualTo(390);
        save(img.resolve("dashboard-phone.png"));
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    private static void save(Path to) throws Exception {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        // the driver's temp file is private; the README's images are not
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.size(to)).isGreaterThan(1000);
    }

    @Test
    @Order(4)
    void hostileTextRendersAsTextOnBothPages() throws Exception {
        // a finding whose evidence carries markup: an evicted workspace pod with a hostile message, next to the lab's
        lab.inject("storage-exhaustion"); // as the first test left it; so this one also runs alone
        Kubeconfig kubeconfig = Kubeconfig.read(lab.kubeconfig());
        try (KubernetesClient k = new KubernetesClientBuilder().withConfig(Sweep.clientConfig(kubeconfig, "us-west-2", Duration.ofSeconds(10))).build()) {
            Pod evicted = k.pods().inAnyNamespace().list().getItems().stream()
                    .filter(p -> "Evicted".equals(p.getStatus().getReason())).findFirst().orElseThrow();
            k.resource(new PodBuilder(evicted).editMetadata().withName("xss-pod").withResourceVersion(null).withUid(null).endMetadata()
                    .editStatus().withMessage("The node was low on resource: ephemeral-storage. " + XSS + XSS_IMG).endStatus().build()).create();
        }
        Incident i = incidents.declare(Declaration.of(XSS + XSS_IMG + " incident", Severity.P1), "someone");
        incidents.append(i.number(), "someone", TimelineEntry.Kind.UPDATE, "update " + XSS + XSS_IMG);

        login();
        driver.get(url("/"));
        waiting().until(d -> d.findElement(By.cssSelector("[data-finding='" + STORAGE + "']")).getText().contains(XSS));
        assertThat(driver.findElement(By.cssSelector("[data-finding='" + STORAGE + "']")).getText()).contains(XSS + XSS_IMG);
        assertThat(driver.findElement(By.cssSelector("[data-incident='" + i.id() + "'] .title")).getText()).isEqualTo(XSS + XSS_IMG + " incident");
        assertThat(driver.findElements(By.cssSelector("#findings script, #findings img, #incidents script, #incidents img"))).isEmpty();
        assertNothingRan();

        driver.get(url("/status"));
        waiting().until(d -> d.findElement(By.id("incidents")).getText().contains("update " + XSS + XSS_IMG));
        assertThat(driver.findElements(By.cssSelector("#incidents script, #incidents img"))).isEmpty();
        // live too: the same text arriving over the stream after load
        incidents.append(i.number(), "someone", TimelineEntry.Kind.UPDATE, "second " + XSS_IMG);
        waiting().until(d -> d.findElement(By.id("incidents")).getText().contains("second " + XSS_IMG));
        assertThat(driver.findElements(By.cssSelector("#incidents img"))).isEmpty();
        assertNothingRan();
    }

    static final String SHORTAGE = "provisioner-failures/insufficient-provisioners/us-east-2";

    @Test
    @Order(5)
    void applyingAFixNeedsTheConfirmationAndTheFindingThenResolves() {
        lab.reset();
        lab.inject("provisioner-shortage");
        login();
        driver.get(url("/"));
        By card = By.cssSelector("[data-finding='" + SHORTAGE + "']");
        waiting().until(d -> !d.findElements(card).isEmpty() && !d.findElement(card).findElements(By.cssSelector("button.plan")).isEmpty());
        mark();
        var finding = driver.findElement(card);
        finding.findElement(By.cssSelector("button.plan")).click();
        waiting().until(d -> !finding.findElements(By.cssSelector("input.confirm")).isEmpty());
        var apply = finding.findElement(By.cssSelector("button.apply"));
        var confirm = finding.findElement(By.cssSelector("input.confirm"));
        String action = finding.findElement(By.cssSelector(".action strong")).getText();
        assertThat(action).isEqualTo("scale-provisioners");
        assertThat(finding.findElement(By.cssSelector("pre.plan-text")).getText()).contains("planId");
        // a click alone, or the wrong name, changes nothing
        assertThat(apply.isEnabled()).isFalse();
        confirm.sendKeys("scale-provisioner");
        assertThat(apply.isEnabled()).isFalse();
        assertThat(incidentsAudit()).isZero();
        confirm.sendKeys("s");
        assertThat(confirm.getDomProperty("value")).as("what the responder typed, all of it").isEqualTo("scale-provisioners");
        assertThat(apply.isEnabled()).isTrue();
        apply.click();
        waiting().until(d -> finding.findElement(By.cssSelector("output.result")).getText().startsWith("applied"));
        assertThat(incidentsAudit()).isPositive();
        // the provisioners scale, coderd's queue drains, and the finding resolves on the same page
        waiting().until(d -> d.findElement(card).getAttribute("class").contains("state-resolved"));
        assertSamePage();
    }

    /** Audit entries written by the dashboard's commander (operator), from the store the server writes. */
    private static long incidentsAudit() {
        return store.audit().latest(50).stream().filter(e -> "operator".equals(e.actor())).count();
    }
}
