/**
 * Makes a vega SVG safe and stable to embed: element ids (vega numbers clip paths with a
 * process-wide counter) are renumbered per chart under a prefix, so the same run gives the same
 * bytes and several SVGs can share one HTML page without id clashes; and anything that could run
 * script is refused.
 */

/** Thrown when an SVG holds something that could run script (a bug: vega escapes all data). */
export class UnsafeSvgError extends Error {
  constructor(what: string) {
    super(`refusing to embed an SVG that contains ${what}`);
    this.name = "UnsafeSvgError";
  }
}

/** Renumber the ids of `svg` as `<prefix>-1`, `<prefix>-2`, ... in document order, and check it is inert. */
export function normalizeSvg(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]*)"/g)) {
    const id = match[1]!;
    if (!renamed.has(id)) renamed.set(id, `${prefix}-${renamed.size + 1}`);
  }
  const rename = (id: string): string => renamed.get(id) ?? id;
  const out = svg
    .replace(/(\sid=")([^"]*)(")/g, (_m, open: string, id: string, close: string) => `${open}${rename(id)}${close}`)
    .replace(/url\(#([^)]*)\)/g, (_m, id: string) => `url(#${rename(id)})`)
    .replace(/(href=")#([^"]*)(")/g, (_m, open: string, id: string, close: string) => `${open}#${rename(id)}${close}`);
  assertInertSvg(out);
  return out;
}

/**
 * Throw unless the SVG markup is inert: no script or foreignObject element, no event-handler
 * attribute, no javascript: URL. Text content cannot hide a tag, since vega escapes `<` in text.
 */
export function assertInertSvg(svg: string): void {
  if (/<\s*script/i.test(svg)) throw new UnsafeSvgError("a <script> element");
  if (/<\s*foreignObject/i.test(svg)) throw new UnsafeSvgError("a <foreignObject> element");
  if (/<[^>]*\son[a-z]+\s*=/i.test(svg.replace(/"[^"]*"/g, '""'))) throw new UnsafeSvgError("an event-handler attribute");
  if (/(href|src)\s*=\s*"\s*javascript:/i.test(svg)) throw new UnsafeSvgError("a javascript: URL");
}
