import type { LRParser } from '@lezer/lr';

/**
 * Prometheus's own PromQL grammar (the one its web UI uses). The package declares its types for ESM only; its
 * CommonJS build is the same parser, loaded here with require so this package stays CommonJS.
 */
export const promqlParser: LRParser = (require('@prometheus-io/lezer-promql') as { parser: LRParser }).parser;
