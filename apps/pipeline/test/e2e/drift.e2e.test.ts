import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RecordedRequest, type RecordingServer, startRecordingServer, waitUntil } from '@charter/testkit';
import {
  CONTRACTS_DIR,
  type PipelineServices,
  startPipelineServices,
  startTestPipeline,
  type TestPipeline,
} from '../support/test-pipeline';

/**
 * Drift in the running system: the sample pipeline on real services (a registry holding a copy of contracts/ whose
 * orders contract closes a window every 200 records with a two-window baseline, the Kafka-protocol broker,
 * PostgreSQL, Redis) and a recording server as the orders team's webhook. A stationary stream raises nothing; a
 * shifted one is flagged in its first window — on the pipeline's /metrics, in the registry's drift events, and as one
 * notification per event to the owners.
 *
 * Shifts tried: the currency mix turned around (EUR-heavy to GBP-heavy) and amounts tripled, in the same window. The
 * stationary stream is seeded, with no nullable field that varies (a 200-record window cannot tell a null-rate rise
 * of five points from sampling noise at a useful false-alarm rate; ADR 0013 sets the defaults for 10 000).
 */
const WINDOW = 200;
const BASELINE_WINDOWS = 2;
const KS_ALPHA = 1e-7;
const STATIONARY_TESTED_WINDOWS = 5;
const HOOK_SECRET = 'drift-webhook-secret-0123456789abcdef';
const ROUTES = `
endpoints:
  orders-hook: { channel: webhook, url: "\${RECEIVER}/webhook/orders", secret: "\${HOOK_SECRET}" }
  platform-hook: { channel: webhook, url: "\${RECEIVER}/webhook/platform", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-hook]
fallback: [platform-hook]
`;

