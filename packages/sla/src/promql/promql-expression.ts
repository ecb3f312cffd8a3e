/** The part of PromQL Charter's evaluator computes: what SLI queries need, nothing more. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  op: MatchOperator;
  value: string;
}

export type AggregateOperator = 'sum' | 'min' | 'max' | 'avg' | 'count';
export type BinaryOperator = '+' | '-' | '*' | '/' | 'or';
export type RangeFunction = 'rate' | 'increase';

export type PromqlExpression =
  | { kind: 'number'; value: number }
  | { kind: 'vector'; value: number }
  | { kind: 'selector'; metric: string; matchers: LabelMatcher[] }
  | { kind: 'range'; fn: RangeFunction; metric: string; matchers: LabelMatcher[]; rangeMilliseconds: number }
  | { kind: 'quantile'; quantile: number; argument: PromqlExpression }
  | {
      kind: 'aggregate';
      op: AggregateOperator;
      grouping: { mode: 'by' | 'without'; labels: string[] } | undefined;
      argument: PromqlExpression;
    }
  | { kind: 'binary'; op: BinaryOperator; left: PromqlExpression; right: PromqlExpression };

/** Every metric name a query reads. */
export function metricNamesOf(expression: PromqlExpression): string[] {
  switch (expression.kind) {
    case 'number':
    case 'vector':
      return [];
    case 'selector':
    case 'range':
      return [expression.metric];
    case 'quantile':
    case 'aggregate':
      return metricNamesOf(expression.argument);
    case 'binary':
      return [...metricNamesOf(expression.left), ...metricNamesOf(expression.right)];
  }
}
