import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, segment, useApi } from '../../api';
import { useIdentity } from '../../auth';
import { roleOf } from '../../auth/identity';
import { ChoiceFilter } from '../../components';
import { QueryError, QueryState } from '../../layout';
import { formatDuration, formatTime } from '../ops-format';
import {
  drillScenario,
  groupTimeline,
  type Incident,
  type StageView,
  subjectOwner,
  type TimelineEntry,
  waitingSteps,
} from './incident-timeline';
import '../ops-pages.css';

const STATUSES = ['open', 'resolved', 'aborted'] as const;

// The Markdown renderer is most of this page's weight: it loads only when an incident has a post-mortem to show.
const PostmortemView = lazy(() => import('./postmortem-view').then((m) => ({ default: m.PostmortemView })));

/** Incidents and drills: the list; with `?id=` one incident's timeline, its waiting steps and its post-mortem. */
export function IncidentsPage() {
  const [search] = useSearchParams();
  const id = search.get('id');
  return id ? <IncidentDetail id={id} /> : <IncidentList />;
}

function IncidentList() {
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const status = STATUSES.find((candidate) => candidate === search.get('status'));
  const incidents = useQuery({
    queryKey: ['registry', 'incidents', status ?? 'all'],
    queryFn: ({ signal }) =>
      api.get<{ incidents: Incident[] }>('registry', '/incidents', { signal, query: { status, limit: 200 } }),
  });
  return (
    <section>
      <h1>Incidents</h1>
      <p className="muted">Incidents opened by runbook runs and chaos drills, newest first.</p>
      <div className="filters">
        <ChoiceFilter
          label="Status"
          value={status}
          options={STATUSES}
          onChange={(value) => setSearch(value === undefined ? {} : { status: value })}
        />
      </div>
      <QueryState query={incidents} what="the incidents">
        {({ incidents: list }) =>
          list.length === 0 ? (
            <p>No incidents{status ? ` with status ${status}` : ''}.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" aria-label="Incidents">
                <thead>
                  <tr>
                    <th scope="col">Incident</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Status</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Scenario</th>
                    <th scope="col">Opened</th>
                    <th scope="col">Resolved</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((incident) => (
                    <tr key={incident.id}>
                      <td>
                        <Link to={`/incidents?id=${segment(incident.id)}`}>{incident.title}</Link>
                      </td>
                      <td>
                        <SeverityBadge severity={incident.severity} />
                      </td>
                      <td>
                        <span className={`badge status-${incident.status}`}>{incident.status}</span>
                      </td>
                      <td className="mono">
                        {incident.subject}
                        {incident.version !== null && ` v${incident.version}`}
                      </td>
                      <td>
                        <Scenario incident={incident} />
                      </td>
                      <td>
                        <time dateTime={incident.opened_at}>{formatTime(incident.opened_at)}</time>
                      </td>
                      <td>{incident.closed_at ? formatTime(incident.closed_at) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

function SeverityBadge({ severity }: { severity: string | null }) {
  return <span className={`badge severity-${(severity ?? 'none').toLowerCase()}`}>{severity ?? 'not assessed'}</span>;
}

function Scenario({ incident }: { incident: Incident }) {
  const drill = drillScenario(incident);
  return drill ? (
    <span>
      drill <span className="mono">{drill}</span>
      <div className="muted">runbook {incident.runbook}</div>
    </span>
  ) : (
    <span>
      runbook <span className="mono">{incident.runbook}</span>
    </span>
  );
}

function IncidentDetail({ id }: { id: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { identity } = useIdentity();
  const incident = useQuery({
    queryKey: ['registry', 'incident', id],
    queryFn: ({ signal }) =>
      api.get<Incident & { timeline: TimelineEntry[] }>('registry', `/incidents/${segment(id)}`, { signal }),
    staleTime: 0,
  });
  const postmortem = useQuery({
    queryKey: ['registry', 'incident', id, 'postmortem'],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<{ markdown: string; updated_at: string; updated_by: string }>(
          'registry',
          `/incidents/${segment(id)}/postmortem`,
          { signal },
        );
      } catch (error) {
        // 40461: the incident has no post-mortem yet (the runbook writes it in its last stage).
        if (error instanceof ApiError && error.isNotFound && error.code === '40461') return null;
        throw error;
      }
    },
  });
  const ownership = useQuery({
    queryKey: ['registry', 'ownership'],
    queryFn: ({ signal }) =>
      api.get<{ teams: Array<{ name: string; subjectPrefixes: string[] }> }>('registry', '/ownership', { signal }),
    enabled: roleOf(identity) === 'team',
  });
  const acknowledge = useMutation({
    mutationFn: (step: string) => api.post<Incident>('registry', `/incidents/${segment(id)}/ack`, { step }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['registry', 'incident', id] }),
  });

  return (
    <section>
      <p>
        <Link to="/incidents">← All incidents</Link>
      </p>
      <QueryState query={incident} what="the incident">
        {(shown) => {
          const stages = groupTimeline(shown.timeline);
          const waiting = shown.status === 'open' ? waitingSteps(stages) : [];
          const role = roleOf(identity);
          const mayAcknowledge =
            role === 'admin' ||
            (role === 'team' &&
              ownership.data !== undefined &&
              identity.team !== null &&
              subjectOwner(ownership.data, shown.subject) === identity.team);
          return (
            <>
              <h1>{shown.title}</h1>
              <dl className="facts">
                <dt>Severity</dt>
                <dd>
                  <SeverityBadge severity={shown.severity} />
                </dd>
                <dt>Status</dt>
                <dd>
                  <span className={`badge status-${shown.status}`}>{shown.status}</span>
                </dd>
                <dt>Subject</dt>
                <dd className="mono">
                  {shown.subject}
                  {shown.version !== null && ` v${shown.version}`}
                </dd>
                <dt>Scenario</dt>
                <dd>
                  <Scenario incident={shown} />
                </dd>
                <dt>Opened</dt>
                <dd>
                  {formatTime(shown.opened_at)} by <span className="mono">{shown.opened_by.key}</span>
                </dd>
                <dt>Acknowledged</dt>
                <dd>{formatTime(shown.acknowledged_at)}</dd>
                <dt>Closed</dt>
                <dd>{formatTime(shown.closed_at)}</dd>
              </dl>
              {shown.summary && <p>{shown.summary}</p>}

              {waiting.length > 0 && (
                <div className="notice waiting" role="status">
                  <h2>Waiting for people</h2>
                  <ul>
                    {waiting.map((step) => (
                      <li key={step}>
                        <span className="mono">{step}</span> waits for an acknowledgement{' '}
                        {mayAcknowledge ? (
                          <button
                            type="button"
                            className="button primary"
                            disabled={acknowledge.isPending}
                            onClick={() => acknowledge.mutate(step)}
                          >
                            Acknowledge {step}
                          </button>
                        ) : (
                          <span className="muted">(the subject's team or an admin acknowledges it)</span>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {acknowledge.error && <QueryError error={acknowledge.error} what="The acknowledgement failed" />}

              <h2>Timeline</h2>
              {stages.length === 0 ? <p>No timeline entries yet.</p> : <Timeline stages={stages} />}

              <h2>Post-mortem</h2>
              <QueryState query={postmortem} what="the post-mortem">
                {(written) =>
                  written === null ? (
                    <p>No post-mortem yet: the runbook writes it in its post-mortem stage.</p>
                  ) : (
                    <>
                      <p className="muted">
                        Written {formatTime(written.updated_at)} by {written.updated_by}
                      </p>
                      <Suspense fallback={<p aria-busy="true">Loading the post-mortem…</p>}>
                        <PostmortemView markdown={written.markdown} />
                      </Suspense>
                    </>
                  )
                }
              </QueryState>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function Timeline({ stages }: { stages: StageView[] }) {
  return (
    <ol className="timeline" aria-label="Timeline">
      {stages.map((stage) => (
        <li key={stage.stage} className="stage">
          <h3>
            {stage.stage}{' '}
            <span className={`badge outcome-${stage.outcome ?? 'running'}`}>{stage.outcome ?? 'in progress'}</span>
          </h3>
          <p className="muted">
            entered {formatTime(stage.enteredAt)} · left {formatTime(stage.leftAt)}
            {stage.reason && ` · ${stage.reason}`}
          </p>
          {stage.steps.length > 0 && (
            <table className="data-table" aria-label={`Steps of ${stage.stage}`}>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                </tr>
              </thead>
              <tbody>
                {stage.steps.map((step) => (
                  <tr key={step.step}>
                    <td className="mono">{step.step}</td>
                    <td>{step.owner ?? '—'}</td>
                    <td>
                      <span className={`badge outcome-${step.outcome ?? 'running'}`}>
                        {step.outcome ?? (step.acknowledgedAt ? 'acknowledged' : 'waiting')}
                      </span>
                      {step.error && <div className="muted">{step.error}</div>}
                      {step.acknowledgedBy && <div className="muted">acknowledged by {step.acknowledgedBy}</div>}
                    </td>
                    <td>{step.attempts ?? '—'}</td>
                    <td>{formatDuration(step.durationMs)}</td>
                    <td>{formatTime(step.startedAt)}</td>
                    <td>{formatTime(step.finishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ol>
  );
}
