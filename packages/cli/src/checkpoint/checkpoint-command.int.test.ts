// `charter checkpoint` end to end in-process: the orders contract (contracts/orders) against a real PostgreSQL table
// and a CSV file, the registry as a local HTTP server. Bad inputs tried: a contract file with an unknown metric, a
// missing contract file, a contract the registry does not have, a missing table, a ragged CSV, --table with a
// file, a malformed --now, a registry refusing the report.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckRunDocument } from '@charter/checks';
import { createTestDatabase, type RecordingServer, startRecordingServer, type TestDatabase } from '@charter/testkit';
import { Client } from 'pg';
import { parse } from 'yaml';
import { type CheckpointCommandOptions, runCheckpointCommand } from './run-checkpoint-command';

const CONTRACT_FILE = join(__dirname, '..', '..', '..', '..', 'contracts', 'orders', 'contract.odcs.yaml');

let database: TestDatabase;
let dir: string;
let newest: Date;

async function command(options: Partial<CheckpointCommandOptions>) {
  let stdout = '';
  let stderr = '';
  const code = await runCheckpointCommand(
    {
      contractFile: CONTRACT_FILE,
      source: database.url,
      table: 'staging.orders',
      format: 'text',
      timeout: 10,
      now: new Date(newest.getTime() + 2_000).toISOString(),
      registryUrl: 'http://127.0.0.1:1',
      headers: {},
      ...options,
    },
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
  );
  return { code, stdout, stderr };
}

