import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api';
import { useIdentity } from '../../auth';
import { QueryState } from '../../layout';
import { formatTime } from '../ops-format';
import {
  AUDIT_PAGE_SIZE,
  AUDIT_PAGE_SIZES,
  type AuditEntry,
  type AuditFilters,
  auditQuery,
  describeChange,
  readFilters,
  readPageSize,
  writeFilters,
} from './audit-filters';
import '../ops-pages.css';

const FIELDS: Array<{ name: keyof AuditFilters; label: string; type?: string; placeholder?: string }> = [
  { name: 'actor', label: 'Actor (key id)', placeholder: 'ck_…' },
  { name: 'action', label: 'Action', placeholder: 'approval.approve' },
  { name: 'targetType', label: 'Target type', placeholder: 'approval, subject, incident…' },
  { name: 'target', label: 'Target', placeholder: 'subject name or id' },
  { name: 'since', label: 'From (UTC)', type: 'datetime-local' },
  { name: 'until', label: 'To (UTC)', type: 'datetime-local' },
];

/** The audit log (admin keys): filters in the URL, pages as the registry pages them (newest first, `before`). */
export function AuditPage() {
  const { permissions } = useIdentity();
  if (!permissions.canReadAudit) {
    return (
      <section>
        <h1>Audit</h1>
        <p role="note">The audit log is read with an admin key; this key may not read it.</p>
      </section>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const pageSize = readPageSize(search);
  const [draft, setDraft] = useState<AuditFilters>(filters);
  /** The cursors of the pages before this one (newest first); the last is this page's. */
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const before = cursors.at(-1);

  const page = useQuery({
    queryKey: ['registry', 'audit', writeFilters(filters), pageSize, before ?? 'first'],
    queryFn: ({ signal }) =>
      api.get<{ entries: AuditEntry[]; next: string | null }>('registry', '/audit', {
        signal,
        query: auditQuery(filters, before, pageSize),
      }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCursors([undefined]);
    setSearch(withSize(writeFilters(draft), pageSize));
  };
  const resize = (size: number) => {
    setCursors([undefined]);
    setSearch((current) => withSize(writeFilters(readFilters(current)), size));
  };
  const clear = () => {
    const empty = readFilters(new URLSearchParams());
    setDraft(empty);
    setCursors([undefined]);
    setSearch(withSize({}, pageSize));
  };

  return (
    <section>
      <h1>Audit</h1>
      <form className="filters" aria-label="Audit filters" onSubmit={apply}>
        {FIELDS.map((field) => (
          <label key={field.name}>
            {field.label}
            <input
              className="input"
              name={field.name}
              type={field.type ?? 'text'}
              step={field.type === 'datetime-local' ? 1 : undefined}
              placeholder={field.placeholder}
              value={draft[field.name]}
              onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value })}
            />
          </label>
        ))}
        <label>
          Outcome
          <select
            className="input"
            name="outcome"
            value={draft.outcome}
            onChange={(event) => setDraft({ ...draft, outcome: event.target.value as AuditFilters['outcome'] })}
          >
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <span className="actions">
          <button type="submit" className="button primary">
            Filter
          </button>
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        </span>
      </form>
      <QueryState query={page} what="the audit log">
        {({ entries, next }) => (
          <>
            {entries.length === 0 ? (
              <p>No audit entries match.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table" aria-label="Audit entries">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Action</th>
                      <th scope="col">Target</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <AuditRow key={entry.id} entry={entry} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <nav className="pager" aria-label="Audit pages">
              <button
                type="button"
                className="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Newer
              </button>
              <span>Page {cursors.length}</span>
              <label>
                Per page{' '}
                <select className="input" value={pageSize} onChange={(event) => resize(Number(event.target.value))}>
                  {AUDIT_PAGE_SIZES.map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button"
                disabled={next === null}
                onClick={() => next !== null && setCursors([...cursors, next])}
              >
                Older
              </button>
            </nav>
          </>
        )}
      </QueryState>
    </section>
  );
}

const withSize = (params: Record<string, string>, size: number) =>
  size === AUDIT_PAGE_SIZE ? params : { ...params, limit: String(size) };

function AuditRow({ entry }: { entry: AuditEntry }) {
  const changes = describeChange(entry.before, entry.after);
  const hasChange = entry.before !== null || entry.after !== null;
  return (
    <tr data-testid="audit-entry">
      <td>
        <time dateTime={entry.at}>{formatTime(entry.at)}</time>
      </td>
      <td>
        <span className="mono">{entry.actor}</span>
        <div className="muted">{entry.actorRole}</div>
      </td>
      <td className="mono">{entry.action}</td>
      <td>
        <span className="mono">{entry.target}</span>
        <div className="muted">{entry.targetType}</div>
      </td>
      <td>
        <span className={`badge outcome-${entry.outcome}`}>{entry.outcome}</span>
      </td>
      <td>
        {hasChange ? (
          <details>
            <summary>
              {changes.length > 0 ? changes.join('; ') : entry.before === null ? 'recorded' : 'no change'}
            </summary>
            <div className="before-after">
              <div>
                <h3>Before</h3>
                <pre>{entry.before === null ? '—' : JSON.stringify(entry.before, null, 2)}</pre>
              </div>
              <div>
                <h3>After</h3>
                <pre>{entry.after === null ? '—' : JSON.stringify(entry.after, null, 2)}</pre>
              </div>
            </div>
          </details>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}
