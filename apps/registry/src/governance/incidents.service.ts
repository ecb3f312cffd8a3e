import type { Actor } from '../auth/principal';
import { GovernanceErrors } from '../errors/governance.errors';
import { IncidentErrors } from '../errors/incident.errors';
import type {
  Acknowledgement,
  AppendTimeline,
  CloseIncident,
  IncidentQuery,
  OpenIncident,
  PutPostmortem,
  TimelineEntryInput,
} from '../http/incident.dto';
import type {
  IncidentChange,
  IncidentRecord,
  IncidentRepository,
  NewTimelineEntry,
  PostmortemRecord,
  TimelineRecord,
} from '../storage/incident.repository';
import { type AuditService, auditEntry } from './audit.service';
import { hashDocument } from './hash-document';
import type { OwnershipService } from './ownership.service';

export interface IncidentView {
  id: string;
  subject: string;
  version: number | null;
  title: string;
  runbook: string;
  severity: string | null;
  status: string;
  summary: string | null;
  opened_by: { key: string; team: string | null };
  opened_at: string;
  acknowledged_at: string | null;
  closed_at: string | null;
}

export interface TimelineView {
  type: string;
  at: string;
  stage?: string;
  step?: string;
  recorded_by: string;
  [field: string]: unknown;
}

export interface PostmortemView {
  incident: string;
  markdown: string;
  updated_by: string;
  updated_at: string;
}

/**
 * Incidents (issue #17): a runbook run opens one on a subject, appends its timeline, acknowledges human steps and
 * closes it resolved or aborted. Changes are for an admin or the team owning the subject; every change is audited
 * in the same transaction, and a closed incident takes no more.
 */
export class IncidentsService {
  constructor(
    private readonly repository: IncidentRepository,
    private readonly ownership: Pick<OwnershipService, 'ownerOf'>,
    private readonly audit: AuditService,
  ) {}

  /**
   * Opens an incident. With an `Idempotency-Key`, a retried open (same key, same body) answers with the incident the
   * key opened (`isNew: false`); the same key with another body is refused (40961).
   */
  async open(
    actor: Actor,
    request: OpenIncident,
    idempotencyKey?: string,
  ): Promise<{ incident: IncidentView; isNew: boolean }> {
    await this.authorize(actor, request.subject, 'incident.open', request.subject);
    const { principal } = actor;
    const requestHash = hashDocument({
      subject: request.subject,
      version: request.version ?? null,
      title: request.title,
      runbook: request.runbook,
      severity: request.severity ?? null,
    });
    const { record, isNew } = await this.repository.open(
      {
        subject: request.subject,
        version: request.version ?? null,
        title: request.title,
        runbook: request.runbook,
        severity: request.severity ?? null,
        openedByKey: principal.keyId,
        openedByTeam: principal.team ?? null,
      },
      (id) =>
        auditEntry(actor, {
          action: 'incident.open',
          targetType: 'incident',
          target: id,
          after: {
            subject: request.subject,
            version: request.version ?? null,
            severity: request.severity ?? null,
            ...(idempotencyKey === undefined ? {} : { idempotency_key: idempotencyKey }),
          },
        }),
      idempotencyKey === undefined ? undefined : { key: idempotencyKey, requestHash },
    );
    if (!isNew && record.requestHash !== requestHash) throw IncidentErrors.idempotencyConflict(record.id);
    return { incident: present(record), isNew };
  }

  async list(query: IncidentQuery): Promise<{ incidents: IncidentView[] }> {
    return { incidents: (await this.repository.list(query)).map(present) };
  }

  async get(id: string): Promise<IncidentView & { timeline: TimelineView[] }> {
    const record = await this.find(id);
    const timeline = await this.repository.timeline(id);
    return { ...present(record), timeline: timeline.map(presentEntry) };
  }

  async appendTimeline(actor: Actor, id: string, request: AppendTimeline): Promise<{ appended: number }> {
    await this.change(
      actor,
      id,
      'incident.timeline',
      {
        entries: request.entries.map((entry) => toEntry(entry, actor)),
        ...(request.severity ? { severity: request.severity } : {}),
      },
      { entries: request.entries.length, ...(request.severity ? { severity: request.severity } : {}) },
    );
    return { appended: request.entries.length };
  }

  async acknowledge(actor: Actor, id: string, ack: Acknowledgement): Promise<IncidentView> {
    const by = actor.principal.team ? `team:${actor.principal.team}` : actor.principal.keyId;
    const entry = toEntry(
      {
        type: 'acknowledged',
        at: new Date().toISOString(),
        ...(ack.step ? { step: ack.step } : {}),
        by,
        ...(ack.note ? { note: ack.note } : {}),
      },
      actor,
    );
    return this.change(actor, id, 'incident.ack', { entries: [entry], acknowledge: true }, { step: ack.step ?? null });
  }

