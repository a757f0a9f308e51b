import { Browser, Locator, Page } from 'playwright-core';
import { EngineProcess } from '../../bench/engine-process';
import { BackupSimulator } from '../../src/backup-client/simulator/backup-simulator';
import { launchChromium, screenshot, startEngine, watchErrors } from './browser-support';

interface Run {
  id: string;
  status: string;
}

/** The operator's daily questions, asked of the console in Chromium: what failed, why, retry it, is every VM protected. */
describe('Operator console (Chromium, real engine, SQLite, backup API simulator)', () => {
  let sim: BackupSimulator;
  let engine: EngineProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let expected: RegExp[] = [];
  let flowId = '';
  let failedRun = '';

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 10, jobDurationMs: 600, totalBytes: 3 * 1024 ** 3 });
    const url = await sim.listen();
    [engine, browser] = await Promise.all([startEngine({ BACKUP_API_URL: url, JOB_POLL_INTERVAL_MS: '100' }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, timezoneId: 'America/New_York' });
    page.setDefaultTimeout(15_000);
    errors = watchErrors(page);
    await seed();
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await sim?.close();
  });
  beforeEach(() => {
    errors.length = 0;
    expected = [];
  });
  afterEach(() => expect(errors.filter((e) => !expected.some((pattern) => pattern.test(e)))).toEqual([]));

  const go = (path: string) => page.goto(`${engine.url}${path}`);
  const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
  const both = async (name: string) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, `${name}-light`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, `${name}-dark`);
    await page.emulateMedia({ colorScheme: 'light' });
  };
  /** Waits until the locator matches `count` elements (a list re-rendered after a filter). */
  const countToBe = async (locator: Locator, count: number) => {
    for (let i = 0; i < 150 && (await locator.count()) !== count; i++) await page.waitForTimeout(100);
    expect(await locator.count()).toBe(count);
  };
  const finished = async (id: string): Promise<Run> => {
    for (let i = 0; i < 200; i++) {
      const run = await engine.json<Run>('GET', `/flow-executions/${id}`);
      if (!['running', 'pending'].includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${id} did not end`);
  };

  /** Three VMs in a group (two of them fail), a nightly Europe/Berlin flow for it, one VM no flow covers, 30 more flows. */
  async function seed(): Promise<void> {
    const vm = async (name: string) => (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: name })).context_id;
    const group = (await engine.json<{ id: string }>('POST', '/machine-groups', { name: 'finance-cluster', max_concurrent_vms: 3 })).id;
    for (const name of ['fin-db-01', 'fin-app-01', 'fin-app-02']) await engine.json('POST', `/machine-groups/${group}/vms`, { vm_context_id: await vm(name) });
    await vm('orphan-vm-without-any-flow');
    const repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'nfs-primary', type: 'local' })).id;
    const nightly = (
      await engine.json<{ id: string }>('POST', '/schedules', { name: 'nightly-berlin', cron_expression: '0 2 * * *', timezone: 'Europe/Berlin' })
    ).id;
    flowId = (
      await engine.json<{ id: string }>('POST', '/protection-flows', {
        name: 'finance-nightly-backup-with-a-long-descriptive-name',
        flow_type: 'backup',
        target_type: 'group',
        target_id: group,
        repository_id: repo,
        schedule_id: nightly,
      })
    ).id;
    const lone = await vm('web-01');
    for (let i = 1; i <= 30; i++) {
      await engine.json('POST', '/protection-flows', {
        name: `web-flow-${String(i).padStart(2, '0')}`,
        flow_type: 'backup',
        target_type: 'vm',
        target_id: lone,
        repository_id: repo,
      });
    }
    await finished((await engine.json<Run>('POST', '/protection-flows/' + flowId + '/execute', {})).id);
    sim.options.failMidJobVms = ['fin-app-01', 'fin-app-02'];
    failedRun = (await finished((await engine.json<Run>('POST', `/protection-flows/${flowId}/execute`, {})).id)).id;
    sim.options.failMidJobVms = [];
  }

  it("lists every flow's runs, failures first to find, filtered by status, trigger and flow", async () => {
    await go('/executions');
    await page.getByRole('region', { name: 'Running now' }).getByText('Nothing is running.').waitFor();
    const recent = page.getByRole('region', { name: 'Last 24 hours' });
    await recent.getByRole('cell', { name: 'finance-nightly-backup-with-a-long-descriptive-name' }).first().waitFor();
    expect(await recent.locator('tbody tr').count()).toBe(2);
    const failed = recent.locator('[data-status="warning"]');
    expect(await failed.textContent()).toContain('partly failed');
    expect(await failed.getAttribute('class')).toContain('badge-error');
    await both('executions');

    await page.getByLabel('Status').selectOption({ label: 'Failed (some or every VM)' });
    await page.waitForURL(/status=failed/);
    const list = page.getByRole('region', { name: 'Executions' });
    await list.locator('tbody tr').first().waitFor();
    await countToBe(list.locator('tbody tr'), 1);
    await page.getByLabel('Trigger').selectOption({ label: 'Retry' });
    await list.getByText('No run matches these filters.').waitFor();
  });

  it('retries only the failed VMs from the run page, and the retry links back to the run it retried', async () => {
    await go(`/executions/${failedRun}`);
    const jobs = page.getByRole('region', { name: 'Jobs' });
    await jobs.locator('tbody [data-status="failed"]').first().waitFor();
    expect(await jobs.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining(['Started', 'Ended', 'Throughput']));
    const log = page.getByRole('region', { name: 'Event log' });
    await log.getByRole('cell', { name: /^fin-db-01 at \d+%( → \d+%)*$/ }).waitFor();
    await both('execution-partly-failed');

    await button('Retry failed VMs (2)').click();
    await page.waitForURL((url) => url.pathname.startsWith('/executions/') && !url.pathname.endsWith(failedRun));
    await page.getByText('A retry of the failed VMs of').waitFor();
    await jobs.locator('tbody [data-status="completed"]').nth(1).waitFor({ timeout: 20_000 });
    expect(await jobs.locator('tbody tr').count()).toBe(2);
    expect(await jobs.getByRole('cell', { name: 'fin-db-01' }).count()).toBe(0);
    await page.locator('h1 [data-status="success"]').waitFor();
    await both('execution-retry');
  });

  it('shows "Cancelling…" from the request until the run has ended', async () => {
    sim.options.jobDurationMs = 4_000;
    try {
      const run = await engine.json<Run>('POST', `/protection-flows/${flowId}/execute`, {});
      await go(`/executions/${run.id}`);
      await button('Cancel execution').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel execution' }).click();
      await page.locator('h1 [data-status="cancelling"]').waitFor();
      await button('Cancelling…').waitFor();
      await screenshot(page, 'execution-cancelling');
      await page.locator('h1 [data-status="cancelled"]').waitFor({ timeout: 20_000 });
    } finally {
      sim.options.jobDurationMs = 600;
    }
  });

  it('sorts the flows by last result, filters them, truncates long names, pages by a chosen size and selects all matching', async () => {
    await go('/flows');
    await page.getByRole('link', { name: 'web-flow-01' }).waitFor();
    await page.getByRole('button', { name: /Last result/ }).click();
    await page.waitForURL(/sort=last_result/);
    const firstRow = page.locator('.table-flows tbody tr').first();
    await firstRow.getByText('finance-nightly-backup-with-a-long-descriptive-name').waitFor();
    const name = firstRow.locator('.truncate').first();
    expect(await name.getAttribute('title')).toBe('finance-nightly-backup-with-a-long-descriptive-name');
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Last result');
    await page.getByText(/“Today” is .* \(America\/New_York\), counted from local midnight\./).waitFor();
    const nextRun = firstRow.locator('time').first();
    expect(await nextRun.textContent()).toMatch(/02:00( AM)? (CET|CEST|GMT\+1|GMT\+2)/);
    expect(await nextRun.getAttribute('title')).toMatch(/Europe\/Berlin.*your time \(America\/New_York\)/);
    await both('flows-sorted');

    await page.getByLabel('Rows per page').selectOption('10');
    await countToBe(page.locator('.table-flows tbody tr'), 10);
    await page.getByLabel('Select all flows on this page').check();
    await button('Select all 31 matching flows').click();
    await page.getByText('All 31 flows matching the filters are selected').waitFor();
    await screenshot(page, 'flows-select-all');
    await button('Clear selection').click();

    await page.getByLabel('Last result').selectOption({ label: 'Never run' });
    await countToBe(page.locator('.table-flows tbody tr'), 10);
    await page.getByText('1–10 of 30 flows').waitFor();
  });

  it("shows the schedule's times in its zone with the viewer's beside them, and links to every run of the flow", async () => {
    await go(`/flows/${flowId}`);
    const next = page.getByRole('region', { name: 'Next runs' }).locator('li').first();
    await next.waitFor();
    expect(await next.textContent()).toMatch(/02:00 .*\(Europe\/Berlin\).*your time.*in \d+ (hr|hours|h)/);
    await both('flow-detail');
    await page.getByRole('link', { name: 'All runs of this flow' }).click();
    await page.getByText('Flow: finance-nightly-backup-with-a-long-descriptive-name').waitFor();
  });

  it('draws runs, data and run times as charts with names a screen reader reads', async () => {
    await go('/trends');
    const charts = page.getByRole('img');
    await charts.first().waitFor();
    const names = await charts.evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('aria-label') ?? ''));
    expect(names).toEqual([
      expect.stringMatching(/^Runs per day by result: \d+ runs, \d+% succeeded; \d+ failed, [1-9]\d* partly failed/),
      expect.stringMatching(/^Data transferred per day: [\d.]+ GB in all/),
      expect.stringMatching(/^Average run time per flow \(longest first\): finance-nightly-backup/),
    ]);
    await both('trends');
    await page.getByLabel('Period').selectOption({ label: 'Last 24 hours' });
    await page.getByText('Runs per hour by result').waitFor();
  });

  it('says which VMs no flow protects and when each VM was last backed up', async () => {
    await go('/catalog/vms');
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await row('fin-db-01').locator('[data-status="protected"]').waitFor();
    expect(await row('fin-db-01').getByRole('link', { name: 'finance-nightly-backup-with-a-long-descriptive-name' }).count()).toBe(1);
    expect(await row('fin-db-01').locator('time').textContent()).toMatch(/ago|now/);
    expect(await row('orphan-vm-without-any-flow').locator('[data-status="unprotected"]').textContent()).toBe('unprotected');
    await page.getByLabel('Protection').selectOption({ label: 'Unprotected' });
    await countToBe(page.locator('tbody tr'), 1);
    await both('vms-unprotected');
  });

  it('names the fields and every problem at once when a form is saved incomplete, and marks the required fields', async () => {
    await go('/flows/new');
    expect(await page.locator('.required-mark').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Repository').selectOption('');
    expected = [/400 POST \/api\/v1\/protection-flows/, /status of 400/];
    await button('Save').click();
    await page.locator('.field-problem', { hasText: 'Name is required' }).waitFor();
    await page.locator('.field-problem', { hasText: 'Repository is required for a backup flow' }).waitFor();
    expect(await page.getByText(/must be longer than|vm_name|repository_id/).count()).toBe(0);
    await both('flow-form-problems');
  });
});
