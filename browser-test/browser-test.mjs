// Real-browser check (issue 7 part 6): a page served from another origin calls the API with fetch and
// subscribes over graphql-transport-ws. Needs a running server (API_URL) with CORS allowing the page's
// origin, and Keycloak (KEYCLOAK_URL). Exit code 0 = pass.
// Partner SSO (issue 12 part 3): a second page (pkce.html) signs in with the authorization-code flow + PKCE
// at octo-web, through the partner's own identity provider (realm partner-acme, brokered into realm octo),
// once with kc_idp_hint and once by clicking the partner's button on octo's login page, and calls `me`:
// the token carries the partner_id and partner_tier the broker's mappers set.
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
// The page is served on another port of 127.0.0.1: another origin than the API's. The PKCE page exchanges
// its code at Keycloak's token endpoint from the browser, so its origin must be one of octo-web's web origins
// (keycloak/realm-octo.json lists http://127.0.0.1:18990): hence a fixed port.
const PAGE_HOST = process.env.PAGE_HOST ?? '127.0.0.1';
const PAGE_PORT = Number(process.env.PAGE_PORT ?? 18990);
// The partner's identity provider (a realm of the same Keycloak standing in for it) and its demo user.
const PARTNER_IDP = process.env.PARTNER_IDP ?? 'partner-acme';
const PARTNER_USER = process.env.PARTNER_USER ?? 'dana';
const PARTNER_PASSWORD = process.env.PARTNER_PASSWORD ?? PARTNER_USER;
// What realm octo's mappers for that provider set (keycloak/realm-octo.json, identityProviderMappers).
const PARTNER_ID = process.env.PARTNER_ID ?? 'acme';
const PARTNER_TIER = process.env.PARTNER_TIER ?? 'INTEGRATION';

const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

const pages = {
  '/': await readFile(new URL('./page.html', import.meta.url)),
  '/pkce.html': await readFile(new URL('./pkce.html', import.meta.url)),
};
const server = createServer((req, res) => {
  const page = pages[req.url.split('?')[0]];
  if (req.url === '/favicon.ico') {
    res.writeHead(204).end();
  } else if (page) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve, reject) => {
  server.once('error', (e) => reject(new Error(`cannot serve the test pages on ${PAGE_HOST}:${PAGE_PORT}: ${e.message}`)));
  server.listen(PAGE_PORT, '127.0.0.1', resolve);
});
const pageOrigin = `http://${PAGE_HOST}:${server.address().port}`;

// One partner login in the browser: the page starts the PKCE flow, the browser lands on the partner realm's
// login form (directly with kc_idp_hint, or after a click on the partner's button on octo's login page), the
// user signs in there, the broker brings them back to octo and octo back to the page with a code.
async function partnerLogin(tab, how) {
  const query = new URLSearchParams({ api: API_URL, kc: KEYCLOAK_URL, ...(how === 'hint' ? { idp: PARTNER_IDP } : {}) });
  await tab.goto(`${pageOrigin}/pkce.html?${query}`, { timeout: 30000 });
  if (how === 'button') {
    await tab.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_URL}/realms/octo/`), { timeout: 30000 });
    const button = tab.locator(`#social-${PARTNER_IDP}`);
    await button.waitFor({ timeout: 30000 });
    check(true, `octo's login page offers the partner's button ("${(await button.innerText()).trim()}")`);
    await button.click();
  }
  await tab.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_URL}/realms/${PARTNER_IDP}/`), { timeout: 30000 });
  check(true, `${how}: the browser is at the partner's own login page (realm ${PARTNER_IDP})`);
  await tab.fill('#username', PARTNER_USER);
  await tab.fill('#password', PARTNER_PASSWORD);
  await tab.click('#kc-login');
  try {
    await tab.waitForSelector('body[data-done="true"]', { timeout: 60000 });
  } catch (e) {
    // Stuck on a Keycloak page (e.g. a first-broker-login form): say where.
    throw new Error(`${how}: no result page; the browser is at ${tab.url()} ` +
      `("${(await tab.locator('h1, #kc-error-message').allInnerTexts().catch(() => [])).join(' / ').trim()}"): ${e.message}`);
  }
  const result = JSON.parse(await tab.textContent('#result'));
  console.log(`  result (${how}): ${JSON.stringify(result)}`);
  check(!result.error, `${how}: no error in the page (${result.error ?? 'none'})`);
  check(result.claims?.iss === `${KEYCLOAK_URL}/realms/octo` && result.claims?.azp === 'octo-web',
    `${how}: an octo-web token of realm octo (iss ${result.claims?.iss}, azp ${result.claims?.azp}), exchanged by the page`);
  check(result.claims?.partner_id === PARTNER_ID && result.claims?.partner_tier === PARTNER_TIER,
    `${how}: the token carries the partner's claims (partner_id ${result.claims?.partner_id}, partner_tier ${result.claims?.partner_tier})`);
  const me = result.query?.data?.me;
  check(me?.username === `${PARTNER_IDP}.${PARTNER_USER}`, `${how}: me.username is the brokered user (${me?.username})`);
  check(me?.partnerId === PARTNER_ID && me?.partnerTier === PARTNER_TIER,
    `${how}: me shows partnerId ${PARTNER_ID}, partnerTier ${PARTNER_TIER} (${me?.partnerId}, ${me?.partnerTier})`);
  check(Array.isArray(me?.roles) && me.roles.includes('CONSUMER'), `${how}: me.roles has CONSUMER (${me?.roles})`);
  return me;
}

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

  // Partner SSO. A Keycloak started before the partner realm existed has not imported it.
  const partnerRealm = await fetch(`${KEYCLOAK_URL}/realms/${PARTNER_IDP}/.well-known/openid-configuration`);
  if (!partnerRealm.ok) {
    throw new Error(`realm ${PARTNER_IDP} missing at ${KEYCLOAK_URL} (HTTP ${partnerRealm.status}): restart Keycloak ` +
      '(scripts/keycloak.sh stop; scripts/keycloak.sh start) so that it imports keycloak/realm-partner-acme.json');
  }
  await browser.clearCookies();   // no Keycloak session yet: both realms must ask for the password
  const first = await partnerLogin(tab, 'hint');
  await browser.clearCookies();   // a fresh browser again: this time through octo's login page
  const second = await partnerLogin(tab, 'button');
  check(first?.id !== undefined && first?.id === second?.id,
    'both logins are the same participant (the brokered account is linked, not created twice)');
} catch (e) {
  check(false, `browser run: ${e.message}`);
} finally {
  await browser?.close().catch(() => {});
  server.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(failures.length === 0 ? 'BROWSER TEST PASSED' : `BROWSER TEST FAILED: ${failures.join('; ')}`);
process.exit(failures.length === 0 ? 0 : 1);
