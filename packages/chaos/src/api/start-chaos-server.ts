import { createServer, type Server } from 'node:http';
import { ChaosErrorCode, conflict } from '../chaos.errors';
import { formatNetworkAddress, parseNetworkAddress } from '../proxy/network-address';
import { ProxyCollection } from '../proxy/proxy-collection';
import { type ChaosApiOptions, createChaosApiHandler } from './chaos-api';

/** Toxiproxy's default control address. */
export const DEFAULT_API_LISTEN = '127.0.0.1:8474';

export interface StartChaosServerOptions extends ChaosApiOptions {
  /** host:port of the control API; DEFAULT_API_LISTEN unless said (port 0: the OS picks). */
  listen?: string;
  /** Proxies to create first, in the shape of a POST /populate body (a Toxiproxy config file). */
  proxies?: unknown;
  /** The toxicity roll; Math.random unless a test wants it fixed. */
  random?: () => number;
}

export interface ChaosServer {
  /** http://host:port of the control API. */
  url: string;
  collection: ProxyCollection;
  /** Stops the API and every proxy, dropping their connections. */
  close(): Promise<void>;
}

/** Starts the control API (and the proxies given), ready when the promise resolves. */
export async function startChaosServer(options: StartChaosServerOptions = {}): Promise<ChaosServer> {
  const address = parseNetworkAddress('listen', options.listen ?? DEFAULT_API_LISTEN);
  const collection = new ProxyCollection(options.random);
  if (options.proxies !== undefined) {
    const result = await collection.populate(options.proxies);
    if (result.error !== undefined) {
      await collection.close();
      throw result.error;
    }
  }
  const handler = createChaosApiHandler(collection, options);
  const server: Server = createServer((request, response) => void handler(request, response));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => resolve());
    });
  } catch (error) {
    await collection.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw conflict(
        ChaosErrorCode.ListenAddressInUse,
        `control API address in use: ${options.listen ?? DEFAULT_API_LISTEN}`,
      );
    }
    throw error;
  }
  const bound = server.address();
  const port = bound && typeof bound === 'object' ? bound.port : address.port;
  return {
    url: `http://${formatNetworkAddress({ host: address.host, port })}`,
    collection,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await collection.close();
    },
  };
}
