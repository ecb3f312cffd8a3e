import { isDateTime } from './is-date-time';
import { isUri } from './is-uri';
import { isUuid } from './is-uuid';

describe('isDateTime', () => {
  it.each([
    ['2025-03-14T09:26:53.589Z', true],
    ['2025-03-14T09:26:53+01:00', true],
    ['2025-03-14t09:26:53z', true],
    ['2025-03-14 09:26:53Z', true],
    ['2024-02-29T00:00:00Z', true],
    ['2016-12-31T23:59:60Z', true],
    ['2025-02-29T00:00:00Z', false],
    ['2025-04-31T00:00:00Z', false],
    ['2025-13-01T00:00:00Z', false],
    ['2025-03-14T24:00:00Z', false],
    ['2025-03-14T09:26:53', false],
    ['2025-03-14T09:26Z', false],
    ['2025-03-14', false],
    ['2025-03-14T09:26:53+0100', false],
    ['Friday', false],
  ])('%s → %s', (text, expected) => expect(isDateTime(text)).toBe(expected));
});

describe('isUri', () => {
  it.each([
    ['https://github.com/OpenLineage/OpenLineage/tree/1.23.0/integration/dbt', true],
    ['https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent', true],
    ['postgres://warehouse.internal:5432', true],
    ['urn:charter:producer', true],
    ['https://example.com/a%20b', true],
    ['dbt-ol 1.23.0', false],
    ['/relative/path', false],
    ['https://example.com/a b', false],
    ['https://example.com/%zz', false],
    ['https://example.com/#a#b', false],
    ['', false],
  ])('%s → %s', (text, expected) => expect(isUri(text)).toBe(expected));
});

describe('isUuid', () => {
  it.each([
    ['0195937d-3f2a-7c1e-9b4d-2f6a8e1c5d70', true],
    ['0195937D-3F2A-7C1E-9B4D-2F6A8E1C5D70', true],
    ['0195937d3f2a7c1e9b4d2f6a8e1c5d70', false],
    ['urn:uuid:0195937d-3f2a-7c1e-9b4d-2f6a8e1c5d70', false],
    ['manual__2025-03-14T03:00:00+00:00', false],
  ])('%s → %s', (text, expected) => expect(isUuid(text)).toBe(expected));
});
