/** The report's inline stylesheet: one column, readable on screen and in print, no web fonts. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #222; --muted: #5a5a5a; --rule: #e2e2e2; --accent: #4e79a7; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink);
  font: 15px/1.5 Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; overflow-wrap: anywhere; }
header .kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .04em; text-transform: uppercase; }
section { background: #fff; border: 1px solid var(--rule); border-radius: 8px; padding: 18px 22px; margin-top: 20px; }
h2 { font-size: 17px; font-weight: 600; margin: 0 0 10px; }
table.key { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.key th, table.key td { text-align: left; vertical-align: top; padding: 5px 10px 5px 0; border-top: 1px solid var(--rule); }
table.key tr:first-child th, table.key tr:first-child td { border-top: 0; }
table.key th { width: 190px; color: var(--muted); font-weight: 500; }
table.key td { overflow-wrap: anywhere; }
table.key tr.block th { width: auto; color: var(--ink); font-weight: 600; padding-top: 14px; }
nav ol { margin: 0; padding-left: 20px; columns: 2; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
figure { margin: 0; }
figure .chart { overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13.5px; margin-top: 8px; max-width: 60em; }
footer { color: var(--muted); font-size: 12.5px; margin-top: 24px; }
@media print { body { background: #fff; } section { break-inside: avoid; border: 0; } }
`;
