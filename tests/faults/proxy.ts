// A TCP proxy that breaks connections on demand: between the functions and Postgres (cut every
// connection at once, mid-statement) or between the client and the functions (deliver the request,
// then cut the connection as the answer starts to come back, so the server did the work and the
// client never hears of it).
import { createServer, type Server, Socket } from "node:net";

export class TcpProxy {
  private server: Server;
  private pairs = new Set<[Socket, Socket]>();
  port = 0;
  /** Probability that a connection is cut as soon as the upstream's answer arrives. */
  cutAnswers = 0;
  cuts = 0;

  constructor(private readonly upstreamPort: number) {
    this.server = createServer((client) => {
      const upstream = new Socket();
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
      upstream.connect(this.upstreamPort, "127.0.0.1", () => {
        client.pipe(upstream);
      });
      upstream.on("data", (chunk) => {
        if (this.cutAnswers > 0 && Math.random() < this.cutAnswers) {
          this.cuts++;
          end();
          return;
        }
        client.write(chunk);
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Cuts every open connection now. Returns how many were cut. */
  dropAll(): number {
    const n = this.pairs.size;
    for (const [a, b] of [...this.pairs]) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
    this.cuts += n;
    return n;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
