// rpc(): the one way a route runs its SQL and answers with what came back. The call runs as the
// caller (role authenticated with the caller's claims, so RLS and auth.uid() hold: asCaller) or
// with the function's own privileged connection, and its result always goes through the route's
// response schema before it is answered: the SQL function and the API's contract are checked
// against each other on every call, and a result that breaks the contract is a 500 naming the
// route in the logs rather than a wrong answer sent to a client.
import type { z } from "zod";
import type { Caller } from "./auth.ts";
import { asCaller, privileged, type Tx } from "./db.ts";

type Row = Record<string, unknown>;

export type RpcOptions = {
  /** The value to parse from the rows; by default the one row's `result` column (`select private.fn(...) as result`). */
  shape?: (rows: readonly Row[]) => unknown;
  /** Thrown when the call answers nothing (no row, or a null result): e.g. a 404 for a row RLS hides. */
  missing?: () => Error;
  /** Privileged calls of more than one statement: run them in one transaction (calls as the caller always are). */
  transaction?: boolean;
};

/** Runs one SQL call as `who` and answers its result parsed through `schema`. */
export async function rpc<S extends z.ZodType>(
  who: Caller | "privileged",
  schema: S,
  call: (sql: Tx) => Promise<readonly Row[]>,
  opts: RpcOptions = {},
): Promise<z.output<S>> {
  // privileged: one statement runs on the pool in its own implicit transaction (a BEGIN and a COMMIT
  // around it would be two more round trips for nothing); several ask for one transaction
  const rows: readonly Row[] = who !== "privileged"
    ? await asCaller(who.claims, (tx) => call(tx))
    : opts.transaction
    ? await privileged((sql) => sql.begin((tx) => call(tx)))
    : await privileged((sql) => call(sql as unknown as Tx));
  const value = opts.shape ? opts.shape(rows) : rows[0]?.result;
  if (value == null && opts.missing) throw opts.missing();
  // as the answer will carry it: timestamps as ISO strings, bigints as numbers
  const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value, (_k, v) => typeof v === "bigint" ? Number(v) : v));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the SQL call's result does not match the response schema: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  }
  return parsed.data;
}
