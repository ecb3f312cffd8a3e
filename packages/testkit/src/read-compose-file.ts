import { parse } from 'yaml';

export interface ComposePort {
  /** As written (an address, a port, a range or a `${…}`), or undefined for an ephemeral host port. */
  published: string | undefined;
  /** The port inside the container. */
  target: number;
}

export interface ComposeService {
  name: string;
  image: string | undefined;
  build: { context: string; dockerfile: string | undefined } | undefined;
  /** As the container gets them (a list entry without `=` or a null value is taken from the caller's shell: ''). */
  environment: Record<string, string>;
  ports: ComposePort[];
  /** Short syntax `source:target[:mode]`, or the long syntax's `source` and `target`. */
  volumes: Array<{ source: string | undefined; target: string }>;
  dependsOn: Record<string, string>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: string[];
}

/** Reads what a docker-compose.yml says about its services, in both the short and the long syntaxes. */
export function readComposeFile(text: string): ComposeFile {
  const document = (parse(text) ?? {}) as {
    services?: Record<string, Record<string, unknown>>;
    volumes?: Record<string, unknown>;
  };
  const services: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(document.services ?? {})) {
    services[name] = {
      name,
      image: service.image as string | undefined,
      build: readBuild(service.build),
      environment: readEnvironment(service.environment),
      ports: ((service.ports as unknown[] | undefined) ?? []).map(readPort),
      volumes: ((service.volumes as unknown[] | undefined) ?? []).map(readVolume),
      dependsOn: readDependsOn(service.depends_on),
    };
  }
  return { services, volumes: Object.keys(document.volumes ?? {}) };
}

function readBuild(build: unknown): ComposeService['build'] {
  if (build === undefined) return undefined;
  if (typeof build === 'string') return { context: build, dockerfile: undefined };
  const { context, dockerfile } = build as { context?: string; dockerfile?: string };
  return { context: context ?? '.', dockerfile };
}

function readEnvironment(environment: unknown): Record<string, string> {
  const entries: Array<[string, unknown]> = Array.isArray(environment)
    ? environment.map((entry: string) => {
        const separator = entry.indexOf('=');
        return separator === -1 ? [entry, ''] : [entry.slice(0, separator), entry.slice(separator + 1)];
      })
    : Object.entries((environment as Record<string, unknown> | undefined) ?? {});
  return Object.fromEntries(entries.map(([name, value]) => [name, value === null ? '' : String(value)]));
}

function readPort(port: unknown): ComposePort {
  if (typeof port === 'object' && port !== null) {
    const { target, published } = port as { target: number | string; published?: number | string };
    return { target: Number(target), published: published === undefined ? undefined : String(published) };
  }
  const text = String(port).replace(/\/(tcp|udp)$/, '');
  const separator = text.lastIndexOf(':');
  return {
    target: Number(text.slice(separator + 1)),
    published: separator === -1 ? undefined : text.slice(0, separator),
  };
}

function readVolume(volume: unknown): ComposeService['volumes'][number] {
  if (typeof volume === 'object' && volume !== null) {
    const { source, target } = volume as { source?: string; target: string };
    return { source, target };
  }
  const [first = '', second, ...rest] = String(volume).split(':');
  return second === undefined || (rest.length === 0 && /^(ro|rw|z|Z)$/.test(second))
    ? { source: undefined, target: first }
    : { source: first, target: second };
}

function readDependsOn(dependsOn: unknown): Record<string, string> {
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries((dependsOn as Record<string, { condition?: string }> | undefined) ?? {}).map(([name, value]) => [
      name,
      value?.condition ?? 'service_started',
    ]),
  );
}
