import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, catalogQuery, type SubjectDiff, type SubjectVersion, segment, useApi } from '../../api';
import { ChangeBadges, formatSchemaText, HighlightedLine, SchemaText, sideBySide } from '../../components';
import { QueryError, QueryState } from '../../layout';

/**
 * Versions of a subject, soft-deleted ones included and marked: every version minus the live ones. (Asking for
 * `deletedOnly` instead would answer 40401 for the usual subject that has none, as Confluent's API does.)
 */
function useVersions(subject: string) {
  const api = useApi();
  const path = `/subjects/${segment(subject)}/versions`;
  const all = useQuery({
    queryKey: ['registry', 'subject', subject, 'versions', 'all'],
    queryFn: ({ signal }) => api.get<number[]>('registry', path, { signal, query: { deleted: true } }),
  });
  const live = useQuery({
    queryKey: ['registry', 'subject', subject, 'versions', 'live'],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<number[]>('registry', path, { signal });
      } catch (error) {
        // every version soft-deleted: the subject itself reads as not found
        if (error instanceof ApiError && error.isNotFound) return [];
        throw error;
      }
    },
  });
  const liveVersions = new Set(live.data ?? all.data ?? []);
  return { all, deleted: new Set((all.data ?? []).filter((version) => !liveVersions.has(version))) };
}

function useSchemaVersion(subject: string, version: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['registry', 'subject', subject, 'version', version],
    queryFn: ({ signal }) =>
      api.get<SubjectVersion>('registry', `/subjects/${segment(subject)}/versions/${version}`, {
        signal,
        query: { deleted: true },
      }),
    enabled: version !== undefined,
  });
}

function VersionSelect(props: {
  id: string;
  label: string;
  value: number;
  versions: number[];
  deleted: Set<number>;
  onChange: (version: number) => void;
}) {
  return (
    <span className="filter">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        className="input"
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      >
        {props.versions.map((version) => (
          <option key={version} value={version}>
            v{version}
            {props.deleted.has(version) ? ' (soft-deleted)' : ''}
          </option>
        ))}
      </select>
    </span>
  );
}

