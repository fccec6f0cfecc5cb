// Turns the read-path benchmark's result lines (one JSON object per line in RESULTS) into BENCHMARKS.md.
import { readFileSync, writeFileSync } from 'node:fs';

const [resultsFile, outFile, command, machine] = process.argv.slice(2);
const all = readFileSync(resultsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
// rounds at full load (phase "record"); the latency runs below saturation are reported apart
const rows = all.filter((r) => r.phase !== 'latency');
const latency = all.filter((r) => r.phase === 'latency');
const lists = [...new Set(rows.map((r) => r.list))];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

let md = `# Benchmarks — the read path side by side with PostGraphile\n\n`;
md += `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)}; machine: ${machine}.\n\n`;
md += 'Each list is served by our packaged server and by PostGraphile 4 (`--cluster-workers 2`) on the same PostgreSQL ' +
  'and the same rows; each server is warmed, then `wrk` runs alternate between them (rounds below). Figures are the ' +
  'median over rounds. CPU is per request, from `/proc` (server processes; PostgreSQL backends), and "xacts/req" ' +
  'counts PostgreSQL transactions per request (`pg_stat_database.xact_commit`; each of our statements commits on ' +
  'its own, PostGraphile wraps a request in one transaction). RSS is after the last round.\n\n';
md += '| list | server | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | xacts/req | RSS MB | ratio (req/s) |\n';
md += '|---|---|---|---|---|---|---|---|---|---|\n';
for (const list of lists) {
  const by = (server) => rows.filter((r) => r.list === list && r.server === server);
  const ours = by('octo');
  const peer = by('postgraphile');
  const rps = (rs) => median(rs.map((r) => r.rps));
  for (const [name, rs] of [['octo-market', ours], ['PostGraphile 4', peer]]) {
    if (!rs.length) continue;
    const ratio = name === 'octo-market' && peer.length ? fmt(rps(ours) / rps(peer), 2) + '×' : '';
    md += `| ${list} | ${name} | ${fmt(rps(rs))} | ${fmt(median(rs.map((r) => r.p50)))} | ${fmt(median(rs.map((r) => r.p99)))} | ` +
      `${fmt(median(rs.map((r) => r.serverCpuMs)), 2)} | ${fmt(median(rs.map((r) => r.pgCpuMs)), 2)} | ` +
      `${fmt(median(rs.map((r) => r.xacts)), 2)} | ${fmt(rs[rs.length - 1].rssMb, 0)} | ${ratio} |\n`;
  }
}
md += `\nRounds (req/s per run, in order):\n\n`;
for (const list of lists) {
  for (const server of ['octo', 'postgraphile']) {
    const rs = rows.filter((r) => r.list === list && r.server === server);
    md += `- ${list} / ${server}: ${rs.map((r) => fmt(r.rps)).join(', ')}${rs.some((r) => r.errors) ? ' (errors: ' + rs.map((r) => r.errors).join(', ') + ')' : ''}\n`;
  }
  // each round's two runs are adjacent in time, so their ratio is the least disturbed by a busy machine
  const ours = rows.filter((r) => r.list === list && r.server === 'octo');
  const peer = rows.filter((r) => r.list === list && r.server === 'postgraphile');
  const ratios = ours.slice(0, peer.length).map((r, i) => fmt(r.rps / peer[i].rps, 2) + '×');
  if (ratios.length) md += `- ${list} / ratio per round: ${ratios.join(', ')}\n`;
}
if (latency.length) {
  md += `\nLatency below saturation (one run per server after the rounds, ${latency[0].connections} connections: ` +
    'the time a request takes when it does not queue behind others; at 32 connections on two shared cores the ' +
    'p50 above is mostly queueing, ≈ connections ÷ req/s):\n\n';
  md += '| list | server | connections | req/s | p50 ms | p99 ms | server CPU ms/req |\n|---|---|---|---|---|---|---|\n';
  for (const r of latency) {
    md += `| ${r.list} | ${r.server === 'octo' ? 'octo-market' : 'PostGraphile 4'} | ${r.connections} | ${fmt(r.rps)} | ` +
      `${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.serverCpuMs, 2)} |\n`;
  }
}
md += '\n';
writeFileSync(outFile, md);
console.log(md);
