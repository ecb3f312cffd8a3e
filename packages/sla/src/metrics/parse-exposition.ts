/** One sample of a scrape: a series (metric name and labels) and its value. */
export interface Sample {
  metric: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Exposition {
  samples: Sample[];
  /** Families declared by `# TYPE` (a histogram `x` stands for `x_bucket`, `x_sum`, `x_count`). */
  types: Map<string, MetricType>;
}

export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ExpositionError';
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * Parses Prometheus's text exposition format 0.0.4 (what prom-client serves on /metrics). `parse-prometheus-text-format`
 * was tried first: it drops the labels, `_sum` and `_count` of labelled histograms, which the latency SLI needs.
 */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, MetricType>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const match = /^#\s+TYPE\s+(\S+)\s+(\S+)\s*$/.exec(line);
      if (match) {
        const type = match[2] as MetricType;
        if (!TYPES.has(type)) throw new ExpositionError(index + 1, `unknown metric type "${match[2]}"`);
        types.set(match[1]!, type);
      }
      return;
    }
    samples.push(parseSampleLine(line, index + 1));
  });
  return { samples, types };
}

function parseSampleLine(line: string, lineNumber: number): Sample {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) throw new ExpositionError(lineNumber, 'expected a metric name');
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label) throw new ExpositionError(lineNumber, 'expected a label name');
      rest = rest.slice(label.length).trimStart();
      if (!rest.startsWith('="')) throw new ExpositionError(lineNumber, `expected ="…" after label ${label}`);
      rest = rest.slice(2);
      let value = '';
      let closed = false;
      for (let i = 0; i < rest.length; i++) {
        const char = rest[i];
        if (char === '\\') {
          const next = rest[++i];
          value += next === 'n' ? '\n' : (next ?? '');
        } else if (char === '"') {
          rest = rest.slice(i + 1).trimStart();
          closed = true;
          break;
        } else value += char;
      }
      if (!closed) throw new ExpositionError(lineNumber, `unterminated value of label ${label}`);
      labels[label] = value;
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith('}')) throw new ExpositionError(lineNumber, 'expected "," or "}" between labels');
    }
    rest = rest.slice(1);
  }
  const [valueText] = rest.trim().split(/\s+/);
  const value = parseValue(valueText ?? '');
  if (value === undefined) throw new ExpositionError(lineNumber, `"${valueText ?? ''}" is not a sample value`);
  return { metric: name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Every metric name an exposition offers: its samples' names, and each declared family's series names. */
export function metricNamesOf(exposition: Exposition): Set<string> {
  const names = new Set(exposition.samples.map((sample) => sample.metric));
  for (const [family, type] of exposition.types) {
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${family}${suffix}`);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(`${family}${suffix}`);
    else names.add(family);
  }
  return names;
}
