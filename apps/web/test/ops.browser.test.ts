// The approvals, audit and incidents pages in headless Chromium against a real registry (contracts/ applied), lineage
// and the console server: an approval requested by the orders team and approved by a consumer team in a second
// browser context; the reader and the requesting team offered no decision; a forced decision refused by the registry
// (403) and shown; both actions found in the audit log by its filters, page by page; an incident opened through the
// API as the runbook engine does, its timeline, a waiting human step acknowledged, and its post-mortem rendered from
// Markdown with the HTML in it shown as text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACTS_DIR } from '@charter/lineage/testing';
import type { IssuedKey, RegistryHttp } from '@charter/registry/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openConsole, screenshot, seriousAccessibilityViolations, signIn } from './browser';
import { type ConsoleStack, keyText, startConsoleStack } from './console-stack';

interface Approval {
  id: string;
  state: string;
  approverTeams: string[];
  decidedBy: string | null;
}

const V3 = JSON.parse(readFileSync(path.join(CONTRACTS_DIR, 'orders/schemas/orders-value/v3.avsc'), 'utf8'));
const withoutField = (field: string) =>
  JSON.stringify({ ...V3, fields: V3.fields.filter((candidate: { name: string }) => candidate.name !== field) });

let stack: ConsoleStack;
let browser: Browser;
const keys: Record<string, IssuedKey> = {};
const http = (role: string): RegistryHttp =>
  stack.registry.http.as({ keyId: keys[role]!.id, secret: keys[role]!.secret });
const contexts: BrowserContext[] = [];

const sessions = new Map<string, Promise<{ page: Page; problems: string[] }>>();

/**
 * The console signed in with a role's key (one context per role, reused by the tests), opened at a page of the nav;
 * each test fails on any CSP violation or page error in it.
 */
async function consoleAs(role: string, nav: 'Approvals' | 'Audit' | 'Incidents' | 'Subjects') {
  let session = sessions.get(role);
  if (!session) {
    session = (async () => {
      const { context, page, problems } = await openConsole(browser, stack.url);
      contexts.push(context);
      // A wait that cannot succeed names its locator well before Jest's own timeout.
      page.setDefaultTimeout(15_000);
      await signIn(page, role === 'admin' ? stack.adminKey : keyText(keys[role]!));
      return { page, problems };
    })();
    sessions.set(role, session);
  }
  const { page, problems } = await session;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: nav }).click();
  await page.getByRole('heading', { level: 1, name: nav }).waitFor();
  return { page, problems };
}

async function requestApproval(reason: string, field: string): Promise<Approval> {
  const response = await http('team:orders').post<Approval>('/approvals', {
    subject: 'orders-value',
    schema: withoutField(field),
    reason,
    ttlMinutes: 60,
  });
  expect(response.status).toBe(201);
  return response.body;
}

// Each test drives several pages on a machine shared with other suites; the waits inside have their own timeouts.
jest.setTimeout(60_000);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
  // Keys as the README issues them: POST /keys with the role.
  for (const role of ['team:orders', 'team:analytics', 'team:growth', 'reader']) keys[role] = await stack.issue(role);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.close();
});

