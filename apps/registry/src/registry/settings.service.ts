import { type CompatibilityLevel, isCompatibilityLevel } from '@charter/schema';
import type { Actor } from '../auth/principal';
import { CacheScope } from '../cache/cache-scope';
import { GovernanceErrors } from '../errors/governance.errors';
import { RegistryErrors } from '../errors/registry.errors';
import { auditEntry } from '../governance/audit.service';
import type { ContractsService } from '../governance/contracts.service';
import type { RegistryRepository } from '../storage/registry.repository';
import type { RegistryReader } from './registry-reader';
import { type EffectiveSettings, isMode, type Mode, resolveSettings } from './registry-settings';
import type { SubjectName } from './subject-name';

export type ConfigBody = Record<string, unknown>;

/**
 * What a PUT /config sets: the level, and Confluent 7.x/8.x data-contract settings kept as given and returned
 * (`http/settings.dto.ts` reads it from the body; rule sets are already checked).
 */
export interface ConfigUpdate {
  compatibility?: CompatibilityLevel;
  normalize?: boolean;
  validateFields?: boolean;
  validateRules?: boolean;
  alias?: string;
  compatibilityGroup?: string;
  compatibilityPolicy?: string;
  defaultMetadata?: Record<string, unknown>;
  overrideMetadata?: Record<string, unknown>;
  defaultRuleSet?: Record<string, unknown>;
  overrideRuleSet?: Record<string, unknown>;
}

