import { readOpenLineageEvent } from '@charter/lineage-core';
import { ORDER_COLUMNS } from '../sink/order-row';
import { buildSinkRunEvent } from './build-sink-run-event';
import { schemaFields } from './schema-fields';
import { SinkBatch } from './sink-batch';

const ORDERS_V3 = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
    { name: 'status', type: { type: 'enum', name: 'OrderStatus', symbols: ['PLACED'] } },
    { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'coupon_code', type: ['null', 'string'], default: null },
    { name: 'shipping_address', type: ['null', { type: 'record', name: 'Address', fields: [] }], default: null },
  ],
});

function batch(): SinkBatch {
  const done = new SinkBatch();
  done.written('inserted', { partition: 0, offset: '7', schemaId: 3 });
  done.written('inserted', { partition: 2, offset: '4', schemaId: 3 });
  done.written('duplicate', { partition: 0, offset: '8', schemaId: 3 });
  done.deadLetter('deserialization', { partition: 2, offset: '5' });
  return done;
}

/** The parts of the event these tests read. */
interface Dataset {
  namespace: string;
  name: string;
  facets: {
    schema: { fields: Array<{ name: string; type: string }> };
    columnLineage: { fields: Record<string, { inputFields: unknown[] }> };
  };
  outputFacets: { outputStatistics: { rowCount: number } };
}
interface SinkEvent {
  run: { facets: { charter_sink: Record<string, unknown> } };
  inputs: Dataset[];
  outputs: Dataset[];
}

describe('buildSinkRunEvent', () => {
  const built = buildSinkRunEvent({
    runId: '0193e3a0-0000-7000-8000-000000000001',
    eventTime: new Date('2026-12-06T10:00:00Z'),
    job: { namespace: 'charter-pipeline', name: 'orders-sink' },
    input: {
      namespace: 'kafka://kafka.charter.local:9092',
      name: 'orders',
      fields: schemaFields({ schemaType: 'AVRO', schema: ORDERS_V3 }),
    },
    output: { namespace: 'postgres://staging-db.charter.local:5432', name: 'staging.orders', columns: ORDER_COLUMNS },
    deadLetters: { namespace: 'kafka://kafka.charter.local:9092', name: 'orders.dlq' },
    batch: batch(),
  });
  const event = built as unknown as SinkEvent & Record<string, unknown>;

  it('is an OpenLineage 2-0-2 RunEvent COMPLETE that Charter’s validator accepts', () => {
    expect(readOpenLineageEvent(JSON.stringify(built)).violations).toEqual([]);
    expect(event).toMatchObject({ eventType: 'COMPLETE', job: { namespace: 'charter-pipeline', name: 'orders-sink' } });
  });

  it('reads the topic and writes the table (every column, each from its field) and the dead-letter topic', () => {
    const [input] = event.inputs;
    expect(input).toMatchObject({ namespace: 'kafka://kafka.charter.local:9092', name: 'orders' });
    expect(input!.facets.schema.fields).toEqual([
      { name: 'order_id', type: 'string' },
      { name: 'amount_cents', type: 'long' },
      { name: 'status', type: 'enum' },
      { name: 'placed_at', type: 'timestamp-millis' },
      { name: 'coupon_code', type: 'string' },
      { name: 'shipping_address', type: 'record', fields: [] },
    ]);
    const [table, letters] = event.outputs;
    expect(table!.name).toBe('staging.orders');
    expect(table!.facets.schema.fields.map((field) => field.name)).toEqual(ORDER_COLUMNS.map((column) => column.name));
    expect(Object.keys(table!.facets.columnLineage.fields)).toEqual(
      ORDER_COLUMNS.filter((column) => column.from).map((column) => column.name),
    );
    expect(table!.facets.columnLineage.fields.placed_at!.inputFields).toEqual([
      {
        namespace: 'kafka://kafka.charter.local:9092',
        name: 'orders',
        field: 'placed_at',
        transformations: [
          { type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'epoch milliseconds as a timestamp' },
        ],
      },
    ]);
    expect(table!.outputFacets.outputStatistics.rowCount).toBe(2);
    expect(letters).toMatchObject({ name: 'orders.dlq', outputFacets: { outputStatistics: { rowCount: 1 } } });
  });

  it('says in its run facet what the standard facets cannot: duplicates, letters by class, offsets read', () => {
    expect(event.run.facets.charter_sink).toMatchObject({
      read: 4,
      inserted: 2,
      updated: 0,
      duplicates: 1,
      deadLettered: { deserialization: 1 },
      offsets: [
        { partition: 0, first: '7', last: '8' },
        { partition: 2, first: '4', last: '5' },
      ],
    });
  });
});

describe('schemaFields', () => {
  it('lists a JSON Schema’s properties by type or format, and nothing for what is not an object schema', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: { event_id: { type: 'string', format: 'uuid' }, n: { type: ['number', 'null'] } },
    });
    expect(schemaFields({ schemaType: 'JSON', schema })).toEqual([
      { name: 'event_id', type: 'uuid' },
      { name: 'n', type: 'number' },
    ]);
    expect(schemaFields({ schemaType: 'AVRO', schema: '"string"' })).toBeUndefined();
    expect(schemaFields({ schemaType: 'JSON', schema: '{' })).toBeUndefined();
  });
});
