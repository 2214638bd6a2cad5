// @ts-check
// A lean HTTP client for load generation: node:http with a keep-alive pool. Node's fetch costs
// several times more CPU per request, and on a 2-core machine the load generator's CPU is taken
// from the server it measures.
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * @param {string} method
 * @param {string} url
 * @param {{ headers?: Record<string, string>, body?: string }} [opts]
 * @returns {Promise<{ status: number, text: string }>}
 */
export function request(method, url, opts = {}) {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers, ...(opts.body !== undefined ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}) };
    const req = http.request(url, { method, agent, headers }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
