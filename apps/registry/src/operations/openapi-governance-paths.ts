import { queryParametersOf, requestBodyOf } from './openapi-schemas';

/**
 * Charter's own paths (contracts, ownership, keys, audit, approvals) for the OpenAPI document. Request bodies and
 * query parameters that a controller parses with zod come from those schemas (`openapi-schemas.ts`).
 */
const JSON_ONLY = ['application/json'];
const json = (schema: object = { type: 'object' }) => ({ 'application/json': { schema } });
const ok = (description: string, schema?: object) => ({ description, content: json(schema) });
const error = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });
const param = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const filter = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});
const parsedBody = (operation: string) => requestBodyOf(operation, JSON_ONLY);
const body = (description: string, types: Record<string, object> = json()) => ({
  required: true,
  description,
  content: types,
});
const denied = { '401': error('No or invalid API key (40101)'), '403': error('The key may not do this (40301)') };
const contractId = param('id', 'Contract id');
const approvalId = param('id', 'Approval id (UUID)');
const keyId = param('id', 'API key id (ck_…)');
const incidentId = param('id', 'Incident id (UUID)');
const ownerOnly = "Only the contract's team (or an admin) reports on it (40301); an unknown contract is 40420";
const checkRunSummary = {
  type: 'object',
  description:
    '{ id, run_id, kind, success, contract: { id, version }, source: { type, name }, started_at, finished_at, statistics, reported_by: { key, team }, created_at }',
};

