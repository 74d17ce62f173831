import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../src/report/write-report.js";
import { EVIL, makeRun } from "./report-fixture.js";

/** Chromium as Debian's `apt-get install chromium` installs it (CI does; see the report). */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// Skip only on a developer machine without Chromium; in CI a missing browser fails the test.
const present = existsSync(CHROMIUM);
const skip = !present && process.env.CI === undefined;

describe.skipIf(skip)("report.html in headless Chromium", () => {
  let browser: Browser;
  let runDir: string;

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
    runDir = await makeRun();
    await writeReport(runDir);
    // No Playwright time limits of their own (30 s by default): on a loaded CI box Chromium can take
    // longer to start; vitest's hook and test timeouts still bound a real hang.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 0 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("opens offline: no requests but the file, no console or page errors, no dialogs, no scripts", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", async (d) => {
      problems.push(`dialog: ${d.message()}`);
      await d.dismiss();
    });
    const url = pathToFileURL(join(runDir, "report.html")).href;
    await page.goto(url, { waitUntil: "load", timeout: 0 });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
    await page.close();
  });

  it("shows hostile names as text and renders marks in every chart", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(join(runDir, "report.html")).href, { waitUntil: "load", timeout: 0 });
    expect(await page.locator("h1").textContent()).toBe("evil-run");
    const description = page.locator("table.key tr", { hasText: "Description" }).locator("td");
    expect(await description.textContent()).toBe(EVIL.description);
    const charts = await page.locator("section.chart-section").evaluateAll((sections) =>
      sections.map((section) => {
        const svg = section.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        const marks = [...(svg?.querySelectorAll(".role-mark path, .role-mark line") ?? [])].filter((m) => {
          // getBBox exists on SVG graphics elements (the DOM lib is not in this project's tsconfig).
          const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return b.width > 0 || b.height > 0;
        });
        const text = svg?.textContent ?? "";
        return { id: section.id, svgs: section.querySelectorAll("svg").length, width: box?.width ?? 0, height: box?.height ?? 0, marks: marks.length, text };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(["chart-gpu-allocation", "chart-queue-length", "chart-wait-cdf", "chart-jct-cdf"]));
    for (const chart of charts) {
      expect(chart.svgs, chart.id).toBe(1);
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.height, chart.id).toBeGreaterThan(150);
      expect(chart.marks, chart.id).toBeGreaterThan(0);
    }
    // A workload name drawn by vega reads back as text (legend labels may be truncated with "…").
    expect(charts.find((c) => c.id === "chart-wait-cdf")!.text).toContain(EVIL.workload.slice(0, 18));
    await page.close();
  });
});
