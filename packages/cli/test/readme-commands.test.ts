import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createProgram } from '../src/create-program';

/** Every command under `command`, depth first, with its path from the program (`['lineage-push']`). */
function listCommands(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return command.commands.flatMap((child) => {
    const childPath = [...path, child.name()];
    return [{ path: childPath, command: child }, ...listCommands(child, childPath)];
  });
}

/** The README's "## The CLI" section, up to the next second-level heading. */
function readCliSection(): string {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## The CLI\n');
  if (start < 0) throw new Error('README.md has no "## The CLI" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The bullet documenting `charter <path>`: its first line and the indented lines that continue it. */
function findCommandBullet(section: string, path: string[]): string | undefined {
  const lines = section.split('\n');
  const head = `- \`charter ${path.join(' ')}`;
  const first = lines.findIndex((line) => line.startsWith(`${head} `) || line.startsWith(`${head}\``));
  if (first < 0) return undefined;
  let last = first + 1;
  while (last < lines.length && lines[last]!.startsWith('  ')) last += 1;
  return lines.slice(first, last).join('\n');
}

/** Words following `charter ` inside the section's code spans and blocks: the commands it claims exist. */
function findClaimedCommands(section: string): string[] {
  const code = section.match(/```[\s\S]*?```|`[^`\n]+`/g) ?? [];
  return code.flatMap((span) => [...span.matchAll(/(?<![\w./-])charter ([a-z][a-z-]*)/g)].map((match) => match[1]!));
}

describe('README.md documents the charter CLI', () => {
  const program = createProgram();
  const commands = listCommands(program);
  const section = readCliSection();

  it('finds the commands to check', () => {
    expect(commands.map(({ path }) => path.join(' '))).toEqual(
      expect.arrayContaining(['check', 'register', 'validate', 'apply', 'lineage-push']),
    );
  });

  it.each(commands.map(({ path, command }) => [path.join(' '), command] as const))(
    'has a bullet for `charter %s` naming each of its options, and no other',
    (name, command) => {
      const bullet = findCommandBullet(section, name.split(' '));
      expect(bullet).toBeDefined();
      const options = command.options.map((option) => option.long!);
      for (const option of options) expect(bullet).toContain(`\`${option}`);
      const mentioned = [...bullet!.matchAll(/`(--[a-z][a-z-]*)/g)].map((match) => match[1]!);
      expect(mentioned.filter((option) => !options.includes(option))).toEqual([]);
    },
  );

  it("names the program's own options", () => {
    for (const option of program.options) expect(section).toContain(option.long!);
    expect(section).toContain('--help');
  });

  it('tells how to run it from the repository root', () => {
    expect(section).toContain('pnpm charter <command>');
  });

  it('claims no command that does not exist', () => {
    const known = new Set([...commands.map(({ path }) => path[0]!), 'help']);
    expect(findClaimedCommands(section).filter((name) => !known.has(name))).toEqual([]);
  });
});
