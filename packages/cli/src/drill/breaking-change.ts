import { randomUUID } from 'node:crypto';
import type { ServiceEndpoint } from '@charter/runbook/node';

export interface BreakingChangeFault {
  subject: string;
  field: string;
  changedBy: string;
  dataset: { namespace: string; name: string };
}

export interface ShippedChange {
  version: number;
  previousVersion: number;
  runId: string;
}

interface AvroRecord {
  type: string;
  fields: Array<{ name: string; type: unknown }>;
  [key: string]: unknown;
}

const headersOf = (endpoint: ServiceEndpoint, json = false): Record<string, string> => ({
  ...(endpoint.authorization ? { authorization: endpoint.authorization } : {}),
  ...(json ? { 'content-type': 'application/json' } : {}),
});

async function call<T>(endpoint: ServiceEndpoint, method: string, path: string, body?: unknown) {
  const response = await fetch(`${endpoint.url}${path}`, {
    method,
    headers: headersOf(endpoint, body !== undefined),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(subject)}`;

function schemaFacetType(type: unknown): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return schemaFacetType(type.find((member) => member !== 'null') ?? 'null');
  if (type && typeof type === 'object') {
    const named = type as { logicalType?: string; type?: unknown };
    return named.logicalType ?? schemaFacetType(named.type);
  }
  return 'unknown';
}

/**
 * Ships a breaking change the way it happens: a producer's version dropping `field` imported around the subject's
 * compatibility and lineage gate (IMPORT mode for the one registration, then the mode it had), and a batch job writing the governed
 * dataset without the column, reported to lineage as an OpenLineage run with its output's schema facet.
 */
export async function shipBreakingChange(options: {
  fault: BreakingChangeFault;
  registry: ServiceEndpoint;
  lineage: ServiceEndpoint;
}): Promise<ShippedChange> {
  const { fault, registry, lineage } = options;
  const latest = await call<{ version: number; schema: string }>(
    registry,
    'GET',
    `${subjectPath(fault.subject)}/versions/latest`,
  );
  if (latest.status !== 200) throw new Error(`subject ${fault.subject} is not in the registry (${latest.status})`);
  const schema = JSON.parse(latest.body.schema) as AvroRecord;
  if (!schema.fields.some((candidate) => candidate.name === fault.field))
    throw new Error(`subject ${fault.subject}'s latest version has no field ${fault.field}`);
  // The doc names the drill run, so every drill ships a new schema (with a new id), not one an earlier drill left.
  const broken: AvroRecord = {
    ...schema,
    doc: `${typeof schema.doc === 'string' ? `${schema.doc} ` : ''}(drill ${new Date().toISOString()})`,
    fields: schema.fields.filter((candidate) => candidate.name !== fault.field),
  };

  // IMPORT mode (forced) skips compatibility and lineage's judgement, as a migration that imports versions does:
  // the gate the drill's change goes around. The subject's mode is given back at once.
  const modePath = `/mode/${encodeURIComponent(fault.subject)}`;
  const mode = await call<{ mode?: string }>(registry, 'GET', modePath);
  const previousMode = mode.status === 200 ? mode.body.mode : undefined;
  const id = await unusedSchemaId(registry);
  const switched = await call(registry, 'PUT', `${modePath}?force=true`, { mode: 'IMPORT' });
  if (switched.status !== 200)
    throw new Error(`the registry refused IMPORT mode on ${fault.subject} (${switched.status})`);
  try {
    const registered = await call<{ id?: number; message?: string }>(
      registry,
      'POST',
      `${subjectPath(fault.subject)}/versions`,
      { schema: JSON.stringify(broken), id, version: latest.body.version + 1 },
    );
    if (registered.status !== 200) {
      throw new Error(`the registry refused the breaking version (${registered.status}: ${registered.body.message})`);
    }
  } finally {
    if (previousMode) await call(registry, 'PUT', modePath, { mode: previousMode });
    else await call(registry, 'DELETE', modePath);
  }
  const shipped = await call<{ version: number }>(registry, 'GET', `${subjectPath(fault.subject)}/versions/latest`);

  const runId = randomUUID();
  const event = {
    eventType: 'COMPLETE',
    eventTime: new Date().toISOString(),
    producer: 'https://github.com/charter/charter/drill',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
    run: { runId },
    job: { namespace: 'drill', name: `${fault.changedBy}.${fault.subject}-batch` },
    inputs: [],
    outputs: [
      {
        namespace: fault.dataset.namespace,
        name: fault.dataset.name,
        facets: {
          schema: {
            _producer: 'https://github.com/charter/charter/drill',
            _schemaURL: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
            fields: broken.fields.map((candidate) => ({ name: candidate.name, type: schemaFacetType(candidate.type) })),
          },
        },
      },
    ],
  };
  const posted = await call(lineage, 'POST', '/api/v1/lineage', event);
  if (posted.status >= 300) throw new Error(`lineage refused the batch job's run (${posted.status})`);
  return { version: shipped.body.version, previousVersion: latest.body.version, runId };
}

/** The breaches lineage recorded for the batch job's run (empty until its contract-breach check has written them). */
export async function findBreaches(lineage: ServiceEndpoint, runId: string, since: string): Promise<unknown[]> {
  const answer = await call<{ breaches: Array<{ runId: string | null }> }>(
    lineage,
    'GET',
    `/api/v1/breaches?since=${encodeURIComponent(since)}&limit=500`,
  );
  return answer.status === 200 ? answer.body.breaches.filter((breach) => breach.runId === runId) : [];
}

/** A schema id nobody holds, for the imported version. */
async function unusedSchemaId(registry: ServiceEndpoint): Promise<number> {
  for (;;) {
    const id = 100_000 + Math.floor(Math.random() * 900_000);
    if ((await call(registry, 'GET', `/schemas/ids/${id}`)).status === 404) return id;
  }
}

/** The subject's latest version number. */
export async function latestVersion(registry: ServiceEndpoint, subject: string): Promise<number | undefined> {
  const answer = await call<{ version: number }>(registry, 'GET', `${subjectPath(subject)}/versions/latest`);
  return answer.status === 200 ? answer.body.version : undefined;
}
