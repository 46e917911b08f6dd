// Drives examples/spa in a real browser (Debian's chromium through playwright-core) against a
// running jwt-revocation whose access tokens live a few seconds:
//   API_URL=http://127.0.0.1:8080 SPA_PORT=5173 ACCESS_TOKEN_TTL_SECONDS=8 node browser-test.mjs
// The page is served from http://localhost:SPA_PORT, another origin than the API, so CORS is
// exercised for real: the API must list that origin in CORS_ALLOWED_ORIGINS.
// Screenshots of each state land in SCREENSHOTS (default ../../../target/spa-screenshots).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const api = process.env.API_URL ?? 'http://127.0.0.1:8080';
const spaPort = Number(process.env.SPA_PORT ?? 5173);
const ttl = Number(process.env.ACCESS_TOKEN_TTL_SECONDS ?? 8);
const shots = process.env.SCREENSHOTS ?? join(here, '../../../target/spa-screenshots');
const page = `http://localhost:${spaPort}/index.html?api=${encodeURIComponent(api)}`;

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
  if (path.includes('..') || path.startsWith('test/')) return response.writeHead(404).end();
  try {
    const body = await readFile(join(here, '..', path));
    response.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(spaPort, '127.0.0.1', resolve));
await mkdir(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const password = 'correct horse battery';
const register = async (username) => {
  const response = await fetch(`${api}/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(response.status, 201, 'registration');
};

// every /auth/refresh a context's tabs send, with its answer
const watchRefreshes = (context) => {
  const seen = [];
  context.on('response', (response) => {
    if (response.url().endsWith('/auth/refresh')) seen.push(response.status());
  });
  return seen;
};

const signIn = async (tab, username) => {
  await tab.goto(page);
  await tab.waitForSelector('body[data-state="signed-out"]');
  await tab.fill('input[name=username]', username);
  await tab.fill('input[name=password]', password);
  await tab.click('#login button');
  await tab.waitForSelector('body[data-state="signed-in"]');
};

const openSignedIn = async (context) => {
  const tab = await context.newPage();
  await tab.goto(page);
  await tab.waitForSelector('body[data-state="signed-in"]');
  return tab;
};

const callMe = async (tab) => {
  await tab.click('#me');
  await tab.waitForFunction(() => document.getElementById('output').textContent.includes('"username"')
    || document.body.dataset.state === 'signed-out');
};

let failures = 0;
const scenario = async (name, body) => {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}\n${error.stack}`);
  }
};

await scenario('two tabs keep working through expiry with exactly one refresh between them', async () => {
  const username = `spa-expiry-${Date.now()}`;
  await register(username);
  const context = await browser.newContext();
  const refreshes = watchRefreshes(context);
  const first = await context.newPage();
  await signIn(first, username);
  const second = await openSignedIn(context);
  await callMe(first);
  await first.screenshot({ path: join(shots, '1-signed-in.png') });

  await sleep((ttl + 1) * 1000);
  // both tabs find the token expired at once: one refreshes, the other waits and reuses
  first.evaluate(() => { document.getElementById('output').textContent = ''; });
  second.evaluate(() => { document.getElementById('output').textContent = ''; });
  await Promise.all([first.click('#me'), second.click('#me')]);
  for (const tab of [first, second]) {
    await tab.waitForFunction(() => document.getElementById('output').textContent.includes('"username"'));
    assert.equal(await tab.getAttribute('body', 'data-state'), 'signed-in');
  }
  await second.screenshot({ path: join(shots, '2-after-expiry-second-tab.png') });
  assert.deepEqual(refreshes, [200], `refreshes seen: ${JSON.stringify(refreshes)}`);
  await context.close();
});

await scenario('log out everywhere in one tab: the other tab and another browser are signed out, no refresh succeeds',
  async () => {
    const username = `spa-logout-${Date.now()}`;
    await register(username);
    const context = await browser.newContext();
    const device = await browser.newContext();
    const refreshes = [...[context, device].map(watchRefreshes)];
    const first = await context.newPage();
    await signIn(first, username);
    const second = await openSignedIn(context);
    const elsewhere = await device.newPage();
    await signIn(elsewhere, username);
    await callMe(elsewhere);

    await first.click('#logout-all');
    await first.waitForSelector('body[data-state="signed-out"]');
    // the other tab is told at once; at the latest, its next call lands on the sign-in view
    const told = await second.waitForSelector('body[data-state="signed-out"]', { timeout: 5000 })
      .then(() => true, () => false);
    if (!told) {
      console.log('     (the other tab was not told within 5 s; its next call must sign it out)');
      await second.click('#me');
      await second.waitForSelector('body[data-state="signed-out"]');
    }
    await second.screenshot({ path: join(shots, '3-other-tab-after-logout-all.png') });
    // another browser learns it from its next call: revoked, so no refresh is even tried
    await elsewhere.evaluate(() => { document.getElementById('output').textContent = ''; });
    await elsewhere.click('#me');
    await elsewhere.waitForSelector('body[data-state="signed-out"]');
    assert.match(await elsewhere.textContent('#why'), /revoked|ended/);
    await elsewhere.screenshot({ path: join(shots, '4-other-browser-next-call.png') });
    const all = refreshes.flat();
    assert.ok(!all.includes(200), `a refresh succeeded: ${JSON.stringify(all)}`);
    assert.deepEqual(refreshes[1], [], 'the other browser tried to refresh a revoked token');
    await context.close();
    await device.close();
  });

await browser.close();
server.close();
if (failures) {
  console.log(`${failures} browser scenario(s) failed`);
  process.exit(1);
}
console.log('browser scenarios passed');
