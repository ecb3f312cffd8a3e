import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../src/render/render-markdown';
import { PAGERDUTY_LIMITS, renderPagerDuty } from '../src/render/render-pagerduty';
import { renderSlack, SLACK_LIMITS } from '../src/render/render-slack';
import { BLOCKED_NOTICE } from './notice-fixture';

const notice = BLOCKED_NOTICE;

/** What people (or events) might put in names and reasons to make a message do something else. */
const HOSTILE = [
  '<!channel> wake up',
  '<https://evil.example|click me>',
  '*bold* _it_ ~strike~ `code`',
  '[link](https://evil.example) ![img](x)',
  '| a | b |\n| --- |',
  '# heading\n- list',
  '<script>alert(1)</script>',
  '@everyone &amp; &lt;',
];

describe('rendering escapes everything users and events control', () => {
  it.each(HOSTILE)('Slack: %j stays text', (hostile) => {
    const message = JSON.stringify(
      renderSlack({
        ...notice,
        subject: hostile,
        reasons: [hostile],
        datasets: [{ ...notice.datasets[0]!, name: hostile }],
      }),
    );
    // No raw control characters from user text reach Slack: only escaped forms, and only Charter's own link.
    expect(message).not.toContain('<!channel>');
    expect(message).not.toContain('<https://evil.example|');
    expect(message).not.toContain('<script>');
    for (const link of message.match(/<https?:[^|>]*/g) ?? [])
      expect(link).toBe('<https://charter.example/approvals/1');
  });

  it.each(HOSTILE)('Markdown: %j stays text', (hostile) => {
    const markdown = renderMarkdown({ ...notice, subject: hostile, reasons: [hostile], changedBy: hostile });
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('](https://evil.example)');
    expect(markdown).not.toMatch(/^# heading/m);
    expect(markdown).not.toMatch(/\n\| --- \|/);
    // Each table row still has exactly its five cell separators.
    for (const row of markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Dataset'))) {
      expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(5);
    }
  });
});

describe('rendering respects each channel’s limits: cut with a link, never refused', () => {
  const many = {
    ...notice,
    reasons: Array.from({ length: 400 }, (_, index) => `reason number ${index} ${'x'.repeat(40)}`),
    datasets: Array.from({ length: 5_000 }, (_, index) => ({
      namespace: 'snowflake://acme',
      name: `analytics.table_${index}_${'y'.repeat(30)}`,
      team: `team-${index % 7}`,
      reason: undefined,
    })),
  };

  it('Slack: every section within 3 000 characters, at most 50 blocks, saying how many are left out', () => {
    const message = renderSlack(many);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks as Array<{ text?: { text: string } }>) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(JSON.stringify(message)).toMatch(
      /and \d+ more: <https:\/\/charter\.example\/approvals\/1\|see the full impact>/,
    );
  });

  it('GitHub: within the comment limit, with a count of the rows left out', () => {
    const markdown = renderMarkdown(many);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(
      /and \d+ more dataset\(s\): \[see the full impact\]\(https:\/\/charter\.example\/approvals\/1\)/,
    );
    expect(renderMarkdown(notice)).toContain('[Full impact](https://charter.example/approvals/1)');
  });

  it('PagerDuty: a summary within 1 024 characters; trigger and resolve share the dedup key', () => {
    const trigger = renderPagerDuty(many, 'routing-key') as {
      payload: { summary: string; severity: string };
      dedup_key: string;
    };
    expect(trigger.payload.summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
    expect(trigger.payload.severity).toBe('critical');
    const resolve = renderPagerDuty({ ...many, state: 'resolved' }, 'routing-key');
    expect(resolve).toEqual({ routing_key: 'routing-key', dedup_key: trigger.dedup_key, event_action: 'resolve' });
  });
});
