export { boundCheckRun, REPORTED_MESSAGE_LIMIT, REPORTED_RESULTS_LIMIT } from './bound-check-run';
export {
  type CheckResult,
  type CheckRunDocument,
  type CheckRunKind,
  type CheckSeverity,
  type CheckSourceType,
  PARTIAL_UNEXPECTED_LIMIT,
  REPORT_FORMATS,
  type ReportFormat,
} from './check-run';
export { type CreateCheckRunOptions, createCheckRun } from './create-check-run';
export { describeResult, describeRun, orderFailingFirst } from './describe-result';
export { formatCheckRun } from './format-check-run';
export { escapeXml } from './format-junit';
export { escapeMarkdown } from './format-markdown';
export { type SplitCheckRunOptions, splitCheckRunByContract } from './split-check-run';
export { isRunSuccessful, summarizeResults } from './summarize-results';
