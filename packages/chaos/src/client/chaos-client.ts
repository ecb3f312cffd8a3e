import type { ProxyView } from '../proxy/fault-proxy';
import type { ToxicAttributes, ToxicDefinition, ToxicStream, ToxicType } from '../toxics/toxic-definition';

export interface CreateProxyInput {
  name: string;
  upstream: string;
  listen?: string;
  enabled?: boolean;
}

export interface AddToxicInput {
  type: ToxicType;
  name?: string;
  stream?: ToxicStream;
  toxicity?: number;
  attributes?: ToxicAttributes;
}

/** A refusal from the control API: Toxiproxy's `error` and `status`, and Charter's `code`. */
export class ChaosApiError extends Error {
  override readonly name = 'ChaosApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A typed client of the fault proxy's control API (any Toxiproxy server answers it too). */
export class ChaosClient {
  constructor(private readonly baseUrl: string) {}

  version(): Promise<{ version: string }> {
    return this.call('GET', '/version');
  }

  listProxies(): Promise<Record<string, ProxyView>> {
    return this.call('GET', '/proxies');
  }

  createProxy(input: CreateProxyInput): Promise<ProxyView> {
    return this.call('POST', '/proxies', input);
  }

  populate(proxies: CreateProxyInput[]): Promise<{ proxies: ProxyView[] }> {
    return this.call('POST', '/populate', proxies);
  }

  getProxy(name: string): Promise<ProxyView> {
    return this.call('GET', `/proxies/${encodeURIComponent(name)}`);
  }

  updateProxy(name: string, input: Partial<Omit<CreateProxyInput, 'name'>>): Promise<ProxyView> {
    return this.call('PATCH', `/proxies/${encodeURIComponent(name)}`, input);
  }

  /** Takes the proxy down: new connections are refused and open ones dropped. */
  disable(name: string): Promise<ProxyView> {
    return this.updateProxy(name, { enabled: false });
  }

  enable(name: string): Promise<ProxyView> {
    return this.updateProxy(name, { enabled: true });
  }

  deleteProxy(name: string): Promise<void> {
    return this.call('DELETE', `/proxies/${encodeURIComponent(name)}`);
  }

  listToxics(proxy: string): Promise<ToxicDefinition[]> {
    return this.call('GET', `/proxies/${encodeURIComponent(proxy)}/toxics`);
  }

  addToxic(proxy: string, input: AddToxicInput): Promise<ToxicDefinition> {
    return this.call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, input);
  }

  getToxic(proxy: string, toxic: string): Promise<ToxicDefinition> {
    return this.call('GET', toxicPath(proxy, toxic));
  }

  updateToxic(
    proxy: string,
    toxic: string,
    input: { toxicity?: number; attributes?: ToxicAttributes },
  ): Promise<ToxicDefinition> {
    return this.call('PATCH', toxicPath(proxy, toxic), input);
  }

  removeToxic(proxy: string, toxic: string): Promise<void> {
    return this.call('DELETE', toxicPath(proxy, toxic));
  }

  /** Every proxy enabled, every toxic removed. */
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const error = (parsed ?? {}) as { error?: string; code?: string };
      throw new ChaosApiError(response.status, error.code ?? 'UNKNOWN', error.error ?? `HTTP ${response.status}`);
    }
    return parsed as T;
  }
}

function toxicPath(proxy: string, toxic: string): string {
  return `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`;
}
