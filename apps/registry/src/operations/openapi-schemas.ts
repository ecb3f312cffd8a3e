import { z } from 'zod';
import {
  anyApprovalRequestBody,
  approvalCallbackBody,
  approvalDecisionBody,
  approvalListQuery,
  approvalLookupBody,
} from '../http/approvals.dto';
import { auditQuery } from '../http/audit.dto';
import { checkRunBody } from '../http/check-run.dto';
import { driftEventBody } from '../http/drift-event.dto';
import { historyQuery } from '../http/history-query.dto';
import {
  acknowledgeBody,
  appendTimelineBody,
  closeIncidentBody,
  incidentQuery,
  openIncidentBody,
} from '../http/incident.dto';
import { newKeyBody } from '../http/keys.dto';
import { schemaRequestBody } from '../http/schema-request.dto';
import { configUpdateBody, modeUpdateBody } from '../http/settings.dto';
import { diffQuery } from '../http/subject-catalog.dto';

/**
 * A zod schema as the OpenAPI 3.1 document writes it: JSON Schema 2020-12 (3.1's own dialect; zod's `openapi-3.0`
 * target would write 3.0's `nullable` instead), describing what a client sends (`io: 'input'`).
 */
export function toOpenApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return json;
}

interface RequestBodySource {
  /** The name of its schema under `components.schemas`. */
  component: string;
  /** The schema the route's controller parses the body with (`http/*.dto.ts`). */
  schema: z.ZodType;
  required: boolean;
}

/** Every request body the registry parses with a zod schema, by operation (`METHOD /path`). */
export const REQUEST_BODIES: Record<string, RequestBodySource> = {
  'POST /subjects/{subject}': { component: 'SchemaRequest', schema: schemaRequestBody, required: true },
  'POST /subjects/{subject}/versions': { component: 'SchemaRequest', schema: schemaRequestBody, required: true },
  'POST /compatibility/subjects/{subject}/versions': {
    component: 'SchemaRequest',
    schema: schemaRequestBody,
    required: true,
  },
  'POST /compatibility/subjects/{subject}/versions/{version}': {
    component: 'SchemaRequest',
    schema: schemaRequestBody,
    required: true,
  },
  'PUT /config': { component: 'ConfigUpdateRequest', schema: configUpdateBody, required: true },
  'PUT /config/{subject}': { component: 'ConfigUpdateRequest', schema: configUpdateBody, required: true },
  'PUT /mode': { component: 'ModeUpdateRequest', schema: modeUpdateBody, required: true },
  'PUT /mode/{subject}': { component: 'ModeUpdateRequest', schema: modeUpdateBody, required: true },
  'POST /keys': { component: 'NewKeyRequest', schema: newKeyBody, required: true },
  'POST /approvals': { component: 'ApprovalRequest', schema: anyApprovalRequestBody, required: true },
  'POST /approvals/lookup': { component: 'ApprovalLookup', schema: approvalLookupBody, required: true },
  'POST /approvals/{id}/approve': { component: 'DecisionRequest', schema: approvalDecisionBody, required: false },
  'POST /approvals/{id}/reject': { component: 'DecisionRequest', schema: approvalDecisionBody, required: false },
  'POST /approvals/{id}/callback': { component: 'CallbackRequest', schema: approvalCallbackBody, required: true },
  'POST /checks': { component: 'CheckRun', schema: checkRunBody, required: true },
  'POST /drift-events': { component: 'DriftEvent', schema: driftEventBody, required: true },
  'POST /incidents': { component: 'OpenIncident', schema: openIncidentBody, required: true },
  'POST /incidents/{id}/timeline': { component: 'IncidentTimeline', schema: appendTimelineBody, required: true },
  'POST /incidents/{id}/ack': { component: 'IncidentAcknowledgement', schema: acknowledgeBody, required: false },
  'POST /incidents/{id}/close': { component: 'CloseIncident', schema: closeIncidentBody, required: true },
};

/**
 * Bodies `@charter/contracts` reads with its own readers (their zod schemas are that package's): the ODCS contract
 * (JSON, or YAML text read with line numbers) and the ownership map. Their descriptions are written by hand.
 */
export const PACKAGE_READ_BODIES: readonly string[] = ['PUT /contracts/{id}', 'PUT /ownership'];

/** Query strings parsed with a zod schema, by operation. */
export const QUERY_SCHEMAS: Record<string, z.ZodType> = {
  'GET /audit': auditQuery,
  'GET /approvals': approvalListQuery,
  'GET /contracts/{id}/checks': historyQuery,
  'GET /contracts/{id}/drift-events': historyQuery,
  'GET /incidents': incidentQuery,
  'GET /subjects/{subject}/diff': diffQuery,
};

/** The `requestBody` of an operation in {@link REQUEST_BODIES}, in the given content types. */
export function requestBodyOf(operation: string, contentTypes: readonly string[]) {
  const source = REQUEST_BODIES[operation];
  if (!source) throw new Error(`no request body schema for ${operation}`);
  const schema = { $ref: `#/components/schemas/${source.component}` };
  return { required: source.required, content: Object.fromEntries(contentTypes.map((type) => [type, { schema }])) };
}

/** The components the request bodies refer to, each derived from its zod schema. */
export function requestBodyComponents(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(REQUEST_BODIES).map(({ component, schema }) => [component, toOpenApiSchema(schema)]),
  );
}

/** The query parameters of an operation in {@link QUERY_SCHEMAS}: one per field, with its description. */
export function queryParametersOf(operation: string) {
  const source = QUERY_SCHEMAS[operation];
  if (!source) throw new Error(`no query schema for ${operation}`);
  const { properties = {}, required = [] } = toOpenApiSchema(source) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    ...(description === undefined ? {} : { description }),
    schema,
  }));
}
