import { DEFAULT_SEVERITY_TIER } from '@charter/contracts';
import { diffSchemas, parseSchema, type SchemaType } from '@charter/schema';
import type { ActionRegistry } from '../action-registry';
import { ActionFailedError } from '../builtin-actions';
import { callService, type ServiceEndpoint } from './service-client';

interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: SchemaType;
}

interface ContractSummary {
  id: string;
  subjects: string[];
  contract: { customProperties?: Array<{ property: string; value: unknown }> };
}

/** The contract's `severityTier` custom property (Charter's default tier when it says none). */
function tierOf(contract: ContractSummary): string {
  const property = contract.contract.customProperties?.find((candidate) => candidate.property === 'severityTier');
  return typeof property?.value === 'string' ? property.value : DEFAULT_SEVERITY_TIER;
}

const text = (params: Record<string, unknown>, key: string): string => {
  const value = params[key];
  if (typeof value !== 'string' || value.length === 0) throw new ActionFailedError(`${key} must be a non-empty string`);
  return value;
};
const version = (params: Record<string, unknown>, key = 'version'): number => {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ActionFailedError(`${key} must be a version number, got ${JSON.stringify(value)}`);
  }
  return value;
};
const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(subject)}`;
const modePath = (subject: string) => `/mode/${encodeURIComponent(subject)}`;

/**
 * Actions on the registry (over its HTTP API, as the runbook's key):
 * - `incident.open` `{ subject, version?, title, severity?, idempotencyKey? }` → the incident (`id`), opened with an
 *   `Idempotency-Key` (default `runbook-run:<run id>:<step id>`): a retried attempt answers with the same incident;
 * - `incident.timeline` `{ incident, entries }`, `incident.acknowledge` `{ incident, step? }`,
 *   `incident.close` `{ incident, status, summary?, severity? }`;
 * - `subject.contract` `{ subject }` → the contract binding the subject and its `tier` (both null when none);
 * - `subject.diff` `{ subject, version }` → the bad version's changes against the version before it (`changes`);
 * - `subject.lock` `{ subject }` → READONLY, remembering the mode it had (`previous`);
 *   `subject.unlock` `{ subject, previous? }` → that mode back (or the registry's default);
 * - `subject.rollback` `{ subject, version }` → soft-deletes the version so the one before is latest again (a locked
 *   subject is unlocked for the delete and locked again).
 */
export function registryActions(registry: ServiceEndpoint): ActionRegistry {
  const service = { ...registry, name: 'the registry' };
  const call = <T>(
    signal: AbortSignal,
    method: string,
    path: string,
    body?: unknown,
    accept?: number[],
    headers?: Record<string, string>,
  ) => callService<T>(service, { method, path, body, signal, accept, headers });

  const currentMode = async (signal: AbortSignal, subject: string): Promise<string | null> => {
    const answer = await call<{ mode?: string }>(signal, 'GET', modePath(subject), undefined, [404]);
    return answer.status === 404 ? null : (answer.body.mode ?? null);
  };
  const setMode = async (signal: AbortSignal, subject: string, mode: string | null) => {
    if (mode === null) await call(signal, 'DELETE', modePath(subject), undefined, [404]);
    else await call(signal, 'PUT', modePath(subject), { mode });
  };
  const readVersion = async (signal: AbortSignal, subject: string, which: number | 'latest') =>
    (await call<SubjectVersion>(signal, 'GET', `${subjectPath(subject)}/versions/${which}`)).body;

  return {
    'incident.open': async (params, { signal, run, step }) => {
      const body = {
        subject: text(params, 'subject'),
        title: text(params, 'title'),
        runbook: typeof params.runbook === 'string' ? params.runbook : 'schema-incident',
        ...(params.version === undefined ? {} : { version: version(params) }),
        ...(typeof params.severity === 'string' ? { severity: params.severity } : {}),
      };
      // One key per run and step: a retried attempt, or a request whose answer was lost, gets the same incident.
      const idempotencyKey =
        typeof params.idempotencyKey === 'string' ? params.idempotencyKey : `runbook-run:${run.run.id}:${step.id}`;
      return (
        await call<Record<string, unknown>>(signal, 'POST', '/incidents', body, undefined, {
          'idempotency-key': idempotencyKey,
        })
      ).body;
    },
    'incident.timeline': async (params, { signal }) =>
      (await call(signal, 'POST', `/incidents/${text(params, 'incident')}/timeline`, { entries: params.entries })).body,
    'incident.acknowledge': async (params, { signal }) =>
      (
        await call(signal, 'POST', `/incidents/${text(params, 'incident')}/ack`, {
          ...(typeof params.step === 'string' ? { step: params.step } : {}),
        })
      ).body,
    'incident.close': async (params, { signal }) => {
      const status = params.status === 'completed' ? 'resolved' : params.status === 'resolved' ? 'resolved' : 'aborted';
      return (
        await call(signal, 'POST', `/incidents/${text(params, 'incident')}/close`, {
          status,
          ...(typeof params.summary === 'string' ? { summary: params.summary } : {}),
          ...(typeof params.severity === 'string' ? { severity: params.severity } : {}),
        })
      ).body;
    },
    'subject.diff': async (params, { signal }) => {
      const subject = text(params, 'subject');
      const bad = version(params);
      const versions = (await call<number[]>(signal, 'GET', `${subjectPath(subject)}/versions`)).body;
      const previous = versions.filter((candidate) => candidate < bad).at(-1);
      if (previous === undefined) throw new ActionFailedError(`${subject} has no live version before ${bad}`);
      const [before, after] = [await readVersion(signal, subject, previous), await readVersion(signal, subject, bad)];
      const parse = (value: SubjectVersion) =>
        parseSchema({ schemaType: value.schemaType ?? 'AVRO', schema: value.schema }, undefined, {
          checkWithLibraries: false,
        });
      const changes = diffSchemas(parse(before), parse(after));
      return {
        subject,
        version: bad,
        previous,
        changes: changes.map((change) => ({ field: change.field, change: change.kind, message: change.message })),
        breaking: changes.filter((change) => change.breaking.backward || change.breaking.forward).length,
      };
    },
    'subject.contract': async (params, { signal }) => {
      const subject = text(params, 'subject');
      const contracts = (await call<ContractSummary[]>(signal, 'GET', '/contracts')).body;
      const governing = contracts.find((contract) => contract.subjects.includes(subject));
      return { subject, contract: governing?.id ?? null, tier: governing ? tierOf(governing) : null };
    },
    'subject.lock': async (params, { signal }) => {
      const subject = text(params, 'subject');
      const previous = await currentMode(signal, subject);
      await setMode(signal, subject, 'READONLY');
      return { subject, previous, mode: 'READONLY' };
    },
    'subject.unlock': async (params, { signal }) => {
      const subject = text(params, 'subject');
      const previous = typeof params.previous === 'string' ? params.previous : null;
      await setMode(signal, subject, previous === 'READONLY' ? null : previous);
      return { subject, mode: previous ?? 'default' };
    },
    'subject.rollback': async (params, { signal }) => {
      const subject = text(params, 'subject');
      const bad = version(params);
      const mode = await currentMode(signal, subject);
      const locked = mode === 'READONLY' || mode === 'READONLY_OVERRIDE';
      if (locked) await setMode(signal, subject, 'READWRITE');
      try {
        await call(signal, 'DELETE', `${subjectPath(subject)}/versions/${bad}`);
      } finally {
        if (locked) await setMode(signal, subject, mode);
      }
      const latest = await readVersion(signal, subject, 'latest');
      if (latest.version === bad) throw new ActionFailedError(`${subject} v${bad} is still the latest version`);
      return { subject, deleted: bad, latest: latest.version, relocked: locked };
    },
  };
}
