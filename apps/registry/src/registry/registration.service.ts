import { isDomainError } from '@charter/errors';
import type { Actor } from '../auth/principal';
import { CacheScope } from '../cache/cache-scope';
import { GovernanceErrors } from '../errors/governance.errors';
import { type RegistryError, RegistryErrors } from '../errors/registry.errors';
import { RegistryErrorCode } from '../errors/registry-error-code';
import type { ApprovalsService, ApprovalView } from '../governance/approvals.service';
import { type AuditService, auditEntry } from '../governance/audit.service';
import type { ContractsService, SubjectContract } from '../governance/contracts.service';
import type { ImpactNotifier } from '../governance/impact-notifier';
import { describeJudgement, type LineageCheck, type LineageJudgement } from '../governance/lineage-check';
import type { AppendVersion, RegistrationRepository, SubjectState } from '../storage/registration.repository';
import type { SchemaRecord } from '../storage/registry-records';
import type { CompatibilityMetrics } from './compatibility.service';
import { checkAgainstVersions } from './compatibility-check';
import { type CandidateVerdict, candidateLevel, decideCandidate, findContractProblems } from './evaluate-candidate';
import type { KeyedMutex } from './keyed-mutex';
import type { RegistryReader } from './registry-reader';
import { type EffectiveSettings, isReadOnly } from './registry-settings';
import type { PreparedSchema, SchemaContent, SchemaPreparer } from './schema-preparer';
import { presentSubjectSchema, type SubjectSchemaBody } from './schema-presenter';
import type { SchemaRequest } from './schema-request';
import type { SettingsService } from './settings.service';
import { contentOf, findByFingerprint } from './subject-content';
import type { SubjectName } from './subject-name';

export interface RegisterOutcome {
  body: SubjectSchemaBody;
  /** False when the schema was already a live version of the subject (nothing written). */
  isNew: boolean;
  /** What the lineage service judged of a breaking change (`CRITICAL (block): …`), when it was asked. */
  impact?: string;
}

/** What registration asks of governance: the subject's contract, approvals for blocked changes, the audit log. */
export interface RegistrationGovernance {
  contracts: Pick<ContractsService, 'contractFor'>;
  approvals: Pick<ApprovalsService, 'findApproved' | 'markUsed'>;
  audit: Pick<AuditService, 'record'>;
  lineage: Pick<LineageCheck, 'judge'>;
  notifier: Pick<ImpactNotifier, 'blocked' | 'landed'>;
}

/** Refusals the audit log records (the policy said no), as opposed to malformed requests. */
const POLICY_REFUSALS = new Set<string>([
  RegistryErrorCode.IncompatibleSchema,
  RegistryErrorCode.ContractViolation,
  RegistryErrorCode.LineageBlocked,
  RegistryErrorCode.LineageUnavailable,
]);

/** How often a registration decides again after losing a race to another replica before answering 503. */
const MAX_ATTEMPTS = 20;

/**
 * The wait before deciding again after a lost race: doubling from 5 ms to 250 ms, with jitter. Retrying at once let a
 * replica with a long queue for the subject win every race until the other ran out of attempts (a 503 under load).
 * The wait holds this replica's turn for the subject, which is the point: the other replica drains its queue meanwhile.
 */
