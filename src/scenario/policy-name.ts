import { z } from "zod";
import { formatChoices } from "../messages.js";
import { type PolicyFamily, policyNames } from "../policies/registry.js";
import { didYouMean } from "./suggest.js";

/** True when a policy field names a module file rather than a registry entry. */
export function isPolicyModulePath(value: string): boolean {
  return /\.(m?js)$/.test(value);
}

/** A policy field: a registry name of `family`, or a path to a .js/.mjs module exporting a policy. */
export function policyNameSchema(family: PolicyFamily, defaultName: string, what: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      if (isPolicyModulePath(value) || policyNames(family).includes(value)) return;
      ctx.addIssue({
        code: "custom",
        message: `unknown ${family} policy ${JSON.stringify(value)} (allowed: ${formatChoices(policyNames(family))}, or a path to a .js/.mjs module${didYouMean(value, policyNames(family))})`,
      });
    })
    .default(defaultName)
    .describe(what);
}
