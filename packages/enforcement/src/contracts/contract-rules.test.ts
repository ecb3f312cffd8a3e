import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseContract } from '@charter/contracts';
import { SAMPLE_ORDER } from '../../test/support';
import { compileContractRules } from './contract-rules';

const FILE = path.resolve(__dirname, '../../../../contracts/orders/contract.odcs.yaml');
const { contract } = parseContract(readFileSync(FILE, 'utf8'), { file: FILE });
const rules = compileContractRules(contract!, 'orders-value')!;

const ORDER = SAMPLE_ORDER;

describe('the orders contract at runtime (contracts/orders/contract.odcs.yaml)', () => {
  it('binds orders-value, and a conforming order holds', () => {
    expect(rules).toMatchObject({ contractId: 'orders', version: contract!.version });
    expect(rules.check(ORDER)).toEqual([]);
    expect(compileContractRules(contract!, 'user-events-value')).toBeUndefined();
  });

  it.each([
    ['a required field missing', { customer_id: undefined }, 'contract/required', '/customer_id'],
    ['a required field null', { placed_at: null }, 'contract/required', '/placed_at'],
    ['below the minimum', { amount_cents: -1 }, 'contract/minimum', '/amount_cents'],
    ['against the pattern', { currency: 'eur' }, 'contract/pattern', '/currency'],
    ['not a valid value', { status: 'LOST' }, 'contract/validValues', '/status'],
    [
      'a nested required field',
      { shipping_address: { city: 'Lyon', postal_code: '69001', country: 'FR' } },
      'contract/required',
      '/shipping_address/line1',
    ],
  ])('refuses %s', (_name, change, rule, pointer) => {
    const violations = rules.check({ ...ORDER, ...change });
    expect(violations).toEqual([expect.objectContaining({ rule, path: pointer })]);
  });

  it('lists every violation, and leaves optional fields alone when absent', () => {
    const violations = rules.check({ ...ORDER, amount_cents: -5, currency: 'euro', coupon_code: undefined });
    expect(violations.map((violation) => violation.rule)).toEqual(['contract/minimum', 'contract/pattern']);
  });
});
