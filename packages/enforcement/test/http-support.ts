import path from 'node:path';
import { readContractsDirectory } from '@charter/contracts/node';
import type { TestRegistry } from '@charter/registry/testing';
import { SAMPLE_ORDER } from './support';

/** The CEL rule the HTTP tests add to orders-value's latest schema (a WRITE condition, as a producer's would be). */
export const PLACED_AFTER_LAUNCH = {
  name: 'placed_after_launch',
  kind: 'CONDITION',
  type: 'CEL',
  mode: 'WRITE',
  expr: 'message.placed_at >= 1577836800000',
};

/**
 * What `charter apply` does for the sample domains (contracts/): ownership, each subject's versions in order, then the
 * contracts. orders-value (Avro) gets the CEL rule on its latest version; user-events-value is a JSON Schema subject.
 * The orders contract asks amount_cents >= 0, a currency matching ^[A-Z]{3}$ and a known status.
 */
export async function publishSampleDomains(registry: TestRegistry): Promise<void> {
  const loaded = await readContractsDirectory(path.resolve(__dirname, '../../../contracts'));
  expect((await registry.http.put('/ownership', loaded.ownership)).status).toBe(200);
  for (const id of ['orders', 'user-events']) {
    const domain = loaded.contracts.find((entry) => entry.contract.id === id)!;
    for (const { subject, versions } of domain.schemaVersions) {
      for (const [index, version] of versions.entries()) {
        const latest = index === versions.length - 1;
        const response = await registry.http.register(subject, version.text, {
          schemaType: version.schemaType,
          ...(latest && subject === 'orders-value' ? { ruleSet: { domainRules: [PLACED_AFTER_LAUNCH] } } : {}),
        });
        expect(response.status).toBe(200);
      }
    }
    expect((await registry.http.put(`/contracts/${id}`, domain.contract.document)).status).toBe(201);
  }
}

export type Order = typeof SAMPLE_ORDER;
export const ORDER: Order = SAMPLE_ORDER;

export const USER_EVENT = {
  event_id: '6f1c1d2e-1b7a-4c55-9f43-3b1f0f7f3c10',
  user_id: 'u-1',
  event_type: 'signup',
  occurred_at: '2026-01-15T09:00:00Z',
};

/**
 * An order that meets the Avro schema but breaks three things at once: the contract's minimum on amount_cents and
 * pattern on currency, and the schema's CEL rule (placed before launch). All three must be listed.
 */
export const ORDER_BREAKING_RULES = { ...ORDER, amount_cents: -100, currency: 'euro', placed_at: 0 };
export const RULE_VIOLATIONS = [
  { rule: 'rule/placed_after_launch', path: '' },
  { rule: 'contract/minimum', path: '/amount_cents' },
  { rule: 'contract/pattern', path: '/currency' },
];

/** An order that breaks the Avro schema in three fields (a number id, a missing customer, a text amount). */
const { customer_id: _customer, ...withoutCustomer } = ORDER;
export const ORDER_BREAKING_SCHEMA = { ...withoutCustomer, order_id: 42, amount_cents: 'ten' };
export const SCHEMA_VIOLATIONS = [
  { rule: 'schema', path: '/order_id' },
  { rule: 'schema', path: '/customer_id' },
  { rule: 'schema', path: '/amount_cents' },
];

/**
 * Bodies that are not an order, each sent raw with its content type, and the status each platform answers: the
 * framework refuses what its parser will not take (400), the checker what was parsed but is not an order (422).
 * Fastify (plain or under Nest) parses JSON and text and refuses a `__proto__` key; Express's parser (under Nest)
 * takes only objects and arrays, reads an empty JSON body as {} and keeps `__proto__` as an ordinary key, which the
 * checker refuses itself (422 `body/forbidden-key`, see BodyChecker): a handler merging it would pollute prototypes.
 */
export const BAD_INPUTS: Array<{
  name: string;
  body: string | undefined;
  contentType: string | undefined;
  status: { fastify: 400 | 422; express: 400 | 422 };
}> = [
  {
    name: 'no body and no content type',
    body: undefined,
    contentType: undefined,
    status: { fastify: 422, express: 422 },
  },
  { name: 'an empty JSON body', body: '', contentType: 'application/json', status: { fastify: 400, express: 422 } },
  {
    name: 'text that is not JSON',
    body: '{"order_id": "o-1",',
    contentType: 'application/json',
    status: { fastify: 400, express: 400 },
  },
  { name: 'a text/plain body', body: 'order o-1', contentType: 'text/plain', status: { fastify: 422, express: 422 } },
  { name: 'JSON null', body: 'null', contentType: 'application/json', status: { fastify: 422, express: 400 } },
  {
    name: 'a JSON array of orders',
    body: JSON.stringify([ORDER]),
    contentType: 'application/json',
    status: { fastify: 422, express: 422 },
  },
  { name: 'an empty JSON array', body: '[]', contentType: 'application/json', status: { fastify: 422, express: 422 } },
  {
    name: 'a JSON string',
    body: '"an order"',
    contentType: 'application/json',
    status: { fastify: 422, express: 400 },
  },
  { name: 'a JSON number', body: '42', contentType: 'application/json', status: { fastify: 422, express: 400 } },
  { name: 'an empty object', body: '{}', contentType: 'application/json', status: { fastify: 422, express: 422 } },
  {
    name: 'an order with a __proto__ key',
    body: `{"__proto__": {"admin": true}, ${JSON.stringify(ORDER).slice(1)}`,
    contentType: 'application/json',
    status: { fastify: 400, express: 422 },
  },
];

/** POSTs raw text (or nothing) with a content type, and reads the answer as JSON when it is JSON. */
export async function postRaw(
  url: string,
  body: string | undefined,
  contentType: string | undefined,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export const postJson = (url: string, body: unknown) => postRaw(url, JSON.stringify(body), 'application/json');
