// agent-auth: exchanges an agent API key for a JWT of a few minutes (role authenticated,
// sub = agent id, workspace_id, key_id, actor = agent) signed with the project's JWT secret.
// Unknown, revoked and expired keys and inactive agents are refused; every failure is
// recorded and failures are rate-limited per key prefix and per client address in the database.
import { createRoute } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import { AgentKeySchema, TokenRequestSchema, TokenResponseSchema } from "@shared/schemas/agent-auth.ts";
import { createApp, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth, signAgentToken } from "../_shared/auth.ts";
import { clientAddress, sha256Hex } from "../_shared/crypto.ts";
import { privileged } from "../_shared/db.ts";
import { forbidden, tooManyRequests, unauthorized, unprocessable } from "../_shared/errors.ts";

export const app = createApp("agent-auth", { maxBodyBytes: 4096, description: "Exchange an agent API key for a short-lived JWT." });

const tokenRoute = createRoute({
  method: "post",
  path: "/token",
  summary: "Exchange an API key (body api_key, or header x-api-key) for an agent JWT",
  ...auth("public"),
  request: jsonBody(TokenRequestSchema),
  responses: {
    200: jsonResponse(TokenResponseSchema, "A JWT for the agent, valid for expires_in seconds"),
    401: jsonResponse(ErrorResponseSchema, "Unknown, revoked or expired key"),
    403: jsonResponse(ErrorResponseSchema, "The agent is not active"),
    422: jsonResponse(ErrorResponseSchema, "The key is malformed"),
    429: jsonResponse(ErrorResponseSchema, "Too many failed attempts for this key prefix or address"),
  },
});

type Exchange =
  | { ok: true; agent_id: string; workspace_id: string; key_id: string; slug: string }
  | { ok: false; reason: string; retry_after?: number };

async function exchange(apiKey: string, headers: Headers) {
  const keyHash = await sha256Hex(apiKey);
  const prefix = apiKey.slice(0, 11);
  const [{ result }] = await privileged((sql) =>
    sql<{ result: Exchange }[]>`select private.exchange_agent_key(${keyHash}, ${prefix}, ${clientAddress(headers)}) as result`
  );
  if (!result.ok) {
    switch (result.reason) {
      case "rate_limited":
        throw tooManyRequests("too_many_failed_attempts", "too many failed attempts for this key or address; wait and retry", result.retry_after ?? 60);
      case "unknown_key":
        throw unauthorized("invalid_api_key", "the API key is not valid");
      case "revoked_key":
        throw unauthorized("revoked_api_key", "the API key has been revoked");
      case "expired_key":
        throw unauthorized("expired_api_key", "the API key has expired");
      default:
        throw forbidden("agent_not_active", `the agent cannot authenticate: ${result.reason.replace("agent_", "it is ")}`);
    }
  }
  const { token, expiresIn } = await signAgentToken({
    agentId: result.agent_id,
    workspaceId: result.workspace_id,
    keyId: result.key_id,
    slug: result.slug,
  });
  return { access_token: token, token_type: "bearer" as const, expires_in: expiresIn, agent_id: result.agent_id, workspace_id: result.workspace_id };
}

// The header form first: agents that send x-api-key need no body.
app.use("/token", async (c, next) => {
  const headerKey = c.req.header("x-api-key");
  if (c.req.method === "POST" && headerKey !== undefined && !(c.req.header("content-length") && c.req.header("content-length") !== "0")) {
    const parsed = AgentKeySchema.safeParse(headerKey);
    if (!parsed.success) throw unprocessable("the API key is malformed", [{ field: "header.x-api-key", message: parsed.error.issues[0].message }]);
    return c.json(await exchange(parsed.data, c.req.raw.headers), 200);
  }
  await next();
});

app.openapi(tokenRoute, async (c) => {
  const { api_key } = c.req.valid("json");
  return c.json(await exchange(api_key, c.req.raw.headers), 200);
});

