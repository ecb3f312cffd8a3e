import { isDomainError } from '@charter/errors';
import { RegistryErrors } from '../errors/registry.errors';
import { RegistryErrorCode } from '../errors/registry-error-code';
import type { ApprovalsService } from '../governance/approvals.service';
import type { ContractsService } from '../governance/contracts.service';
import { describeJudgement, type LineageCheck } from '../governance/lineage-check';
import type { SubjectVersionRecord } from '../storage/registry-records';
import { checkAgainstVersions } from './compatibility-check';
import { candidateLevel, decideCandidate, findContractProblems } from './evaluate-candidate';
import type { RegistryReader } from './registry-reader';
import type { PreparedSchema, SchemaPreparer } from './schema-preparer';
import type { SchemaRequest } from './schema-request';
import type { SettingsService } from './settings.service';
import { LATEST_VERSION } from './version-id';

export interface CompatibilityBody {
  is_compatible: boolean;
  messages?: string[];
}

export interface CompatibilityMetrics {
  checked(source: 'register' | 'test', result: 'compatible' | 'incompatible' | 'invalid'): void;
}

/**
 * POST /compatibility/subjects/{s}/versions[/{v}]: would this schema be accepted? Nothing is written. The answer is
 * registration's policy (`evaluateCandidate`) for a test: Confluent's verdict, the contract's fields, lineage.
 */
export class CompatibilityService {
  constructor(
    private readonly reader: RegistryReader,
    private readonly preparer: SchemaPreparer,
    private readonly settings: SettingsService,
    private readonly metrics: CompatibilityMetrics,
    private readonly governance: {
      contracts: Pick<ContractsService, 'contractFor'>;
      approvals: Pick<ApprovalsService, 'findApproved'>;
      lineage: Pick<LineageCheck, 'judge'>;
    },
  ) {}

  /**
   * Against one version (`requested`, from `parseVersionId`; `latest` with no live version is compatible, a missing
   * number is 40402), or, without it, against every live version the subject's level asks for (a missing subject
   * is compatible). With `verbose`, an invalid schema is reported as an incompatible verdict with its error, as
   * Confluent does.
   */
  async check(
    subject: string,
    requested: number | undefined,
    request: SchemaRequest,
    options: { verbose: boolean; normalize: boolean; changedBy?: string; authorization?: string },
  ): Promise<CompatibilityBody> {
    const settings = await this.settings.effective(subject);
    let prepared: PreparedSchema;
    try {
      if (request.schema === undefined) throw RegistryErrors.invalidSchema('Empty schema');
      prepared = await this.preparer.prepare(
        {
          schemaType: request.schemaType,
          schema: request.schema,
          references: request.references,
          metadata: request.metadata,
          ruleSet: request.ruleSet,
        },
        { normalize: options.normalize || settings.normalize },
      );
    } catch (error) {
      if (options.verbose && isDomainError(error) && isSchemaProblem(error.code)) {
        this.metrics.checked('test', 'invalid');
        return { is_compatible: false, messages: [error.message] };
      }
      throw error;
    }

    const live = (await this.reader.subjectVersions(subject)).filter(({ deleted }) => !deleted);
    let against: SubjectVersionRecord[] = live;
    if (requested !== undefined) {
      const target = requested === LATEST_VERSION ? live.at(-1) : live.find(({ version }) => version === requested);
      if (!target && requested !== LATEST_VERSION) throw RegistryErrors.versionNotFound(requested);
      against = target ? [target] : [];
    }
    const governed = await this.governance.contracts.contractFor(subject);
    // Confluent's verdict is always part of the answer; the rest of the policy is registration's (shared).
    const verdict = await checkAgainstVersions({
      candidate: prepared,
      versions: against,
      level: candidateLevel(settings, governed),
      compatibilityGroup: settings.compatibilityGroup,
      reader: this.reader,
      preparer: this.preparer,
    });
    const contractProblems = findContractProblems(subject, prepared, governed);
    const { decision, inputs } = await decideCandidate(
      { purpose: 'test', contractProblems, compatibility: verdict },
      {
        compatibility: async () => verdict,
        lineage: () =>
          this.governance.lineage.judge({
            subject,
            candidate: prepared,
            governed,
            changedBy: options.changedBy,
            authorization: options.authorization,
          }),
        approval: () => this.governance.approvals.findApproved(subject, prepared.fingerprint),
      },
    );
    const isCompatible = decision.kind === 'accepted' || decision.kind === 'approved';
    this.metrics.checked('test', isCompatible ? 'compatible' : 'incompatible');
    const judgement = inputs.lineage;
    const messages = [
      ...verdict.messages,
      ...contractProblems.map((problem) => `contract ${governed?.contract.id}: ${problem.message}`),
      ...(judgement === undefined || judgement.kind === 'skipped'
        ? []
        : [
            `impact ${describeJudgement(judgement)}${decision.kind === 'lineage-refused' ? ' — needs an approval' : ''}`,
          ]),
    ];
    return options.verbose ? { is_compatible: isCompatible, messages } : { is_compatible: isCompatible };
  }
}

function isSchemaProblem(code: string): boolean {
  return (
    code === RegistryErrorCode.InvalidSchema ||
    code === RegistryErrorCode.SchemaTooLarge ||
    code === RegistryErrorCode.InvalidRuleSet
  );
}
