import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';

/**
 * How the proxy treats traffic:
 * - `forward`: pass bytes both ways;
 * - `refuse`: the database "stopped": the port refuses connections and open ones are reset;
 * - `blackhole`: a network partition: connections stay open (and new ones are accepted) but no
 *   byte gets through until `restore()`, which delivers what was held, like TCP after the heal.
 */
export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

interface Pair {
  client: Socket;
  upstream?: Socket;
  heldUp: Buffer[];
  heldDown: Buffer[];
  clientGone: boolean;
  upstreamGone: boolean;
}

/** A TCP proxy on 127.0.0.1 in front of PostgreSQL that a test can cut and restore. */
export class TcpProxy {
  private modeValue: ProxyMode = 'forward';
  private readonly pairs = new Set<Pair>();
  private server: Server;
  private portValue = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = this.newServer();
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.listen(0);
    return proxy;
  }

  /** The proxy's port for `url` (a postgres:// URL of the target). */
  static forUrl(url: string): Promise<TcpProxy> {
    const parsed = new URL(url);
    return TcpProxy.start({ host: parsed.hostname, port: Number(parsed.port || 5432) });
  }

  get port(): number {
    return this.portValue;
  }

  get mode(): ProxyMode {
    return this.modeValue;
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.portValue);
    return parsed.toString();
  }

  async cut(mode: Exclude<ProxyMode, 'forward'>): Promise<void> {
    this.modeValue = mode;
    if (mode === 'refuse') {
      // Stop listening first, then reset what is open (close() waits for open connections).
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const pair of this.pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      this.pairs.clear();
      await closed;
    }
  }

  async restore(): Promise<void> {
    const previous = this.modeValue;
    this.modeValue = 'forward';
    if (previous === 'refuse') {
      this.server = this.newServer();
      await this.listen(this.portValue);
      return;
    }
    for (const pair of [...this.pairs]) {
      if (pair.clientGone) {
        pair.upstream?.destroy();
        this.pairs.delete(pair);
        continue;
      }
      if (pair.upstreamGone) {
        pair.client.destroy();
        this.pairs.delete(pair);
        continue;
      }
      if (!pair.upstream) this.connectUpstream(pair);
      for (const chunk of pair.heldUp.splice(0)) pair.upstream!.write(chunk);
      for (const chunk of pair.heldDown.splice(0)) pair.client.write(chunk);
    }
  }

  async close(): Promise<void> {
    const closed = this.server.listening
      ? new Promise<void>((resolve) => this.server.close(() => resolve()))
      : Promise.resolve();
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
    await closed;
  }

  private get holding(): boolean {
    return this.modeValue === 'blackhole';
  }

  private newServer(): Server {
    return createServer((client) => this.accept(client));
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.portValue = (this.server.address() as AddressInfo).port;
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, heldUp: [], heldDown: [], clientGone: false, upstreamGone: false };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => {
      if (this.holding || !pair.upstream) pair.heldUp.push(chunk);
      else pair.upstream.write(chunk);
    });
    client.on('close', () => {
      pair.clientGone = true;
      // In a partition the server learns about it only once the network heals.
      if (this.holding) return;
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (!this.holding) {
      this.connectUpstream(pair);
      for (const chunk of pair.heldUp.splice(0)) pair.upstream!.write(chunk);
    }
  }

  private connectUpstream(pair: Pair): void {
    const upstream = connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('data', (chunk: Buffer) => {
      if (this.holding) pair.heldDown.push(chunk);
      else pair.client.write(chunk);
    });
    upstream.on('close', () => {
      pair.upstreamGone = true;
      if (this.holding) return;
      pair.client.destroy();
      this.pairs.delete(pair);
    });
  }
}
