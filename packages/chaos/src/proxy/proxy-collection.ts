import { ChaosErrorCode, conflict, invalidInput, notFound } from '../chaos.errors';
import { FaultProxy } from './fault-proxy';

/** A proxy as a create or populate body gives it. */
export interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** Where a proxy listens when the body says nothing: loopback, a port the OS picks. */
export const DEFAULT_LISTEN = '127.0.0.1:0';

/** Reads a create body: name and upstream are required, listen defaults to DEFAULT_LISTEN, enabled to true. */
export function parseProxyInput(body: unknown, position?: number): ProxyInput {
  const where = position === undefined ? '' : ` at proxy ${position}`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput(ChaosErrorCode.BadRequestBody, `bad request body: expected a JSON object${where}`);
  }
  const { name, upstream, listen = DEFAULT_LISTEN, enabled = true } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') {
    throw invalidInput(ChaosErrorCode.MissingField, `missing required field: name${where}`, { field: 'name' });
  }
  if (typeof upstream !== 'string' || upstream === '') {
    throw invalidInput(ChaosErrorCode.MissingField, `missing required field: upstream${where}`, { field: 'upstream' });
  }
  if (typeof listen !== 'string') {
    throw invalidInput(ChaosErrorCode.InvalidAddress, `listen must be host:port${where}`, { field: 'listen' });
  }
  if (typeof enabled !== 'boolean') {
    throw invalidInput(ChaosErrorCode.BadRequestBody, `bad request body: enabled must be true or false${where}`);
  }
  return { name, upstream, listen, enabled };
}

/** The named proxies of one fault-proxy server. */
export class ProxyCollection {
  private readonly proxies = new Map<string, FaultProxy>();

  constructor(private readonly random: () => number = Math.random) {}

  list(): FaultProxy[] {
    return [...this.proxies.values()];
  }

  get(name: string): FaultProxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw notFound(ChaosErrorCode.ProxyNotFound, `proxy not found: ${name}`);
    return proxy;
  }

  /** Creates and (when enabled) starts a proxy; nothing is kept if it cannot listen. */
  async add(input: ProxyInput): Promise<FaultProxy> {
    if (this.proxies.has(input.name)) throw conflict(ChaosErrorCode.ProxyExists, `proxy already exists: ${input.name}`);
    const proxy = new FaultProxy({ ...input, random: this.random });
    if (input.enabled) await proxy.start();
    if (this.proxies.has(input.name)) {
      await proxy.stop();
      throw conflict(ChaosErrorCode.ProxyExists, `proxy already exists: ${input.name}`);
    }
    this.proxies.set(input.name, proxy);
    return proxy;
  }

  /** Populate's rule: a proxy with the same name and addresses is kept as it is, a different one replaced. */
  async addOrReplace(input: ProxyInput): Promise<FaultProxy> {
    const existing = this.proxies.get(input.name);
    if (existing) {
      if (existing.upstream === input.upstream && sameListen(existing.listen, input.listen)) return existing;
      await existing.stop();
      this.proxies.delete(input.name);
    }
    return this.add(input);
  }

  /** Validates every entry first, then creates them in order; stops at the first failure with those made so far. */
  async populate(body: unknown): Promise<{ proxies: FaultProxy[]; error?: unknown }> {
    if (!Array.isArray(body)) {
      throw invalidInput(ChaosErrorCode.BadRequestBody, 'bad request body: expected a JSON array of proxies');
    }
    const inputs = body.map((entry, index) => parseProxyInput(entry, index + 1));
    const proxies: FaultProxy[] = [];
    for (const input of inputs) {
      try {
        proxies.push(await this.addOrReplace(input));
      } catch (error) {
        return { proxies, error };
      }
    }
    return { proxies };
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    this.proxies.delete(name);
    await proxy.stop();
  }

  /** Every proxy enabled again and every toxic removed (Toxiproxy's POST /reset). */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      await proxy.start();
      proxy.resetToxics();
    }
  }

  async close(): Promise<void> {
    for (const proxy of this.proxies.values()) await proxy.stop();
    this.proxies.clear();
  }
}

function sameListen(current: string, wanted: string): boolean {
  return current === wanted;
}
