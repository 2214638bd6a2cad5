// A guard against JSON nested deeper than any real payload (found by tests/security/fuzz-http.test.ts):
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
      // a compressed body (OTLP's gzip) is scanned from a copy: reading it as text here would garble the
      // bytes the route decompresses (and that route checks the decompressed text again)
      const compressed = !["", "identity"].includes((c.req.header("content-encoding") ?? "").trim().toLowerCase());
      const text = compressed ? await c.req.raw.clone().text() : strictUtf8(await c.req.arrayBuffer());
      if (!compressed) refuseUnstorableStrings(text);
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

/**
 * The body as UTF-8, refused with 400 when it is not valid UTF-8: decoding with replacement would
 * silently store U+FFFD, and authorize would hash an altered call. Read as bytes once (Hono caches
 * them, so the route's json() reads the same bytes).
 */
export function strictUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_utf8", "the request body is not valid UTF-8", {
      fields: [{ field: "(body)", message: "is not valid UTF-8" }],
    });
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where a JSON value holds a string Postgres cannot store (NUL, a lone surrogate), e.g. runs.0.error_message. */
export function unstorableString(value: unknown, path: string[] = []): { field: string; message: string } | undefined {
  const check = (s: string, at: string[]) => {
    if (s.includes("\u0000")) return { field: at.join(".") || "(body)", message: "contains a NUL character (\\u0000), which cannot be stored" };
    if (LONE_SURROGATE.test(s)) return { field: at.join(".") || "(body)", message: "contains a lone UTF-16 surrogate, which is not a character" };
    return undefined;
  };
  if (typeof value === "string") return check(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = unstorableString(value[i], [...path, String(i)]);
      if (bad) return bad;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const bad = check(k, [...path, k]) ?? unstorableString(v, [...path, k]);
      if (bad) return bad;
    }
  }
  return undefined;
}

/**
 * A NUL or a lone surrogate (only possible through a \\u escape in valid UTF-8) is refused with 422
 * naming the field, before Postgres would refuse it with a message about its own internals. The
 * text is parsed only when such an escape appears at all.
 */
function refuseUnstorableStrings(text: string) {
  if (!/\\u(?:0000|[dD][89a-fA-F])/.test(text) && !text.includes("\u0000")) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return; // not JSON: the route answers 400
  }
  const bad = unstorableString(parsed);
  if (bad) throw new ApiError(422, "validation_failed", `${bad.field}: ${bad.message}`, { fields: [bad] });
}
