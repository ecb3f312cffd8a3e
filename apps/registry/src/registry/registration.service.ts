import { findMissingFields, schemaFieldPaths } from '@charter/contracts';
import { isDomainError } from '@charter/errors';
import type { Actor } from '../auth/principal';
import { CacheScope } from '../cache/cache-scope';
import { GovernanceErrors } from '../errors/governance.errors';
import { RegistryErrors } from '../errors/registry.errors';
import { RegistryErrorCode } from '../errors/registry-error-code';
import type { ApprovalsService, ApprovalView } from '../governance/approvals.service';
import { type AuditService, auditEntry } from '../governance/audit.service';
import type { ContractsService, SubjectContract } from '../governance/contracts.service';
import type { ImpactNotifier } from '../governance/impact-notifier';
import { describeJudgement, type LineageCheck, type LineageJudgement } from '../governance/lineage-check';
import type { RegistrationRepository, SubjectState } from '../storage/registration.repository';
import type { SchemaRecord } from '../storage/registry-records';
import type { CompatibilityMetrics } from './compatibility.service';
import { checkAgainstVersions } from './compatibility-check';
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
 * POST /subjects/{s}/versions. Content already live under the subject returns its id and version and writes nothing
 * (from the cache when it can: producers re-register on every start). Otherwise the registration reads the
 * subject's versions and whoever holds the content, checks the mode and the candidate against the live versions at
 * the subject's level, and appends the next version (one above every version kept, soft-deleted included) in one
 * statement that only lands if no other registration got there first; if one did, it decides again.
 * Registrations to one subject queue in this process, so only replicas ever race.
 *
 * A subject bound to a contract is checked at the contract's compatibility level, and the candidate must keep every
 * field the contract declares (and its consumers use). An incompatible candidate still lands when an approval for
 * exactly its fingerprint exists. New versions and policy refusals are audited.
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
    const content = request.schema === undefined ? await this.latestContent(subject, request) : contentOf(request);
    const prepared = await this.preparer.prepare(content, { normalize: options.normalize || settings.normalize });

    if (request.id === undefined && request.version === undefined) {
      const cached = await this.reader.cachedSubjectVersions(subject);
      const live = cached?.filter(({ deleted }) => !deleted) ?? [];
      const existing = await findByFingerprint(this.reader, live, prepared.fingerprint);
      if (existing) {
        return { body: presentSubjectSchema(subject, existing.version.version, existing.record), isNew: false };
      }
    }

    const stored: Omit<SchemaRecord, 'id'> = {
      fingerprint: prepared.fingerprint,
      schemaType: prepared.schemaType,
      schema: prepared.text,
      references: prepared.references,
      metadata: prepared.metadata,
      ruleSet: prepared.ruleSet,
    };
    const governed = await this.governance.contracts.contractFor(subject);
    // Judged once, before queueing for the subject: an HTTP round trip to the lineage service.
    const judgement: LineageJudgement =
      settings.mode === 'IMPORT'
        ? { kind: 'skipped' }
        : await this.governance.lineage.judge({
            subject,
            candidate: prepared,
            governed,
            changedBy: actor.principal.team,
            authorization: options.authorization,
          });
    let approval: ApprovalView | undefined;
    const outcome = await this.subjectLocks
      .run(subject, async () => {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const state = await this.repository.findSubjectState(subject, prepared.fingerprint);
          const decided = await this.decide(subject, request, prepared, settings, state, governed, judgement).catch(
            async (error: unknown) => {
              if (isDomainError(error) && POLICY_REFUSALS.has(error.code)) {
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
              throw error;
            },
          );
          if ('body' in decided) return decided;
          approval = decided.approval;
          const previousVersion = state.versions.filter(({ deleted }) => !deleted).at(-1)?.version;
          const result = await this.repository.appendVersion({
            subject,
            expectedTop: state.versions.at(-1)?.version ?? 0,
            version: decided.version,
            holderId: state.holder?.id,
            requestedId: request.id,
            content: stored,
            audit: auditEntry(actor, {
              action: 'subject.register',
              targetType: 'subject',
              target: subject,
              before: previousVersion === undefined ? null : { version: previousVersion },
              after: {
                version: decided.version,
                fingerprint: prepared.fingerprint,
                contract: governed?.contract.id,
                approval: approval?.id,
                impact: judgement.kind === 'skipped' ? undefined : describeJudgement(judgement),
              },
            }),
          });
          if (result.kind === 'id-taken') {
            throw RegistryErrors.operationNotPermitted(
              `Overwrite new schema with id ${request.id} in context  is not permitted.`,
            );
          }
          if (result.kind === 'conflict') continue;
          const record: SchemaRecord = { ...(state.holder ?? stored), id: result.schemaId };
          return { body: presentSubjectSchema(subject, decided.version, record), isNew: true };
        }
        throw RegistryErrors.operationTimeout('Register');
      })
      .catch(async (error: unknown) => {
        // Told outside the subject's queue: the owners of what it would break hear of the refusal.
        if (isDomainError(error) && error.code === RegistryErrorCode.LineageBlocked && judgement.kind === 'assessed') {
          await this.governance.notifier.blocked({
            subject,
            fingerprint: prepared.fingerprint,
            impact: judgement.impact,
            changedBy: actor.principal.team,
          });
        }
        throw error;
      });
    if (judgement.kind !== 'skipped') outcome.impact = describeJudgement(judgement);
    if (outcome.isNew) {
      await this.reader.invalidate([CacheScope.subject(subject)]);
      // The registration (and its audit row, which names the approval) has landed: recording the approval's first
      // use is bookkeeping, and its failure must not turn a stored version into an error.
      if (approval) {
        await this.governance.approvals.markUsed(actor, approval, outcome.body.version).catch(() => undefined);
      }
      if (approval && judgement.kind === 'assessed' && judgement.needsApproval) {
        await this.governance.notifier.landed({
          subject,
          fingerprint: prepared.fingerprint,
          impact: judgement.impact,
          changedBy: actor.principal.team,
          version: outcome.body.version,
          approvedBy: approval.decidedBy ?? undefined,
        });
      }
    }
    return outcome;
  }

  /** What to do on this state: answer with what is already there, or append `version`. */
  private async decide(
    subject: string,
    request: SchemaRequest,
    prepared: PreparedSchema,
    settings: EffectiveSettings,
    state: SubjectState,
    governed: SubjectContract | undefined,
    judgement: LineageJudgement,
  ): Promise<RegisterOutcome | { version: number; approval?: ApprovalView }> {
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
      if (holder && request.id !== undefined && holder.id !== request.id) {
        throw RegistryErrors.idDoesNotMatch(holder.id, request.id);
      }
      if (versions.some((existing) => existing.version === version)) {
        throw RegistryErrors.operationNotPermitted(
          `Version ${version} of subject ${subject} already exists; importing over it is not permitted`,
        );
      }
      return { version };
    }
    if (version !== nextVersion) throw RegistryErrors.invalidSchema('Version is not one more than previous version');
    if (governed) assertContractFields(subject, prepared, governed);
    const verdict = await checkAgainstVersions({
      candidate: prepared,
      versions: live,
      level: governed?.contract.compatibility ?? settings.compatibility,
      compatibilityGroup: settings.compatibilityGroup,
      reader: this.reader,
      preparer: this.preparer,
    });
    this.metrics.checked('register', verdict.isCompatible ? 'compatible' : 'incompatible');
    if (!verdict.isCompatible) {
      const approval = await this.governance.approvals.findApproved(subject, prepared.fingerprint);
      if (approval) return { version, approval };
      const hint = governed
        ? [
            `contract ${governed.contract.id} ${governed.version} requires ${verdict.level}`,
            `an approval for fingerprint ${prepared.fingerprint} lets it through (POST /approvals)`,
          ]
        : [];
      throw RegistryErrors.incompatibleSchema(subject, [...verdict.messages, ...hint], {
        level: verdict.level,
        incompatibilities: verdict.result.incompatibilities,
        fingerprint: prepared.fingerprint,
      });
    }
    if (judgement.kind !== 'skipped' && judgement.needsApproval) {
      const approval = await this.governance.approvals.findApproved(subject, prepared.fingerprint);
      if (approval) return { version, approval };
      const hint = `an approval for fingerprint ${prepared.fingerprint} lets it through (POST /approvals)`;
      if (judgement.kind === 'unavailable')
        throw GovernanceErrors.lineageUnavailable(subject, `${judgement.reason}; ${hint}`);
      throw GovernanceErrors.lineageBlocked(subject, `${describeJudgement(judgement)}; ${hint}`, {
        fingerprint: prepared.fingerprint,
        impact: judgement.impact,
        changes: judgement.changes.map((change) => ({ field: change.field, kind: change.kind })),
      });
    }
    return { version };
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

