import { redactPostgresUrl } from './redact-postgres-url';

describe('redactPostgresUrl', () => {
  it.each([
    ['postgres://u:secret@h:5432/db', 'postgres://u@h:5432/db'],
    ['postgresql://u:s%40cret@h/db?sslmode=require&password=other', 'postgresql://u@h/db'],
    ['postgres://h/db?password=secret', 'postgres://h/db'],
    ['postgres://u@h/db#frag', 'postgres://u@h/db'],
    ['not a url secret', 'postgres://(unparseable url)'],
  ])('%s → %s', (url, expected) => {
    expect(redactPostgresUrl(url)).toBe(expected);
    expect(redactPostgresUrl(url)).not.toMatch(/secret|cret|other/);
  });
});
