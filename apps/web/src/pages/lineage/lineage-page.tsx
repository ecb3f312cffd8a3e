import { useQuery } from '@tanstack/react-query';
import Graph from 'graphology';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type ApiClient, useApi } from '../../api';
import { QueryError } from '../../layout';
import { SEVERITY_COLOURS, type Severity } from '../../lineage-graph/impact-colours';
import { type ImpactReport, severityOfDataset } from '../../lineage-graph/impact-report';
import {
  createExplorerGraph,
  type ExplorerGraph,
  type MarquezNode,
  mergeMarquezGraph,
  searchNodes,
  startsOf,
  toLayoutInput,
  visibleNodes,
} from '../../lineage-graph/lineage-model';
import '../../lineage-graph/lineage-graph.css';
import { runLayout } from '../../lineage-graph/run-layout';
import { type DrawnEdge, type DrawnNode, SigmaCanvas } from '../../lineage-graph/sigma-canvas';

/** The walk depth asked of the lineage service when the URL names none (the service's own default). */
const DEFAULT_DEPTH = 20;
/** The visible-nodes table lists this many rows (the search reaches every node). */
const TABLE_ROWS = 500;
const KIND_COLOURS = { dataset: '#1d4ed8', job: '#6b7280', field: '#0e7490' } as const;

/** A column's lineage (ancestors and descendants) or a dataset's/job's, in Marquez's shape. */
function fetchNeighbourhood(api: ApiClient, nodeId: string, depth: number, columns: boolean, signal?: AbortSignal) {
  const isField = columns || nodeId.startsWith('datasetField:');
  return api.get<{ graph: MarquezNode[] }>('lineage', isField ? '/api/v1/column-lineage' : '/api/v1/lineage', {
    query: isField ? { nodeId, depth, withDownstream: true } : { nodeId, depth },
    signal,
  });
}

export function LineagePage() {
  const [params, setParams] = useSearchParams();
  const node = params.get('node') ?? '';
  const depth = Number(params.get('depth') ?? DEFAULT_DEPTH);
  // a column always opens its column graph; a dataset its dataset graph unless view=columns asks for its columns'
  const columns = node.startsWith('datasetField:') || params.get('view') === 'columns';
  return (
    <section className="lineage-page">
      <h1>Lineage</h1>
      <NodeForm initial={node} onOpen={(next) => setParams(next === '' ? {} : { node: next })} key={node} />
      {node === '' ? (
        <p className="hint">
          Open a column (<code>datasetField:&lt;namespace&gt;:&lt;dataset&gt;:&lt;field&gt;</code>), a dataset (
          <code>dataset:…</code>) or a job (<code>job:…</code>), e.g. from the impact what-if.
        </p>
      ) : (
        <>
          {node.startsWith('dataset:') ? (
            <p>
              {columns ? (
                <Link to={`/lineage?node=${encodeURIComponent(node)}`}>Show the dataset graph</Link>
              ) : (
                <Link to={`/lineage?node=${encodeURIComponent(node)}&view=columns`}>Show its column graph</Link>
              )}
            </p>
          ) : null}
          <Explorer
            key={`${node}|${depth}|${columns}`}
            root={node}
            columns={columns}
            depth={Number.isInteger(depth) ? depth : DEFAULT_DEPTH}
          />
        </>
      )}
    </section>
  );
}

function NodeForm({ initial, onOpen }: { initial: string; onOpen(node: string): void }) {
  const [value, setValue] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onOpen(value.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor="lineage-node">Node id</label>
      <input
        id="lineage-node"
        className="input wide"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        placeholder="datasetField:kafka://kafka.charter.local:9092:orders:amount_cents"
      />
      <button type="submit" className="button primary">
        Open
      </button>
    </form>
  );
}

interface Placement {
  nodes: string[];
  x: Float64Array;
  y: Float64Array;
  rank: Int32Array;
  layoutMs: number;
}

