import { GOVERNANCE_PATHS } from './openapi-governance-paths';
import { requestBodyComponents, requestBodyOf } from './openapi-schemas';

/**
 * The registry's OpenAPI 3.1 description, served at /openapi.json (and rendered at /docs). Request bodies come from
 * the zod schemas the controllers parse them with; every operation carries one tag. Tests check that it names
 * exactly the routes the application serves (operations e2e) and that its bodies are those schemas.
 */
const JSON_TYPES = [
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/json',
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: object) => Object.fromEntries(JSON_TYPES.map((type) => [type, { schema }]));
const ok = (description: string, schema: object) => ({ description, content: content(schema) });
const error = (description: string) => ({ description, content: content(ref('Error')) });
const query = (name: string, description: string, schema: object = { type: 'boolean', default: false }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const pathParameter = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

const subject = pathParameter('subject', 'Subject name (URL-encoded)');
const version = pathParameter('version', 'A version number in [1, 2^31-1], `latest`, or -1 (latest)');
const id = pathParameter('id', 'Schema id', { type: 'integer', minimum: 1 });
const deleted = query('deleted', 'Include soft-deleted versions');
const normalize = query('normalize', 'Store and compare the canonical form');
const permanent = query('permanent', 'Hard delete (only after a soft delete)');
const defaultToGlobal = query('defaultToGlobal', 'Fall back to the global setting when the subject has none');
const body = (operation: string) => requestBodyOf(operation, JSON_TYPES);
const invalid = {
  '400': error('Malformed JSON body (error_code 400)'),
  '415': error('Unsupported Content-Type (error_code 415)'),
  '422': error('Invalid schema, version, subject or request (42201, 42202, 42208, 42209, 42210, 422)'),
};
const unavailable = { '503': error('The database cannot be reached; retry (error_code 50001)') };

/** Every route, by path and method (tagged below). */
const PATHS = {
  ...GOVERNANCE_PATHS,
  '/': { get: { summary: 'Root', responses: { '200': ok('An empty object', { type: 'object' }) } } },
  '/schemas/types': {
    get: {
      summary: 'Supported schema types',
      responses: { '200': ok('Types', { type: 'array', items: { type: 'string' } }) },
    },
  },
  '/schemas': {
    get: {
      summary: 'List schemas of every subject version',
      parameters: [
        query('subjectPrefix', 'Only subjects starting with this', { type: 'string' }),
        deleted,
        query('latestOnly', 'Only the latest version of each subject'),
        query('offset', 'Skip this many', { type: 'integer', default: 0 }),
        query('limit', 'At most this many (default and maximum 10000)', { type: 'integer' }),
      ],
      responses: { '200': ok('Schemas', { type: 'array', items: ref('Schema') }), ...unavailable },
    },
  },
  '/schemas/ids/{id}': {
    get: {
      summary: 'A schema by id (soft-deleted versions still resolve)',
      parameters: [
        id,
        query('subject', 'Accepted for compatibility; ignored', { type: 'string' }),
        query('fetchMaxId', 'Also return the largest id given so far'),
      ],
      responses: { '200': ok('The schema', ref('SchemaString')), '404': error('Schema not found (40403)') },
    },
  },
  '/schemas/ids/{id}/schema': {
    get: {
      summary: 'The raw schema text by id',
      parameters: [id],
      responses: { '200': ok('Schema text', {}), '404': error('Schema not found (40403)') },
    },
  },
  '/schemas/ids/{id}/subjects': {
    get: {
      summary: 'Subjects holding a schema id',
      parameters: [id, deleted, query('subject', 'Only this subject', { type: 'string' })],
      responses: { '200': ok('Subjects', { type: 'array', items: { type: 'string' } }), '404': error('40403') },
    },
  },
  '/schemas/ids/{id}/versions': {
    get: {
      summary: 'Subject versions holding a schema id',
      parameters: [id, deleted, query('subject', 'Only this subject', { type: 'string' })],
      responses: {
        '200': ok('Subject versions', { type: 'array', items: ref('SubjectVersion') }),
        '404': error('40403'),
      },
    },
  },
  '/subjects': {
    get: {
      summary: 'List subjects',
      parameters: [
        query('subjectPrefix', 'Only subjects starting with this', { type: 'string' }),
        deleted,
        query('deletedOnly', 'Only subjects whose every version is soft-deleted'),
      ],
      responses: { '200': ok('Subjects', { type: 'array', items: { type: 'string' } }) },
    },
  },
  '/subjects/{subject}': {
    post: {
      summary: 'Look up a schema under a subject',
      parameters: [subject, normalize, deleted],
      requestBody: body('POST /subjects/{subject}'),
      responses: {
        '200': ok('The version holding it', ref('Schema')),
        '404': error('Subject not found (40401) or schema not found (40403)'),
        ...invalid,
      },
    },
    delete: {
      summary: 'Delete a subject (soft, or permanent after soft)',
      parameters: [subject, permanent],
      responses: {
        '200': ok('Versions deleted', { type: 'array', items: { type: 'integer' } }),
        '404': error('40401, 40404 (already soft-deleted), 40405 (permanent before soft)'),
        '422': error('42205 (read-only), 42206 (referenced)'),
      },
    },
  },
  '/subjects/{subject}/versions': {
    get: {
      summary: 'Versions of a subject',
      parameters: [subject, deleted, query('deletedOnly', 'Only soft-deleted versions')],
      responses: { '200': ok('Versions', { type: 'array', items: { type: 'integer' } }), '404': error('40401') },
    },
    post: {
      summary: 'Register a schema under a subject (without `schema`: the latest one, with new metadata or rules)',
      parameters: [subject, normalize],
      requestBody: body('POST /subjects/{subject}/versions'),
      responses: {
        '200': ok('The registered (or already registered) version', ref('Schema')),
        '409': error('Incompatible with an earlier version (40901)'),
        ...invalid,
        ...unavailable,
      },
    },
  },
  '/subjects/{subject}/versions/{version}': {
    get: {
      summary: 'A version of a subject',
      parameters: [subject, version, deleted],
      responses: { '200': ok('The version', ref('Schema')), '404': error('40401, 40402'), '422': error('42202') },
    },
    delete: {
      summary: 'Delete a version (soft, or permanent after soft)',
      parameters: [subject, version, permanent],
      responses: {
        '200': ok('The version deleted', { type: 'integer' }),
        '404': error('40401, 40402, 40406 (already soft-deleted), 40407 (permanent before soft)'),
        '422': error('42202, 42205, 42206'),
      },
    },
  },
  '/subjects/{subject}/versions/{version}/schema': {
    get: {
      summary: 'The raw schema text of a version',
      parameters: [subject, version, deleted],
      responses: { '200': ok('Schema text', {}), '404': error('40401, 40402'), '422': error('42202') },
    },
  },
  '/subjects/{subject}/versions/{version}/referencedby': {
    get: {
      summary: 'Ids of schemas that reference this version',
      parameters: [subject, version],
      responses: {
        '200': ok('Schema ids', { type: 'array', items: { type: 'integer' } }),
        '404': error('40401, 40402'),
      },
    },
  },
  '/compatibility/subjects/{subject}/versions': {
    post: {
      summary: "Test against the versions the subject's level names (a missing subject is compatible)",
      parameters: [subject, query('verbose', 'Return the reasons'), normalize],
      requestBody: body('POST /compatibility/subjects/{subject}/versions'),
      responses: { '200': ok('Verdict', ref('CompatibilityResult')), ...invalid },
    },
  },
  '/compatibility/subjects/{subject}/versions/{version}': {
    post: {
      summary: 'Test against one version (`latest` with no versions is compatible)',
      parameters: [subject, version, query('verbose', 'Return the reasons'), normalize],
      requestBody: body('POST /compatibility/subjects/{subject}/versions/{version}'),
      responses: { '200': ok('Verdict', ref('CompatibilityResult')), '404': error('40402'), ...invalid },
    },
  },
  '/config': {
    get: { summary: 'Global config', responses: { '200': ok('Config', ref('Config')) } },
    put: {
      summary: 'Set the global config',
      requestBody: body('PUT /config'),
      responses: { '200': ok('The config set', ref('ConfigSet')), '422': error('42203') },
    },
    delete: { summary: 'Reset the global config', responses: { '200': ok('The previous config', ref('Config')) } },
  },
  '/config/{subject}': {
    get: {
      summary: "A subject's config",
      parameters: [subject, defaultToGlobal],
      responses: { '200': ok('Config', ref('Config')), '404': error('40408 (not set)') },
    },
    put: {
      summary: "Set a subject's config",
      parameters: [subject],
      requestBody: body('PUT /config/{subject}'),
      responses: { '200': ok('The config set', ref('ConfigSet')), '422': error('42203, 42208') },
    },
    delete: {
      summary: "Remove a subject's config",
      parameters: [subject],
      responses: { '200': ok('The previous config', ref('Config')), '404': error('40401 (not set)') },
    },
  },
  '/mode': {
    get: { summary: 'Global mode', responses: { '200': ok('Mode', ref('Mode')) } },
    put: {
      summary: 'Set the global mode',
      parameters: [query('force', 'Allow IMPORT while subjects exist')],
      requestBody: body('PUT /mode'),
      responses: { '200': ok('Mode', ref('Mode')), '422': error('42204, 42205') },
    },
    delete: {
      summary: 'Reset the global mode to READWRITE',
      responses: { '200': ok('The previous mode', ref('Mode')) },
    },
  },
  '/mode/{subject}': {
    get: {
      summary: "A subject's mode",
      parameters: [subject, defaultToGlobal],
      responses: { '200': ok('Mode', ref('Mode')), '404': error('40409 (not set)') },
    },
    put: {
      summary: "Set a subject's mode",
      parameters: [subject, query('force', 'Allow IMPORT while the subject has versions')],
      requestBody: body('PUT /mode/{subject}'),
      responses: { '200': ok('Mode', ref('Mode')), '422': error('42204, 42205, 42208') },
    },
    delete: {
      summary: "Remove a subject's mode",
      parameters: [subject],
      responses: { '200': ok('The previous mode', ref('Mode')), '404': error('40401 (not set)') },
    },
  },
  '/health': {
    get: { security: [], summary: 'Liveness', responses: { '200': { description: 'The process is up' } } },
  },
  '/ready': {
    get: {
      security: [],
      summary: 'Readiness: the database answers (a down Redis only degrades)',
      responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } },
    },
  },
  '/metrics': {
    get: { security: [], summary: 'Prometheus metrics', responses: { '200': { description: 'Text exposition' } } },
  },
  '/openapi.json': {
    get: { security: [], summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
  },
  '/docs': {
    get: { security: [], summary: 'This document, rendered', responses: { '200': { description: 'HTML' } } },
  },
  '/docs/assets/{file}': {
    get: {
      security: [],
      summary: 'Assets of the docs page',
      parameters: [pathParameter('file', 'Asset name')],
      responses: { '200': { description: 'CSS or JavaScript' }, '404': error('404') },
    },
  },
} as const;

