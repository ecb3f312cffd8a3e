import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { segment, useApi } from '../../api';
import { useIdentity } from '../../auth';
import { ChoiceFilter } from '../../components';
import { QueryError, QueryState } from '../../layout';
import { formatTime } from '../ops-format';
import { APPROVAL_STATES, type Approval, describeTarget, mayDecide, shownState } from './approval-view';
import '../ops-pages.css';

type Decision = 'approve' | 'reject';

/** The approval queue: state, requester, approver teams, expiry; Approve/Reject for the keys that may decide. */
export function ApprovalsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { identity } = useIdentity();
  const [search, setSearch] = useSearchParams();
  const state = APPROVAL_STATES.find((candidate) => candidate === search.get('state'));
  const [failure, setFailure] = useState<{ id: string; error: unknown } | undefined>(undefined);

  const approvals = useQuery({
    queryKey: ['registry', 'approvals', state ?? 'all'],
    queryFn: ({ signal }) => api.get<Approval[]>('registry', '/approvals', { signal, query: { state, limit: 200 } }),
  });
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: Decision }) =>
      api.post<Approval>('registry', `/approvals/${segment(id)}/${decision}`, {}),
    onMutate: () => setFailure(undefined),
    onError: (error, { id }) => setFailure({ id, error }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['registry', 'approvals'] }),
  });
  const now = new Date();

  return (
    <section>
      <h1>Approvals</h1>
      <div className="filters">
        <ChoiceFilter
          label="State"
          value={state}
          options={APPROVAL_STATES}
          onChange={(value) => setSearch(value === undefined ? {} : { state: value })}
        />
      </div>
      {failure && <QueryError error={failure.error} what={`Approval ${failure.id.slice(0, 8)} was not decided`} />}
      <QueryState query={approvals} what="the approvals">
        {(list) =>
          list.length === 0 ? (
            <p>No approvals{state ? ` in state ${state}` : ''}.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" aria-label="Approvals">
                <thead>
                  <tr>
                    <th scope="col">For</th>
                    <th scope="col">Reason</th>
                    <th scope="col">State</th>
                    <th scope="col">Requested by</th>
                    <th scope="col">Approver teams</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Decision</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((approval) => {
                    const shown = shownState(approval, now);
                    const pending = decide.isPending && decide.variables?.id === approval.id;
                    return (
                      <tr key={approval.id} data-testid={`approval-${approval.id}`}>
                        <td>
                          <span className="mono">{describeTarget(approval)}</span>
                          <div className="muted">{approval.kind}</div>
                        </td>
                        <td>{approval.reason}</td>
                        <td>
                          <span className={`badge state-${shown}`}>{shown}</span>
                        </td>
                        <td>
                          <span className="mono">{approval.requestedBy}</span>
                          {approval.requesterTeam && <div className="muted">team {approval.requesterTeam}</div>}
                        </td>
                        <td>{approval.approverTeams.length === 0 ? 'admins' : approval.approverTeams.join(', ')}</td>
                        <td>
                          <time dateTime={approval.expiresAt}>{formatTime(approval.expiresAt)}</time>
                        </td>
                        <td>
                          {approval.decidedBy ? (
                            <span>
                              {approval.state} by <span className="mono">{approval.decidedBy}</span>
                              {approval.decisionNote && <div className="muted">{approval.decisionNote}</div>}
                            </span>
                          ) : mayDecide(approval, identity, now) ? (
                            <span className="actions">
                              <button
                                type="button"
                                className="button primary"
                                disabled={pending}
                                aria-label={`Approve ${describeTarget(approval)}`}
                                onClick={() => decide.mutate({ id: approval.id, decision: 'approve' })}
                              >
                                Approve
                              </button>
                              <button
                                type="button"
                                className="button"
                                disabled={pending}
                                aria-label={`Reject ${describeTarget(approval)}`}
                                onClick={() => decide.mutate({ id: approval.id, decision: 'reject' })}
                              >
                                Reject
                              </button>
                            </span>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
