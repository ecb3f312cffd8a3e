import { avroRecord, useTestRegistry } from '../../src/testing';

const registry = useTestRegistry();

describe('ETags on the two hot reads', () => {
  it('a schema by id carries an ETag; If-None-Match with it answers 304 without a body', async () => {
    const { http } = registry;
    const { body } = await http.register('etag-a-value', avroRecord('A', [['x', 'int']]));
    const { id } = body as { id: number };
    const first = await http.get(`/schemas/ids/${id}`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await http.get(`/schemas/ids/${id}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.get('etag')).toBe(etag);
    // In a list, or `*`: still held. Another tag: the whole answer.
    expect((await http.get(`/schemas/ids/${id}`, { 'if-none-match': `"other", ${etag}` })).status).toBe(304);
    expect((await http.get(`/schemas/ids/${id}`, { 'if-none-match': '*' })).status).toBe(304);
    const changed = await http.get(`/schemas/ids/${id}`, { 'if-none-match': '"other"' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(first.body);
  });

  it('the latest version’s ETag changes when a version is added, and a 404 carries none', async () => {
    const { http } = registry;
    await http.register('etag-b-value', avroRecord('B', [['x', 'int']]));
    const v1 = await http.get('/subjects/etag-b-value/versions/latest');
    const etag = v1.headers.get('etag')!;
    expect((await http.get('/subjects/etag-b-value/versions/latest', { 'if-none-match': etag })).status).toBe(304);
    await http.register(
      'etag-b-value',
      avroRecord('B', [
        ['x', 'int'],
        ['y', 'string', 'none'],
      ]),
    );
    const v2 = await http.get('/subjects/etag-b-value/versions/latest', { 'if-none-match': etag });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2 });
    expect(v2.headers.get('etag')).not.toBe(etag);
    // Version 1 itself still matches its own tag.
    expect((await http.get('/subjects/etag-b-value/versions/1', { 'if-none-match': etag })).status).toBe(304);
    const missing = await http.get('/subjects/etag-b-value/versions/9');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
  });
});
