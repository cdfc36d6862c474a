package io.veritrace.runtime.simulation;

import io.veritrace.reasoners.simulated.Judgement;
import io.veritrace.runtime.simulation.SimulationReport.ArmSummary;
import io.veritrace.runtime.simulation.SimulationReport.ErrorRow;
import io.veritrace.runtime.simulation.SimulationReport.ScenarioRow;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report's charts (XChart), written as PNG files and embedded in one self-contained HTML page
 * beside the JSON they are drawn from.
 */
public final class ReportCharts {

  public static final int WIDTH = 1100;
  public static final int HEIGHT = 600;
  /** Series colours of the two arms, kept apart from every other colour on the charts. */
  public static final Color UNCHECKED = new Color(214, 39, 40);
  public static final Color CHECKED = new Color(31, 119, 180);

  private static final Map<Judgement, Color> JUDGEMENT_COLOURS = Map.of(
      Judgement.CORRECT_ANSWER, new Color(44, 160, 44),
      Judgement.WRONG_ANSWER_SERVED, new Color(200, 30, 30),
      Judgement.RIGHT_ABSTENTION, new Color(70, 130, 220),
      Judgement.OTHER_ABSTENTION, new Color(160, 200, 240),
      Judgement.NEEDLESS_ABSTENTION, new Color(255, 160, 40),
      Judgement.UNANSWERABLE_ANSWERED, new Color(120, 20, 60));

  private ReportCharts() {}

  /** The charts of {@code r}, by file name (without {@code .png}), in page order. */
  public static Map<String, CategoryChart> charts(SimulationReport r) {
    Map<String, CategoryChart> out = new LinkedHashMap<>();
    out.put("wrong-served", wrongServed(r));
    out.put("error-classes", errorClasses(r));
    out.put("outcomes-checked", outcomes(r, "checked", "with verification"));
    out.put("outcomes-unchecked", outcomes(r, "unchecked", "without verification"));
    out.put("latency", latency(r));
    return out;
  }

  /** The x labels of the wrong-served chart: every scenario class of the run, then all turns. */
  public static List<String> scenarioLabels(SimulationReport r) {
    List<String> x = new ArrayList<>(r.scenarios().stream().map(s -> label(s.kind().name())).toList());
    x.add("all turns");
    return x;
  }

  /** Percent of turns served wrong per scenario class, per arm, in {@link #scenarioLabels} order. */
  public static List<Double> wrongServedPercent(SimulationReport r, String arm) {
    List<Double> y = new ArrayList<>();
    for (ScenarioRow s : r.scenarios()) y.add(100 * (arm.equals("checked") ? s.checkedWrongRate() : s.uncheckedWrongRate()));
    y.add(100 * r.arms().get(arm).wrongServedRate());
    return y;
  }

  private static CategoryChart wrongServed(SimulationReport r) {
    CategoryChart c = chart("Turns served a wrong answer (or an answer to an unanswerable question)", "scenario class", "% of turns");
    c.addSeries("without verification", scenarioLabels(r), wrongServedPercent(r, "unchecked")).setFillColor(UNCHECKED);
    c.addSeries("with verification", scenarioLabels(r), wrongServedPercent(r, "checked")).setFillColor(CHECKED);
    return c;
  }

  private static CategoryChart errorClasses(SimulationReport r) {
    CategoryChart c = chart("First-proposal mistakes by class, and what the checked arm served (* = no surface trace)",
        "mistake class", "turns");
    c.getStyler().setStacked(true);
    List<ErrorRow> rows = r.errors().stream().filter(e -> e.made() > 0 && !e.kind().equals(SimulationReport.NO_MISTAKE)).toList();
    List<String> x = rows.stream().map(e -> label(e.kind()) + (e.surfaceTrace() ? "" : "*")).toList();
    if (x.isEmpty()) x = List.of("no mistakes");
    c.addSeries("served wrong", x, values(rows, ErrorRow::checkedWrong)).setFillColor(JUDGEMENT_COLOURS.get(Judgement.WRONG_ANSWER_SERVED));
    c.addSeries("caught: asked or refused", x, values(rows, ErrorRow::checkedAbstained)).setFillColor(JUDGEMENT_COLOURS.get(Judgement.RIGHT_ABSTENTION));
    c.addSeries("caught and fixed, or harmless", x, values(rows, ErrorRow::checkedCorrect)).setFillColor(JUDGEMENT_COLOURS.get(Judgement.CORRECT_ANSWER));
    return c;
  }

  private static List<Integer> values(List<ErrorRow> rows, java.util.function.ToIntFunction<ErrorRow> f) {
    return rows.isEmpty() ? List.of(0) : rows.stream().map(f::applyAsInt).toList();
  }

  private static CategoryChart outcomes(SimulationReport r, String arm, String title) {
    CategoryChart c = chart("Outcome of each turn " + title + ", by scenario class", "scenario class", "turns");
    c.getStyler().setStacked(true);
    List<String> x = r.scenarios().stream().map(s -> label(s.kind().name())).toList();
    for (Judgement j : Judgement.values()) {
      List<Integer> y = r.scenarios().stream().map(s -> (arm.equals("checked") ? s.checked() : s.unchecked()).get(j)).toList();
      c.addSeries(label(j.name()), x, y).setFillColor(JUDGEMENT_COLOURS.get(j));
    }
    return c;
  }

