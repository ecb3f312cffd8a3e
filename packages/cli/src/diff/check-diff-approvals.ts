import {
  type LookedUpApproval,
  type SchemaRequestBody,
  toApprovalStatus,
  versionsNeedingApproval,
} from './approval-status';
import type { ApprovalStatus, DiffApprovals, DiffReason } from './diff-report';
import { DiffServiceError } from './diff-service-error';
import { postToService, type ServiceConnection } from './post-to-service';

/**
 * Looks up, on the registry (POST /approvals/lookup), the approvals of every head schema version that a blocking
 * reason an approval can lift is about: the registry fingerprints the schema as its registration would. Throws
 * DiffServiceError.
 */
export async function checkDiffApprovals(options: {
  connection: ServiceConnection;
  reasons: readonly DiffReason[];
  /** The schema of a head version, as a registration would send it. */
  requestOf: (version: { subject: string; version: number; file: string }) => SchemaRequestBody;
  now: Date;
}): Promise<Extract<DiffApprovals, { status: 'checked' }>> {
  const { connection, now } = options;
  const items: ApprovalStatus[] = [];
  for (const version of versionsNeedingApproval(options.reasons)) {
    const request = options.requestOf(version);
    const answer = await postToService(connection, '/approvals/lookup', request);
    const base = { version, registryUrl: connection.url, request, now };
    if (answer.status === 200 && typeof answer.body.fingerprint === 'string') {
      const approvals = Array.isArray(answer.body.approvals) ? (answer.body.approvals as LookedUpApproval[]) : [];
      items.push(toApprovalStatus({ ...base, fingerprint: answer.body.fingerprint, approvals }));
    } else if (answer.status === 422 || answer.status === 409) {
      // The registry cannot take this schema as it stands (e.g. it references a version not registered yet).
      const status = toApprovalStatus({ ...base, fingerprint: '', approvals: [] });
      items.push({
        ...status,
        note: `the registry cannot look it up: ${String(answer.body.message ?? answer.status)}`,
      });
    } else {
      throw new DiffServiceError(
        'bad-answer',
        'registry',
        `the registry at ${connection.url} answered ${answer.status} to POST /approvals/lookup for ${version.subject} v${version.version}: ${String(answer.body.message ?? '')}`,
      );
    }
  }
  return { status: 'checked', registryUrl: connection.url, items };
}
