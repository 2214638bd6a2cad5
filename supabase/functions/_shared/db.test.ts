// toApiError: database errors become the API's errors in the project's words. A 422 names its
// field and never quotes Postgres's own message (issue 13: a NUL answered "unsupported Unicode
// escape sequence" naming no field). Pure: no database needed.
import assert from "node:assert/strict";
import { ApiError } from "./errors.ts";
import { toApiError } from "./db.ts";

const pg = (fields: Record<string, string>) => Object.assign(new Error(fields.message ?? "pg"), fields);

Deno.test("a data exception is 422 naming the column, in the project's words", () => {
  const err = toApiError(pg({ code: "22P05", message: "unsupported Unicode escape sequence", detail: "\\u0000 cannot be converted to text.", column_name: "error_message" }));
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 422);
  assert.deepEqual(err.fields?.map((f) => f.field), ["error_message"]);
  assert.doesNotMatch(JSON.stringify({ m: err.message, f: err.fields }), /Unicode escape|cannot be converted|\\u0000/);
});

Deno.test("a constraint violation is 422 naming the rule, never the relation", () => {
  const err = toApiError(pg({ code: "23514", message: 'new row for relation "executions" violates check constraint "executions_cost_nonnegative"', constraint_name: "executions_cost_nonnegative" }));
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 422);
  assert.equal(err.fields?.[0].field, "executions_cost_nonnegative");
  assert.doesNotMatch(err.message, /new row for relation/);
});

Deno.test("an out-of-range number without a column is 422 on the body, without Postgres's text", () => {
  const err = toApiError(pg({ code: "22003", message: "numeric field overflow", detail: "A field with precision 14, scale 6 must round to an absolute value less than 10^8." }));
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 422);
  assert.equal(err.fields?.[0].field, "(body)");
  assert.doesNotMatch(err.message, /overflow|precision/);
});
