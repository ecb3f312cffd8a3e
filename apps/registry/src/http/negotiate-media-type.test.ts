import { negotiateMediaType } from './negotiate-media-type';

const V1 = 'application/vnd.schemaregistry.v1+json';
const GENERIC = 'application/vnd.schemaregistry+json';
const JSON_TYPE = 'application/json';

describe('negotiateMediaType (as Confluent chooses)', () => {
  it.each([
    ['', V1],
    ['*', V1],
    ['*/*', V1],
    ['*/does_not_matter', V1],
    ['application/*', V1],
    [V1, V1],
    [GENERIC, GENERIC],
    [JSON_TYPE, JSON_TYPE],
    ['APPLICATION/JSON', JSON_TYPE],
    ['text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2', V1],
    ['application/vnd.schemaregistry.v2+json; q=0.1, application/vnd.schemaregistry+json; q=0.9', GENERIC],
    ['application/json; q=0.5, application/vnd.schemaregistry.v1+json', V1],
    ['*/*, application/json', JSON_TYPE],
    ['application/*;q=0.2, application/json;q=0.8', JSON_TYPE],
    ['text/html;level=1, application/json', JSON_TYPE],
  ])('Accept %j → %s', (accept, type) => {
    expect(negotiateMediaType(accept)).toBe(type);
  });

  it.each([
    'text/html',
    'text/*',
    'application/octet-stream',
    'application/vnd.schemaregistry.v2+json',
    'application/json;q=0',
    '*/*;q=0',
    'application/json;q=abc',
    ',',
  ])('Accept %j → nothing acceptable (406)', (accept) => {
    expect(negotiateMediaType(accept)).toBeUndefined();
  });
});