describe('the approvals, audit and incidents pages', () => {
  let approval: Approval;

  it('shows the queue to everyone and offers Approve only to a consumer team, who approves it', async () => {
    approval = await requestApproval('orders-value v4 drops amount_cents', 'amount_cents');
    expect(approval.approverTeams).toContain('analytics');
    const row = (page: Page) => page.getByTestId(`approval-${approval.id}`);

    const [reader, requester, consumer] = await Promise.all([
      consoleAs('reader', 'Approvals'),
      consoleAs('team:orders', 'Approvals'),
      consoleAs('team:analytics', 'Approvals'),
    ]);
    for (const { page } of [reader, requester]) {
      await row(page).getByText('requested').waitFor();
      expect(await row(page).getByRole('button').count()).toBe(0);
    }
    await expect(row(reader.page).textContent()).resolves.toContain('analytics');

    const approve = row(consumer.page).getByRole('button', { name: /^Approve / });
    await approve.waitFor();
    expect(await seriousAccessibilityViolations(consumer.page)).toEqual([]);
    await screenshot(consumer.page, 'approvals');
    await approve.click();
    await row(consumer.page).getByText(`approved by ${keys['team:analytics']!.id}`).waitFor();
    expect(await row(consumer.page).getByRole('button').count()).toBe(0);
    expect((await http('reader').get<Approval>(`/approvals/${approval.id}`)).body).toMatchObject({
      state: 'approved',
      decidedBy: keys['team:analytics']!.id,
    });

    // Filtered by state, the decided approval leaves the requested queue.
    await consumer.page.getByLabel('State').selectOption('requested');
    await consumer.page.getByText('No approvals in state requested.').waitFor();
    expect(await consumer.page.getByTestId(`approval-${approval.id}`).count()).toBe(0);
    for (const { problems } of [reader, requester, consumer]) expect(problems).toEqual([]);
  });

  it('shows the 403 when a tampered page forces a decision the key may not make', async () => {
    const other = await requestApproval('orders-value v4 drops status', 'status');
    const { page, problems } = await consoleAs('team:growth', 'Subjects');
    // The page is told growth is an approver team; the registry knows better.
    await page.route('**/api/registry/approvals?*', async (route) => {
      const response = await route.fetch();
      const list = (await response.json()) as Approval[];
      await route.fulfill({
        response,
        json: list.map((item) =>
          item.id === other.id ? { ...item, approverTeams: [...item.approverTeams, 'growth'] } : item,
        ),
      });
    });
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page
      .getByTestId(`approval-${other.id}`)
      .getByRole('button', { name: /^Approve / })
      .click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/only admins or teams .*analytics.* may decide this approval.*40301/);
    expect((await http('reader').get<Approval>(`/approvals/${other.id}`)).body.state).toBe('requested');
    expect(problems).toEqual([]);
  });

  it('finds the request and the approval in the audit log by its filters, page by page', async () => {
    const reader = await consoleAs('reader', 'Audit');
    await reader.page.getByText('The audit log is read with an admin key').waitFor();

    const { page, problems } = await consoleAs('admin', 'Audit');
    const entries = page.getByTestId('audit-entry');
    await entries.first().waitFor();
    await page.getByLabel('Target', { exact: true }).fill(approval.id);
    const filtered = page.waitForResponse((response) => response.url().includes(`target=${approval.id}`));
    await page.getByRole('button', { name: 'Filter' }).click();
    await filtered;
    await entries.nth(1).waitFor();
    expect(await entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toContain('approval.approve');
    expect(await entries.nth(0).textContent()).toContain(keys['team:analytics']!.id);
    expect(await entries.nth(1).textContent()).toContain('approval.request');
    expect(await entries.nth(1).textContent()).toContain(keys['team:orders']!.id);

    // The change: before and after of the approval's state.
    await entries.nth(0).getByText('state: "requested" → "approved"').click();
    const change = await entries.nth(0).locator('pre').allTextContents();
    expect(JSON.parse(change[0]!)).toEqual({ state: 'requested' });
    expect(JSON.parse(change[1]!)).toMatchObject({ state: 'approved', decidedBy: keys['team:analytics']!.id });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'audit');

    // A time range before the request: the registry finds nothing.
    await page.getByLabel('To (UTC)').fill('2020-01-01T00:00:00');
    const older = page.waitForResponse((response) => response.url().includes('until=2020-01-01T00%3A00%3A00.000Z'));
    await page.getByRole('button', { name: 'Filter' }).click();
    await older;
    await page.getByText('No audit entries match.').waitFor();

    // Action, actor and outcome together: the approval by analytics, and the forced one refused.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL((url) => url.search === '');
    await page.getByLabel('Actor (key id)').fill(keys['team:growth']!.id);
    await page.getByLabel('Action').fill('approval.approve');
    await page.getByLabel('Outcome').selectOption('denied');
    const denied = page.waitForResponse((response) => response.url().includes('outcome=denied'));
    await page.getByRole('button', { name: 'Filter' }).click();
    await denied;
    await entries.first().getByText('denied').waitFor();
    expect(await entries.count()).toBe(1);

    // Pages as the registry pages them: 10 a page, older and back.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL((url) => url.search === '');
    const firstPage = page.waitForResponse((response) => /\/audit\?limit=10$/.test(response.url()));
    await page.getByLabel('Per page').selectOption('10');
    await firstPage;
    await entries.nth(9).waitFor();
    expect(await entries.count()).toBe(10);
    const newest = await entries.first().textContent();
    const secondPage = page.waitForResponse((response) => /\/audit\?before=\d+&limit=10$/.test(response.url()));
    await page.getByRole('button', { name: 'Older' }).click();
    await secondPage;
    await page.getByText('Page 2', { exact: true }).waitFor();
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="audit-entry"]')?.textContent !== text,
      newest,
    );
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText('Page 1', { exact: true }).waitFor();
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="audit-entry"]')?.textContent === text,
      newest,
    );
    expect(problems).toEqual([]);
  });

  it('shows an incident opened through the API: its timeline, a waiting step acknowledged, its post-mortem', async () => {
    const orders = http('team:orders');
    const opened = await orders.post<{ id: string }>('/incidents', {
      subject: 'orders-value',
      version: 4,
      title: 'orders-value v4 dropped amount_cents (drill schema-break)',
      runbook: 'schema-incident',
      severity: 'SEV-2',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const at = (second: number) => new Date(Date.now() - 60_000 + second * 1_000).toISOString();
    const entries = [
      { type: 'stage-entered', stage: 'detect', at: at(0) },
      { type: 'step-started', stage: 'detect', step: 'open-incident', owner: 'incident-commander', at: at(1) },
      {
        type: 'step-finished',
        stage: 'detect',
        step: 'open-incident',
        owner: 'incident-commander',
        outcome: 'succeeded',
        attempts: 1,
        durationMs: 850,
        at: at(2),
      },
      { type: 'stage-left', stage: 'detect', outcome: 'completed', at: at(3) },
      { type: 'stage-entered', stage: 'contain', at: at(4) },
      { type: 'step-started', stage: 'contain', step: 'confirm-containment', owner: 'incident-commander', at: at(5) },
    ];
    expect((await orders.post(`/incidents/${id}/timeline`, { entries })).status).toBe(201);
    const markdown = [
      '# Post-mortem: orders-value v4',
      '',
      '<script>window.__pwned = true</script>',
      '',
      '| Metric | Value |',
      '| --- | --- |',
      '| MTTR | **4 min** |',
      '',
      '<img src=x onerror="window.__pwned = true">',
    ].join('\n');
    expect((await orders.put(`/incidents/${id}/postmortem`, { markdown })).status).toBe(200);

    const [reader, owner] = await Promise.all([
      consoleAs('reader', 'Incidents'),
      consoleAs('team:orders', 'Incidents'),
    ]);
    const link = owner.page.getByRole('link', { name: 'orders-value v4 dropped amount_cents (drill schema-break)' });
    const row = owner.page.getByRole('row').filter({ has: link });
    expect(await row.textContent()).toMatch(/SEV-2.*open.*orders-value v4.*drill schema-break/);
    expect(await seriousAccessibilityViolations(owner.page)).toEqual([]);
    await screenshot(owner.page, 'incidents');
    await link.click();

    // The timeline: each stage entered and left, each step with its outcome.
    await owner.page.getByRole('heading', { name: /^detect completed/ }).waitFor();
    const detect = owner.page.getByRole('table', { name: 'Steps of detect' });
    expect(await detect.getByRole('row').nth(1).textContent()).toMatch(/open-incident.*succeeded.*1.*850 ms/);
    await owner.page.getByRole('heading', { name: /^contain in progress/ }).waitFor();

    // The post-mortem: Markdown rendered (a table), the HTML in it shown as text and never run.
    const postmortem = owner.page.getByTestId('postmortem');
    await postmortem.getByRole('heading', { name: 'Post-mortem: orders-value v4' }).waitFor();
    expect(await postmortem.getByRole('cell', { name: '4 min' }).count()).toBe(1);
    expect(await postmortem.textContent()).toContain('<script>window.__pwned = true</script>');
    expect(await postmortem.locator('script, img').count()).toBe(0);
    expect(await owner.page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();

    // The reader sees the waiting step but cannot acknowledge it; the owning team does.
    await reader.page.goto(`${stack.url}/incidents?id=${id}`);
    await reader.page.getByText('confirm-containment waits for an acknowledgement').waitFor();
    expect(await reader.page.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    const acknowledge = owner.page.getByRole('button', { name: 'Acknowledge confirm-containment' });
    expect(await seriousAccessibilityViolations(owner.page)).toEqual([]);
    await screenshot(owner.page, 'incident');
    await acknowledge.click();
    await owner.page.getByText(/acknowledged by team:orders/).waitFor();
    expect(await acknowledge.count()).toBe(0);
    const stored = await orders.get<{
      acknowledged_at: string | null;
      timeline: Array<{ type: string; step?: string }>;
    }>(`/incidents/${id}`);
    expect(stored.body.acknowledged_at).not.toBeNull();
    expect(stored.body.timeline.at(-1)).toMatchObject({ type: 'acknowledged', step: 'confirm-containment' });
    expect([...reader.problems, ...owner.problems]).toEqual([]);
  });
});
