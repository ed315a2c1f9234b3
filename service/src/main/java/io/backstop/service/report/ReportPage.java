package io.backstop.service.report;

import io.backstop.proto.v1.Provenance;
import java.util.List;

/**
 * The frame every report shares: head and inline style, sections, tables, figures, and the
 * provenance footer. The output is polyglot HTML (every element closed, only XML's five entities)
 * so that it also parses as XML, which is how the tests read it.
 */
final class ReportPage {
  private static final String STYLE =
      """
      :root { --ink: #1f2933; --muted: #6b7785; --rule: #d9dee4; --accent: #1d4e89;
        --alert: #b42318; --bg-soft: #f5f7fa; }
      * { box-sizing: border-box; }
      html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: var(--ink);
        font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
        background: #fff; }
      header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
      header h1 { margin: 0; font-size: 24px; }
      header .sub { color: var(--muted); margin-top: 4px; }
      h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px;
        border-bottom: 1px solid var(--rule); color: var(--accent); }
      h3 { font-size: 15px; margin: 16px 0 6px; }
      .grid { display: flex; flex-wrap: wrap; gap: 24px; }
      .grid > * { flex: 1 1 320px; min-width: 0; }
      table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
      th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: right;
        vertical-align: top; }
      th:first-child, td:first-child { text-align: left; }
      thead th { background: var(--bg-soft); font-weight: 600; border-bottom: 2px solid var(--rule); }
      tbody th { font-weight: normal; }
      tr.total td, tr.total th { font-weight: 700; border-top: 2px solid var(--ink); }
      td.num, td.usd { font-variant-numeric: tabular-nums; white-space: nowrap; }
      .kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
      .kpi { flex: 1 1 160px; background: var(--bg-soft); border-left: 4px solid var(--accent);
        padding: 8px 12px; }
      .kpi .label { color: var(--muted); font-size: 12px; }
      .kpi .value { font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; }
      .kpi.alert { border-left-color: var(--alert); }
      .kpi.alert .value { color: var(--alert); }
      figure { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
      figure svg { display: block; width: 100%; height: auto; max-width: 100%; }
      figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
      .note { color: var(--muted); font-style: italic; }
      .runaway { color: var(--alert); font-weight: 700; }
      .scroll { overflow-x: auto; }
      footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--rule);
        color: var(--muted); font-size: 12px; }
      footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
      footer dt { font-weight: 600; }
      footer dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace;
        word-break: break-all; }
      @page { size: A4; margin: 14mm; }
      @media print {
        body { max-width: none; padding: 0; font-size: 11px; }
        h2 { break-after: avoid; page-break-after: avoid; }
        table, .kpis, figure { break-inside: avoid; page-break-inside: avoid; }
        .scroll { overflow: visible; }
      }
      """;

  private final StringBuilder html = new StringBuilder(256 * 1024);

  /** Starts the document with {@code title} (escaped here) and a header line under it. */
  ReportPage(String title, String subtitle) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>")
        .append(Html.escape(title))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<header><h1>")
        .append(Html.escape(title))
        .append("</h1><div class=\"sub\">")
        .append(Html.escape(subtitle))
        .append("</div></header>\n");
  }

  ReportPage section(String id, String heading) {
    html.append("<section id=\"").append(Html.escape(id)).append("\">\n<h2>");
    html.append(Html.escape(heading)).append("</h2>\n");
    return this;
  }

  ReportPage endSection() {
    html.append("</section>\n");
    return this;
  }

  ReportPage heading3(String text) {
    html.append("<h3>").append(Html.escape(text)).append("</h3>\n");
    return this;
  }

  ReportPage paragraph(String cssClass, String text) {
    html.append("<p class=\"").append(cssClass).append("\">").append(Html.escape(text));
    html.append("</p>\n");
    return this;
  }

  /** Appends markup built by the caller; every text in it must already be escaped. */
  ReportPage raw(String markup) {
    html.append(markup);
    return this;
  }

  /** A key figure; {@code alert} draws it in red. */
  ReportPage kpi(String label, String value, boolean alert) {
    html.append("<div class=\"kpi")
        .append(alert ? " alert" : "")
        .append("\"><div class=\"label\">")
        .append(Html.escape(label))
        .append("</div><div class=\"value\">")
        .append(Html.escape(value))
        .append("</div></div>");
    return this;
  }

  ReportPage openKpis() {
    html.append("<div class=\"kpis\">");
    return this;
  }

  ReportPage closeKpis() {
    html.append("</div>\n");
    return this;
  }

  /** A chart with its caption, the SVG inline. */
  ReportPage figure(String svg, String caption) {
    html.append("<figure>\n").append(svg).append("\n<figcaption>");
    html.append(Html.escape(caption)).append("</figcaption>\n</figure>\n");
    return this;
  }

  /**
   * A two-column table of labelled figures; each row carries {@code data-field} so tests and
   * scripts can find a figure without reading the layout.
   */
  ReportPage fieldTable(String caption, List<String[]> rows) {
    html.append("<table class=\"fields\"><thead><tr><th colspan=\"2\">");
    html.append(Html.escape(caption)).append("</th></tr></thead><tbody>\n");
    for (String[] row : rows) {
      html.append("<tr data-field=\"").append(Html.escape(row[0])).append("\"");
      if (row.length > 3 && "total".equals(row[3])) {
        html.append(" class=\"total\"");
      }
      html.append("><th>").append(Html.escape(row[1])).append("</th><td class=\"num\">");
      html.append(Html.escape(row[2])).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    return this;
  }

  ReportPage openGrid() {
    html.append("<div class=\"grid\">\n");
    return this;
  }

  ReportPage closeGrid() {
    html.append("</div>\n");
    return this;
  }

  /** The provenance footer, then the end of the document; returns the whole page. */
  String finish(Provenance p, String command) {
    html.append("<footer>\n<div>Produced by <code>")
        .append(Html.escape(command))
        .append("</code> from the response message; the same request and seed give the same")
        .append(" figures.</div>\n<dl>\n");
    dd("Model version", p.getModelVersion());
    if (!p.getQuoteId().isEmpty()) {
      dd("Quote id", p.getQuoteId());
    }
    dd("Seed", Long.toUnsignedString(p.getSeed()));
    if (p.getScenarios() > 0) {
      dd("Scenarios", String.format(java.util.Locale.ROOT, "%,d", p.getScenarios()));
    }
    if (p.getHorizonHours() > 0) {
      dd(
          "Horizon / step",
          Html.fixed(p.getHorizonHours(), 1)
              + " h / "
              + Html.fixed(p.getStepMinutes(), 1)
              + " min");
    }
    dd("Request SHA-256", p.getRequestSha256());
    dd("Computation time", p.getElapsedMillis() + " ms");
    html.append("</dl>\n</footer>\n</body>\n</html>\n");
    return html.toString();
  }

  private void dd(String term, String value) {
    html.append("<dt>")
        .append(Html.escape(term))
        .append("</dt><dd data-field=\"")
        .append(Html.escape(term.toLowerCase(java.util.Locale.ROOT).replace(' ', '-')))
        .append("\">")
        .append(Html.escape(value))
        .append("</dd>\n");
  }
}
