#!/usr/bin/env node
// Dev faucet for the LOCAL Hardhat chain: mints OCTO to an address and tops up its ETH for gas.
// Usage (through scripts/faucet.sh): faucet.mjs ADDRESS [OCTO]
//
// Refuses any node that is not on 127.0.0.1 with chain id 31337. Mints from Hardhat's dev account #0
// (0xf39F...2266, key 0xac09...ff80: publicly known, unlocked on a Hardhat node, and the deployer of the
// auto-deployed contracts, so it holds MINTER_ROLE) with eth_sendTransaction; gas via hardhat_setBalance.
// No npm packages needed: Node 20's fetch and BigInt.
const DEV_ACCOUNT_0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const MINT_SELECTOR = '40c10f19'; // mint(address,uint256)
const BALANCE_OF_SELECTOR = '70a08231'; // balanceOf(address)
const GAS_TOP_UP = 10n * 10n ** 18n; // 10 ETH

const [address, octoArg = '1000'] = process.argv.slice(2);
const httpPort = process.env.OCTO_HTTP_PORT ?? '8080';
const chainPort = process.env.OCTO_CHAIN_PORT ?? '8545';
const rpcUrl = `http://127.0.0.1:${chainPort}`;
const graphqlUrl = `http://127.0.0.1:${httpPort}/graphql`;

function fail(msg) {
  console.error(`faucet: ${msg}`);
  process.exit(1);
}
if (!/^0x[0-9a-fA-F]{40}$/.test(address ?? '')) fail('usage: scripts/faucet.sh 0xADDRESS [OCTO]   (OCTO defaults to 1000)');
if (!/^\d+(\.\d{1,18})?$/.test(octoArg)) fail(`OCTO must be a decimal number, got '${octoArg}'`);
if (!/^\d+$/.test(chainPort) || !/^\d+$/.test(httpPort)) fail('OCTO_CHAIN_PORT / OCTO_HTTP_PORT must be port numbers');

const [whole, frac = ''] = octoArg.split('.');
const amount = BigInt(whole) * 10n ** 18n + BigInt(frac.padEnd(18, '0'));
const to = address.toLowerCase();

let id = 0;
async function rpc(method, params = []) {
  let res;
  try {
    res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    fail(`no chain node at ${rpcUrl} (${e.cause?.code ?? e.message}); start it with scripts/run-local.sh`);
  }
  const body = await res.json().catch(() => null);
  if (body?.jsonrpc !== '2.0') fail(`${rpcUrl} is not a JSON-RPC node (HTTP ${res.status}): refusing`);
  if (body.error) fail(`${method}: ${body.error.message}`);
  return body.result;
}

async function tokenAddress() {
  if (process.env.OCTO_TOKEN_ADDRESS) return process.env.OCTO_TOKEN_ADDRESS;
  let res;
  try {
    res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ chainStatus { chainId tokenAddress } }' }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    fail(`no server at ${graphqlUrl} (${e.cause?.code ?? e.message}); the token address comes from chainStatus`);
  }
  const body = await res.json();
  const status = body.data?.chainStatus;
  if (!status?.tokenAddress) fail(`the server reports no token address: ${JSON.stringify(body)}`);
  if (status.chainId !== '31337') fail(`the server is on chain ${status.chainId}, not the local chain 31337`);
  return status.tokenAddress;
}

const word = (hex) => hex.replace(/^0x/, '').padStart(64, '0');

const chainId = BigInt(await rpc('eth_chainId'));
if (chainId !== 31337n) fail(`${rpcUrl} is chain ${chainId}, not the local Hardhat chain 31337: refusing`);
const token = await tokenAddress();
if ((await rpc('eth_getCode', [token, 'latest'])) === '0x') fail(`no contract at ${token} on ${rpcUrl}`);

// Gas: current balance + 10 ETH.
const eth = BigInt(await rpc('eth_getBalance', [to, 'latest'])) + GAS_TOP_UP;
await rpc('hardhat_setBalance', [to, '0x' + eth.toString(16)]);

// OCTO: mint from dev account #0 (unlocked on Hardhat), wait for the receipt (automine).
const hash = await rpc('eth_sendTransaction', [
  { from: DEV_ACCOUNT_0, to: token, data: '0x' + MINT_SELECTOR + word(to) + word(amount.toString(16)) },
]);
let receipt = null;
for (let i = 0; i < 50 && !receipt; i++) {
  receipt = await rpc('eth_getTransactionReceipt', [hash]);
  if (!receipt) await new Promise((r) => setTimeout(r, 200));
}
if (!receipt || receipt.status !== '0x1') fail(`mint transaction ${hash} failed (is dev account #0 the token's minter?)`);
const octo = BigInt(await rpc('eth_call', [{ to: token, data: '0x' + BALANCE_OF_SELECTOR + word(to) }, 'latest']));
const fmt = (wei) => `${wei / 10n ** 18n}.${(wei % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '') || '0'}`;
console.log(`${address}: +${octoArg} OCTO (now ${fmt(octo)} OCTO, token ${token}), ${fmt(eth)} ETH for gas; tx ${hash}`);
