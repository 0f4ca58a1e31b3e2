package dev.minewatch.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minewatch.baseline.HourlyCount;
import dev.minewatch.normalize.EventTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML page about a set of alerts: no script, no network at view time, charts drawn as inline
 * SVG here. It shows the alerts per detection and per identity, the identities with the highest total risk, and
 * for each identity detection 5 flagged, its instances launched per hour against the model's upper bound.
 * Every value from the alerts is HTML-escaped.
 */
public final class HtmlReport {

    private static final long DAY = 86_400;
    private final List<JsonNode> alerts;
    private final List<HourlyCount> history;

    /** @param history the hourly launch counts of the baselines (may be empty) */
    public HtmlReport(List<JsonNode> alerts, List<HourlyCount> history) {
        this.alerts = alerts;
        this.history = history;
    }

    public String render(String title) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;"
                        + "text-align:left;vertical-align:top}th{background:#f3f3f3}.n{text-align:right}"
                        + "h2{margin-top:1.6em}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(alerts.size()).append(" alerts</p>\n");

        Map<String, Integer> perDetection = new TreeMap<>();
        Map<String, int[]> perUser = new TreeMap<>(); // alerts, total risk
        for (JsonNode a : alerts) {
            perDetection.merge(a.path("detection").asText(), 1, Integer::sum);
            int[] u = perUser.computeIfAbsent(a.path("user").asText(), k -> new int[2]);
            u[0]++;
            if (!a.has("contributing_alerts")) { // a correlation's risk is its parts'; count them once
                u[1] += a.path("risk_score").asInt();
            }
        }
        h.append("<h2>Alerts per detection</h2>\n").append(bars(perDetection));
        h.append("<h2>Identities by total risk</h2>\n<table><tr><th>identity</th><th class=n>alerts</th>"
                + "<th class=n>total risk (correlations not counted twice)</th></tr>\n");
        perUser.entrySet().stream().sorted(Comparator.comparing((Map.Entry<String, int[]> e) -> -e.getValue()[1])
                .thenComparing(Map.Entry::getKey)).forEach(e -> h.append("<tr><td>").append(esc(e.getKey()))
                .append("</td><td class=n>").append(e.getValue()[0]).append("</td><td class=n>")
                .append(e.getValue()[1]).append("</td></tr>\n"));
        h.append("</table>\n");

        h.append("<h2>Instances launched per hour (detection 5)</h2>\n");
        boolean any = false;
        for (JsonNode a : alerts) {
            if (a.has("instances_launched")) {
                any = true;
                h.append("<h3>").append(esc(a.path("user").asText())).append(", ").append(esc(a.path("hour").asText()))
                        .append("</h3>\n").append(launchChart(a));
            }
        }
        if (!any) {
            h.append("<p>No abnormal hour.</p>\n");
        }
        h.append("<h2>Alerts</h2>\n<table><tr><th>time</th><th>detection</th><th>identity</th><th>region</th>"
                + "<th class=n>risk</th><th>explanation</th></tr>\n");
        for (JsonNode a : alerts) {
            h.append("<tr><td>").append(esc(a.path("time").asText())).append("</td><td>")
                    .append(esc(a.path("detection").asText())).append("</td><td>").append(esc(a.path("user").asText()))
                    .append("</td><td>").append(esc(a.path("region").asText())).append("</td><td class=n>")
                    .append(a.path("risk_score").asInt()).append("</td><td>")
                    .append(esc(a.path("explanation").asText(a.path("message").asText()))).append("</td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    /** Horizontal bars, one per key. */
    private static String bars(Map<String, Integer> counts) {
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int row = 24;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg role=\"img\" aria-label=\"alerts per detection\" width=\"820\" height=\"%d\">",
                counts.size() * row + 10));
        int y = 5;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int width = (int) Math.round(300.0 * e.getValue() / max);
            s.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"12\">%s</text>", y + 15,
                    esc(e.getKey())));
            s.append(String.format(Locale.ROOT, "<rect x=\"480\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"#c0392b\"/>",
                    y + 2, width));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%d</text>", 486 + width,
                    y + 15, e.getValue()));
            y += row;
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * The identity's instances per active hour over the 7 days before the flagged hour (from the baselines'
     * hourly counts), the flagged hour in red, and the upper bound as a dashed line.
     */
    private String launchChart(JsonNode alert) {
        String user = alert.path("user").asText();
        long hour = EventTimes.parseEpochSecond(alert.path("hour").asText());
        double bound = alert.path("expected_upper_threshold").asDouble();
        Map<Long, Long> counts = new TreeMap<>();
        for (HourlyCount c : history) {
            if (c.user().equals(user) && c.hourStart() >= hour - 7 * DAY && c.hourStart() < hour) {
                counts.merge(c.hourStart(), c.instances(), Long::sum);
            }
        }
        counts.put(hour, alert.path("instances_launched").asLong());
        int width = 760;
        int height = 220;
        int left = 40;
        int bottom = 190;
        double max = Math.max(bound, counts.values().stream().mapToLong(Long::longValue).max().orElse(1)) * 1.1;
        long from = hour - 7 * DAY;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg role=\"img\" aria-label=\"instances per"
                + " hour of %s\" class=\"launch-chart\" width=\"%d\" height=\"%d\">", esc(user), width + left, height));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left,
                bottom, left + width, bottom));
        List<String> bars = new ArrayList<>();
        for (Map.Entry<Long, Long> c : counts.entrySet()) {
            double x = left + (double) (c.getKey() - from) / (7 * DAY + 3600) * width;
            double h = c.getValue() / max * (bottom - 10);
            bars.add(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"4\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: %d instances</title></rect>", x, bottom - h, h,
                    c.getKey() == hour ? "#c0392b" : "#2c7fb8", EventTimes.iso(c.getKey()), c.getValue()));
        }
        bars.forEach(s::append);
        double y = bottom - bound / max * (bottom - 10);
        s.append(String.format(Locale.ROOT, "<line class=\"upper-bound\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                + " stroke=\"#e67e22\" stroke-dasharray=\"6 4\"/>", left, y, left + width, y));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#e67e22\">upper bound"
                + " %.1f</text>", left + 4, y - 4, bound));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", left, bottom + 16,
                EventTimes.iso(from).substring(0, 10)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                left + width, bottom + 16, EventTimes.iso(hour)));
        s.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"20\" font-size=\"11\">%.0f</text>", max));
        return s.append("</svg>\n").toString();
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
