import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { IN_CI } from '@tradeplane/kit/testing';
import { bearer, http, startEmbeddedPlatform, type EmbeddedPlatform } from './embedded.ts';

/**
 * The dashboard in Debian's chromium (playwright-core drives /usr/bin/chromium headless; no browser
 * is ever downloaded) against the whole embedded platform, the way a user works it: sign up,
 * trade, watch the fill and the position arrive over /v1/stream without a reload, chart with
 * indicators, alerts, and every other page. Screenshots of the main pages go to docs/screenshots/
 * (shown in the README). Without chromium the suite skips with a message, except under CI.
 */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const inCi = IN_CI || (!!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0');
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && !inCi)
  process.stderr.write(`[tradeplane tests] ${CHROMIUM} not found: skipping the dashboard end-to-end tests\n`);

const EMAIL = `trader-${Date.now()}@example.com`;
const PASSWORD = 'correct-horse-battery';

let platform: EmbeddedPlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let token = '';
let accountId = '';
let firstRefreshToken: string | null = null;
const pageErrors: string[] = [];
/** The last console messages and failed responses of the page, printed when a step fails. */
const pageLog: string[] = [];
const log = (line: string) => {
  pageLog.push(line);
  if (pageLog.length > 40) pageLog.shift();
};

async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.allTextContents().catch(() => [])) as string[]).join(' | ');
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`expected ${pattern} within ${timeoutMs} ms; last text: ${last.slice(0, 500)}`);
}