export const OPENAPI_TAGS = [
  {
    name: 'Confluent API',
    description: "Confluent Schema Registry's REST API: subjects, schemas, config, mode and compatibility",
  },
  {
    name: 'governance',
    description:
      "Charter's own: contracts, check runs and drift events, incidents, ownership, approvals, audit, API keys and whoami",
  },
  { name: 'operations', description: 'Health, readiness, metrics and this description' },
] as const;

type Tag = (typeof OPENAPI_TAGS)[number]['name'];

/** Each path's tag, by its first segment. */
const TAG_OF_SEGMENT: Record<string, Tag> = {
  '': 'Confluent API',
  subjects: 'Confluent API',
  schemas: 'Confluent API',
  config: 'Confluent API',
  mode: 'Confluent API',
  compatibility: 'Confluent API',
  contracts: 'governance',
  checks: 'governance',
  'drift-events': 'governance',
  incidents: 'governance',
  ownership: 'governance',
  approvals: 'governance',
  audit: 'governance',
  keys: 'governance',
  whoami: 'governance',
  catalog: 'governance',
  health: 'operations',
  ready: 'operations',
  metrics: 'operations',
  'openapi.json': 'operations',
  docs: 'operations',
};

/** Any write may name the promotion it belongs to (its audit rows carry the id); signed callbacks have no key. */
const PROMOTION_HEADER = {
  name: 'X-Charter-Promotion',
  in: 'header',
  required: false,
  description:
    'The promotion (a UUID) this write belongs to: its audit rows carry it (GET /audit?promotion=). Malformed: 400, 40050',
  schema: { type: 'string', format: 'uuid' },
};
const WRITE_METHODS = new Set(['post', 'put', 'delete']);

