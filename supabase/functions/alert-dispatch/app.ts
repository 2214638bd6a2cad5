// alert-dispatch: delivers the event outbox (alerts, run failures, approvals, quota and budget
// breaches) to webhooks, Slack and email. POST /alert-dispatch/run runs one dispatcher pass; it
// accepts the project's service credentials (a secret API key sb_secret_... in `apikey`, the
// legacy service-role key, or a service_role JWT of the legacy secret) or the shared secret
// ALERT_DISPATCH_SECRET (header x-dispatch-secret). On hosted Supabase pg_cron calls it every minute through pg_net (see
// docs/metrics.md); the local stack sets ALERT_DISPATCH_INTERVAL_MS and it runs itself.
import { createRoute } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import { DispatchRunRequestSchema, DispatchRunResponseSchema } from "@shared/schemas/analytics.ts";
import { createApp, jsonResponse } from "../_shared/app.ts";
import { timingSafeEqual } from "../_shared/crypto.ts";
import { hasServiceCredential } from "../_shared/auth.ts";
import { unauthorized } from "../_shared/errors.ts";
import { runDispatch } from "./dispatch.ts";
import { runOnLocalTimer } from "../_shared/local-timer.ts";

export const app = createApp("alert-dispatch", {
  maxBodyBytes: 4 * 1024,
  description: "Delivers the event outbox: signed webhooks, Slack incoming webhooks, email through an HTTP API.",
});

/** The scheduler only: the service-role JWT, or the shared dispatch secret. */
const requireDispatcher: MiddlewareHandler = async (c, next) => {
  const shared = Deno.env.get("ALERT_DISPATCH_SECRET");
  const given = c.req.header("x-dispatch-secret");
  if (given !== undefined) {
    if (shared && timingSafeEqual(given, shared)) return await next();
    throw unauthorized("invalid_dispatch_secret", "the x-dispatch-secret header does not match ALERT_DISPATCH_SECRET");
  }
  if (!c.req.header("authorization") && !c.req.header("apikey")) {
    throw unauthorized("missing_token", "send apikey: <secret key>, Authorization: Bearer <service-role key> or x-dispatch-secret");
  }
  if (await hasServiceCredential(c.req.raw.headers)) return await next();
  throw unauthorized("service_role_required", "only the service role (or the dispatch secret) may run the dispatcher");
};

app.use("/run", requireDispatcher);

app.openapi(
  createRoute({
    method: "post",
    path: "/run",
    summary: "Run one dispatcher pass: claim due deliveries, send them, record every attempt",
    security: [{ bearer: [] }],
    request: { body: { content: { "application/json": { schema: DispatchRunRequestSchema } }, required: false } },
    responses: {
      200: jsonResponse(DispatchRunResponseSchema, "What this pass did"),
      401: jsonResponse(ErrorResponseSchema, "Neither the service-role JWT nor the dispatch secret"),
      422: jsonResponse(ErrorResponseSchema, "Invalid options"),
    },
  }),
  async (c) => {
    const opts = c.req.header("content-type")?.includes("application/json") ? c.req.valid("json") ?? {} : {};
    const result = await runDispatch({ batchSize: opts.batch_size, workspaceId: opts.workspace_id });
    return c.json(result, 200);
  },
);

// the local stack (no pg_net) runs the dispatcher on a timer; hosted projects schedule POST /run
runOnLocalTimer("alert-dispatch", "ALERT_DISPATCH_INTERVAL_MS", runDispatch, (result) => result.claimed > 0);
