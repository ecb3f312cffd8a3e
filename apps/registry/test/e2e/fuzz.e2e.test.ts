import { avroShape, materializeAvroSchema, sendRawRequest } from '@charter/testkit';
import fc from 'fast-check';
import { Client } from 'pg';
import { type Access, ROUTE_ACCESS } from '../../src/auth/access-policy';
import { OPENAPI_DOCUMENT } from '../../src/operations/openapi-document';
import { avroRecord, issueKey, startTestRegistry, TEST_OWNERSHIP, type TestRegistry } from '../../src/testing';

/**
 * Requests as a hostile client sends them, generated over every route of the access table: keys of every role
 * (and none, and garbage), parameters and query values with NUL, control characters, percent-encoding and
 * Unicode, path spellings, repeated query parameters, content types and charsets, bodies from JSON noise to deep
 * nesting to generated schemas. Whatever arrives: never a 5xx; never a write the key's role forbids; every write
 * refused with a 403 audited under its request id. CHARTER_FUZZ_RUNS raises the count (default 2 000).
 */
const RUNS = Number(process.env.CHARTER_FUZZ_RUNS ?? 2_000);
jest.setTimeout(300_000);

let registry: TestRegistry;
let sql: Client;
const keys: Record<string, string | undefined> = {};

beforeAll(async () => {
  // Throttling of failed keys is tested on its own (failed-auth); here it would turn garbage keys into 429s.
  registry = await startTestRegistry({
    env: { CHARTER_AUTH_FAILURES_PER_KEY: '1000000000', CHARTER_AUTH_FAILURES_PER_ADDRESS: '1000000000' },
  });
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  await registry.http.register('orders-value', avroRecord('Order', [['id', 'string']]));
  await registry.http.register('user-events-value', avroRecord('Event', [['id', 'string']]));
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  keys.admin = basic(registry.adminKey.keyId, registry.adminKey.secret);
  for (const role of ['team:orders', 'team:growth', 'ci', 'reader']) {
    const { key } = await issueKey(registry.http, role);
    keys[role] = basic(key.id, key.secret);
  }
  keys.none = undefined;
  keys.garbage = `Basic ${Buffer.from(`ck_${'0'.repeat(20)}:cs_${'x'.repeat(43)}`).toString('base64')}`;
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await registry?.close();
});

const ROLES = ['admin', 'team:orders', 'team:growth', 'ci', 'reader', 'none', 'garbage'] as const;
type Role = (typeof ROLES)[number];
/** Each route with the query parameters its API description names (what a client would send it). */
const PATHS = OPENAPI_DOCUMENT.paths as unknown as Record<
  string,
  Record<string, { parameters?: ReadonlyArray<{ name: string; in: string }> }>
