package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of the bundled example's alerts. */
class ReportTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    Path report() {
        Path html = dir.resolve("report.html");
        Cli.Run run = Cli.run("report", "--baselines", "baselines", "--html", html.toString(),
                EndToEndTest.EXPECTED.toString());
        assertEquals(0, run.exitCode(), run.err());
        return html;
    }

    @Test
    void theReportCountsAlertsRanksIdentitiesAndChartsEachBurst() throws Exception {
        String html = Files.readString(report());
        assertTrue(html.contains("<p>7 alerts</p>"), html);
        assertEquals(2, html.split("class=\"launch-chart\"", -1).length - 1, "one chart per flagged hour");
        assertTrue(html.contains("upper bound 5.7</text>") && html.contains("upper bound 7.0</text>"));
        assertTrue(html.contains("<tr><td>arn:aws:iam::111122223333:user/carol</td><td class=n>6</td><td class=n>151</td>"),
                "carol: 18 + 42 + 36 + 30 + 25, the story not counted twice");
        assertFalse(html.contains("<script"), "nothing runs, nothing is fetched");
        assertFalse(html.contains("http://") || html.contains("https://"));
    }

    @Test
    void alertValuesAreEscaped() throws Exception {
        Path alerts = Files.writeString(dir.resolve("evil.jsonl"), "{\"detection\":\"x\",\"user\":"
                + "\"<script>alert(1)</script>\",\"time\":\"2026-11-27T00:00:00Z\",\"risk_score\":1}\n");
        Path html = dir.resolve("evil.html");
        assertEquals(0, Cli.run("report", "--baselines", "baselines", "--html", html.toString(), alerts.toString())
                .exitCode());
        String page = Files.readString(html);
        assertFalse(page.contains("<script>"));
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    /** Needs Debian's chromium (apt-get install chromium); skipped where it is not installed. */
    @Test
    void theReportRendersInHeadlessChromiumWithItsCharts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path html = report();
        List<String> flags = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"));
        Process dom = new ProcessBuilder(concat(flags, "--dump-dom", html.toUri().toString()))
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String rendered = new String(dom.getInputStream().readAllBytes());
        assertTrue(dom.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, rendered.split("class=\"launch-chart\"", -1).length - 1, rendered);
        assertTrue(rendered.contains("class=\"upper-bound\""));
        Path png = dir.resolve("report.png");
        Process shot = new ProcessBuilder(concat(flags, "--window-size=1000,1400", "--screenshot=" + png,
                html.toUri().toString())).redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile())
                .start();
        assertTrue(shot.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.size(png) > 20_000, "a real picture: " + Files.size(png) + " bytes");
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
