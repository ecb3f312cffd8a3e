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
