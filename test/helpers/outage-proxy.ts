import { AddressInfo, createConnection, createServer, NetConnectOpts, Server, Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream?: Socket;
  silent: boolean;
}

/**
 * A TCP proxy, in the test process, between the app under test and one real service, to simulate
 * that service's outage without touching it (other test runs share it):
 * - `refuse()`: stops listening and drops every connection (connection refused, as when it is down);
 * - `blackhole()`: accepts connections but never answers (as behind a dead link or a hung server),
 *   leaving open connections silent too unless `dropExisting`;
 * - `restore()`: forwards again, on the same port.
 */
export class OutageProxy {
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();
  private mode: 'open' | 'refuse' | 'blackhole' = 'open';
  port = 0;

  private constructor(private readonly target: NetConnectOpts) {
    this.server = createServer((client) => this.accept(client));
  }

  /** Forwards 127.0.0.1:<port> to a TCP address (`{ host, port }`) or a Unix socket (`{ path }`). */
  static async start(target: NetConnectOpts): Promise<OutageProxy> {
    const proxy = new OutageProxy(target);
    await proxy.listen();
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async refuse(): Promise<void> {
    this.mode = 'refuse';
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const pair of this.pairs) this.drop(pair);
    await closed;
  }

  blackhole(options: { dropExisting?: boolean } = {}): void {
    this.mode = 'blackhole';
    for (const pair of this.pairs) {
      if (options.dropExisting) this.drop(pair);
      else this.silence(pair);
    }
  }

  async restore(): Promise<void> {
    const wasRefusing = this.mode === 'refuse';
    this.mode = 'open';
    // Bytes were swallowed on silent connections: their protocol state is lost, as after a real cut.
    for (const pair of this.pairs) if (pair.silent) this.drop(pair);
    if (wasRefusing) await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    for (const pair of this.pairs) this.drop(pair);
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private listen(port = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, silent: false };
    this.pairs.add(pair);
    client.on('error', () => client.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (this.mode !== 'open') {
      this.silence(pair);
      return;
    }
    const upstream = createConnection(this.target);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private silence(pair: Pair): void {
    pair.silent = true;
    pair.client.unpipe();
    pair.upstream?.unpipe();
    pair.upstream?.pause();
    // Read and discard: the peer's writes succeed, and no answer ever comes.
    pair.client.on('data', () => undefined);
    pair.client.resume();
  }

  private drop(pair: Pair): void {
    pair.client.destroy();
    pair.upstream?.destroy();
    this.pairs.delete(pair);
  }
}
