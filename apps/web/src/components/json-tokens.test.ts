import fc from 'fast-check';
import { formatSchemaText, tokenizeJson } from './json-tokens';

describe('tokenizeJson', () => {
  it('tells keys from string values, and numbers, literals and punctuation apart', () => {
    const tokens = tokenizeJson('{"name": "a\\"b", "n": -1.5e3, "ok": true, "x": null}').filter(
      (token) => token.kind !== 'space',
    );
    expect(tokens.map((token) => [token.kind, token.text])).toEqual([
      ['punctuation', '{'],
      ['key', '"name"'],
      ['punctuation', ':'],
      ['string', '"a\\"b"'],
      ['punctuation', ','],
      ['key', '"n"'],
      ['punctuation', ':'],
      ['number', '-1.5e3'],
      ['punctuation', ','],
      ['key', '"ok"'],
      ['punctuation', ':'],
      ['literal', 'true'],
      ['punctuation', ','],
      ['key', '"x"'],
      ['punctuation', ':'],
      ['literal', 'null'],
      ['punctuation', '}'],
    ]);
  });

  it('keeps markup in strings as text (rendering never parses it)', () => {
    const tokens = tokenizeJson('{"doc": "<img src=x onerror=alert(1)>"}');
    expect(tokens.find((token) => token.kind === 'string')?.text).toBe('"<img src=x onerror=alert(1)>"');
  });

  it('gives back any text exactly when the tokens are joined', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(
          tokenizeJson(text)
            .map((token) => token.text)
            .join(''),
        ).toBe(text);
      }),
    );
  });
});

describe('formatSchemaText', () => {
  it('pretty-prints JSON and leaves anything else as it is', () => {
    expect(formatSchemaText('{"type":"string"}')).toBe('{\n  "type": "string"\n}');
    expect(formatSchemaText('syntax = "proto3";')).toBe('syntax = "proto3";');
  });
});
