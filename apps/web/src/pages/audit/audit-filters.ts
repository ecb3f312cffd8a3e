/** The audit page's filters, as typed (the URL's search parameters hold them, so a filtered view can be linked). */
export interface AuditFilters {
  actor: string;
  action: string;
  targetType: string;
  target: string;
  outcome: '' | 'ok' | 'denied';
  /** `datetime-local` values, read as UTC. */
  since: string;
  until: string;
}

export const FILTER_NAMES = ['actor', 'action', 'targetType', 'target', 'outcome', 'since', 'until'] as const;

export const AUDIT_PAGE_SIZE = 50;
/** The page sizes offered (GET /audit answers up to 500). */
export const AUDIT_PAGE_SIZES = [10, 25, 50, 100, 200] as const;

/** The page size in the URL (`limit`), or the default when it is missing or not offered. */
export function readPageSize(search: URLSearchParams): number {
  const size = Number(search.get('limit'));
  return (AUDIT_PAGE_SIZES as readonly number[]).includes(size) ? size : AUDIT_PAGE_SIZE;
}

/** One GET /audit entry. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorRole: string;
  action: string;
  targetType: string;
  target: string;
  outcome: 'ok' | 'denied';
  before: unknown;
  after: unknown;
  requestId: string | null;
  promotionId: string | null;
}

export function readFilters(search: URLSearchParams): AuditFilters {
  const outcome = search.get('outcome');
  return {
    actor: search.get('actor') ?? '',
    action: search.get('action') ?? '',
    targetType: search.get('targetType') ?? '',
    target: search.get('target') ?? '',
    outcome: outcome === 'ok' || outcome === 'denied' ? outcome : '',
    since: search.get('since') ?? '',
    until: search.get('until') ?? '',
  };
}

/** The search parameters for these filters (empty ones left out). */
export function writeFilters(filters: AuditFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name].trim();
    if (value !== '') params[name] = value;
  }
  return params;
}

/** A `datetime-local` value (no zone) as the ISO time GET /audit takes, read as UTC; undefined when empty or bad. */
export function toIsoTime(local: string): string | undefined {
  if (local.trim() === '') return undefined;
  const withSeconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  const date = new Date(/[zZ]|[+-]\d{2}:\d{2}$/.test(withSeconds) ? withSeconds : `${withSeconds}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** GET /audit's query for these filters and the page that starts below entry `before`. */
export function auditQuery(
  filters: AuditFilters,
  before: string | undefined,
  limit = AUDIT_PAGE_SIZE,
): Record<string, string | number | undefined> {
  const blank = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    actor: blank(filters.actor),
    action: blank(filters.action),
    targetType: blank(filters.targetType),
    target: blank(filters.target),
    outcome: blank(filters.outcome),
    since: toIsoTime(filters.since),
    until: toIsoTime(filters.until),
    before,
    limit,
  };
}

const asRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * What a change altered, one line per field the entry's `before` names: `state: "requested" → "approved"`. The
 * registry's `before` holds only what a change replaced, so fields only in `after` are what it recorded, not changes.
 */
export function describeChange(before: unknown, after: unknown): string[] {
  const was = asRecord(before);
  if (!was) return [];
  const is = asRecord(after) ?? {};
  const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));
  return Object.keys(was)
    .filter((key) => JSON.stringify(was[key]) !== JSON.stringify(is[key]))
    .sort()
    .map((key) => `${key}: ${show(was[key])} → ${show(is[key])}`);
}
