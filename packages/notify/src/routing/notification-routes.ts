import { parseDocument } from 'yaml';
import { z } from 'zod';

export const CHANNELS = ['slack', 'pagerduty', 'github', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where one kind of message goes. Secrets (`routingKey`, `token`, `secret`, and Slack's URL) stay in memory. */
export interface Endpoint {
  channel: Channel;
  url: string;
  /** PagerDuty's integration key (Events API v2 `routing_key`). */
  routingKey?: string;
  /** A bearer token sent as `Authorization` (GitHub's API). */
  token?: string;
  /** An HMAC secret: deliveries carry `charter-signature` (required for `webhook`). */
  secret?: string;
}

/** Which endpoints hear about which team's assets; `fallback` hears about assets no routed team owns. */
export interface NotificationRoutes {
  endpoints: Record<string, Endpoint>;
  teams: Record<string, string[]>;
  fallback: string[];
}

export interface RoutesProblem {
  /** A JSON pointer into the file (`/endpoints/orders-slack/url`). */
  path: string;
  message: string;
}

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be a lowercase name (a-z, 0-9, . _ -)');
const webUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL');

const endpointSchema = z
  .object({
    channel: z.enum(CHANNELS),
    url: webUrl,
    routingKey: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    secret: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .strict()
  .superRefine((endpoint, context) => {
    const require = (key: 'routingKey' | 'token' | 'secret', why: string) => {
      if (endpoint[key] === undefined) context.addIssue({ code: 'custom', path: [key], message: `required ${why}` });
    };
    if (endpoint.channel === 'pagerduty') require('routingKey', 'for a pagerduty endpoint (Events API v2)');
    if (endpoint.channel === 'github') require('token', 'for a github endpoint (the API needs a token)');
    if (endpoint.channel === 'webhook') require('secret', 'for a webhook endpoint (deliveries are signed)');
  });

const routesSchema = z
  .object({
    endpoints: z.record(name, endpointSchema),
    teams: z.record(z.string().min(1), z.array(name)).default({}),
    fallback: z.array(name).default([]),
  })
  .strict();

/** `${NAME}` in a string, read from the environment, so URLs and keys stay out of the file. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Reads a notification routes file (YAML). `${NAME}` anywhere in an endpoint's values is replaced from `env`; an unset
 * variable is a problem, not an empty string. Every problem is listed, with its line where the file has one; values
 * are never echoed (they may be secrets).
 */
export function parseNotificationRoutes(
  text: string,
  env: Record<string, string | undefined>,
): { routes?: NotificationRoutes; problems: RoutesProblem[] } {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({ path: '/', message: lineOf(text, error.pos[0], error.message) })),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { problems: [{ path: '/', message: (error as Error).message }] };
  }
  const problems: RoutesProblem[] = [];
  const value = interpolate(raw, env, '', problems);
  const parsed = routesSchema.safeParse(value);
  if (!parsed.success) {
    // A value whose variable is unset has its problem already; what it became ('') is no news.
    const unset = new Set(problems.map(({ path }) => path));
    for (const issue of parsed.error.issues) {
      const path = `/${issue.path.map(String).join('/')}`;
      if (!unset.has(path)) problems.push({ path, message: issue.message });
    }
  }
  if (!parsed.success || problems.length > 0) return { problems };
  const routes = parsed.data;
  const known = (list: string[], where: string) =>
    list.forEach((endpoint, index) => {
      if (!(endpoint in routes.endpoints)) {
        problems.push({ path: `${where}/${index}`, message: `no endpoint named "${endpoint}" under /endpoints` });
      }
    });
  for (const [team, list] of Object.entries(routes.teams)) known(list, `/teams/${team}`);
  known(routes.fallback, '/fallback');
  return problems.length > 0 ? { problems } : { routes, problems };
}

function interpolate(
  value: unknown,
  env: Record<string, string | undefined>,
  path: string,
  problems: RoutesProblem[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(VARIABLE, (_match, variable: string) => {
      const found = env[variable];
      if (found === undefined || found === '') {
        problems.push({ path, message: `environment variable ${variable} is not set` });
        return '';
      }
      return found;
    });
  }
  if (Array.isArray(value))
    return value.map((item, index): unknown => interpolate(item, env, `${path}/${index}`, problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]): [string, unknown] => [
        key,
        interpolate(item, env, `${path}/${key}`, problems),
      ]),
    );
  }
  return value;
}

function lineOf(text: string, offset: number, message: string): string {
  const line = text.slice(0, offset).split('\n').length;
  return `line ${line}: ${message.split('\n')[0]}`;
}
