package io.veritrace.runtime.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.reasoners.simulated.Script;
import io.veritrace.reasoners.simulated.Scripts;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.http.ApiSettings;
import io.veritrace.runtime.http.ChatServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;

/** The simulator end to end: both drivers on a real actor system, a real server on loopback, real files. */
class SimulationTest {

  @TempDir Path tmp;

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static Config config() {
    return ConfigFactory.parseString("pekko.actor.serialize-messages = on\nveritrace.http.port = 0")
        .withFallback(ConfigFactory.load()).resolve();
  }

  private static SimulationReport inProcess(List<Script> scripts, long seed, int concurrency) throws Exception {
    SimulatedReasoner reasoner = new SimulatedReasoner(Scripts.tasks(scripts), SimulationProfile.DEFAULT, seed);
    ScriptRunner.ArmRun unchecked = ScriptRunner.run(scripts, new UncheckedArm(reasoner), concurrency, "u-", reasoner::mistakeOf, QUIET);
    try (Veritrace node = Nodes.start(Settings.from(config()), reasoner, null)) {
      ScriptRunner.ArmRun checked = ScriptRunner.run(scripts, new LoopArm(node), concurrency, "c-", reasoner::mistakeOf, QUIET);
      return SimulationReport.of(seed, "in-process", SimulationProfile.DEFAULT, unchecked, checked);
    }
  }

  @Test
  void theSameSeedGivesTheSameNumbersAndAnotherSeedOtherSessions() throws Exception {
    List<Script> a = Scripts.generate(60, 5);
    SimulationReport first = inProcess(a, 5, 4);
    SimulationReport again = inProcess(Scripts.generate(60, 5), 5, 8);
    assertEquals(first.numbers().arms(), again.numbers().arms(), "concurrency changes timings only");
    assertEquals(first.numbers().scenarios(), again.numbers().scenarios());
    assertEquals(first.numbers().errors(), again.numbers().errors());
    List<Script> b = Scripts.generate(60, 6);
    assertNotEquals(a.stream().map(s -> s.turns().get(0).user()).toList(), b.stream().map(s -> s.turns().get(0).user()).toList());
    SimulationReport other = inProcess(b, 6, 4);
    assertNotEquals(first.numbers().errors(), other.numbers().errors());
    // the fallible reasoner serves wrong answers unchecked; the class of each is known
    assertTrue(first.arms().get("unchecked").wrongServed() > 5, first.arms().toString());
    assertEquals(first.turns(), first.errors().stream().mapToInt(SimulationReport.ErrorRow::made).sum());
  }

  @Test
  void aScenarioFilePlayedOverHttpGetsWhatTheInProcessDriverGets() throws Exception {
    Path file = tmp.resolve("scenarios.jsonl");
    Scripts.write(file, Scripts.generate(33, 3));
    List<Script> scripts = Scripts.read(file);
    assertTrue(scripts.stream().anyMatch(s -> s.turns().size() > 1), "multi-turn sessions included");
    SimulatedReasoner local = new SimulatedReasoner(Scripts.tasks(scripts), SimulationProfile.DEFAULT, 3);
    Config config = config();
    List<ScriptRunner.TurnRecord> viaHttp;
    List<ScriptRunner.TurnRecord> direct;
    try (Veritrace node = Nodes.start(Settings.from(config), new SimulatedReasoner(Scripts.tasks(Scripts.read(file)), SimulationProfile.DEFAULT, 3), null);
        ChatServer server = ChatServer.start(node, ApiSettings.from(config))) {
      URI base = URI.create("http://127.0.0.1:" + server.address().getPort() + "/v1");
      viaHttp = ScriptRunner.run(scripts, new HttpArm(base, Duration.ofSeconds(60), null), 4, "h-", local::mistakeOf, QUIET).turns();
      direct = ScriptRunner.run(scripts, new LoopArm(node), 4, "d-", local::mistakeOf, QUIET).turns();
    }
    assertEquals(direct.size(), viaHttp.size());
    for (int i = 0; i < direct.size(); i++) {
      ScriptRunner.TurnRecord d = direct.get(i);
      ScriptRunner.TurnRecord h = viaHttp.get(i);
      assertEquals(d.outcome() + " " + d.judgement() + " " + d.namesMissing() + " " + d.rounds(),
          h.outcome() + " " + h.judgement() + " " + h.namesMissing() + " " + h.rounds(), "turn " + i + " of " + d.kind());
    }
  }

