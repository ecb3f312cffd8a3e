import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openConsole, screenshot, seriousAccessibilityViolations, signIn } from './browser';
import { type ConsoleStack, keyText, startConsoleStack } from './console-stack';

const AMOUNT_CENTS = 'datasetField:kafka://kafka.charter.local:9092:orders:amount_cents';

/**
 * Opens a fresh signed-in console at `path`; the caller closes the context. `problems` are every CSP violation and
 * page error since the context opened, the sign-in page's included.
 */
async function openSignedIn(browser: Browser, stack: ConsoleStack, key: string, path: string) {
  const { context, page, problems } = await openConsole(browser, stack.url);
  // a step that fails says which, well inside the test's own timeout
  page.setDefaultTimeout(15_000);
  await signIn(page, key);
  await page.goto(`${stack.url}${path}`);
  return { context, page, problems };
}

async function runDropWhatIf(page: Page, field: string) {
  await page.getByRole('heading', { level: 1, name: 'Impact', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Subject', exact: true }).selectOption('orders-value');
  await page.getByRole('combobox', { name: 'Field', exact: true }).selectOption(field);
  await page.getByRole('combobox', { name: 'Change', exact: true }).selectOption('drop');
  await page.getByRole('button', { name: 'Run the what-if' }).click();
}

describe('the lineage explorer and the impact what-if', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let teamKey: { id: string; secret: string };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
    // A team key, made as the README shows (POST /keys with the admin key).
    const response = await fetch(`${stack.registry.url}/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: stack.registry.admin },
      body: JSON.stringify({ name: 'orders console', role: 'team:orders' }),
    });
    expect(response.status).toBe(201);
    teamKey = (await response.json()) as { id: string; secret: string };
    // a registry, lineage and (when stale) the Vite build, on a machine shared with other jobs
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opens from orders.amount_cents and lists the executive dashboard among its descendants', async () => {
    const { context, page, problems } = await openSignedIn(
      browser,
      stack,
      stack.adminKey,
      `/lineage?node=${encodeURIComponent(AMOUNT_CENTS)}`,
    );
    try {
      const descendants = page.getByTestId('descendants');
      await descendants.getByText('dashboards.executive_revenue.revenue').waitFor();
      const dashboardRow = descendants.getByRole('row').filter({ hasText: 'dashboards.executive_revenue' });
      expect(await dashboardRow.textContent()).toContain('CRITICAL');
      expect(await dashboardRow.textContent()).toContain('executive dashboard executive-revenue');
      await page
        .getByTestId('lineage-summary')
        .getByText(/laid out in/)
        .waitFor();
      expect(await page.getByRole('heading', { name: /^Selected: orders\.amount_cents$/ }).count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'lineage');

      // search finds a node by name and selects it
      await page.getByRole('searchbox', { name: 'Find a node by name' }).fill('customer_ltv');
      await page.getByRole('list', { name: 'Matching nodes' }).getByRole('button').first().click();
      await page.getByRole('heading', { name: /^Selected: analytics\.customer_ltv\./ }).waitFor();

      // collapsing the start hides everything beyond it; expanding brings its neighbours back
      await page.getByTestId('visible-nodes').getByRole('button', { name: 'orders.amount_cents', exact: true }).click();
      const shown = async () =>
        Number((await page.getByRole('heading', { name: /^Visible nodes/ }).textContent())?.match(/\d+/)?.[0]);
      const before = await shown();
      expect(before).toBeGreaterThan(5);
      await page.getByRole('button', { name: 'Collapse neighbours' }).click();
      await page.getByRole('heading', { name: 'Visible nodes (1)' }).waitFor();
      await page.getByRole('button', { name: 'Expand neighbours' }).click();
      await page.waitForFunction(
        (count) => Number(document.querySelector('#visible-heading')?.textContent?.match(/\d+/)?.[0]) > count,
        1,
      );

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('judges dropping amount_cents on orders-value CRITICAL / block and files the approval as the team', async () => {
    const { context, page, problems } = await openSignedIn(browser, stack, keyText(teamKey), '/impact');
    try {
      await runDropWhatIf(page, 'amount_cents');
      await page.getByTestId('verdict').waitFor();
      expect(await page.getByTestId('severity').textContent()).toBe('CRITICAL');
      expect(await page.getByTestId('decision').textContent()).toBe('block');
      const verdict = page.getByTestId('verdict');
      await verdict.getByRole('table', { name: 'Team analytics' }).getByText('dashboards.executive_revenue').waitFor();
      await verdict.getByText('reaches executive dashboard executive-revenue', { exact: false }).first().waitFor();
      await verdict.getByRole('heading', { name: 'By contract' }).waitFor();
      await verdict
        .getByRole('table', { name: /^Streaming/ })
        .getByText('staging.orders')
        .waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'impact');

      await page.getByRole('button', { name: 'Request approval' }).click();
      const filed = page.getByTestId('approval-filed');
      await filed.waitFor();
      const id = (await filed.locator('code').textContent()) ?? '';
      expect(await filed.textContent()).toContain('requested');

      const listed = await fetch(`${stack.registry.url}/approvals?subject=orders-value`, {
        headers: { authorization: stack.registry.admin },
      });
      const approvals = (await listed.json()) as Array<{
        id: string;
        state: string;
        requestedBy: string;
        kind: string;
      }>;
      expect(approvals).toContainEqual(
        expect.objectContaining({ id, state: 'requested', requestedBy: teamKey.id, kind: 'exception' }),
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a pasted schema that does not parse with its error and path', async () => {
    const { context, page } = await openSignedIn(browser, stack, stack.adminKey, '/impact');
    try {
      await page.getByRole('combobox', { name: 'Subject', exact: true }).selectOption('orders-value');
      await page.getByRole('radio', { name: /paste a new schema/ }).check();
      const paste = page.getByLabel(/^New schema/);
      await paste.fill('{"type":"record","name":"Order","fields":[{"name":"amount_cents","type":"money"}]}');
      await page.getByRole('button', { name: 'Run the what-if' }).click();
      const problem = page.getByTestId('schema-problem');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('/fields/0/type');

      await paste.fill('{"type": "record",, "fields": []}');
      await page.getByRole('button', { name: 'Run the what-if' }).click();
      await problem.getByText(/not valid JSON.*position/).waitFor();
      expect(await page.getByTestId('verdict').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('lays out a 10 000-column neighbourhood off the main thread (measured)', async () => {
    const { ranks, width } = { ranks: 20, width: 500 };
    const namespace = 'bench://synthetic';
    const producer = 'https://github.com/acme/charter-console-bench';
    for (let rank = 1; rank < ranks; rank++) {
      const fields: Record<string, { inputFields: Array<{ namespace: string; name: string; field: string }> }> = {};
      for (let column = 0; column < width; column++) {
        const from = (second: number) => ({ namespace, name: `d${rank - 1}`, field: `f${second % width}` });
        fields[`f${column}`] = { inputFields: [from(column), from(column * 7 + 1)] };
      }
      const event = {
        eventType: 'COMPLETE',
        eventTime: '2026-12-01T10:00:00.000Z',
        producer,
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
        run: { runId: `5a3c0000-0000-4000-8000-${String(rank).padStart(12, '0')}` },
        job: { namespace, name: `copy_d${rank}` },
        inputs: [{ namespace, name: `d${rank - 1}` }],
        outputs: [
          {
            namespace,
            name: `d${rank}`,
            facets: {
              columnLineage: {
                _producer: producer,
                _schemaURL:
                  'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
                fields,
              },
            },
          },
        ],
      };
      const response = await fetch(`${stack.lineage.url}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: stack.registry.admin },
        body: JSON.stringify(event),
      });
      expect(response.status).toBe(201);
    }
    const { context, page, problems } = await openSignedIn(
      browser,
      stack,
      stack.adminKey,
      `/lineage?node=${encodeURIComponent(`dataset:${namespace}:d0`)}&view=columns&depth=100`,
    );
    try {
      await page.getByRole('heading', { name: `Visible nodes (${ranks * width})` }).waitFor({ timeout: 60_000 });
      await page
        .getByTestId('lineage-summary')
        .getByText(/laid out in/)
        .waitFor({ timeout: 60_000 });
      const [measure] = await page.evaluate(() =>
        performance
          .getEntriesByName('charter:lineage-layout')
          .map((entry) => ({ duration: entry.duration, detail: (entry as PerformanceMeasure).detail })),
      );
      expect(measure?.detail).toEqual(expect.objectContaining({ nodes: ranks * width, inWorker: true }));
      // docs/benchmarks.md quotes these lines
      console.log(
        `browser layout of ${measure!.detail.nodes} nodes / ${measure!.detail.edges} edges: ` +
          `${measure!.detail.layoutMs.toFixed(1)} ms in the worker, ${measure!.duration.toFixed(1)} ms request to result`,
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  // Last: it stops the lineage service.
  it('says lineage is unavailable when it is down, and the rest of the console keeps working', async () => {
    const { lineage } = stack;
    await lineage.close();
    // the stack's own close would stop it (and drop its database) a second time
    lineage.close = async () => {};
    const { context, page, problems } = await openSignedIn(browser, stack, stack.adminKey, '/impact');
    try {
      await runDropWhatIf(page, 'amount_cents');
      await page
        .getByRole('alert')
        .getByText(/lineage is unavailable/)
        .waitFor();

      await page.goto(`${stack.url}/lineage?node=${encodeURIComponent(AMOUNT_CENTS)}`);
      await page
        .getByRole('alert')
        .getByText(/lineage is unavailable/)
        .waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subjects' }).click();
      await page.getByRole('link', { name: 'orders-value', exact: true }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
