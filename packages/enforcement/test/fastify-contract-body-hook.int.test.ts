import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { BodyChecker, RegistryClient } from '../src';
import { contractBodyHook } from '../src/http';
import {
  BAD_INPUTS,
  ORDER,
  ORDER_BREAKING_RULES,
  ORDER_BREAKING_SCHEMA,
  type Order,
  postJson,
  postRaw,
  publishSampleDomains,
  RULE_VIOLATIONS,
  SCHEMA_VIOLATIONS,
  USER_EVENT,
} from './http-support';

/**
 * The plain Fastify hook on a real registry: a route per subject, each handler counting its calls. Bad inputs tried
 * (http-support BAD_INPUTS): no body, an empty body, broken JSON, text/plain, null, arrays, a string, a number, {},
 * an order with a __proto__ key; plus an order breaking three schema fields, one breaking a CEL rule and two
 * contract constraints, a JSON Schema event breaking three keywords, an unregistered subject, a registry refusing
 * the key, and the registry stopped (with a checker that never saw the subject, and with one that did).
 */
let registry: TestRegistry;
let app: FastifyInstance;
let url: string;
const calls: Record<string, unknown[]> = { orders: [], events: [], unknown: [], cold: [], refused: [] };

const client = (extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
  new RegistryClient({ url: registry.url, credentials: registry.adminKey, retries: 0, ...extra });

beforeAll(async () => {
  registry = await startTestRegistry();
  await publishSampleDomains(registry);
  // Asks the registry again on every body (no TTL), so the outage below meets it mid-revalidation.
  const checker = new BodyChecker({ client: client({ latestTtlMs: 0 }) });
  // Never asked before the registry stops.
  const cold = new BodyChecker({ client: client() });
  const refused = new BodyChecker({ client: client({ credentials: { keyId: 'ck_nobody', secret: 'cs_wrong' } }) });
  app = Fastify();
  app.post<{ Body: Order }>(
    '/orders',
    { preValidation: contractBodyHook(checker, 'orders-value') },
    async (request, reply) => {
      // Typed: the body is an Order here.
      calls.orders!.push(request.body.order_id);
      return reply.code(201).send({ accepted: request.body.order_id });
    },
  );
  app.post('/events', { preValidation: contractBodyHook(checker, 'user-events-value') }, async (request, reply) => {
    calls.events!.push(request.body);
    return reply.code(201).send({});
  });
  for (const [route, hook] of [
    ['unknown', contractBodyHook(checker, 'no-such-value')],
    ['cold', contractBodyHook(cold, 'orders-value')],
    ['refused', contractBodyHook(refused, 'orders-value')],
  ] as const) {
    app.post(`/${route}`, { preValidation: hook }, async (request, reply) => {
      calls[route]!.push(request.body);
      return reply.code(201).send({});
    });
  }
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await registry?.close();
});

describe('contractBodyHook on a plain Fastify route', () => {
  it('lets a valid order through to the handler, typed, with 201', async () => {
    const before = calls.orders!.length;
    const response = await postJson(`${url}/orders`, ORDER);
    expect(response).toMatchObject({ status: 201, body: { accepted: ORDER.order_id } });
    expect(calls.orders!.slice(before)).toEqual([ORDER.order_id]);
  });

  it('lets an order through with its optional fields left out (Avro defaults) or given as plain values', async () => {
    const { coupon_code: _coupon, shipping_address: _address, ...required } = ORDER;
    const address = { line1: '1 Main St', city: 'Lyon', postal_code: '69001', country: 'FR' };
    for (const body of [required, { ...ORDER, coupon_code: 'WELCOME', shipping_address: address }]) {
      expect((await postJson(`${url}/orders`, body)).status).toBe(201);
    }
  });

  it('answers 422 listing every schema violation with a JSON pointer, and never calls the handler', async () => {
    const before = calls.orders!.length;
    const response = await postJson(`${url}/orders`, ORDER_BREAKING_SCHEMA);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      error_code: 42201,
      code: 'contract-violation',
      subject: 'orders-value',
      violations: SCHEMA_VIOLATIONS.map((violation) => expect.objectContaining(violation)),
    });
    expect(response.body.violations).toHaveLength(SCHEMA_VIOLATIONS.length);
    expect(response.body.message).toMatch(/^the body breaks .* orders-value: 3 violations/);
    expect(calls.orders!.length).toBe(before);
  });

  it('lists the CEL rule and the contract constraints a schema-valid order breaks, all of them', async () => {
    const before = calls.orders!.length;
    const response = await postJson(`${url}/orders`, ORDER_BREAKING_RULES);
    expect(response.status).toBe(422);
    expect(response.body.violations).toEqual(
      RULE_VIOLATIONS.map((violation) => ({ ...violation, message: expect.any(String) })),
    );
    expect(calls.orders!.length).toBe(before);
  });

  it.each(BAD_INPUTS.map((input) => [input.name, input] as const))(
    'refuses %s with a 400 or 422, never a 5xx, without calling the handler',
    async (_name, input) => {
      const before = calls.orders!.length;
      const response = await postRaw(`${url}/orders`, input.body, input.contentType);
      expect(response.status).toBe(input.status.fastify);
      expect(calls.orders!.length).toBe(before);
      // What Fastify parsed reaches the checker, whose answer is the shared 422 body with one violation at least.
      if (response.status === 422) {
        expect(response.body).toMatchObject({
          code: 'contract-violation',
          violations: expect.arrayContaining([expect.anything()]),
        });
      }
    },
  );

  it('holds a JSON Schema subject too: every keyword broken is listed', async () => {
    expect((await postJson(`${url}/events`, USER_EVENT)).status).toBe(201);
    const response = await postJson(`${url}/events`, {
      ...USER_EVENT,
      event_id: 'not-a-uuid',
      event_type: 'logout',
      extra: true,
    });
    expect(response.status).toBe(422);
    expect(response.body.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'schema/format', path: '/event_id' }),
        expect.objectContaining({ rule: 'schema/enum', path: '/event_type' }),
        expect.objectContaining({ rule: 'schema/additionalProperties', path: '' }),
      ]),
    );
    expect(calls.events).toEqual([USER_EVENT]);
  });

  it('answers 503 unknown-schema for a route bound to a subject the registry does not hold', async () => {
    const response = await postJson(`${url}/unknown`, ORDER);
    expect(response).toMatchObject({
      status: 503,
      body: { error_code: 50302, code: 'unknown-schema', subject: 'no-such-value' },
    });
    expect(calls.unknown).toEqual([]);
  });

  it('answers 503 registry-refused when the registry refuses the service key', async () => {
    const response = await postJson(`${url}/refused`, ORDER);
    expect(response).toMatchObject({ status: 503, body: { error_code: 50303, code: 'registry-refused' } });
    expect(calls.refused).toEqual([]);
  });

  describe('with the registry stopped', () => {
    beforeAll(async () => {
      // Warm: the checker has read orders-value, its schema and the contracts.
      expect((await postJson(`${url}/orders`, ORDER)).status).toBe(201);
      await registry.close();
    });

    it('refuses with 503 (retry-after) from a checker that never saw the subject; the handler is not called', async () => {
      const response = await postJson(`${url}/cold`, ORDER);
      expect(response).toMatchObject({
        status: 503,
        body: { error_code: 50301, code: 'registry-unavailable', subject: 'orders-value' },
      });
      expect(response.headers.get('retry-after')).toBe('1');
      expect(String(response.body.message)).not.toContain(registry.url.replace('http://', ''));
      expect(calls.cold).toEqual([]);
    });

    it('keeps checking from memory after a warm read: valid passes, invalid is still a full 422', async () => {
      expect((await postJson(`${url}/orders`, ORDER)).status).toBe(201);
      const refused = await postJson(`${url}/orders`, ORDER_BREAKING_RULES);
      expect(refused.status).toBe(422);
      expect(refused.body.violations).toHaveLength(RULE_VIOLATIONS.length);
    });
  });
});
