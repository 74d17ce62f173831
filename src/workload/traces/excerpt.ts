/** Longest excerpt of file content an error message quotes, in characters. */
export const EXCERPT_CHARS = 24;

/**
 * A short, escaped excerpt of untrusted file content for an error message: at most EXCERPT_CHARS
 * characters, control and non-ASCII characters escaped, marked when cut (a trace path may name any
 * file, so a message must never print whole lines of it).
 */
export function excerpt(text: string, maxChars = EXCERPT_CHARS): string {
  const cut = text.length > maxChars;
  const head = [...text.slice(0, maxChars)]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === '"' || ch === "\\") return `\\${ch}`;
      if (code < 0x20 || code === 0x7f || code > 0x7e) return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
      return ch;
    })
    .join("");
  return `"${head}"${cut ? ` (first ${maxChars} of ${text.length} characters)` : ""}`;
}
