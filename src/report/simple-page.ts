/**
 * A small self-contained HTML page (inline CSS, inline SVG charts, no scripts) for the sweep and
 * compare reports, and the HTML escaping they need.
 */

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** An HTML table from a header and rows of plain text (escaped here). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A chart figure: an inline SVG (trusted, from vega) with an escaped caption. */
export function svgFigure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** A section of the page: heading (escaped) and HTML body (already safe). */
export interface PageSection {
  /** Section heading. */
  heading: string;
  /** HTML content. */
  html: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}
figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:.8em;color:#666}
p.note{color:#555;font-size:.9em}`;

/** A complete, self-contained HTML document. */
export function htmlPage(title: string, intro: string, sections: readonly PageSection[]): string {
  const body = sections.map((s) => `<h2>${escapeHtml(s.heading)}</h2>\n${s.html}`).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="note">${escapeHtml(intro)}</p>
${body}
</body>
</html>
`;
}

/** A file-name-safe slug of a label. */
export function fileSlug(label: string): string {
  return (
    label
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 80) || "chart"
  );
}
