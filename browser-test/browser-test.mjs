// Real-browser check (issue 7 part 6): a page served from another origin calls the API with fetch and
// subscribes over graphql-transport-ws. Needs a running server (API_URL) with CORS allowing the page's
// origin, and Keycloak (KEYCLOAK_URL). Exit code 0 = pass.
//   API_URL=http://127.0.0.1:18981/graphql KEYCLOAK_URL=http://127.0.0.1:8180 node browser-test.mjs
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const API_URL = process.env.API_URL ?? 'http://127.0.0.1:8080/graphql';
const KEYCLOAK_URL = process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8180';
const TEST_USER = process.env.TEST_USER ?? 'alice';
const TEST_PASSWORD = process.env.TEST_PASSWORD ?? TEST_USER;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The page is served on another port of 127.0.0.1: another origin than the API's. (Keycloak, whose CORS
// follows octo-web's redirect URIs, answers 127.0.0.1 origins.)
const PAGE_HOST = process.env.PAGE_HOST ?? '127.0.0.1';

const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

const page = await readFile(new URL('./page.html', import.meta.url));
const server = createServer((req, res) => {
  if (req.url === '/favicon.ico') {
    res.writeHead(204).end();
  } else if (req.url.split('?')[0] === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageOrigin = `http://${PAGE_HOST}:${server.address().port}`;

const profile = await mkdtemp(join(tmpdir(), 'octo-chromium-'));
let browser;
try {
  // A persistent context is how Playwright takes a --user-data-dir: a fresh, throw-away profile.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const tab = browser.pages()[0] ?? await browser.newPage();
  tab.on('console', (m) => console.log(`  [page] ${m.text()}`));
  const tokenResponse = await fetch(`${KEYCLOAK_URL}/realms/octo/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'octo-web', username: TEST_USER, password: TEST_PASSWORD }),
  });
  const token = (await tokenResponse.json()).access_token;
  check(Boolean(token), `token for ${TEST_USER} from Keycloak (HTTP ${tokenResponse.status})`);
  const query = new URLSearchParams({ api: API_URL });
  await tab.goto(`${pageOrigin}/?${query}#token=${encodeURIComponent(token)}`, { timeout: 30000 });
  await tab.waitForSelector('body[data-done="true"]', { timeout: 60000 });
  const result = JSON.parse(await tab.textContent('#result'));
  console.log(`  page log:\n${(await tab.textContent('#log')).replace(/^/gm, '    ')}`);
  console.log(`  result: ${JSON.stringify(result)}`);

  check(result.origin === pageOrigin && !API_URL.startsWith(pageOrigin), `page runs on its own origin ${pageOrigin}`);
  check(!result.error, `no error in the page (${result.error ?? 'none'})`);
  check(result.query?.data?.me?.username === TEST_USER, 'query me over fetch returns the signed-in user');
  check(result.subscription?.type === 'next'
      && result.subscription?.payload?.data?.meUpdated?.username === TEST_USER,
  'subscription meUpdated over graphql-transport-ws delivers the current state');

  // An origin not on the allow-list gets no CORS grant (checked from the browser's side of the protocol).
  const preflight = await fetch(API_URL, { method: 'OPTIONS', headers: {
    Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
  check(preflight.headers.get('access-control-allow-origin') === null,
    `an origin not on the allow-list is not granted (HTTP ${preflight.status})`);
} catch (e) {
  check(false, `browser run: ${e.message}`);
} finally {
  await browser?.close().catch(() => {});
  server.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(failures.length === 0 ? 'BROWSER TEST PASSED' : `BROWSER TEST FAILED: ${failures.join('; ')}`);
process.exit(failures.length === 0 ? 0 : 1);
