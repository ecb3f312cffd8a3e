import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readContract } from './read-contract';

const ORDERS = parse(
  readFileSync(path.resolve(__dirname, '../../../../../contracts/orders/contract.odcs.yaml'), 'utf8'),
) as Record<string, unknown>;

describe('readContract', () => {
  it("reads the sample orders contract's owners, tier, SLA, quality rules and consumers", () => {
    const details = readContract(ORDERS);
    expect(details).toMatchObject({
      name: 'Orders',
      domain: 'orders',
      tier: 'tier-1',
      compatibility: 'BACKWARD_TRANSITIVE',
    });
    expect(details.owners.map((owner) => owner.username)).toEqual(['alice', 'bob']);
    expect(details.sla.map((sla) => sla.property)).toEqual(['latency', 'retention', 'frequency', 'availability']);
    expect(details.quality.length).toBeGreaterThan(0);
    expect(details.quality.some((rule) => rule.target.startsWith('orders.'))).toBe(true);
    expect(details.consumers.map((consumer) => consumer.id)).toContain('finance-revenue-dashboard');
  });

  it('reads an empty or odd document as nothing, without throwing', () => {
    expect(readContract({ team: 'x', schema: 'no', customProperties: [null, 3], slaProperties: {} })).toEqual({
      name: undefined,
      domain: undefined,
      description: undefined,
      owners: [],
      tier: undefined,
      compatibility: undefined,
      sla: [],
      quality: [],
      consumers: [],
      support: [],
    });
  });
});
