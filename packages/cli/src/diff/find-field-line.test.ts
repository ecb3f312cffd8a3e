import { findFieldLine } from './find-field-line';

const AVRO =
  '{\n  "type": "record",\n  "name": "Order",\n  "fields": [\n    { "name": "order_id", "type": "string" },\n    { "name": "customer", "type": { "type": "record", "name": "C", "fields": [{ "name": "zip", "type": "string" }] } }\n  ]\n}\n';
const JSON_SCHEMA =
  '{\n  "type": "object",\n  "properties": {\n    "order_id": { "type": "string" },\n    "items": { "type": "array" }\n  }\n}\n';

// Inputs tried: nested dotted paths, array paths, a field not in the text, no field, names with regex characters.
describe('findFieldLine', () => {
  it.each([
    [AVRO, 'order_id', 5],
    [AVRO, 'customer.zip', 6],
    [JSON_SCHEMA, 'order_id', 4],
    [JSON_SCHEMA, 'items[]', 5],
    [JSON_SCHEMA, 'missing', undefined],
    [JSON_SCHEMA, undefined, undefined],
    [JSON_SCHEMA, '', undefined],
    ['{"a.b*": 1}', 'x.a.b*', undefined],
    ['{\n"a+b": 1}', 'a+b', 2],
  ])('%#: %s', (text, field, line) => {
    expect(findFieldLine(text, field)).toBe(line);
  });
});
