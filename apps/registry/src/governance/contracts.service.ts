import { isDeepStrictEqual } from 'node:util';
import {
  type Contract,
  type ContractProblem,
  checkContractFields,
  checkContractOwnership,
  formatContractProblem,
  parseContract,
  readContractDocument,
  schemaFieldPaths,
} from '@charter/contracts';
import { findUnstorableText } from '@charter/service-host';
import type { Actor } from '../auth/principal';
import type { TieredCache } from '../cache/tiered-cache';
import { GovernanceErrors } from '../errors/governance.errors';
import type { RegistryReader } from '../registry/registry-reader';
import type { ContractRepository, ContractVersionRecord } from '../storage/contract.repository';
import { type AuditService, auditEntry } from './audit.service';
import type { OwnershipService } from './ownership.service';

export interface ContractView {
  id: string;
  version: string;
  team: string;
  status: string;
  subjects: string[];
  createdBy: string;
  createdAt: string;
  contract: Record<string, unknown>;
}

/** The contract governing a subject, as registration enforces it. */
export interface SubjectContract {
  contract: Contract;
  version: string;
}

/** The contract versions the registry stores (and a promotion may name). */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+][0-9A-Za-z.+-]*)?$/;
const bindingScope = (subject: string) => `binding:${subject}`;

/**
 * `/contracts`: ODCS 3.1 contracts stored by version and bound to the subjects their schema objects name. A bound
 * subject's registrations follow the contract (see `contractFor`).
 */