function assertRegisterMode(subject: string, settings: EffectiveSettings, request: SchemaRequest): void {
  if (isReadOnly(settings.mode)) throw RegistryErrors.readOnly(subject);
  if (request.id !== undefined && settings.mode !== 'IMPORT') {
    throw RegistryErrors.operationNotPermitted(`Subject ${subject} is not in import mode`);
  }
  if (request.id === undefined && settings.mode !== 'READWRITE') {
    throw RegistryErrors.operationNotPermitted(`Subject ${subject} is not in read-write mode`);
  }
}

/** The candidate must keep every field the contract declares for the subject and its consumers use. */
function assertContractFields(subject: string, prepared: PreparedSchema, governed: SubjectContract): void {
  if (prepared.schemaType !== 'AVRO' && prepared.schemaType !== 'JSON') return;
  const fields = schemaFieldPaths(prepared.schemaType, prepared.text);
  const missing = findMissingFields(governed.contract, subject, fields, { file: `contracts/${governed.contract.id}` });
  if (missing.length === 0) return;
  throw GovernanceErrors.contractViolation(
    `Schema being registered breaks contract ${governed.contract.id} ${governed.version} for subject "${subject}": ${missing
      .map((problem) => problem.message)
      .join('; ')}. Publish a contract version without these fields first.`,
    { contract: governed.contract.id, problems: missing },
  );
}
