import { refusalOf } from '@charter/testkit';
import { readBreachQuery, readDatasetBreachQuery } from './breach.dto';

describe('readBreachQuery', () => {
  it('reads the filters and the page (100 unless given)', () => {
    expect(readBreachQuery({})).toEqual({ limit: 100 });
    expect(
      readBreachQuery({
        contract: 'orders',
        namespace: 'snowflake://acme',
        name: 'raw.orders',
        since: '2026-12-01T00:00:00Z',
        limit: '20',
        before: '41',
      }),
    ).toEqual({
      contract: 'orders',
      dataset: { namespace: 'snowflake://acme', name: 'raw.orders' },
      since: new Date('2026-12-01T00:00:00Z'),
      limit: 20,
      before: 41n,
    });
    expect(readBreachQuery({ namespace: 'snowflake://acme' })).toEqual({
      dataset: { namespace: 'snowflake://acme' },
      limit: 100,
    });
  });

  it.each([
    [{ name: 'raw.orders' }, 'name needs namespace: a dataset is a namespace and a name'],
    [{ limit: '0' }, 'limit must be an integer from 1 to 500'],
    [{ limit: '501' }, 'limit must be an integer from 1 to 500'],
    [{ limit: 'ten' }, 'limit must be an integer from 1 to 500'],
    [{ before: '-1' }, 'before must be a breach id'],
    [{ before: '1'.repeat(19) }, 'before must be a breach id'],
    [{ since: 'yesterday' }, 'since must be an ISO-8601 time'],
    [{ since: '12/01/2026' }, 'since must be an ISO-8601 time'],
    [{ contract: ['a', 'b'] }, 'contract must be given once, as text'],
    [{ contract: '' }, 'contract must not be empty'],
  ])('refuses %j', (query, message) => {
    expect(refusalOf(() => readBreachQuery(query))).toEqual({ code: 'invalid-request', message });
  });
});

describe('readDatasetBreachQuery', () => {
  it('reads the dataset from the path and the rest from the query', () => {
    expect(readDatasetBreachQuery('snowflake://acme', 'raw.orders', { contract: 'orders' })).toEqual({
      contract: 'orders',
      dataset: { namespace: 'snowflake://acme', name: 'raw.orders' },
      limit: 100,
    });
  });
});