  async close(actor: Actor, id: string, request: CloseIncident): Promise<IncidentView> {
    return this.change(
      actor,
      id,
      'incident.close',
      { entries: [], close: { status: request.status, summary: request.summary ?? null, severity: request.severity } },
      { status: request.status },
    );
  }

  /** GET /incidents/{id}/postmortem: the Markdown as the runbook wrote it (clients render it, escaped). */
  async postmortem(id: string): Promise<PostmortemView> {
    await this.find(id);
    const record = await this.repository.postmortem(id);
    if (!record) throw IncidentErrors.postmortemNotFound(id);
    return presentPostmortem(id, record);
  }

  /**
   * PUT /incidents/{id}/postmortem: an admin or the owning team; the latest replaces the one before. A closed incident
   * takes it too — a post-mortem is written and revised after the incident is over.
   */
  async putPostmortem(actor: Actor, id: string, request: PutPostmortem): Promise<PostmortemView> {
    const incident = await this.find(id);
    await this.authorize(actor, incident.subject, 'incident.postmortem', id);
    const updatedBy = actor.principal.team ? `team:${actor.principal.team}` : actor.principal.keyId;
    const record = await this.repository.putPostmortem(
      id,
      { markdown: request.markdown, updatedBy },
      auditEntry(actor, {
        action: 'incident.postmortem',
        targetType: 'incident',
        target: id,
        after: { characters: request.markdown.length },
      }),
    );
    return presentPostmortem(id, record);
  }

  private async change(
    actor: Actor,
    id: string,
    action: string,
    change: IncidentChange,
    after: Record<string, unknown>,
  ): Promise<IncidentView> {
    const incident = await this.find(id);
    await this.authorize(actor, incident.subject, action, id);
    if (incident.status !== 'open') throw IncidentErrors.closed(id, incident.status);
    const changed = await this.repository.change(
      id,
      change,
      auditEntry(actor, { action, targetType: 'incident', target: id, after }),
    );
    if (!changed) throw IncidentErrors.closed(id, (await this.find(id)).status);
    return present(changed);
  }

  private async find(id: string): Promise<IncidentRecord> {
    const record = await this.repository.find(id);
    if (!record) throw IncidentErrors.notFound(id);
    return record;
  }

  /** An admin, or a key of the team owning the subject; a refusal is audited. */
  private async authorize(actor: Actor, subject: string, action: string, target: string): Promise<void> {
    const { principal } = actor;
    if (principal.role === 'admin') return;
    const owner = await this.ownership.ownerOf(subject);
    if (principal.role === 'team' && owner !== undefined && principal.team === owner) return;
    const reason =
      owner === undefined
        ? `no team owns subject '${subject}': only an admin handles its incidents`
        : `subject '${subject}' belongs to team ${owner}; only that team or an admin handles its incidents`;
    await this.audit.record(actor, {
      action,
      targetType: 'incident',
      target,
      outcome: 'denied',
      after: { subject, reason },
    });
    throw GovernanceErrors.forbidden(reason);
  }
}

function toEntry(entry: TimelineEntryInput, actor: Actor): NewTimelineEntry {
  const { type, at, stage, step, ...data } = entry;
  return {
    type,
    at: new Date(at),
    stage: stage ?? null,
    step: step ?? null,
    data,
    recordedBy: actor.principal.team ? `team:${actor.principal.team}` : actor.principal.keyId,
  };
}

function present(record: IncidentRecord): IncidentView {
  return {
    id: record.id,
    subject: record.subject,
    version: record.version,
    title: record.title,
    runbook: record.runbook,
    severity: record.severity,
    status: record.status,
    summary: record.summary,
    opened_by: { key: record.openedByKey, team: record.openedByTeam },
    opened_at: record.openedAt.toISOString(),
    acknowledged_at: record.acknowledgedAt?.toISOString() ?? null,
    closed_at: record.closedAt?.toISOString() ?? null,
  };
}

function presentPostmortem(id: string, record: PostmortemRecord): PostmortemView {
  return {
    incident: id,
    markdown: record.markdown,
    updated_by: record.updatedBy,
    updated_at: record.updatedAt.toISOString(),
  };
}

function presentEntry(record: TimelineRecord): TimelineView {
  return {
    ...record.data,
    type: record.type,
    at: record.at.toISOString(),
    ...(record.stage === null ? {} : { stage: record.stage }),
    ...(record.step === null ? {} : { step: record.step }),
    recorded_by: record.recordedBy,
  };
}
