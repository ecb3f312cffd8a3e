import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { type CheckRun, type ContractView, type DriftEvent, segment, useApi } from '../../api';
import { QueryError, QueryState } from '../../layout';
import { readContract } from './read-contract';

function ContractList() {
  const api = useApi();
  const contracts = useQuery({
    queryKey: ['registry', 'contracts'],
    queryFn: ({ signal }) => api.get<ContractView[]>('registry', '/contracts', { signal }),
  });
  return (
    <section>
      <h1>Contracts</h1>
      <QueryState query={contracts} what="the contracts">
        {(list) =>
          list.length === 0 ? (
            <p>No contracts yet. Publish one with `charter apply contracts`.</p>
          ) : (
            <table className="data-table" data-testid="contracts-table">
              <caption className="visually-hidden">Contracts</caption>
              <thead>
                <tr>
                  <th scope="col">Contract</th>
                  <th scope="col">Version</th>
                  <th scope="col">Team</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Status</th>
                  <th scope="col">Subjects</th>
                </tr>
              </thead>
              <tbody>
                {list.map((contract) => (
                  <tr key={contract.id}>
                    <th scope="row">
                      <Link to={`/contracts/${segment(contract.id)}`}>{contract.id}</Link>
                    </th>
                    <td>{contract.version}</td>
                    <td>{contract.team}</td>
                    <td>{readContract(contract.contract).tier ?? '—'}</td>
                    <td>{contract.status}</td>
                    <td>{contract.subjects.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}

function Checks({ id }: { id: string }) {
  const api = useApi();
  const checks = useQuery({
    queryKey: ['registry', 'contract', id, 'checks'],
    queryFn: ({ signal }) =>
      api.get<{ checks: CheckRun[] }>('registry', `/contracts/${segment(id)}/checks`, { signal, query: { limit: 20 } }),
  });
  const drift = useQuery({
    queryKey: ['registry', 'contract', id, 'drift'],
    queryFn: ({ signal }) =>
      api.get<{ events: DriftEvent[] }>('registry', `/contracts/${segment(id)}/drift-events`, {
        signal,
        query: { limit: 20 },
      }),
  });
  return (
    <div className="columns">
      <div>
        <h2>Checks</h2>
        <QueryState query={checks} what="the check runs">
          {({ checks: runs }) =>
            runs.length === 0 ? (
              <p className="muted">No check runs reported yet (`charter checkpoint`, `charter dbt check`).</p>
            ) : (
              <ul className="plain" data-testid="checks">
                {runs.map((run) => (
                  <li key={run.id}>
                    <span className={`badge ${run.success ? 'badge-safe' : 'badge-breaking'}`}>
                      {run.success ? 'passed' : 'failed'}
                    </span>{' '}
                    {run.kind} · {run.source.type} {run.source.name} · v{run.contract.version} ·{' '}
                    <time dateTime={run.finished_at}>{new Date(run.finished_at).toLocaleString()}</time>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </div>
      <div>
        <h2>Drift</h2>
        <QueryState query={drift} what="the drift events">
          {({ events }) =>
            events.length === 0 ? (
              <p className="muted">No drift detected.</p>
            ) : (
              <ul className="plain" data-testid="drift">
                {events.map((event) => (
                  <li key={event.event_id}>
                    <code>{event.field}</code> {event.test}: {event.statistic} (threshold {event.threshold}) ·{' '}
                    {event.source} ·{' '}
                    <time dateTime={event.detected_at}>{new Date(event.detected_at).toLocaleString()}</time>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </div>
    </div>
  );
}

function ContractDetail({ id }: { id: string }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const versionParam = params.get('version') ?? undefined;
  const versions = useQuery({
    queryKey: ['registry', 'contract', id, 'versions'],
    queryFn: ({ signal }) => api.get<string[]>('registry', `/contracts/${segment(id)}/versions`, { signal }),
  });
  const contract = useQuery({
    queryKey: ['registry', 'contract', id, 'version', versionParam ?? 'latest'],
    queryFn: ({ signal }) =>
      api.get<ContractView>(
        'registry',
        versionParam ? `/contracts/${segment(id)}/versions/${segment(versionParam)}` : `/contracts/${segment(id)}`,
        { signal },
      ),
  });
  const details = useMemo(() => (contract.data ? readContract(contract.data.contract) : undefined), [contract.data]);
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/contracts">Contracts</Link> /
      </p>
      <h1>Contract {id}</h1>
      {contract.error ? (
        <QueryError error={contract.error} what="the contract" />
      ) : !contract.data || !details ? (
        <p aria-busy="true">Loading the contract…</p>
      ) : (
        <>
          {details.description && <p>{details.description}</p>}
          <dl className="facts" data-testid="contract-facts">
            <dt>Version</dt>
            <dd>
              {versions.data && versions.data.length > 1 ? (
                <>
                  <label htmlFor="contract-version" className="visually-hidden">
                    Contract version
                  </label>
                  <select
                    id="contract-version"
                    className="input"
                    value={contract.data.version}
                    onChange={(event) => setParams({ version: event.target.value }, { replace: true })}
                  >
                    {versions.data.map((version) => (
                      <option key={version} value={version}>
                        {version}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                contract.data.version
              )}
            </dd>
            <dt>Status</dt>
            <dd>{contract.data.status}</dd>
            <dt>Owner team</dt>
            <dd>{contract.data.team}</dd>
            <dt>Owners</dt>
            <dd>{details.owners.map((owner) => owner.name ?? owner.username).join(', ') || '—'}</dd>
            <dt>Tier</dt>
            <dd>{details.tier ?? '—'}</dd>
            <dt>Compatibility</dt>
            <dd>{details.compatibility ?? '—'}</dd>
            <dt>Domain</dt>
            <dd>{details.domain ?? '—'}</dd>
            <dt>Published</dt>
            <dd>
              {new Date(contract.data.createdAt).toLocaleString()} by {contract.data.createdBy}
            </dd>
          </dl>

          <h2>Subjects</h2>
          {contract.data.subjects.length === 0 ? (
            <p className="muted">This version binds no registry subject.</p>
          ) : (
            <ul data-testid="contract-subjects">
              {contract.data.subjects.map((subject) => (
                <li key={subject}>
                  <Link to={`/subjects/${segment(subject)}`}>{subject}</Link>
                </li>
              ))}
            </ul>
          )}

          <h2>SLA</h2>
          {details.sla.length === 0 ? (
            <p className="muted">No SLA properties.</p>
          ) : (
            <table className="data-table" data-testid="sla">
              <caption className="visually-hidden">SLA</caption>
              <thead>
                <tr>
                  <th scope="col">Property</th>
                  <th scope="col">Value</th>
                  <th scope="col">Element</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {details.sla.map((sla) => (
                  <tr key={`${sla.property}:${sla.element ?? ''}`}>
                    <th scope="row">{sla.property}</th>
                    <td>
                      {sla.value}
                      {sla.unit ? ` ${sla.unit}` : ''}
                    </td>
                    <td>{sla.element ? <code>{sla.element}</code> : '—'}</td>
                    <td>{sla.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Quality rules</h2>
          {details.quality.length === 0 ? (
            <p className="muted">No quality rules.</p>
          ) : (
            <table className="data-table" data-testid="quality">
              <caption className="visually-hidden">Quality rules</caption>
              <thead>
                <tr>
                  <th scope="col">Applies to</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Dimension</th>
                  <th scope="col">Check</th>
                </tr>
              </thead>
              <tbody>
                {details.quality.map((rule, index) => (
                  <tr key={index}>
                    <td>
                      <code>{rule.target}</code>
                    </td>
                    <td>
                      {rule.name}
                      {rule.description && <div className="muted">{rule.description}</div>}
                    </td>
                    <td>{rule.dimension ?? '—'}</td>
                    <td>{rule.rule}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Consumers</h2>
          {details.consumers.length === 0 ? (
            <p className="muted">No consumers declared.</p>
          ) : (
            <table className="data-table" data-testid="consumers">
              <caption className="visually-hidden">Consumers</caption>
              <thead>
                <tr>
                  <th scope="col">Consumer</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Team</th>
                  <th scope="col">Fields</th>
                </tr>
              </thead>
              <tbody>
                {details.consumers.map((consumer) => (
                  <tr key={consumer.id}>
                    <th scope="row">
                      {consumer.id}
                      {consumer.executive && <span className="badge badge-breaking">executive</span>}
                      {consumer.description && <div className="muted">{consumer.description}</div>}
                    </th>
                    <td>{consumer.kind ?? '—'}</td>
                    <td>{consumer.team ?? '—'}</td>
                    <td>{consumer.fields.join(', ') || 'all'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          {details.support.length > 0 && (
            <>
              <h2>Support</h2>
              <ul>
                {details.support.map((channel) => (
                  <li key={channel.channel}>
                    {channel.channel}
                    {channel.tool ? ` (${channel.tool})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}

          <Checks id={id} />
        </>
      )}
    </section>
  );
}

export function ContractPage() {
  const id = useParams().contract;
  return id === undefined ? <ContractList /> : <ContractDetail id={id} />;
}