/** `/config` and `/mode`: the compatibility level and mode of the registry and of each subject. */
export class SettingsService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly reader: RegistryReader,
    private readonly defaultCompatibility: CompatibilityLevel,
    private readonly contracts: Pick<ContractsService, 'contractFor'>,
  ) {}

  async effective(subject: string): Promise<EffectiveSettings> {
    const [own, global] = await Promise.all([this.reader.setting(subject), this.reader.setting(undefined)]);
    return resolveSettings(own, global, this.defaultCompatibility);
  }

  /**
   * GET /config and /config/{s}: the level as `compatibilityLevel`, with any other field that is set. A subject
   * bound to a contract reports the contract's level, which is the one its registrations are checked at.
   */
  async getConfig(subject: string | undefined, defaultToGlobal: boolean): Promise<ConfigBody> {
    const global = await this.reader.setting(undefined);
    if (subject === undefined) return this.presentConfig(global.config, this.defaultCompatibility);
    const governed = await this.contracts.contractFor(subject);
    if (governed) {
      const own = await this.reader.setting(subject);
      return {
        ...this.presentConfig(own.config, governed.contract.compatibility),
        compatibilityLevel: governed.contract.compatibility,
      };
    }
    const own = await this.reader.setting(subject);
    const globalLevel = readLevel(global.config) ?? this.defaultCompatibility;
    if (own.config !== null) return this.presentConfig(own.config, globalLevel);
    if (!defaultToGlobal) throw RegistryErrors.compatibilityNotConfigured(subject);
    return this.presentConfig(global.config, this.defaultCompatibility);
  }

  /** PUT /config and /config/{s}: merges the given fields into what is set; answers with `compatibility`. */
  async updateConfig(actor: Actor, subject: SubjectName | undefined, change: ConfigUpdate): Promise<ConfigBody> {
    const governed = subject === undefined ? undefined : await this.contracts.contractFor(subject);
    if (governed && change.compatibility !== undefined && change.compatibility !== governed.contract.compatibility) {
      throw GovernanceErrors.contractViolation(
        `Subject '${subject}' is governed by contract ${governed.contract.id} ${governed.version}, which sets its compatibility to ${governed.contract.compatibility}; publish a contract version to change it`,
        { contract: governed.contract.id },
      );
    }
    const current = await this.repository.findSetting(subject);
    const merged = { ...(current?.config ?? {}), ...change };
    await this.repository.saveSetting(
      subject,
      { config: merged },
      this.entry(actor, 'config.update', 'config', subject, current?.config ?? null, merged),
    );
    await this.reader.invalidate([scopeOf(subject)]);
    return merged;
  }

  /** DELETE /config and /config/{s}: removes what is set there and answers with what was. */
  async deleteConfig(actor: Actor, subject: string | undefined): Promise<ConfigBody> {
    const current = await this.repository.findSetting(subject);
    if (subject !== undefined && (current?.config ?? null) === null) throw RegistryErrors.subjectNotFound(subject);
    const global = subject === undefined ? undefined : await this.reader.setting(undefined);
    const previous = this.presentConfig(
      current?.config ?? null,
      readLevel(global?.config ?? null) ?? this.defaultCompatibility,
    );
    await this.repository.saveSetting(
      subject,
      { config: null },
      this.entry(actor, 'config.delete', 'config', subject, current?.config ?? null, null),
    );
    await this.reader.invalidate([scopeOf(subject)]);
    return previous;
  }

  async getMode(subject: string | undefined, defaultToGlobal: boolean): Promise<{ mode: Mode }> {
    const global = await this.reader.setting(undefined);
    const globalMode: Mode = isMode(global.mode) ? global.mode : 'READWRITE';
    if (subject === undefined) return { mode: globalMode };
    const own = await this.reader.setting(subject);
    if (isMode(own.mode)) return { mode: own.mode };
    if (!defaultToGlobal) throw RegistryErrors.modeNotConfigured(subject);
    return { mode: globalMode };
  }

  /**
   * PUT /mode and /mode/{s}. Switching to IMPORT needs an empty scope (no live subjects) unless `force`; soft-deleted
   * versions in the scope are purged then, as Confluent does, so imported versions cannot collide with them.
   */
  async updateMode(
    actor: Actor,
    subject: SubjectName | undefined,
    mode: Mode,
    force: boolean,
  ): Promise<{ mode: Mode }> {
    const before = (await this.repository.findSetting(subject))?.mode ?? null;
    const audit = this.entry(actor, 'mode.update', 'mode', subject, before, mode);
    if (mode === 'IMPORT') {
      const current = await this.getMode(subject, true);
      if (current.mode !== 'IMPORT') {
        if (!force && (await this.repository.hasLiveVersions(subject))) {
          throw RegistryErrors.operationNotPermitted('Cannot import since found existing subjects');
        }
        const purged = await this.repository.switchToImport(subject, audit);
        await this.reader.invalidate([scopeOf(subject), ...purged.map((name) => CacheScope.subject(name))]);
        return { mode };
      }
    }
    await this.repository.saveSetting(subject, { mode }, audit);
    await this.reader.invalidate([scopeOf(subject)]);
    return { mode };
  }

  async deleteMode(actor: Actor, subject: string | undefined): Promise<{ mode: Mode }> {
    const current = await this.repository.findSetting(subject);
    if (subject !== undefined && !isMode(current?.mode)) throw RegistryErrors.subjectNotFound(subject);
    const previous: Mode = isMode(current?.mode) ? current.mode : 'READWRITE';
    await this.repository.saveSetting(
      subject,
      { mode: null },
      this.entry(actor, 'mode.delete', 'mode', subject, current?.mode ?? null, null),
    );
    await this.reader.invalidate([scopeOf(subject)]);
    return { mode: previous };
  }

  private entry(
    actor: Actor,
    action: string,
    targetType: 'config' | 'mode',
    subject: string | undefined,
    before: unknown,
    after: unknown,
  ) {
    return auditEntry(actor, { action, targetType, target: subject ?? '__GLOBAL', before, after });
  }

  private presentConfig(config: Record<string, unknown> | null, fallbackLevel: CompatibilityLevel): ConfigBody {
    const { compatibility, ...rest } = config ?? {};
    return { compatibilityLevel: isCompatibilityLevel(compatibility) ? compatibility : fallbackLevel, ...rest };
  }
}

function scopeOf(subject: string | undefined): string {
  return subject === undefined ? CacheScope.global : CacheScope.settings(subject);
}

function readLevel(config: Record<string, unknown> | null): CompatibilityLevel | undefined {
  const level = config?.compatibility;
  return isCompatibilityLevel(level) ? level : undefined;
}
