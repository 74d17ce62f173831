import type { KeyFigure } from "./key-figures.js";
import { REPORT_CSS } from "./report-css.js";

/** A rendered chart as the report embeds it. */
export interface ReportChart {
  /** File-name stem (`wait-cdf`), also the anchor id in the page. */
  name: string;
  /** The chart's title, plain text, for the table of contents. */
  title: string;
  /** What the chart shows, plain text. */
  caption: string;
  /** The SVG markup (from vega, ids already normalized). */
  svg: string;
}

/** What the report page shows. */
export interface ReportPage {
  /** Scenario name (untrusted). */
  scenarioName: string;
  /** Header table rows. */
  figures: readonly KeyFigure[];
  /** Charts in order. */
  charts: readonly ReportChart[];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for HTML element content and quoted attribute values (& < > " '). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Blocks every script and every fetch: the page is static, and even an injected tag could not run
 * or load anything.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * The self-contained report page: inline CSS, inline SVG charts, no scripts, no external
 * resources, no timestamps (the same run gives the same bytes). Every data string is escaped.
 */
export function reportHtml(page: ReportPage): string {
  const name = escapeHtml(page.scenarioName);
  // Each block of the study (Requests, Failures, ...) starts with a heading row.
  const rows = page.figures
    .map((f, i) => {
      const heading = f.section !== undefined && f.section !== page.figures[i - 1]?.section ? `<tr class="block"><th colspan="2" scope="rowgroup">${escapeHtml(f.section)}</th></tr>\n` : "";
      return `${heading}<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`;
    })
    .join("\n");
  const toc = page.charts.map((c) => `<li><a href="#chart-${escapeHtml(c.name)}">${escapeHtml(c.title)}</a></li>`).join("\n");
  const figures = page.charts
    .map(
      (c) =>
        `<section id="chart-${escapeHtml(c.name)}" class="chart-section">\n<figure>\n<div class="chart">${c.svg}</div>\n` +
        `<figcaption>${escapeHtml(c.caption)}</figcaption>\n</figure>\n</section>`,
    )
    .join("\n");
  const noCharts = page.charts.length === 0 ? "\n<section><p>This run has no data to chart.</p></section>" : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gpufleet">
<title>${name} · gpufleet report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<p class="kicker">gpufleet run report</p>
<h1>${name}</h1>
</header>
<section>
<h2>Key figures</h2>
<table class="key">
${rows}
</table>
</section>
${page.charts.length === 0 ? "" : `<section>\n<h2>Charts</h2>\n<nav><ol>\n${toc}\n</ol></nav>\n</section>\n`}${figures}${noCharts}
<footer>Written by <code>gpufleet report</code> from summary.json, jobs.csv, requests.csv and timeseries.csv of this run directory; the same charts are in charts/*.svg, their Vega-Lite specs (data inlined) in charts/*.vl.json.</footer>
</main>
</body>
</html>
`;
}
