// pnpm bench:web — the console's first page load from a cold cache, measured by headless Chromium's navigation
// timing against the built console served by its own server, and the size of every chunk Vite built.
// Each run is a new browser context (empty HTTP cache, no service worker, no sessionStorage). Two pages:
//   sign-in   the first thing a new user sees: index.html, the shell chunk, the stylesheet, the form rendered;
//   subjects  a signed-in user opening /subjects: the shell, the subjects chunk, /whoami and /catalog/subjects
//             through the proxy from a real registry holding contracts/, and the table rendered.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { applyContractsDirectory, authorizationHeader } from '@charter/cli';
import { startTestRegistry } from '@charter/registry/testing';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { createWebServer, loadWebConfig } from '../server/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(HERE, '..');
const APP_DIR = path.join(WEB, 'dist', 'app');
const CONTRACTS = path.resolve(WEB, '..', '..', 'contracts');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const BUDGET_MS = 1_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function chunkSizes() {
  const assets = path.join(APP_DIR, 'assets');
  return readdirSync(assets)
    .map((file) => {
      const bytes = readFileSync(path.join(assets, file));
      return { file, raw: statSync(path.join(assets, file)).size, gzip: gzipSync(bytes).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

const registry = await startTestRegistry();
const adminKey = `${registry.adminKey.keyId}:${registry.adminKey.secret}`;
const applied = await applyContractsDirectory({
  root: CONTRACTS,
  registryUrl: registry.url,
  headers: authorizationHeader({ key: adminKey }),
});
if (!applied.ok) throw new Error('contracts/ did not apply');
const config = loadWebConfig(
  {
    CHARTER_WEB_PORT: '0',
    CHARTER_REGISTRY_URL: registry.url,
    // The two pages measured make no lineage request.
    CHARTER_LINEAGE_URL: 'http://127.0.0.1:9',
    CHARTER_WEB_APP_DIR: APP_DIR,
    CHARTER_ACCESS_LOG: 'off',
  },
  { cwd: process.cwd(), isTerminal: false },
);
const web = await createWebServer(config, pino({ level: 'silent' }));
await web.fastify.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(web.fastify.server.address() as { port: number }).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHARTER_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});

interface Sample {
  ttfb: number;
  domContentLoaded: number;
  load: number;
  rendered: number;
  requests: number;
  bytes: number;
}

async function measure(pathname: string, ready: string, key?: string): Promise<Sample> {
  const context = await browser.newContext();
  if (key) await context.addInitScript((value) => sessionStorage.setItem('charter.console.key', value), key);
  const page = await context.newPage();
  await page.goto(`${url}${pathname}`);
  await page.locator(ready).first().waitFor();
  const sample = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      ttfb: navigation!.responseStart,
      domContentLoaded: navigation!.domContentLoadedEventEnd,
      load: navigation!.loadEventEnd,
      rendered: performance.now(),
      requests: resources.length + 1,
      bytes: navigation!.transferSize + resources.reduce((sum, entry) => sum + entry.transferSize, 0),
    };
  });
  await context.close();
  return sample;
}

const pages = [
  { name: 'sign-in', path: '/', ready: 'button[type=submit]' },
  { name: 'subjects', path: '/subjects', ready: '[data-testid=subjects-table] tbody tr', key: adminKey },
];
const results: Array<Record<string, string | number>> = [];
let overBudget = false;
try {
  for (const target of pages) {
    await measure(target.path, target.ready, target.key); // the server's own first request (file stat, TLS-free warm-up)
    const samples: Sample[] = [];
    for (let run = 0; run < RUNS; run++) samples.push(await measure(target.path, target.ready, target.key));
    const rendered = samples.map((sample) => sample.rendered);
    if (percentile(rendered, 95) >= BUDGET_MS) overBudget = true;
    results.push({
      page: target.name,
      runs: RUNS,
      'TTFB p50 ms': Math.round(
        percentile(
          samples.map((s) => s.ttfb),
          50,
        ),
      ),
      'DOMContentLoaded p50 ms': Math.round(
        percentile(
          samples.map((s) => s.domContentLoaded),
          50,
        ),
      ),
      'load p50 ms': Math.round(
        percentile(
          samples.map((s) => s.load),
          50,
        ),
      ),
      'rendered p50 ms': Math.round(percentile(rendered, 50)),
      'rendered p95 ms': Math.round(percentile(rendered, 95)),
      'rendered max ms': Math.round(Math.max(...rendered)),
      requests: samples[0]!.requests,
      transferred: kb(samples[0]!.bytes),
    });
  }
} finally {
  await browser.close();
  await web.close();
  await registry.close();
}

console.log(`\nFirst load from a cold cache (new browser context per run), budget ${BUDGET_MS} ms:`);
console.table(results);
console.log('\nChunks (dist/app/assets):');
console.table(chunkSizes().map((chunk) => ({ chunk: chunk.file, raw: kb(chunk.raw), gzip: kb(chunk.gzip) })));
if (overBudget) {
  console.error(`a page's p95 first render is over ${BUDGET_MS} ms`);
  process.exitCode = 1;
}
