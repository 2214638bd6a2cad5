// One postgres.js client per isolate, created on first use. Hosted Supabase runs many isolates
// per function, each with its own pool, so the pool is small (DB_POOL_SIZE, default 2) and the
// URL is DATABASE_URL (Supabase's transaction pooler, port 6543) when set, else SUPABASE_DB_URL
// (the direct connection Supabase provides). Behind a transaction pooler (port 6543, or
// DB_POOL_MODE=transaction) prepared statements are off: a pooled connection may change
// between statements.
import postgres from "postgres";
import { ApiError, type FieldError } from "./errors.ts";
import { databaseUrl, env } from "./env.ts";

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;

let client: Sql | undefined;

export function usesTransactionPooler(url: string, mode?: string): boolean {
  if (mode) return mode === "transaction";
  try {
    return new URL(url).port === "6543";
  } catch {
    return false;
  }
}

export function db(): Sql {
  if (client) return client;
  const e = env();
  const url = databaseUrl(e);
  client = postgres(url, {
    max: e.DB_POOL_SIZE,
    prepare: !usesTransactionPooler(url, e.DB_POOL_MODE),
    // kept warm for the isolate's life: a new connection costs a TLS handshake and recompiles every
    // plpgsql function it calls (about 18 ms for authorize), which a 30 s idle timeout paid after every lull
    idle_timeout: 600,
    connect_timeout: 10,
    connection: { application_name: "agentops-edge" },
    onnotice: () => {},
    types: { bigint: postgres.BigInt },
  }) as unknown as Sql;
  return client;
}

export async function closeDb(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.end({ timeout: 5 });
}

/** Claims of the caller, applied to the transaction as PostgREST does, so that RLS and auth.uid() hold. */
export type Claims = Record<string, unknown> & { sub: string; role: string };

/**
 * The caller's claims for a privileged function called in one statement, as a FROM item:
 * `select private.fn(...) from ${claimed(sql, caller.claims)}`. They are set transaction-locally
 * before the call (a subquery in FROM is evaluated first), as PostgREST sets them, and the function
 * reads its caller from them (private.agent_claims, claimed_agent, claimed_user_id) instead of
 * trusting an argument.
 */
export function claimed(sql: Sql | Tx, claims: Claims) {
  return sql`(select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)) as claims`;
}

/** Runs `fn` in one transaction as role `authenticated` with the caller's claims: RLS applies. */
export async function asCaller<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db().begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      if (claims.actor === "agent") {
        // an agent JWT outlives a revocation by minutes: refuse it here rather than answer with nothing
        // (RLS would show such an agent no rows at all; found by tests/security/jwt.test.ts)
        const [live] = await tx`select private.current_agent_id() is not null as ok`;
        if (!live.ok) {
          throw new ApiError(401, "revoked_api_key", "the agent's key has been revoked or has expired, or the agent is no longer active", {
            headers: { "WWW-Authenticate": 'Bearer realm="agentops"' },
          });
        }
      }
      return await fn(tx);
    }) as T;
  } catch (err) {
    throw toApiError(err);
  }
}

/** Runs one statement with the function's own (privileged) connection, mapping database errors. */
export async function privileged<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  try {
    return await fn(db());
  } catch (err) {
    throw toApiError(err);
  }
}

type PgError = Error & {
  code?: string;
  column_name?: string;
  constraint_name?: string;
  detail?: string;
  hint?: string;
  errno?: string;
};

const APP_STATUS: Record<string, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429> = {
  AO400: 400,
  AO401: 401,
  AO403: 403,
  AO404: 404,
  AO409: 409,
  AO413: 413,
  AO422: 422,
  AO429: 429,
};

/**
 * Maps a database error to the API's error. Functions raise `AO4xx` SQLSTATEs with
 * `column` naming the field at fault and `hint` carrying the machine-readable code (and, for
 * 429, JSON details); constraint violations become 422 naming the constraint.
 */
