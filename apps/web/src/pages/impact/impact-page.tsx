import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { type ApiClient, segment, useApi } from '../../api';
import { useIdentity } from '../../auth';
import { TextField } from '../../components';
import { QueryError, QueryState } from '../../layout';
import '../../lineage-graph/lineage-graph.css';
import { VERDICT_LABELS } from '../../lineage-graph/impact-colours';
import { type ImpactedDataset, type ImpactReport, isStreamingAsset } from '../../lineage-graph/impact-report';
import {
  applyPickedChange,
  CHANGE_KIND_OF,
  FIELD_CHANGES,
  type FieldChangeId,
  fieldsOfSchema,
  impactChangesOf,
  RETYPE_TARGETS,
  readCandidate,
  type SchemaProblem,
  type SchemaType,
} from './what-if';

interface LatestSchema {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
}

interface ApprovalView {
  id: string;
  state: string;
  subject: string | null;
  approverTeams: string[];
  expiresAt: string;
}

/** What one run of the what-if asked and got. */
interface Outcome {
  report?: ImpactReport;
  /** The candidate schema, for a subject (what an approval is asked for). */
  candidate?: { subject: string; schema: string; schemaType: SchemaType };
  /** The breaking changes found (subject) or picked (dataset). */
  changes: Array<{ field: string; change: string }>;
}

class SchemaParseError extends Error {
  constructor(readonly problem: SchemaProblem) {
    super(problem.message);
  }
}

export function ImpactPage() {
  const [target, setTarget] = useState<'subject' | 'dataset'>('subject');
  const run = useWhatIf();
  return (
    <section className="impact-page">
      <h1>Impact</h1>
      <p className="hint">
        What-if: see, before a change lands, what it breaks downstream and who must approve it. Nothing is registered.
      </p>
      <fieldset className="choice">
        <legend>Change a</legend>
        {(['subject', 'dataset'] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="target"
              value={kind}
              checked={target === kind}
              onChange={() => {
                setTarget(kind);
                run.reset();
              }}
            />{' '}
            {kind === 'subject' ? 'registry subject' : 'lineage dataset'}
          </label>
        ))}
      </fieldset>
      {target === 'subject' ? <SubjectWhatIf run={run} /> : <DatasetWhatIf run={run} />}
      <WhatIfResult run={run} />
    </section>
  );
}

type WhatIfRequest =
  | { kind: 'subject'; subject: string; previous: LatestSchema; candidate: string; schemaType: SchemaType }
  | { kind: 'dataset'; namespace: string; name: string; field: string; change: FieldChangeId };

function useWhatIf() {
  const api = useApi();
  const { identity } = useIdentity();
  return useMutation<Outcome, Error, WhatIfRequest>({
    mutationFn: async (request) => {
      const changedBy = identity.team ?? undefined;
      if (request.kind === 'dataset') {
        const changes = [
          {
            namespace: request.namespace,
            name: request.name,
            field: request.field,
            change: CHANGE_KIND_OF[request.change],
          },
        ];
        const report = await api.post<ImpactReport>('lineage', '/impact', { changes, changedBy });
        return { report, changes };
      }
      const reading = readCandidate(request.previous.schema, request.candidate, request.schemaType);
      if (!reading.ok) throw new SchemaParseError(reading.problem);
      const candidate = { subject: request.subject, schema: request.candidate, schemaType: request.schemaType };
      const changes = impactChangesOf(reading.breaking);
      if (changes.length === 0) return { candidate, changes };
      const report = await api.post<ImpactReport>('lineage', '/impact', {
        subject: request.subject,
        changes,
        changedBy,
      });
      return { report, candidate, changes };
    },
  });
}

type WhatIf = ReturnType<typeof useWhatIf>;

