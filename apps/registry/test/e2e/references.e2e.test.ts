import { useTestRegistry } from '../../src/testing';

const registry = useTestRegistry();

const address = { type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'city', type: 'string' }] };
const customer = {
  type: 'record',
  name: 'Customer',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'home', type: 'com.acme.Address' },
  ],
};

describe('schema references', () => {
  it('resolves an Avro named type from another subject, lists referrers, and guards the referenced version', async () => {
    const { http } = registry;
    const addressId = (await http.register('address-value', address)).body.id;
    const references = [{ name: 'com.acme.Address', subject: 'address-value', version: 1 }];
    const registered = await http.register('customer-value', customer, { references });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ version: 1, references });

    const byId = await http.get(`/schemas/ids/${registered.body.id}`);
    expect(byId.body).toEqual({ schema: JSON.stringify(customer), references });
    expect((await http.get('/subjects/address-value/versions/1/referencedby')).body).toEqual([registered.body.id]);

    // Without the reference the type is unknown.
    const unresolved = await http.register('customer2-value', customer);
    expect(unresolved.status).toBe(422);
    expect(unresolved.body).toMatchObject({ error_code: 42201 });

    // The referenced version cannot be deleted, softly or not.
    const soft = await http.delete('/subjects/address-value/versions/1');
    expect(soft.status).toBe(422);
    expect(soft.body).toEqual({
      error_code: 42206,
      message: 'One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=address-value,version=1}.',
    });
    expect((await http.delete('/subjects/address-value')).body).toMatchObject({ error_code: 42206 });
    expect((await http.get(`/schemas/ids/${addressId}`)).status).toBe(200);

    // Once the referrer is gone for good, the referenced version can go too.
    await http.delete('/subjects/customer-value');
    await http.delete('/subjects/customer-value?permanent=true');
    expect((await http.get('/subjects/address-value/versions/1/referencedby')).body).toEqual([]);
    expect((await http.delete('/subjects/address-value/versions/1')).body).toBe(1);
  });

  it('resolves JSON Schema $ref to another subject and pins version -1 to the latest', async () => {
    const { http } = registry;
    const money = { type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string' } } };
    await http.register('money-value', money, { schemaType: 'JSON' });
    const invoice = {
      type: 'object',
      properties: { total: { $ref: 'money.json' }, number: { type: 'string' } },
      required: ['number'],
    };
    const registered = await http.register('invoice-value', invoice, {
      schemaType: 'JSON',
      references: [{ name: 'money.json', subject: 'money-value', version: -1 }],
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({
      schemaType: 'JSON',
      references: [{ name: 'money.json', subject: 'money-value', version: 1 }],
    });
    const latest = await http.get('/subjects/invoice-value/versions/latest');
    expect(latest.body).toMatchObject({ schemaType: 'JSON', references: [{ name: 'money.json', version: 1 }] });
  });

  it('refuses references to missing versions and remote $ref with 42201, fetching nothing', async () => {
    const { http } = registry;
    const missing = await http.register('r1-value', customer, {
      references: [{ name: 'com.acme.Address', subject: 'nowhere', version: 1 }],
    });
    expect(missing.body).toMatchObject({ error_code: 42201 });
    expect(missing.body.message).toContain("subject 'nowhere' version 1, which does not exist");

    const remote = await http.register(
      'r2-value',
      { type: 'object', properties: { a: { $ref: 'https://example.com/a.json' } } },
      { schemaType: 'JSON' },
    );
    expect(remote.status).toBe(422);
    expect(remote.body).toMatchObject({ error_code: 42201 });
    expect(remote.body.message).toContain('https://example.com/a.json');
  });
});
