// The checks across a span's fields (ends before it starts, its own parent), for the spans of a
// batch of runs: which spans are checked (not one aborted by an issue of its own), and where their
// issues stand among the other issues of the same run, as the API names them to the client.
import assert from "node:assert/strict";
import { RunBatchSchema, SpanBatchSchema, SpanSchema } from "@shared/schemas/ingest.ts";

const { test } = Deno;
const t0 = "2026-11-20T10:00:00Z", t1 = "2026-11-20T10:00:01Z", before = "2026-11-20T09:00:00Z";
const issues = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  (r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);

test("span checks in a batch of runs: the same paths, messages and order as a check per span", () => {
  const body = {
    runs: [
      {
        run_key: "a", status: "succeeded", status_x: 1, spans: [
          { span_key: "s0", kind: "bogus", name: "x", started_at: t0, ended_at: before }, // aborted by its kind: not checked
          { span_key: "s1", kind: "llm", name: "x", started_at: t1, ended_at: t0, parent_span_key: "s1" },
          { span_key: "s2", kind: "llm", name: "x", started_at: t0, http_url: "u".repeat(2001), ended_at: before }, // too long goes on
          { span_key: "s3", kind: "llm", name: "x", started_at: t0 },
        ],
      },
      { run_key: "b", status: "succeeded", started_at: t1, ended_at: t0, spans: [{ span_key: "s", kind: "llm", name: "x", started_at: t1, ended_at: t0 }] },
      { run_key: "c", status: "succeeded", started_at: t1, ended_at: t0, tokens_cached: 1, spans: [{ span_key: "s", kind: "llm", name: "x", started_at: t0, parent_span_key: "s" }] },
    ],
  };
  const kinds = 'Invalid option: expected one of "llm"|"tool"|"hook"|"endpoint_call"|"routing"|"thought"|"agent"|"retrieval"|"embedding"|"other"';
  assert.deepEqual(issues(RunBatchSchema.safeParse(body)), [
    ["runs.0.spans.0.kind", kinds],
    ["runs.0.spans.1.ended_at", "is before started_at"],
    ["runs.0.spans.1.parent_span_key", "a span cannot be its own parent"],
    ["runs.0.spans.2.http_url", "Too big: expected string to have <=2000 characters"],
    ["runs.0.spans.2.ended_at", "is before started_at"],
    ["runs.0", 'Unrecognized key: "status_x"'],
    ["runs.1.spans.0.ended_at", "is before started_at"],
    ["runs.1.ended_at", "is before started_at"],
    ["runs.2.spans.0.parent_span_key", "a span cannot be its own parent"],
    ["runs.2.ended_at", "is before started_at"],
    ["runs.2.tokens_cached", "cannot exceed tokens_in"],
  ]);
  const good = { runs: [{ run_key: "g", status: "succeeded", spans: [{ span_key: "s", kind: "llm", name: "x", started_at: t0, ended_at: t1 }] }] };
  assert.ok(RunBatchSchema.safeParse(good).success);
});

test("a span alone and a batch of spans keep their checks", () => {
  const bad = { span_key: "s", kind: "llm", name: "x", started_at: t1, ended_at: t0, parent_span_key: "s" };
  assert.deepEqual(issues(SpanSchema.safeParse(bad)), [["ended_at", "is before started_at"], ["parent_span_key", "a span cannot be its own parent"]]);
  assert.deepEqual(issues(SpanBatchSchema.safeParse({ spans: [{ ...bad, parent_span_key: undefined }] })), [["spans.0.ended_at", "is before started_at"]]);
});
