import type { ImpactNotice } from '../src/impact-notice';
import { parseNotificationRoutes } from '../src/routing/notification-routes';
import { planNotifications } from '../src/routing/plan-notifications';
import { BLOCKED_NOTICE } from './notice-fixture';

const ENV = {
  ORDERS_SLACK: 'https://hooks.slack.example/services/T0/B0/orders',
  ANALYTICS_SLACK: 'https://hooks.slack.example/services/T0/B0/analytics',
  ORDERS_PD_KEY: 'pd-routing-key-orders',
  GITHUB_TOKEN: 'ghp_0123456789',
  HOOK_SECRET: 'a-webhook-secret-of-at-least-32-chars',
};

const ROUTES = `
endpoints:
  orders-slack: { channel: slack, url: "\${ORDERS_SLACK}" }
  orders-pager:
    channel: pagerduty
    url: https://events.pagerduty.example/v2/enqueue
    routingKey: \${ORDERS_PD_KEY}
  analytics-slack: { channel: slack, url: "\${ANALYTICS_SLACK}" }
  incidents-issue:
    channel: github
    url: https://api.github.example/repos/acme/contracts/issues/7/comments
    token: \${GITHUB_TOKEN}
  audit-hook: { channel: webhook, url: "http://127.0.0.1:9/hook", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-slack, orders-pager]
  analytics: [analytics-slack, incidents-issue]
fallback: [audit-hook]
`;

/** The blocked notice, with a second dataset nobody owns (it goes to the fallback). */
const notice: ImpactNotice = {
  ...BLOCKED_NOTICE,
  datasets: [
    ...BLOCKED_NOTICE.datasets,
    { namespace: 'snowflake://acme', name: 'raw.orders', team: undefined, reason: undefined },
  ],
};

describe('parseNotificationRoutes', () => {
  it('reads endpoints, team routes and the fallback, with variables from the environment', () => {
    const { routes, problems } = parseNotificationRoutes(ROUTES, ENV);
    expect(problems).toEqual([]);
    expect(routes!.endpoints['orders-pager']).toEqual({
      channel: 'pagerduty',
      url: 'https://events.pagerduty.example/v2/enqueue',
      routingKey: 'pd-routing-key-orders',
    });
    expect(routes!.endpoints['orders-slack']!.url).toBe(ENV.ORDERS_SLACK);
    expect(routes!.teams).toEqual({
      orders: ['orders-slack', 'orders-pager'],
      analytics: ['analytics-slack', 'incidents-issue'],
    });
    expect(routes!.fallback).toEqual(['audit-hook']);
  });

  // Bad files tried: each must be refused with the place and the reason, never half-read.
  it.each([
    ['broken YAML', 'endpoints: [', '/', /^line 1: /],
    ['an unset variable', ROUTES, '/endpoints/orders-pager/routingKey', /ORDERS_PD_KEY is not set/],
    [
      'an unknown channel',
      'endpoints: { a: { channel: email, url: "https://x.example" } }',
      '/endpoints/a/channel',
      /./,
    ],
    [
      'a non-http URL',
      'endpoints: { a: { channel: slack, url: "file:///etc/passwd" } }',
      '/endpoints/a/url',
      /http\(s\) URL/,
    ],
    [
      'PagerDuty without a routing key',
      'endpoints: { a: { channel: pagerduty, url: "https://x.example" } }',
      '/endpoints/a/routingKey',
      /required/,
    ],
    [
      'GitHub without a token',
      'endpoints: { a: { channel: github, url: "https://x.example" } }',
      '/endpoints/a/token',
      /required/,
    ],
    [
      'an unsigned webhook',
      'endpoints: { a: { channel: webhook, url: "https://x.example" } }',
      '/endpoints/a/secret',
      /required/,
    ],
    [
      'a short secret',
      'endpoints: { a: { channel: webhook, url: "https://x.example", secret: short } }',
      '/endpoints/a/secret',
      /32/,
    ],
    [
      'an unknown key',
      'endpoints: { a: { channel: slack, url: "https://x.example", channelName: "#x" } }',
      '/endpoints/a',
      /channelName/,
    ],
    [
      'a route to a missing endpoint',
      'endpoints: {}\nteams: { orders: [nowhere] }',
      '/teams/orders/0',
      /no endpoint named "nowhere"/,
    ],
    ['a fallback to a missing endpoint', 'endpoints: {}\nfallback: [nowhere]', '/fallback/0', /nowhere/],
    ['no endpoints at all', 'teams: {}', '/endpoints', /./],
    ['a list', '- a\n- b', '/', /./],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]`,
      '/',
      /alias/i,
    ],
  ])('refuses %s', (_what, text, path, message) => {
    const { routes, problems } = parseNotificationRoutes(
      text,
      ENV.ORDERS_PD_KEY ? { ...ENV, ORDERS_PD_KEY: undefined } : ENV,
    );
    expect(routes).toBeUndefined();
    expect(problems).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
  });

  it('never echoes a value in a problem (values may be secrets)', () => {
    const { problems } = parseNotificationRoutes(
      'endpoints: { a: { channel: slack, url: "not a url sekrit-value" } }',
      ENV,
    );
    expect(JSON.stringify(problems)).not.toContain('sekrit-value');
  });
});

describe('planNotifications', () => {
  const { routes } = parseNotificationRoutes(ROUTES, ENV);

  it('sends one message per endpoint of every owning team, the subject owner included, and unowned assets to the fallback', () => {
    const plan = planNotifications(notice, routes!, ['orders']);
    expect(plan.map(({ delivery }) => delivery.endpoint)).toEqual([
      'analytics-slack',
      'audit-hook',
      'incidents-issue',
      'orders-pager',
      'orders-slack',
    ]);
    const byEndpoint = Object.fromEntries(plan.map(({ delivery }) => [delivery.endpoint, delivery.body]));
    expect(byEndpoint['orders-pager']).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'orders-value:abc123',
      payload: { severity: 'critical', component: 'orders-value' },
    });
    // The routing key is added when delivered: the plan (queued in Redis) never holds it.
    expect(JSON.stringify(plan)).not.toContain(ENV.ORDERS_PD_KEY);
    expect(byEndpoint['analytics-slack']).toMatchObject({ blocks: expect.any(Array) });
    expect((byEndpoint['incidents-issue'] as { body: string }).body).toContain(
      '### CRITICAL impact on `orders\\-value`',
    );
    expect(byEndpoint['audit-hook']).toEqual({ type: 'impact.triggered', notice });
  });

  it('is stable per notice, state and endpoint, so a retried block queues nothing new; a resolve is new', () => {
    const first = planNotifications(notice, routes!, ['orders']).map(({ id }) => id);
    expect(planNotifications(notice, routes!, ['orders']).map(({ id }) => id)).toEqual(first);
    const resolved = planNotifications({ ...notice, state: 'resolved', resolution: 'approved' }, routes!, ['orders']);
    expect(resolved.map(({ id }) => id).filter((id) => first.includes(id))).toEqual([]);
    expect(resolved.find(({ delivery }) => delivery.endpoint === 'orders-pager')!.delivery.body).toEqual({
      dedup_key: 'orders-value:abc123',
      event_action: 'resolve',
    });
  });

  it('reaches only the fallback when no team is routed, and nobody when there is no fallback', () => {
    const lonely = { ...notice, datasets: [] };
    expect(planNotifications(lonely, routes!, ['growth']).map(({ delivery }) => delivery.endpoint)).toEqual([
      'audit-hook',
    ]);
    expect(planNotifications(lonely, { ...routes!, fallback: [] }, ['growth'])).toEqual([]);
  });
});
