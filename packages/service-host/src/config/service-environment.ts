import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error';

/** A URL variable where empty means unset (compose files and `.env` files write `NAME=`). */
export const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional())
  .optional();

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `pretty`: one coloured line per entry for a person at a terminal; `json`: one JSON object per line; `auto`: pretty on a TTY. */
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The variables every service reads the same way (each app adds its own and names its database URL variable). */
export const commonEnvironment = {
  CHARTER_DATA_DIR: z.string().min(1).default('.charter'),
  CHARTER_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CHARTER_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  CHARTER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('auto'),
  /** `all`: a line per request; `writes`: mutations, errors and slow requests only; `off`. Unset: `writes`, or `off` when pretty. */
  CHARTER_ACCESS_LOG: z.enum(['all', 'writes', 'off']).optional(),
};

type CommonEnvironment = z.infer<z.ZodObject<typeof commonEnvironment>>;

const portVariable = (defaultPort: number) => z.coerce.number().int().min(0).max(65_535).default(defaultPort);
const hostVariable = () => z.string().min(1).default('127.0.0.1');

/** How a service names its own address and database variables (the rest are common to every service). */
export interface ServiceVariables<Port extends string, Host extends string, DatabaseUrl extends string> {
  port: Port;
  defaultPort: number;
  /** Loopback unless set (containers set 0.0.0.0). */
  host: Host;
  /** Unset: an embedded PostgreSQL in `<CHARTER_DATA_DIR>/<embeddedDatabase>`. */
  databaseUrl: DatabaseUrl;
  embeddedDatabase: string;
}

type ServiceShape<Port extends string, Host extends string, DatabaseUrl extends string> = typeof commonEnvironment &
  Record<Port, ReturnType<typeof portVariable>> &
  Record<Host, ReturnType<typeof hostVariable>> &
  Record<DatabaseUrl, typeof optionalUrl>;

/** The zod shape of every variable a service shares with the others, to spread into the app's own schema. */
export function serviceEnvironment<Port extends string, Host extends string, DatabaseUrl extends string>(
  names: ServiceVariables<Port, Host, DatabaseUrl>,
): ServiceShape<Port, Host, DatabaseUrl> {
  return {
    ...commonEnvironment,
    [names.port]: portVariable(names.defaultPort),
    [names.host]: hostVariable(),
    [names.databaseUrl]: optionalUrl,
  } as ServiceShape<Port, Host, DatabaseUrl>;
}

/** The part of the configuration every service has, from the parsed environment. */
export function serviceConfig<Port extends string, Host extends string, DatabaseUrl extends string>(
  env: CommonEnvironment & Record<Port, number> & Record<Host, string> & Partial<Record<DatabaseUrl, string>>,
  names: ServiceVariables<Port, Host, DatabaseUrl>,
  context: { cwd: string; isTerminal: boolean },
): ServiceConfig {
  return {
    port: env[names.port],
    host: env[names.host],
    database: databaseConfig(env[names.databaseUrl], env, context.cwd, names.embeddedDatabase),
    shutdownTimeoutMs: env.CHARTER_SHUTDOWN_TIMEOUT_MS,
    log: logConfig(env, context.isTerminal),
  };
}

/** What every service's configuration holds, whatever else it adds. */
export interface ServiceConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  shutdownTimeoutMs: number;
  log: LogConfig;
}

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number }
  | { kind: 'embedded'; dataDir: string };

export interface LogConfig {
  level: LogLevel;
  format: LogFormat;
  /** Which requests get an access-log line. */
  access: 'all' | 'writes' | 'off';
}

/**
 * Parses the environment against an app's schema, reporting every bad variable at once as a ConfigError
 * (`path: message`, never the value).
 */
export function parseEnvironment<Schema extends z.ZodType>(
  service: string,
  schema: Schema,
  environment: NodeJS.ProcessEnv,
): z.infer<Schema> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      service,
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** The data directory, absolute (relative values are taken from the working directory). */
export function dataDirectory(env: CommonEnvironment, cwd: string): string {
  return isAbsolute(env.CHARTER_DATA_DIR) ? env.CHARTER_DATA_DIR : resolve(cwd, env.CHARTER_DATA_DIR);
}

/** A server when the app's URL variable is set, else the embedded database in `<data dir>/<embeddedName>`. */
export function databaseConfig(
  url: string | undefined,
  env: CommonEnvironment,
  cwd: string,
  embeddedName: string,
): DatabaseConfig {
  return url
    ? {
        kind: 'postgres',
        url,
        poolSize: env.CHARTER_DB_POOL_SIZE,
        statementTimeoutMs: env.CHARTER_DB_STATEMENT_TIMEOUT_MS,
      }
    : { kind: 'embedded', dataDir: resolve(dataDirectory(env, cwd), embeddedName) };
}

export function logConfig(env: CommonEnvironment, isTerminal: boolean): LogConfig {
  const pretty = env.LOG_FORMAT === 'pretty' || (env.LOG_FORMAT === 'auto' && isTerminal);
  return {
    level: env.LOG_LEVEL,
    format: pretty ? 'pretty' : 'json',
    // A person at a terminal reads what the service does, not a line per request.
    access: env.CHARTER_ACCESS_LOG ?? (pretty ? 'off' : 'writes'),
  };
}
