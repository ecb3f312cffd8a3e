import { createHash } from 'node:crypto';
import {
  checkCompatibility,
  diffSchemas,
  type ParsedSchema,
  parseSchema,
  type ResolvedReference,
} from '@charter/schema';
import { compareVersions as compareSemver } from '../diff/diff-trees';
import { orderSteps } from './order-steps';
import { PromotionError } from './promotion-error';
import {
  type ContractStep,
  type ContractVersion,
  type PlanPolicy,
  type PlanRefusal,
  type PromotionPlan,
  type PromotionSelection,
  type PromotionStep,
  type RegistrySnapshot,
  type SchemaStep,
  type SkippedContract,
  type SubjectVersion,
  versionKey,
} from './promotion-types';

export interface PlanPromotionOptions {
  source: RegistrySnapshot;
  target: RegistrySnapshot;
  selection: PromotionSelection;
  policy: PlanPolicy;
}

/**
 * What a promotion must write on the target for the selection: every source subject version whose content the
 * target's subject does not hold (the selected subjects and every subject they reference), then every contract
 * version newer than the target's current one. Pure: both registries come in as snapshots. Refusals (a version the
 * target's level refuses, an id or version already taken there by other content) are returned as data; a plan with
 * any is not applied. Throws only for a selection the source does not know.
 */
export function planPromotion(options: PlanPromotionOptions): PromotionPlan {
  const { source, target, selection, policy } = options;
  const sourceBySubject = groupBySubject(source.versions);
  const targetBySubject = groupBySubject(target.versions);
  const { subjects, contracts } = selectFromSource(source, sourceBySubject, selection);

  const versionMap: Record<string, number> = {};
  const refusals: PlanRefusal[] = [];
  const schemaSteps: SchemaStep[] = [];
  const targetById = new Map(target.versions.map((version) => [version.id, version]));
  let present = 0;
  for (const subject of subjects) {
    const onTarget = targetBySubject.get(subject) ?? [];
    const targetByContent = new Map(onTarget.map((version) => [contentKey(version), version]));
    for (const version of sourceBySubject.get(subject) ?? []) {
      const held = targetByContent.get(contentKey(version));
      if (held) {
        versionMap[versionKey(subject, version.version)] = held.version;
        present++;
        continue;
      }
      if (policy.preserveIds) {
        const refusal = checkIdsFree(version, onTarget, targetById);
        if (refusal) refusals.push(refusal);
      }
      schemaSteps.push({
        kind: 'schema',
        subject,
        version: version.version,
        id: version.id,
        fingerprint: fingerprintContent(version),
        schemaType: version.schemaType,
        schema: version.schema,
        references: version.references,
      });
    }
  }

  const planned = new Set(schemaSteps.map((step) => versionKey(step.subject, step.version)));
  for (const step of schemaSteps) {
    for (const reference of step.references) {
      const key = versionKey(reference.subject, reference.version);
      if (!planned.has(key) && versionMap[key] === undefined) {
        refusals.push({
          code: 'reference-missing',
          subject: step.subject,
          version: step.version,
          message: `${step.subject} v${step.version} references ${key}, which is neither on the target nor live on the source`,
        });
      }
    }
  }
  refusals.push(...analyseSteps(schemaSteps, source, target, targetBySubject, policy));

  const { steps: contractSteps, skipped } = planContracts(source.contracts, target.contracts, contracts);
  if (target.teams) refusals.push(...checkTeamsKnown(contractSteps, new Set(target.teams)));
  const { ordered, cyclic } = orderSteps([...schemaSteps, ...contractSteps]);
  for (const step of cyclic) {
    if (step.kind !== 'schema') continue;
    refusals.push({
      code: 'reference-cycle',
      subject: step.subject,
      version: step.version,
      message: `${step.subject} v${step.version} is part of a reference cycle`,
    });
  }
  return { steps: ordered, refusals, skipped, present, versionMap };
}

/** The identity of a step in an approval: what a digest covers (not the schema text itself: its fingerprint). */
export function stepIdentity(step: PromotionStep) {
  return step.kind === 'schema'
    ? { kind: step.kind, subject: step.subject, version: step.version, id: step.id, fingerprint: step.fingerprint }
    : { kind: step.kind, contract: step.contract, version: step.version };
}

