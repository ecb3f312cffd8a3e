import type { CheckFailedNotice } from '../src/check-notice';
import { renderCheckFailed } from '../src/render/render-check-failed';
import { renderDrift } from '../src/render/render-drift';
import { GITHUB_COMMENT_LIMIT } from '../src/render/render-markdown';
import { PAGERDUTY_LIMITS } from '../src/render/render-pagerduty';
import { SLACK_LIMITS } from '../src/render/render-slack';
import { type Channel, parseNotificationRoutes } from '../src/routing/notification-routes';
import { planCheckFailedNotifications, planDriftNotifications } from '../src/routing/plan-check-notifications';
import { CHECK_FAILED_NOTICE, DRIFT_NOTICE } from './notice-fixture';

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
const CHANNELS: Channel[] = ['slack', 'pagerduty', 'github', 'webhook'];
const { routes } = parseNotificationRoutes(ROUTES, ENV);

describe('planCheckFailedNotifications and planDriftNotifications', () => {
  it('send one message to each endpoint of the team owning the contract, nobody else', () => {
    for (const plan of [
      planCheckFailedNotifications(CHECK_FAILED_NOTICE, routes!),
      planDriftNotifications(DRIFT_NOTICE, routes!),
    ]) {
      expect(plan.map(({ delivery }) => delivery.endpoint)).toEqual(['orders-issue', 'orders-pager', 'orders-slack']);
      expect(JSON.stringify(plan)).not.toContain(ENV.PD_KEY);
    }
  });

  it('reach the fallback when the owning team has no routes, as webhook bodies of their own type', () => {
    const growth = { team: 'growth' };
    const failed = planCheckFailedNotifications(
      { ...CHECK_FAILED_NOTICE, contract: { ...CHECK_FAILED_NOTICE.contract, ...growth } },
      routes!,
    );
    const drift = planDriftNotifications(
      { ...DRIFT_NOTICE, contract: { ...DRIFT_NOTICE.contract, ...growth } },
      routes!,
    );
    expect(failed.map(({ delivery }) => [delivery.endpoint, (delivery.body as { type: string }).type])).toEqual([
      ['audit-hook', 'check.failed'],
    ]);
    expect(drift.map(({ delivery }) => [delivery.endpoint, (delivery.body as { type: string }).type])).toEqual([
      ['audit-hook', 'drift.detected'],
    ]);
  });

  it('are stable per run (or event) and endpoint, and never share ids between the two kinds', () => {
    const ids = planCheckFailedNotifications(CHECK_FAILED_NOTICE, routes!).map(({ id }) => id);
    expect(planCheckFailedNotifications(CHECK_FAILED_NOTICE, routes!).map(({ id }) => id)).toEqual(ids);
    const sameKeyDrift = planDriftNotifications({ ...DRIFT_NOTICE, key: CHECK_FAILED_NOTICE.key }, routes!);
    expect(sameKeyDrift.map(({ id }) => id).filter((id) => ids.includes(id))).toEqual([]);
    const other = planCheckFailedNotifications({ ...CHECK_FAILED_NOTICE, key: 'another' }, routes!);
    expect(other.map(({ id }) => id).filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe('renderCheckFailed', () => {
  it('names the contract, version, source, failing checks with observed values, and the link', () => {
    const slack = JSON.stringify(renderCheckFailed('slack', CHECK_FAILED_NOTICE));
    for (const part of [
      'orders',
      '3.0.0',
      'staging.orders',
      'customer_id.not_null',
      'observed 12',
      CHECK_FAILED_NOTICE.link,
    ]) {
      expect(slack).toContain(part);
    }
    const markdown = (renderCheckFailed('github', CHECK_FAILED_NOTICE) as { body: string }).body;
    expect(markdown).toContain(
      '| customer\\_id\\.not\\_null | error | expect\\_column\\_values\\_to\\_not\\_be\\_null | 12 | 12 |',
    );
    expect(renderCheckFailed('pagerduty', CHECK_FAILED_NOTICE)).toMatchObject({
      dedup_key: CHECK_FAILED_NOTICE.key,
      event_action: 'trigger',
      payload: { severity: 'error', component: 'staging.orders', group: 'orders' },
    });
  });

  const HOSTILE = [
    '<!channel> wake up',
    '<https://evil.example|click me>',
    '| a | b |\n# heading',
    '<script>x</script>',
  ];

  it.each(HOSTILE)('escapes %j for Slack and GitHub', (hostile) => {
    const given: CheckFailedNotice = {
      ...CHECK_FAILED_NOTICE,
      source: { type: 'csv', name: hostile },
      failures: [{ id: hostile, severity: 'error', expectation: hostile, observed: hostile, message: hostile }],
    };
    const slack = JSON.stringify(renderCheckFailed('slack', given));
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toContain('<https://evil.example|');
    expect(slack).not.toContain('<script>');
    const markdown = (renderCheckFailed('github', given) as { body: string }).body;
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/^# heading/m);
    for (const row of markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Check'))) {
      expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(7);
    }
  });

  it('keeps within each channel’s limits, saying how many failing checks are left out', () => {
    const many: CheckFailedNotice = {
      ...CHECK_FAILED_NOTICE,
      failures: Array.from({ length: 1_000 }, (_, index) => ({
        id: `column_${index}_${'x'.repeat(40)}.not_null`,
        severity: 'error' as const,
        expectation: 'expect_column_values_to_not_be_null',
        observed: 'y'.repeat(200),
        unexpectedCount: index + 1,
        message: `orders.column_${index}: ${'z'.repeat(300)}`,
      })),
      failuresLeftOut: 7,
    };
    const slack = renderCheckFailed('slack', many) as { text: string; blocks: Array<{ text?: { text: string } }> };
    expect(slack.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const block of slack.blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(JSON.stringify(slack)).toMatch(
      /and \d+ more: <https:\/\/registry\.charter\.example\/checks\/[^|]*\|see the run>/,
    );
    const markdown = (renderCheckFailed('github', many) as { body: string }).body;
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/and \d+ more failing check\(s\)/);
    const pager = renderCheckFailed('pagerduty', many) as {
      payload: { summary: string; custom_details: { failures: unknown[]; failuresLeftOut: number } };
    };
    expect(pager.payload.summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
    expect(pager.payload.custom_details.failures).toHaveLength(50);
    expect(pager.payload.custom_details.failuresLeftOut).toBe(957);
    const hook = renderCheckFailed('webhook', many) as { notice: CheckFailedNotice };
    expect(hook.notice.failures).toHaveLength(50);
    expect(hook.notice.failuresLeftOut).toBe(957);
  });
});

describe('renderDrift', () => {
  it('names the field, test, statistic against the threshold and the window, in every channel', () => {
    for (const channel of CHANNELS) {
      const text = JSON.stringify(renderDrift(channel, DRIFT_NOTICE));
      for (const part of ['amount', 'ks', '0.41', '0.2', 'T09:00:00'])
        expect([channel, text]).toEqual([channel, expect.stringContaining(part)]);
    }
    expect(renderDrift('pagerduty', DRIFT_NOTICE)).toMatchObject({
      dedup_key: DRIFT_NOTICE.key,
      payload: { severity: 'warning', component: 'kafka:orders', group: 'orders' },
    });
  });

  it('escapes hostile names and stays within the limits', () => {
    const hostile = { ...DRIFT_NOTICE, field: `<!channel> ${'f'.repeat(5_000)}`, source: '| x |\n# heading <script>' };
    const slack = renderDrift('slack', hostile) as { text: string; blocks: Array<{ text?: { text: string } }> };
    expect(JSON.stringify(slack)).not.toContain('<!channel>');
    expect(slack.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const block of slack.blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    const markdown = (renderDrift('github', hostile) as { body: string }).body;
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/^# heading/m);
    const pager = renderDrift('pagerduty', hostile) as { payload: { summary: string } };
    expect(pager.payload.summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
  });
});
