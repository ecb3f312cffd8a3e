import { renderBreach } from '../src/render/render-breach';
import { GITHUB_COMMENT_LIMIT } from '../src/render/render-markdown';
import { PAGERDUTY_LIMITS } from '../src/render/render-pagerduty';
import { SLACK_LIMITS } from '../src/render/render-slack';
import { parseNotificationRoutes } from '../src/routing/notification-routes';
import { planBreachNotifications } from '../src/routing/plan-breach-notifications';
import { BREACH_NOTICE } from './notice-fixture';

const notice = BREACH_NOTICE;
const ENV = { HOOK_SECRET: 'a-webhook-secret-of-at-least-32-chars', PD_KEY: 'pd-routing-key-orders' };
const ROUTES = `
endpoints:
  orders-slack: { channel: slack, url: "https://hooks.slack.example/services/T0/B0/orders" }
  orders-pager: { channel: pagerduty, url: "https://events.pagerduty.example/v2/enqueue", routingKey: "\${PD_KEY}" }
  orders-issue: { channel: github, url: "https://api.github.example/repos/acme/c/issues/1/comments", token: t }
  analytics-slack: { channel: slack, url: "https://hooks.slack.example/services/T0/B0/analytics" }
  audit-hook: { channel: webhook, url: "http://127.0.0.1:9/hook", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-slack, orders-pager, orders-issue]
  analytics: [analytics-slack]
fallback: [audit-hook]
`;

describe('planBreachNotifications', () => {
  const { routes } = parseNotificationRoutes(ROUTES, ENV);

  it('sends one message to each endpoint of the team owning the contract, nobody else', () => {
    const plan = planBreachNotifications(notice, routes!);
    expect(plan.map(({ delivery }) => delivery.endpoint)).toEqual(['orders-issue', 'orders-pager', 'orders-slack']);
    const byEndpoint = Object.fromEntries(plan.map(({ delivery }) => [delivery.endpoint, delivery.body]));
    expect(byEndpoint['orders-pager']).toMatchObject({
      event_action: 'trigger',
      dedup_key: notice.key,
      payload: { severity: 'critical', component: 'raw.orders', group: 'warehouse-orders' },
    });
    expect(JSON.stringify(plan)).not.toContain(ENV.PD_KEY);
    expect((byEndpoint['orders-issue'] as { body: string }).body).toContain('| amount\\_cents | field\\-missing |');
    expect(byEndpoint['orders-slack']).toMatchObject({ text: 'Contract breach: raw.orders (warehouse-orders)' });
  });

  it('reaches the fallback when the owning team has no routes, as a signed webhook body', () => {
    const plan = planBreachNotifications({ ...notice, contract: { ...notice.contract, team: 'growth' } }, routes!);
    expect(plan.map(({ delivery }) => delivery.endpoint)).toEqual(['audit-hook']);
    expect(plan[0]!.delivery.body).toMatchObject({
      type: 'contract.breach',
      notice: { key: notice.key, problems: notice.problems, problemsLeftOut: 0 },
    });
  });

  it('is stable per breach and endpoint, so queueing a breach again delivers nothing new', () => {
    const ids = planBreachNotifications(notice, routes!).map(({ id }) => id);
    expect(planBreachNotifications(notice, routes!).map(({ id }) => id)).toEqual(ids);
    const other = planBreachNotifications({ ...notice, key: 'another' }, routes!).map(({ id }) => id);
    expect(other.filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe('renderBreach', () => {
  // Names from events and contracts that try to make a message do something else.
  const HOSTILE = [
    '<!channel> wake up',
    '<https://evil.example|click me>',
    '| a | b |\n# heading',
    '<script>x</script>',
  ];

  it.each(HOSTILE)('escapes %j for Slack and GitHub', (hostile) => {
    const given = {
      ...notice,
      dataset: { ...notice.dataset, name: hostile },
      problems: [{ code: 'field-missing', field: hostile, message: hostile }],
    };
    const slack = JSON.stringify(renderBreach('slack', given));
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toContain('<https://evil.example|');
    expect(slack).not.toContain('<script>');
    const markdown = (renderBreach('github', given) as { body: string }).body;
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/^# heading/m);
    for (const row of markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Field'))) {
      expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(4);
    }
  });

  it('keeps within each channel’s limits, saying how many problems are left out', () => {
    const many = {
      ...notice,
      problems: Array.from({ length: 3_000 }, (_, index) => ({
        code: 'field-missing',
        field: `column_${index}_${'x'.repeat(30)}`,
        message: `field "column_${index}" is declared in the contract but dataset "raw.orders" has no such field`,
      })),
    };
    const slack = renderBreach('slack', many) as { blocks: Array<{ text?: { text: string } }> };
    for (const block of slack.blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(JSON.stringify(slack)).toMatch(/and \d+ more: <https:\/\/lineage\.charter\.example\/[^|]*\|see the breach>/);
    const markdown = (renderBreach('github', many) as { body: string }).body;
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/and \d+ more problem\(s\)/);
    const pager = renderBreach('pagerduty', many) as {
      payload: { summary: string; custom_details: { problems: unknown[]; problemsLeftOut: number } };
    };
    expect(pager.payload.summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
    expect(pager.payload.custom_details.problems).toHaveLength(50);
    expect(pager.payload.custom_details.problemsLeftOut).toBe(2_950);
  });

  it('pages by the contract’s tier: tier-1 critical, tier-2 error, tier-3 warning', () => {
    const severity = (tier: 'tier-1' | 'tier-2' | 'tier-3') =>
      (
        renderBreach('pagerduty', { ...notice, contract: { ...notice.contract, tier } }) as {
          payload: { severity: string };
        }
      ).payload.severity;
    expect([severity('tier-1'), severity('tier-2'), severity('tier-3')]).toEqual(['critical', 'error', 'warning']);
  });
});
