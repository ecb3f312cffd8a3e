import { refusalOf } from '@charter/testkit';
import { readSchemaRequest } from './schema-request.dto';

const refusal = (body: unknown) => refusalOf(() => readSchemaRequest(body));

const deep = (depth: number): unknown => (depth === 0 ? 1 : { next: deep(depth - 1) });

describe('readSchemaRequest', () => {
  it('reads what Confluent clients send, ignoring fields it does not know', () => {
    expect(
      readSchemaRequest({
        schema: '"int"',
        references: [{ name: 'a', subject: 's', version: 1, extra: true }],
        id: -1,
        version: -1,
        subject: 'posted back from a response',
      }),
    ).toEqual({
      schema: '"int"',
      schemaType: 'AVRO',
      references: [{ name: 'a', subject: 's', version: 1 }],
      metadata: null,
      ruleSet: null,
      id: undefined,
      version: undefined,
    });
  });

  it.each([
    [
      { schemaType: 1 },
      'invalid-request',
      'Invalid request field schemaType: Invalid input: expected string, received number',
    ],
    [
      { references: [{ name: 'a' }] },
      'invalid-request',
      expect.stringMatching(/^Invalid request field references\.0\.subject:/),
    ],
    [{ metadata: deep(40) }, 'invalid-request', 'Invalid request field metadata: nests deeper than 32 levels'],
    [
      { schema: ['x'] },
      'invalid-schema',
      'Invalid schema: the "schema" field must be a string holding the schema text, not an array',
    ],
  ])('refuses %j with %s', (body, code, message) => {
    expect(refusal(body)).toEqual({ code, message });
  });

  it('answers a schema that is not text (42201) only when the rest of the body is well-formed', () => {
    expect(refusal({ schema: 1, version: 'two' }).code).toBe('invalid-request');
    expect(refusal({ schema: 1, ruleSet: deep(40) }).message).toBe(
      'Invalid request field ruleSet: nests deeper than 32 levels',
    );
  });
});
