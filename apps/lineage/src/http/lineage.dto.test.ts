import { refusalOf } from '@charter/testkit';
import { readImpactRequest, readNodeQuery } from './lineage.dto';

const refusal = refusalOf;

describe('readNodeQuery', () => {
  it('reads the node, the depth (20 unless given) and withDownstream', () => {
    expect(readNodeQuery({ nodeId: 'dataset:x:y' })).toEqual({
      nodeId: 'dataset:x:y',
      depth: 20,
      withDownstream: false,
    });
    expect(readNodeQuery({ nodeId: 'n', depth: '0', withDownstream: 'true' })).toEqual({
      nodeId: 'n',
      depth: 0,
      withDownstream: true,
    });
  });

  it.each([
    [{}, 'nodeId is required'],
    [{ nodeId: '', depth: 'x' }, 'nodeId is required'],
    [{ nodeId: 'n', depth: '101' }, 'depth must be an integer from 0 to 100'],
    [{ nodeId: 'n', depth: '1.5' }, 'depth must be an integer from 0 to 100'],
  ])('refuses %j', (query, message) => {
    expect(refusal(() => readNodeQuery(query))).toEqual({ code: 'invalid-request', message });
  });
});

describe('readImpactRequest', () => {
  it('reads changes to datasets, or to a subject (whose entries need only field and change)', () => {
    const datasets = { changes: [{ namespace: 'n', name: 'd', field: 'f', change: 'removed' }], directOnly: true };
    expect(readImpactRequest(datasets)).toEqual(datasets);
    const subject = { subject: 'orders-value', changes: [{ field: 'f', change: 'removed' }], depth: 3 };
    expect(readImpactRequest(subject)).toEqual(subject);
  });

  it.each([
    [[], 'The body must be an object: { changes: [...] } or { subject, changes }'],
    [{ subject: '', changes: 'x' }, 'subject must be a non-empty string'],
    [{ changes: [] }, 'changes must be a list of 1 to 1000 changed fields'],
    [{ changes: Array.from({ length: 1_001 }, () => 'x') }, 'changes must be a list of 1 to 1000 changed fields'],
    [
      { changes: [{ namespace: 'n', name: 'd', field: 'f', change: 'c' }, 'x'] },
      'changes[1].namespace must be a non-empty string',
    ],
    [{ subject: 's', changes: [{ field: 'f', change: '' }] }, 'changes[0].change must be a non-empty string'],
    [{ subject: 's', changes: [{ field: 'f', change: 'c' }], changedBy: 1 }, 'changedBy must be a string'],
    [{ subject: 's', changes: [{ field: 'f', change: 'c' }], directOnly: 'yes' }, 'directOnly must be a boolean'],
    [{ subject: 's', changes: [{ field: 'f', change: 'c' }], depth: 0 }, 'depth must be an integer from 1 to 100'],
  ])('refuses %j', (body, message) => {
    expect(refusal(() => readImpactRequest(body))).toEqual({ code: 'invalid-request', message });
  });
});