function References({ subject, version }: { subject: string; version: SubjectVersion }) {
  const api = useApi();
  const referencedBy = useQuery({
    queryKey: ['registry', 'subject', subject, 'version', version.version, 'referencedby'],
    queryFn: ({ signal }) =>
      api.get<number[]>('registry', `/subjects/${segment(subject)}/versions/${version.version}/referencedby`, {
        signal,
      }),
  });
  const referrers = useQueries({
    queries: (referencedBy.data ?? []).map((id) => ({
      queryKey: ['registry', 'schema', id, 'versions'],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<Array<{ subject: string; version: number }>>('registry', `/schemas/ids/${id}/versions`, { signal }),
    })),
  });
  const references = version.references ?? [];
  return (
    <div className="columns">
      <div>
        <h3>References</h3>
        {references.length === 0 ? (
          <p className="muted">This version refers to no other schema.</p>
        ) : (
          <ul>
            {references.map((reference) => (
              <li key={reference.name}>
                <code>{reference.name}</code> →{' '}
                <Link to={`/subjects/${segment(reference.subject)}?version=${reference.version}`}>
                  {reference.subject} v{reference.version}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3>Referenced by</h3>
        {referencedBy.error ? (
          <QueryError error={referencedBy.error} what="the referrers" />
        ) : (referencedBy.data ?? []).length === 0 ? (
          <p className="muted">No schema refers to this version.</p>
        ) : (
          <ul>
            {referrers.flatMap((query, index) =>
              (query.data ?? [{ subject: `schema ${referencedBy.data![index]}`, version: 0 }]).map((user) => (
                <li key={`${user.subject}/${user.version}`}>
                  {user.version > 0 ? (
                    <Link to={`/subjects/${segment(user.subject)}?version=${user.version}`}>
                      {user.subject} v{user.version}
                    </Link>
                  ) : (
                    user.subject
                  )}
                </li>
              )),
            )}
          </ul>
        )}
      </div>
    </div>
  );
}

function DiffView({ subject, from, to }: { subject: string; from: number; to: number }) {
  const api = useApi();
  const diff = useQuery({
    queryKey: ['registry', 'subject', subject, 'diff', from, to],
    queryFn: ({ signal }) =>
      api.get<SubjectDiff>('registry', `/subjects/${segment(subject)}/diff`, { signal, query: { from, to } }),
  });
  const before = useSchemaVersion(subject, from);
  const after = useSchemaVersion(subject, to);
  const rows = useMemo(
    () =>
      before.data && after.data
        ? sideBySide(formatSchemaText(before.data.schema), formatSchemaText(after.data.schema))
        : [],
    [before.data, after.data],
  );
  return (
    <>
      <QueryState query={diff} what="the changes">
        {(result) =>
          result.changes.length === 0 ? (
            <p>
              No changes between v{from} and v{to}.
            </p>
          ) : (
            <table className="data-table" data-testid="changes">
              <caption>
                Changes from v{from} to v{to} ({result.changes.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Field</th>
                  <th scope="col">Effect</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {result.changes.map((change) => (
                  <tr key={`${change.kind}:${change.path}:${change.message}`}>
                    <td>
                      <code>{change.kind}</code>
                    </td>
                    <td>
                      <code>{change.field || '(root)'}</code>
                    </td>
                    <td>
                      <ChangeBadges change={change} />
                    </td>
                    <td>{change.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
      {before.error || after.error ? (
        <QueryError error={before.error ?? after.error} what="the schemas" />
      ) : rows.length > 0 ? (
        <table className="diff-table" data-testid="side-by-side">
          <caption className="visually-hidden">
            v{from} and v{to} side by side
          </caption>
          <colgroup>
            <col className="line-number-column" />
            <col />
            <col className="line-number-column" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" colSpan={2}>
                v{from}
              </th>
              <th scope="col" colSpan={2}>
                v{to}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td className="line-number">{row.left?.number ?? ''}</td>
                <td className={row.left?.removed ? 'removed' : row.left ? '' : 'empty'}>
                  {row.left?.removed && <span className="visually-hidden">removed: </span>}
                  <code>{row.left ? <HighlightedLine text={row.left.text} /> : null}</code>
                </td>
                <td className="line-number">{row.right?.number ?? ''}</td>
                <td className={row.right?.added ? 'added' : row.right ? '' : 'empty'}>
                  {row.right?.added && <span className="visually-hidden">added: </span>}
                  <code>{row.right ? <HighlightedLine text={row.right.text} /> : null}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p aria-busy="true">Loading the schemas…</p>
      )}
    </>
  );
}

export function SubjectDetailPage() {
  const api = useApi();
  const subject = useParams().subject ?? '';
  const [params, setParams] = useSearchParams();
  const { all, deleted } = useVersions(subject);
  const catalog = useQuery(catalogQuery(api));
  const summary = catalog.data?.find((entry) => entry.subject === subject);
  const versions = all.data ?? [];
  const latestLive = [...versions].reverse().find((version) => !deleted.has(version)) ?? versions.at(-1);
  const readNumber = (name: string, fallback: number | undefined) => {
    const value = Number(params.get(name));
    return versions.includes(value) ? value : fallback;
  };
  const shown = readNumber('version', latestLive);
  const from = readNumber('from', versions[0]);
  const to = readNumber('to', latestLive);
  const current = useSchemaVersion(subject, shown);
  const setParam = (name: string, value: number) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set(name, String(value));
        return next;
      },
      { replace: true },
    );

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/subjects">Subjects</Link> /
      </p>
      <h1>
        {subject}
        {summary?.deleted && <span className="badge badge-deleted">soft-deleted</span>}
      </h1>
      <QueryState query={all} what="the versions">
        {() => (
          <>
            <dl className="facts" data-testid="subject-facts">
              <dt>Compatibility</dt>
              <dd>{summary?.compatibility ?? '…'}</dd>
              <dt>Mode</dt>
              <dd>{summary?.mode ?? '…'}</dd>
              <dt>Team</dt>
              <dd>{summary ? (summary.team ?? 'none') : '…'}</dd>
              <dt>Contract</dt>
              <dd>
                {summary?.contract ? (
                  <Link to={`/contracts/${segment(summary.contract.id)}`}>
                    {summary.contract.id} {summary.contract.version} ({summary.contract.tier})
                  </Link>
                ) : summary ? (
                  'none'
                ) : (
                  '…'
                )}
              </dd>
              <dt>Versions</dt>
              <dd>
                {versions.map((version) => `v${version}${deleted.has(version) ? ' (soft-deleted)' : ''}`).join(', ')}
              </dd>
            </dl>

            <h2>Schema</h2>
            {shown !== undefined && (
              <div className="toolbar">
                <VersionSelect
                  id="version"
                  label="Version"
                  value={shown}
                  versions={versions}
                  deleted={deleted}
                  onChange={(value) => setParam('version', value)}
                />
                {current.data && (
                  <span className="muted">
                    schema id {current.data.id} · {current.data.schemaType ?? 'AVRO'}
                  </span>
                )}
              </div>
            )}
            <QueryState query={current} what="the schema">
              {(version) => (
                <>
                  <SchemaText text={formatSchemaText(version.schema)} label={`${subject} v${version.version} schema`} />
                  <References subject={subject} version={version} />
                </>
              )}
            </QueryState>

            <h2>Compare versions</h2>
            {from !== undefined && to !== undefined && versions.length > 1 ? (
              <>
                <div className="toolbar">
                  <VersionSelect
                    id="diff-from"
                    label="From"
                    value={from}
                    versions={versions}
                    deleted={deleted}
                    onChange={(value) => setParam('from', value)}
                  />
                  <VersionSelect
                    id="diff-to"
                    label="To"
                    value={to}
                    versions={versions}
                    deleted={deleted}
                    onChange={(value) => setParam('to', value)}
                  />
                </div>
                <DiffView subject={subject} from={from} to={to} />
              </>
            ) : (
              <p className="muted">Only one version: nothing to compare.</p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