async function shot(name: string, p: Page = page): Promise<void> {
  // Let charts and live values settle so the picture shows the page, not its loading state.
  await p.waitForTimeout(600);
  await p.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** Every form control has an accessible name: a label, aria-label or aria-labelledby. */
async function expectLabelledControls(p: Page = page): Promise<void> {
  // Page code goes in as a string: this file is compiled for Node, without the DOM library.
  const unlabelled = await p.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden')
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    .map((el) => el.outerHTML.slice(0, 120))`);
  expect(unlabelled).toEqual([]);
}

async function nav(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** Marks the document; the mark survives client-side navigation and is gone after a reload. */
const markDocument = () => page.evaluate('window.__tpMark = 42');
const documentMarked = () => page.evaluate<boolean>('window.__tpMark === 42');
const refreshTokenOfTab = () =>
  page.evaluate<string | null>("sessionStorage.getItem('tradeplane.refreshToken')");

async function quote(symbol: string): Promise<number> {
  const q = await http(platform.gateway, 'GET', `/v1/market/quotes?symbols=${symbol}`, {
    headers: bearer(token),
  });
  return Number(q.body.quotes[symbol].bidPrice);
}

describe.skipIf(!haveChromium && !inCi)('dashboard in chromium (embedded platform)', () => {
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is required under CI (apt-get install chromium)`);
    // Build the dashboard when its sources are newer than apps/dashboard/dist (same check as npm start).
    execFileSync(process.execPath, ['scripts/build.mjs', '--dashboard'], { cwd: ROOT, stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    // Short-lived access tokens (60 s, refreshed 30 s ahead): the session rotates during the suite.
    platform = await startEmbeddedPlatform({ ACCESS_TOKEN_TTL_SECONDS: '60' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => log(`console.${m.type()}: ${m.text()}`));
    page.on('response', (r) => {
      if (r.status() >= 400) log(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => log(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  // A failed step leaves a picture of the page behind, to see what the user would have seen.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return;
    const dir = join(tmpdir(), 'tradeplane-e2e-failures');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    process.stderr.write(
      `[dashboard e2e] failed at ${page.url()}; screenshot: ${file}\n${pageLog.join('\n')}\n`,
    );
  });

  it('serves the dashboard at / and signs a new user up', async () => {
    await page.goto(platform.gateway + '/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectLabelledControls();
    await shot('signin');
    // Validation before sending.
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForText(page.locator('.field-error'), /Email is required/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForText(page.locator('.field-error'), /at least 10 characters/);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor({ timeout: 20_000 });
    // The first paper account is opened from the user.registered event, a moment later.
    await waitForText(page.getByTestId('stat-cash'), /\$100,000\.00/, 30_000);
    firstRefreshToken = await refreshTokenOfTab();
    expect(firstRefreshToken).toBeTruthy();

    const login = await http(platform.gateway, 'POST', '/v1/auth/login', {
      body: { email: EMAIL, password: PASSWORD },
    });
    token = login.body.accessToken;
    accountId = (await http(platform.gateway, 'GET', '/v1/accounts', { headers: bearer(token) })).body.data[0]
      .id;
    expect(accountId).toBeTruthy();
  }, 90_000);

  it('keeps the page across a reload (the session is restored from this tab)', async () => {
    await page.goto(platform.gateway + '/market/MSFT?tf=1Day');
    await page.getByRole('heading', { name: /Market · MSFT/ }).waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByRole('heading', { name: /Market · MSFT/ }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/market/MSFT');
  }, 60_000);

  it('connects the real-time stream', async () => {
    await waitForText(page.getByTestId('stream-status'), /Live/, 20_000);
  }, 30_000);

  it('places a market order: it fills and the position appears without reloading', async () => {
    await nav('Portfolio');
    await markDocument();
    await nav('Trade');
    await expectLabelledControls();
    await page.getByLabel('Symbol').fill('AAPL');
    await page.getByLabel('Quantity').fill('5');
    await page.getByRole('button', { name: 'Place buy order' }).click();
    await waitForText(page.getByTestId('order-result'), /Filled: buy 5 AAPL at \d/, 15_000);
    // The blotter shows it filled.
    await page.getByRole('tab', { name: 'Filled' }).click();
    await waitForText(page.getByTestId('orders-table').locator('tr[data-status="filled"]'), /AAPL/, 10_000);
    await nav('Portfolio');
    const aapl = page
      .getByTestId('positions-table')
      .locator('tr[data-symbol="AAPL"] [data-testid="position-qty"]');
    await waitForText(aapl, /^5$/, 10_000);
    expect(await documentMarked()).toBe(true);
  }, 60_000);

  it('shows a position opened elsewhere within seconds, over the stream (no reload, no polling)', async () => {
    await waitForText(page.getByTestId('stream-status'), /Live/, 10_000);
    // While the stream is live the page does not poll: only a stream event can bring this in.
    const res = await http(platform.gateway, 'POST', '/v1/orders', {
      headers: bearer(token),
      body: { accountId, symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', qty: '2' },
    });
    expect(res.status).toBe(201);
    await waitForText(
      page.getByTestId('positions-table').locator('tr[data-symbol="MSFT"] [data-testid="position-qty"]'),
      /^2$/,
      5_000,
    );
    // Live prices move the unrealized P&L.
    await waitForText(
      page.getByTestId('positions-table').locator('[data-testid="position-last"]'),
      /\d+\.\d{2}/,
    );
    expect(await documentMarked()).toBe(true);
    await shot('portfolio');
  }, 30_000);

  it("shows the risk service's reason when it rejects an order", async () => {
    await nav('Trade');
    await page.getByLabel('Symbol').fill('AAPL');
    await page.getByLabel('Quantity').fill('5000');
    await page.getByRole('button', { name: 'Place buy order' }).click();
    await waitForText(
      page.getByTestId('order-error'),
      /Rejected by risk checks: order value .* exceeds the limit/,
      15_000,
    );
  }, 30_000);

  it('rests, replaces and cancels limit orders; the blotter follows live', async () => {
    const limit = (Math.floor((await quote('AAPL')) * 0.95 * 100) / 100).toFixed(2);
    await page.getByLabel('Quantity').fill('1');
    await page.getByLabel('Order type').selectOption('limit');
    await page.getByLabel('Limit price').fill(limit);
    await page.getByLabel('Time in force').selectOption('gtc');
    await page.getByRole('button', { name: 'Place buy order' }).click();
    await waitForText(page.getByTestId('order-result'), /Order (new|accepted)/, 15_000);
    await page.getByRole('tab', { name: /Open/ }).click();
    const open = page.getByTestId('orders-table').locator('tbody tr');
    await waitForText(open, /AAPL/, 10_000);
    // Replace: a new quantity.
    await page.getByRole('button', { name: 'Replace AAPL buy order' }).first().click();
    await page.getByRole('dialog').getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Replace order' }).click();
    await waitForText(page.getByRole('status'), /Replaced: the new order is/, 15_000);
    await waitForText(open.filter({ hasText: 'AAPL' }).getByTestId('order-qty'), /^2$/, 10_000);
    // An order placed elsewhere appears in the open tab without a reload, over the stream.
    const other = await http(platform.gateway, 'POST', '/v1/orders', {
      headers: bearer(token),
      body: {
        accountId,
        symbol: 'MSFT',
        side: 'buy',
        type: 'limit',
        limitPrice: (Math.floor((await quote('MSFT')) * 0.95 * 100) / 100).toFixed(2),
        timeInForce: 'gtc',
        qty: '1',
      },
    });
    expect(other.status).toBe(201);
    await waitForText(open, /MSFT/, 5_000);
    await shot('trade');
    // Cancel one, then the rest.
    await page.getByRole('button', { name: 'Cancel MSFT buy order' }).click();
    // (Locators, not waitForFunction: the dashboard's CSP forbids eval, which that would need.)
    await page
      .getByTestId('orders-table')
      .locator('tbody tr', { hasText: 'MSFT' })
      .waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByRole('button', { name: 'Cancel all open' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel all' }).click();
    await waitForText(page.getByRole('tabpanel'), /No open orders/, 10_000);
    await page.getByRole('tab', { name: 'Canceled' }).click();
    await waitForText(page.getByTestId('orders-table'), /canceled/, 10_000);
    expect(await documentMarked()).toBe(true);
  }, 90_000);

  it('sets a stop-loss and take-profit and closes a position', async () => {
    await nav('Portfolio');
    const msft = page.getByTestId('positions-table').locator('tr[data-symbol="MSFT"]');
    await msft.waitFor();
    const last = await quote('MSFT');
    await page.getByRole('button', { name: 'Set stop-loss and take-profit for MSFT' }).click();
    await page.getByLabel('Stop-loss price').fill((last * 1.5).toFixed(2));
    await page.getByRole('button', { name: 'Save levels' }).click();
    await waitForText(page.getByRole('dialog').locator('.field-error'), /below the last price/);
    await page.getByLabel('Stop-loss price').fill((last * 0.8).toFixed(2));
    await page.getByLabel('Take-profit price').fill((last * 1.2).toFixed(2));
    await page.getByRole('button', { name: 'Save levels' }).click();
    await waitForText(msft, /SL \d.*TP \d/, 10_000);
    await page.getByRole('button', { name: 'Close MSFT position' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close position' }).click();
    await waitForText(page.getByRole('status'), /Closing 2 MSFT: order filled/, 15_000);
    await page.locator('tr[data-symbol="MSFT"]').waitFor({ state: 'detached', timeout: 10_000 });
  }, 60_000);

  it('draws a candlestick chart with an SMA indicator (and RSI, MACD panes)', async () => {
    await nav('Market');
    await page.getByTestId('candle-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    await page.getByLabel('SMA', { exact: true }).check();
    const legend = await waitForText(page.getByTestId('chart-legend'), /SMA\(20\) \d+\.\d\d/);
    // The chart's SMA is the market-data service's SMA over the same bars.
    const server = await http(
      platform.gateway,
      'GET',
      '/v1/market/indicators/AAPL?name=sma&timeframe=1Day&limit=1',
      {
        headers: bearer(token),
      },
    );
    const mine = Number(/SMA\(20\) (\d+\.\d\d)/.exec(legend)![1]);
    expect(Math.abs(mine - server.body.values[0].value) / server.body.values[0].value).toBeLessThan(0.01);
    await page.getByLabel('Bollinger Bands').check();
    await page.getByLabel('RSI', { exact: true }).check();
    await page.getByLabel('MACD', { exact: true }).check();
    await waitForText(page.getByTestId('chart-legend'), /RSI\(14\) \d.*MACD -?\d/);
    await page.getByLabel('SMA period').fill('50');
    await waitForText(page.getByTestId('chart-legend'), /SMA\(50\) \d/);
    await waitForText(page.getByTestId('live-quote'), /Last\s*\d/);
    await expectLabelledControls();
    // Three panes: prices, RSI, MACD, each drawn on canvases.
    expect(await page.getByTestId('candle-chart').locator('canvas').count()).toBeGreaterThanOrEqual(3);
    await shot('market');
    await page.getByLabel('Timeframe', { exact: true }).selectOption('5Min');
    await page.getByRole('heading', { name: /AAPL · 5 minutes/ }).waitFor({ timeout: 15_000 });
  }, 60_000);

  it('creates, lists, disables and deletes a scheduler trigger', async () => {
    await nav('Alerts & triggers');
    await expectLabelledControls();
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await waitForText(page.locator('.field-error'), /Name the trigger/);
    await page.getByLabel('Name', { exact: true }).fill('opening bell');
    await page.getByLabel('Fires on').selectOption('market');
    await page.getByLabel('Offset (minutes)').fill('-5');
    await page.getByLabel('Message (optional)').fill('market opens in 5 minutes');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    const table = page.getByTestId('triggers-table');
    await waitForText(table, /opening bell.*market open -5 min.*notification/, 15_000);
    await table.getByRole('button', { name: 'Disable' }).click();
    await waitForText(table, /opening bell disabled/, 10_000);
    await table.getByRole('button', { name: 'Runs' }).click();
    await waitForText(table, /No runs yet|fired|skipped/, 10_000);
    await shot('alerts');
    const listed = await http(platform.gateway, 'GET', '/v1/triggers', { headers: bearer(token) });
    expect(listed.body.items.map((t: { name: string }) => t.name)).toContain('opening bell');
    await page.getByRole('button', { name: 'Delete trigger opening bell' }).click();
    await waitForText(page.getByRole('status'), /Trigger “opening bell” deleted/, 10_000);
  }, 45_000);

  it('creates, lists and deletes a price alert', async () => {
    await nav('Alerts & triggers');
    await page.getByRole('button', { name: 'Create alert' }).click();
    await waitForText(page.locator('.field-error'), /positive price/);
    await page.getByLabel('Level').fill('999.50');
    await page.getByLabel('Note (optional)').fill('breakout');
    await page.getByRole('button', { name: 'Create alert' }).click();
    const table = page.getByTestId('alerts-table');
    await waitForText(table, /AAPL crosses above 999\.50.*breakout/, 15_000);
    await shot('alerts');
    const listed = await http(platform.gateway, 'GET', '/v1/alerts', { headers: bearer(token) });
    expect(listed.body.items.some((a: { level: string }) => Number(a.level) === 999.5)).toBe(true);
    await page.getByRole('button', { name: 'Delete alert AAPL crosses above 999.50' }).click();
    await waitForText(page.getByRole('status'), /Alert deleted/, 10_000);
  }, 45_000);

  it('manages API keys: the secret is shown once, then revoked', async () => {
    await nav('API keys');
    await page.getByLabel('Key name').fill('e2e bot');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
    const keyId = (await page.getByTestId('new-key-id').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    const me = await http(platform.gateway, 'GET', '/v1/users/me', {
      headers: { 'APCA-API-KEY-ID': keyId, 'APCA-API-SECRET-KEY': secret },
    });
    expect(me.body.email).toBe(EMAIL);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await waitForText(page.getByTestId('api-keys-table'), /e2e bot/);
    expect(await page.getByTestId('api-keys-table').textContent()).not.toContain(secret);
    await shot('api-keys');
    await page.getByRole('button', { name: 'Revoke key e2e bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await waitForText(page.getByTestId('api-keys-table'), /revoked/, 10_000);
  }, 45_000);

  it('opens, switches to and resets a paper account', async () => {
    await nav('Accounts');
    await page.getByLabel('Account name').fill('Swing');
    await page.getByLabel('Starting cash ($)').fill('25000');
    await page.getByRole('button', { name: 'Open account' }).click();
    await waitForText(page.getByTestId('accounts-table'), /Swing.*in use/, 15_000);
    expect(await page.getByLabel('Account', { exact: true }).inputValue()).not.toBe(accountId);
    await page.getByRole('button', { name: 'Reset Swing' }).click();
    await page.getByLabel('Cash after the reset ($)').fill('50000');
    await page.getByRole('button', { name: 'Reset account' }).click();
    await waitForText(page.getByRole('status'), /reset to \$50,000\.00/, 15_000);
    await shot('accounts');
    await page.getByLabel('Account', { exact: true }).selectOption(accountId);
    await waitForText(page.getByTestId('accounts-table'), /Paper.*in use/);
  }, 45_000);

  it('shows limits and trading state, and engages and releases the kill switch', async () => {
    await nav('Risk');
    await waitForText(page.getByTestId('trading-state'), /ACTIVE/, 15_000);
    await page.getByRole('button', { name: 'Engage kill switch' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Engage' }).click();
    await waitForText(page.getByTestId('trading-state'), /HALTED/, 10_000);
    await shot('risk');
    await page.getByRole('button', { name: 'Release kill switch' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Release' }).click();
    await waitForText(page.getByTestId('trading-state'), /ACTIVE/, 10_000);
    await page.getByLabel('Max open orders').fill('not a number');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await waitForText(page.locator('.field-error'), /whole number/);
    await page.getByLabel('Max open orders').fill('50');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await waitForText(page.getByRole('status'), /Limits saved/, 10_000);
  }, 45_000);

  it('shows the notification inbox with its unread count, preferences and webhooks', async () => {
    await nav('Notifications');
    // The fills and cancels above were notified: in the inbox, counted in the header.
    await waitForText(page.getByTestId('inbox'), /Bought 5 AAPL/, 15_000);
    const badge = page.getByTestId('unread-count');
    expect(Number(await badge.textContent())).toBeGreaterThan(0);
    await shot('notifications');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await badge.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByRole('tab', { name: 'Preferences' }).click();
    await page.getByLabel('order.canceled by email').check();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await waitForText(page.getByRole('status'), /Preferences saved/, 10_000);
    const prefs = await http(platform.gateway, 'GET', '/v1/notifications/preferences', {
      headers: bearer(token),
    });
    const canceled = prefs.body.preferences.find((x: { type: string }) => x.type === 'order.canceled');
    expect(canceled.channels.email).toBe(true);
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByLabel('URL').fill('not a url');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await waitForText(page.locator('.field-error'), /full http\(s\) URL/);
  }, 45_000);

  it("shows every service's health and uptime to an admin (the first user is admin)", async () => {
    await nav('System');
    await waitForText(page.getByTestId('services-table'), /gateway.*identity.*orders/s, 15_000);
    await waitForText(page.getByTestId('platform-status'), /ok/, 15_000);
    await shot('system');
  }, 30_000);

  it('refreshes the session in the background without losing the page', async () => {
    // The System page polls every 5 s; past 30 s of the 60 s token a call refreshes it first.
    await nav('System');
    const deadline = Date.now() + 50_000;
    let current = firstRefreshToken;
    while (current === firstRefreshToken && Date.now() < deadline) {
      await page.waitForTimeout(1000);
      current = await refreshTokenOfTab();
    }
    expect(current).toBeTruthy();
    expect(current).not.toBe(firstRefreshToken);
    await waitForText(page.getByTestId('services-table'), /gateway/);
    expect(await documentMarked()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
  }, 70_000);

  it('works at 390 px: sign up on a phone, the position streams in, the menu opens the navigation', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      isMobile: true,
      hasTouch: true,
    });
    const p = await phone.newPage();
    // Another user (a phone is another session anyway), so each stays within its plan's rate limit.
    const email = `phone-${Date.now()}@example.com`;
    try {
      await p.goto(platform.gateway + '/signup');
      await p.getByLabel('Email').fill(email);
      await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await p.getByLabel('Confirm password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Create account' }).click();
      await p.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor({ timeout: 20_000 });
      await waitForText(p.getByTestId('stat-cash'), /\$100,000\.00/, 30_000);
      const login = await http(platform.gateway, 'POST', '/v1/auth/login', {
        body: { email, password: PASSWORD },
      });
      const order = await http(platform.gateway, 'POST', '/v1/orders', {
        headers: bearer(login.body.accessToken),
        body: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '3' },
      });
      expect(order.status).toBe(201);
      await waitForText(p.getByTestId('positions-table'), /AAPL/, 10_000);
      // Nothing wider than the screen but the tables' own scrollers.
      expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const nav = p.getByRole('navigation', { name: 'Main' });
      expect(await nav.isVisible()).toBe(false);
      await p.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Trade', exact: true }).click();
      await p.getByRole('heading', { name: 'Trade', level: 1 }).waitFor();
      await p.getByRole('link', { name: 'Tradeplane' }).click();
      await p.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
      await shot('portfolio-390', p);
    } finally {
      await phone.close();
    }
  }, 60_000);

  it('is usable with the keyboard, with a visible focus', async () => {
    await page.goto(platform.gateway + '/trade');
    await page.getByRole('heading', { name: 'Trade', level: 1 }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Skip to content');
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    // Tabs move with the arrow keys.
    await page.getByRole('tab', { name: /Open/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Filled' }).getAttribute('aria-selected')).toBe('true');
  }, 30_000);

  it('signs out, and the pages ask for a sign-in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(platform.gateway + '/risk');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toContain('next=%2Frisk');
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
