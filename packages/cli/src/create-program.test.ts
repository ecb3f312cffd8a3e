import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProgram } from './create-program';

describe('createProgram', () => {
  it('prints the version of package.json for --version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    let printed = '';
    const program = createProgram()
      .exitOverride()
      .configureOutput({ writeOut: (text) => (printed += text) });
    await expect(program.parseAsync(['node', 'charter', '--version'])).rejects.toMatchObject({
      code: 'commander.version',
      exitCode: 0,
    });
    expect(printed).toBe(`${version}\n`);
  });
});
