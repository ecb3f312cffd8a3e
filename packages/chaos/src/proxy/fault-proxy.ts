import { connect, createServer, type Server, type Socket } from 'node:net';
import { ChaosErrorCode, conflict, invalidInput, notFound } from '../chaos.errors';
import {
  parseToxicDefinition,
  type ToxicDefinition,
  type ToxicStream,
  updateToxicDefinition,
} from '../toxics/toxic-definition';
import { formatNetworkAddress, parseNetworkAddress } from './network-address';
import { ProxyConnection } from './proxy-connection';

/** A proxy as the API shows it: Toxiproxy's JSON shape. */
export interface ProxyView {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicDefinition[];
}

export interface ProxyOptions {
  name: string;
  listen: string;
  upstream: string;
  random?: () => number;
}

/**
 * A named TCP listener that pipes each client to `upstream` through the proxy's toxics. Disabled ("down"), it
 * listens no more (new connections are refused) and drops the connections it had.
 */
export class FaultProxy {
  readonly name: string;
  /** The address asked for until started, then the one bound (a port 0 becomes the real port). */
  listen: string;
  upstream: string;
  private server: Server | undefined;
  private readonly connections = new Set<ProxyConnection>();
  private readonly toxics: Record<ToxicStream, ToxicDefinition[]> = { upstream: [], downstream: [] };
  private readonly random: () => number;

  constructor(options: ProxyOptions) {
    parseNetworkAddress('listen', options.listen);
    parseNetworkAddress('upstream', options.upstream);
    this.name = options.name;
    this.listen = options.listen;
    this.upstream = options.upstream;
    this.random = options.random ?? Math.random;
  }

  get enabled(): boolean {
    return this.server !== undefined;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts listening; a port in use is a Conflict, an address that cannot be bound an InvalidInput. */
  async start(): Promise<void> {
    if (this.server) return;
    const address = parseNetworkAddress('listen', this.listen);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        throw conflict(ChaosErrorCode.ListenAddressInUse, `listen address in use: ${this.listen}`);
      }
      throw invalidInput(
        ChaosErrorCode.InvalidAddress,
        `cannot listen on ${this.listen}: ${error.code ?? error.message}`,
      );
    });
    server.on('error', () => undefined);
    const bound = server.address();
    if (bound && typeof bound === 'object')
      this.listen = formatNetworkAddress({ host: bound.address, port: bound.port });
    this.server = server;
  }

  /** Stops listening and drops every open connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    await closed;
  }

  /** Applies an update body ({listen, upstream, enabled}), restarting the listener when an address changed. */
  async update(input: { listen?: unknown; upstream?: unknown; enabled?: unknown }): Promise<void> {
    const listen = input.listen === undefined ? this.listen : input.listen;
    const upstream = input.upstream === undefined ? this.upstream : input.upstream;
    const enabled = input.enabled === undefined ? this.enabled : input.enabled;
    const listenAddress = formatNetworkAddress(parseNetworkAddress('listen', listen));
    parseNetworkAddress('upstream', upstream);
    if (typeof enabled !== 'boolean') {
      throw invalidInput(ChaosErrorCode.BadRequestBody, 'bad request body: enabled must be true or false');
    }
    if (listenAddress !== this.listen || upstream !== this.upstream) {
      await this.stop();
      this.listen = listenAddress;
      this.upstream = upstream as string;
    }
    if (enabled) await this.start();
    else await this.stop();
  }

  listToxics(): ToxicDefinition[] {
    return [...this.toxics.upstream, ...this.toxics.downstream];
  }

  getToxic(name: string): ToxicDefinition {
    const toxic = this.listToxics().find((candidate) => candidate.name === name);
    if (!toxic) throw notFound(ChaosErrorCode.ToxicNotFound, `toxic not found: ${name}`);
    return toxic;
  }

  addToxic(body: unknown): ToxicDefinition {
    const toxic = parseToxicDefinition(body);
    if (this.listToxics().some((candidate) => candidate.name === toxic.name)) {
      throw conflict(ChaosErrorCode.ToxicExists, `toxic already exists: ${toxic.name}`);
    }
    this.toxics[toxic.stream].push(toxic);
    this.syncConnections();
    return toxic;
  }

  updateToxic(name: string, body: unknown): ToxicDefinition {
    const current = this.getToxic(name);
    const updated = updateToxicDefinition(current, body);
    const list = this.toxics[current.stream];
    list[list.indexOf(current)] = updated;
    this.syncConnections();
    return updated;
  }

  removeToxic(name: string): void {
    const current = this.getToxic(name);
    const list = this.toxics[current.stream];
    list.splice(list.indexOf(current), 1);
    this.syncConnections();
  }

  resetToxics(): void {
    this.toxics.upstream = [];
    this.toxics.downstream = [];
    this.syncConnections();
  }

  toJSON(): ProxyView {
    return {
      name: this.name,
      listen: this.listen,
      upstream: this.upstream,
      enabled: this.enabled,
      toxics: this.listToxics(),
    };
  }

  private syncConnections(): void {
    for (const connection of this.connections) connection.syncToxics();
  }

  private accept(client: Socket): void {
    const address = parseNetworkAddress('upstream', this.upstream);
    const upstream = connect({ host: address.host, port: address.port, allowHalfOpen: true });
    const connection = new ProxyConnection({
      client,
      upstream,
      toxics: (stream) => this.toxics[stream],
      random: this.random,
      onClosed: () => this.connections.delete(connection),
    });
    this.connections.add(connection);
  }
}
