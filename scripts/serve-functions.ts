// Serves every Edge Function under /functions/v1/<name>, as Supabase's gateway does, from one
// Deno process (the local stack has no edge runtime). Each function is imported from its
// app.ts: the same app its own index.ts serves when deployed.
const port = Number(Deno.env.get("PORT") ?? 54321);
const root = new URL("../supabase/functions/", import.meta.url);

type Fetch = (req: Request) => Response | Promise<Response>;
const apps = new Map<string, Fetch>();
for await (const entry of Deno.readDir(root)) {
  if (!entry.isDirectory || entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
  try {
    await Deno.stat(new URL(`${entry.name}/app.ts`, root));
  } catch {
    continue;
  }
  const mod = await import(new URL(`${entry.name}/app.ts`, root).href);
  apps.set(entry.name, mod.app.fetch.bind(mod.app));
}

function notFound(path: string) {
  return Response.json({ error: { code: "function_not_found", message: `no function serves ${path}` }, request_id: crypto.randomUUID() }, {
    status: 404,
  });
}

Deno.serve({ port, hostname: "127.0.0.1", onListen: () => console.error(`[functions] ${[...apps.keys()].join(", ")} on :${port}`) }, (req, info) => {
  const url = new URL(req.url);
  const match = /^\/functions\/v1\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
  if (url.pathname === "/health") return new Response("ok");
  if (!match) return notFound(url.pathname);
  const fetchApp = apps.get(match[1]);
  if (!fetchApp) return notFound(url.pathname);
  url.pathname = `/${match[1]}${match[2] ?? ""}`;
  const headers = new Headers(req.headers);
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", (info.remoteAddr as Deno.NetAddr).hostname);
  return fetchApp(new Request(url, { method: req.method, headers, body: req.body, ...(req.body ? { duplex: "half" } : {}) } as RequestInit));
});
