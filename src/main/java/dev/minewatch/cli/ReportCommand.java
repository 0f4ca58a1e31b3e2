package dev.minewatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.baseline.HourlyCount;
import dev.minewatch.output.HtmlReport;
import dev.minewatch.output.OutputTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minewatch report}: a page to look at. */
@Command(name = "report",
        description = "Writes a self-contained HTML page (no script, nothing fetched when viewed) about the alerts of "
            + "ALERTS (JSON Lines files written by detect): alerts per detection and per identity, the "
            + "identities with the highest total risk, and for each identity detection 5 flagged a chart of "
            + "its instances launched per hour over the week before, from the baselines' hourly counts, "
            + "against the upper bound.",
        mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {

    @Mixin
    BaselinesOption baselines;

    @Option(names = "--html", paramLabel = "FILE", required = true, description = "The page to write.")
    Path html;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "minewatch: cloud cryptomining alerts",
            description = "The page's title. Default: ${DEFAULT-VALUE}")
    String title;

    @Parameters(paramLabel = "ALERTS", arity = "1..*", description = "Alert files (JSON Lines).")
    List<Path> alertFiles;

    @Override
    public Integer call() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> alerts = new ArrayList<>();
        for (Path file : alertFiles) {
            int line = 0;
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    alerts.add(json.readTree(text));
                } catch (IOException e) {
                    throw new UserError(file + ":" + line + ": not an alert (JSON): " + e.getMessage().lines()
                            .findFirst().orElse(""));
                }
            }
        }
        List<HourlyCount> history = baselines.load().history();
        try (OutputTarget target = OutputTarget.of(html)) {
            target.stream().write(new HtmlReport(alerts, history).render(title).getBytes(StandardCharsets.UTF_8));
            target.commit();
        }
        Log.info("report: {} alerts from {} file(s) to {}", alerts.size(), alertFiles.size(), html);
        return Main.OK;
    }
}
