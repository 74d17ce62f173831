import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, reportHtml } from "../../src/report/html.js";
import { assertInertSvg, normalizeSvg, UnsafeSvgError } from "../../src/report/svg-inline.js";
import { writeReport } from "../../src/report/write-report.js";
import { EVIL, makeRun } from "./report-fixture.js";

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<script>alert("x" + 'y') & z</script>`)).toBe("&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; z&lt;/script&gt;");
    expect(escapeHtml("plain text, 42 %")).toBe("plain text, 42 %");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  it("keeps hostile names inert in the page skeleton", () => {
    const html = reportHtml({ scenarioName: EVIL.workload, figures: [{ label: EVIL.tenant, value: EVIL.description }], charts: [] });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;alert(&#39;w&#39;)&lt;/script&gt;");
  });
});

describe("SVG embedding", () => {
  it("renumbers ids per chart and rewrites their references", () => {
    const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"></g><use href="#clip7"/></svg>';
    expect(normalizeSvg(svg, "wait-cdf")).toBe('<svg><clipPath id="wait-cdf-1"><rect/></clipPath><g clip-path="url(#wait-cdf-1)"></g><use href="#wait-cdf-1"/></svg>');
  });

  it("refuses markup that could run script, but not escaped text that mentions it", () => {
    expect(() => assertInertSvg("<svg><script>alert(1)</script></svg>")).toThrow(UnsafeSvgError);
    expect(() => assertInertSvg('<svg><g onload="alert(1)"></g></svg>')).toThrow(UnsafeSvgError);
    expect(() => assertInertSvg("<svg><foreignObject></foreignObject></svg>")).toThrow(UnsafeSvgError);
    expect(() => assertInertSvg('<svg><text aria-label="x onload=y">&lt;script&gt; onclick=1</text></svg>')).not.toThrow();
  });
});

describe("a report of a run with hostile names", () => {
  let runDir: string;
  let html: string;
  beforeAll(async () => {
    runDir = await makeRun();
    await writeReport(runDir);
    html = readFileSync(join(runDir, "report.html"), "utf8");
  });

  it("has no live script, img or event handler anywhere", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/i);
    // Event handlers only count in markup, not inside (escaped) attribute values such as aria-label.
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son(error|load)\s*=/i);
    const files = readdirSync(join(runDir, "charts"));
    // The .vl.json specs hold the names as JSON strings (data, never parsed as markup); they must stay valid JSON.
    for (const file of files.filter((f) => f.endsWith(".vl.json"))) expect(() => JSON.parse(readFileSync(join(runDir, "charts", file), "utf8")), file).not.toThrow();
    for (const file of files.filter((f) => f.endsWith(".svg"))) {
      const svg = readFileSync(join(runDir, "charts", file), "utf8");
      expect(svg, file).not.toMatch(/<script/i);
      expect(svg, file).not.toMatch(/<img/i);
    }
  });

  it("shows the hostile strings as text: the description in the table, names in the charts", () => {
    expect(html).toContain(escapeHtml(EVIL.description));
    // vega writes names into SVG text and aria labels escaped (its own entity choice).
    expect(html).toMatch(/&lt;script&gt;alert\((&#39;|'|&#x27;)w(&#39;|'|&#x27;)\)&lt;\/script&gt;/);
  });

  it("is deterministic: a second report of the same run is byte-identical", async () => {
    const chartsBefore = readdirSync(join(runDir, "charts")).map((f) => readFileSync(join(runDir, "charts", f), "utf8"));
    await writeReport(runDir);
    expect(readFileSync(join(runDir, "report.html"), "utf8")).toBe(html);
    expect(readdirSync(join(runDir, "charts")).map((f) => readFileSync(join(runDir, "charts", f), "utf8"))).toEqual(chartsBefore);
  });

  it("loads nothing from outside: no http(s) URLs besides XML namespaces", () => {
    const urls = [...html.matchAll(/(?:src|href)\s*=\s*"([^"#][^"]*)"/gi)].map((m) => m[1]);
    expect(urls).toEqual([]);
    expect(html).toContain("Content-Security-Policy");
  });
});