function withPromotionHeader(path: string, method: string, operation: object): object {
  if (!WRITE_METHODS.has(method) || path.endsWith('/callback')) return operation;
  const { parameters = [] } = operation as { parameters?: object[] };
  return { ...operation, parameters: [...parameters, PROMOTION_HEADER] };
}

/**
 * The paths with each operation tagged by its path's first segment (a path no tag covers is a mistake here), and
 * the promotion header on every write.
 */
function withTags<Paths extends Record<string, Record<string, object>>>(paths: Paths) {
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => {
      const tag = TAG_OF_SEGMENT[path.split('/')[1] ?? ''];
      if (!tag) throw new Error(`the OpenAPI document has no tag for ${path}`);
      const tagged = Object.entries(operations).map(([method, operation]) => [
        method,
        { tags: [tag], ...withPromotionHeader(path, method, operation) },
      ]);
      return [path, Object.fromEntries(tagged)];
    }),
  ) as { [Path in keyof Paths]: { [Method in keyof Paths[Path]]: Paths[Path][Method] & { tags: [Tag] } } };
}

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Charter schema registry',
    version: '1',
    description:
      "Confluent Schema Registry's REST API (paths, bodies, content types and error codes), backed by PostgreSQL, and Charter's governance paths. Every route except /health, /ready, /metrics, /openapi.json, /docs and signed callbacks needs an API key (HTTP Basic keyId:secret, or Bearer keyId.secret).",
  },
  security: [{ basic: [] }, { bearer: [] }],
  tags: OPENAPI_TAGS,
  paths: withTags(PATHS),
  components: {
    securitySchemes: {
      basic: { type: 'http', scheme: 'basic', description: 'user = key id, password = secret' },
      bearer: { type: 'http', scheme: 'bearer', description: '<keyId>.<secret>' },
    },
    schemas: {
      ...requestBodyComponents(),
      Error: {
        type: 'object',
        required: ['error_code', 'message'],
        properties: { error_code: { type: 'integer' }, message: { type: 'string' } },
      },
      Reference: {
        type: 'object',
        required: ['name', 'subject', 'version'],
        properties: { name: { type: 'string' }, subject: { type: 'string' }, version: { type: 'integer' } },
      },
      SchemaString: {
        type: 'object',
        required: ['schema'],
        properties: {
          schema: { type: 'string' },
          schemaType: { type: 'string', description: 'Absent for AVRO' },
          references: { type: 'array', items: ref('Reference') },
          metadata: { type: 'object' },
          ruleSet: { type: 'object' },
          maxId: { type: 'integer' },
        },
      },
      Schema: {
        type: 'object',
        required: ['subject', 'version', 'id', 'schema'],
        properties: {
          subject: { type: 'string' },
          version: { type: 'integer' },
          id: { type: 'integer' },
          schemaType: { type: 'string', description: 'Absent for AVRO' },
          references: { type: 'array', items: ref('Reference') },
          metadata: { type: 'object' },
          ruleSet: { type: 'object' },
          schema: { type: 'string' },
        },
      },
      SubjectVersion: {
        type: 'object',
        properties: { subject: { type: 'string' }, version: { type: 'integer' } },
      },
      CompatibilityResult: {
        type: 'object',
        required: ['is_compatible'],
        properties: { is_compatible: { type: 'boolean' }, messages: { type: 'array', items: { type: 'string' } } },
      },
      Config: {
        type: 'object',
        properties: { compatibilityLevel: ref('CompatibilityLevel'), normalize: { type: 'boolean' } },
      },
      ConfigSet: {
        type: 'object',
        description: 'What is set, as stored (the level as `compatibility`)',
        properties: {
          compatibility: ref('CompatibilityLevel'),
          normalize: { type: 'boolean' },
          compatibilityGroup: { type: 'string' },
        },
      },
      CompatibilityLevel: {
        type: 'string',
        enum: ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'],
      },
      Mode: {
        type: 'object',
        required: ['mode'],
        properties: { mode: { type: 'string', enum: ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] } },
      },
    },
  },
};
