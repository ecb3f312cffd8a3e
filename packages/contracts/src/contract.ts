import type { CompatibilityLevel } from '@charter/schema';
import type { DriftSettings } from './drift-settings';

export const SEVERITY_TIERS = ['tier-1', 'tier-2', 'tier-3'] as const;
/** How loudly a broken contract is announced: tier-1 pages on-call, tier-2 opens a ticket, tier-3 notifies. */
export type SeverityTier = (typeof SEVERITY_TIERS)[number];

export const CONSUMER_KINDS = ['contract', 'dashboard', 'team', 'service'] as const;
export type ConsumerKind = (typeof CONSUMER_KINDS)[number];

/** Someone who depends on the contract's data, and the fields they read. */
export interface ContractConsumer {
  id: string;
  kind: ConsumerKind;
  team: string;
  fields: string[];
  executive: boolean;
  description?: string;
}

/** A registry subject a contract's schema object binds, with the fields the contract declares for it. */
export interface ContractSubject {
  subject: string;
  /** `name` of the `schema[]` object that binds it. */
  objectName: string;
  /** Declared field paths: `properties[].name`, nested ones dotted (`shipping_address.city`). */
  fields: string[];
}

/** An OpenLineage dataset a contract governs (`customProperties.lineage`). */
export interface LineageDataset {
  namespace: string;
  name: string;
  /** The `schema[]` object describing it, when the contract has several (see findDatasetObject). */
  schema?: string;
}

/** A validated data contract: the ODCS document plus what Charter reads from it. */
export interface Contract {
  id: string;
  /** Semantic version (validated). */
  version: string;
  status: string;
  name?: string;
  domain?: string;
  /** The owning team: `team.name`. */
  team: string;
  /** Usernames of team members with `role: owner`. */
  owners: string[];
  severityTier: SeverityTier;
  compatibility: CompatibilityLevel;
  lineage: LineageDataset[];
  consumers: ContractConsumer[];
  /** Drift-detection thresholds from `customProperties.drift`, when set (the profiler's defaults otherwise). */
  drift?: DriftSettings;
  subjects: ContractSubject[];
  /** The ODCS document as parsed (JSON-safe). */
  document: Record<string, unknown>;
}
