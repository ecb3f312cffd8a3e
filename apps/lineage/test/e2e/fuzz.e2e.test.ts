import { sendRawRequest } from '@charter/testkit';
import fc from 'fast-check';
import { ROUTE_ACCESS } from '../../src/auth/route-access';
import { call, issueKey, SAMPLE_FLOW, useLineageStack } from '../support/test-lineage';

/**
 * The lineage service's routes under hostile requests: keys of every role (and none, and garbage), events mutated
 * at random places (NUL, surrogates, wrong types, deep nesting, huge strings), query values with control characters,
 * path spellings, content types. Never a 5xx; never a stored event from a key that may not write.
 * CHARTER_FUZZ_RUNS raises the count (default 1 000).
 */
const RUNS = Number(process.env.CHARTER_FUZZ_RUNS ?? 1_000);
jest.setTimeout(300_000);

const SAMPLE = SAMPLE_FLOW;

const stack = useLineageStack({
  registryEnv: { CHARTER_AUTH_FAILURES_PER_KEY: '1000000000', CHARTER_AUTH_FAILURES_PER_ADDRESS: '1000000000' },
});
const keys: Record<string, string | undefined> = {};

beforeAll(async () => {
  keys.admin = stack.registry.admin;
  for (const role of ['team:analytics', 'ci', 'reader']) keys[role] = await issueKey(stack.registry, role);
  keys.none = undefined;
  keys.garbage = `Bearer ck_${'0'.repeat(20)}.cs_${'x'.repeat(43)}`;
});

const ROLES = ['admin', 'team:analytics', 'ci', 'reader', 'none', 'garbage'] as const;
const ROUTES = Object.entries(ROUTE_ACCESS).map(([route, access]) => {
  const [method, pattern] = route.split(' ') as [string, string];
  return { method, pattern, access };
});

const hostile = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\n', '', ' ', 'x'.repeat(100_000), '💥', '../../etc'),
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: 60, max: 2_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
);

/** A sample event with one value replaced at a random place (found by walking to it with `steps`). */
function mutate(event: unknown, steps: readonly number[], value: unknown): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  let parent: Record<string, unknown> | unknown[] = copy;
  for (const [depth, step] of steps.entries()) {
    const keysHere = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keysHere.length === 0) break;
    const key = keysHere[step % keysHere.length]!;
    const child = (parent as Record<string | number, unknown>)[key];
    if (depth === steps.length - 1 || child === null || typeof child !== 'object') {
      (parent as Record<string | number, unknown>)[key] = value;
      return copy;
    }
    parent = child as Record<string, unknown>;
  }
  return copy;
}

let fresh = 0;
/** A sample event made new (its own event time), so a key that may write stores it: the write path is reached. */
const validEvent = fc
  .nat(SAMPLE.length - 1)
  .map((index) =>
    JSON.stringify({ ...SAMPLE[index], eventTime: new Date(Date.UTC(2026, 0, 1) + fresh++).toISOString() }),
  );
const body = fc.oneof(
  { weight: 3, arbitrary: validEvent },
  fc
    .tuple(fc.nat(SAMPLE.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), hostile)
    .map(([index, steps, value]) => JSON.stringify(mutate(SAMPLE[index], steps, value))),
  fc.tuple(fc.nat(SAMPLE.length - 1), fc.string({ unit: 'binary', maxLength: 12 })).map(([index, name]) =>
    JSON.stringify({
      ...SAMPLE[index],
      job: { ...(SAMPLE[index]!.job as object), name },
      run: { runId: crypto.randomUUID() },
    }),
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('', '{', '[]', 'null', '"\\u0000"'),
);
const queryValue = fc.oneof(
  fc.constantFrom('10', '-1', 'x', 'dataset:x:y', ''),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const query = fc.array(fc.tuple(fc.constantFrom('nodeId', 'depth', 'withDownstream', 'x'), queryValue), {
  maxLength: 3,
});
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', '');

const encode = (text: string) =>
  text.replace(/[\s\S]/g, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0xd800 && code <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(c);
  });

describe('fuzzing the lineage service with hostile requests', () => {
  it(`answers ${RUNS} generated requests without a 5xx or a write the key may not make`, async () => {
    const statuses = new Map<number, number>();
    const events = async () =>
      (await call<{ events: number }>(`${stack.lineage.url}/stats`, 'GET', keys.admin)).body.events;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...ROLES),
        fc.constantFrom('plain', 'encoded', 'trailing-slash'),
        query,
        body,
        contentType,
        async (route, role, how, pairs, payload, type) => {
          const spelled =
            how === 'encoded'
              ? route.pattern.replace(/\/([a-z])/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`)
              : how === 'trailing-slash'
                ? `${route.pattern}/`
                : route.pattern;
          const search = pairs.map(([name, value]) => `${name}=${encode(value)}`).join('&');
          const headers: Record<string, string> = {};
          if (keys[role] !== undefined) headers.authorization = keys[role]!;
          if (type !== '') headers['content-type'] = type;
          const before = route.method === 'POST' ? await events() : 0;
          const response = await sendRawRequest(stack.lineage.url, {
            method: route.method,
            path: search ? `${spelled}?${search}` : spelled,
            headers,
            ...(route.method === 'POST' ? { body: payload } : {}),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const context = `${route.method} ${spelled}?${search} as ${role} -> ${response.status} ${response.body.slice(0, 300)}`;
          if (response.status >= 500) throw new Error(`5xx: ${context}`);
          const mayWrite = role === 'admin' || role === 'team:analytics' || role === 'ci';
          if (route.access === 'write' && !mayWrite) {
            if (response.status < 300) throw new Error(`a write the role forbids landed: ${context}`);
            if ((await events()) !== before) throw new Error(`an event was stored for a refused write: ${context}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
    for (const status of [200, 201, 400, 401, 403]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
  });
});
