import { readOpenLineageEvent } from './read-openlineage-event';

const EVENT = JSON.stringify({
  eventType: 'START',
  eventTime: '2025-03-14T09:00:00Z',
  producer: 'https://example.com/producer',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: '01959395-0000-7000-8000-0000000000dd' },
  job: { namespace: 'ns', name: 'job' },
});
const bytes = (text: string) => new TextEncoder().encode(text).length;
const withNote = (note: string) => EVENT.replace('"eventType"', `"note":${JSON.stringify(note)},"eventType"`);

describe('readOpenLineageEvent', () => {
  it.each<[string, string, { maxBytes?: number }, string[]]>([
    ['a valid event', EVENT, {}, []],
    ['an empty text', '', {}, ['malformed-json']],
    ['truncated JSON', EVENT.slice(0, -1), {}, ['malformed-json']],
    ['a trailing comma', EVENT.replace(/}$/, ',}'), {}, ['malformed-json']],
    ['single quotes', "{'eventTime': 'x'}", {}, ['malformed-json']],
    ['NaN', '{"eventTime": NaN}', {}, ['malformed-json']],
    ['two documents', `${EVENT}\n${EVENT}`, {}, ['malformed-json']],
    ['JSON that is not an object', '"START"', {}, ['invalid-type']],
    ['null', 'null', {}, ['invalid-type']],
    ['text one byte over maxBytes', EVENT, { maxBytes: bytes(EVENT) - 1 }, ['too-large']],
    ['text exactly maxBytes', EVENT, { maxBytes: bytes(EVENT) }, []],
    [
      'multi-byte text under maxBytes in characters but over in bytes',
      withNote('é'.repeat(50)),
      { maxBytes: bytes(withNote('é'.repeat(50))) - 1 },
      ['too-large'],
    ],
    ['emoji counted as four bytes', withNote('🦆'), { maxBytes: bytes(withNote('🦆')) }, []],
    ['malformed and too large: size is checked first', `${'['.repeat(3_000_000)}`, {}, ['too-large']],
    ['over the default 2 MiB', withNote('x'.repeat(2 * 1024 * 1024)), {}, ['too-large']],
  ])('%s → %j', (_name, text, options, codes) => {
    const result = readOpenLineageEvent(text, options);
    expect(result.violations.map((violation) => violation.code)).toEqual(codes);
    expect(result.violations.every((violation) => violation.path === '')).toBe(true);
    expect(result.event === undefined).toBe(codes.length > 0);
  });
});
