// Minimal Hardhat 2 config: only used to run the local dev chain (`hardhat node`).
// Contracts are compiled by compile.mjs (npm solc, WASM); Hardhat's own compile
// task is not used (it would try to download a solc build), so no `solidity`
// sources are configured: paths.sources points at an empty/nonexistent directory.
/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: '0.8.24',
  paths: {
    sources: './.hardhat-no-sources',
    cache: './.hardhat-cache',
    artifacts: './.hardhat-artifacts',
  },
  networks: {
    hardhat: {
      chainId: 31337,
      mining: { auto: true, interval: 0 },
    },
  },
};
