import { useTestRegistry } from '@charter/registry/testing';
import { AvroDeserializer, AvroSerializer, CelExecutor, SerdeType } from '@confluentinc/schemaregistry';
import { Deserializer, RegistryClient, Serializer } from '../src';
import { confluentClient as sharedConfluentClient } from './support';

/**
 * CEL CONDITION rules in a schema's ruleSet, side by side with Confluent's serializer on the same rule and record:
 * whether a record is refused must agree, case by case.
 */
const registry = useTestRegistry();
CelExecutor.register();

interface Case {
  name: string;
  rule: Record<string, unknown>;
  record: { id: string; amount_cents: number; currency: string };
  /** What both must do when writing it. */
  refused: boolean;
}

const order = (id: string, amount_cents: number, currency = 'EUR') => ({ id, amount_cents, currency });
const rule = (expr: string, extra: Record<string, unknown> = {}) => ({
  name: 'check',
  kind: 'CONDITION',
  type: 'CEL',
  mode: 'WRITE',
  expr,
  ...extra,
});

const CASES: Case[] = [
  { name: 'a true condition', rule: rule('message.amount_cents > 0'), record: order('o-1', 5), refused: false },
  { name: 'a false condition', rule: rule('message.amount_cents > 0'), record: order('o-1', -5), refused: true },
  {
    name: 'a guard that does not apply',
    rule: rule("message.currency == 'EUR'; message.amount_cents < 1000"),
    record: order('o-1', 5_000, 'USD'),
    refused: false,
  },
  {
    name: 'a guard that applies',
    rule: rule("message.currency == 'EUR'; message.amount_cents < 1000"),
    record: order('o-1', 5_000, 'EUR'),
    refused: true,
  },
  {
    name: 'onFailure NONE',
    rule: rule('message.amount_cents > 0', { onFailure: 'NONE' }),
    record: order('o', -1),
    refused: false,
  },
  {
    name: 'a disabled rule',
    rule: rule('message.amount_cents > 0', { disabled: true }),
    record: order('o', -1),
    refused: false,
  },
  {
    name: 'a READ rule on write',
    rule: rule('message.amount_cents > 0', { mode: 'READ' }),
    record: order('o', -1),
    refused: false,
  },
  {
    name: 'WRITEREAD with NONE on write',
    rule: rule('message.amount_cents > 0', { mode: 'WRITEREAD', onFailure: 'NONE,ERROR' }),
    record: order('o', -1),
    refused: false,
  },
  {
    name: 'WRITEREAD with ERROR on write',
    rule: rule('message.amount_cents > 0', { mode: 'WRITEREAD', onFailure: 'ERROR,NONE' }),
    record: order('o', -1),
    refused: true,
  },
  { name: 'the strings extension', rule: rule("message.id.startsWith('o-')"), record: order('x-1', 1), refused: true },
  { name: 'a field that does not exist', rule: rule('message.nope > 0'), record: order('o-1', 1), refused: false },
  {
    name: 'an expression that does not parse',
    rule: rule('message.amount_cents >'),
    record: order('o-1', 1),
    refused: true,
  },
];

const confluentClient = () => sharedConfluentClient(registry);

const outcome = (work: Promise<unknown>) =>
  work.then(
    () => 'accepted',
    () => 'refused',
  );

describe.each(CASES.map((entry, index) => [entry.name, entry, index] as const))('%s', (_name, entry, index) => {
  const topic = `cel-${index}`;
  beforeAll(async () => {
    const schema = {
      type: 'record',
      // A name of its own per case: the rule set travels with the schema.
      name: `Order${index}`,
      fields: [
        { name: 'id', type: 'string' },
        { name: 'amount_cents', type: 'long' },
        { name: 'currency', type: 'string' },
      ],
    };
    const registered = await registry.http.register(`${topic}-value`, schema, {
      ruleSet: { domainRules: [entry.rule] },
    });
    expect(registered.status).toBe(200);
  });

  it(`both serializers ${entry.refused ? 'refuse' : 'accept'} the record`, async () => {
    const charter = new Serializer({
      client: new RegistryClient({ url: registry.url, credentials: registry.adminKey, retries: 0 }),
    });
    const confluent = new AvroSerializer(confluentClient(), SerdeType.VALUE, { useLatestVersion: true });
    const ours = await outcome(charter.serialize(topic, entry.record));
    const theirs = await outcome(confluent.serialize(topic, entry.record));
    expect({ ours, theirs }).toEqual({
      ours: entry.refused ? 'refused' : 'accepted',
      theirs: entry.refused ? 'refused' : 'accepted',
    });
  });
});

describe('READ rules', () => {
  // Confluent's JavaScript deserializer hands CEL the avsc record instance, which CEL cannot read: the condition is
  // an evaluation error, not false, so it never fails. Charter evaluates it on the record's data (a documented
  // difference: a READ rule is meant to be enforced).
  it('refuse on consume what breaks them (where Confluent’s JavaScript deserializer lets it through)', async () => {
    const schema = {
      type: 'record',
      name: 'ReadChecked',
      fields: [{ name: 'amount_cents', type: 'long' }],
    };
    await registry.http.register('read-checked-value', schema, {
      ruleSet: { domainRules: [rule('message.amount_cents > 0', { mode: 'READ' })] },
    });
    const client = new RegistryClient({ url: registry.url, credentials: registry.adminKey, retries: 0 });
    const bytes = await new Serializer({ client }).serialize('read-checked', { amount_cents: -1 });
    const ours = await outcome(new Deserializer({ client }).deserialize('read-checked', bytes));
    const theirs = await outcome(
      new AvroDeserializer(confluentClient(), SerdeType.VALUE, {}).deserialize('read-checked', bytes),
    );
    expect({ ours, theirs }).toEqual({ ours: 'refused', theirs: 'accepted' });
    const failure = await new Deserializer({ client })
      .deserialize('read-checked', bytes)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      errorClass: 'contract-violation',
      violations: [{ rule: 'rule/check', path: '', message: "Expr failed: 'message.amount_cents > 0'" }],
    });
  });
});