async function sql(text: string, values: unknown[] = []) {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'charter-checkpoint-'));
  await sql('CREATE SCHEMA staging');
  await sql(`CREATE TABLE staging.orders (
    order_id text PRIMARY KEY, customer_id text NOT NULL, amount_cents bigint NOT NULL, currency text NOT NULL,
    status text NOT NULL, placed_at timestamptz(3) NOT NULL, coupon_code text, shipping_address jsonb)`);
  newest = new Date(Math.floor(Date.now() / 1000) * 1000 - 1_000);
  for (let i = 0; i < 30; i++) {
    await sql('INSERT INTO staging.orders VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      `order-${i}`,
      `customer-${i % 4}`,
      1000 + i,
      i % 2 ? 'EUR' : 'USD',
      ['PLACED', 'PAID', 'SHIPPED'][i % 3],
      new Date(newest.getTime() - i * 10_000),
      i % 3 ? null : `C${i}`,
      i % 2 ? null : JSON.stringify({ line1: 'x', city: 'Lyon', postal_code: '69001', country: 'FR' }),
    ]);
  }
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('charter checkpoint', () => {
  it('passes good rows: exit 0, a PASSED line on stderr', async () => {
    const { code, stderr, stdout } = await command({});
    expect(stderr).toMatch(
      /^PASSED checkpoint orders 3\.1\.0 on postgres postgres(ql)?:\/\/.* staging\.orders: \d+ checks/m,
    );
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('fails a negative amount: exit 1, JUnit to --output naming both checks', async () => {
    await sql(
      `INSERT INTO staging.orders SELECT 'bad-1', customer_id, -5, currency, status, placed_at - interval '1 minute', coupon_code, shipping_address FROM staging.orders LIMIT 1`,
    );
    try {
      const output = join(dir, 'junit.xml');
      const { code, stderr } = await command({ format: 'junit', output });
      expect(code).toBe(1);
      const xml = await readFile(output, 'utf8');
      expect(xml).toContain('<testcase classname="orders.orders" name="amount_cents.minimum" time="0">');
      expect(xml.match(/<failure /g)).toHaveLength(2);
      expect(stderr).toContain('FAIL amount_cents.quality.amount_not_negative: orders.amount_cents:');
    } finally {
      await sql(`DELETE FROM staging.orders WHERE order_id = 'bad-1'`);
    }
  });

  it('prints json and markdown on stdout', async () => {
    const json = await command({ format: 'json' });
    expect((JSON.parse(json.stdout) as CheckRunDocument).success).toBe(true);
    const markdown = await command({ format: 'markdown' });
    expect(markdown.stdout).toMatch(/^### ✅ checkpoint orders 3\.1\.0/);
  });

  describe('--report', () => {
    let registry: RecordingServer;
    beforeAll(async () => {
      registry = await startRecordingServer((request) => (request.headers['x-refuse'] ? 403 : 201));
    });
    afterAll(() => registry.close());

    it('posts the run to POST /checks with the API key, and no password anywhere', async () => {
      // A role of its own with a distinctive password: it works on servers that ask for passwords and trust alike.
      const url = new URL(database.url);
      url.username = `charter_reader_${Date.now()}`;
      url.password = `pw-${Date.now()}-never-shown`;
      await sql(`CREATE ROLE ${url.username} LOGIN PASSWORD '${url.password}'`);
      await sql(`GRANT USAGE ON SCHEMA staging TO ${url.username}`);
      await sql(`GRANT SELECT ON staging.orders TO ${url.username}`);
      const { code, stderr } = await command({
        source: url.toString(),
        report: true,
        registryUrl: registry.origin,
        headers: { authorization: 'Basic a2V5OnNlY3JldA==' },
      });
      expect(code).toBe(0);
      const [request] = registry.requests.splice(0);
      expect(request).toMatchObject({ method: 'POST', url: '/checks' });
      expect(request!.headers.authorization).toBe('Basic a2V5OnNlY3JldA==');
      const posted = JSON.parse(request!.body) as CheckRunDocument;
      expect(posted).toMatchObject({ kind: 'checkpoint', contract: { id: 'orders', version: '3.1.0' }, success: true });
      expect(request!.body).not.toContain(url.password);
      expect(stderr).not.toContain(url.password);
      expect(stderr).toContain(`kept on ${registry.origin} as check run ${posted.run_id}`);
      await sql(`DROP OWNED BY ${url.username}`);
      await sql(`DROP ROLE ${url.username}`);
    });

    it('exits 2 when the registry refuses the run', async () => {
      const { code, stderr } = await command({
        report: true,
        registryUrl: registry.origin,
        headers: { 'x-refuse': '1' },
      });
      registry.requests.splice(0);
      expect(code).toBe(2);
      expect(stderr).toContain('report-failed: POST');
    });
  });

  describe('the contract from the registry', () => {
    let server: Server;
    let origin: string;
    beforeAll(async () => {
      const document = parse(await readFile(CONTRACT_FILE, 'utf8'));
      server = createServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        if (request.url === '/contracts/orders') {
          response.end(JSON.stringify({ id: 'orders', version: '3.1.0', contract: document }));
        } else {
          response.statusCode = 404;
          response.end(JSON.stringify({ error_code: 40401, message: 'not found' }));
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('GET /contracts/{id} gives the same verdict as the file', async () => {
      const { code, stderr } = await command({ contractFile: undefined, contract: 'orders', registryUrl: origin });
      expect(stderr).toContain('PASSED checkpoint orders 3.1.0');
      expect(code).toBe(0);
    });

    it('a contract the registry does not have is exit 2', async () => {
      const { code, stderr } = await command({ contractFile: undefined, contract: 'nope', registryUrl: origin });
      expect(code).toBe(2);
      expect(stderr).toContain('the registry has no contract "nope"');
    });
  });

  describe('bad input exits 2 with a coded message', () => {
    it.each<[string, () => Promise<Partial<CheckpointCommandOptions>>, RegExp]>([
      [
        'an unknown metric',
        async () => {
          const file = join(dir, 'unknown-metric.odcs.yaml');
          const text = await readFile(CONTRACT_FILE, 'utf8');
          await writeFile(file, text.replace('metric: duplicateValues', 'metric: duplicateCount'));
          return { contractFile: file };
        },
        /the contract is not valid:\n.*metric/,
      ],
      ['a missing contract file', async () => ({ contractFile: join(dir, 'nope.yaml') }), /cannot read .*ENOENT/],
      [
        'a missing table',
        async () => ({ table: 'staging.nope' }),
        /table-not-found: table staging\.nope: .*does not exist/,
      ],
      [
        'a ragged CSV',
        async () => {
          const file = join(dir, 'ragged.csv');
          await writeFile(file, 'order_id,amount_cents\na,1\nb,2,3\n');
          return { source: file, table: undefined };
        },
        /malformed-file: .*ragged\.csv: not a readable csv file \(is every row as wide as the header/,
      ],
      [
        '--table with a file',
        async () => ({ source: join(dir, 'x.parquet') }),
        /--table and --query are for a postgres/,
      ],
      ['a malformed --now', async () => ({ now: 'yesterday' }), /--now yesterday is not an ISO date-time/],
    ])('%s', async (_name, options, message) => {
      const { code, stderr } = await command(await options());
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(2);
    });
  });
});
