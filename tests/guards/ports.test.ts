// The local stack's port allocator never answers a port twice, even when the kernel hands a port
// just released back at once (it did in CI: the database's or the gateway's port was given again,
// and one of two listeners failed with "address in use").
import { describe, expect, it } from "vitest";
import { freePort, portAllocator } from "../../scripts/lib/stack.mjs";

describe("port allocation", () => {
  it("skips a port the kernel hands back again, and releases every port it probed", async () => {
    const kernel = [41633, 41633, 41633, 39113];
    const released: number[] = [];
    const allocate = portAllocator(async () => {
      const port = kernel.shift()!;
      return { port, release: async () => void released.push(port) };
    });
    expect(await allocate()).toBe(41633);
    expect(await allocate()).toBe(39113);
    expect(released.sort()).toEqual([39113, 41633, 41633, 41633]);
  });

  it("answers distinct, bindable ports on this machine", async () => {
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(20);
  });
});