export const GOVERNANCE_PATHS = {
  '/contracts': {
    get: { summary: 'The current version of every contract', responses: { '200': ok('Contracts'), ...denied } },
  },
  '/contracts/{id}': {
    get: {
      summary: 'The current version of a contract',
      parameters: [contractId],
      responses: { '200': ok('Contract'), '404': error('40420') },
    },
    put: {
      summary:
        "Publish a contract version (ODCS 3.1 as YAML or JSON); binds its subjects. Only the contract's team (or an admin) publishes it",
      parameters: [
        contractId,
        filter('transfer', 'true (admin only): the version names another team, and the contract moves to it'),
      ],
      requestBody: body('The ODCS document', {
        ...json(),
        'application/yaml': { schema: { type: 'string' } },
      }),
      responses: {
        '200': ok('Already stored with the same content'),
        '201': ok('Stored'),
        '409': error(
          'This version exists with other content (40921), or it names another team without transfer=true (40923)',
        ),
        '422': error('Invalid contract, with every problem (42220)'),
        ...denied,
      },
    },
  },
  '/contracts/{id}/versions': {
    get: {
      summary: "A contract's versions, oldest first",
      parameters: [contractId],
      responses: { '200': ok('Versions', { type: 'array', items: { type: 'string' } }), '404': error('40420') },
    },
  },
  '/contracts/{id}/versions/{version}': {
    get: {
      summary: 'One version of a contract',
      parameters: [contractId, param('version', 'Semantic version')],
      responses: { '200': ok('Contract'), '404': error('40420') },
    },
  },
  '/contracts/{id}/checks': {
    get: {
      summary: "A contract's check runs, newest first, as summaries without results",
      parameters: [contractId, ...queryParametersOf('GET /contracts/{id}/checks')],
      responses: {
        '200': ok('{ checks: [summary], next: cursor | null }'),
        '404': error('40420'),
        '422': error('A bad limit or cursor (42244)'),
        ...denied,
      },
    },
  },
  '/contracts/{id}/drift-events': {
    get: {
      summary: "A contract's drift events, newest first",
      parameters: [contractId, ...queryParametersOf('GET /contracts/{id}/drift-events')],
      responses: {
        '200': ok('{ events: [event], next: cursor | null }'),
        '404': error('40420'),
        '422': error('A bad limit or cursor (42244)'),
        ...denied,
      },
    },
  },
  '/checks': {
    post: {
      summary:
        "Keep a check run (charter checkpoint / dbt check); idempotent by run_id. Statistics and success are recomputed from the results; a failing run notifies the contract's owners",
      requestBody: parsedBody('POST /checks'),
      responses: {
        '200': ok('The same run was already stored', checkRunSummary),
        '201': ok('Stored', checkRunSummary),
        '400': error('Malformed JSON (400)'),
        '404': error(ownerOnly),
        '409': error('This run_id is stored with another body (40940)'),
        '413': error('The body is over CHARTER_MAX_CHECK_RUN_BYTES (41301)'),
        '422': error(
          'Invalid document (42240), more than 1000 results or 20 examples in one (42241), success or statistics that contradict the results (42242)',
        ),
        ...denied,
      },
    },
  },
  '/checks/{runId}': {
    get: {
      summary: 'One check run: the document as it was posted',
      parameters: [param('runId', 'The run id (UUID)')],
      responses: { '200': ok('The check-run document'), '404': error('40440'), ...denied },
    },
  },
  '/drift-events': {
    post: {
      summary: "Keep a drift detection; idempotent by event_id; notifies the contract's owners",
      requestBody: parsedBody('POST /drift-events'),
      responses: {
        '200': ok('The same event was already stored'),
        '201': ok('Stored'),
        '404': error(ownerOnly),
        '409': error('This event_id is stored with another body (40941)'),
        '413': error('The body is over 64 KiB (41302)'),
        '422': error('Invalid event (42243)'),
        ...denied,
      },
    },
  },
  '/incidents': {
    get: {
      summary: 'Incidents, newest first (any key)',
      parameters: queryParametersOf('GET /incidents'),
      responses: { '200': ok('{ incidents: [incident] }'), '422': error('A bad filter or limit (42260)'), ...denied },
    },
    post: {
      summary: "Open an incident on a subject (a runbook run): an admin or the subject's owning team",
      requestBody: parsedBody('POST /incidents'),
      responses: {
        '201': ok('The incident (open)'),
        '422': error('Invalid request (42260)'),
        ...denied,
      },
    },
  },
  '/incidents/{id}': {
    get: {
      summary: 'One incident with its timeline (stages entered and left, steps and their outcomes, acknowledgements)',
      parameters: [incidentId],
      responses: { '200': ok('The incident and { timeline: [entry] }'), '404': error('40460'), ...denied },
    },
  },
  '/incidents/{id}/timeline': {
    post: {
      summary: 'Append timeline entries (1–500, in order) to an open incident',
      parameters: [incidentId],
      requestBody: parsedBody('POST /incidents/{id}/timeline'),
      responses: {
        '201': ok('{ appended }'),
        '404': error('40460'),
        '409': error('The incident is closed (40960)'),
        '422': error('Invalid entries (42260)'),
        ...denied,
      },
    },
  },
  '/incidents/{id}/ack': {
    post: {
      summary: 'Acknowledge a human step (`step`) or the incident; the first acknowledgement sets acknowledged_at',
      parameters: [incidentId],
      requestBody: parsedBody('POST /incidents/{id}/ack'),
      responses: {
        '200': ok('The incident'),
        '404': error('40460'),
        '409': error('The incident is closed (40960)'),
        '422': error('42260'),
        ...denied,
      },
    },
  },
  '/incidents/{id}/close': {
    post: {
      summary: 'Close an open incident as resolved or aborted',
      parameters: [incidentId],
      requestBody: parsedBody('POST /incidents/{id}/close'),
      responses: {
        '200': ok('The incident'),
        '404': error('40460'),
        '409': error('Already closed (40960)'),
        '422': error('42260'),
        ...denied,
      },
    },
  },
  '/ownership': {
    get: { summary: 'Which team owns which subject prefixes', responses: { '200': ok('Ownership') } },
    put: {
      summary: 'Replace the ownership map (admin)',
      requestBody: body('{ teams: [{ name, subjectPrefixes, members }] }'),
      responses: { '200': ok('Ownership'), '422': error('42221'), ...denied },
    },
  },
  '/keys': {
    get: { summary: 'API keys (admin; never secrets)', responses: { '200': ok('Keys'), ...denied } },
    post: {
      summary: 'Issue a key (admin): the secret is shown once',
      requestBody: parsedBody('POST /keys'),
      responses: { '201': ok('The key with its secret and bearer token'), '422': error('422'), ...denied },
    },
  },
  '/keys/{id}': {
    get: { summary: 'One key', parameters: [keyId], responses: { '200': ok('Key'), '404': error('40421') } },
    delete: {
      summary: 'Revoke a key (at once, on every replica)',
      parameters: [keyId],
      responses: { '200': ok('The revoked key'), '404': error('40421'), ...denied },
    },
  },
  '/keys/{id}/rotate': {
    post: {
      summary: 'Give a key a new secret; the old one stops working',
      parameters: [keyId],
      responses: { '200': ok('The key with its new secret'), '404': error('40421'), ...denied },
    },
  },
  '/catalog/subjects': {
    get: {
      summary:
        'Every subject with its owning team, contract (id, version, tier), compatibility, mode and version counts; deleted: every version soft-deleted',
      responses: {
        '200': ok(
          '[{ subject, deleted, versions, deletedVersions, latestVersion, schemaType, team, contract, compatibility, mode }]',
        ),
        ...denied,
      },
    },
  },
  '/subjects/{subject}/diff': {
    get: {
      summary:
        "Charter's addition: the changes from version `from` to `to` in its taxonomy, each with breaking.backward / breaking.forward (soft-deleted versions included)",
      parameters: [param('subject', 'Subject name'), ...queryParametersOf('GET /subjects/{subject}/diff')],
      responses: {
        '200': ok('{ subject, from, to, changes: [{ kind, field, path, message, breaking }] }'),
        '404': error('Subject (40401) or version (40402) not found'),
        '422': error('from or to is missing or not a version id (42202)'),
        ...denied,
      },
    },
  },
  '/whoami': {
    get: {
      summary: 'The key this request authenticated as ({ keyId, role, team }); other Charter services verify keys here',
      responses: { '200': ok('Principal'), ...denied },
    },
  },
  '/audit': {
    get: {
      summary: 'The audit log, newest first (admin); promotion=<uuid>: the writes made with that X-Charter-Promotion',
      parameters: queryParametersOf('GET /audit'),
      responses: { '200': ok('{ entries, next }'), '422': error('42222'), ...denied },
    },
  },
  '/approvals': {
    get: {
      summary: 'Approvals, newest first (promotions without their steps: see promotion.stepCount)',
      parameters: queryParametersOf('GET /approvals'),
      responses: { '200': ok('Approvals') },
    },
    post: {
      summary:
        'Request an exception for exactly one schema on a subject, or the approval of a promotion plan (`promotion`: id, from, to, digest = sha256 over the JSON of {from, to, steps}, 1 to 10 000 steps). A promotion is asked by an admin or the team owning every subject it writes (never ci), and decided by admins or the other owning teams',
      requestBody: parsedBody('POST /approvals'),
      responses: {
        '201': ok('The approval (requested)'),
        '200': ok('The approval this promotion plan (same id and digest) already has, requested or approved'),
        '422': error('422, 42201; 42250 for a bad promotion (the message names the field)'),
        ...denied,
      },
    },
  },
  '/approvals/lookup': {
    post: {
      summary:
        'The fingerprint a registration of this schema would have, and every approval for it on the subject (newest first, all states); any key',
      requestBody: parsedBody('POST /approvals/lookup'),
      responses: {
        '200': ok('{ subject, fingerprint, approvals }'),
        '422': error('422, 42201 (unparseable schema, or a reference to a missing version), 42208'),
        ...denied,
      },
    },
  },
  '/approvals/{id}': {
    get: {
      summary: 'An approval and its events (a promotion with its steps)',
      parameters: [approvalId],
      responses: { '200': ok('Approval'), '404': error('40422') },
    },
  },
  '/approvals/{id}/approve': {
    post: {
      summary: 'Approve (admins or the approver teams; never whoever asked)',
      parameters: [approvalId],
      requestBody: parsedBody('POST /approvals/{id}/approve'),
      responses: { '200': ok('Approval'), '409': error('Already decided or expired (40922)'), ...denied },
    },
  },
  '/approvals/{id}/reject': {
    post: {
      summary: 'Reject',
      parameters: [approvalId],
      requestBody: parsedBody('POST /approvals/{id}/reject'),
      responses: { '200': ok('Approval'), '409': error('40922'), ...denied },
    },
  },
  '/approvals/{id}/callback': {
    post: {
      summary: 'A signed decision from an integration (charter-signature: t=…,v1=HMAC-SHA256); idempotent by eventId',
      security: [],
      parameters: [approvalId],
      requestBody: parsedBody('POST /approvals/{id}/callback'),
      responses: {
        '200': ok('{ eventId, approval, replayed }'),
        '401': error('Missing, stale or forged signature (40102)'),
        '409': error('40922'),
      },
    },
  },
} as const;
