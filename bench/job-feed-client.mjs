// The live job events benchmark's load: bench/job-feed.sh runs it. Two roles in one file.
//
//   node job-feed-client.mjs drive   the driver: forks CLIENTS holders, waits until the server counts every
//                                    subscriber, measures heap and RSS, submits a job per round and prints the figures
//   (forked) hold                    a holder: COUNT graphql-ws subscribers, one WebSocket each, that record when each
//                                    event arrives (wall clock, sub-millisecond, comparable across processes)
//
// Every subscriber follows jobsUpdated(scope: CONSUMER) of one consumer (FEED=ALL: the admin's ALL feed), so each
// submitJob (SUBMITTED + PAYMENT, one transaction) must reach every subscriber. The selection leaves out `job`, which
// would cost one database statement per subscriber per event.
import { fork, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const role = process.argv[2];
if (role === 'hold') hold();
else if (role === 'drive') drive().catch((e) => { console.error(e); process.exit(1); });
else { console.error('usage: node job-feed-client.mjs drive'); process.exit(2); }

// ------------------------------------------------------------------------------------------------ holder

function hold() {
  const { url, token, count, query, batch } = JSON.parse(process.env.HOLD);
  const clients = [];
  const received = new Map(); // jobId -> receive times of its events, all subscribers of this process
  const closes = new Map(); // close code -> count
  let acked = 0, errors = 0, firstError = null;

  const open = () => new Promise((resolve) => {
    let settled = false;
    const done = () => { if (!settled) { settled = true; resolve(); } };
    const client = createClient({
      url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, keepAlive: 0, onNonLazyError: () => {}, // counted in closes
      connectionParams: { Authorization: `Bearer ${token}` },
      on: {
        connected: () => { acked++; done(); },
        closed: (e) => { const c = e?.code ?? 'none'; closes.set(c, (closes.get(c) ?? 0) + 1); done(); },
      },
    });
    clients.push(client);
    client.subscribe({ query }, {
      next: (msg) => {
        const t = now();
        const e = msg.data?.jobsUpdated;
        if (!e) { errors++; firstError ??= JSON.stringify(msg).slice(0, 300); return; }
        let times = received.get(e.jobId);
        if (!times) received.set(e.jobId, times = []);
        times.push(t);
      },
      error: (err) => { errors++; firstError ??= String(err?.reason ?? err?.message ?? JSON.stringify(err)).slice(0, 300); },
      complete: () => {},
    });
  });

  const status = () => ({ acked, errors, firstError, closes: Object.fromEntries(closes) });
  process.on('message', async (m) => {
    if (m.type === 'open') {
      for (let i = 0; i < count; i += batch) {
        await Promise.all(Array.from({ length: Math.min(batch, count - i) }, open));
        process.send({ type: 'progress', ...status() });
      }
      process.send({ type: 'opened', ...status() });
    } else if (m.type === 'count') {
      process.send({ type: 'count', n: received.get(m.jobId)?.length ?? 0 });
    } else if (m.type === 'times') {
      process.send({ type: 'times', times: received.get(m.jobId) ?? [] });
      received.delete(m.jobId);
    } else if (m.type === 'status') {
      process.send({ type: 'status', ...status() });
    } else if (m.type === 'stop') {
      await Promise.race([Promise.all(clients.map((c) => c.dispose())), sleep(5000)]);
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(1)); // the driver is gone
  process.send({ type: 'ready' });
}

// ------------------------------------------------------------------------------------------------ driver

async function drive() {
  const env = process.env;
  const N = int('SUBSCRIBERS', 1000), C = Math.min(int('CLIENTS', 4), N);
  const WARMUP_ROUNDS = int('WARMUP_ROUNDS', 20), ROUNDS = int('ROUNDS', 50);
  const ROUND_TIMEOUT = int('ROUND_TIMEOUT_MS', 10000), PAUSE = int('ROUND_PAUSE_MS', 200);
  const HTTP = env.SERVER_URL, PID = env.SERVER_PID, FEED = env.FEED ?? 'CONSUMER';
  const feedToken = token(FEED === 'ALL' ? env.ADMIN_USER : env.CONSUMER_USER);
  const query = `subscription { jobsUpdated(scope: ${FEED}) { cursor kind jobId state occurredAt `
      + `payment { kind amount } } }`;
  const started = Date.now();
  const say = (s) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

  const baseline = await memory(PID, env.HISTOGRAM);
  say(`baseline after a full GC: heap used ${mb(baseline.heap)}, RSS ${mb(baseline.rss)}; `
      + `${await subscribersOnServer(HTTP)} job subscribers`);

  // holders: N spread over C processes
  const holders = [];
  for (let i = 0; i < C; i++) {
    const count = Math.floor(N / C) + (i < N % C ? 1 : 0);
    const child = fork(fileURLToPath(import.meta.url), ['hold'], {
      env: { ...env, HOLD: JSON.stringify({ url: HTTP.replace(/^http/, 'ws') + '/graphql', token: feedToken, count,
        query, batch: int('CONNECT_BATCH', 10) }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    holders.push(rpc(child));
  }
  process.on('exit', () => holders.forEach((h) => h.child.kill()));
  process.on('SIGTERM', () => process.exit(1));
  await Promise.all(holders.map((h) => h.next('ready')));
  const t0 = Date.now();
  const opened = await Promise.all(holders.map((h) => h.ask({ type: 'open' }, 'opened', 600_000)));
  const acked = opened.reduce((s, o) => s + o.acked, 0);
  say(`${acked} of ${N} connections acknowledged in ${((Date.now() - t0) / 1000).toFixed(1)} s`
      + closesText(opened));
  let onServer = 0;
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(500)) {
    if ((onServer = await subscribersOnServer(HTTP)) >= acked) break;
  }
  say(`server counts ${onServer} job subscribers (octo_job_subscribers)`);
  const held = await memory(PID, env.HISTOGRAM);
  const perSub = (a, b) => onServer ? `${((a - b) / onServer / 1024).toFixed(1)} KB` : 'n/a';
  say(`held, after a full GC: heap used ${mb(held.heap)} (${perSub(held.heap, baseline.heap)} per subscriber), `
      + `RSS ${mb(held.rss)} (${perSub(held.rss, baseline.rss)} per subscriber)`);
  if (env.HISTOGRAM) {
    const rows = [...held.histogram].map(([cls, bytes]) => [cls, bytes - (baseline.histogram.get(cls) ?? 0)])
      .sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`heap growth per subscriber by class (top 25, jcmd GC.class_histogram):\n`
      + rows.map(([cls, b]) => `  ${(b / onServer).toFixed(0).padStart(8)} B  ${cls}`).join('\n'));
  }

  // rounds: one submitJob each, timed from just before the request is sent
  let mutationToken = token(env.CONSUMER_USER), tokenAt = Date.now();
  const lat = { send: [], response: [] };
  let delivered = 0, expected = 0, late = 0, mutationMs = [];
  for (let r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
    if (Date.now() - tokenAt > 120_000) { mutationToken = token(env.CONSUMER_USER); tokenAt = Date.now(); }
    const sent = now();
    const jobId = await submit(HTTP, mutationToken, env.MODEL_ID);
    const answered = now();
    const want = 2 * onServer; // SUBMITTED and PAYMENT to every subscriber
    let got = 0;
    for (const until = Date.now() + ROUND_TIMEOUT; Date.now() < until; await sleep(5)) {
      got = (await Promise.all(holders.map((h) => h.ask({ type: 'count', jobId }, 'count')))).reduce((s, c) => s + c.n, 0);
      if (got >= want) break;
    }
    const times = (await Promise.all(holders.map((h) => h.ask({ type: 'times', jobId }, 'times')))).flatMap((t) => t.times);
    if (r >= 0) {
      delivered += times.length;
      expected += want;
      late += got < want ? 1 : 0;
      mutationMs.push(answered - sent);
      for (const t of times) { lat.send.push(t - sent); lat.response.push(t - answered); }
    }
    if (r === -1) say(`warm-up done (${WARMUP_ROUNDS} rounds)`);
    if (got < want) say(`round ${r}: ${got} of ${want} events within ${ROUND_TIMEOUT} ms`);
    await sleep(PAUSE);
  }
  const after = await memory(PID);
  const status = await Promise.all(holders.map((h) => h.ask({ type: 'status' }, 'status')));
  say(`after the rounds, after a full GC: heap used ${mb(after.heap)} (${perSub(after.heap, baseline.heap)} per `
      + `subscriber), RSS ${mb(after.rss)} (${perSub(after.rss, baseline.rss)} per subscriber)`);

  const ms = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1,
      Math.ceil(q * s.length) - 1)].toFixed(1) : 'n/a'; };
  const errors = status.reduce((s, x) => s + x.errors, 0);
  console.log(`
== live job events: jobsUpdated(scope: ${FEED}), ${N} subscribers over ${C} client processes
subscribers held        ${onServer} (acknowledged ${acked})${closesText(status)}
rounds                  ${ROUNDS} measured after ${WARMUP_ROUNDS} warm-up, one submitJob each (2 events)
events delivered        ${delivered} of ${expected} expected${late ? ` (${late} rounds incomplete after ${ROUND_TIMEOUT} ms)` : ''}
subscription errors     ${errors}${errors ? ` (first: ${status.find((s) => s.firstError)?.firstError})` : ''}
fan-out latency         from the mutation's send: p50 ${ms(lat.send, 0.5)} ms, p99 ${ms(lat.send, 0.99)} ms, max ${ms(lat.send, 1)} ms
                        from its response:        p50 ${ms(lat.response, 0.5)} ms, p99 ${ms(lat.response, 0.99)} ms, max ${ms(lat.response, 1)} ms
submitJob round trip    p50 ${ms(mutationMs, 0.5)} ms, p99 ${ms(mutationMs, 0.99)} ms
server heap (full GC)   baseline ${mb(baseline.heap)}, held ${mb(held.heap)}: ${perSub(held.heap, baseline.heap)} per subscriber; after the rounds ${perSub(after.heap, baseline.heap)}
server RSS              baseline ${mb(baseline.rss)}, held ${mb(held.rss)}: ${perSub(held.rss, baseline.rss)} per subscriber; after the rounds ${perSub(after.rss, baseline.rss)}
`);
  await Promise.all(holders.map((h) => new Promise((resolve) => { h.child.once('exit', resolve); h.child.send({ type: 'stop' }); })));
  process.exit(delivered === expected && expected > 0 ? 0 : 3);

  function int(name, fallback) { const v = Number(env[name] ?? fallback); return Number.isInteger(v) && v > 0 ? v : fallback; }
  function token(user) {
    return execFileSync(env.KEYCLOAK_SH, ['token', user, user], { encoding: 'utf8' }).trim();
  }
}

/** Sends messages to a holder and awaits its answers of a type, in order. */
function rpc(child) {
  const waiting = [];
  child.on('message', (m) => {
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(m);
  });
  child.on('exit', (code) => waiting.splice(0).forEach((w) => w.reject(new Error(`holder exited (${code})`))));
  const next = (type, timeout = 60_000) => new Promise((resolve, reject) => {
    const w = { type, resolve, reject };
    waiting.push(w);
    setTimeout(() => reject(new Error(`no ${type} from a holder within ${timeout} ms`)), timeout).unref();
  });
  return { child, next, ask: (msg, type, timeout) => { const p = next(type, timeout); child.send(msg); return p; } };
}

async function submit(http, token, modelId) {
  const res = await fetch(`${http}/graphql`, {
    method: 'POST', signal: AbortSignal.timeout(30_000),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($i: SubmitJobInput!) { submitJob(input: $i) { id } }',
      variables: { i: { kind: 'INFERENCE', modelId, gpuClass: 'BENCH', memoryGb: 40, maxDurationSeconds: 3600,
        budget: '1000' } },
    }),
  });
  const body = await res.json();
  if (!body.data?.submitJob?.id) throw new Error(`submitJob failed: ${JSON.stringify(body).slice(0, 400)}`);
  return body.data.submitJob.id;
}