export function toApiError(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  const e = err as PgError;
  const code = e?.code;
  // the driver's own connection errors carry a code too (CONNECTION_CLOSED, ECONNREFUSED, ...): the
  // database went away, so 503 and retry, not 500 (found by tests/faults/crash.test.ts)
  if (!code || /^(CONNECTION_|CONNECT_TIMEOUT|ECONN|EPIPE|ETIMEDOUT|ENOTCONN|EHOSTUNREACH)/.test(code)) {
    if (e && /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTCONN|EHOSTUNREACH|CONNECTION_|CONNECT_TIMEOUT|connect_timeout/i.test(`${e.code ?? ""} ${e.message ?? ""}`)) {
      return new ApiError(503, "database_unavailable", "the database is not reachable; retry later", {
        headers: { "Retry-After": "1" },
      });
    }
    return err;
  }
  const fields: FieldError[] | undefined = e.column_name ? [{ field: e.column_name, message: e.message }] : undefined;
  if (code in APP_STATUS) {
    let appCode = "invalid_request";
    let details: Record<string, unknown> | undefined;
    if (e.hint) {
      try {
        const parsed = JSON.parse(e.hint) as Record<string, unknown>;
        appCode = String(parsed.code ?? appCode);
        details = parsed;
      } catch {
        appCode = e.hint;
      }
    }
    const headers: Record<string, string> = {};
    if (code === "AO429") headers["Retry-After"] = String(Math.max(1, Math.ceil(Number(details?.retry_after ?? 1))));
    return new ApiError(APP_STATUS[code], appCode, e.message, { fields, headers, details });
  }
  switch (code) {
    case "23505":
      return new ApiError(409, "conflict", e.detail ?? e.message, { fields });
    case "23503":
      return new ApiError(422, "reference_not_found", e.detail ?? e.message, {
        fields: fields ?? [{ field: e.constraint_name ?? "(body)", message: "refers to a row that does not exist" }],
      });
    case "23514":
    case "23502":
    case "22P02":
    case "22003":
    case "22007":
    case "22008":
    case "22023":
    case "22001":
    case "2201B": {
      // named by the column or the rule, in the project's words: never Postgres's own message (issue 13)
      const message = code.startsWith("23")
        ? (e.constraint_name ? `a value breaks the rule ${e.constraint_name}` : "a required value is missing")
        : "a value cannot be stored: it is malformed or out of range";
      const field = e.column_name ?? e.constraint_name ?? "(body)";
      return new ApiError(422, "validation_failed", `${field}: ${message}`, { fields: [{ field, message }] });
    }
    case "42501":
      return new ApiError(403, "forbidden", "you are not allowed to do this in this workspace");
    case "57014":
      return new ApiError(503, "statement_timeout", "the database took too long; retry later", { headers: { "Retry-After": "1" } });
    case "40001":
    case "40P01":
      return new ApiError(503, "transaction_conflict", "a concurrent change got in the way; retry", { headers: { "Retry-After": "1" } });
    case "57P01":
    case "57P02":
    case "57P03":
    case "08006":
    case "08003":
    case "08001":
      return new ApiError(503, "database_unavailable", "the database is restarting; retry later", { headers: { "Retry-After": "1" } });
    default:
      // any other data exception comes from the request's values (e.g. \u0000, which Postgres cannot
      // store in text or jsonb), and a program limit (54xxx: stack depth) from its size or nesting:
      // the client's to fix, never a 500 (found by tests/security/fuzz-http.test.ts)
      if (code.startsWith("22")) {
        // a value Postgres refuses (a NUL, a lone surrogate, a number out of range): the request's to fix, and
        // answered in the project's words, never with Postgres's message (the routes name the field before this)
        const message = "a value cannot be stored: it is malformed, out of range or holds a character the database refuses";
        return new ApiError(422, "validation_failed", message, { fields: fields?.map((f) => ({ ...f, message })) ?? [{ field: "(body)", message }] });
      }
      if (code.startsWith("08") || code.startsWith("53") || code.startsWith("57P")) {
        // connection failures, too many connections, shutdown or recovery in progress
        return new ApiError(503, "database_unavailable", "the database is not available right now; retry later", { headers: { "Retry-After": "1" } });
      }
      if (code.startsWith("54")) {
        return new ApiError(422, "too_complex", "the request is too large or nested too deeply for the database", {
          fields: fields ?? [{ field: "(body)", message: e.message }],
        });
      }
      return err;
  }
}