function raceBackoffMs(attempt: number): number {
  return Math.min(250, 5 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

/**
 * POST /subjects/{s}/versions. Content already live under the subject returns its id and version and writes nothing
 * (from the cache when it can: producers re-register on every start). Otherwise the registration reads the
 * subject's versions and whoever holds the content, checks the mode and the candidate against the live versions at
 * the subject's level, and appends the next version (one above every version kept, soft-deleted included) in one
 * statement that only lands if no other registration got there first; if one did, it decides again.
 * Registrations to one subject queue in this process, so only replicas ever race.
 *
 * The policy (`evaluateCandidate`, shared with the compatibility test): a subject bound to a contract is checked at
 * the contract's compatibility level, and the candidate must keep every field the contract declares (and its
 * consumers use); a change lineage judges CRITICAL or HIGH needs an approval. An incompatible or blocked candidate
 * still lands when an approval for exactly its fingerprint exists. New versions and policy refusals are audited.
 */
export class RegistrationService {
  constructor(
    private readonly repository: RegistrationRepository,
    private readonly reader: RegistryReader,
    private readonly preparer: SchemaPreparer,
    private readonly settings: SettingsService,
    private readonly subjectLocks: KeyedMutex,
    private readonly metrics: CompatibilityMetrics,
    private readonly governance: RegistrationGovernance,
  ) {}

  async register(
    actor: Actor,
    subject: SubjectName,
    request: SchemaRequest,
    options: { normalize: boolean; authorization?: string },
  ): Promise<RegisterOutcome> {
    const settings = await this.settings.effective(subject);
    assertRegisterMode(subject, settings, request);
    const prepared = await this.prepare(subject, request, settings, options.normalize);
    const alreadyLive = await this.findCachedLiveVersion(subject, request, prepared);
    if (alreadyLive) return alreadyLive;

    const governed = await this.governance.contracts.contractFor(subject);
    const judgement = await this.judgeLineage(actor, { subject, prepared, settings, governed }, options.authorization);
    const candidate: Candidate = { subject, request, prepared, settings, governed, judgement };
    const { outcome, approval } = await this.appendInTurn(actor, candidate).catch(async (error: unknown) => {
      await this.notifyIfBlocked(actor, candidate, error);
      throw error;
    });
    if (judgement.kind !== 'skipped') outcome.impact = describeJudgement(judgement);
    if (outcome.isNew) await this.afterLanding(actor, candidate, outcome.body.version, approval);
    return outcome;
  }

  /** The candidate parsed and fingerprinted (normalized when the request or the subject's settings say so). */
  private async prepare(
    subject: string,
    request: SchemaRequest,
    settings: EffectiveSettings,
    normalize: boolean,
  ): Promise<PreparedSchema> {
    const content = request.schema === undefined ? await this.latestContent(subject, request) : contentOf(request);
    return this.preparer.prepare(content, { normalize: normalize || settings.normalize });
  }

  /** Content already live under the subject, from the cache (producers re-register on every start): nothing to do. */
  private async findCachedLiveVersion(
    subject: string,
    request: SchemaRequest,
    prepared: PreparedSchema,
  ): Promise<RegisterOutcome | undefined> {
    if (request.id !== undefined || request.version !== undefined) return undefined;
    const cached = await this.reader.cachedSubjectVersions(subject);
    const live = cached?.filter(({ deleted }) => !deleted) ?? [];
    const existing = await findByFingerprint(this.reader, live, prepared.fingerprint);
    return existing && { body: presentSubjectSchema(subject, existing.version.version, existing.record), isNew: false };
  }

  /** Judged once, before queueing for the subject: an HTTP round trip to the lineage service (none when importing). */
  private async judgeLineage(
    actor: Actor,
    candidate: Omit<Candidate, 'request' | 'judgement'>,
    authorization: string | undefined,
  ): Promise<LineageJudgement> {
    const { subject, prepared, settings, governed } = candidate;
    if (settings.mode === 'IMPORT') return { kind: 'skipped' };
    return this.governance.lineage.judge({
      subject,
      candidate: prepared,
      governed,
      changedBy: actor.principal.team,
      authorization,
    });
  }

  /**
   * In the subject's queue: decide on the subject's current state and append, deciding again when another replica
   * appended first. Policy refusals are audited.
   */
  private appendInTurn(
    actor: Actor,
    candidate: Candidate,
  ): Promise<{ outcome: RegisterOutcome; approval?: ApprovalView }> {
    const { subject, prepared } = candidate;
    return this.subjectLocks.run(subject, async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const state = await this.repository.findSubjectState(subject, prepared.fingerprint);
        const decided = await this.decide(candidate, state).catch(async (error: unknown) => {
          await this.auditRefusal(actor, candidate, error);
          throw error;
        });
        if ('body' in decided) return { outcome: decided };
        const result = await this.repository.appendVersion(this.appendOf(actor, candidate, state, decided));
        if (result.kind === 'id-taken') {
          throw RegistryErrors.operationNotPermitted(
            `Overwrite new schema with id ${candidate.request.id} in context  is not permitted.`,
          );
        }
        if (result.kind === 'conflict') {
          await new Promise((resolve) => setTimeout(resolve, raceBackoffMs(attempt)));
          continue;
        }
        const record: SchemaRecord = { ...(state.holder ?? storedOf(prepared)), id: result.schemaId };
        return {
          outcome: { body: presentSubjectSchema(subject, decided.version, record), isNew: true },
          approval: decided.approval,
        };
      }
      throw RegistryErrors.operationTimeout('Register');
    });
  }

  /** What to do on this state: answer with what is already there, or append `version` (with the approval used). */
  private async decide(
    candidate: Candidate,
    state: SubjectState,
  ): Promise<RegisterOutcome | { version: number; approval?: ApprovalView }> {
    const { subject, request, settings } = candidate;
    const { versions, holder } = state;
    const live = versions.filter(({ deleted }) => !deleted);
    if (holder && (request.id === undefined || request.id === holder.id)) {
      const existing = live.find(({ schemaId }) => schemaId === holder.id);
      if (existing && (request.version === undefined || request.version === existing.version)) {
        return { body: presentSubjectSchema(subject, existing.version, holder), isNew: false };
      }
    }
    const nextVersion = (versions.at(-1)?.version ?? 0) + 1;
    const version = request.version ?? nextVersion;
    if (settings.mode === 'IMPORT') {
      assertImportable(subject, request, state, version);
      return { version };
    }
    if (version !== nextVersion) throw RegistryErrors.invalidSchema('Version is not one more than previous version');
    const decision = await this.evaluate(candidate, live);
    if (decision.kind === 'accepted') return { version };
    if (decision.kind === 'approved') return { version, approval: decision.approval };
    throw refusalOf(candidate, decision);
  }

  /** The shared policy, on the subject's live versions; inputs are loaded only as it asks for them. */
  private async evaluate(candidate: Candidate, live: SubjectState['versions']): Promise<CandidateVerdict> {
    const { subject, prepared, settings, governed, judgement } = candidate;
    const { decision } = await decideCandidate(
      { purpose: 'register', contractProblems: findContractProblems(subject, prepared, governed) },
      {
        compatibility: async () => {
          const verdict = await checkAgainstVersions({
            candidate: prepared,
            versions: live,
            level: candidateLevel(settings, governed),
            compatibilityGroup: settings.compatibilityGroup,
            reader: this.reader,
            preparer: this.preparer,
          });
          this.metrics.checked('register', verdict.isCompatible ? 'compatible' : 'incompatible');
          return verdict;
        },
        lineage: async () => judgement,
        approval: () => this.governance.approvals.findApproved(subject, prepared.fingerprint),
      },
    );
    return decision;
  }

  private appendOf(
    actor: Actor,
    candidate: Candidate,
    state: SubjectState,
    decided: { version: number; approval?: ApprovalView },
  ): AppendVersion {
    const { subject, request, prepared, governed, judgement } = candidate;
    const previousVersion = state.versions.filter(({ deleted }) => !deleted).at(-1)?.version;
    return {
      subject,
      expectedTop: state.versions.at(-1)?.version ?? 0,
      version: decided.version,
      holderId: state.holder?.id,
      requestedId: request.id,
      content: storedOf(prepared),
      audit: auditEntry(actor, {
        action: 'subject.register',
        targetType: 'subject',
        target: subject,
        before: previousVersion === undefined ? null : { version: previousVersion },
        after: {
          version: decided.version,
          fingerprint: prepared.fingerprint,
          contract: governed?.contract.id,
          approval: decided.approval?.id,
          impact: judgement.kind === 'skipped' ? undefined : describeJudgement(judgement),
        },
      }),
    };
  }

  /** A refusal the policy made (not a malformed request) is audited as a row of its own. */
  private async auditRefusal(actor: Actor, candidate: Candidate, error: unknown): Promise<void> {
    if (!isDomainError(error) || !POLICY_REFUSALS.has(error.code)) return;
    const { subject, prepared, judgement } = candidate;
    await this.governance.audit.record(actor, {
      action: 'subject.register',
      targetType: 'subject',
      target: subject,
      outcome: 'denied',
      after: {
        fingerprint: prepared.fingerprint,
        code: error.code,
        reason: error.message.slice(0, 2_000),
        impact: judgement.kind === 'skipped' ? undefined : describeJudgement(judgement),
      },
    });
  }

  /** Told outside the subject's queue: the owners of what a blocked change would break hear of the refusal. */
  private async notifyIfBlocked(actor: Actor, candidate: Candidate, error: unknown): Promise<void> {
    const { subject, prepared, judgement } = candidate;
    if (!isDomainError(error) || error.code !== RegistryErrorCode.LineageBlocked || judgement.kind !== 'assessed') {
      return;
    }
    await this.governance.notifier.blocked({
      subject,
      fingerprint: prepared.fingerprint,
      impact: judgement.impact,
      changedBy: actor.principal.team,
    });
  }

  /**
   * The version has landed (with its audit row, which names any approval): the cache forgets the subject's versions,
   * the approval's first use is recorded (bookkeeping: its failure must not turn a stored version into an error),
   * and the owners of what an approved blocked change reaches hear that it landed.
   */
  private async afterLanding(
    actor: Actor,
    candidate: Candidate,
    version: number,
    approval: ApprovalView | undefined,
  ): Promise<void> {
    const { subject, prepared, judgement } = candidate;
    await this.reader.invalidate([CacheScope.subject(subject)]);
    if (!approval) return;
    await this.governance.approvals.markUsed(actor, approval, version).catch(() => undefined);
    if (judgement.kind === 'assessed' && judgement.needsApproval) {
      await this.governance.notifier.landed({
        subject,
        fingerprint: prepared.fingerprint,
        impact: judgement.impact,
        changedBy: actor.principal.team,
        version,
        approvedBy: approval.decidedBy ?? undefined,
      });
    }
  }

  /** A register request without schema text re-registers the latest live content (to change metadata/rules). */
  private async latestContent(subject: string, request: SchemaRequest): Promise<SchemaContent> {
    const latest = (await this.reader.subjectVersions(subject)).filter(({ deleted }) => !deleted).at(-1);
    const record = latest ? await this.reader.schemaById(latest.schemaId) : undefined;
    if (!record) throw RegistryErrors.invalidSchema('Empty schema');
    return {
      schemaType: record.schemaType,
      schema: record.schema,
      references: record.references,
      metadata: request.metadata ?? record.metadata,
      ruleSet: request.ruleSet ?? record.ruleSet,
    };
  }
}

