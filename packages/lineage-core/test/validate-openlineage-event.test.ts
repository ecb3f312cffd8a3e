import { OPENLINEAGE_VIOLATION_CODES, readOpenLineageEvent, validateOpenLineageEvent } from '../src';
import { loadBadEventCases, loadGoodEventCases, violationLines } from './openlineage-cases';

const KINDS: Record<string, 'run' | 'dataset' | 'job'> = {
  'dataset-event': 'dataset',
  'job-event-with-lineage': 'job',
};

describe('validateOpenLineageEvent on the case corpus', () => {
  it.each(loadGoodEventCases().map((entry) => [entry.name, entry] as const))('accepts %s', (name, entry) => {
    const result = readOpenLineageEvent(entry.text);
    expect(result.violations).toEqual([]);
    expect(result.event?.kind).toBe(KINDS[name] ?? 'run');
  });

  it.each(loadBadEventCases().map((entry) => [entry.name, entry] as const))(
    'refuses %s with exactly the expected violations',
    (_name, entry) => {
      const result = readOpenLineageEvent(entry.text);
      expect(result.event).toBeUndefined();
      expect(violationLines(result.violations)).toEqual(violationLines(entry.violations));
      for (const violation of result.violations) {
        expect(OPENLINEAGE_VIOLATION_CODES).toContain(violation.code);
        expect(violation.message).not.toBe('');
      }
    },
  );
});

describe('the typed event', () => {
  const good = Object.fromEntries(loadGoodEventCases().map((entry) => [entry.name, JSON.parse(entry.text)]));

  it('defaults inputs and outputs to [] and adds kind, which is not on the wire', () => {
    const wire = good['spark-fail-with-error-message'];
    expect(wire.inputs).toBeUndefined();
    const { event } = validateOpenLineageEvent(wire);
    expect(event).toMatchObject({ kind: 'run', eventType: 'FAIL', inputs: [], outputs: [] });
    expect(wire.kind).toBeUndefined();
  });

  it('keeps every facet as given, unknown ones and unknown keys included', () => {
    const wire = good['dbt-complete-schema-and-column-lineage'];
    const { event } = validateOpenLineageEvent(wire);
    if (event?.kind !== 'run') throw new Error('expected a run event');
    expect(event.run.facets).toEqual(wire.run.facets);
    expect(event.run.facets?.dbt_version).toEqual(wire.run.facets.dbt_version);
    expect(event.outputs[0]?.facets).toEqual(wire.outputs[0].facets);
    expect(event.outputs[0]?.outputFacets).toEqual(wire.outputs[0].outputFacets);
    expect(event.outputs[0]?.facets?.columnLineage?.dataset).toHaveLength(2);
  });

  it('returns a DatasetEvent with its dataset and no inputs or outputs', () => {
    const { event } = validateOpenLineageEvent(good['dataset-event']);
    expect(event?.kind).toBe('dataset');
    if (event?.kind !== 'dataset') return;
    expect(event.dataset.name).toBe('analytics.marts.customers');
    expect(event.dataset.facets?.documentation).toEqual(expect.objectContaining({ _deleted: true }));
  });
});

describe('bounds', () => {
  const inputField = (index: number) => ({
    namespace: 'postgres://db:5432',
    name: 'public.source',
    field: `c${index}`,
  });
  const withInputFields = (count: number) => ({
    eventTime: '2025-03-14T09:00:00Z',
    producer: 'https://example.com/producer',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: '01959395-0000-7000-8000-0000000000cc' },
    job: { namespace: 'ns', name: 'wide' },
    outputs: [
      {
        namespace: 'postgres://db:5432',
        name: 'public.wide',
        facets: {
          columnLineage: {
            _producer: 'https://example.com/producer',
            _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
            fields: { all: { inputFields: Array.from({ length: count }, (_, index) => inputField(index)) } },
          },
        },
      },
    ],
  });

  it.each([
    [10_000, []],
    [10_001, ['too-many-input-fields /outputs/0/facets/columnLineage/fields/all/inputFields/10000']],
  ])('%i input fields → %j', (count, expected) => {
    expect(violationLines(validateOpenLineageEvent(withInputFields(count)).violations)).toEqual(expected);
  });

  it('refuses a value nested 100 000 deep without overflowing the stack', () => {
    let value: unknown = [];
    for (let depth = 0; depth < 100_000; depth += 1) value = [value];
    expect(violationLines(validateOpenLineageEvent(value).violations)).toEqual([`too-deep ${'/0'.repeat(64)}`]);
  });

  it('refuses a cyclic value instead of walking it forever', () => {
    const cyclic: Record<string, unknown> = { eventTime: '2025-03-14T09:00:00Z' };
    cyclic.self = cyclic;
    expect(validateOpenLineageEvent(cyclic).violations.map((violation) => violation.code)).toEqual(['too-deep']);
  });

  it('refuses a value larger than maxBytes', () => {
    const event = withInputFields(100);
    expect(validateOpenLineageEvent(event, { maxBytes: 1_000 }).violations).toEqual([
      expect.objectContaining({ code: 'too-large', path: '' }),
    ]);
    expect(validateOpenLineageEvent(event, { maxBytes: JSON.stringify(event).length }).violations).toEqual([]);
  });
});
