// Bad inputs tried: Slack control characters (<, >, &) and mentions in the title, a title over Slack's header limit,
// every severity, both closing events.
import { type IncidentNotice, renderIncidentPage, renderIncidentSlack, SLACK_LIMITS } from '../src';

const notice: IncidentNotice = {
  key: '6f1c1c64-8f8c-4b0e-9a59-1d1e1c0b7a10',
  subject: 'orders-value',
  version: 4,
  title: 'orders-value v4 dropped currency',
  severity: 'SEV-1',
  event: 'triggered',
  link: 'https://registry.acme.example/incidents/6f1c1c64-8f8c-4b0e-9a59-1d1e1c0b7a10',
};

describe('incident notices', () => {
  it.each([
    ['SEV-1', 'critical'],
    ['SEV-2', 'error'],
    ['SEV-3', 'warning'],
    ['SEV-4', 'info'],
  ] as const)('pages %s as a PagerDuty trigger at %s with the incident as dedup key', (severity, expected) => {
    const event = renderIncidentPage({ ...notice, severity }, 'routing-key');
    expect(event).toMatchObject({
      routing_key: 'routing-key',
      dedup_key: notice.key,
      event_action: 'trigger',
      payload: { severity: expected, component: 'orders-value', source: 'charter' },
    });
    expect((event.payload as { summary: string }).summary).toBe(
      `${severity} schema incident on orders-value v4: orders-value v4 dropped currency`,
    );
  });

  it.each(['resolved', 'aborted'] as const)('resolves the page when the incident is %s, same dedup key', (event) => {
    expect(renderIncidentPage({ ...notice, event })).toEqual({ dedup_key: notice.key, event_action: 'resolve' });
  });

  it('escapes Slack control characters and cuts the header to its limit', () => {
    const message = renderIncidentSlack({
      ...notice,
      event: 'stage-entered',
      stage: 'contain',
      title: `<!channel> & ${'x'.repeat(300)}`,
      subject: 'orders<value>',
    }) as { text: string; blocks: Array<{ text?: { text: string } }> };
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(message.text).toContain('SEV-1 incident stage-entered · contain: orders&lt;value&gt;');
    expect(message.blocks[1]!.text!.text).toContain('&lt;!channel&gt; &amp;');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
  });
});
