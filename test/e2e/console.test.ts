/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against a real
 * server: sign in with an access_keys.csv account's keys, create a table with a global index,
 * add / edit / delete items, query the index, run PartiQL, and sign in as a second account
 * that sees none of the first's tables. Each step asserts what is on screen; screenshots of
 * the main pages go to screenshots/console/ (gitignored) for review.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const SHOTS = join(process.cwd(), 'screenshots', 'console');
const A = { id: 'AKIACONSOLEAAAAAAAA1', secret: 'console-test-secret-of-account-a-0000001', account: '111111111111' };
const B = { id: 'AKIACONSOLEBBBBBBBB2', secret: 'console-test-secret-of-account-b-0000002', account: '222222222222' };

async function signIn(page: Page, url: string, who: typeof A): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Access key ID').fill(who.id);
  await page.getByLabel('Secret access key').fill(who.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Account ${who.account}`, { exact: true }).waitFor();
}

/** Evaluates a JavaScript expression in the page (the tests are compiled without the DOM's types). */
const inPage = <T = unknown>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

/** Writes `text` into the item editor, replacing what is there, and saves. */
async function writeItem(page: Page, text: string, button: 'Add item' | 'Save changes'): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Item', { exact: true }).fill(text);
  await dialog.getByRole('button', { name: button }).click();
}

describe('web console in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;

  before(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const dir = tempDir('sqynamo-console-keys-');
    const csv = join(dir, 'access_keys.csv');
    writeFileSync(csv, `${A.id},${A.secret},${A.account},,\n${B.id},${B.secret},${B.account},,\n`);
    server = await startTestServer({ args: ['--access-keys', csv, '--no-test-credentials'] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('tables, items, an index query and PartiQL for one account; none of it for another', async () => {
    const { page, errors } = await browser.page();

    // sign-in: the page exchanges the keys for an STS session and keeps only that
    await page.goto(`${server.url}/console/`);
    await page.getByRole('heading', { name: 'Sign in to Sqynamo' }).waitFor();
    await shot(page, '01-sign-in');
    await signIn(page, server.url, A);
    const stored = await inPage<string | null>(page, "sessionStorage.getItem('sqynamo.session')");
    assert.ok(stored !== null && stored.includes('"accessKeyId":"ASIA'), 'a session key is kept');
    assert.ok(!stored.includes(A.secret), 'the long-term secret is not kept');
    await page.getByRole('heading', { name: /Tables/ }).waitFor();

    // create a table with a global secondary index
    await page.getByRole('button', { name: 'Create table' }).click();
    const create = page.getByRole('dialog', { name: 'Create table' });
    await create.getByLabel('Table name').fill('Orders');
    await create.locator('[name=pk-name]').fill('pk');
    await create.locator('[name=sk-name]').fill('sk');
    await create.getByRole('button', { name: 'Add global index' }).click();
    await create.locator('[name=global-0-name]').fill('byCustomer');
    await create.locator('[name=global-0-pk-name]').fill('customer');
    await create.locator('[name=global-0-sk-name]').fill('sk');
    await shot(page, '02-create-table');
    await create.getByRole('button', { name: 'Create table' }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.locator('.page-head .status', { hasText: 'ACTIVE' }).waitFor();

    // add items (types inferred from plain JSON; every digit of a number kept)
    await page.getByRole('button', { name: 'Add item' }).click();
    await writeItem(page, '{"pk": "o1", "sk": "2026-01-01", "customer": "alice", "total": 12.50, "big": 123456789012345678901234567890.5}', 'Add item');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    for (const [pk, customer] of [['o2', 'bob'], ['o3', 'alice']]) {
      await page.getByRole('button', { name: 'Add item' }).click();
      await writeItem(page, `{"pk": "${pk}", "sk": "2026-01-0${pk[1]}", "customer": "${customer}", "total": 5}`, 'Add item');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    // a second item with an existing key: the conditional write's error is shown
    await page.getByRole('button', { name: 'Add item' }).click();
    await writeItem(page, '{"pk": "o1", "sk": "2026-01-01", "customer": "mallory"}', 'Add item');
    await page.getByRole('dialog').getByRole('alert').filter({ hasText: 'An item with this key already exists' }).waitFor();
    assert.match(await page.getByRole('dialog').getByRole('alert').innerText(), /ConditionalCheckFailedException: The conditional request failed/);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // scan: three items, typed cells
    await page.getByRole('button', { name: 'Run scan' }).click();
    await page.getByRole('status').filter({ hasText: '3 items' }).waitFor();
    const table = page.getByRole('table', { name: 'Items' });
    assert.equal(await table.locator('tbody tr').count(), 3);
    await table.getByRole('cell', { name: 'N 123456789012345678901234567890.5' }).waitFor();
    await shot(page, '03-items');

    // the page's item sizes, as DynamoDB counts them
    await page.getByRole('button', { name: 'Item sizes' }).click();
    await page.getByRole('table', { name: 'Item sizes' }).getByRole('row', { name: 'up to 256 B 3' }).waitFor();
    await page.getByText(/3 items on this page: smallest \d+ B, median \d+ B, largest \d+ B/).waitFor();
    await shot(page, '03-item-sizes');
    await page.getByRole('button', { name: 'Table', exact: true }).click();

    // edit o1: open it, change total, save; the table shows the new value
    const o1 = table.locator('tbody tr', { has: page.getByRole('cell', { name: 'S o1', exact: true }) });
    await o1.getByRole('button', { name: /Open item/ }).click();
    const editor = page.getByRole('dialog', { name: 'Edit item' });
    const text = await editor.getByLabel('Item', { exact: true }).inputValue();
    assert.match(text, /"total": 12\.5/);
    await shot(page, '04-item-editor');
    await writeItem(page, text.replace('"total": 12.5', '"total": 20'), 'Save changes');
    await editor.waitFor({ state: 'detached' });
    await o1.getByRole('cell', { name: 'N 20' }).waitFor();

    // delete o2
    const o2 = table.locator('tbody tr', { has: page.getByRole('cell', { name: 'S o2', exact: true }) });
    await o2.getByRole('button', { name: /Open item/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete item' }).click();
    await page.getByRole('status').filter({ hasText: '2 items' }).waitFor();
    assert.equal(await table.getByRole('cell', { name: 'S o2', exact: true }).count(), 0);

    // query the global index for alice's orders, newest first
    await page.getByRole('radio', { name: 'Query' }).check();
    await page.getByRole('combobox', { name: /^Table or index/ }).selectOption('byCustomer');
    await page.locator('[name=partition-value]').fill('alice');
    await page.getByRole('combobox', { name: /^Order/ }).selectOption('desc');
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.getByRole('status').filter({ hasText: '2 items' }).waitFor();
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    await rows.nth(0).getByRole('cell', { name: 'S o3', exact: true }).waitFor();
    await rows.nth(1).getByRole('cell', { name: 'S o1', exact: true }).waitFor();
    await shot(page, '05-query-index');

    // the Indexes tab lists the index, ACTIVE
    await page.getByRole('link', { name: 'Indexes' }).click();
    await page.getByRole('row', { name: /byCustomer Global customer, sk ALL ACTIVE/ }).waitFor();
    await shot(page, '06-indexes');

    // add a global index on a number attribute: it appears in the list (ACTIVE once backfilled)
    await page.getByRole('button', { name: 'Add global index' }).click();
    const add = page.getByRole('dialog', { name: 'Add a global index to Orders' });
    await add.getByLabel('Index name').fill('byTotal');
    await add.locator('[name=new-pk-name]').fill('total');
    await add.locator('[name=new-pk-type]').selectOption('N');
    await add.getByRole('button', { name: 'Add index' }).click();
    await page.getByRole('row', { name: /byTotal Global total ALL ACTIVE 2/ }).waitFor();

    // Settings: tags and time to live
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('No tags.').waitFor();
    await page.locator('[name=tag-key]').fill('team');
    await page.locator('[name=tag-value]').fill('orders');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('button', { name: 'Remove tag team' }).waitFor();
    await page.locator('[name=ttl-attribute]').fill('expiresAt');
    await page.getByRole('region', { name: 'Time to live' }).getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('Enabled on expiresAt').waitFor();
    await shot(page, '07-settings');

    // PartiQL, with history
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'PartiQL' }).click();
    await page.getByLabel(/Statement/).fill(`SELECT * FROM "Orders" WHERE "pk" = 'o3'`);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 item' }).waitFor();
    await page.getByRole('table', { name: 'Statement results' }).getByRole('cell', { name: 'S o3', exact: true }).waitFor();
    await page.getByRole('complementary', { name: 'History' }).getByText(`SELECT * FROM "Orders" WHERE "pk" = 'o3'`).waitFor();
    await shot(page, '08-partiql');

    // the tables list shows Orders with its index
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Tables' }).click();
    await page.getByRole('row', { name: /Orders ACTIVE 2 .* On-demand 2/ }).waitFor();
    await shot(page, '09-tables');

    // the IAM account (the first access_keys.csv row) administers root users with the CLI's rules
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByText('No root users yet').waitFor();
    await page.getByLabel('New account name').fill('team-c');
    await page.getByRole('button', { name: 'Create account' }).click();
    const secret = page.getByRole('dialog', { name: 'New access key' });
    await secret.getByText(/^AKIA[A-Z2-7]{16}$/).waitFor();
    const teamC = {
      id: await secret.locator('code.secret').nth(2).innerText(),
      secret: await secret.locator('code.secret').nth(3).innerText(),
      account: await secret.locator('code.secret').nth(0).innerText(),
    };
    assert.match(teamC.id, /^AKIA/);
    assert.equal(teamC.secret.length, 40);
    await secret.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /team-c \d{12} Active AKIA[A-Z2-7]{16} Active/ });
    await row.waitFor();
    await shot(page, '10-accounts');

    // the new root user signs in at once; disabled by the admin, its open session ends with the reason
    const other = await browser.page();
    await signIn(other.page, server.url, teamC);
    await other.page.getByText(`Account ${teamC.account} has no tables in us-east-1 yet.`).waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('row', { name: /team-c \d{12} Disabled/ }).waitFor();
    await other.page.getByRole('button', { name: 'Refresh' }).click();
    await other.page.getByText(/Your session is no longer accepted \(UnrecognizedClientException: .+\)\. Sign in again\./).waitFor();
    await other.page.getByRole('heading', { name: 'Sign in to Sqynamo' }).waitFor();
    await other.context.close();

    // sign out: nothing is left in the tab
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    assert.equal(await inPage(page, 'sessionStorage.length'), 0);

    // the second account sees none of the first's tables
    await signIn(page, server.url, B);
    await page.getByText(`Account ${B.account} has no tables in us-east-1 yet.`).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Orders' }).count(), 0);
    assert.equal(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Accounts' }).count(), 0, 'only the IAM account administers accounts');
    await shot(page, '11-second-account');

    // the one error the page logged is the refused duplicate write (its HTTP 400)
    assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  test('signing in by keyboard alone; an expired session returns to sign-in with a message', async () => {
    const { page, errors } = await browser.page();
    await page.goto(`${server.url}/console/`);
    // the key field has the focus; Tab moves to the secret, Enter submits
    await page.getByLabel('Access key ID').waitFor();
    await page.keyboard.type(B.id);
    await page.keyboard.press('Tab');
    await page.keyboard.type(B.secret);
    await page.keyboard.press('Enter');
    await page.getByText(`Account ${B.account}`, { exact: true }).waitFor();
    // Tab from the top reaches the skip link first, then the sections
    await page.keyboard.press('Tab');
    assert.equal(await inPage(page, 'document.activeElement.textContent'), 'Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await inPage(page, 'document.activeElement.textContent'), 'Tables');
    await inPage(page, "sessionStorage.setItem('sqynamo.session', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('sqynamo.session')), expiration: Date.now() - 1000 }))");
    await page.reload();
    await page.getByText('Your session has expired. Sign in again.').waitFor();
    await page.getByRole('heading', { name: 'Sign in to Sqynamo' }).waitFor();
    assert.equal(await inPage(page, "sessionStorage.getItem('sqynamo.session')"), null);
    assert.deepEqual(errors, []);
  });

  test('phone width: the tables page and the item editor fit the screen', async () => {
    const { page, errors } = await browser.page({ width: 390, height: 844 });
    await signIn(page, server.url, A);
    await page.getByRole('row', { name: /Orders ACTIVE/ }).waitFor();
    await shot(page, '12-phone-tables');
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('button', { name: 'Run scan' }).click();
    await page.getByRole('status').filter({ hasText: '2 items' }).waitFor();
    const width = await inPage<number>(page, 'document.documentElement.scrollWidth');
    assert.ok(width <= 390, `the page is ${width}px wide`);
    await shot(page, '13-phone-items');
    await page.getByRole('button', { name: 'Open item 1' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit item' });
    await editor.getByLabel('Item', { exact: true }).waitFor();
    const box = await editor.boundingBox();
    assert.ok(box !== null && box.x >= 0 && box.x + box.width <= 390, `the editor spans ${box?.x}..${(box?.x ?? 0) + (box?.width ?? 0)}`);
    await shot(page, '14-phone-editor');
    assert.deepEqual(errors, []);
  });
});
