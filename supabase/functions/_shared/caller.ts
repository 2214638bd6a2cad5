// requireCaller: people (Supabase Auth JWTs) or agents (JWTs from agent-auth), for endpoints both
// may use; RLS and the SQL function then decide what each may see and do. The OpenAPI document
// stays public. requireLiveCaller also checks an agent's key and status in the database, for
// routes where a revoked key or a blocked agent must get 401/403 rather than an empty answer.
import type { MiddlewareHandler } from "hono";
import { bearer, callerFromPayload, verifyToken } from "./auth.ts";
import { privileged } from "./db.ts";

function callerMiddleware(opts: { liveAgentKey: boolean }): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "GET" && c.req.path.endsWith("/openapi.json")) return await next();
    const caller = callerFromPayload(await verifyToken(bearer(c)));
    if (opts.liveAgentKey && caller.kind === "agent") {
      await privileged((sql) => sql`select 1 from private.ingest_caller(${caller.agentId}, ${caller.keyId})`);
    }
    c.set("caller", caller);
    await next();
  };
}

export const requireCaller: MiddlewareHandler = callerMiddleware({ liveAgentKey: false });
export const requireLiveCaller: MiddlewareHandler = callerMiddleware({ liveAgentKey: true });
