import { z } from 'zod';
import { customPropertiesSchema, stableIdSchema, uriSchema } from './odcs-common';
import { roleSchema } from './odcs-role';

/** The connection fields a server may carry, with their types. Which ones a type allows is in SERVER_TYPES. */
const SERVER_FIELD_SCHEMAS = {
  account: z.string(),
  catalog: z.string(),
  database: z.string(),
  dataset: z.string(),
  delimiter: z.string(),
  endpointUrl: uriSchema,
  format: z.string(),
  host: z.string(),
  location: uriSchema,
  path: z.string(),
  port: z.number().int(),
  project: z.string(),
  region: z.string(),
  regionName: z.string(),
  schema: z.string(),
  serviceName: z.string(),
  stagingDir: z.string(),
  stream: z.string(),
  warehouse: z.string(),
} as const;

type ServerField = keyof typeof SERVER_FIELD_SCHEMAS;

/** Per server type: fields it requires, then the other fields it allows. */
const SERVER_TYPES: Record<string, [required: ServerField[], optional: ServerField[]]> = {
  api: [['location'], []],
  athena: [
    ['stagingDir', 'schema'],
    ['catalog', 'regionName'],
  ],
  azure: [['location', 'format'], ['delimiter']],
  bigquery: [['project', 'dataset'], []],
  clickhouse: [['host', 'port', 'database'], []],
  databricks: [['catalog', 'schema'], ['host']],
  denodo: [['host', 'port'], ['database']],
  dremio: [['host', 'port'], ['schema']],
  duckdb: [['database'], ['schema']],
  glue: [
    ['account', 'database'],
    ['location', 'format'],
  ],
  cloudsql: [['host', 'port', 'database', 'schema'], []],
  db2: [['host', 'port', 'database'], ['schema']],
  hive: [['host', 'database'], ['port']],
  impala: [['host', 'database'], ['port']],
  informix: [['host', 'database'], ['port']],
  kafka: [['host'], ['format']],
  kinesis: [[], ['region', 'format']],
  local: [['path', 'format'], []],
  mysql: [['host', 'port', 'database'], []],
  oracle: [['host', 'port', 'serviceName'], []],
  postgresql: [['host', 'port', 'database', 'schema'], []],
  postgres: [['host', 'port', 'database', 'schema'], []],
  presto: [['host'], ['catalog', 'schema']],
  pubsub: [['project'], []],
  redshift: [
    ['database', 'schema'],
    ['host', 'region', 'account'],
  ],
  s3: [['location'], ['endpointUrl', 'format', 'delimiter']],
  sftp: [['location'], ['format', 'delimiter']],
  snowflake: [
    ['account', 'database', 'schema'],
    ['host', 'port', 'warehouse'],
  ],
  sqlserver: [['host', 'database', 'schema'], ['port']],
  synapse: [['host', 'port', 'database'], []],
  trino: [['host', 'port', 'catalog', 'schema'], []],
  vertica: [['host', 'port', 'database', 'schema'], []],
  zen: [['host', 'database'], ['port']],
  custom: [[], Object.keys(SERVER_FIELD_SCHEMAS) as ServerField[]],
};

export const SERVER_TYPE_NAMES = Object.keys(SERVER_TYPES) as [string, ...string[]];

const baseFields = {
  id: stableIdSchema.optional(),
  server: z.string(),
  type: z.enum(SERVER_TYPE_NAMES),
  description: z.string().optional(),
  environment: z.string().optional(),
  roles: z.array(roleSchema).optional(),
  customProperties: customPropertiesSchema.optional(),
};

const connectionFields = Object.fromEntries(
  Object.entries(SERVER_FIELD_SCHEMAS).map(([name, schema]) => [name, schema.optional()]),
) as { [K in ServerField]: z.ZodOptional<(typeof SERVER_FIELD_SCHEMAS)[K]> };

/**
 * ODCS `Server`: where the dataset lives. The connection fields depend on `type`: each type requires some and allows
 * a few more; anything else is refused, as the standard's closed server objects do.
 */
export const serverSchema = z.looseObject({ ...baseFields, ...connectionFields }).superRefine((server, ctx) => {
  const fields = SERVER_TYPES[server.type];
  if (!fields) return;
  const [required, optional] = fields;
  for (const name of required) {
    if (server[name] === undefined) {
      ctx.addIssue({ code: 'custom', path: [name], message: `a ${server.type} server requires "${name}"` });
    }
  }
  const allowed = new Set<string>([...Object.keys(baseFields), ...required, ...optional]);
  for (const key of Object.keys(server)) {
    if (!allowed.has(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a field of a ${server.type} server` });
    }
  }
  if (server.type === 'sftp' && server.location !== undefined && !server.location.startsWith('sftp://')) {
    ctx.addIssue({ code: 'custom', path: ['location'], message: 'an sftp server location must start with sftp://' });
  }
});