/** One registration's candidate and what was settled about it before it queued for the subject. */
interface Candidate {
  subject: string;
  request: SchemaRequest;
  prepared: PreparedSchema;
  settings: EffectiveSettings;
  governed: SubjectContract | undefined;
  judgement: LineageJudgement;
}

function storedOf(prepared: PreparedSchema): Omit<SchemaRecord, 'id'> {
  return {
    fingerprint: prepared.fingerprint,
    schemaType: prepared.schemaType,
    schema: prepared.text,
    references: prepared.references,
    metadata: prepared.metadata,
    ruleSet: prepared.ruleSet,
  };
}

function assertRegisterMode(subject: string, settings: EffectiveSettings, request: SchemaRequest): void {
  if (isReadOnly(settings.mode)) throw RegistryErrors.readOnly(subject);
  if (request.id !== undefined && settings.mode !== 'IMPORT') {
    throw RegistryErrors.operationNotPermitted(`Subject ${subject} is not in import mode`);
  }
  if (request.id === undefined && settings.mode !== 'READWRITE') {
    throw RegistryErrors.operationNotPermitted(`Subject ${subject} is not in read-write mode`);
  }
}

/** IMPORT mode keeps the ids and versions it is given: neither may collide with what is there. */
function assertImportable(subject: string, request: SchemaRequest, state: SubjectState, version: number): void {
  const { holder, versions } = state;
  if (holder && request.id !== undefined && holder.id !== request.id) {
    throw RegistryErrors.idDoesNotMatch(holder.id, request.id);
  }
  if (versions.some((existing) => existing.version === version)) {
    throw RegistryErrors.operationNotPermitted(
      `Version ${version} of subject ${subject} already exists; importing over it is not permitted`,
    );
  }
}

