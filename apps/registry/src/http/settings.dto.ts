import { COMPATIBILITY_LEVELS } from '@charter/schema';
import { addIssue, objectOrEmpty, parseRequest, type RequestIssue } from '@charter/service-host';
import { z } from 'zod';
import { RegistryErrors } from '../errors/registry.errors';
import { MODES, type Mode } from '../registry/registry-settings';
import { findRuleSetProblem } from '../registry/rule-set';
import type { ConfigUpdate } from '../registry/settings.service';

const LEVEL_DESCRIPTION = `${COMPATIBILITY_LEVELS.join(', ')} (in any case)`;
const level = z.string().toUpperCase().pipe(z.enum(COMPATIBILITY_LEVELS)).meta({ description: LEVEL_DESCRIPTION });
const flag = (field: string) => z.boolean({ error: `Config field ${field} must be a boolean` }).nullish();
const text = (field: string) => z.string({ error: `Config field ${field} must be a string` }).nullish();
const object = (field: string) =>
  z.record(z.string(), z.unknown(), { error: `Config field ${field} must be an object` });
const ruleSet = (field: string) =>
  object(field).check((payload) => {
    const problem = findRuleSetProblem(payload.value);
    if (problem !== undefined) addIssue(payload, [], problem);
  });

/**
 * The fields of PUT /config and /config/{s}, in the order Confluent checks them: the level (`compatibilityLevel`
 * is read when `compatibility` is absent), then the flags, the texts and the metadata and rule-set defaults.
 * Unknown fields are ignored; a body that sets nothing is refused as an invalid level (42203), as Confluent does.
 */
const configFields = z.object(
  {
    compatibility: level.nullish(),
    compatibilityLevel: level
      .nullish()
      .meta({ description: `Read when compatibility is absent: ${LEVEL_DESCRIPTION}` }),
    normalize: flag('normalize'),
    validateFields: flag('validateFields'),
    validateRules: flag('validateRules'),
    alias: text('alias'),
    compatibilityGroup: text('compatibilityGroup'),
    compatibilityPolicy: text('compatibilityPolicy'),
    defaultMetadata: object('defaultMetadata').nullish(),
    overrideMetadata: object('overrideMetadata').nullish(),
    defaultRuleSet: ruleSet('defaultRuleSet').nullish(),
    overrideRuleSet: ruleSet('overrideRuleSet').nullish(),
  },
  {
    error: (issue) =>
      issue.input === undefined || issue.input === null
        ? 'The request body must not be empty'
        : 'The request body must be a JSON object',
  },
);

/** The fields a config update sets, in the order they are stored and answered (nulls are not set). */
const CONFIG_UPDATE_FIELDS = [
  'compatibility',
  'normalize',
  'validateFields',
  'validateRules',
  'alias',
  'compatibilityGroup',
  'compatibilityPolicy',
  'defaultMetadata',
  'overrideMetadata',
  'defaultRuleSet',
  'overrideRuleSet',
] as const;

export const configUpdateBody = z.preprocess(
  (body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
    const { compatibilityLevel, ...fields } = body as Record<string, unknown>;
    return { ...fields, compatibility: fields.compatibility ?? compatibilityLevel };
  },
  configFields
    .transform((fields): ConfigUpdate => {
      const change: ConfigUpdate = {};
      for (const field of CONFIG_UPDATE_FIELDS) {
        const value = fields[field];
        if (value !== undefined && value !== null) (change as Record<string, unknown>)[field] = value;
      }
      return change;
    })
    .check((payload) => {
      if (payload.issues.length === 0 && Object.keys(payload.value).length === 0) addIssue(payload, [], 'nothing set');
    }),
);

function configUpdateError(issue: RequestIssue): Error {
  const [field] = issue.path;
  if (field === 'compatibility' || (field === undefined && issue.code === 'custom')) {
    return RegistryErrors.invalidCompatibilityLevel();
  }
  if (issue.code === 'custom') return RegistryErrors.invalidRuleSet(issue.message);
  return RegistryErrors.invalidRequest(issue.message);
}

/** Reads a PUT /config body: a level (any case) and the other known fields, each type-checked. */
export function readConfigUpdate(body: unknown): ConfigUpdate {
  return parseRequest(configUpdateBody, body, configUpdateError);
}

/** PUT /mode and /mode/{s}: `{ mode }` in any case; anything else is Confluent's invalid mode (42204). */
export const modeUpdateBody = z.preprocess(
  objectOrEmpty,
  z.looseObject({
    mode: z
      .string()
      .toUpperCase()
      .pipe(z.enum(MODES))
      .meta({ description: `${MODES.join(', ')} (in any case)` }),
  }),
);

export function readModeUpdate(body: unknown): Mode {
  return parseRequest(modeUpdateBody, body, () => RegistryErrors.invalidMode()).mode;
}
