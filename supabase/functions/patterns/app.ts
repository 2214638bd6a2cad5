// patterns: the pattern library for agents and people. POST /patterns/search finds the patterns
// nearest to an embedding (public.match_patterns under the caller's RLS: HNSW, cosine);
// POST /patterns/usage reports uses of patterns, from which the database keeps each pattern's
// success rate, usage count, rating and engagement (private.record_pattern_usage, one call).
import { createRoute } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import {
  PatternSearchRequestSchema, PatternSearchResponseSchema, PatternUsageRequestSchema, PatternUsageResponseSchema,
} from "@shared/schemas/learning.ts";
import { createApp, errorResponses, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth } from "../_shared/auth.ts";
import { rpc } from "../_shared/rpc.ts";

export const app = createApp("patterns", {
  maxBodyBytes: 512 * 1024,
  description: "Similarity search over the pattern library and pattern usage reports (agents and people).",
});

const errors = errorResponses({
  401: "No valid JWT, or the agent's key was revoked",
});

app.openapi(
  createRoute({
    method: "post",
    path: "/search",
    summary: "The patterns most similar to an embedding (cosine), optionally of one topic and above a success rate",
    ...auth("caller"),
    request: jsonBody(PatternSearchRequestSchema),
    responses: { 200: jsonResponse(PatternSearchResponseSchema, "Nearest first; only patterns the caller may see"), ...errors },
  }),
  async (c) => {
    const q = c.req.valid("json");
    const result = await rpc(c.get("caller"), PatternSearchResponseSchema, (tx) =>
      tx`select to_jsonb(m) as pattern
         from public.match_patterns(${JSON.stringify(q.embedding)}::extensions.vector, ${q.topic ?? null}, ${q.match_count},
           ${q.min_success_rate}, ${q.workspace_id ?? null}) m`, { shape: (rows) => ({ patterns: rows.map((r) => r.pattern) }) });
    return c.json(result, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/usage",
    summary: "Report uses of patterns (up to 500): outcome, rating, engagement; the statistics follow",
    ...auth("caller"),
    request: jsonBody(PatternUsageRequestSchema),
    responses: {
      201: jsonResponse(PatternUsageResponseSchema, "All uses stored; the patterns' new statistics"),
      403: jsonResponse(ErrorResponseSchema, "A viewer cannot report uses"),
      404: jsonResponse(ErrorResponseSchema, "A pattern or run not visible to the caller (usages.N.field)"),
      ...errors,
    },
  }),
  async (c) => {
    const { usages } = c.req.valid("json");
    const result = await rpc(c.get("caller"), PatternUsageResponseSchema, (tx) =>
      tx`select private.record_pattern_usage(${tx.json(usages as never)}) as result`
    );
    return c.json(result, 201);
  },
);