function Explorer({ root, depth, columns }: { root: string; depth: number; columns: boolean }) {
  const api = useApi();
  const [graph] = useState<ExplorerGraph>(createExplorerGraph);
  const [version, setVersion] = useState(0);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | undefined>(root.startsWith('datasetField:') ? root : undefined);
  const [focus, setFocus] = useState<string | undefined>();
  const [placement, setPlacement] = useState<Placement | undefined>();
  const [expandError, setExpandError] = useState<unknown>();

  const initial = useQuery({
    queryKey: ['lineage', 'neighbourhood', root, depth, columns],
    queryFn: ({ signal }) => fetchNeighbourhood(api, root, depth, columns, signal),
    staleTime: 0,
  });
  useEffect(() => {
    if (!initial.data) return;
    mergeMarquezGraph(graph, initial.data.graph);
    setVersion((v) => v + 1);
  }, [initial.data, graph]);

  // the graph is mutated in place: `version` says when it changed
  const visible = useMemo(() => [...visibleNodes(graph, root, collapsed)], [graph, root, collapsed, version]);

  useEffect(() => {
    if (visible.length === 0) return;
    let current = true;
    const { edges } = toLayoutInput(graph, visible);
    void runLayout({ nodeCount: visible.length, edges }, { rankGap: 100, nodeGap: 25 }).then(({ result, layoutMs }) => {
      if (current) setPlacement({ nodes: visible, x: result.x, y: result.y, rank: result.rank, layoutMs });
    });
    return () => {
      current = false;
    };
  }, [graph, visible]);

  const selectedAttributes = selected && graph.hasNode(selected) ? graph.getNodeAttributes(selected) : undefined;
  const impact = useQuery({
    queryKey: ['lineage', 'column-impact', selected],
    enabled: selectedAttributes?.kind === 'field',
    queryFn: ({ signal }) =>
      api.post<ImpactReport>(
        'lineage',
        '/impact',
        {
          changes: [
            {
              namespace: selectedAttributes!.namespace,
              name: selectedAttributes!.name,
              field: selectedAttributes!.field,
              change: 'field-removed',
            },
          ],
        },
        { signal },
      ),
  });

  /** Each highlighted column's severity: its dataset's, judged against the whole change's. */
  const highlighted = useMemo(() => {
    const report = impact.data;
    const map = new Map<string, Severity>();
    if (!report || selectedAttributes?.kind !== 'field') return map;
    const byDataset = new Map(report.datasets.map((dataset) => [dataset.dataset, dataset]));
    for (const column of report.columns) {
      const dataset = byDataset.get(column.dataset);
      map.set(column.nodeId, dataset ? severityOfDataset(dataset, report.severity) : report.severity);
    }
    return map;
  }, [impact.data, selectedAttributes?.kind]);

  const drawn = useMemo(() => {
    const shown = new Graph<DrawnNode, DrawnEdge>({ type: 'directed' });
    if (!placement) return shown;
    const inView = new Set(placement.nodes);
    placement.nodes.forEach((id, i) => {
      const attributes = graph.getNodeAttributes(id);
      const severity = highlighted.get(id);
      const isSelected = id === selected;
      shown.addNode(id, {
        x: placement.x[i]!,
        y: placement.y[i]!,
        size: isSelected ? 9 : severity ? 7 : 4,
        color: isSelected ? '#111827' : severity ? SEVERITY_COLOURS[severity] : KIND_COLOURS[attributes.kind],
        label: attributes.label,
        highlighted: isSelected,
        zIndex: isSelected || severity ? 1 : 0,
      });
    });
    for (const id of placement.nodes) {
      graph.forEachOutNeighbor(id, (target) => {
        if (!inView.has(target) || shown.hasEdge(id, target)) return;
        const hot = highlighted.has(target) && (highlighted.has(id) || id === selected);
        shown.addDirectedEdge(id, target, {
          size: hot ? 2 : 1,
          color: hot ? '#9ca3af' : '#d0d5dd',
          zIndex: hot ? 1 : 0,
        });
      });
    }
    return shown;
  }, [graph, placement, highlighted, selected]);

  const expand = useCallback(
    async (nodeId: string) => {
      setExpandError(undefined);
      try {
        const answer = await fetchNeighbourhood(api, nodeId, 1, columns);
        mergeMarquezGraph(graph, answer.graph);
        setCollapsed((previous) => {
          const next = new Set(previous);
          next.delete(nodeId);
          return next;
        });
        setVersion((v) => v + 1);
      } catch (error) {
        setExpandError(error);
      }
    },
    [api, graph, columns],
  );
  const collapse = (nodeId: string) => setCollapsed((previous) => new Set(previous).add(nodeId));
  const choose = (nodeId: string) => {
    setSelected(nodeId);
    setFocus(nodeId);
  };

  if (initial.error) return <QueryError error={initial.error} what="the lineage graph" />;
  if (initial.isPending) return <p aria-busy="true">Loading the lineage graph…</p>;

  const starts = new Set(startsOf(graph, root));
  const rankOf = new Map(placement?.nodes.map((id, i) => [id, placement.rank[i]!]) ?? []);
  return (
    <div className="lineage-explorer">
      <div className="lineage-graph-column">
        <p className="hint" data-testid="lineage-summary">
          {visible.length} node(s) shown of {graph.order} loaded
          {placement ? `; laid out in ${placement.layoutMs.toFixed(1)} ms off the main thread` : '; laying out…'}.
          Upstream is on the left, downstream on the right.
        </p>
        <SigmaCanvas
          graph={drawn}
          focus={focus}
          onSelect={choose}
          label={`Lineage graph of ${graph.hasNode(root) ? graph.getNodeAttribute(root, 'label') : root}`}
        />
        <Legend />
      </div>
      <aside className="lineage-side" aria-label="Lineage details">
        <NodeSearch graph={graph} among={visible} onChoose={choose} />
        {expandError ? <QueryError error={expandError} what="the neighbours" /> : null}
        {selected && selectedAttributes ? (
          <section aria-labelledby="selected-heading">
            <h2 id="selected-heading">Selected: {selectedAttributes.label}</h2>
            <p className="hint">
              {selectedAttributes.kind} in <code>{selectedAttributes.namespace}</code>
            </p>
            <div className="actions">
              <button type="button" className="button" onClick={() => void expand(selected)}>
                Expand neighbours
              </button>
              <button
                type="button"
                className="button"
                onClick={() => collapse(selected)}
                disabled={collapsed.has(selected)}
              >
                Collapse neighbours
              </button>
              {selected !== root ? (
                <Link className="button" to={`/lineage?node=${encodeURIComponent(selected)}`}>
                  Open from here
                </Link>
              ) : null}
            </div>
          </section>
        ) : (
          <p className="hint">
            Select a node (in the graph or the table) to expand or collapse it; a column shows its descendants by
            severity.
          </p>
        )}
        {selectedAttributes?.kind === 'field' ? (
          <Descendants query={impact} highlighted={highlighted} graph={graph} onChoose={choose} />
        ) : null}
      </aside>
      <section className="lineage-table-section" aria-labelledby="visible-heading">
        <h2 id="visible-heading">Visible nodes ({visible.length})</h2>
        <table className="lineage-table" data-testid="visible-nodes">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Kind</th>
              <th scope="col">Namespace</th>
              <th scope="col">Layer</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {visible.slice(0, TABLE_ROWS).map((id) => {
              const attributes = graph.getNodeAttributes(id);
              return (
                <tr key={id} aria-selected={id === selected}>
                  <td>
                    <button type="button" className="link-button" onClick={() => choose(id)}>
                      {attributes.label}
                    </button>
                  </td>
                  <td>{attributes.kind}</td>
                  <td>
                    <code>{attributes.namespace}</code>
                  </td>
                  <td>{rankOf.get(id) ?? ''}</td>
                  <td>{collapsed.has(id) ? 'collapsed' : starts.has(id) ? 'start' : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {visible.length > TABLE_ROWS ? (
          <p className="hint">
            The first {TABLE_ROWS} of {visible.length} are listed; search finds any of them.
          </p>
        ) : null}
      </section>
    </div>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Severity colours">
      {(Object.keys(SEVERITY_COLOURS) as Severity[]).map((severity) => (
        <li key={severity}>
          <span className={`swatch severity-${severity.toLowerCase()}`} aria-hidden="true" /> {severity}
        </li>
      ))}
    </ul>
  );
}

function NodeSearch({
  graph,
  among,
  onChoose,
}: {
  graph: ExplorerGraph;
  among: readonly string[];
  onChoose(node: string): void;
}) {
  const [text, setText] = useState('');
  const found = useMemo(() => searchNodes(graph, text, among), [graph, text, among]);
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading">Find a node</h2>
      <input
        className="input wide"
        type="search"
        aria-label="Find a node by name"
        placeholder="e.g. amount_cents"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {text.trim() !== '' ? (
        <ul className="search-results" aria-label="Matching nodes">
          {found.length === 0 ? <li>No node matches.</li> : null}
          {found.map((id) => (
            <li key={id}>
              <button type="button" className="link-button" onClick={() => onChoose(id)}>
                {graph.getNodeAttribute(id, 'label')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Descendants({
  query,
  highlighted,
  graph,
  onChoose,
}: {
  query: { data: ImpactReport | undefined; error: unknown; isPending: boolean };
  highlighted: Map<string, Severity>;
  graph: ExplorerGraph;
  onChoose(node: string): void;
}) {
  if (query.error) return <QueryError error={query.error} what="the descendants' severity" />;
  if (query.isPending || !query.data) return <p aria-busy="true">Judging the descendants…</p>;
  const report = query.data;
  const byDataset = new Map(report.datasets.map((dataset) => [dataset.dataset, dataset]));
  return (
    <section aria-labelledby="descendants-heading">
      <h2 id="descendants-heading">Descendants ({report.columns.length})</h2>
      <p>
        Dropping this column:{' '}
        <span className={`severity-badge severity-${report.severity.toLowerCase()}`}>{report.severity}</span> (
        {report.verdict})
      </p>
      {report.columns.length === 0 ? (
        <p>Nothing downstream.</p>
      ) : (
        <table className="lineage-table" data-testid="descendants">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Severity</th>
              <th scope="col">Owner</th>
              <th scope="col">Asset</th>
            </tr>
          </thead>
          <tbody>
            {report.columns.map((column) => {
              const dataset = byDataset.get(column.dataset);
              const severity = highlighted.get(column.nodeId) ?? report.severity;
              return (
                <tr key={column.nodeId}>
                  <td>
                    {graph.hasNode(column.nodeId) ? (
                      <button type="button" className="link-button" onClick={() => onChoose(column.nodeId)}>
                        {column.name}.{column.field}
                      </button>
                    ) : (
                      `${column.name}.${column.field}`
                    )}
                  </td>
                  <td>
                    <span className={`severity-badge severity-${severity.toLowerCase()}`}>{severity}</span>
                  </td>
                  <td>{dataset?.team ?? '—'}</td>
                  <td>{dataset?.reason ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
