// `charter drill` bad inputs through the program, no stack needed: each is exit 2 with a message naming the problem.
// Bad inputs tried: a scenario that does not validate (file:line:column), an unknown scenario name, no API key,
// a component that is not running (named with its URL; the key is never printed), broker-down on a cluster without
// fault controls, an unknown option.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCharter } from '../../test/run-charter';

const RUNBOOKS = path.resolve(__dirname, '../../../../runbooks');
const SECRET = 'drill-secret-never-printed';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'charter-drill-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const drill = (...args: string[]) =>
  runCharter(['drill', ...args, '--runbooks', RUNBOOKS, '--key', `ck_test:${SECRET}`]);

describe('charter drill: bad input', () => {
  it('a scenario that does not validate: exit 2, every problem at file:line:column', async () => {
    const file = path.join(dir, 'broken.yaml');
    const text = readFileSync(path.join(RUNBOOKS, 'scenarios/registry-down.yaml'), 'utf8');
    writeFileSync(file, text.replace('kind: proxy-down', 'kind: proxy-gone'));
    const line = text.split('\n').findIndex((candidate) => candidate.includes('kind: proxy-down')) + 1;
    const run = await drill(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:${line}:`);
    expect(run.stderr).toContain('(/fault/kind)');
  });

  it('an unknown scenario: exit 2, the file it looked for', async () => {
    const run = await drill('no-such-drill');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read .*scenarios\/no-such-drill\.yaml: ENOENT/);
  });

  it('no API key: exit 2, names the variable and the file', async () => {
    const run = await runCharter([
      'drill',
      'registry-down',
      '--runbooks',
      RUNBOOKS,
      '--key-file',
      path.join(dir, 'missing.key'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CHARTER_API_KEY');
  });

  it('a component not running: exit 2, named with its URL, the key never printed', async () => {
    const run = await drill('registry-down', '--registry', 'http://127.0.0.1:9', '--lineage', 'http://127.0.0.1:9');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('registry is not running at http://127.0.0.1:9');
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
  });

  it('broker-down on a Kafka cluster the drill cannot take down: exit 2, says to use --kafka embedded', async () => {
    const run = await drill('broker-down', '--kafka', '127.0.0.1:9');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--kafka embedded');
  });

  it('an unknown option: exit 2', async () => {
    expect((await drill('registry-down', '--no-such-flag')).code).toBe(2);
  });
});
