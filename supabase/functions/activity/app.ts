// activity: dashboards record what people do (page views, feature use, exports) into
// analytics.user_activity. The signed-in person is the user; one SQL call validates and writes
// the whole batch (private.record_activity), which refuses a workspace the person is not in.
import { createRoute } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import { RecordActivityRequestSchema, RecordActivityResponseSchema } from "@shared/schemas/analytics.ts";
import { createApp, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth, userCaller } from "../_shared/auth.ts";
import { clientAddress } from "../_shared/crypto.ts";
import { claimed } from "../_shared/db.ts";
import { rpc } from "../_shared/rpc.ts";

export const app = createApp("activity", {
  maxBodyBytes: 64 * 1024,
  description: "Record dashboard activity (page views, feature use) for product analytics.",
});

app.openapi(
  createRoute({
    method: "post",
    path: "/events",
    summary: "Record up to 100 dashboard events of the signed-in person",
    ...auth("user"),
    request: jsonBody(RecordActivityRequestSchema),
    responses: {
      201: jsonResponse(RecordActivityResponseSchema, "The events were recorded"),
      400: jsonResponse(ErrorResponseSchema, "Malformed JSON"),
      401: jsonResponse(ErrorResponseSchema, "No valid user JWT"),
      403: jsonResponse(ErrorResponseSchema, "Not a member of a workspace named in an event, or an agent token"),
      413: jsonResponse(ErrorResponseSchema, "Body larger than 64 KiB"),
      422: jsonResponse(ErrorResponseSchema, "Invalid input: error.fields names each field (events.N.field)"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { events } = c.req.valid("json");
    const result = await rpc("privileged", RecordActivityResponseSchema, (sql) =>
      sql`select jsonb_build_object('recorded', private.record_activity(${sql.json(events as never)}, ${clientAddress(c.req.raw.headers)},
        ${c.req.header("user-agent") ?? null})) as result
        from ${claimed(sql, caller.claims)}`
    );
    return c.json(result, 201);
  },
);
