// A guard against JSON nested deeper than any real payload (found by tests/security/fuzz.test.ts):
// a body like [[[[...]]]] a few thousand levels deep overflows the stack of whatever walks it
// recursively (zod's recursive schemas, JSON.stringify in the database driver, Postgres's jsonb
// parser), which used to end in a 500. The body is scanned once, without parsing, before any
// route reads it, and refused with 422 naming the limit. Pure: no Deno or Hono API here.
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 256;

/** The deepest nesting of [ and { outside strings in a JSON text (it need not be valid JSON). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return max;
}

/** Middleware: a JSON body nested deeper than maxDepth is refused with 422 before any route parses it. */
export function jsonDepthGuard(maxDepth = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS" && (c.req.header("content-type") ?? "").includes("json")) {
      const text = await c.req.text();
      if (jsonDepth(text, maxDepth) > maxDepth) {
        throw new ApiError(422, "validation_failed", `the JSON body is nested more than ${maxDepth} levels deep`, {
          fields: [{ field: "(body)", message: `nests more than ${maxDepth} arrays or objects` }],
          details: { max_depth: maxDepth },
        });
      }
    }
    await next();
  };
}
