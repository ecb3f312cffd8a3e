import path from 'node:path';
import { commonEnvironment, type LogConfig, logConfig, parseEnvironment } from '@charter/service-host';
import { z } from 'zod';

/** Where the built SPA is, beside this file once built (dist/server → dist/app). */
export const DEFAULT_APP_DIR = path.resolve(__dirname, '..', '..', 'app');

const environment = z.object({
  ...commonEnvironment,
  CHARTER_WEB_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  CHARTER_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  CHARTER_REGISTRY_URL: z.url().default('http://localhost:8081'),
  CHARTER_LINEAGE_URL: z.url().default('http://localhost:5000'),
  /** The built SPA (apps/web/dist/app unless said). */
  CHARTER_WEB_APP_DIR: z.string().min(1).optional(),
  /** How long the proxy waits for a service's answer before a 504. */
  CHARTER_WEB_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
});

export interface WebConfig {
  port: number;
  host: string;
  registryUrl: string;
  lineageUrl: string;
  appDir: string;
  upstreamTimeoutMs: number;
  shutdownTimeoutMs: number;
  log: LogConfig;
}

/** The console server's configuration, from the environment (throws ConfigError listing every bad variable). */
export function loadWebConfig(
  env: NodeJS.ProcessEnv,
  context: { cwd: string; isTerminal: boolean } = { cwd: process.cwd(), isTerminal: process.stdout.isTTY === true },
): WebConfig {
  const parsed = parseEnvironment('web', environment, env);
  return {
    port: parsed.CHARTER_WEB_PORT,
    host: parsed.CHARTER_WEB_HOST,
    registryUrl: parsed.CHARTER_REGISTRY_URL.replace(/\/+$/, ''),
    lineageUrl: parsed.CHARTER_LINEAGE_URL.replace(/\/+$/, ''),
    appDir: parsed.CHARTER_WEB_APP_DIR ? path.resolve(context.cwd, parsed.CHARTER_WEB_APP_DIR) : DEFAULT_APP_DIR,
    upstreamTimeoutMs: parsed.CHARTER_WEB_UPSTREAM_TIMEOUT_MS,
    shutdownTimeoutMs: parsed.CHARTER_SHUTDOWN_TIMEOUT_MS,
    log: logConfig(parsed, context.isTerminal),
  };
}
