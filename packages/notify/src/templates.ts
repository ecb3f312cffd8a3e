import Handlebars from 'handlebars';

/**
 * The notification texts. Compiled in an isolated handlebars environment with HTML escaping off: every value is
 * escaped for its channel before rendering (`escapeAll`), so no template can output user text unescaped.
 */
const handlebars = Handlebars.create();
handlebars.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
);

const compile = (source: string) => handlebars.compile(source, { noEscape: true, strict: false });

export const TEMPLATES = {
  slackHeader: compile('{{severity}} impact: {{subject}}'),
  slackSummary: compile(
    '*{{subject}}* — a schema change {{#if changedBy}}by *{{changedBy}}* {{/if}}was judged *{{severity}}* ({{verdict}}).\n{{#if resolution}}Resolved: {{resolution}}\n{{/if}}{{#each reasons}}• {{this}}\n{{/each}}',
  ),
  slackDataset: compile(
    '• `{{namespace}}` / *{{name}}*{{#if team}} — {{team}}{{/if}}{{#if reason}} ({{reason}}){{/if}}',
  ),
  pagerDutySummary: compile('[{{severity}}] {{subject}}: {{join reasons "; "}}'),
  breachHeader: compile('Contract breach: {{dataset.name}} ({{contract.id}})'),
  breachSummary: compile(
    '*{{dataset.name}}* in `{{dataset.namespace}}` breaks contract *{{contract.id}}* {{contract.version}} ({{contract.tier}}, owned by {{contract.team}}): reported {{#if job}}by job *{{job.name}}* ({{job.namespace}}){{#if runId}}, run `{{runId}}`{{/if}} {{/if}}at {{eventTime}}.',
  ),
  breachProblem: compile('• `{{code}}` *{{field}}*: {{message}}'),
  breachPagerDutySummary: compile(
    '[{{contract.tier}}] {{dataset.name}} breaks contract {{contract.id}}: {{#each problems}}{{#if @index}}; {{/if}}{{field}} {{code}}{{/each}}',
  ),
  breachMarkdown: compile(
    [
      '### Contract breach: **{{dataset.name}}** breaks **{{contract.id}}** {{contract.version}}',
      '',
      'The schema reported for **{{dataset.name}}** ({{dataset.namespace}}) {{#if job}}by job **{{job.name}}** ({{job.namespace}}){{#if runId}}, run {{runId}},{{/if}} {{/if}}at {{eventTime}} breaks the contract owned by **{{contract.team}}** ({{contract.tier}}).',
      '',
      '| Field | Problem | Detail |',
      '|---|---|---|',
      '{{#each problems}}| {{field}} | {{code}} | {{message}} |',
      '{{/each}}',
    ].join('\n'),
  ),
  checkFailedHeader: compile('Check failed: {{contract.id}} on {{source.name}}'),
  checkFailedSummary: compile(
    'A {{kind}} of contract *{{contract.id}}* {{contract.version}} (owned by {{contract.team}}) on {{source.type}} `{{source.name}}` failed at {{finishedAt}}: {{statistics.failed}} of {{statistics.evaluated}} check(s) failed ({{statistics.successPercent}}% passed).',
  ),
  checkFailure: compile(
    '• `{{id}}` ({{severity}}) {{expectation}}{{#if observed}}: observed {{observed}}{{/if}}{{#if unexpectedCount}}, {{unexpectedCount}} unexpected{{#if unexpectedPercent}} ({{unexpectedPercent}}%){{/if}}{{/if}}{{#if message}} — {{message}}{{/if}}',
  ),
  checkFailedPagerDutySummary: compile(
    'Check failed: {{contract.id}} {{contract.version}} on {{source.name}}: {{statistics.failed}} failing ({{#each failures}}{{#if @index}}; {{/if}}{{id}}{{/each}})',
  ),
  checkFailedMarkdown: compile(
    [
      '### Check failed: **{{contract.id}}** {{contract.version}} on {{source.name}}',
      '',
      'A {{kind}} on {{source.type}} **{{source.name}}** failed at {{finishedAt}}: **{{statistics.failed}}** of {{statistics.evaluated}} check(s) failed ({{statistics.successPercent}}% passed). Contract owned by **{{contract.team}}**.',
      '',
      '| Check | Severity | Expectation | Observed | Unexpected | Detail |',
      '|---|---|---|---|---|---|',
      '{{#each failures}}| {{id}} | {{severity}} | {{expectation}} | {{#if observed}}{{observed}}{{else}}—{{/if}} | {{#if unexpectedCount}}{{unexpectedCount}}{{else}}—{{/if}} | {{#if message}}{{message}}{{else}}—{{/if}} |',
      '{{/each}}',
    ].join('\n'),
  ),
  driftHeader: compile('Drift detected: {{contract.id}}.{{field}} ({{test}})'),
  driftSummary: compile(
    '*{{field}}* of contract *{{contract.id}}*{{#if contract.version}} {{contract.version}}{{/if}} (owned by {{contract.team}}) drifted in `{{source}}`: {{test}} = *{{statistic}}* over the threshold {{threshold}}.\nWindow {{window.start}} → {{window.end}} ({{window.count}} records) against a baseline of {{baseline.windows}} window(s), {{baseline.count}} records; detected at {{detectedAt}}.',
  ),
  driftPagerDutySummary: compile(
    'Drift: {{contract.id}}.{{field}} in {{source}}: {{test}} {{statistic}} > {{threshold}} ({{window.start}} → {{window.end}})',
  ),
  driftMarkdown: compile(
    [
      '### Drift detected: **{{contract.id}}** field **{{field}}**',
      '',
      '| Source | Test | Statistic | Threshold | Window | Records | Baseline |',
      '|---|---|---|---|---|---|---|',
      '| {{source}} | {{test}} | {{statistic}} | {{threshold}} | {{window.start}} → {{window.end}} | {{window.count}} | {{baseline.windows}} window(s), {{baseline.count}} records |',
      '',
      'Detected at {{detectedAt}}; the contract is owned by **{{contract.team}}**.',
    ].join('\n'),
  ),
  incidentPagerDutySummary: compile(
    '{{severity}} schema incident on {{subject}}{{#if version}} v{{version}}{{/if}}: {{title}}',
  ),
  incidentHeader: compile(
    '{{severity}} incident {{event}}{{#if stage}} · {{stage}}{{/if}}{{#if step}} · {{step}}{{/if}}: {{subject}}',
  ),
  incidentSummary: compile(
    '*{{title}}*\nSubject *{{subject}}*{{#if version}} version {{version}}{{/if}} — {{event}}{{#if stage}} ({{stage}}){{/if}}{{#if detail}}: {{detail}}{{/if}}.',
  ),
  markdown: compile(
    [
      '### {{#if resolution}}Resolved: {{/if}}{{severity}} impact on `{{subject}}`',
      '',
      'A schema change {{#if changedBy}}by **{{changedBy}}** {{/if}}was judged **{{severity}}** (verdict: **{{verdict}}**).',
      '',
      '{{#if resolution}}**Resolved:** {{resolution}}',
      '',
      '{{/if}}{{#each reasons}}- {{this}}',
      '{{/each}}',
      '| Dataset | Namespace | Owner | Why it counts |',
      '|---|---|---|---|',
      '{{#each datasets}}| {{name}} | {{namespace}} | {{#if team}}{{team}}{{else}}—{{/if}} | {{#if reason}}{{reason}}{{else}}—{{/if}} |',
      '{{/each}}',
    ].join('\n'),
  ),
};
