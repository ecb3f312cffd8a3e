// POST /approvals/lookup: a CI gate asks, before anyone registers, which approvals cover exactly this schema.
// Bad inputs tried: no body, an array, no subject, a subject that is not a string, a subject with a control
// character, a schema that is not text, a schema that does not parse, a reference to a missing version, a
// references list that is not a list, normalize that is not a boolean, no key, a wrong key.
import {
  avroRecord,
  issueKey,
  type RegistryHttp,
  startTestRegistry,
  TEST_OWNERSHIP,
  type TestRegistry,
} from '../../src/testing';

const SUBJECT = 'platform.lookup-value';
const V1 = avroRecord('Lookup', [
  ['id', 'string'],
  ['amount', 'long'],
]);
/** `amount` long → string: incompatible, so only an approval lets it land. */
const CANDIDATE = avroRecord('Lookup', [
  ['id', 'string'],
  ['amount', 'string'],
]);

interface LookupAnswer {
  subject: string;
  fingerprint: string;
  approvals: Array<{ id: string; state: string; fingerprint: string; subject: string; decidedBy: string | null }>;
}

let registry: TestRegistry;
let platform: RegistryHttp;
let ci: RegistryHttp;
let reader: RegistryHttp;

beforeAll(async () => {
  registry = await startTestRegistry();
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  platform = (await issueKey(registry.http, 'team:platform')).http;
  ci = (await issueKey(registry.http, 'ci')).http;
  reader = (await issueKey(registry.http, 'reader')).http;
  expect((await platform.register(SUBJECT, V1)).status).toBe(200);
});
afterAll(async () => {
  await registry?.close();
});

const lookup = (as: RegistryHttp, body: unknown) => as.post<LookupAnswer>('/approvals/lookup', body);

/** The fingerprint the registry recorded when it registered `subject`'s latest version (its audit row). */
async function registeredFingerprint(subject: string): Promise<string> {
  const audit = await registry.http.get<{ entries: Array<{ after: { fingerprint: string } }> }>(
    `/audit?target=${encodeURIComponent(subject)}&action=subject.register&outcome=ok&limit=1`,
  );
  return audit.body.entries[0]!.after.fingerprint;
}

