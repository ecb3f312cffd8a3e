// `charter promote` of 1 000 subject versions between two real registries (issue #16 §5): wall time and requests
// per second, keeping ids (IMPORT mode, compatibility checked by the CLI at BACKWARD_TRANSITIVE) and registering
// normally (the target checks), then the re-run that finds nothing to do. SUBJECTS × VERSIONS sets the size.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { planPromotion } from '../src/promote/plan-promotion.js';
import { PromotionRegistry } from '../src/promote/promotion-registry.js';
import { runPromotion } from '../src/promote/run-promotion.js';

const SUBJECTS = Number(process.env.SUBJECTS ?? 100);
const VERSIONS = Number(process.env.VERSIONS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'charter-promote-bench-'));

function schema(subject: number, version: number): string {
  const fields: unknown[] = [{ name: 'id', type: 'string' }];
  for (let field = 2; field <= version; field++)
    fields.push({ name: `f${field}`, type: ['null', 'long'], default: null });
  return JSON.stringify({ type: 'record', name: `Event${subject}`, namespace: 'bench', fields });
}

/** Counts the HTTP requests this process sends (the promotion's, to both registries). */
let requests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  requests++;
  return realFetch(input, init);
};

const key = (registry: TestRegistry) => `${registry.adminKey.keyId}:${registry.adminKey.secret}`;

async function scenario(preserveIds: boolean): Promise<string[]> {
  const [source, target] = await Promise.all([
    startTestRegistry({ redis: false }),
    startTestRegistry({ redis: false }),
  ]);
  try {
    const seeded = performance.now();
    await Promise.all(
      Array.from({ length: SUBJECTS }, async (_, subject) => {
        for (let version = 1; version <= VERSIONS; version++) {
          const answer = await source.http.register(`bench.s${subject}-value`, schema(subject, version));
          if (answer.status !== 200) throw new Error(`seeding failed: ${JSON.stringify(answer.body)}`);
        }
      }),
    );
    const seedSeconds = (performance.now() - seeded) / 1000;
    writeFileSync(
      join(dir, 'env.yaml'),
      `environments:
  - name: dev
    registryUrl: ${source.url}
    apiKeyEnv: SOURCE_KEY
    promotesTo: staging
  - name: staging
    registryUrl: ${target.url}
    apiKeyEnv: TARGET_KEY
    ${preserveIds ? 'preserveIds: true\n    compatibility: BACKWARD_TRANSITIVE' : 'preserveIds: false'}
`,
    );
    const options = {
      environmentsFile: join(dir, 'env.yaml'),
      from: 'dev',
      to: 'staging',
      selection: { kind: 'all' } as const,
      dryRun: false,
      stateDir: join(dir, 'state'),
      variables: { SOURCE_KEY: key(source), TARGET_KEY: key(target) },
      concurrency: process.env.CONCURRENCY === undefined ? undefined : Number(process.env.CONCURRENCY),
    };
    // The pure planner alone, on snapshots read once.
    const endpoint = (registry: TestRegistry, name: string) => ({
      environment: name,
      url: registry.url,
      keyVariable: name,
      authorization: registry.admin,
    });
    const sourceSnapshot = await new PromotionRegistry(endpoint(source, 'dev')).readSnapshot({
      contractDocuments: true,
    });
    const targetSnapshot = await new PromotionRegistry(endpoint(target, 'staging')).readSnapshot({
      contractDocuments: false,
    });
    const planned = performance.now();
    const plan = planPromotion({
      source: sourceSnapshot,
      target: targetSnapshot,
      selection: { kind: 'all' },
      policy: { preserveIds, compatibility: preserveIds ? 'BACKWARD_TRANSITIVE' : undefined },
    });
    const planMs = performance.now() - planned;

    requests = 0;
    const started = performance.now();
    const outcome = await runPromotion(options);
    const seconds = (performance.now() - started) / 1000;
    const sent = requests;
    if (outcome.status !== 'done' || outcome.applied.length !== SUBJECTS * VERSIONS)
      throw new Error(`promotion ended ${outcome.status}: ${outcome.reason}`);

    requests = 0;
    const again = performance.now();
    const rerun = await runPromotion(options);
    const rerunSeconds = (performance.now() - again) / 1000;
    if (rerun.status !== 'nothing-to-do') throw new Error(`re-run ended ${rerun.status}`);
    const mode = preserveIds ? 'ids kept (IMPORT), BACKWARD_TRANSITIVE checked by the CLI' : 'registered normally';
    return [
      `| ${SUBJECTS * VERSIONS} versions, ${mode} | ${seconds.toFixed(2)} s | ${sent} | ${Math.round(sent / seconds)} req/s | ${planMs.toFixed(0)} ms (${plan.steps.length} steps) | ${rerunSeconds.toFixed(2)} s, ${requests} requests | ${seedSeconds.toFixed(1)} s |`,
    ];
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

try {
  const rows = [...(await scenario(true)), ...(await scenario(false))];
  console.log(
    [
      `charter promote, ${SUBJECTS} subjects × ${VERSIONS} versions, two registries on this machine (PostgreSQL, no Redis)`,
      '',
      '| promotion | wall time | requests | requests/s | plan (pure) | re-run (nothing to do) | seeding the source |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