let scratch: string;
let receiver: RecordingServer;
let services: PipelineServices;
let pipeline: TestPipeline;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'charter-drift-e2e-'));
  const contractsDir = path.join(scratch, 'contracts');
  cpSync(CONTRACTS_DIR, contractsDir, {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(CONTRACTS_DIR, 'samples')),
  });
  const contractFile = path.join(contractsDir, 'orders', 'contract.odcs.yaml');
  const contract = readFileSync(contractFile, 'utf8');
  const small = contract
    .replace(/^( +)windowRecords: 10000$/m, `$1windowRecords: ${WINDOW}`)
    .replace(/^( +)baselineWindows: 3$/m, `$1baselineWindows: ${BASELINE_WINDOWS}`)
    // At α = 0.001 a KS test over 200-record windows would cry wolf in about one run of 200 (five windows, several
    // numeric fields); 1e-7 keeps the stationary part quiet and still flags the tripled amounts (D far above 0.3).
    .replace(/^( +)ksAlpha: 0\.001$/m, `$1ksAlpha: ${KS_ALPHA}`);
  expect(
    small.match(
      new RegExp(`windowRecords: ${WINDOW}\\n|baselineWindows: ${BASELINE_WINDOWS}\\n|ksAlpha: ${KS_ALPHA}\\n`, 'g'),
    ),
  ).toHaveLength(3);
  writeFileSync(contractFile, small);
  writeFileSync(path.join(scratch, 'notifications.yaml'), ROUTES);
  receiver = await startRecordingServer();
  services = await startPipelineServices({
    contractsDir,
    registryEnv: {
      CHARTER_NOTIFY_ROUTES: path.join(scratch, 'notifications.yaml'),
      CHARTER_NOTIFY_MAX_ATTEMPTS: '2',
      RECEIVER: receiver.origin,
      HOOK_SECRET,
    },
  });
  pipeline = await startTestPipeline(services);
}, 60_000);
afterAll(async () => {
  await pipeline?.close();
  await services?.close();
  await receiver?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A seeded stream of valid orders: the currency mix and the amounts' scale are what a shift changes. */
function orders(count: number, seed: number, mix: { currencies: Array<[string, number]>; amountScale: number }) {
  const random = mulberry32(seed);
  const pick = <T>(weighted: Array<[T, number]>): T => {
    let left = random();
    for (const [value, weight] of weighted) {
      left -= weight;
      if (left < 0) return value;
    }
    return weighted.at(-1)![0];
  };
  const statuses: Array<[string, number]> = [
    ['PLACED', 0.3],
    ['PAID', 0.4],
    ['SHIPPED', 0.2],
    ['CANCELLED', 0.05],
    ['REFUNDED', 0.05],
  ];
  return Array.from({ length: count }, (_, n) => {
    // Log-normal amounts around 30 EUR (Box–Muller).
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return {
      order_id: randomUUID(),
      customer_id: `c-${Math.floor(random() * 5_000)}`,
      amount_cents: Math.round(Math.exp(8 + 0.5 * normal) * mix.amountScale),
      currency: pick(mix.currencies),
      status: pick(statuses),
      placed_at: 1_793_500_000_000 + n * 1_000,
      coupon_code: null,
      shipping_address: null,
    };
  });
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STATIONARY = {
  currencies: [
    ['EUR', 0.6],
    ['USD', 0.3],
    ['GBP', 0.1],
  ] as Array<[string, number]>,
  amountScale: 1,
};
const SHIFTED = {
  currencies: [
    ['EUR', 0.1],
    ['USD', 0.3],
    ['GBP', 0.6],
  ] as Array<[string, number]>,
  amountScale: 3,
};

async function send(records: unknown[]): Promise<void> {
  for (let start = 0; start < records.length; start += WINDOW) {
    const response = await fetch(`${pipeline.url}/orders/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(records.slice(start, start + WINDOW)),
    });
    const body = (await response.json()) as { accepted: number; rejected: number };
    expect({ status: response.status, rejected: body.rejected }).toEqual({ status: 202, rejected: 0 });
  }
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The pipeline's /metrics, parsed (Prometheus text format). */
async function scrape(): Promise<Sample[]> {
  const text = await (await fetch(`${pipeline.url}/metrics`)).text();
  return text.split('\n').flatMap((line) => {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

function sampleValue(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )?.value;
}

const windowsClosed = (phase: 'baseline' | 'tested') => async () =>
  sampleValue(await scrape(), 'charter_drift_windows_total', { contract: 'orders', phase }) ?? 0;

interface StoredDriftEvent {
  event_id: string;
  contract: string;
  contract_version: string | null;
  source: string;
  field: string;
  test: string;
  statistic: number;
  threshold: number;
  window: { count: number };
  baseline: { windows: number; count: number };
}

async function storedEvents(): Promise<StoredDriftEvent[]> {
  const answer = await services.registry.http.get<{ events: StoredDriftEvent[] }>('/contracts/orders/drift-events');
  expect(answer.status).toBe(200);
  return answer.body.events;
}

const driftNotices = () =>
  receiver.requests
    .map((request: RecordedRequest) => ({
      url: request.url,
      body: JSON.parse(request.body) as { type: string; notice: { key: string; field: string; test: string } },
    }))
    .filter((delivery) => delivery.body.type === 'drift.detected');

describe('drift detection in the sample pipeline', () => {
  it('raises nothing on a stationary stream: baseline windows, then tested windows, no event', async () => {
    await send(orders(WINDOW * (BASELINE_WINDOWS + STATIONARY_TESTED_WINDOWS), 15, STATIONARY));
    await waitUntil(windowsClosed('tested'), (closed) => closed === STATIONARY_TESTED_WINDOWS, {
      timeoutMs: 20_000,
      what: `${STATIONARY_TESTED_WINDOWS} stationary windows tested against the baseline`,
    });
    const samples = await scrape();
    expect(sampleValue(samples, 'charter_drift_windows_total', { contract: 'orders', phase: 'baseline' })).toBe(
      BASELINE_WINDOWS,
    );
    // Every test of the last window ran and stayed under its threshold.
    const statistics = samples.filter((sample) => sample.name === 'charter_drift_statistic');
    expect(statistics.map((sample) => `${sample.labels.field}/${sample.labels.test}`)).toEqual(
      expect.arrayContaining(['currency/psi', 'status/psi', 'amount_cents/ks', 'amount_cents/null-rate']),
    );
    for (const sample of statistics) {
      const threshold = sampleValue(samples, 'charter_drift_threshold', sample.labels);
      expect({ ...sample.labels, below: sample.value <= threshold! }).toEqual({ ...sample.labels, below: true });
    }
    expect(samples.filter((sample) => sample.name === 'charter_drift_events_total')).toEqual([]);
    expect(await storedEvents()).toEqual([]);
    expect(driftNotices()).toEqual([]);
  }, 40_000);

  it('flags a shifted window at once: the gauges, the registry’s record, one notification per event', async () => {
    await send(orders(WINDOW, 16, SHIFTED));
    await waitUntil(windowsClosed('tested'), (closed) => closed === STATIONARY_TESTED_WINDOWS + 1, {
      timeoutMs: 15_000,
      what: 'the shifted window tested',
    });
    const samples = await scrape();
    for (const [field, test] of [
      ['currency', 'psi'],
      ['amount_cents', 'ks'],
    ] as const) {
      const labels = { contract: 'orders', field, test };
      const statistic = sampleValue(samples, 'charter_drift_statistic', labels)!;
      const threshold = sampleValue(samples, 'charter_drift_threshold', labels)!;
      expect({ field, test, above: statistic > threshold }).toEqual({ field, test, above: true });
      expect(sampleValue(samples, 'charter_drift_events_total', labels)).toBe(1);
    }
    // Exactly the two shifted fields drifted: nothing else in the window.
    expect(
      samples
        .filter((sample) => sample.name === 'charter_drift_events_total')
        .map((sample) => `${sample.labels.field}/${sample.labels.test}`)
        .sort(),
    ).toEqual(['amount_cents/ks', 'currency/psi']);

    // Kept on the registry next to check runs, as the pipeline reported them.
    const events = await waitUntil(storedEvents, (stored) => stored.length === 2, {
      timeoutMs: 15_000,
      what: 'the two drift events kept on the registry',
    });
    expect(events.map((event) => `${event.field}/${event.test}`).sort()).toEqual(['amount_cents/ks', 'currency/psi']);
    for (const event of events) {
      expect(event).toMatchObject({
        contract: 'orders',
        contract_version: '3.1.0',
        source: 'kafka:orders',
        window: { count: WINDOW },
        baseline: { windows: BASELINE_WINDOWS, count: WINDOW * BASELINE_WINDOWS },
      });
      expect(event.statistic).toBeGreaterThan(event.threshold);
    }
    expect(sampleValue(await scrape(), 'charter_pipeline_drift_reports_total', { outcome: 'sent' })).toBe(2);

    // The owners heard of each event once, on the orders team's endpoint.
    await waitUntil(driftNotices, (notices) => notices.length >= 2, {
      timeoutMs: 15_000,
      what: 'a drift notification per event',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const notices = driftNotices();
    expect(notices.map((notice) => notice.body.notice.key).sort()).toEqual(
      events.map((event) => event.event_id).sort(),
    );
    expect(new Set(notices.map((notice) => notice.url))).toEqual(new Set(['/webhook/orders']));
  }, 40_000);
});
