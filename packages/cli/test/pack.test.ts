import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..');
const version = (JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * `pnpm pack` → `npm install -g` outside the workspace → run: the packed CLI must work with nothing from the
 * workspace beside it (its private workspace packages are bundled, not depended on).
 */
describe('the packed charter CLI', () => {
  let work: string;
  let tarball: string;
  let charter: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'charter-pack-'));
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: cli, stdio: 'pipe' });
    const packed = readdirSync(work).filter((name) => name.endsWith('.tgz'));
    expect(packed).toHaveLength(1);
    tarball = join(work, packed[0]!);
    const prefix = join(work, 'prefix');
    const outside = join(work, 'outside');
    mkdirSync(outside);
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: outside,
      stdio: 'pipe',
      env: withoutPackageManagerConfig(process.env),
    });
    charter = join(prefix, 'bin', 'charter');
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('declares no dependency: the workspace packages and libraries are in the bundle', () => {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as { dependencies?: Record<string, string>; bin: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual(['package/bundle/main.js', 'package/package.json']);
    expect(manifest.bin).toEqual({ charter: 'bundle/main.js' });
  });

  it('prints its version and help', () => {
    expect(run(['--version'], work)).toMatchObject({ status: 0, stdout: `${version}\n` });
    const help = run(['--help'], work);
    expect(help.status).toBe(0);
    for (const command of ['check', 'register', 'validate', 'apply', 'lineage-push']) {
      expect(help.stdout).toContain(command);
    }
  });

  it('checks a schema directory, failing on an incompatible version', () => {
    const schemas = join(work, 'schemas-dir', 'shop', 'schemas', 'orders-value');
    mkdirSync(schemas, { recursive: true });
    const record = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Order', fields });
    writeFileSync(join(schemas, 'v1.avsc'), record([{ name: 'id', type: 'string' }]));
    writeFileSync(
      join(schemas, 'v2.avsc'),
      record([
        { name: 'id', type: 'string' },
        { name: 'note', type: ['null', 'string'], default: null },
      ]),
    );
    const compatible = run(['check', 'schemas-dir', '--json'], work);
    expect(compatible.status).toBe(0);
    expect(JSON.parse(compatible.stdout)).toMatchObject({ subjects: [{ subject: 'orders-value', ok: true }] });

    writeFileSync(
      join(schemas, 'v3.avsc'),
      record([
        { name: 'id', type: 'string' },
        { name: 'currency', type: 'string' },
      ]),
    );
    const incompatible = run(['check', 'schemas-dir', '--json'], work);
    expect(incompatible.status).toBe(1);
    expect(JSON.parse(incompatible.stdout)).toMatchObject({ subjects: [{ subject: 'orders-value', ok: false }] });
  });

  function run(args: string[], cwd: string) {
    const result = spawnSync(charter, args, { cwd, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
});

/** The environment without the npm_config_* settings pnpm exports to scripts, so npm uses its own defaults. */
function withoutPackageManagerConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')));
}
