import type { CheckRunDocument } from './check-run';
import { describeResult, describeRun, orderFailingFirst } from './describe-result';

/** Terminal output: one line per failing check (errors first), then one summary line. */
export function formatText(doc: CheckRunDocument): string {
  const lines = orderFailingFirst(doc.results)
    .filter((result) => !result.success)
    .map(
      (result) => `${result.severity === 'error' ? 'FAIL' : 'WARN'} ${result.id}: ${oneLine(describeResult(result))}`,
    );
  const { evaluated_expectations, successful_expectations, unsuccessful_expectations, success_percent } =
    doc.statistics;
  lines.push(
    `${doc.success ? 'PASSED' : 'FAILED'} ${describeRun(doc)}: ${evaluated_expectations} checks, ` +
      `${successful_expectations} passed, ${unsuccessful_expectations} failed (${success_percent}% successful)`,
  );
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
