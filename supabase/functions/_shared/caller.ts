// requireCaller: people (Supabase Auth JWTs) or agents (JWTs from agent-auth), for endpoints both
// may use; RLS and the SQL function then decide what each may see and do. The OpenAPI document
// stays public.
import type { MiddlewareHandler } from "hono";
import { callerFromPayload, verifyToken } from "./auth.ts";
import { unauthorized } from "./errors.ts";

export const requireCaller: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "GET" && c.req.path.endsWith("/openapi.json")) return await next();
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!match) throw unauthorized("missing_token", "send Authorization: Bearer <jwt>");
  c.set("caller", callerFromPayload(await verifyToken(match[1])));
  await next();
};
