import { readContractDocument } from '@charter/contracts';
import { diffSchemas, type SchemaChange, type SchemaType } from '@charter/schema';
import { RegistryErrors } from '../errors/registry.errors';
import type { ContractsService } from '../governance/contracts.service';
import type { OwnershipService } from '../governance/ownership.service';
import type { RegistryRepository } from '../storage/registry.repository';
import type { RegistryReader } from './registry-reader';
import type { SchemaPreparer } from './schema-preparer';
import type { SettingsService } from './settings.service';
import { LATEST_VERSION, parseVersionId } from './version-id';

/** One row of GET /catalog/subjects. */
export interface SubjectSummary {
  subject: string;
  /** Every version is soft-deleted. */
  deleted: boolean;
  versions: number;
  deletedVersions: number;
  latestVersion: number | null;
  schemaType: SchemaType;
  /** The owning team by the ownership map's prefixes (null when none matches). */
  team: string | null;
  /** The contract binding the subject, with its severity tier. */
  contract: { id: string; version: string; team: string; tier: string } | null;
  /** The level its registrations are checked at (a bound contract's, else the subject's or the global one). */
  compatibility: string;
  mode: string;
}

/** One side of a diff. */
export interface DiffSide {
  version: number;
  schemaId: number;
  schemaType: SchemaType;
  deleted: boolean;
}

/** GET /subjects/{s}/diff: the changes from one version to another, in Charter's taxonomy. */
export interface SubjectDiff {
  subject: string;
  from: DiffSide;
  to: DiffSide;
  changes: SchemaChange[];
}

/**
 * What the console reads in one request each: every subject with its owner, contract, tier, compatibility and
 * version counts (no N+1 from the browser), and the classified diff of two versions.
 */
export class SubjectCatalogService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly reader: RegistryReader,
    private readonly preparer: SchemaPreparer,
    private readonly settings: SettingsService,
    private readonly contracts: ContractsService,
    private readonly ownership: OwnershipService,
  ) {}

  async summaries(): Promise<SubjectSummary[]> {
    const [rows, contracts] = await Promise.all([this.repository.summarizeSubjects(), this.contracts.list()]);
    const bound = new Map<string, { id: string; version: string; team: string; tier: string; compatibility: string }>();
    for (const view of contracts) {
      const { contract } = readContractDocument(view.contract, { file: `contracts/${view.id}` });
      for (const subject of view.subjects) {
        bound.set(subject, {
          id: view.id,
          version: view.version,
          team: view.team,
          tier: contract?.severityTier ?? 'unknown',
          compatibility: contract?.compatibility ?? '',
        });
      }
    }
    const owners = await this.ownership.ownersOf(rows.map((row) => row.subject));
    return Promise.all(
      rows.map(async (row) => {
        const settings = await this.settings.effective(row.subject);
        const contract = bound.get(row.subject);
        return {
          subject: row.subject,
          deleted: row.liveVersions === 0,
          versions: row.liveVersions,
          deletedVersions: row.deletedVersions,
          latestVersion: row.latestVersion,
          schemaType: row.schemaType,
          team: owners.get(row.subject) ?? contract?.team ?? null,
          contract: contract
            ? { id: contract.id, version: contract.version, team: contract.team, tier: contract.tier }
            : null,
          compatibility: contract?.compatibility || settings.compatibility,
          mode: settings.mode,
        };
      }),
    );
  }

  /** Soft-deleted versions can be compared too (the console shows them as such); `latest` is the newest live one. */
  async diff(subject: string, fromText: string, toText: string): Promise<SubjectDiff> {
    const [fromVersion, toVersion] = [parseVersionId(fromText), parseVersionId(toText)];
    const versions = await this.reader.subjectVersions(subject);
    if (versions.length === 0) throw RegistryErrors.subjectNotFound(subject);
    const pick = (requested: number) => {
      const found =
        requested === LATEST_VERSION
          ? versions.filter(({ deleted }) => !deleted).at(-1)
          : versions.find(({ version }) => version === requested);
      if (!found) throw RegistryErrors.versionNotFound(requested);
      return found;
    };
    const [from, to] = [pick(fromVersion), pick(toVersion)];
    const [fromRecord, toRecord] = await Promise.all([
      this.reader.schemaById(from.schemaId),
      this.reader.schemaById(to.schemaId),
    ]);
    if (!fromRecord) throw RegistryErrors.versionNotFound(from.version);
    if (!toRecord) throw RegistryErrors.versionNotFound(to.version);
    const [before, after] = await Promise.all([this.preparer.parsedOf(fromRecord), this.preparer.parsedOf(toRecord)]);
    const side = (version: typeof from, type: SchemaType): DiffSide => ({
      version: version.version,
      schemaId: version.schemaId,
      schemaType: type,
      deleted: version.deleted,
    });
    return {
      subject,
      from: side(from, fromRecord.schemaType),
      to: side(to, toRecord.schemaType),
      changes: diffSchemas(before, after),
    };
  }
}
