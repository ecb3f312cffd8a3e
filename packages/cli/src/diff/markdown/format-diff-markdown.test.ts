// Bad inputs tried: a report with no change at all, impact not assessed, assessed impact that reaches nothing,
// approvals not checked, an approval never requested (the request must be shown whole), a request body holding
// backticks and a mention, asset names with table and HTML metacharacters.
import MarkdownIt from 'markdown-it';
import type { ChangeImpact, DiffReport } from '../diff-report';
import { formatDiffMarkdown, renderDiffMarkdown } from './format-diff-markdown';

const markdown = new MarkdownIt({ html: true });
/** What a reader sees: rendered, tags dropped, entities and zero-width spaces undone. */
const shown = (text: string) =>
  markdown
    .render(text)
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name]!)
    .replaceAll('\u200b', '');

const BASE: DiffReport = {
  base: 'main',
  head: 'feature',
  path: 'contracts',
  verdict: 'pass',
  changes: [],
  reasons: [],
  impact: { status: 'not-assessed', reason: 'no --lineage-url given' },
  approvals: { status: 'not-checked', reason: 'no --registry-url given' },
};

const IMPACT: ChangeImpact = {
  subject: 'orders-value',
  version: 2,
  file: 'contracts/orders/schemas/orders-value/v2.avsc',
  severity: 'HIGH',
  verdict: 'needs-approval',
  reasons: ['tier-1 contract orders-analytics reads amount'],
  batch: [
    {
      namespace: 'postgres://warehouse',
      name: 'analytics.orders|daily<b>',
      team: 'growth',
      kind: 'table',
      contract: { id: 'orders-analytics', tier: 'tier-1' },
      fields: ['amount'],
      depth: 1,
      path: ['orders-value.amount', 'analytics.orders.amount'],
    },
  ],
  streaming: [
    { namespace: 'kafka://prod', name: 'orders.enriched', kind: 'topic', fields: ['amount'], depth: 2, path: [] },
  ],
};

