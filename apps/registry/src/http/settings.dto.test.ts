import { refusalOf } from '@charter/testkit';
import { readConfigUpdate, readModeUpdate } from './settings.dto';

/** The wire error a body is refused with: the registry code and Confluent's message. */
const refusal = refusalOf;

describe('readConfigUpdate', () => {
  it.each([
    [{ compatibility: 'full' }, { compatibility: 'FULL' }],
    [{ compatibilityLevel: 'Backward_Transitive' }, { compatibility: 'BACKWARD_TRANSITIVE' }],
    // Confluent reads compatibilityLevel only when compatibility is absent; the other is then ignored.
    [{ compatibility: 'NONE', compatibilityLevel: 'nonsense' }, { compatibility: 'NONE' }],
    [{ compatibility: null, compatibilityLevel: 'none' }, { compatibility: 'NONE' }],
    [{ normalize: true, alias: null, unknown: 1 }, { normalize: true }],
  ])('reads %j as %j', (body, change) => {
    expect(readConfigUpdate(body)).toEqual(change);
  });

  it('answers the fields in the order they are stored, whatever order they came in', () => {
    const change = readConfigUpdate({ defaultMetadata: {}, alias: 'a', normalize: false, compatibility: 'none' });
    expect(Object.keys(change)).toEqual(['compatibility', 'normalize', 'alias', 'defaultMetadata']);
  });

  it.each([
    [undefined, 'invalid-request', 'The request body must not be empty'],
    [[], 'invalid-request', 'The request body must be a JSON object'],
    [{}, 'invalid-compatibility-level', expect.stringMatching(/^Invalid compatibility level/)],
    [{ compatibility: 7, normalize: 'yes' }, 'invalid-compatibility-level', expect.any(String)],
    [{ normalize: 'yes', alias: 1 }, 'invalid-request', 'Config field normalize must be a boolean'],
    [{ alias: 1 }, 'invalid-request', 'Config field alias must be a string'],
    [{ defaultRuleSet: [] }, 'invalid-request', 'Config field defaultRuleSet must be an object'],
    [
      { defaultRuleSet: { domainRules: [{ name: 'r', mode: 'UPGRADE' }] }, overrideRuleSet: 1 },
      'invalid-rule-set',
      expect.stringMatching(/^Migration rules can only be/),
    ],
  ])('refuses %j with %s', (body, code, message) => {
    expect(refusal(() => readConfigUpdate(body))).toEqual({ code, message });
  });
});

describe('readModeUpdate', () => {
  it('reads the mode in any case', () => {
    expect(readModeUpdate({ mode: 'readonly_override' })).toBe('READONLY_OVERRIDE');
  });

  it.each([[undefined], ['IMPORT'], [{ mode: 'WRITEONLY' }], [{ mode: 1 }], [{}]])('refuses %j as 42204', (body) => {
    expect(refusal(() => readModeUpdate(body)).code).toBe('invalid-mode');
  });
});
