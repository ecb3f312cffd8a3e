import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { applyContractsDirectory } from './apply-contracts-directory';

const CONTRACTS = path.resolve(__dirname, '..', '..', '..', 'contracts');

describe('applyContractsDirectory', () => {
  let dir: string;
  const received: string[] = [];
  const server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.statusCode = 500;
    response.end();
  });
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'charter-apply-'));
    await cp(CONTRACTS, dir, { recursive: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends nothing when the directory has a problem, and reports it with file and line', async () => {
    const file = path.join(dir, 'orders', 'contract.odcs.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('value: tier-1', 'value: tier-7'));
    const result = await applyContractsDirectory({ root: dir, registryUrl: url });
    expect(result.ok).toBe(false);
    expect(result.problems.map(({ code, file: where, line }) => [code, path.basename(where), line])).toEqual([
      ['unknown-tier', 'contract.odcs.yaml', expect.any(Number)],
    ]);
    expect(received).toEqual([]);
  });
});