/** The wire error of a refusal: Confluent's 40901 (with what would let it through), 40920, or lineage's 40930/50003. */
function refusalOf(
  candidate: Candidate,
  decision: Exclude<CandidateVerdict, { kind: 'accepted' } | { kind: 'approved' }>,
): RegistryError {
  const { subject, prepared, governed } = candidate;
  const approvalHint = `an approval for fingerprint ${prepared.fingerprint} lets it through (POST /approvals)`;
  switch (decision.kind) {
    case 'contract-violation': {
      // Only a bound subject has contract problems.
      const { contract, version } = governed!;
      return GovernanceErrors.contractViolation(
        `Schema being registered breaks contract ${contract.id} ${version} for subject "${subject}": ${decision.problems
          .map((problem) => problem.message)
          .join('; ')}. Publish a contract version without these fields first.`,
        { contract: contract.id, problems: decision.problems },
      );
    }
    case 'incompatible': {
      const { verdict } = decision;
      const hint = governed
        ? [`contract ${governed.contract.id} ${governed.version} requires ${verdict.level}`, approvalHint]
        : [];
      return RegistryErrors.incompatibleSchema(subject, [...verdict.messages, ...hint], {
        level: verdict.level,
        incompatibilities: verdict.result.incompatibilities,
        fingerprint: prepared.fingerprint,
      });
    }
    case 'lineage-refused': {
      const { judgement } = decision;
      if (judgement.kind === 'unavailable') {
        return GovernanceErrors.lineageUnavailable(subject, `${judgement.reason}; ${approvalHint}`);
      }
      return GovernanceErrors.lineageBlocked(subject, `${describeJudgement(judgement)}; ${approvalHint}`, {
        fingerprint: prepared.fingerprint,
        impact: judgement.impact,
        changes: judgement.changes.map((change) => ({ field: change.field, kind: change.kind })),
      });
    }
  }
}