export class ContractsService {
  constructor(
    private readonly repository: ContractRepository,
    private readonly reader: RegistryReader,
    private readonly cache: TieredCache,
    private readonly ownership: OwnershipService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ContractView[]> {
    return (await this.repository.listLatest()).map(present);
  }

  async get(id: string): Promise<ContractView> {
    const latest = await this.repository.findLatest(id);
    if (!latest) throw GovernanceErrors.contractNotFound(id);
    return present(latest);
  }

  async versions(id: string): Promise<string[]> {
    const versions = await this.repository.listVersions(id);
    if (versions.length === 0) throw GovernanceErrors.contractNotFound(id);
    return versions.map((version) => version.version);
  }

  async getVersion(id: string, version: string): Promise<ContractView> {
    const found = await this.repository.findVersion(id, version);
    if (!found) throw GovernanceErrors.contractNotFound(id, version);
    return present(found);
  }

  /**
   * PUT /contracts/{id}: validates the document (ODCS 3.1 and Charter's properties), checks the caller's team owns
   * it and its subjects, that its declared fields exist in the subjects' latest schemas, then stores the version
   * and binds the subjects. The same version with the same content again is a no-op; other content is a 409.
   */
  async put(
    actor: Actor,
    id: string,
    body: unknown,
    options: { transfer?: boolean } = {},
  ): Promise<{ view: ContractView; isNew: boolean }> {
    const file = `contracts/${id}`;
    const { contract, problems } =
      typeof body === 'string' ? parseContract(body, { file }) : readContractDocument(body, { file });
    if (!contract || problems.length > 0) throw invalid(problems);
    if (contract.id !== id) {
      throw GovernanceErrors.invalidContract(`The contract's id '${contract.id}' does not match the path '${id}'`);
    }
    const nul = findUnstorableText(contract.document);
    if (nul !== undefined) {
      throw GovernanceErrors.invalidContract(
        `The contract holds text that cannot be stored (U+0000 or an unpaired surrogate) at ${nul}`,
      );
    }
    const semver = SEMVER.exec(contract.version);
    if (!semver) throw GovernanceErrors.invalidContract(`version '${contract.version}' is not semver`);
    const { principal } = actor;
    // A contract id belongs to the team of its first version: only that team publishes the next, and moving it to
    // another team is an admin's explicit transfer.
    const latest = await this.repository.findLatest(id);
    const owner = latest?.team ?? contract.team;
    const isTransfer = owner !== contract.team;
    const refusal =
      principal.role !== 'team'
        ? undefined
        : principal.team !== owner
          ? `contract '${id}' belongs to team ${owner}; team ${principal.team} may not publish it`
          : isTransfer
            ? `team ${principal.team} may not move contract '${id}' to team ${contract.team}; an admin transfers contracts`
            : undefined;
    if (refusal) {
      await this.audit.record(actor, {
        action: isTransfer ? 'contract.transfer' : 'contract.put',
        targetType: 'contract',
        target: id,
        outcome: 'denied',
        after: { version: contract.version, team: contract.team, owner, reason: refusal },
      });
      throw GovernanceErrors.forbidden(refusal);
    }
    if (isTransfer && !options.transfer) throw GovernanceErrors.contractTransferRequired(id, owner, contract.team);
    const ownershipProblems = checkContractOwnership(contract, await this.ownership.get(), { file });
    if (ownershipProblems.length > 0) throw invalid(ownershipProblems);

    const existing = await this.repository.findVersion(id, contract.version);
    if (existing) {
      // Postgres keeps JSON objects with their keys reordered: compare as values, not as text.
      if (isDeepStrictEqual(existing.document, contract.document)) {
        return { view: present(existing), isNew: false };
      }
      throw GovernanceErrors.contractVersionExists(id, contract.version);
    }
    if (latest && compareSemver(contract.version, latest.version) < 0) {
      throw GovernanceErrors.invalidContract(
        `version ${contract.version} is lower than the current ${latest.version}; contract versions only move forward`,
      );
    }
    const subjects = contract.subjects.map((binding) => binding.subject);
    for (const bound of await this.repository.findBindings(subjects)) {
      if (bound.contractId !== id) {
        throw GovernanceErrors.invalidContract(
          `subject ${bound.subject} is already bound to contract '${bound.contractId}'`,
        );
      }
    }
    const fieldProblems = (
      await Promise.all(subjects.map((subject) => this.missingFields(contract, subject, file)))
    ).flat();
    if (fieldProblems.length > 0) throw invalid(fieldProblems);

    const stored = await this.repository.insertVersion(
      {
        id,
        version: contract.version,
        semver: { major: Number(semver[1]), minor: Number(semver[2]), patch: Number(semver[3]) },
        team: contract.team,
        status: contract.status,
        subjects,
        document: contract.document,
        createdBy: principal.keyId,
      },
      auditEntry(actor, {
        action: isTransfer ? 'contract.transfer' : 'contract.put',
        targetType: 'contract',
        target: id,
        before: latest && summary(latest),
        after: summary({ version: contract.version, team: contract.team, status: contract.status, subjects }),
      }),
    );
    const unbound = (latest?.subjects ?? []).filter((subject) => !subjects.includes(subject));
    await this.cache.invalidate([...subjects, ...unbound].map(bindingScope));
    return { view: present(stored), isNew: true };
  }

  /** The contract a subject is bound to (cached; every replica drops it when a new version is published). */
  async contractFor(subject: string): Promise<SubjectContract | undefined> {
    const found = await this.cache.read<{ version: string; document: Record<string, unknown> } | null>(
      `binding:${subject}`,
      bindingScope(subject),
      'mutable',
      async () => {
        const contractId = await this.repository.findBinding(subject);
        const latest = contractId === undefined ? undefined : await this.repository.findLatest(contractId);
        return latest ? { version: latest.version, document: latest.document } : null;
      },
    );
    if (!found) return undefined;
    const { contract } = readContractDocument(found.document, { file: `contracts/${subject}` });
    return contract && { contract, version: found.version };
  }

  /** Fields the contract promises for `subject` that the subject's latest live schema lacks. */
  private async missingFields(contract: Contract, subject: string, file: string): Promise<ContractProblem[]> {
    const latest = (await this.reader.subjectVersions(subject)).filter(({ deleted }) => !deleted).at(-1);
    const record = latest && (await this.reader.schemaById(latest.schemaId));
    if (!record || (record.schemaType !== 'AVRO' && record.schemaType !== 'JSON')) return [];
    const fields = schemaFieldPaths(record.schemaType, record.schema).map((name) => ({ name }));
    return checkContractFields({ contract, target: { subject }, fields, file });
  }
}

function invalid(problems: readonly ContractProblem[]) {
  // `<file>:<line>:<column> <path> <code>: <message>` (lines when the body was YAML text).
  const shown = problems.slice(0, 10).map(formatContractProblem);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return GovernanceErrors.invalidContract(`Invalid contract: ${shown.join('; ')}${more}`, { problems });
}

function present(record: ContractVersionRecord): ContractView {
  return {
    id: record.id,
    version: record.version,
    team: record.team,
    status: record.status,
    subjects: record.subjects,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    contract: record.document,
  };
}

function summary(record: Pick<ContractVersionRecord, 'version' | 'team' | 'status' | 'subjects'>) {
  return { version: record.version, team: record.team, status: record.status, subjects: record.subjects };
}

function compareSemver(a: string, b: string): number {
  const parts = (value: string) => value.split(/[-+]/)[0]!.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
