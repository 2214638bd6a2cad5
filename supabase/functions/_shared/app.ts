// createApp(name): the Hono app every function is built on. It gives each request an id,
// caps the body size (413), validates with zod through @hono/zod-openapi (400 for malformed
// JSON, 422 naming each field at fault), answers every error as
// {error:{code,message,fields},request_id}, records one api_usage row per call (queued and
// written in batches off the request path, at most about a second later: see usage.ts), and
// serves the function's OpenAPI document at /<name>/openapi.json.
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context, Handler, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import { ApiError, fieldName, type FieldError } from "./errors.ts";
import { toApiError } from "./db.ts";
import { SECURITY_SCHEMES } from "./auth.ts";
import { jsonDepthGuard } from "./json-limits.ts";
import { queueUsage } from "./usage.ts";

export { flushUsage } from "./usage.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The workspace a user's call acted in, when a route knows it (for api_usage). */
    workspaceId: string;
  }
}

export type AppOptions = {
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  description?: string;
  /** Skip the api_usage row (tests of the skeleton itself). */
  recordUsage?: boolean;
};

export type App = OpenAPIHono;

type ZodIssueLike = { path: ReadonlyArray<PropertyKey>; message: string };

export function zodFields(issues: ReadonlyArray<ZodIssueLike>): FieldError[] {
  return issues.slice(0, 50).map((i) => ({ field: fieldName(i.path), message: i.message }));
}

export function createApp(name: string, opts: AppOptions = {}): OpenAPIHono {
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const app = new OpenAPIHono({
    defaultHook: (result, _c) => {
      if (!result.success) {
        const issues = (result.error as { issues: ZodIssueLike[] }).issues;
        const target = (result as { target?: string }).target;
        const prefix = target && target !== "json" ? `${target}.` : "";
        throw new ApiError(422, "validation_failed", "the request is not valid: see fields", {
          fields: zodFields(issues).map((f) => ({ ...f, field: prefix + f.field })),
        });
      }
    },
  }).basePath(`/${name}`);

  // Hono's request id: a well-formed X-Request-Id of the client is kept (so a caller can follow its
  // request into api_usage and the logs), anything else replaced by a UUID; echoed on every answer
  app.use("*", requestId({ limitLength: 128 }));
  app.use("*", async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      if (opts.recordUsage !== false) recordUsage(c, name, started);
    }
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `the request body is larger than the limit of ${maxBodyBytes} bytes`, {
          details: { limit_bytes: maxBodyBytes },
        });
      },
    }),
  );
  // JSON nested absurdly deep would overflow a recursive parser somewhere: refused before any route reads it
  app.use("*", jsonDepthGuard());

  app.onError((err, c) => errorResponse(c, err));
  app.notFound((c) => errorResponse(c, new ApiError(404, "route_not_found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`)));

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: name, version: "1.0.0", description: opts.description ?? `The ${name} Edge Function.` },
    servers: [{ url: "/functions/v1" }],
  });
  for (const [scheme, definition] of Object.entries(SECURITY_SCHEMES)) {
    app.openAPIRegistry.registerComponent("securitySchemes", scheme, definition);
  }

  return app;
}

export function errorResponse(c: Context, raw: unknown): Response {
  const err = toApiError(raw);
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  if (err instanceof ApiError) {
    const body = {
      error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.details ? { details: err.details } : {}) },
      request_id: requestId,
    };
    return c.json(body, err.status as ContentfulStatusCode, err.headers);
  }
  if (err instanceof HTTPException) {
    // Hono's own: malformed JSON from the validator is a 400
    const malformed = err.status === 400 && /json/i.test(err.message);
    return c.json({
      error: { code: malformed ? "invalid_json" : "bad_request", message: malformed ? "the request body is not valid JSON" : err.message },
      request_id: requestId,
    }, err.status as ContentfulStatusCode);
  }
  console.error(JSON.stringify({ level: "error", request_id: requestId, message: String((err as Error)?.stack ?? err) }));
  return c.json({ error: { code: "internal_error", message: "something went wrong; the request id identifies it in the logs" }, request_id: requestId }, 500);
}

function recordUsage(c: Context, name: string, started: number) {
  const caller = c.get("caller");
  let endpoint: string;
  try {
    endpoint = routePath(c, -1);
  } catch {
    endpoint = new URL(c.req.url).pathname;
  }
  if (!endpoint || endpoint.endsWith("*")) endpoint = `/${name}/*`;
  queueUsage({
    workspace_id: c.get("workspaceId") ?? (caller?.kind === "agent" ? caller.workspaceId : null),
    user_id: caller?.kind === "user" ? caller.userId : null,
    agent_id: caller?.kind === "agent" ? caller.agentId : null,
    function_name: name,
    endpoint,
    method: c.req.method.toUpperCase(),
    status_code: c.res?.status ?? 500,
    response_time_ms: Math.round(performance.now() - started),
    request_id: c.get("requestId") ?? null,
    created_at: new Date(),
  });
}

/** A JSON body schema helper for createRoute. */
export function jsonBody<T>(schema: T, description = "JSON body") {
  return { body: { content: { "application/json": { schema } }, required: true, description } };
}

export function jsonResponse<T>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

type ErrorResponse = ReturnType<typeof jsonResponse<typeof ErrorResponseSchema>>;

/** What every route with a JSON body can answer, whatever the function (see createApp). */
const BODY_ERRORS = {
  400: "Malformed JSON",
  413: "Body too large",
  422: "Invalid input: error.fields names each field at fault",
} as const;

/**
 * The error answers a function's routes document, all in the one error shape: the three any JSON
 * body can get (400, 413, 422) and the function's own (`own`, which may re-describe those three).
 */
export function errorResponses<S extends number>(own: Record<S, string>): Record<keyof typeof BODY_ERRORS | S, ErrorResponse> {
  const described: Record<number, string> = { ...BODY_ERRORS, ...own };
  return Object.fromEntries(
    Object.entries(described).map(([status, description]) => [status, jsonResponse(ErrorResponseSchema, description)]),
  ) as Record<keyof typeof BODY_ERRORS | S, ErrorResponse>;
}

/**
 * A route whose handler reads the body itself (a signature over the raw bytes, or protobuf):
 * documented from its createRoute like any other, its auth middleware runs, no validator does.
 */
export function rawRoute(app: OpenAPIHono, route: RouteConfig, handler: Handler) {
  const { middleware: routeMiddleware, hide: _hide, ...documented } = route;
  app.openAPIRegistry.registerPath(documented);
  const middleware = routeMiddleware ? ([] as MiddlewareHandler[]).concat(routeMiddleware as MiddlewareHandler | MiddlewareHandler[]) : [];
  app.on([route.method.toUpperCase()], [documented.path.replaceAll(/\/{(.+?)}/g, "/:$1")], ...middleware, handler);
}