const cases: Array<{ name: string; report: DiffReport; says: string[]; not?: string[] }> = [
  {
    name: 'nothing changed',
    report: BASE,
    says: [
      'charter diff: pass',
      '0 blocking reasons · 0 approved · 0 notes · 0 changes (0 schema versions, 0 contracts)',
      'Compared main → feature under contracts.',
      'Nothing blocks this change',
      'Impact not assessed (no --lineage-url given): what this change reaches downstream is unknown, not empty.',
      'Approvals not checked (no --registry-url given).',
    ],
  },
  {
    name: 'a blocked change with its reasons and field changes',
    report: {
      ...BASE,
      verdict: 'blocked',
      changes: [
        {
          kind: 'schema-added',
          file: 'contracts/orders/schemas/orders-value/v2.avsc',
          subject: 'orders-value',
          version: 2,
          compatibility: {
            level: 'BACKWARD_TRANSITIVE',
            isCompatible: false,
            checkedVersions: [1],
            incompatibilities: [],
          },
          fieldChanges: [
            {
              kind: 'field-removed',
              field: 'amount',
              path: '/fields/1',
              message: 'field amount removed',
              breaking: { backward: false, forward: true },
            },
          ],
        },
        {
          kind: 'contract-changed',
          file: 'contracts/orders/contract.odcs.yaml',
          contract: 'orders',
          severityTier: { base: 'tier-2', head: 'tier-1' },
        },
      ],
      reasons: [
        {
          code: 'severity-tier-changed',
          blocking: false,
          file: 'contracts/orders/contract.odcs.yaml',
          message: 'tier up',
        },
        {
          code: 'field-missing',
          blocking: true,
          file: 'contracts/orders/contract.odcs.yaml',
          line: 26,
          field: 'amount',
          message: 'field "amount" is gone',
        },
      ],
    },
    says: [
      'charter diff: blocked',
      '1 blocking reason · 0 approved · 1 note · 2 changes (1 schema version, 1 contract)',
      '⛔ blocks contracts/orders/contract.odcs.yaml:26 field-missing field "amount" is gone',
      '⚠️ note contracts/orders/contract.odcs.yaml severity-tier-changed tier up',
      'orders-value v2: schema version added',
      '⛔ Not BACKWARD_TRANSITIVE compatible with v1.',
      'amount field-removed forward field amount removed',
      'contract orders: contract changed',
      'Severity tier tier-2 → tier-1.',
    ],
  },
  {
    name: 'impact assessed, with batch and streaming tables',
    report: { ...BASE, impact: { status: 'assessed', lineageUrl: 'http://lineage:5000', changes: [IMPACT] } },
    says: [
      'Assessed by the lineage service at http://lineage:5000.',
      'orders-value v2: HIGH, needs-approval (tier-1 contract orders-analytics reads amount)',
      'Batch impact (tables, dbt models, dashboards)',
      'analytics.orders|daily<b>postgres://warehouse table growth HIGH · orders-analytics (tier-1) orders-value.amount → analytics.orders.amount orders-value v2',
      'Streaming impact (topics, streaming jobs)',
      'orders.enrichedkafka://prod topic unknown HIGH amount orders-value v2',
    ],
  },
  {
    name: 'impact assessed, nothing reached',
    report: {
      ...BASE,
      impact: {
        status: 'assessed',
        lineageUrl: 'http://lineage:5000',
        changes: [{ ...IMPACT, batch: [], streaming: [] }],
      },
    },
    says: [
      'No batch asset (tables, dbt models, dashboards) is reached.',
      'No streaming asset (topics, streaming jobs) is reached.',
    ],
  },
  {
    name: 'approvals: one approved, one to ask for',
    report: {
      ...BASE,
      approvals: {
        status: 'checked',
        registryUrl: 'http://registry:8081',
        items: [
          {
            subject: 'orders-value',
            version: 2,
            file: 'contracts/orders/schemas/orders-value/v2.avsc',
            fingerprint: 'sha256:aa',
            state: 'approved',
            approval: { id: 'ap-1', decidedBy: 'alice (orders)', decidedAt: '2026-12-01T09:30:00.000Z' },
          },
          {
            subject: 'payments-value',
            version: 4,
            file: 'contracts/payments/schemas/payments-value/v4.avsc',
            fingerprint: 'sha256:bb',
            state: 'none',
            request: {
              method: 'POST',
              url: 'http://registry:8081/approvals',
              body: { subject: 'payments-value', schema: '{"doc":"```@team"}', reason: '<why this change is safe>' },
            },
          },
          {
            subject: 'refunds-value',
            version: 2,
            file: 'contracts/payments/schemas/refunds-value/v2.avsc',
            fingerprint: '',
            state: 'none',
            note: 'it references payments-key v3, which the registry does not have yet',
          },
        ],
      },
    },
    says: [
      'Checked on http://registry:8081.',
      '✅ orders-value v2 (contracts/orders/schemas/orders-value/v2.avsc): approved by alice (orders) on 2026-12-01, approval ap-1.',
      '⛔ payments-value v4 (contracts/payments/schemas/payments-value/v4.avsc): approval never requested.',
      '⛔ refunds-value v2 (contracts/payments/schemas/refunds-value/v2.avsc): approval never requested (it references payments-key v3, which the registry does not have yet).',
      'POST http://registry:8081/approvals\nContent-Type: application/json\n\n{\n  "subject": "payments-value",\n  "schema": "{\\"doc\\":\\"```@team\\"}",\n  "reason": "<why this change is safe>"\n}',
    ],
  },
];

describe('formatDiffMarkdown', () => {
  it.each(cases)('$name', ({ report, says }) => {
    const text = shown(formatDiffMarkdown(report));
    const flat = text.replace(/\n+/g, ' ').replace(/ +/g, ' ');
    for (const phrase of says) {
      if (phrase.includes('\n')) expect(text).toContain(phrase);
      else expect(flat).toContain(phrase);
    }
  });

  it('puts the verdict first and the changes last, one section each', () => {
    const report = cases[1]!.report;
    const titles = renderDiffMarkdown(report).map((section) => section.title);
    expect(titles).toEqual([
      'Verdict',
      'Reasons',
      'Impact',
      'Approvals',
      'Change contracts/orders/schemas/orders-value/v2.avsc',
      'Change contracts/orders/contract.odcs.yaml',
    ]);
  });

  it('keeps a mention in a request body inside its code block', () => {
    const html = markdown.render(formatDiffMarkdown(cases[4]!.report));
    expect(html).toMatch(/<pre><code class="language-http">[^<]*```@team/);
  });
});
