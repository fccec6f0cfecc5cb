#!/usr/bin/env node
// Compiles contracts/src/*.sol with the npm `solc` package (WASM, offline) through the
// standard-JSON API and writes <Name>.abi (JSON array) and <Name>.bin (hex, no 0x)
// for every deployable contract defined in src/ -- the input format of web3j's
// SolidityFunctionWrapperGenerator (`-a Name.abi -b Name.bin`).
//
// Usage: node compile.mjs [outDir]   (outDir relative to the cwd; default <this dir>/build)
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const solc = require('solc');

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(here, 'src');
const nodeModules = path.join(here, 'node_modules');
const outDir = path.resolve(process.argv[2] ?? path.join(here, 'build'));

const EVM_VERSION = 'shanghai';

const sources = {};
for (const f of fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[`src/${f}`] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}
if (Object.keys(sources).length === 0) {
  console.error(`no .sol files in ${srcDir}`);
  process.exit(1);
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

// Resolves `@openzeppelin/...` (and any other package import) from node_modules,
// everything else relative to this directory. Paths must not escape either root.
function findImports(importPath) {
  const base = importPath.startsWith('@') ? nodeModules : here;
  const full = path.resolve(base, importPath);
  if (!full.startsWith(base + path.sep)) return { error: `import outside project: ${importPath}` };
  try {
    return { contents: fs.readFileSync(full, 'utf8') };
  } catch (e) {
    return { error: `cannot read ${importPath}: ${e.message}` };
  }
}

const started = Date.now();
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

let failed = false;
for (const err of output.errors ?? []) {
  const msg = err.formattedMessage ?? `${err.severity}: ${err.message}`;
  if (err.severity === 'error') {
    failed = true;
    console.error(msg);
  } else {
    console.warn(msg);
  }
}
if (failed) {
  console.error(`solc ${solc.version()}: compilation failed`);
  process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const file of Object.keys(sources)) {
  for (const [name, c] of Object.entries(output.contracts?.[file] ?? {})) {
    const bin = c.evm?.bytecode?.object ?? '';
    if (!bin) continue; // interfaces / abstract contracts
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bin);
    written.push(`${name} (${bin.length / 2} bytes)`);
  }
}
if (written.length === 0) {
  console.error('no deployable contracts produced');
  process.exit(1);
}
console.log(
  `solc ${solc.version()} evm=${EVM_VERSION} -> ${outDir} [${((Date.now() - started) / 1000).toFixed(1)}s]: ${written.join(', ')}`,
);
