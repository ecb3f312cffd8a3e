import { findSubjectOwner, loadContractsDirectory } from '@charter/contracts';
import { applyApprovals, type SchemaRequestBody } from './approval-status';
import { assessDiffImpact } from './assess-diff-impact';
import { checkDiffApprovals } from './check-diff-approvals';
import type { DiffReport, TreeFile } from './diff-report';
import { DiffServiceError } from './diff-service-error';
import { type DiffSide, diffTrees } from './diff-trees';
import { toTreeFiles, treeContractFiles } from './git-contract-files';
import { listTree, locateInRepository, readBlobs, resolveCommit } from './git-tree-reader';
import type { ServiceConnection } from './post-to-service';
import { readDeclaredReferences } from './schema-references';

/** What to do when a service `charter diff` needs cannot be reached: fail (exit 3), or say so and go on. */
export type UnreachablePolicy = 'fail' | 'warn';

export interface RunDiffOptions {
  /** Where to find the repository and resolve `path` from. */
  cwd: string;
  base: string;
  head: string;
  path: string;
  /** The lineage service to assess impact with; without it impact is `not-assessed`. */
  lineage?: ServiceConnection;
  /** The registry to look approvals up on; without it approvals are `not-checked`. */
  registry?: ServiceConnection;
  onUnreachable?: UnreachablePolicy;
  now?: Date;
}

/**
 * Reads `path` at `base` and `head` from git — `git ls-tree` for each tree, one `git cat-file --batch` for every
 * blob, no checkout, no network — and diffs them; then, when given the services, asks the lineage service what the
 * changes reach and the registry which approvals cover them. Throws DiffInputError for a bad ref, path or head
 * schema, DiffServiceError for a service that cannot be used (unreachable only under the `fail` policy).
 */
export async function runDiff(options: RunDiffOptions): Promise<DiffReport> {
  const { root, path } = await locateInRepository(options.cwd, options.path);
  const [baseCommit, headCommit] = [await resolveCommit(root, options.base), await resolveCommit(root, options.head)];
  const [baseTree, headTree] = await Promise.all([listTree(root, baseCommit, path), listTree(root, headCommit, path)]);
  const blobs = await readBlobs(root, [...baseTree.values(), ...headTree.values()]);
  const domains = touchedDomains(path, baseTree, headTree);
  const side = async (ref: string, tree: Map<string, string>): Promise<DiffSide> => {
    const files = toTreeFiles(tree, blobs);
    return {
      ref,
      files,
      loaded: await loadContractsDirectory(path, treeContractFiles(files, { root: path, domains })),
    };
  };
  const head = await side(options.head, headTree);
  const report = diffTrees({ path, base: await side(options.base, baseTree), head });
  const policy = options.onUnreachable ?? 'fail';

  if (options.lineage) {
    const owners = subjectTeams(head);
    const assessed = await orWarn(policy, () =>
      assessDiffImpact({
        connection: options.lineage!,
        changes: report.changes,
        changedByOf: (subject) => owners(subject),
      }),
    );
    if ('skipped' in assessed) report.impact = { status: 'not-assessed', reason: assessed.skipped };
    else {
      report.impact = assessed.impact;
      report.reasons.push(...assessed.reasons);
    }
  }
  if (options.registry) {
    const checked = await orWarn(policy, () =>
      checkDiffApprovals({
        connection: options.registry!,
        reasons: report.reasons,
        requestOf: (version) => schemaRequestOf(head.files, version),
        now: options.now ?? new Date(),
      }),
    );
    if ('skipped' in checked) report.approvals = { status: 'not-checked', reason: checked.skipped };
    else {
      report.approvals = checked;
      report.reasons = applyApprovals(report.reasons, checked.items);
    }
  }
  report.verdict = report.reasons.some((reason) => reason.blocking) ? 'blocked' : 'pass';
  return report;
}

/** Runs a service step; under `warn`, an unreachable service gives `{ skipped: why }` instead of throwing. */
async function orWarn<T>(policy: UnreachablePolicy, step: () => Promise<T>): Promise<T | { skipped: string }> {
  try {
    return await step();
  } catch (error) {
    if (policy === 'warn' && error instanceof DiffServiceError && error.kind === 'unreachable')
      return { skipped: `${error.message}; --on-unreachable warn` };
    throw error;
  }
}

/** The team a subject's registrations would come from: its head contract's team, else its ownership prefix's. */
function subjectTeams(head: DiffSide): (subject: string) => string | undefined {
  const teams = new Map<string, string>();
  for (const { contract } of head.loaded.contracts)
    for (const { subject } of contract.subjects) teams.set(subject, contract.team);
  return (subject) =>
    teams.get(subject) ?? (head.loaded.ownership ? findSubjectOwner(head.loaded.ownership, subject) : undefined);
}

/** A head schema version as a registration would send it: its text, type and references. */
function schemaRequestOf(
  files: Map<string, TreeFile>,
  version: { subject: string; version: number; file: string },
): SchemaRequestBody {
  const references = readDeclaredReferences(files, version.file);
  return {
    subject: version.subject,
    schema: files.get(version.file)?.text ?? '',
    schemaType: version.file.endsWith('.avsc') ? 'AVRO' : 'JSON',
    ...(references.length === 0 ? {} : { references }),
  };
}

/** The `<domain>` directories under `path` holding a file that differs between the two trees. */
function touchedDomains(path: string, base: Map<string, string>, head: Map<string, string>): Set<string> {
  const domains = new Set<string>();
  for (const [one, other] of [
    [base, head],
    [head, base],
  ] as const) {
    for (const [file, id] of one) {
      if (other.get(file) === id) continue;
      const parts = (path === '' ? file : file.slice(path.length + 1)).split('/');
      if (parts.length > 1) domains.add(parts[0]!);
    }
  }
  return domains;
}
