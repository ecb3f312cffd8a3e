import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseContract } from '@charter/contracts';

// Math's functions read once: a global lookup costs microseconds inside Jest's vm context.
const { cos, floor, imul, log, max, PI, round, sqrt } = Math;

/** mulberry32: a seeded generator, so every stream in these tests is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StreamShape {
  amountMean: number;
  amountSd: number;
  currencies: Array<[string, number]>;
  couponNullRate: number;
  addressNullRate: number;
}

export const STATIONARY: StreamShape = {
  amountMean: 5_000,
  amountSd: 1_500,
  currencies: [
    ['EUR', 0.5],
    ['USD', 0.3],
    ['GBP', 0.2],
  ],
  couponNullRate: 0.8,
  addressNullRate: 0.1,
};

const STATUSES = ['PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED'];
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'NL', 'ES'];
// Value pools, so a million records cost the generator little (the profiler is what the tests look at).
const CUSTOMERS = Array.from({ length: 50_000 }, (_, n) => `c-${n}`);
const CITIES = Array.from({ length: 300 }, (_, n) => `city-${n}`);
const COUPONS = Array.from({ length: 20 }, (_, n) => `C${n}`);
const STREETS = Array.from({ length: 5_000 }, (_, n) => `${n} Main St`);

/** An orders record as the orders contract describes it (v3), drawn from `shape`. */
export function orderGenerator(seed: number): (n: number, shape?: StreamShape) => Record<string, unknown> {
  const random = seededRandom(seed);
  const normal = () => sqrt(-2 * log(1 - random())) * cos(2 * PI * random());
  const pick = (weights: Array<[string, number]>) => {
    let roll = random();
    for (const [value, weight] of weights) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return weights[weights.length - 1]![0];
  };
  return (n, shape = STATIONARY) => ({
    order_id: `o-${n}`,
    customer_id: CUSTOMERS[floor(random() * CUSTOMERS.length)],
    amount_cents: max(0, round(shape.amountMean + shape.amountSd * normal())),
    currency: pick(shape.currencies),
    status: STATUSES[floor(random() * STATUSES.length)],
    placed_at: 1_764_576_000_000 + n * 1_000,
    coupon_code: random() < shape.couponNullRate ? null : COUPONS[floor(random() * COUPONS.length)],
    shipping_address:
      random() < shape.addressNullRate
        ? null
        : {
            line1: STREETS[n % STREETS.length],
            city: CITIES[floor(random() * CITIES.length)],
            postal_code: CITIES[n % CITIES.length],
            country: COUNTRIES[floor(random() * COUNTRIES.length)],
          },
  });
}

/** The orders sample contract, parsed. */
export function ordersContract() {
  const file = path.join(__dirname, '..', '..', '..', 'contracts', 'orders', 'contract.odcs.yaml');
  const { contract, problems } = parseContract(readFileSync(file, 'utf8'), { file });
  if (!contract) throw new Error(`orders contract: ${JSON.stringify(problems)}`);
  return contract;
}