  private static CategoryChart latency(SimulationReport r) {
    ArmSummary u = r.arms().get("unchecked");
    ArmSummary k = r.arms().get("checked");
    CategoryChart c = chart(String.format(Locale.ROOT, "Service time per turn at concurrency %d (p50: %.3f ms without, %.3f ms with verification)",
        r.concurrency(), u.latency().p50Ms(), k.latency().p50Ms()), "milliseconds (bin from)", "turns");
    List<String> x = SimulationReport.BIN_EDGES_MS.stream().map(e -> e < 1 ? String.valueOf(e) : String.format(Locale.ROOT, "%.0f", e)).toList();
    c.addSeries("without verification", x, u.latency().histogram()).setFillColor(UNCHECKED);
    c.addSeries("with verification", x, k.latency().histogram()).setFillColor(CHECKED);
    return c;
  }

  private static CategoryChart chart(String title, String xTitle, String yTitle) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler s = c.getStyler();
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setOverlapped(false);
    return c;
  }

  private static String label(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /**
   * Writes {@code report.json}, one PNG a chart and {@code report.html} (charts embedded) into
   * {@code dir}; returns the page.
   */
  public static Path write(SimulationReport r, Path dir) throws IOException {
    Files.createDirectories(dir);
    r.write(dir.resolve("report.json"));
    StringBuilder images = new StringBuilder();
    for (Map.Entry<String, CategoryChart> e : charts(r).entrySet()) {
      byte[] png = BitmapEncoder.getBitmapBytes(e.getValue(), BitmapEncoder.BitmapFormat.PNG);
      Files.write(dir.resolve(e.getKey() + ".png"), png);
      images.append("<figure><img alt=\"").append(html(e.getValue().getTitle())).append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(e.getKey()).append(".png</figcaption></figure>\n");
    }
    Path page = dir.resolve("report.html");
    Files.writeString(page, page(r, images.toString()), StandardCharsets.UTF_8);
    return page;
  }

  private static String page(SimulationReport r, String images) {
    ArmSummary u = r.arms().get("unchecked");
    ArmSummary k = r.arms().get("checked");
    StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Veritrace simulation, seed ")
        .append(r.seed()).append("</title>\n<style>body{font-family:sans-serif;max-width:1150px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
            + "td:first-child,th:first-child,td.why{text-align:left}img{max-width:100%}figure{margin:1.5em 0}</style></head><body>\n");
    h.append("<h1>Veritrace simulation</h1>\n<p>").append(r.sessions()).append(" sessions (").append(r.turns()).append(" turns), seed ")
        .append(r.seed()).append(", driver ").append(html(r.driver())).append(", concurrency ").append(r.concurrency())
        .append(". Both arms ran the same sessions with the same simulated reasoner; the unchecked arm serves its first proposal.</p>\n");
    h.append("<table><tr><th></th><th>without verification</th><th>with verification</th></tr>\n");
    for (Judgement j : Judgement.values()) row(h, label(j.name()), u.judgements().get(j), k.judgements().get(j));
    row(h, "wrong served, % of turns", pct(u.wrongServedRate()), pct(k.wrongServedRate()));
    row(h, "needless clarify / refuse, % of answerable turns", pct(r.overRefusal().uncheckedRate()), pct(r.overRefusal().checkedRate()));
    row(h, "clarifications naming the missing piece (of " + r.clarifications().expected() + ")",
        r.clarifications().uncheckedNamed(), r.clarifications().checkedNamed());
    row(h, "rounds per turn (mean)", u.meanRounds(), k.meanRounds());
    row(h, "latency p50 / p99 (ms)", u.latency().p50Ms() + " / " + u.latency().p99Ms(), k.latency().p50Ms() + " / " + k.latency().p99Ms());
    row(h, "sessions/s at concurrency " + r.concurrency(), u.throughput().sessionsPerSecond(), k.throughput().sessionsPerSecond());
    h.append("</table>\n<h2>Mistakes by class</h2>\n<table><tr><th>class</th><th>surface trace</th><th>made</th>"
        + "<th>served wrong without</th><th>served wrong with</th><th>caught: asked / refused</th><th>answered right</th><th>why</th></tr>\n");
    for (ErrorRow e : r.errors()) {
      h.append("<tr><td>").append(label(e.kind())).append("</td><td>").append(e.surfaceTrace() ? "yes" : "no").append("</td><td>")
          .append(e.made()).append("</td><td>").append(e.uncheckedWrong()).append("</td><td>").append(e.checkedWrong()).append("</td><td>")
          .append(e.checkedAbstained()).append("</td><td>").append(e.checkedCorrect()).append("</td><td class=\"why\">")
          .append(html(e.why())).append("</td></tr>\n");
    }
    h.append("</table>\n").append(images).append("</body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String label, Object a, Object b) {
    h.append("<tr><td>").append(html(label)).append("</td><td>").append(a).append("</td><td>").append(b).append("</td></tr>\n");
  }

  private static String pct(double rate) {
    return String.format(Locale.ROOT, "%.2f", 100 * rate);
  }

  private static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
