import { ScenarioError, message } from "../messages.js";

/** Parse `--seed`: a whole number from 0 to 2^53 - 1, else one line saying what is wrong in words. */
export function parseSeedOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? String(value[value.length - 1]) : String(value);
  const seed = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seed)) throw new ScenarioError(message.badSeed(text));
  return seed;
}
