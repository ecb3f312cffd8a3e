import type { Browser } from 'playwright-core';
import { launchBrowser, openConsole, screenshot, seriousAccessibilityViolations, signIn } from './browser';
import { type ConsoleStack, startConsoleStack } from './console-stack';

describe('the console (smoke)', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in with the admin key and lists the subjects', async () => {
    const { context, page, problems } = await openConsole(browser, stack.url);
    try {
      await page.getByRole('heading', { name: 'Charter console' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in');

      await signIn(page, stack.adminKey);
      await page.getByRole('heading', { name: 'Subjects' }).waitFor();
      await page.getByRole('link', { name: 'orders-value', exact: true }).waitFor();
      expect(await page.getByTestId('identity').textContent()).toContain('admin');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
