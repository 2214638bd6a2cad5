// End to end through the served functions: an admin issues a key over HTTP, the agent exchanges
// it for a JWT, the admin revokes it, and the exchange is refused from then on.
import { describe, expect, it } from "vitest";
import { adminFixture, fnUrl } from "./helpers.ts";

describe("agent keys end to end", () => {
  it("issues, exchanges and revokes a key", async () => {
    const { adminJwt, agentId, sql } = await adminFixture();
    try {
      const issued = await fetch(fnUrl(`agents/${agentId}/keys`), {
        method: "POST",
        headers: { authorization: `Bearer ${adminJwt}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "e2e" }),
      });
      expect(issued.status).toBe(201);
      const key = await issued.json();
      expect(key.api_key).toMatch(/^ak_[A-Za-z0-9]{8}_/);
      expect(key.api_key.startsWith(key.prefix)).toBe(true);

      const [stored] = await sql`select key_hash from public.agent_api_keys where id = ${key.id}`;
      expect(stored.key_hash).not.toContain(key.api_key.slice(12));

      const token = await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": key.api_key } });
      expect(token.status).toBe(200);
      expect((await token.json()).agent_id).toBe(agentId);

      const listed = await fetch(fnUrl(`agents/${agentId}/keys`), { headers: { authorization: `Bearer ${adminJwt}` } });
      const { keys } = await listed.json();
      expect(keys.map((k: { id: string }) => k.id)).toContain(key.id);
      expect(JSON.stringify(keys)).not.toContain("key_hash");

      const revoked = await fetch(fnUrl(`agents/${agentId}/keys/${key.id}`), { method: "DELETE", headers: { authorization: `Bearer ${adminJwt}` } });
      expect(revoked.status).toBe(200);
      const again = await fetch(fnUrl(`agents/${agentId}/keys/${key.id}`), { method: "DELETE", headers: { authorization: `Bearer ${adminJwt}` } });
      expect(again.status).toBe(409);

      const refused = await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": key.api_key } });
      expect(refused.status).toBe(401);
    } finally {
      await sql.end();
    }
  });
});