async function subscribersOnServer(http) {
  const text = await (await fetch(`${http}/q/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
  const line = text.split('\n').find((l) => l.startsWith('octo_job_subscribers'));
  return line ? Math.round(Number(line.split(/\s+/).pop())) : -1;
}

/**
 * Heap used after a full GC (jcmd GC.run, then GC.heap_info; every generation's "used") and RSS, in bytes; with
 * {@code histogram}, also the bytes of live objects per class.
 */
async function memory(pid, histogram) {
  execFileSync('jcmd', [pid, 'GC.run'], { encoding: 'utf8', timeout: 60_000 });
  await sleep(1000);
  const info = execFileSync('jcmd', [pid, 'GC.heap_info'], { encoding: 'utf8', timeout: 60_000 });
  const heap = info.split('\n').filter((l) => !/Metaspace|class space/.test(l))
    .map((l) => /used (\d+)K/.exec(l)).filter(Boolean).reduce((s, m) => s + Number(m[1]) * 1024, 0);
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  const classes = new Map();
  if (histogram) {
    for (const m of execFileSync('jcmd', [pid, 'GC.class_histogram'], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60_000 })
      .matchAll(/^\s*\d+:\s+\d+\s+(\d+)\s+(\S+)/gm)) classes.set(m[2], Number(m[1]));
  }
  return { heap, rss, histogram: classes };
}

function mb(bytes) { return `${(bytes / 1048576).toFixed(1)} MB`; }
function closesText(list) {
  const all = {};
  for (const s of list) for (const [c, n] of Object.entries(s.closes ?? {})) all[c] = (all[c] ?? 0) + n;
  const text = Object.entries(all).map(([c, n]) => `${n} × ${c}`).join(', ');
  return text ? `; connections closed: ${text}` : '';
}
