import { InvalidInputError } from '@charter/errors';
import { createStoreErrorTranslator } from '../src/store/translate-store-error';

class Answer extends Error {
  constructor(
    readonly kind: string,
    readonly original: unknown,
  ) {
    super(kind);
  }
}

const translate = createStoreErrorTranslator({
  timeout: (cause) => new Answer('timeout', cause),
  unavailable: (cause) => new Answer('unavailable', cause),
  unstorable: (cause) => new Answer('unstorable', cause),
});

/** Failures as the drivers raise them: pg's SQLSTATE, Node's socket codes, Prisma's codes and nested adapter errors. */
const CASES: Array<[string, unknown, string]> = [
  [
    'statement cancelled by statement_timeout',
    Object.assign(new Error('canceling statement'), { code: '57014' }),
    'timeout',
  ],
  ['Prisma pool timeout', Object.assign(new Error('pool'), { code: 'P2024' }), 'timeout'],
  ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unavailable'],
  ['admin shutdown', Object.assign(new Error('terminating'), { code: '57P01' }), 'unavailable'],
  [
    'adapter error nested in Prisma meta',
    Object.assign(new Error('driver'), { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }),
    'unavailable',
  ],
  ['numeric out of range', Object.assign(new Error('out of range'), { code: '22003' }), 'unstorable'],
  ['NUL in text (as a cause)', new Error('wrapped', { cause: { code: '22021' } }), 'unstorable'],
];

describe('createStoreErrorTranslator', () => {
  it.each(CASES)('%s → %s', async (_name, failure, kind) => {
    const error = await translate(() => Promise.reject(failure)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Answer);
    expect((error as Answer).kind).toBe(kind);
    expect((error as Answer).original).toBe(failure);
  });

  it('passes results, domain errors and bugs through unchanged', async () => {
    await expect(translate(async () => 42)).resolves.toBe(42);
    const domain = new InvalidInputError('invalid-request', 'no');
    await expect(translate(() => Promise.reject(domain))).rejects.toBe(domain);
    const bug = new TypeError('undefined is not a function');
    await expect(translate(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
