import type { CheckResult, CheckRunDocument } from './check-run';
import { describeResult, describeRun } from './describe-result';

/**
 * JUnit XML for CI: one testsuite for the run, one testcase per result. A failing error is a <failure>, a check that
 * could not be evaluated is an <error>, a failing warning passes with the warning in <system-out> (it does not fail
 * the run either).
 */
export function formatJunit(doc: CheckRunDocument): string {
  const failures = doc.results.filter((r) => !r.success && r.severity === 'error' && !r.exception_info).length;
  const errors = doc.results.filter((r) => !r.success && r.severity === 'error' && r.exception_info).length;
  const seconds = Math.max(0, (Date.parse(doc.finished_at) - Date.parse(doc.started_at)) / 1000) || 0;
  const suite = attributes({
    name: describeRun(doc),
    tests: doc.results.length,
    failures,
    errors,
    skipped: 0,
    timestamp: doc.started_at,
    time: seconds,
  });
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name: `charter ${doc.kind}`, tests: doc.results.length, failures, errors, time: seconds })}>`,
    `  <testsuite ${suite}>`,
    '    <properties>',
    `      <property ${attributes({ name: 'run_id', value: doc.run_id })}/>`,
    `      <property ${attributes({ name: 'source', value: `${doc.source.type} ${doc.source.name}` })}/>`,
    ...(doc.contract === undefined
      ? []
      : [`      <property ${attributes({ name: 'contract', value: `${doc.contract.id} ${doc.contract.version}` })}/>`]),
    '    </properties>',
    ...doc.results.flatMap((result) => testcase(doc, result)),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testcase(doc: CheckRunDocument, result: CheckResult): string[] {
  const classname = [doc.contract?.id ?? result.meta?.model ?? result.meta?.contract ?? doc.kind, result.meta?.object]
    .filter((part) => part !== undefined)
    .join('.');
  const open = `    <testcase ${attributes({ classname, name: result.id, time: 0 })}`;
  if (result.success) return [`${open}/>`];
  const message = describeResult(result);
  const details = escapeXml(JSON.stringify({ expectation: result.expectation_config, result: result.result }, null, 2));
  let body: string;
  if (result.severity === 'warning') body = `      <system-out>${escapeXml(`warning: ${message}`)}</system-out>`;
  else if (result.exception_info !== undefined)
    body = `      <error ${attributes({ message, type: result.exception_info.code })}>${details}</error>`;
  else
    body = `      <failure ${attributes({ message, type: result.expectation_config.expectation_type })}>${details}</failure>`;
  return [`${open}>`, body, '    </testcase>'];
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');
}

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML content and double- or single-quoted attributes; newlines in attributes are kept as &#10;. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (char) => XML_ENTITIES[char]!);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};
