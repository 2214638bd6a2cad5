// alert-dispatch: delivers the event outbox (alerts, run failures, approvals, quota and budget
// breaches) to webhooks, Slack and email. POST /alert-dispatch/run runs one dispatcher pass; it
// accepts the project's service credentials (a secret API key sb_secret_... in `apikey`, the
// legacy service-role key, or a service_role JWT of the legacy secret) or the shared secret
// ALERT_DISPATCH_SECRET (header x-dispatch-secret). On hosted Supabase pg_cron calls it every minute through pg_net (see
// docs/metrics.md); the local stack sets ALERT_DISPATCH_INTERVAL_MS and it runs itself.
import { createRoute } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import { DispatchRunRequestSchema, DispatchRunResponseSchema } from "@shared/schemas/analytics.ts";
import { createApp, jsonResponse } from "../_shared/app.ts";
import { auth } from "../_shared/auth.ts";
import { runDispatch } from "./dispatch.ts";
import { runOnLocalTimer } from "../_shared/local-timer.ts";

export const app = createApp("alert-dispatch", {
  maxBodyBytes: 4 * 1024,
  description: "Delivers the event outbox: signed webhooks, Slack incoming webhooks, email through an HTTP API.",
});

app.openapi(
  createRoute({
    method: "post",
    path: "/run",
    summary: "Run one dispatcher pass: claim due deliveries, send them, record every attempt",
    // the scheduler only: a service credential of the project, or the shared dispatch secret
    ...auth("service", { sharedSecret: { header: "x-dispatch-secret", env: "ALERT_DISPATCH_SECRET" } }),
    request: { body: { content: { "application/json": { schema: DispatchRunRequestSchema } }, required: false } },
    responses: {
      200: jsonResponse(DispatchRunResponseSchema, "What this pass did"),
      401: jsonResponse(ErrorResponseSchema, "Neither a service credential nor the dispatch secret"),
      403: jsonResponse(ErrorResponseSchema, "A person's or an agent's token: the scheduler only"),
      422: jsonResponse(ErrorResponseSchema, "Invalid options"),
    },
  }),
  async (c) => {
    const opts = c.req.header("content-type")?.includes("application/json") ? c.req.valid("json") ?? {} : {};
    const result = await runDispatch({ batchSize: opts.batch_size, workspaceId: opts.workspace_id });
    return c.json(DispatchRunResponseSchema.parse(result), 200);
  },
);

// the local stack (no pg_net) runs the dispatcher on a timer; hosted projects schedule POST /run
runOnLocalTimer("alert-dispatch", "ALERT_DISPATCH_INTERVAL_MS", runDispatch, (result) => result.claimed > 0);