function SubjectWhatIf({ run }: { run: WhatIf }) {
  const api = useApi();
  const [subject, setSubject] = useState('');
  const subjects = useQuery({
    queryKey: ['registry', 'subjects'],
    queryFn: ({ signal }) => api.get<string[]>('registry', '/subjects', { signal }),
  });
  useEffect(() => {
    if (subject === '' && subjects.data && subjects.data.length > 0) setSubject(subjects.data[0]!);
  }, [subject, subjects.data]);
  const latest = useQuery({
    queryKey: ['registry', 'subject', subject, 'latest'],
    enabled: subject !== '',
    queryFn: ({ signal }) =>
      api.get<LatestSchema>('registry', `/subjects/${segment(subject)}/versions/latest`, { signal }),
  });
  return (
    <QueryState query={subjects} what="the subjects">
      {(names) => (
        <div className="what-if-form">
          <label className="field">
            <span>Subject</span>
            <select
              aria-label="Subject"
              className="input"
              value={subject}
              onChange={(event) => {
                setSubject(event.target.value);
                run.reset();
              }}
            >
              {names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {subject !== '' ? (
            <QueryState query={latest} what={`the latest version of ${subject}`}>
              {(schema) => <SchemaChangeForm key={`${subject}@${schema.version}`} latest={schema} run={run} />}
            </QueryState>
          ) : null}
        </div>
      )}
    </QueryState>
  );
}

function SchemaChangeForm({ latest, run }: { latest: LatestSchema; run: WhatIf }) {
  const schemaType: SchemaType = latest.schemaType === 'JSON' ? 'JSON' : 'AVRO';
  const fields = fieldsOfSchema(latest.schema, schemaType);
  const [mode, setMode] = useState<'pick' | 'paste'>('pick');
  const [field, setField] = useState(fields[0] ?? '');
  const [change, setChange] = useState<FieldChangeId>('drop');
  const [newType, setNewType] = useState(RETYPE_TARGETS[schemaType][0]!);
  const [newName, setNewName] = useState('');
  const [pasted, setPasted] = useState(() => prettyJson(latest.schema));
  const [pickError, setPickError] = useState<string | undefined>();
  const pasteId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPickError(undefined);
    let candidate = pasted;
    if (mode === 'pick') {
      try {
        candidate = applyPickedChange(latest.schema, schemaType, {
          field,
          change,
          newType,
          newName: newName.trim() || undefined,
        });
      } catch (error) {
        setPickError((error as Error).message);
        return;
      }
    }
    run.mutate({ kind: 'subject', subject: latest.subject, previous: latest, candidate, schemaType });
  };

  return (
    <form onSubmit={submit} className="what-if-form">
      <p className="hint">
        Against version {latest.version} ({schemaType}).
      </p>
      <fieldset className="choice">
        <legend>How</legend>
        <label>
          <input type="radio" name="mode" checked={mode === 'pick'} onChange={() => setMode('pick')} /> pick a field and
          a change
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'paste'} onChange={() => setMode('paste')} /> paste a new
          schema
        </label>
      </fieldset>
      {mode === 'pick' ? (
        <div className="field-row">
          <label className="field">
            <span>Field</span>
            <select
              aria-label="Field"
              className="input"
              value={field}
              onChange={(event) => setField(event.target.value)}
            >
              {fields.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <ChangeSelect value={change} onChange={setChange} />
          {change === 'retype' ? (
            <label className="field">
              <span>New type</span>
              <select
                aria-label="New type"
                className="input"
                value={newType}
                onChange={(event) => setNewType(event.target.value)}
              >
                {RETYPE_TARGETS[schemaType].map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {change === 'rename' ? (
            <label className="field">
              <span>New name</span>
              <input
                aria-label="New name"
                className="input"
                value={newName}
                onChange={(event) => setNewName(event.target.value)}
              />
            </label>
          ) : null}
        </div>
      ) : (
        <div className="field">
          <label htmlFor={pasteId}>New schema ({schemaType})</label>
          <textarea
            id={pasteId}
            className="input schema-paste"
            spellCheck={false}
            rows={14}
            value={pasted}
            onChange={(event) => setPasted(event.target.value)}
          />
        </div>
      )}
      {pickError ? (
        <p role="alert" className="notice error">
          {pickError}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={run.isPending}>
        Run the what-if
      </button>
    </form>
  );
}

function DatasetWhatIf({ run }: { run: WhatIf }) {
  const [namespace, setNamespace] = useState('kafka://kafka.charter.local:9092');
  const [name, setName] = useState('orders');
  const [field, setField] = useState('');
  const [change, setChange] = useState<FieldChangeId>('drop');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate({ kind: 'dataset', namespace: namespace.trim(), name: name.trim(), field: field.trim(), change });
  };
  return (
    <form onSubmit={submit} className="what-if-form">
      <div className="field-row">
        <TextField label="Namespace" required value={namespace} onChange={setNamespace} />
        <TextField label="Dataset" required value={name} onChange={setName} />
        <TextField label="Field" required value={field} onChange={setField} />
        <ChangeSelect value={change} onChange={setChange} />
      </div>
      <button type="submit" className="button primary" disabled={run.isPending}>
        Run the what-if
      </button>
    </form>
  );
}

function WhatIfResult({ run }: { run: WhatIf }) {
  if (run.isPending) return <p aria-busy="true">Asking lineage…</p>;
  if (run.error instanceof SchemaParseError) {
    const { problem } = run.error;
    return (
      <div role="alert" className="notice error" data-testid="schema-problem">
        The schema does not parse: {problem.message}
        {problem.path ? (
          <>
            {' '}
            — at <code>{problem.path}</code>
          </>
        ) : null}{' '}
        <span className="code">({problem.code})</span>
      </div>
    );
  }
  if (run.error) return <QueryError error={run.error} what="The impact" />;
  if (!run.data) return null;
  const { report, candidate, changes } = run.data;
  if (!report) {
    return (
      <section aria-labelledby="verdict-heading" className="verdict">
        <h2 id="verdict-heading">Verdict</h2>
        <p>No breaking change: nothing for lineage to judge.</p>
      </section>
    );
  }
  const streamingCount = report.datasets.filter((dataset) => isStreamingAsset(dataset)).length;
  return (
    <section aria-labelledby="verdict-heading" className="verdict" data-testid="verdict">
      <h2 id="verdict-heading">Verdict</h2>
      <p className="verdict-line">
        <span className={`severity-badge severity-${report.severity.toLowerCase()}`} data-testid="severity">
          {report.severity}
        </span>{' '}
        <span className={`severity-badge verdict-${report.verdict}`} data-testid="decision">
          {VERDICT_LABELS[report.verdict]}
        </span>{' '}
        {report.counts.datasets} dataset(s), {report.counts.columns} column(s) reached: {streamingCount} streaming,{' '}
        {report.counts.datasets - streamingCount} batch (a topic or a streaming job's output is streaming).
      </p>
      <h3>Changes judged</h3>
      <ul>
        {changes.map((change) => (
          <li key={`${change.field}:${change.change}`}>
            <code>{change.field}</code>: {change.change}
          </li>
        ))}
      </ul>
      <h3>Why</h3>
      <ul>
        {report.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <AssetGroups report={report} />
      {candidate && (report.verdict === 'block' || report.verdict === 'needs-approval') ? (
        <RequestApproval candidate={candidate} report={report} />
      ) : null}
    </section>
  );
}

function AssetGroups({ report }: { report: ImpactReport }) {
  const batch = report.datasets.filter((dataset) => !isStreamingAsset(dataset));
  const streaming = report.datasets.filter((dataset) => isStreamingAsset(dataset));
  return (
    <>
      <h3>By team</h3>
      {report.byTeam.length === 0 ? <p>Nothing downstream.</p> : null}
      {report.byTeam.map((group) => (
        <AssetTable
          key={group.team ?? '(none)'}
          caption={group.team === null ? 'No owning team known' : `Team ${group.team}`}
          datasets={group.datasets}
        />
      ))}
      <h3>By contract</h3>
      {report.byContract.map((group) => (
        <AssetTable
          key={group.contract?.id ?? '(none)'}
          caption={group.contract ? `Contract ${group.contract.id} (${group.contract.tier})` : 'No contract'}
          datasets={group.datasets}
        />
      ))}
      <h3>Batch and streaming</h3>
      <AssetTable caption={`Batch (${batch.length})`} datasets={batch} />
      <AssetTable caption={`Streaming (${streaming.length})`} datasets={streaming} />
    </>
  );
}

function AssetTable({ caption, datasets }: { caption: string; datasets: ImpactedDataset[] }) {
  return (
    <table className="lineage-table assets">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Dataset</th>
          <th scope="col">Namespace</th>
          <th scope="col">Owner</th>
          <th scope="col">Contract</th>
          <th scope="col">Why it counts</th>
          <th scope="col">Fields reached</th>
        </tr>
      </thead>
      <tbody>
        {datasets.length === 0 ? (
          <tr>
            <td colSpan={6}>None.</td>
          </tr>
        ) : null}
        {datasets.map((dataset) => (
          <tr key={dataset.dataset}>
            <td>
              <Link to={`/lineage?node=${encodeURIComponent(dataset.dataset)}`}>{dataset.name}</Link>
            </td>
            <td>
              <code>{dataset.namespace}</code>
            </td>
            <td>{dataset.team ?? '—'}</td>
            <td>{dataset.contract ? `${dataset.contract.id} (${dataset.contract.tier})` : '—'}</td>
            <td>{dataset.reason ?? '—'}</td>
            <td>{dataset.fields.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function requestApproval(
  api: ApiClient,
  candidate: NonNullable<Outcome['candidate']>,
  reason: string,
): Promise<ApprovalView> {
  return api.post<ApprovalView>('registry', '/approvals', {
    subject: candidate.subject,
    schema: candidate.schema,
    ...(candidate.schemaType === 'AVRO' ? {} : { schemaType: candidate.schemaType }),
    reason,
  });
}

function RequestApproval({
  candidate,
  report,
}: {
  candidate: NonNullable<Outcome['candidate']>;
  report: ImpactReport;
}) {
  const api = useApi();
  const { identity, permissions } = useIdentity();
  const [reason, setReason] = useState(
    `What-if on ${candidate.subject}: ${report.severity} / ${report.verdict} (${report.counts.datasets} dataset(s) reached)`,
  );
  const request = useMutation({ mutationFn: () => requestApproval(api, candidate, reason.trim()) });
  if (!permissions.canWrite) {
    return <p className="hint">A {identity.role} key cannot request approvals; a team, ci or admin key can.</p>;
  }
  return (
    <section aria-labelledby="approval-heading" className="approval-request">
      <h3 id="approval-heading">Request approval</h3>
      <p className="hint">
        Asks the registry for an exception for exactly this schema on {candidate.subject}, as {identity.role}.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate();
        }}
      >
        <label className="field">
          <span>Reason</span>
          <input
            aria-label="Reason"
            className="input wide"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button type="submit" className="button primary" disabled={request.isPending || request.isSuccess}>
          Request approval
        </button>
      </form>
      {request.error ? <QueryError error={request.error} what="The approval request" /> : null}
      {request.data ? (
        <p role="status" data-testid="approval-filed">
          Approval <code>{request.data.id}</code> is <strong>{request.data.state}</strong>
          {request.data.approverTeams.length > 0 ? `, for ${request.data.approverTeams.join(', ')} to decide` : ''}; it
          expires {new Date(request.data.expiresAt).toLocaleString()}. <Link to="/approvals">Approvals</Link>
        </p>
      ) : null}
    </section>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The field change a what-if tries: drop, retype or rename. */
function ChangeSelect(props: { value: FieldChangeId; onChange: (change: FieldChangeId) => void }) {
  return (
    <label className="field">
      <span>Change</span>
      <select
        aria-label="Change"
        className="input"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as FieldChangeId)}
      >
        {FIELD_CHANGES.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
