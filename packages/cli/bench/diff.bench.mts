// `charter diff` over a repository of 500 subjects × 20 versions where 50 subjects gained a version (issue #16 §5):
// wall time of the whole diff, and the blob reads batched (one `git cat-file --batch`) against one `git show` per file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTree, readBlobs } from '../src/diff/git-tree-reader.js';
import { runDiff } from '../src/diff/run-diff.js';

const SUBJECTS = Number(process.env.SUBJECTS ?? 500);
const VERSIONS = Number(process.env.VERSIONS ?? 20);
const CHANGED = Number(process.env.CHANGED ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'charter-diff-bench-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });

function schema(version: number): string {
  const fields = [{ name: 'id', type: 'string' }];
  for (let field = 2; field <= version; field++)
    fields.push({ name: `f${field}`, type: ['null', 'long'], default: null } as never);
  return `${JSON.stringify({ type: 'record', name: 'Event', namespace: 'bench', fields }, null, 2)}\n`;
}

function contract(index: number): string {
  return `apiVersion: v3.1.0
kind: DataContract
id: domain-${index}
version: 1.0.0
status: active
team:
  name: team-${index % 10}
schema:
  - name: events
    physicalType: topic
    authoritativeDefinitions:
      - type: schemaRegistrySubject
        url: subjects/s${index}-value
    properties:
      - name: id
        logicalType: string
customProperties:
  - property: compatibility
    value: BACKWARD_TRANSITIVE
`;
}

function write(file: string, text: string) {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
}

git('init', '-q', '-b', 'main');
git('config', 'user.email', 'bench@example.com');
git('config', 'user.name', 'bench');
for (let index = 0; index < SUBJECTS; index++) {
  write(`contracts/d${index}/contract.odcs.yaml`, contract(index));
  for (let version = 1; version <= VERSIONS; version++)
    write(`contracts/d${index}/schemas/s${index}-value/v${version}.avsc`, schema(version));
}
git('add', '-A');
git('commit', '-q', '-m', 'base');
git('checkout', '-q', '-b', 'head');
for (let index = 0; index < CHANGED; index++)
  write(`contracts/d${index}/schemas/s${index}-value/v${VERSIONS + 1}.avsc`, schema(VERSIONS + 1));
git('add', '-A');
git('commit', '-q', '-m', 'head');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const times: number[] = [];
let verdict = '';
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const report = await runDiff({ cwd: dir, base: 'main', head: 'head', path: 'contracts' });
  times.push(performance.now() - started);
  verdict = `${report.verdict}, ${report.changes.length} changes, ${report.reasons.length} reasons`;
}
console.log(
  `charter diff ${SUBJECTS} subjects × ${VERSIONS} versions, ${CHANGED} changed: median ${median(times).toFixed(0)} ms of 3 (${verdict})`,
);

const tree = await listTree(dir, git('rev-parse', 'head').trim(), 'contracts');
const sample = [...tree].slice(0, 500);
let started = performance.now();
await readBlobs(
  dir,
  sample.map(([, id]) => id),
);
const batched = performance.now() - started;
started = performance.now();
for (const [file] of sample) git('show', `head:${file}`);
const perFile = performance.now() - started;
console.log(
  `reading ${sample.length} blobs: one git cat-file --batch ${batched.toFixed(0)} ms, one git show each ${perFile.toFixed(0)} ms (×${(perFile / batched).toFixed(1)})`,
);
rmSync(dir, { recursive: true, force: true });
