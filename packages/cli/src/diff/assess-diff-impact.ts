import type { ChangeImpact, DiffChange, DiffImpact, DiffReason } from './diff-report';
import { DiffServiceError } from './diff-service-error';
import { type ImpactAnswer, impactReason, toChangeImpact } from './impact-assets';
import { postToService, type ServiceConnection } from './post-to-service';

/** The most changed fields POST /impact takes in one question. */
const MAX_IMPACT_CHANGES = 1_000;

/** The schema versions a diff added or changed that make breaking field changes, as POST /impact is asked them. */
export function impactQuestions(
  changes: readonly DiffChange[],
  changedByOf: (subject: string) => string | undefined,
): Array<{ change: { subject: string; version: number; file: string }; body: Record<string, unknown> }> {
  const questions = [];
  for (const change of changes) {
    if (change.subject === undefined || change.version === undefined || !change.fieldChanges) continue;
    if (change.kind !== 'schema-added' && change.kind !== 'schema-changed' && change.kind !== 'schema-renamed')
      continue;
    // As the registry's lineage gate asks: the breaking changes against the previous version, by field.
    const fields = change.fieldChanges
      .filter((field) => (field.breaking.backward || field.breaking.forward) && field.field !== '')
      .map((field) => ({ field: field.field, change: field.kind }));
    if (fields.length === 0) continue;
    const changedBy = changedByOf(change.subject);
    questions.push({
      change: { subject: change.subject, version: change.version, file: change.file },
      body: {
        subject: change.subject,
        changes: fields.slice(0, MAX_IMPACT_CHANGES),
        ...(changedBy === undefined ? {} : { changedBy }),
      },
    });
  }
  return questions;
}

/**
 * Asks the lineage service's POST /impact about every added or changed schema version with breaking field changes,
 * one at a time (a CI gate touches few), and gives the impact and the reasons it adds. Throws DiffServiceError.
 */
export async function assessDiffImpact(options: {
  connection: ServiceConnection;
  changes: readonly DiffChange[];
  changedByOf: (subject: string) => string | undefined;
}): Promise<{ impact: DiffImpact; reasons: DiffReason[] }> {
  const { connection } = options;
  const impacts: ChangeImpact[] = [];
  const reasons: DiffReason[] = [];
  for (const question of impactQuestions(options.changes, options.changedByOf)) {
    const answer = await postToService(connection, '/impact', question.body);
    if (answer.status !== 200) {
      throw new DiffServiceError(
        'bad-answer',
        'lineage',
        `the lineage service at ${connection.url} refused the impact question for ${question.change.subject} v${question.change.version} (${answer.status}): ${String(answer.body.message ?? '')}`,
      );
    }
    const impact = toChangeImpact(question.change, answer.body as ImpactAnswer);
    impacts.push(impact);
    const reason = impactReason(impact);
    if (reason) reasons.push(reason);
  }
  return { impact: { status: 'assessed', lineageUrl: connection.url, changes: impacts }, reasons };
}