/** `sha256:<hex>` over the route and the steps' identities, in order: what an approval approves. */
export function digestPlan(from: string, to: string, steps: readonly PromotionStep[]): string {
  const text = JSON.stringify({ from, to, steps: steps.map(stepIdentity) });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function groupBySubject(versions: readonly SubjectVersion[]): Map<string, SubjectVersion[]> {
  const bySubject = new Map<string, SubjectVersion[]>();
  for (const version of versions) bySubject.set(version.subject, [...(bySubject.get(version.subject) ?? []), version]);
  for (const list of bySubject.values()) list.sort((a, b) => a.version - b.version);
  return bySubject;
}

/** The selected subjects (with every subject they reference, transitively) and contracts, sorted. */
function selectFromSource(
  source: RegistrySnapshot,
  bySubject: Map<string, SubjectVersion[]>,
  selection: PromotionSelection,
): { subjects: string[]; contracts: string[] } {
  let roots: string[];
  let contracts: string[] = [];
  if (selection.kind === 'all') {
    roots = [...bySubject.keys()];
    contracts = [...new Set(source.contracts.map((contract) => contract.id))];
  } else if (selection.kind === 'subject') {
    if (!bySubject.has(selection.subject)) {
      throw new PromotionError('unknown-subject', `subject "${selection.subject}" has no live version on the source`);
    }
    roots = [selection.subject];
  } else {
    const versions = source.contracts.filter((contract) => contract.id === selection.contract);
    if (versions.length === 0) {
      throw new PromotionError('unknown-contract', `contract "${selection.contract}" is not on the source`);
    }
    roots = [...new Set(versions.flatMap((version) => version.subjects))].filter((subject) => bySubject.has(subject));
    contracts = [selection.contract];
  }
  const subjects = new Set<string>();
  const visit = (subject: string) => {
    if (subjects.has(subject)) return;
    subjects.add(subject);
    for (const version of bySubject.get(subject) ?? [])
      for (const reference of version.references) visit(reference.subject);
  };
  roots.forEach(visit);
  return { subjects: [...subjects].sort(), contracts: contracts.sort() };
}

function contentKey(version: SubjectVersion): string {
  const references = version.references.map((reference) => `${reference.name}=${reference.subject}`);
  return `${version.schemaType}\n${version.schema}\n${references.join('\n')}`;
}

function fingerprintContent(version: SubjectVersion): string {
  return createHash('sha256').update(contentKey(version)).digest('hex');
}

/** IMPORT keeps the source's id and version: neither may hold other content on the target. */
function checkIdsFree(
  version: SubjectVersion,
  onTarget: readonly SubjectVersion[],
  targetById: Map<number, SubjectVersion>,
): PlanRefusal | undefined {
  const { subject } = version;
  const sameNumber = onTarget.find((held) => held.version === version.version);
  if (sameNumber) {
    return {
      code: 'version-diverged',
      subject,
      version: version.version,
      message: `${subject} v${version.version} holds other content on the target (id ${sameNumber.id}): the environments diverged`,
    };
  }
  const holder = targetById.get(version.id);
  if (holder && contentKey(holder) !== contentKey(version)) {
    return {
      code: 'id-taken',
      subject,
      version: version.version,
      message: `schema id ${version.id} of ${subject} v${version.version} is taken on the target by another schema (${holder.subject} v${holder.version}); ids cannot be preserved`,
    };
  }
  return undefined;
}

/**
 * Each step against what its subject will hold when it is applied (the target's live versions, then the plan's
 * earlier steps), with the schema engine: its breaking changes against the version before it (set on the step, for
 * the lineage impact question) and, when the policy names a level, its compatibility at that level.
 */
function analyseSteps(
  steps: readonly SchemaStep[],
  source: RegistrySnapshot,
  target: RegistrySnapshot,
  targetBySubject: Map<string, SubjectVersion[]>,
  policy: PlanPolicy,
): PlanRefusal[] {
  const level = policy.compatibility;
  const sourceLookup = lookupOf(source.versions);
  const targetLookup = lookupOf(target.versions);
  const refusals: PlanRefusal[] = [];
  const history = new Map<string, ParsedSchema[]>();
  const blocked = new Set<string>();
  for (const step of steps) {
    if (blocked.has(step.subject)) continue;
    let previous = history.get(step.subject);
    if (!previous) {
      try {
        previous = (targetBySubject.get(step.subject) ?? []).map((version) => parse(version, targetLookup));
      } catch (error) {
        refusals.push({
          code: 'invalid-schema',
          subject: step.subject,
          version: step.version,
          message: `a version of ${step.subject} on the target cannot be read: ${(error as Error).message}`,
        });
        blocked.add(step.subject);
        continue;
      }
      history.set(step.subject, previous);
    }
    let candidate: ParsedSchema;
    try {
      candidate = parse(step, sourceLookup);
    } catch (error) {
      refusals.push({
        code: 'invalid-schema',
        subject: step.subject,
        version: step.version,
        message: `${step.subject} v${step.version} cannot be read: ${(error as Error).message}`,
      });
      blocked.add(step.subject);
      continue;
    }
    const before = previous.at(-1);
    if (before) {
      const breaking = diffSchemas(before, candidate).filter(
        (change) => change.breaking.backward || change.breaking.forward,
      );
      step.breakingChanges = breaking.map((change) => ({ field: change.field, change: change.kind }));
    }
    const result = level === undefined ? undefined : checkCompatibility({ candidate, previous, level });
    if (result && !result.isCompatible) {
      refusals.push({
        code: 'incompatible',
        subject: step.subject,
        version: step.version,
        message: `${step.subject} v${step.version} is not ${level} compatible with the target: ${result.incompatibilities
          .map((incompatibility) => incompatibility.message)
          .join('; ')}`,
        details: { level, incompatibilities: result.incompatibilities },
      });
      // Later versions of the subject are judged against a history that will never be: stop there.
      blocked.add(step.subject);
      continue;
    }
    previous.push(candidate);
  }
  return refusals;
}

type Lookup = (subject: string, version: number) => SubjectVersion | undefined;

function lookupOf(versions: readonly SubjectVersion[]): Lookup {
  const map = new Map(versions.map((version) => [versionKey(version.subject, version.version), version]));
  return (subject, version) => map.get(versionKey(subject, version));
}

/** Parses a version with its references resolved transitively from the same registry. */
function parse(version: Pick<SubjectVersion, 'schemaType' | 'schema' | 'references'>, lookup: Lookup): ParsedSchema {
  const resolved: ResolvedReference[] = [];
  const seen = new Set<string>();
  const collect = (references: SubjectVersion['references']) => {
    for (const reference of references) {
      const key = versionKey(reference.subject, reference.version);
      if (seen.has(key)) continue;
      seen.add(key);
      const found = lookup(reference.subject, reference.version);
      if (!found) throw new Error(`reference ${key} is not live`);
      collect(found.references);
      resolved.push({ name: reference.name, schemaType: found.schemaType, schema: found.schema, source: key });
    }
  };
  collect(version.references);
  return parseSchema({ schemaType: version.schemaType, schema: version.schema, references: resolved }, undefined, {
    checkWithLibraries: false,
  });
}

/** Contract versions the target lacks, newer than its current one, in semver order; older ones are reported. */
function planContracts(
  source: readonly ContractVersion[],
  target: readonly ContractVersion[],
  selected: readonly string[],
): { steps: ContractStep[]; skipped: SkippedContract[] } {
  const steps: ContractStep[] = [];
  const skipped: SkippedContract[] = [];
  for (const id of selected) {
    const held = target.filter((contract) => contract.id === id).map((contract) => contract.version);
    const latest = held.sort(compareSemver).at(-1);
    const missing = source
      .filter((contract) => contract.id === id && !held.includes(contract.version))
      .sort((a, b) => compareSemver(a.version, b.version));
    for (const contract of missing) {
      if (latest !== undefined && compareSemver(contract.version, latest) < 0) {
        skipped.push({
          contract: id,
          version: contract.version,
          reason: `older than ${latest} on the target (contract versions only move forward)`,
        });
        continue;
      }
      steps.push({ kind: 'contract', contract: id, version: contract.version, document: contract.document });
    }
  }
  return { steps, skipped };
}

/**
 * A contract the target would refuse for naming a team its ownership file lacks (its owner or a consumer's team):
 * refused in the plan, before anything is written, rather than half way through. Ownership is each registry's own
 * (an admin's `PUT /ownership`); a promotion never changes it.
 */
function checkTeamsKnown(steps: readonly ContractStep[], known: ReadonlySet<string>): PlanRefusal[] {
  const refusals: PlanRefusal[] = [];
  for (const step of steps) {
    const missing = teamsNamedBy(step.document).filter((team) => !known.has(team));
    if (missing.length === 0) continue;
    refusals.push({
      code: 'team-unknown',
      subject: step.contract,
      version: 0,
      message: `contract ${step.contract} ${step.version} names team(s) ${missing.join(', ')}, which the target's ownership file does not have: upload the ownership file to the target first (with an admin key: \`charter apply --ownership-only --registry <target>\`)`,
    });
  }
  return refusals;
}

/** The owner team and the consumers' teams an ODCS document names, each once, in order. */
function teamsNamedBy(document: Record<string, unknown>): string[] {
  const teams: string[] = [];
  const add = (team: unknown) => {
    if (typeof team === 'string' && !teams.includes(team)) teams.push(team);
  };
  const owner = document.team;
  if (owner && typeof owner === 'object') add((owner as { name?: unknown }).name);
  const properties = Array.isArray(document.customProperties) ? document.customProperties : [];
  for (const entry of properties as Array<{ property?: unknown; value?: unknown }>) {
    if (entry?.property !== 'consumers' || !Array.isArray(entry.value)) continue;
    for (const consumer of entry.value as Array<{ team?: unknown }>) add(consumer?.team);
  }
  return teams;
}
