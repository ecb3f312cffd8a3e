import fc from 'fast-check';
import { RegistryClient } from '../registry/registry-client';
import { BodyChecker } from './body-checker';

/** Keys that pollute prototypes are refused before anything else, without asking the registry (nothing listens here). */
const checker = new BodyChecker({ client: new RegistryClient({ url: 'http://127.0.0.1:9', retries: 0 }) });

describe('a body with keys that pollute prototypes', () => {
  it.each([
    ['at the top', '{"__proto__": {"admin": true}, "id": "o-1"}', ['/__proto__']],
    ['nested, in an array', '{"lines": [{"sku": "a"}, {"__proto__": {"x": 1}}]}', ['/lines/1/__proto__']],
    ['constructor.prototype', '{"a": {"constructor": {"prototype": {"admin": true}}}}', ['/a/constructor/prototype']],
    ['a key with a slash, escaped', '{"a/b": {"__proto__": null}}', ['/a~1b/__proto__']],
  ])('%s: refused as body/forbidden-key at its pointer', async (_name, text, paths) => {
    const violations = await checker.check('orders-value', JSON.parse(text));
    expect(violations.map((violation) => [violation.rule, violation.path])).toEqual(
      paths.map((path) => ['body/forbidden-key', path]),
    );
  });

  it('lets ordinary "constructor" and "prototype" fields reach the schema check (here: a registry that is down)', async () => {
    await expect(
      checker.check('orders-value', JSON.parse('{"constructor": "x", "prototype": {"a": 1}}')),
    ).rejects.toMatchObject({ errorClass: 'registry-unavailable' });
  });
});

describe('prototype-polluting keys (property)', () => {
  const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 200) };
  const plainKey = fc.string({ maxLength: 6 }).filter((key) => key !== '__proto__' && key !== 'constructor');
  const plain = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.constant(null), tie('object'), tie('array')),
    object: fc.dictionary(plainKey, tie('value'), { maxKeys: 4 }),
    array: fc.array(tie('value'), { maxLength: 3 }),
  })).object;

  it('a body without them passes to the schema check; one __proto__ put anywhere is found exactly there', async () => {
    await fc.assert(
      fc.asyncProperty(plain, fc.array(fc.nat(), { maxLength: 6 }), async (body, steps) => {
        // Without a forbidden key, the checker goes on to the registry (down here): nothing is refused for keys.
        await expect(checker.check('orders-value', body)).rejects.toMatchObject({ errorClass: 'registry-unavailable' });
        // Walk down `steps` into the body (objects and arrays), then give the object reached an own __proto__ key.
        let target: Record<string, unknown> = body as Record<string, unknown>;
        let pointer = '';
        for (const step of steps) {
          const children = Object.entries(target).filter(([, child]) => typeof child === 'object' && child !== null);
          if (children.length === 0) break;
          const [key, child] = children[step % children.length]!;
          pointer += `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
          target = child as Record<string, unknown>;
        }
        if (Array.isArray(target)) return;
        Object.defineProperty(target, '__proto__', { value: { admin: true }, enumerable: true, configurable: true });
        const violations = await checker.check('orders-value', body);
        expect(violations).toEqual([
          expect.objectContaining({ rule: 'body/forbidden-key', path: `${pointer}/__proto__` }),
        ]);
      }),
      RUNS,
    );
  });
});