>;
const ROUTES = Object.entries(ROUTE_ACCESS).map(([route, access]) => {
  const [method, pattern] = route.split(' ') as [string, string];
  const described = PATHS[pattern.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  const queryNames = (described?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  return { method, pattern, access, queryNames: queryNames.length > 0 ? queryNames : ['x'] };
});

const plainText = fc.constantFrom(
  'orders-value',
  'user-events-value',
  'platform.x-value',
  'latest',
  '1',
  '-1',
  '0',
  'true',
);
/** What breaks stores and parsers: NUL, control characters, lone surrogates, odd Unicode, long and empty text. */
const hostileText = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    'a\nb',
    'a\tb',
    '\u007f',
    '\ud800',
    'ü-value',
    '💥',
    '..',
    '%00',
    '%2f',
    '__GLOBAL',
    ' ',
    '',
  ),
  fc.constant('x'.repeat(2_000)),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const anyText = fc.oneof({ weight: 2, arbitrary: plainText }, { weight: 3, arbitrary: hostileText });
/**
 * Percent-encodes any text, a lone surrogate included (encodeURIComponent throws on one): it goes out as the three
 * bytes UTF-8 would give it, which no valid UTF-8 has — one more thing a server must refuse cleanly.
 */
function encodeHostile(text: string): string {
  return text
    .split(/([\ud800-\udfff])/)
    .map((part) => {
      if (part.length !== 1 || part.charCodeAt(0) < 0xd800 || part.charCodeAt(0) > 0xdfff)
        return encodeURIComponent(part);
      const code = part.charCodeAt(0);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    })
    .join('');
}
const segment = anyText.map(encodeHostile);
const spelling = fc.constantFrom('plain', 'encoded', 'double-slash', 'trailing-slash', 'upper');

const deepJson = fc.integer({ min: 60, max: 3_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const schemaBody = fc
  .tuple(avroShape({ maxDepth: 3, maxFields: 3 }), fc.option(fc.constantFrom('JSON', 'AVRO', 'PROTOBUF', 'x')))
  .map(([shape, schemaType]) =>
    JSON.stringify({ schema: materializeAvroSchema(shape).text, ...(schemaType ? { schemaType } : {}) }),
  );
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc
    .record({ schema: fc.oneof(fc.string(), fc.constant('"int"'), fc.constant('{"type":"record"}')) })
    .map((v) => JSON.stringify(v)),
  schemaBody,
  fc
    .record({
      compatibility: fc.oneof(fc.constantFrom('NONE', 'FULL', 'BACKWARD', 'nope'), anyText),
      mode: fc.constantFrom('READONLY', 'IMPORT', 'x'),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ name: anyText, role: fc.constantFrom('reader', 'admin', 'team:orders', 'team:x', 'root') })
    .map((v) => JSON.stringify(v)),
  fc.record({ subject: anyText, reason: anyText, schema: fc.constant('"string"') }).map((v) => JSON.stringify(v)),
  fc
    .record({
      schema: fc.constant('"string"'),
      metadata: fc.record({ properties: fc.dictionary(anyText, anyText, { maxKeys: 2 }) }),
    })
    .map((v) => JSON.stringify(v)),
  deepJson,
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '"\\u0000"',
    '{"schema":"\\ud800"}',
    'apiVersion: v3.1.0\nkind: DataContract\n',
  ),
);
const contentType = fc.constantFrom(
  'application/vnd.schemaregistry.v1+json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=klingon',
  'application/yaml',
  'text/plain',
  '',
);
const accept = fc.constantFrom(undefined, '*/*', 'application/json', 'text/html', '*', 'application/*;q=0');

/** Whether `role` may write through a route of this access to `subject` (the access table's rule). */
function mayWrite(role: Role, access: Access, subject: string | undefined): boolean {
  if (access === 'public' || access === 'read' || access === 'signed') return true;
  if (role === 'admin') return true;
  if (role === 'none' || role === 'garbage' || role === 'reader') return false;
  if (access === 'propose') return true;
  if (access === 'team-write') return role.startsWith('team:');
  if (access === 'subject-write') {
    const team = TEST_OWNERSHIP.teams.find((candidate) => `team:${candidate.name}` === role);
    return subject !== undefined && (team?.subjectPrefixes.some((prefix) => subject.startsWith(prefix)) ?? false);
  }
  return false;
}

function spell(path: string, how: string): string {
  switch (how) {
    case 'encoded':
      return path.replace(/\/([a-z])/, (_, letter: string) => `/%${letter.charCodeAt(0).toString(16)}`);
    case 'double-slash':
      return `/${path}`;
    case 'trailing-slash':
      return `${path}/`;
    case 'upper':
      return path.toUpperCase();
    default:
      return path;
  }
}

describe('fuzzing every route with hostile requests', () => {
  it(`answers ${RUNS} generated requests without a 5xx, a forbidden write, or an unaudited refusal`, async () => {
    const seen = { statuses: new Map<number, number>(), forbiddenWrites: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...ROLES),
        fc.record({ subject: segment, version: segment, id: segment, file: segment }),
        spelling,
        fc.array(fc.tuple(fc.nat(), anyText), { maxLength: 3 }),
        body,
        contentType,
        accept,
        async (route, role, params, how, queryPairs, payload, type, acceptHeader) => {
          const path = spell(
            route.pattern.replace(/:(\w+)/g, (_, name: string) => params[name as keyof typeof params] ?? 'x'),
            how,
          );
          // The route's own query parameters (a name may come twice: a repeated parameter).
          const search = queryPairs
            .map(([pick, value]) => `${route.queryNames[pick % route.queryNames.length]}=${encodeHostile(value)}`)
            .join('&');
          const headers: Record<string, string> = {};
          if (keys[role] !== undefined) headers.authorization = keys[role]!;
          if (type !== '') headers['content-type'] = type;
          if (acceptHeader !== undefined) headers.accept = acceptHeader;
          const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
          const response = await sendRawRequest(registry.url, {
            method: route.method,
            path: search ? `${path}?${search}` : path,
            headers,
            ...(hasBody ? { body: payload } : {}),
          });
          seen.statuses.set(response.status, (seen.statuses.get(response.status) ?? 0) + 1);
          const context = `${route.method} ${path}${search ? `?${search}` : ''} as ${role} -> ${response.status} ${response.body.slice(0, 300)}`;
          if (response.status >= 500) throw new Error(`5xx: ${context}`);
          const subject = (() => {
            try {
              return decodeURIComponent(params.subject ?? '');
            } catch {
              return undefined;
            }
          })();
          const isWrite = route.method !== 'GET' && route.access !== 'read' && route.access !== 'public';
          if (isWrite && response.status < 300 && !mayWrite(role, route.access, subject)) {
            throw new Error(`a write the role forbids landed: ${context}`);
          }
          if (isWrite && response.status === 403) {
            const requestId = response.headers['x-request-id'] as string;
            const rows = await sql.query(`SELECT 1 FROM audit_log WHERE request_id = $1 AND outcome = 'denied'`, [
              requestId,
            ]);
            if (rows.rowCount !== 1) throw new Error(`a refused write was not audited: ${context}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
    // The run reached the interesting answers, not only 401s and 404s.
    for (const status of [200, 401, 403, 404, 422]) expect(seen.statuses.get(status) ?? 0).toBeGreaterThan(0);
  });
});
