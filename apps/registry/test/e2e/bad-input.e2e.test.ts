import { avroRecord, startTestRegistry, type TestRegistry } from '../../src/testing';

let registry: TestRegistry;

beforeAll(async () => {
  registry = await startTestRegistry();
  await registry.http.register('existing-value', avroRecord('E', [['a', 'int']]));
});

afterAll(async () => {
  await registry.close();
});

const deepAvro = `${'{"type":"array","items":'.repeat(10_000)}"int"${'}'.repeat(10_000)}`;
const deepJson = `${'{"items":'.repeat(10_000)}{}${'}'.repeat(10_000)}`;
const hugeDoc = 'x'.repeat(10 * 1024 * 1024);
const tenMegabyteSchema = JSON.stringify({ type: 'record', name: 'Big', doc: hugeDoc, fields: [] });
const deepMetadata = `{"schema":"\\"int\\"","metadata":${'{"next":'.repeat(10_000)}{}${'}'.repeat(10_000)}}`;

interface BadInput {
  what: string;
  method?: string;
  path?: string;
  /** A raw string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  errorCode: number;
  message?: RegExp;
}

const register = '/subjects/bad-value/versions';
const cases: BadInput[] = [
  { what: 'malformed JSON', body: '{"schema": ', status: 400, errorCode: 400, message: /Malformed JSON body/ },
  { what: 'a JSON array body', body: [], status: 422, errorCode: 422, message: /must be a JSON object/ },
  { what: 'no body', body: '', status: 422, errorCode: 422, message: /must not be empty/ },
  { what: 'a number as schema', body: { schema: 123 }, status: 422, errorCode: 42201, message: /must be a string/ },
  { what: 'an object as schema', body: { schema: { type: 'string' } }, status: 422, errorCode: 42201 },
  { what: 'an empty schema', body: { schema: '' }, status: 422, errorCode: 42201, message: /Empty schema/ },
  { what: 'schema text that is not JSON', body: { schema: '{type: record' }, status: 422, errorCode: 42201 },
  {
    what: 'an Avro record without fields',
    body: { schema: '{"type":"record","name":"X"}' },
    status: 422,
    errorCode: 42201,
    message: /Invalid schema of type AVRO/,
  },
  {
    what: 'an Avro default of the wrong type',
    body: { schema: JSON.stringify(avroRecord('X', [['a', 'int', 'nope']])) },
    status: 422,
    errorCode: 42201,
  },
  {
    what: 'a JSON Schema whose $ref loops on itself',
    body: { schema: '{"definitions":{"d":{"$ref":"#/definitions/d"}},"$ref":"#/definitions/d"}', schemaType: 'JSON' },
    status: 422,
    errorCode: 42201,
    message: /loops back on itself/,
  },
  {
    what: 'an Avro field order that is not one of ascending, descending, ignore',
    body: { schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"int","order":"up"}]}' },
    status: 422,
    errorCode: 42201,
    message: /order "up"/,
  },
  {
    what: 'a JSON Schema with a wrong keyword type',
    body: { schema: '{"type": 12}', schemaType: 'JSON' },
    status: 422,
    errorCode: 42201,
    message: /Invalid schema of type JSON/,
  },
  {
    what: 'an unknown schemaType',
    body: { schema: '"string"', schemaType: 'XML' },
    status: 422,
    errorCode: 42201,
    message: /Invalid schema type XML/,
  },
  {
    what: 'PROTOBUF (not supported here)',
    body: { schema: 'syntax = "proto3";', schemaType: 'PROTOBUF' },
    status: 422,
    errorCode: 42201,
  },
  {
    what: 'a remote $ref',
    body: { schema: '{"$ref":"http://169.254.169.254/latest/meta-data"}', schemaType: 'JSON' },
    status: 422,
    errorCode: 42201,
    message: /remote|169\.254/,
  },
  {
    what: 'a 10 MB schema',
    body: { schema: tenMegabyteSchema },
    status: 422,
    errorCode: 42209,
    message: /too large/,
  },
  {
    what: 'an Avro schema nested 10 000 deep',
    body: { schema: deepAvro },
    status: 422,
    errorCode: 42201,
    message: /deeper/,
  },
  {
    what: 'a JSON Schema nested 10 000 deep',
    body: { schema: deepJson, schemaType: 'JSON' },
    status: 422,
    errorCode: 42201,
    message: /deeper/,
  },
  { what: 'metadata nested 10 000 deep', body: deepMetadata, status: 422, errorCode: 422, message: /deeper/ },
  { what: 'references that are not a list', body: { schema: '"int"', references: 'x' }, status: 422, errorCode: 422 },
  {
    what: 'a reference with a bad version',
    body: { schema: '"int"', references: [{ name: 'a', subject: 'b', version: 'one' }] },
    status: 422,
    errorCode: 422,
  },
  { what: 'a negative version', body: { schema: '"int"', version: 'x' }, status: 422, errorCode: 422 },
  {
    what: 'a subject with a control character',
    path: '/subjects/bad%01value/versions',
    body: { schema: '"int"' },
    status: 422,
    errorCode: 42208,
  },
  {
    what: 'the reserved subject __GLOBAL',
    path: '/subjects/__GLOBAL/versions',
    body: { schema: '"int"' },
    status: 422,
    errorCode: 42208,
  },
  {
    what: 'a 2 000-character subject',
    path: `/subjects/${'s'.repeat(2_000)}/versions`,
    body: { schema: '"int"' },
    status: 422,
    errorCode: 42208,
  },
  { what: 'version 0', method: 'GET', path: '/subjects/existing-value/versions/0', status: 422, errorCode: 42202 },
  { what: 'version abc', method: 'GET', path: '/subjects/existing-value/versions/abc', status: 422, errorCode: 42202 },
  {
    what: 'version 99999999999',
    method: 'GET',
    path: '/subjects/existing-value/versions/99999999999',
    status: 422,
    errorCode: 42202,
  },
  {
    what: 'deleting version 0',
    method: 'DELETE',
    path: '/subjects/existing-value/versions/0',
    status: 422,
    errorCode: 42202,
  },
  {
    what: 'a text/plain body',
    body: '{"schema":"\\"int\\""}',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    errorCode: 415,
  },
  {
    what: 'an Accept header with nothing we speak',
    method: 'GET',
    path: '/subjects',
    headers: { accept: 'text/html' },
    status: 406,
    errorCode: 406,
  },
  {
    what: 'a body over the 16 MB limit',
    body: { schema: 'x'.repeat(17 * 1024 * 1024) },
    status: 413,
    errorCode: 413,
  },
  { what: 'an unknown route', method: 'GET', path: '/nope', status: 404, errorCode: 404 },
  // U+0000, which PostgreSQL cannot store, and other control characters: refused at the edge, never a 500.
  { what: 'NUL in a subject path', method: 'GET', path: '/config/x%00', status: 422, errorCode: 42208 },
  {
    what: 'a newline in a subject path',
    method: 'PUT',
    path: '/mode/x%0a',
    body: { mode: 'READONLY' },
    status: 422,
    errorCode: 42208,
  },
  {
    what: 'NUL in subjectPrefix (subjects)',
    method: 'GET',
    path: '/subjects?subjectPrefix=%00',
    status: 422,
    errorCode: 422,
  },
  {
    what: 'NUL in subjectPrefix (schemas)',
    method: 'GET',
    path: '/schemas?subjectPrefix=%00',
    status: 422,
    errorCode: 422,
  },
  { what: 'NUL in an audit filter', method: 'GET', path: '/audit?actor=%00', status: 422, errorCode: 422 },
  {
    what: 'NUL in a key name',
    method: 'POST',
    path: '/keys',
    body: { name: 'a\u0000b', role: 'reader' },
    status: 422,
    errorCode: 422,
    message: /cannot be stored/,
  },
  {
    what: 'NUL in an approval reason',
    method: 'POST',
    path: '/approvals',
    body: { subject: 'existing-value', reason: 'because\u0000 of it', schema: '"string"' },
    status: 422,
    errorCode: 422,
  },
  {
    what: 'NUL in register metadata',
    body: { schema: '"string"', metadata: { properties: { owner: 'a\u0000' } } },
    status: 422,
    errorCode: 422,
  },
  {
    what: 'NUL in an object key',
    body: { schema: '"string"', metadata: { properties: { 'a\u0000': 'x' } } },
    status: 422,
    errorCode: 422,
  },
  // Any JSON body nests at most 64 levels (schema text is a string inside it, and is limited on its own).
  {
    what: 'defaultMetadata nested 10 000 deep in a config',
    method: 'PUT',
    path: '/config/existing-value',
    body: `{"compatibility":"NONE","defaultMetadata":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    status: 422,
    errorCode: 422,
    message: /nests deeper than 64/,
  },
  // Schema limits (README): counts no real schema needs, each its own code, refused before work grows with them.
  {
    what: 'a record of 10 001 fields',
    body: {
      schema: JSON.stringify(
        avroRecord(
          'W',
          Array.from({ length: 10_001 }, (_, i): [string, unknown] => [`f${i}`, 'int']),
        ),
      ),
    },
    status: 422,
    errorCode: 42230,
  },
  {
    what: 'an enum of 10 001 symbols',
    body: {
      schema: JSON.stringify({ type: 'enum', name: 'E', symbols: Array.from({ length: 10_001 }, (_, i) => `S${i}`) }),
    },
    status: 422,
    errorCode: 42231,
  },
  {
    what: 'a union of 1 001 branches',
    body: {
      schema: JSON.stringify(Array.from({ length: 1_001 }, (_, i) => ({ type: 'fixed', name: `F${i}`, size: 1 }))),
    },
    status: 422,
    errorCode: 42232,
  },
  {
    what: 'a JSON Schema of 10 001 properties',
    body: {
      schemaType: 'JSON',
      schema: JSON.stringify({
        type: 'object',
        properties: Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`p${i}`, {}])),
      }),
    },
    status: 422,
    errorCode: 42233,
  },
  {
    what: '101 references',
    body: {
      schema: '"string"',
      references: Array.from({ length: 101 }, (_, i) => ({ name: `R${i}`, subject: 'existing-value', version: 1 })),
    },
    status: 422,
    errorCode: 42234,
  },
  // A query parameter given twice is ambiguous.
  { what: 'a repeated audit filter', method: 'GET', path: '/audit?actor=a&actor=b', status: 422, errorCode: 422 },
  {
    what: 'a repeated approvals filter',
    method: 'GET',
    path: '/approvals?subject=a&subject=b',
    status: 422,
    errorCode: 422,
  },
];

describe('bad input gets a 4xx with a Confluent error code, never a 500 or a hang, and writes nothing', () => {
  it.each(cases)('$what → $status / $errorCode', async (input) => {
    const method = input.method ?? 'POST';
    const path = input.path ?? register;
    const response = await registry.http.request<{ error_code: number; message: string }>(
      method,
      path,
      input.body,
      input.headers,
    );
    expect(response.status).toBe(input.status);
    expect(response.body.error_code).toBe(input.errorCode);
    expect(typeof response.body.message).toBe('string');
    if (input.message) expect(response.body.message).toMatch(input.message);
  });

  it('left no trace of any of them', async () => {
    const { http } = registry;
    expect((await http.get('/subjects?deleted=true')).body).toEqual(['existing-value']);
    expect((await http.get('/subjects/existing-value/versions')).body).toEqual([1]);
    expect((await http.get('/schemas?deleted=true')).body).toHaveLength(1);
    expect((await http.get('/ready')).body).toMatchObject({ status: 'ready' });
  });
});
