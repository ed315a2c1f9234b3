package io.backstop.service.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report documents: self-contained, well formed, and showing the response's figures. */
class ReportDocumentTest {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";
  private static final List<String> IDS = List.of("WETH", "WBTC", "USDC");

  private static String quote(boolean runaway) {
    return Reports.quote(
        ReportFixtures.quoteRequest("aave-v3 & co", IDS),
        ReportFixtures.quoteResponse(IDS, runaway));
  }

  private static String stress(int rounds) {
    return Reports.stress(
        ReportFixtures.stressRequest("aave-v3", IDS),
        ReportFixtures.stressResponse(IDS, rounds, false));
  }

  @Test
  void everySvgParsesAsSvgWithATitleAndDrawnContent() throws Exception {
    for (String html : List.of(quote(false), stress(5))) {
      List<String> svgs = ReportXml.svgs(html);
      assertTrue(svgs.size() >= 3, "charts in the page: " + svgs.size());
      for (String svg : svgs) {
        Document doc = ReportXml.parse(svg, true);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG_NS, root.getNamespaceURI());
        assertFalse(root.getAttribute("viewBox").isEmpty(), "scalable: has a viewBox");
        String id = root.getAttribute("id");
        assertFalse(
            doc.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent().isBlank(),
            id + " has a title");
        // A drawn chart has axes, ticks and data: dozens of shapes and several labels.
        int shapes =
            doc.getElementsByTagNameNS(SVG_NS, "path").getLength()
                + doc.getElementsByTagNameNS(SVG_NS, "line").getLength()
                + doc.getElementsByTagNameNS(SVG_NS, "rect").getLength();
        assertTrue(shapes > 20, id + " shapes: " + shapes);
        assertTrue(doc.getElementsByTagNameNS(SVG_NS, "text").getLength() >= 4, id + " labels");
      }
    }
  }

  @Test
  void wholePageIsWellFormedAndChartIdsAreUnique() throws Exception {
    String html = quote(false);
    Document doc = ReportXml.parse(html, false);
    assertEquals("html", doc.getDocumentElement().getTagName());
    // Each SVG's clip paths are prefixed with its id, so no two charts share a definition.
    NodeList ids = ReportXml.nodes(doc, "//*[@id]");
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < ids.getLength(); i++) {
      String id = ((Element) ids.item(i)).getAttribute("id");
      assertTrue(seen.add(id), "duplicate id " + id);
    }
  }

  @Test
  void exceedanceChartIsLabelledWithAttachmentAndLimit() throws Exception {
    String svg =
        ReportXml.svgs(quote(false)).stream()
            .filter(s -> s.contains("id='chart-exceedance'"))
            .findFirst()
            .orElseThrow();
    Document doc = ReportXml.parse(svg, true);
    StringBuilder texts = new StringBuilder();
    NodeList t = doc.getElementsByTagNameNS(SVG_NS, "text");
    for (int i = 0; i < t.getLength(); i++) {
      texts.append(t.item(i).getTextContent()).append('|');
    }
    // Attachment $1M and limit $9M: the layer is used up at $10M.
    assertTrue(texts.toString().contains("attachment $1M"), texts.toString());
    assertTrue(texts.toString().contains("limit used up at $10M"), texts.toString());
    assertTrue(texts.toString().contains("P(loss > x)"), texts.toString());
  }

  @Test
  void nothingIsFetchedFromTheNetwork() {
    for (String html : List.of(quote(false), quote(true), stress(3))) {
      Matcher m = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+[^'\"\\s<>)]*").matcher(html);
      while (m.find()) {
        String url = m.group();
        assertTrue(
            url.equals("http://www.w3.org/2000/svg")
                || url.equals("http://www.w3.org/1999/xlink")
                || url.equals("http://www.jfree.org/jfreesvg/svg"),
            "only namespace names may look like URLs: " + url);
      }
      assertFalse(html.contains("<script"), "no script");
      assertFalse(html.contains("<link"), "no linked style sheet or font");
      assertFalse(html.contains("@import"), "no imported style sheet");
      assertFalse(html.contains("<img"), "no image reference");
    }
  }

  @Test
  void premiumTableShowsTheResponsesFigures() throws Exception {
    var response = ReportFixtures.quoteResponse(IDS, false);
    Document doc = ReportXml.parse(quote(false), false);
    var p = response.getPremium();
    assertEquals(Html.usd(p.getPremiumUsd()), field(doc, "premium_usd"));
    assertEquals("$123,457", field(doc, "premium_usd"));
    assertEquals(Html.usd(p.getExpectedLossUsd()), field(doc, "expected_loss_usd"));
    assertEquals(Html.usd(p.getRiskLoadUsd()), field(doc, "risk_load_usd"));
    assertEquals(Html.usd(p.getExpenseLoadUsd()), field(doc, "expense_load_usd"));
    assertEquals("1.372%", field(doc, "rate_on_line"));
    assertEquals("± $9,876", field(doc, "premium_std_error_usd"));
    assertEquals("$1,000,000", field(doc, "attachment_usd"));
    assertEquals("$9,000,000", field(doc, "limit_usd"));
    assertEquals(response.getProvenance().getRequestSha256(), footer(doc, "request-sha-256"));
    assertEquals("20261124", footer(doc, "seed"));
    assertEquals("0.1.0", footer(doc, "model-version"));
  }

  @Test
  void collateralTableHasOneRowPerAssetWithCalmAndVolatileLtv() throws Exception {
    Document doc = ReportXml.parse(quote(false), false);
    NodeList rows = ReportXml.nodes(doc, "//table[@class='collateral']/tbody/tr");
    assertEquals(IDS.size(), rows.getLength());
    for (int i = 0; i < IDS.size(); i++) {
      String row = "//table[@class='collateral']/tbody/tr[" + (i + 1) + "]";
      assertEquals(IDS.get(i), ReportXml.text(doc, row + "/@data-asset"));
      assertEquals("87.7%", ReportXml.text(doc, row + "/td[@data-field='calm-max-ltv']"));
      assertEquals("43.2%", ReportXml.text(doc, row + "/td[@data-field='volatile-max-ltv']"));
      assertEquals("80.0%", ReportXml.text(doc, row + "/td[@data-field='base-max-ltv']"));
    }
  }

  @Test
  void anAssetNotAcceptedAsCollateralIsNamedInANote() throws Exception {
    var response = ReportFixtures.quoteResponse(IDS, false);
    String none =
        ReportXml.text(
            ReportXml.parse(quote(false), false), "count(//p[contains(@class,'not-accepted')])");
    assertEquals("0", none);
    var thin =
        response.getCollateral(1).toBuilder()
            .setMaxLtv(0)
            .setLiquidationThreshold(0)
            .setLiquidationBonus(1)
            .setCollateralRatio(Double.POSITIVE_INFINITY)
            .build();
    String page =
        Reports.quote(
            ReportFixtures.quoteRequest("aave-v3", IDS),
            response.toBuilder().setCollateral(1, thin).build());
    Document doc = ReportXml.parse(page, false);
    assertEquals(
        "Not acceptable as collateral (max LTV 0): WBTC. The haircut takes the whole value, or the"
            + " liquidator would need a bonus of 100% or more (shown at that cap).",
        ReportXml.text(doc, "//p[contains(@class,'not-accepted')]"));
    assertEquals(
        "100.0%",
        ReportXml.text(
            doc, "//table[@class='collateral']/tbody/tr[2]/td[@data-field='base-bonus']"));
  }

  @Test
  void stressReportHasOneRowPerRound() throws Exception {
    Document doc = ReportXml.parse(stress(6), false);
    NodeList rows = ReportXml.nodes(doc, "//table[@class='rounds']/tbody/tr");
    assertEquals(6, rows.getLength());
    for (int k = 0; k < 6; k++) {
      assertEquals(String.valueOf(k), ((Element) rows.item(k)).getAttribute("data-round"));
    }
    // Round 2 liquidates 10,000,000 / 2.
    assertEquals(
        "$5,000,000",
        ReportXml.text(doc, "//tr[@data-round='2']/td[@data-field='liquidated_usd']"));
    assertTrue(ReportXml.svgs(stress(6)).stream().anyMatch(s -> s.contains("chart-stress-prices")));
  }

  @Test
  void amplificationIsAHeatMapOrANoteWhenRunaway() {
    assertTrue(quote(false).contains("id='chart-amplification'"));
    String runaway = quote(true);
    assertFalse(runaway.contains("id='chart-amplification'"));
    assertTrue(runaway.contains("No amplification matrix"));
    assertTrue(runaway.contains("(runaway)"));
  }

  @Test
  void textFromTheRequestIsEscaped() throws Exception {
    List<String> hostile = List.of(ReportFixtures.HOSTILE_ID, "B\"&'");
    String quote =
        Reports.quote(
            ReportFixtures.quoteRequest("</title><script>x()</script>", hostile),
            ReportFixtures.quoteResponse(hostile, false));
    String stress =
        Reports.stress(
            ReportFixtures.stressRequest("p<b>", hostile),
            ReportFixtures.stressResponse(hostile, 3, false));
    for (String html : List.of(quote, stress)) {
      assertFalse(html.contains("<script"), "a request's text never becomes markup");
      assertFalse(html.contains("<b>"));
      assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
      // Still one well-formed document whose cells hold the text as given.
      ReportXml.parse(html, false);
    }
    Document doc = ReportXml.parse(quote, false);
    assertEquals(
        ReportFixtures.HOSTILE_ID,
        ReportXml.text(doc, "//table[@class='collateral']/tbody/tr[1]/th"));
    assertEquals("Cover quote — </title><script>x()</script>", ReportXml.text(doc, "//h1"));
  }

  @Test
  void emptyTailGivesANoteNotABrokenChart() throws Exception {
    var response =
        ReportFixtures.quoteResponse(IDS, false).toBuilder()
            .setTailLoss(
                io.backstop.proto.v1.TailLoss.newBuilder()
                    .setScenarios(100)
                    .addExceedance(
                        io.backstop.proto.v1.ExceedancePoint.newBuilder().setLossUsd(1e6)))
            .build();
    String html = Reports.quote(ReportFixtures.quoteRequest("p", IDS), response);
    assertTrue(html.contains("nothing to draw"));
    ReportXml.parse(html, false);
  }

  @Test
  void writeReplacesTheFileWhole(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/report.html");
    Reports.write(file, "<!DOCTYPE html><html></html>");
    Reports.write(file, quote(false));
    assertEquals(quote(false), Files.readString(file));
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file left behind");
    }
  }

  private static String field(Document doc, String name) throws Exception {
    return ReportXml.text(doc, "//tr[@data-field='" + name + "']/td");
  }

  private static String footer(Document doc, String name) throws Exception {
    return ReportXml.text(doc, "//footer//dd[@data-field='" + name + "']");
  }
}
