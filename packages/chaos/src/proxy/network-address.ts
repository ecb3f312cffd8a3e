import { ChaosErrorCode, invalidInput } from '../chaos.errors';

export interface NetworkAddress {
  host: string;
  port: number;
}

/** Reads `host:port` (`[v6]:port` for IPv6; an empty host means every interface, as in Go's net package). */
export function parseNetworkAddress(field: string, value: unknown): NetworkAddress {
  const bad = (why: string) =>
    invalidInput(ChaosErrorCode.InvalidAddress, `${field} must be host:port (${why}), got ${JSON.stringify(value)}`, {
      field,
    });
  if (typeof value !== 'string') throw bad('a string');
  const colon = value.lastIndexOf(':');
  if (colon < 0) throw bad('no port');
  let host = value.slice(0, colon);
  const portText = value.slice(colon + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) throw bad('port 0 to 65535');
  if (/[\s/]/.test(host)) throw bad('a host name or IP address');
  return { host: host === '' ? '0.0.0.0' : host, port: Number(portText) };
}

export function formatNetworkAddress(address: NetworkAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
