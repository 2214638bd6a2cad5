// The floor of part 2 of the benchmark: the cheapest request the functions' stack can answer.
// A bare Deno server (no router, no middleware) that runs `select 1` through the very database
// client the Edge Functions use (supabase/functions/_shared/db.ts: same pool size, prepared
// statements, connection options), so that an endpoint's latency divided by this one's is what
// the endpoint's own work costs.
import { db } from "../supabase/functions/_shared/db.ts";

const port = Number(Deno.env.get("PORT") ?? 8787);

Deno.serve({ port, hostname: "127.0.0.1", onListen: () => console.error(`[floor] select 1 on :${port}`) }, async (req) => {
  const { pathname } = new URL(req.url);
  if (pathname === "/health") return new Response("ok");
  if (pathname === "/select1") {
    const [row] = await db()`select 1 as one`;
    return Response.json(row);
  }
  return new Response("not found", { status: 404 });
});
