import { createHash } from 'node:crypto';
import { loadContractsDirectory } from '@charter/contracts';
import fc from 'fast-check';
import type { TreeFile } from './diff-report';
import { compareVersions, type DiffSide, diffTrees } from './diff-trees';
import { treeContractFiles } from './git-contract-files';

// The pure engine on in-memory trees: subjects whose versions each add an optional field (always compatible).
function versionText(subject: number, version: number): string {
  const fields: unknown[] = [{ name: 'id', type: 'string' }];
  for (let field = 2; field <= version; field++)
    fields.push({ name: `f${field}`, type: ['null', 'long'], default: null });
  return JSON.stringify({ type: 'record', name: `S${subject}`, fields }, null, 2);
}

const fileOf = (subject: number, version: number) => `contracts/d${subject}/schemas/s${subject}-value/v${version}.avsc`;

function tree(counts: number[]): Map<string, string> {
  const files = new Map<string, string>();
  counts.forEach((count, subject) => {
    for (let version = 1; version <= count; version++)
      files.set(fileOf(subject, version), versionText(subject, version));
  });
  return files;
}

async function side(ref: string, texts: Map<string, string>): Promise<DiffSide> {
  const files = new Map<string, TreeFile>(
    [...texts].map(([file, text]) => [
      file,
      { id: createHash('sha1').update(text).digest('hex'), text, binary: false },
    ]),
  );
  return { ref, files, loaded: await loadContractsDirectory('contracts', treeContractFiles(files)) };
}

const counts = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });

describe('diffTrees (properties, fixed seed)', () => {
  it('a tree against itself: pass, no changes', async () => {
    await fc.assert(
      fc.asyncProperty(counts, async (shape) => {
        const report = diffTrees({
          path: 'contracts',
          base: await side('a', tree(shape)),
          head: await side('b', tree(shape)),
        });
        expect(report).toMatchObject({ verdict: 'pass', changes: [], reasons: [] });
      }),
      { seed: 16, numRuns: 40 },
    );
  });

  it('compatible versions appended: pass, one schema-added per new file', async () => {
    await fc.assert(
      fc.asyncProperty(
        counts,
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        async (shape, extra) => {
          const grown = shape.map((count, subject) => count + extra[subject]!);
          const report = diffTrees({
            path: 'contracts',
            base: await side('a', tree(shape)),
            head: await side('b', tree(grown)),
          });
          const added = grown.reduce((sum, count, subject) => sum + count - shape[subject]!, 0);
          expect(report.verdict).toBe('pass');
          expect(report.changes.filter((change) => change.kind === 'schema-added')).toHaveLength(added);
        },
      ),
      { seed: 16, numRuns: 40 },
    );
  });

  it('any published version removed: blocked, every removed file accounted for', async () => {
    await fc.assert(
      fc.asyncProperty(counts, fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), async (shape, drop) => {
        const base = tree(shape);
        const removed = [...base.keys()].filter((_, index) => drop[index % drop.length]);
        fc.pre(removed.length > 0);
        const head = new Map([...base].filter(([file]) => !removed.includes(file)));
        const report = diffTrees({ path: 'contracts', base: await side('a', base), head: await side('b', head) });
        expect(report.verdict).toBe('blocked');
        for (const file of removed) {
          const directory = file.slice(0, file.lastIndexOf('/'));
          expect(report.reasons.some((reason) => reason.file === file || reason.file === directory)).toBe(true);
        }
      }),
      { seed: 16, numRuns: 40 },
    );
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.0', 0],
    ['1.0.1', '1.0.0', 1],
    ['1.10.0', '1.9.0', 1],
    ['2.0.0', '10.0.0', -1],
    ['1.0', '1.0.0', 0],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0-rc.2', '1.0.0-rc.1', 1],
    ['1.0.0+build.5', '1.0.0', 0],
  ])('%s vs %s → %d', (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
  });

  it('is antisymmetric (fixed seed)', () => {
    const version = fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
      }),
      { seed: 16 },
    );
  });
});
