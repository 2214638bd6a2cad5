// The floors of part 2 of the benchmark: the cheapest requests the functions' stack can answer,
// one that reads (GET select1) and one that writes (POST insert1: the body stored as one row and
// committed, the cheapest durable write).
// The benchmark copies this folder into the functions folder its gateway serves
// (supabase/functions/bench-floor/, see BenchStack.serveFunctions), so the floor is one more
// function behind the same gateway, started and reached as the measured ones are. No router, no
// middleware: it runs `select 1` through the functions' own database client (_shared/db.ts: same
// pool size, prepared statements, connection options), so that an endpoint's time over this
// one's is what the endpoint's own work costs (over insert1: what it costs beyond one durable write).
import { db } from "../_shared/db.ts";

export const app = {
  async fetch(req: Request): Promise<Response> {
    const { pathname } = new URL(req.url);
    if (pathname === "/bench-floor/select1") {
      const [row] = await db()`select 1 as one`;
      return Response.json(row);
    }
    if (pathname === "/bench-floor/insert1" && req.method === "POST") {
      // bench.floor_writes is made by the benchmark (BenchStack.serveFunctions): one row, one index
      const [row] = await db()`insert into bench.floor_writes (body) values (${await req.text()}::jsonb) returning id`;
      return Response.json({ id: String(row.id) });
    }
    if (pathname === "/bench-floor/openapi.json") {
      return Response.json({ openapi: "3.1.0", info: { title: "bench-floor", version: "1.0.0" }, paths: {} });
    }
    return new Response("not found", { status: 404 });
  },
};