describe('POST /approvals/lookup', () => {
  it('answers any key (ci and reader included) with the fingerprint and no approvals yet', async () => {
    const body = { subject: SUBJECT, schema: JSON.stringify(CANDIDATE) };
    const answers = await Promise.all([ci, reader, platform].map((as) => lookup(as, body)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        subject: SUBJECT,
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        approvals: [],
      });
    }
    expect(new Set(answers.map((answer) => answer.body.fingerprint)).size).toBe(1);
    expect((await lookup(registry.http.as(undefined), body)).status).toBe(401);
    expect((await lookup(registry.http.as({ keyId: 'nobody', secret: 'wrong' }), body)).status).toBe(401);
  });

  it('fingerprints as registration does: the same meaning in other whitespace and key order, the same answer', async () => {
    const subject = 'platform.lookup-fingerprint-value';
    const schema = avroRecord('Fingerprint', [['a', 'int']]);
    const before = await lookup(ci, { subject, schema: JSON.stringify(schema, null, 4) });
    expect((await platform.register(subject, schema)).status).toBe(200);
    expect(before.body.fingerprint).toBe(await registeredFingerprint(subject));
    const reordered = `{"fields":[{"type":"int","name":"a"}],  "name":"Fingerprint","type":"record"}`;
    expect((await lookup(ci, { subject, schema: reordered, normalize: true })).body.fingerprint).toBe(
      before.body.fingerprint,
    );
  });

  it('lists every approval of exactly that schema, newest first, in every state', async () => {
    const schema = JSON.stringify(CANDIDATE);
    const first = await platform.post<{ id: string; fingerprint: string }>('/approvals', {
      subject: SUBJECT,
      schema,
      reason: 'amount becomes a decimal string',
    });
    expect(first.status).toBe(201);
    expect((await registry.http.post(`/approvals/${first.body.id}/reject`, { note: 'not yet' })).status).toBe(200);
    const second = await platform.post<{ id: string }>('/approvals', { subject: SUBJECT, schema, reason: 'again' });
    // An approval of another schema on the subject is not listed.
    const other = avroRecord('Lookup', [['id', 'string']]);
    await platform.post('/approvals', { subject: SUBJECT, schema: JSON.stringify(other), reason: 'other schema' });

    let answer = await lookup(ci, { subject: SUBJECT, schema });
    expect(answer.body.fingerprint).toBe(first.body.fingerprint);
    expect(answer.body.approvals.map((approval) => [approval.id, approval.state])).toEqual([
      [second.body.id, 'requested'],
      [first.body.id, 'rejected'],
    ]);

    expect((await registry.http.post(`/approvals/${second.body.id}/approve`)).status).toBe(200);
    answer = await lookup(reader, { subject: SUBJECT, schema });
    expect(answer.body.approvals[0]).toMatchObject({
      id: second.body.id,
      state: 'approved',
      decidedBy: registry.adminKey.keyId,
    });
    // What the lookup said is approved is what registration lets through.
    expect((await platform.register(SUBJECT, CANDIDATE)).status).toBe(200);
    expect(await registeredFingerprint(SUBJECT)).toBe(answer.body.fingerprint);
  });

  it('resolves references as registration does (the referenced version counts in the fingerprint)', async () => {
    const address = {
      type: 'record',
      name: 'Address',
      namespace: 'com.acme',
      fields: [{ name: 'city', type: 'string' }],
    };
    const customer = {
      type: 'record',
      name: 'Customer',
      namespace: 'com.acme',
      fields: [{ name: 'home', type: 'com.acme.Address' }],
    };
    expect((await platform.register('platform.address-value', address)).status).toBe(200);
    const references = [{ name: 'com.acme.Address', subject: 'platform.address-value', version: 1 }];
    const body = { subject: 'platform.customer-value', schema: JSON.stringify(customer), references };
    const answer = await lookup(ci, body);
    expect(answer.status).toBe(200);
    const latest = await lookup(ci, { ...body, references: [{ ...references[0], version: -1 }] });
    expect(latest.body.fingerprint).toBe(answer.body.fingerprint);
    expect((await platform.register('platform.customer-value', customer, { references })).status).toBe(200);
    expect(await registeredFingerprint('platform.customer-value')).toBe(answer.body.fingerprint);
  });

  it.each([
    ['no body', undefined, 422, 422],
    ['an array', [1, 2], 422, 422],
    ['no subject', { schema: JSON.stringify(V1) }, 422, 422],
    ['a subject that is not a string', { subject: 7, schema: JSON.stringify(V1) }, 422, 422],
    ['a subject with a control character', { subject: 'bad\u0007-value', schema: JSON.stringify(V1) }, 422, 42208],
    ['a schema that is not text', { subject: SUBJECT, schema: { type: 'string' } }, 422, 42201],
    ['a schema that does not parse', { subject: SUBJECT, schema: '{"type": "record", "name": ' }, 422, 42201],
    [
      'a reference to a missing version',
      {
        subject: SUBJECT,
        schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'com.acme.Nowhere' }] }),
        references: [{ name: 'com.acme.Nowhere', subject: 'platform.nowhere-value', version: 3 }],
      },
      422,
      42201,
    ],
    ['references that are not a list', { subject: SUBJECT, schema: JSON.stringify(V1), references: 'x' }, 422, 422],
    ['normalize that is not a boolean', { subject: SUBJECT, schema: JSON.stringify(V1), normalize: 'yes' }, 422, 422],
  ])('refuses %s with %i (%i), writing nothing', async (_name, body, status, code) => {
    const before = (await registry.http.get<unknown[]>('/approvals?limit=500')).body.length;
    const answer = await ci.post<{ error_code: number; message: string }>('/approvals/lookup', body);
    expect({ status: answer.status, code: answer.body.error_code }).toEqual({ status, code });
    expect(answer.body.message).toEqual(expect.any(String));
    expect((await registry.http.get<unknown[]>('/approvals?limit=500')).body).toHaveLength(before);
  });
});
