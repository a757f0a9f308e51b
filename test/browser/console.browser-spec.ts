import { Browser, Page } from 'playwright-core';
import { EngineProcess } from '../../bench/engine-process';
import { launchChromium, screenshot, startEngine, watchErrors } from './browser-support';

/** The seed's end-to-end test, walked through the console's pages as an operator would. */
describe('Web console (Chromium, real engine, SQLite, built-in simulator)', () => {
  let engine: EngineProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** Errors a test expects the browser to log (a 409 the API answers on purpose); any other fails it. */
  let expected: RegExp[] = [];

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngine(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });
  beforeEach(() => {
    errors.length = 0;
    expected = [];
  });
  afterEach(() => expect(errors.filter((e) => !expected.some((pattern) => pattern.test(e)))).toEqual([]));

  const go = (path: string) => page.goto(`${engine.url}${path}`);
  const button = (name: string) => page.getByRole('button', { name, exact: true });

  async function createVm(name: string): Promise<void> {
    await go('/catalog/vms');
    await button('New VM').click();
    await page.getByLabel('VM name').fill(name);
    await button('Save').click();
    await page.getByRole('cell', { name, exact: true }).waitFor();
  }

  it('creates VMs, a group holding both, a schedule and a repository in the catalog pages', async () => {
    await createVm('ui-vm-a');
    await createVm('ui-vm-b');
    await screenshot(page, 'catalog-vms');

    await go('/catalog/groups');
    await button('New group').click();
    await page.getByLabel('Name', { exact: true }).fill('ui-pair');
    await page.getByLabel('VMs backed up at once').fill('2');
    await button('Save').click();
    await page.getByRole('link', { name: 'ui-pair' }).click();
    for (const vm of ['ui-vm-a', 'ui-vm-b']) {
      await page.getByLabel('VM to add').selectOption({ label: vm });
      await button('Add member').click();
      await page.getByRole('switch', { name: `Enabled: ${vm}` }).waitFor();
    }
    await screenshot(page, 'catalog-group-members');

    await go('/catalog/schedules');
    await button('New schedule').click();
    await page.getByLabel('Name', { exact: true }).fill('ui-nightly');
    await page.getByLabel('Cron expression').fill('0 3 * * *');
    await page.getByLabel('Time zone').fill('UTC');
    await page.getByText('Next runs:').waitFor();
    await button('Save').click();
    await page.getByRole('cell', { name: 'ui-nightly', exact: true }).waitFor();
    await screenshot(page, 'catalog-schedules');

    await go('/catalog/repositories');
    await button('New repository').click();
    await page.getByLabel('Name', { exact: true }).fill('ui-repo');
    await button('Save').click();
    await page.getByRole('cell', { name: 'ui-repo', exact: true }).waitFor();
    await screenshot(page, 'catalog-repositories');
  });

  it('creates a backup flow for the group in the form, after a Test showing both VMs', async () => {
    await go('/flows');
    await page.getByText('No protection flows yet').waitFor();
    await button('New flow').click();
    await page.getByLabel('Name', { exact: true }).fill('ui-flow');
    await page.getByLabel('Target type').selectOption('group');
    await page.getByLabel('Protection group').selectOption({ label: 'ui-pair' });
    await page.getByLabel('Repository').selectOption({ label: 'ui-repo' });
    await page.getByLabel('Schedule', { exact: true }).selectOption({ label: 'ui-nightly — 0 3 * * * UTC' });
    await page.getByText('Next runs:').waitFor();
    await button('Test').click();
    const result = page.getByRole('region', { name: 'Test result' });
    await result.getByText('ready to run').waitFor();
    expect(await result.getByRole('row').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/ui-vm-a\s+Full/), expect.stringMatching(/ui-vm-b\s+Full/)]),
    );
    await screenshot(page, 'flow-form-tested');
    await button('Save').click();
    await page.getByRole('heading', { name: 'ui-flow' }).waitFor();
  });

  it('shows the API message beside the name field for a duplicate name', async () => {
    await go('/flows/new');
    await page.getByLabel('Name', { exact: true }).fill('ui-flow');
    await page.getByLabel('Target type').selectOption('group');
    await page.getByLabel('Protection group').selectOption({ label: 'ui-pair' });
    await page.getByLabel('Repository').selectOption({ label: 'ui-repo' });
    expected = [/status of 409/, /^409 POST \/api\/v1\/protection-flows$/];
    await button('Save').click();
    const nameField = page.locator('.field', { has: page.getByLabel('Name', { exact: true }) });
    await nameField.getByRole('alert').filter({ hasText: 'A protection flow named "ui-flow" already exists' }).waitFor();
    await screenshot(page, 'flow-form-duplicate');
  });

  it('runs the flow now and watches the execution reach success with 2 jobs, then sees history and statistics', async () => {
    const streams: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/events/stream')) streams.push(request.url());
    });
    await go('/flows');
    await page.getByRole('link', { name: 'ui-flow' }).click();
    await button('Run now').click();
    await page.waitForURL(/\/executions\//);
    await page
      .getByRole('heading', { name: /Execution/ })
      .locator('[data-status="running"]')
      .waitFor();
    await screenshot(page, 'execution-running');
    await page
      .getByRole('heading', { name: /Execution/ })
      .locator('[data-status="success"]')
      .waitFor({ timeout: 60_000 });
    const jobs = page.getByRole('region', { name: 'Jobs' });
    expect(await jobs.locator('tbody [data-status="completed"]').count()).toBe(2);
    expect(streams.length).toBeGreaterThan(0); // the console follows the change stream
    await screenshot(page, 'execution-success');

    await page.getByRole('link', { name: 'ui-flow' }).click();
    await page.getByText('1 successful, 0 failed, 1 in all').waitFor();
    await page.getByRole('region', { name: 'Executions' }).locator('[data-status="success"]').waitFor();
    await screenshot(page, 'flow-detail');
    await go('/flows');
    await page
      .getByRole('row', { name: /ui-flow/ })
      .getByText('1 of 1 ok')
      .waitFor();
    await screenshot(page, 'flows');
  });

  it('disables and deletes the flow', async () => {
    await go('/flows');
    await page.getByRole('link', { name: 'ui-flow' }).click();
    await button('Disable').click();
    await button('Enable').waitFor();
    await button('Delete').click();
    await button('Delete flow').click();
    await page.waitForURL(/\/flows$/);
    await page.getByText('No protection flows yet').waitFor();
  });

  it('shows every page without an error in the browser console', async () => {
    for (const [name, path] of [
      ['policies', '/catalog/policies'],
      ['groups', '/catalog/groups'],
      ['new-flow', '/flows/new'],
      ['not-found', '/no/such/page'],
    ]) {
      await go(path);
      await page.getByRole('heading').first().waitFor();
      await screenshot(page, name);
    }
  });

  it('runs the console and Swagger UI under the content security policy, and cannot be framed', async () => {
    const answer = await go('/');
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await go('/api/docs');
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.getByText('/api/v1/protection-flows', { exact: true }).first().waitFor();
    await screenshot(page, 'swagger-ui');
    // A page of another origin framing the console gets nothing: Chromium refuses the frame and says so.
    expected = [/frame-ancestors|Refused to (display|frame)/];
    await page.setContent(`<iframe id="f" src="${engine.url}/flows"></iframe>`);
    const frame = await (await page.locator('#f').elementHandle())?.contentFrame();
    await page.waitForTimeout(1000);
    expect(await frame?.getByRole('heading', { name: 'Protection flows' }).count()).toBe(0);
    expect(await frame?.getByRole('navigation').count()).toBe(0);
  });
});

