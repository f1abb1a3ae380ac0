import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type {
  ConversationPage,
  MessagePage,
  MessageResource,
  ProviderHealthResource,
} from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress } from '@switchboard/tenancy';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { api, request } from './api-client';
import { launchChromium, type Browser } from './support/browser';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

// The operator console in a real browser (Debian's Chromium driven by playwright-core) against
// the whole stack with required authentication: two tenants, the provider sandbox answering and
// calling back. The tests run in order on one signed-in page, as an operator would work.

const ROOT = path.resolve(__dirname, '../..');
const SECRET_KEY = `e2e-console-${'k'.repeat(40)}`;
const WORD = `quokka${randomBytes(3).toString('hex')}`;
/** The bundle budget: what a first visit downloads, compressed as the wire carries it. */
const BUNDLE_BUDGET_BYTES = 200 * 1024;
/** `CONSOLE_SCREENSHOTS=update` writes the README's screenshots (docs/console/) from this run. */
const SCREENSHOTS =
  process.env.CONSOLE_SCREENSHOTS === 'update'
    ? path.join(ROOT, 'docs/console')
    : path.join(tmpdir(), 'switchboard-console-screenshots');

describe('the operator console in a browser', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  let browser: Browser;
  let page: Page;
  const numberOfA = uniqueNumber();
  const customer = uniqueNumber();
  const cspViolations: string[] = [];
  /** The console's requests for the event stream, and how many times it read the inbox list. */
  const streamRequests: { headers: Record<string, string> }[] = [];
  let inboxReads = 0;

  const consoleUrl = (p = '') => `${gateway}/console/${p}`;
  /** The inbox's entry for the conversation with the customer. */
  const customerConversation = () =>
    page.getByRole('link', { name: new RegExp(customer.replace('+', '\\+')) });
  const shoot = (name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const messageOf = async (id: string) =>
    (await a.call<MessageResource>('GET', `/api/v1/messages/${id}`)).body;

  /** axe-core's WCAG checks on the current view: no serious or critical finding. */
  const expectAccessible = async () => {
    if (!(await page.evaluate(() => 'axe' in globalThis))) {
      // Evaluated, not added as a <script>: the console's CSP refuses inline scripts.
      await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    }
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
      const results = await axe.run();
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    });
    expect(violations).toEqual([]);
  };

  beforeAll(async () => {
    // `npm test` has built it already; run alone, the spec builds it when it is stale.
    const build = spawnSync(process.execPath, ['tools/dev/console-build.mjs'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    expect(build.status).toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        SECRET_KEY,
        // A message both providers refuse fails after a few quick rounds, opening both circuits;
        // they stay open long enough (the default rest) for the console to show it.
        DISPATCH_MAX_ATTEMPTS: '3',
        DISPATCH_RETRY_BASE_MS: '100',
        CIRCUIT_RESET_MS: '10000',
      },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway, secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'console-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'console-b' });
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });

    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/api/v1/events/stream') streamRequests.push({ headers: req.headers() });
      if (url.pathname === '/api/v1/conversations') inboxReads += 1;
    });
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    // Building the console (when stale) and booting the stack take minutes on a busy 2-core machine.
  }, 300_000);

  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults').catch(() => undefined);
    await browser?.close();
    await stack?.stop();
    await database?.close();
  });

  it('is served with a strict CSP, a revalidated page and immutable hashed assets within the bundle budget', async () => {
    const index = await fetch(consoleUrl());
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await index.text();
    // Every script is a file: nothing inline for the CSP to have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const asset = /\/console\/assets\/[\w.-]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${gateway}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    // A console address opened directly (a bookmark, a reload) gets the page too.
    const deep = await fetch(consoleUrl('conversations/0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e'));
    expect([deep.status, deep.headers.get('content-type')]).toEqual([
      200,
      expect.stringContaining('text/html'),
    ]);

    const assets = path.join(ROOT, 'dist/console/assets');
    const gzipped = readdirSync(assets)
      .filter((f) => /\.(js|css)$/.test(f))
      .reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f))).length, 0);
    console.log(`console bundle: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThan(BUNDLE_BUDGET_BYTES);
  });

  it('answers the lists it polls with ETags, and 304 while nothing changed', async () => {
    const first = await a.call('GET', '/api/v1/conversations?limit=25');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await request(gateway, 'GET', '/api/v1/conversations?limit=25', {
      headers: { authorization: `Bearer ${a.key}`, 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    // The same validator means nothing for another tenant's list.
    await b.call('POST', '/api/v1/messages/send', {
      from: uniqueNumber(),
      to: customer,
      body: 'B',
    });
    const other = await request(gateway, 'GET', '/api/v1/conversations?limit=25', {
      headers: { authorization: `Bearer ${b.key}`, 'if-none-match': etag! },
    });
    expect(other.status).toBe(200);
  });

  it('refuses a wrong key with a clear message, and is interactive quickly', async () => {
    await page.goto(consoleUrl());
    await page.getByLabel('API key or token').waitFor();
    const interactiveMs = await page.evaluate(
      () => performance.getEntriesByName('console:interactive')[0]?.startTime,
    );
    expect(interactiveMs).toBeDefined();
    console.log(`console first view interactive after ${Math.round(interactiveMs!)} ms`);
    await shoot('sign-in');
    await expectAccessible();

    await page.getByLabel('API key or token').fill(`sb_live_${'x'.repeat(40)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'That API key or token was not accepted.',
    );
    // Never kept after a refusal, never in a cookie or the address.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
      ),
    ).toBe(0);
    expect(page.url()).not.toContain('sb_live_');
  });

  it('signs in with a key, and shows an inbound SMS in the inbox without a reload', async () => {
    await page.getByLabel('API key or token').fill(a.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.context().cookies()).toEqual([]);
    expect(page.url()).not.toContain(a.key);
    // Live means the event stream is open: the console no longer polls the inbox.
    const indicator = page.locator('.connection[data-state="live"]');
    await indicator.waitFor({ timeout: 15_000 });
    await expect(indicator.textContent()).resolves.toContain('Live');
    const stream = streamRequests.at(-1);
    expect(stream).toBeDefined();
    expect(stream!.headers.authorization).toBe(`Bearer ${a.key}`);
    await page.evaluate(
      () => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true),
    );
    const listReads = inboxReads;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(inboxReads).toBe(listReads);

    const inbound = await api<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
      channel: 'sms',
      from: customer,
      to: numberOfA,
      body: `Is my order ${WORD} on its way?`,
    });
    expect(inbound.body).toMatchObject({ delivered: true });
    const item = customerConversation();
    await item.waitFor({ timeout: 30_000 });
    await expect(item.textContent()).resolves.toContain(WORD);
    await expect(item.textContent()).resolves.toContain(customer);
    await expect(item.textContent()).resolves.toContain('New');
    expect(
      await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true);
    await shoot('inbox');
    await expectAccessible();
  });

  it('opens the conversation, counts SMS segments while typing, and shows the reply reach delivered', async () => {
    await customerConversation().click();
    await page.getByRole('heading', { name: new RegExp(customer.replace('+', '\\+')) }).waitFor();
    await page.locator('li.bubble.inbound', { hasText: WORD }).waitFor();

    const box = page.getByLabel('Message', { exact: true });
    const segments = page.locator('.segments');
    await box.fill('Hello there');
    await expect(segments.textContent()).resolves.toBe('GSM-7 · 11 characters · 1 segment');
    await box.fill('x'.repeat(161));
    await expect(segments.textContent()).resolves.toBe('GSM-7 · 161 characters · 2 segments');
    await box.fill('Olá 👋');
    await expect(segments.textContent()).resolves.toBe('UCS-2 · 6 code units · 1 segment');

    const reply = `Yes: ${WORD} ships today`;
    await box.fill(reply);
    await page.getByRole('button', { name: 'Send' }).click();
    const bubble = page.locator('li.bubble.outbound', { hasText: reply });
    await bubble.waitFor({ timeout: 15_000 });
    await bubble.locator('.chip[data-status="delivered"]').waitFor({ timeout: 30_000 });

    // Its lifecycle, on click: every step, with the provider and its id.
    await bubble.getByRole('button').first().click();
    const timeline = bubble.locator('.timeline');
    await timeline.locator('.chip[data-status="delivered"]').waitFor();
    const steps = await timeline.locator('.events .chip').allTextContents();
    expect(steps).toEqual(expect.arrayContaining(['queued', 'sending', 'sent', 'delivered']));
    await expect(timeline.textContent()).resolves.toContain('twilio');
    await shoot('conversation');
    await expectAccessible();
  });

  it('filters the inbox by channel on the server', async () => {
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await customerConversation().waitFor();
    const asked = page.waitForRequest(
      (req) => new URL(req.url()).searchParams.get('channel') === 'email',
    );
    await page.getByLabel('Channel').selectOption('email');
    await asked;
    await customerConversation().waitFor({ state: 'detached' });
    await page.getByLabel('Channel').selectOption('phone');
    await customerConversation().waitFor();
    await page.getByLabel('Channel').selectOption('all');
  });

  it('finds the message with full-text search and marks the match', async () => {
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByLabel('Search messages').fill(WORD);
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.locator('.search-results');
    await results.waitFor();
    await expect(results.locator('h2').textContent()).resolves.toContain('1 conversation');
    expect(await results.locator('mark').allTextContents()).toEqual(expect.arrayContaining([WORD]));
    await expectAccessible();
  });

  it("shows the providers' open circuits and the dead letter with its reason, and its retry sends it again", async () => {
    const failing = uniqueNumber();
    for (const provider of ['twilio', 'telnyx']) {
      await api(sandbox, 'POST', '/sandbox/faults', {
        provider,
        mode: 'error',
        status: 500,
        to: failing,
      });
    }
    const sent = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: numberOfA,
      to: failing,
      body: `Your code is ${WORD}`,
    });
    expect(sent.status).toBe(201);
    const failed = await eventually(
      () => messageOf(sent.body.id),
      (m) => m.status === 'failed',
      {
        what: 'the message failed on both providers',
        timeoutMs: 30_000,
      },
    );

    // Its retries were used up: a dead letter, which the API lists by its error code.
    expect(failed.error_code).toBe('attempts_exhausted');
    const deadLetters = await a.call<MessagePage>(
      'GET',
      '/api/v1/messages?status=failed&error_code=attempts_exhausted,max_deliveries&limit=100',
    );
    expect(deadLetters.body.data.map((m) => m.id)).toContain(failed.id);
    const refused = await a.call<MessagePage>('GET', '/api/v1/messages?error_code=21211&limit=100');
    expect(refused.body.data.map((m) => m.id)).not.toContain(failed.id);

    // Every round failed on both providers: the dispatcher opened both circuits, and says so.
    const health = await eventually(
      async () => (await a.call<ProviderHealthResource>('GET', '/api/v1/providers/health')).body,
      (h) =>
        h.channels.find((c) => c.channel === 'sms')?.providers.find((p) => p.name === 'twilio')
          ?.circuit === 'open',
      { what: "the API reports the primary's circuit open", timeoutMs: 15_000 },
    );
    const smsHealth = health.channels.find((c) => c.channel === 'sms')!;
    expect(smsHealth.replicas).toBe(1);
    // An open circuit goes last: the next send tries the other provider first.
    expect(smsHealth.providers.at(-1)!.circuit).toBe('open');

    await page.getByRole('link', { name: 'Operations' }).click();
    const sms = page.locator('.channel-health[data-channel="sms"]');
    for (const provider of ['twilio', 'telnyx']) {
      await sms
        .locator(`tr[data-provider="${provider}"] [data-circuit="open"]`)
        .waitFor({ timeout: 15_000 });
    }
    await expect(
      sms.locator('tr[data-provider="twilio"] .error-rate').textContent(),
    ).resolves.toMatch(/^[1-9]\d{0,2} %$/);
    await page.getByLabel('Show').selectOption('dead_letters');
    const row = page.locator(`tr[data-message-id="${failed.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.locator('.reason').textContent()).resolves.toContain('dead letter');
    await expect(row.locator('.reason').textContent()).resolves.toContain(failed.error_code!);
    await shoot('operations');
    await expectAccessible();

    await api(sandbox, 'DELETE', '/sandbox/faults');
    await row.getByRole('button', { name: `Retry the message to ${failing}` }).click();
    await page.getByText(`Message to ${failing} queued again.`).waitFor();
    // Gone from the dead letters once it is queued again, then sent after the circuits' rest.
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    const retried = await eventually(
      () => messageOf(failed.id),
      (m) => m.status === 'sent' || m.status === 'delivered',
      { what: 'the retried message sent', timeoutMs: 60_000 },
    );
    expect(retried.error_code).toBeNull();
    // The trial call went through: the primary's circuit shows closed again.
    await sms
      .locator('tr[data-provider="twilio"] [data-circuit="closed"]')
      .waitFor({ timeout: 30_000 });
    await page.getByLabel('Show').selectOption('failed');
  }, 120_000);

  it("does not open another tenant's conversation by its address", async () => {
    const ofB = await b.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: uniqueNumber(),
      to: customer,
      body: `Private to B ${WORD}`,
    });
    expect(ofB.status).toBe(201);
    await page.goto(consoleUrl(`conversations/${ofB.body.conversation_id}`));
    await page.getByRole('heading', { name: 'Conversation not available' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Not found');
    expect(await page.content()).not.toContain('Private to B');
    // And B's conversation is not in A's inbox.
    const inboxOfA = await a.call<ConversationPage>('GET', '/api/v1/conversations?limit=100');
    expect(inboxOfA.body.data.map((c) => c.id)).not.toContain(ofB.body.conversation_id);
  });

  it('falls back to polling while its tenant has every event stream open, and still updates', async () => {
    // Tenant B takes all its stream slots (5 by default) before its console signs in.
    const held = new AbortController();
    const streams: Response[] = [];
    for (;;) {
      const res = await fetch(`${gateway}/api/v1/events/stream`, {
        headers: { authorization: `Bearer ${b.key}` },
        signal: held.signal,
      });
      if (res.status === 429) {
        await res.body?.cancel();
        break;
      }
      expect(res.status).toBe(200);
      streams.push(res);
      expect(streams.length).toBeLessThanOrEqual(10);
    }
    const other = await browser.context.newPage();
    try {
      await other.goto(consoleUrl());
      await other.getByLabel('API key or token').fill(b.key);
      await other.getByRole('button', { name: 'Sign in' }).click();
      const indicator = other.locator('.connection[data-state="polling"]');
      await indicator.waitFor({ timeout: 15_000 });
      await expect(indicator.textContent()).resolves.toContain('Polling');
      const note = `Polled for B ${WORD}`;
      const sent = await b.call('POST', '/api/v1/messages/send', {
        from: uniqueNumber(),
        to: uniqueNumber(),
        body: note,
      });
      expect(sent.status).toBe(201);
      await other.getByText(note).first().waitFor({ timeout: 30_000 });
    } finally {
      held.abort();
      await other.close();
    }
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(consoleUrl());
    const item = customerConversation();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    await page.locator('li.bubble.outbound').first().waitFor();
    // Nothing wider than the screen: no sideways scrolling.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
            .document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    await shoot('conversation-phone');
    await expectAccessible();
    expect(cspViolations).toEqual([]);
  });
});

/** The part of axe-core's results these checks read. */
interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[];
}
