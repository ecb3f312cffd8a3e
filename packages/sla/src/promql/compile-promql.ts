import type { SyntaxNode } from '@lezer/common';
import { formatPrometheusDuration, parsePrometheusDuration } from '../duration/duration';
import type { AggregateOperator, BinaryOperator, LabelMatcher, PromqlExpression } from './promql-expression';
import { promqlParser as parser } from './promql-parser';

/** The placeholder an SLI query writes where the evaluation window goes, as Sloth does: `rate(x[{{.window}}])`. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/** A query Charter cannot read: a syntax error (per Prometheus's own grammar) or PromQL the evaluator does not do. */
export class PromqlError extends Error {
  constructor(
    readonly code: 'promql-syntax' | 'promql-unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'PromqlError';
  }
}

/** The query text with its window placeholder replaced by a Prometheus duration. */
export function renderQuery(query: string, windowMilliseconds: number): string {
  return query.replaceAll(WINDOW_PLACEHOLDER, formatPrometheusDuration(windowMilliseconds));
}

/** Syntax errors in a query, by Prometheus's lezer grammar (the one its UI uses): `[]` if it parses. */
export function findPromqlSyntaxErrors(query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) {
        const near = query.slice(node.from, node.from + 16);
        errors.push(
          `syntax error at character ${node.from + 1} of the query${near ? `, near "${near}"` : ' (it ends too early)'}`,
        );
      }
    },
  });
  return errors;
}

const AGGREGATES = new Set<AggregateOperator>(['sum', 'min', 'max', 'avg', 'count']);
const BINARY: Record<string, BinaryOperator> = { Add: '+', Sub: '-', Mul: '*', Div: '/', Or: 'or' };

/** Compiles a query (placeholder already rendered) into the expression the evaluator computes. */
export function compilePromql(query: string): PromqlExpression {
  const [syntaxError] = findPromqlSyntaxErrors(query);
  if (syntaxError) throw new PromqlError('promql-syntax', syntaxError);
  const root = parser.parse(query).topNode;
  const first = root.firstChild;
  if (!first) throw new PromqlError('promql-syntax', 'empty query');
  return compileNode(first, query);
}

function text(node: SyntaxNode, query: string): string {
  return query.slice(node.from, node.to);
}

function unsupported(node: SyntaxNode, query: string): never {
  throw new PromqlError(
    'promql-unsupported',
    `${node.name} "${text(node, query)}" is valid PromQL but not computed by Charter's evaluator`,
  );
}

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

function compileNode(node: SyntaxNode, query: string): PromqlExpression {
  switch (node.name) {
    case 'ParenExpr': {
      const inner = children(node)[0];
      if (!inner) return unsupported(node, query);
      return compileNode(inner, query);
    }
    case 'NumberDurationLiteral': {
      const value = Number(text(node, query));
      if (Number.isNaN(value)) return unsupported(node, query);
      return { kind: 'number', value };
    }
    case 'VectorSelector':
      return { kind: 'selector', ...compileSelector(node, query) };
    case 'BinaryExpr': {
      const [left, op, ...rest] = children(node);
      const right = rest.at(-1);
      const operator = op ? BINARY[op.name] : undefined;
      if (!left || !right || !operator || rest.length !== 1) return unsupported(node, query);
      return { kind: 'binary', op: operator, left: compileNode(left, query), right: compileNode(right, query) };
    }
    case 'AggregateExpr':
      return compileAggregate(node, query);
    case 'FunctionCall':
      return compileCall(node, query);
    default:
      return unsupported(node, query);
  }
}

function compileSelector(node: SyntaxNode, query: string): { metric: string; matchers: LabelMatcher[] } {
  let metric: string | undefined;
  const matchers: LabelMatcher[] = [];
  for (const child of children(node)) {
    if (child.name === 'Identifier') metric = text(child, query);
    else if (child.name === 'LabelMatchers') {
      for (const matcher of children(child)) {
        if (matcher.name !== 'UnquotedLabelMatcher') return unsupported(matcher, query);
        const [label, op, value] = children(matcher);
        if (!label || !op || !value) return unsupported(matcher, query);
        matchers.push({
          label: text(label, query),
          op: text(op, query) as LabelMatcher['op'],
          value: JSON.parse(text(value, query).replace(/^'|'$/g, '"')) as string,
        });
      }
    } else return unsupported(child, query);
  }
  if (!metric) return unsupported(node, query);
  return { metric, matchers };
}

function compileAggregate(node: SyntaxNode, query: string): PromqlExpression {
  let op: AggregateOperator | undefined;
  let grouping: { mode: 'by' | 'without'; labels: string[] } | undefined;
  let argument: PromqlExpression | undefined;
  for (const child of children(node)) {
    if (child.name === 'AggregateOp') {
      const name = text(child, query).toLowerCase() as AggregateOperator;
      if (!AGGREGATES.has(name)) return unsupported(child, query);
      op = name;
    } else if (child.name === 'AggregateModifier') {
      const [mode, labels] = children(child);
      if (!mode || !labels) return unsupported(child, query);
      grouping = {
        mode: mode.name === 'By' ? 'by' : 'without',
        labels: children(labels).map((label) => text(label, query)),
      };
    } else if (child.name === 'FunctionCallBody') {
      const args = children(child);
      if (args.length !== 1 || !args[0]) return unsupported(child, query);
      argument = compileNode(args[0], query);
    } else return unsupported(child, query);
  }
  if (!op || !argument) return unsupported(node, query);
  return { kind: 'aggregate', op, grouping, argument };
}

function compileCall(node: SyntaxNode, query: string): PromqlExpression {
  const [identifier, body] = children(node);
  if (!identifier || !body) return unsupported(node, query);
  const name = text(identifier, query);
  const args = children(body);
  if (name === 'histogram_quantile') {
    const [quantile, argument] = args;
    if (args.length !== 2 || !quantile || !argument) return unsupported(node, query);
    const value = compileNode(quantile, query);
    if (value.kind !== 'number') return unsupported(quantile, query);
    return { kind: 'quantile', quantile: value.value, argument: compileNode(argument, query) };
  }
  if (name === 'vector') {
    const [scalar] = args;
    const value = scalar && args.length === 1 ? compileNode(scalar, query) : undefined;
    if (value?.kind !== 'number') return unsupported(node, query);
    return { kind: 'vector', value: value.value };
  }
  if (name === 'rate' || name === 'increase') {
    const [matrix] = args;
    if (args.length !== 1 || matrix?.name !== 'MatrixSelector') return unsupported(node, query);
    const [selector, range] = children(matrix);
    if (selector?.name !== 'VectorSelector' || !range) return unsupported(matrix, query);
    const rangeMilliseconds = parsePrometheusDuration(text(range, query));
    if (rangeMilliseconds === undefined) return unsupported(range, query);
    return { kind: 'range', fn: name, ...compileSelector(selector, query), rangeMilliseconds };
  }
  return unsupported(node, query);
}

/** The functions a query calls and the metrics it selects, by Prometheus's grammar (what a rule file depends on). */
export function promqlReferences(query: string): { functions: string[]; metrics: string[] } {
  const functions = new Set<string>();
  const metrics = new Set<string>();
  parser.parse(query).iterate({
    enter(node) {
      if (node.name === 'FunctionIdentifier') functions.add(query.slice(node.from, node.to));
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) metrics.add(query.slice(identifier.from, identifier.to));
      }
    },
  });
  return { functions: [...functions], metrics: [...metrics] };
}