describe('Web console with API_TOKEN set', () => {
  let engine: EngineProcess;
  let browser: Browser;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngine({ API_TOKEN: 'console-token-123' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  it('asks for the token, refuses a wrong one, and shows the pages with the right one', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${engine.url}/flows`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('API token').fill('wrong-token-000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The engine did not accept the token.').waitFor();
    await page.getByLabel('API token').fill('console-token-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Protection flows' }).waitFor();
    // The browser reports the refused requests' 401s itself; nothing else may fail.
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});

describe('Deleting a schedule that flows use, in the console', () => {
  let engine: EngineProcess;
  let browser: Browser;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngine({ SCHEDULER_ENABLED: 'false' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  it('lists the flows that use it and deletes only when asked to leave them on demand, which each flow then says', async () => {
    const schedule = await engine.json<{ id: string }>('POST', '/schedules', { name: 'nightly-2am', cron_expression: '0 2 * * *' });
    const repo = await engine.json<{ id: number }>('POST', '/repositories', { name: 'dialog-repo', type: 'local' });
    const vm = await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'dialog-vm' });
    const flow = await engine.json<{ id: string }>('POST', '/protection-flows', {
      name: 'payroll-nightly',
      flow_type: 'backup',
      target_type: 'vm',
      target_id: vm.context_id,
      repository_id: repo.id,
      schedule_id: schedule.id,
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${engine.url}/catalog/schedules`);
    await page.getByRole('button', { name: 'Delete nightly-2am' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete schedule' }).click();
    await dialog.getByText('Schedule "nightly-2am" is used by 1 protection flow: "payroll-nightly"').waitFor();
    await dialog.getByRole('link', { name: 'payroll-nightly' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Delete schedule' }).count()).toBe(0); // refused: only the explicit choice remains
    await screenshot(page, 'schedule-delete-in-use');
    await dialog.getByRole('button', { name: 'Delete and run them on demand only' }).click();
    await page.getByRole('cell', { name: 'nightly-2am', exact: true }).waitFor({ state: 'detached' });

    await page.goto(`${engine.url}/flows/${flow.id}`);
    await page.getByText('Unscheduled: its schedule "nightly-2am" was deleted').waitFor();
    await screenshot(page, 'flow-unscheduled-notice');
    // The browser reports the refused delete's 409 itself; nothing else may fail.
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
  });
});

describe('Appliance mode in the console (demo appliance)', () => {
  let engine: EngineProcess;
  let browser: Browser;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngine({ BACKUP_API_KIND: 'sha', CATALOG_SOURCE: 'appliance', SCHEDULER_ENABLED: 'false' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  it('shows where the catalog comes from and its last sync, syncs on request, and offers no edit of imported records', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${engine.url}/catalog/vms`);
    const bar = page.getByRole('status').filter({ hasText: 'come from the Sendense appliance' });
    await bar.getByText('succeeded').waitFor();
    await page.getByRole('cell', { name: 'demo-vm-01', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit demo-vm-01' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete demo-vm-01' }).count()).toBe(0);
    expect(await page.getByText('appliance', { exact: true }).count()).toBe(6);
    await screenshot(page, 'appliance-vms');

    const before = (await engine.json<{ last_sync: { finished_at: string } }>('GET', '/catalog/sync')).last_sync.finished_at;
    await bar.getByRole('button', { name: 'Sync now' }).click();
    await waitForSync(engine, before);

    await page.goto(`${engine.url}/catalog/groups`);
    await page.getByRole('link', { name: 'demo-group-01' }).click();
    await page.getByRole('cell', { name: 'demo-vm-01', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add member' }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: 'Enabled: demo-vm-01' }).isDisabled()).toBe(true);
    await screenshot(page, 'appliance-group');
    expect(errors).toEqual([]);
  });
});

async function waitForSync(engine: EngineProcess, after: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const last = (await engine.json<{ last_sync: { finished_at: string } }>('GET', '/catalog/sync')).last_sync;
    if (last.finished_at > after) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no sync after pressing "Sync now"');
}