  @Test
  void theChartsArePicturesOfTheReportsNumbers() throws Exception {
    SimulationReport r = inProcess(Scripts.generate(80, 7), 7, 8);
    Path page = ReportCharts.write(r, tmp.resolve("report"));
    SimulationReport read = SimulationReport.read(tmp.resolve("report").resolve("report.json"));
    assertEquals(r, read, "the JSON holds the report");

    String html = Files.readString(page);
    Matcher embedded = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    List<String> names = new ArrayList<>(ReportCharts.charts(read).keySet());
    int n = 0;
    while (embedded.find()) {
      byte[] png = Base64.getDecoder().decode(embedded.group(1));
      assertArrayEquals(Files.readAllBytes(page.resolveSibling(names.get(n) + ".png")), png, "the page embeds " + names.get(n));
      n++;
    }
    assertEquals(names.size(), n);

    for (String name : names) {
      BufferedImage img = ImageIO.read(page.resolveSibling(name + ".png").toFile());
      assertEquals(ReportCharts.WIDTH, img.getWidth(), name);
      assertEquals(ReportCharts.HEIGHT, img.getHeight(), name);
    }
    // the charts are drawn from the JSON's numbers
    CategoryChart wrong = ReportCharts.charts(read).get("wrong-served");
    for (String arm : List.of("unchecked", "checked")) {
      String series = arm.equals("checked") ? "with verification" : "without verification";
      List<Double> expected = ReportCharts.wrongServedPercent(read, arm);
      List<Double> drawn = wrong.getSeriesMap().get(series).getYData().stream().map(Number::doubleValue).toList();
      assertEquals(expected, drawn, series);
      assertEquals(100 * read.arms().get(arm).wrongServedRate(), expected.get(expected.size() - 1), 1e-9);
    }
    // and the bars on the picture have their heights: the rightmost "all turns" bar against the tallest
    BufferedImage img = ImageIO.read(page.resolveSibling("wrong-served.png").toFile());
    List<Double> unchecked = ReportCharts.wrongServedPercent(read, "unchecked");
    List<int[]> bars = bars(img, ReportCharts.UNCHECKED.getRGB());
    assertTrue(bars.size() >= 2, "bars found: " + bars.size());
    int tallest = bars.stream().mapToInt(b -> b[1]).max().orElseThrow();
    double max = unchecked.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    int allTurns = bars.get(bars.size() - 1)[1];
    double expectedPx = unchecked.get(unchecked.size() - 1) / max * tallest;
    assertEquals(expectedPx, allTurns, 3, "all-turns bar: " + allTurns + " px, tallest " + tallest + " px, values " + unchecked);
  }

  /**
   * The bars of one colour standing on the common baseline, left to right: {x, height in pixels}.
   * The legend's swatch of the same colour does not stand on it and is left out.
   */
  private static List<int[]> bars(BufferedImage img, int rgb) {
    List<int[]> columns = new ArrayList<>(); // x, longest run, bottom of that run
    for (int x = 0; x < img.getWidth(); x++) {
      int best = 0, bottom = -1, run = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
          run++;
          if (run > best) {
            best = run;
            bottom = y;
          }
        } else {
          run = 0;
        }
      }
      if (best > 0) columns.add(new int[] {x, best, bottom});
    }
    List<int[]> ranges = new ArrayList<>(); // x start, height, bottom
    for (int[] c : columns) {
      int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
      if (last != null && c[0] == last[3] + 1) {
        last[1] = Math.max(last[1], c[1]);
        last[2] = Math.max(last[2], c[2]);
        last[3] = c[0];
      } else {
        ranges.add(new int[] {c[0], c[1], c[2], c[0]});
      }
    }
    int baseline = ranges.stream().mapToInt(r -> r[2]).boxed()
        .collect(java.util.stream.Collectors.groupingBy(b -> b, java.util.stream.Collectors.counting()))
        .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    return ranges.stream().filter(r -> Math.abs(r[2] - baseline) <= 1).map(r -> new int[] {r[0], r[1]}).toList();
  }
}
