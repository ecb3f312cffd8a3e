import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openConsole, screenshot, seriousAccessibilityViolations, signIn } from './browser';
import { type ConsoleStack, startConsoleServer, startConsoleStack } from './console-stack';

// The subjects, subject-detail and contract pages against the real registry and lineage with the sample contracts:
// what a user does, what they see, and what they must not (a partial page after a refused key, markup run from data).
const HTML_SUBJECT = '<img src=x onerror=alert(1)>-value';

describe('the console', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack({ roles: ['reader'] }), launchBrowser()]);
    const registered = await stack.registry.http.register(HTML_SUBJECT, { type: 'string' });
    expect(registered.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A signed-in page in a fresh context; fails on a page error, a CSP violation or a dialog (script run from data). */
  async function withConsole(key: string, use: (page: Page) => Promise<void>) {
    const { context, page, problems } = await openConsole(browser, stack.url);
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    try {
      await signIn(page, key);
      await use(page);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it('shows the sign-in page alone, accessible, before a key is given', async () => {
    const { context, page, problems } = await openConsole(browser, stack.url);
    try {
      await page.getByRole('heading', { name: 'Charter console' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in');
      // the icon the page names is served (without it the browser asks for /favicon.ico and logs a 404)
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      const served = await fetch(new URL(icon!, stack.url));
      expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('finds orders-value by search and filters, with its team, contract, tier and versions', async () => {
    await withConsole(stack.adminKey, async (page) => {
      const table = page.getByTestId('subjects-table');
      await table.waitFor();
      await page.getByLabel('Search').fill('orders');
      const row = table.getByRole('row', { name: /orders-value/ });
      await row.waitFor();
      expect(await table.locator('tbody tr').count()).toBe(1);
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells).toEqual(['orders', 'orders 3.1.0', 'tier-1', 'BACKWARD_TRANSITIVE', '3', 'AVRO']);

      await page.getByLabel('Search').fill('');
      await page.getByLabel('Tier').selectOption('tier-2');
      await page.getByText(/^\d+ of \d+ subjects$/).waitFor();
      expect(await table.getByRole('link', { name: 'orders-value' }).count()).toBe(0);
      await page.getByLabel('Tier').selectOption('');
      await page.getByLabel('Team').selectOption('orders');
      await table.getByRole('link', { name: 'orders-value', exact: true }).waitFor();
      expect(page.url()).toContain('team=orders');
      await page.getByLabel('Team').selectOption('');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'subjects');
    });
  });

  it('diffs orders-value v1 and v3 side by side with the labelled changes', async () => {
    await withConsole(stack.adminKey, async (page) => {
      await page.getByRole('link', { name: 'orders-value', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'orders-value' }).waitFor();
      const facts = page.getByTestId('subject-facts');
      await facts.getByText('BACKWARD_TRANSITIVE').waitFor();
      expect(await facts.textContent()).toContain('orders 3.1.0 (tier-1)');
      await page.getByRole('region', { name: 'orders-value v3 schema' }).getByText('"amount_cents"').first().waitFor();

      await page.getByLabel('From').selectOption('1');
      await page.getByLabel('To').selectOption('3');
      const changes = page.getByTestId('changes');
      await changes.waitFor();
      const widened = changes.getByRole('row', { name: /type-widened amount_cents/ });
      expect(await widened.textContent()).toContain('breaking forward');
      expect(await widened.textContent()).not.toContain('breaking backward');
      const coupon = changes.getByRole('row', { name: /coupon_code/ });
      expect(await coupon.textContent()).toContain('safe');
      const sideBySide = page.getByTestId('side-by-side');
      await sideBySide.locator('td.removed').first().waitFor();
      expect(await sideBySide.locator('td.added').count()).toBeGreaterThan(0);
      expect(await sideBySide.getByRole('columnheader').allTextContents()).toEqual(['v1', 'v3']);
      expect(page.url()).toContain('to=3');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'subject-detail');
    });
  });

  it('renders the orders contract: owner team, tier, SLA, quality rules, consumers and bound subjects', async () => {
    await withConsole(stack.adminKey, async (page) => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
      const list = page.getByTestId('contracts-table');
      await list.getByRole('link', { name: 'orders', exact: true }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'contracts');

      await list.getByRole('link', { name: 'orders', exact: true }).click();
      await page.getByRole('heading', { name: 'Contract orders' }).waitFor();
      const facts = await page.getByTestId('contract-facts').textContent();
      for (const expected of ['3.1.0', 'active', 'orders', 'tier-1', 'BACKWARD_TRANSITIVE', 'Alice Martin']) {
        expect(facts).toContain(expected);
      }
      expect(await page.getByTestId('sla').getByRole('rowheader').allTextContents()).toEqual([
        'latency',
        'retention',
        'frequency',
        'availability',
      ]);
      expect(await page.getByTestId('quality').locator('tbody tr').count()).toBeGreaterThan(0);
      await page.getByTestId('consumers').getByText('finance-revenue-dashboard').waitFor();
      await page.getByTestId('contract-subjects').getByRole('link', { name: 'orders-value' }).waitFor();
      await page.getByRole('heading', { name: 'Checks' }).waitFor();
      await page.getByText('No check runs reported yet', { exact: false }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'contract');
    });
  });

  it('shows a subject name with HTML in it as text, in the list and on its page', async () => {
    await withConsole(stack.keys.reader!, async (page) => {
      expect(await page.getByTestId('identity').textContent()).toContain('reader');
      const link = page.getByRole('link', { name: HTML_SUBJECT, exact: true });
      await link.waitFor();
      expect(await page.getByTestId('subjects-table').locator('img').count()).toBe(0);
      await link.click();
      await page.getByRole('heading', { level: 1, name: HTML_SUBJECT }).waitFor();
      expect(await page.locator('main img').count()).toBe(0);
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/subjects/${HTML_SUBJECT}`);
    });
  });

  it('marks soft-deleted versions, and reads a subject without a failed request', async () => {
    const subject = 'console.soft-deleted-value';
    const record = (fields: Array<[string, string]>) => ({
      type: 'record',
      name: 'Soft',
      fields: fields.map(([name, type]) => ({ name, type, default: type === 'int' ? 0 : '' })),
    });
    expect((await stack.registry.http.register(subject, record([['a', 'int']]))).status).toBe(200);
    expect(
      (
        await stack.registry.http.register(
          subject,
          record([
            ['a', 'int'],
            ['b', 'string'],
          ]),
        )
      ).status,
    ).toBe(200);
    expect((await stack.registry.http.delete(`/subjects/${subject}/versions/1`)).status).toBe(200);
    await withConsole(stack.adminKey, async (page) => {
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(`${stack.url}/subjects/${subject}`);
      await page.getByRole('heading', { level: 1, name: subject }).waitFor();
      const from = page.getByRole('combobox', { name: 'From' });
      await from.locator('option', { hasText: 'v1 (soft-deleted)' }).waitFor({ state: 'attached' });
      expect((await from.locator('option').allTextContents()).map((text) => text.trim())).toEqual([
        'v1 (soft-deleted)',
        'v2',
      ]);
      await page.goto(`${stack.url}/subjects/orders-value`);
      await page.getByRole('heading', { level: 1, name: 'orders-value' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(failed).toEqual([]);
    });
  });

  it('reaches every page from the nav', async () => {
    await withConsole(stack.keys.reader!, async (page) => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const [link, heading] of [
        ['Subjects', 'Subjects'],
        ['Contracts', 'Contracts'],
        ['Lineage', 'Lineage'],
        ['Impact', 'Impact'],
        ['Approvals', 'Approvals'],
        ['Audit', 'Audit'],
        ['Incidents', 'Incidents'],
      ] as const) {
        await nav.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      }
    });
  });

  it('says lineage is unavailable when it is down, and the subjects still load', async () => {
    // A second console in front of the same registry and a lineage address nothing listens on.
    const { createServer } = await import('node:net');
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const degraded = await startConsoleServer({
      registryUrl: stack.registry.url,
      lineageUrl: `http://127.0.0.1:${closed}`,
    });
    const { context, page, problems } = await openConsole(browser, degraded.url);
    try {
      await signIn(page, stack.adminKey);
      await page.getByTestId('subjects-table').getByRole('link', { name: 'orders-value', exact: true }).waitFor();
      const status = page.getByTestId('lineage-status');
      await status.waitFor();
      expect(await status.textContent()).toContain('lineage is unavailable');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await degraded.web.close();
    }
  });

  describe('a refused key', () => {
    async function expectRefused(key: string, message: RegExp) {
      const { context, page } = await openConsole(browser, stack.url);
      try {
        await page.getByLabel('API key').fill(key);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const alert = page.getByTestId('sign-in-error');
        await alert.waitFor();
        expect(await alert.textContent()).toMatch(message);
        expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
        expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
        return page;
      } finally {
        await context.close();
      }
    }

    it('says a wrong key was refused and shows nothing else', async () => {
      await expectRefused(`${stack.adminKey.split(':')[0]}:wrong-secret`, /refused this key/);
    });

    it('says a key that is not keyId:secret is malformed, without asking the registry', async () => {
      await expectRefused('not a key', /<keyId>:<secret>/);
    });

    it('refuses a revoked key at sign-in, and ends a session whose key is revoked', async () => {
      const revoked = await stack.issue('reader', 'revoked-at-sign-in');
      expect((await stack.registry.http.delete(`/keys/${revoked.id}`)).status).toBe(200);
      await expectRefused(`${revoked.id}:${revoked.secret}`, /refused this key/);

      const live = await stack.issue('reader', 'revoked-in-session');
      const { context, page } = await openConsole(browser, stack.url);
      try {
        await signIn(page, `${live.id}:${live.secret}`);
        await page.getByTestId('subjects-table').waitFor();
        expect((await stack.registry.http.delete(`/keys/${live.id}`)).status).toBe(200);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
        const alert = page.getByTestId('sign-in-error');
        await alert.waitFor();
        expect(await alert.textContent()).toMatch(/no longer accepts this key/);
        expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
        expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      } finally {
        await context.close();
      }
    });
  });
});
