import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const version = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
  .version;

// As typed in a shell: Jest's NODE_ENV=test would change turbo's hash and rebuild what is already built.
const { NODE_ENV: _jestNodeEnv, ...shellEnv } = process.env;

function pnpm(args: string[], cwd = root) {
  const result = spawnSync('pnpm', args, { cwd, encoding: 'utf8', env: shellEnv });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `pnpm charter …` at the repository root: builds the CLI when needed, then runs it as typed. */
describe('pnpm charter', () => {
  let work: string;
  let versionRun: ReturnType<typeof pnpm>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'charter-root-'));
    // The first run may have to build the CLI and the packages it uses.
    versionRun = pnpm(['--silent', 'charter', '--version']);
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints the version on stdout and nothing from the build', () => {
    expect(versionRun).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it("passes the CLI's exit status through: 1 for an invalid contracts directory", () => {
    const contracts = join(work, 'bad-contracts');
    mkdirSync(join(contracts, 'orders'), { recursive: true });
    writeFileSync(join(contracts, 'orders', 'contract.odcs.yaml'), 'not: [valid');
    const result = pnpm(['charter', 'validate', contracts]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('yaml-syntax');
  });

  it('passes 2 through for a directory that does not exist', () => {
    expect(pnpm(['charter', 'check', join(work, 'missing')]).status).toBe(2);
  });

  it('reads relative paths from the directory it was typed in', () => {
    const result = pnpm(['--silent', 'charter', 'check', 'orders', '--json'], join(root, 'contracts'));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ subjects: [{ subject: 'orders-value', ok: true }] });
  });
});
