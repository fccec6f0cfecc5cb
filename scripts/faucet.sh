#!/usr/bin/env bash
# Dev faucet, LOCAL chain only: gives OCTO tokens and ETH for gas to any address.
#
#   scripts/faucet.sh 0xADDRESS [OCTO]        # OCTO defaults to 1000
#
# Finds the token through the server (chainStatus { tokenAddress }, anonymous) and refuses any chain but
# Hardhat's 31337 on 127.0.0.1. Env: OCTO_HTTP_PORT (8080), OCTO_CHAIN_PORT (8545), OCTO_TOKEN_ADDRESS.
set -euo pipefail
command -v node >/dev/null || { echo "faucet.sh: need Node.js >= 20" >&2; exit 1; }
exec node "$(dirname "${BASH_SOURCE[0]}")/faucet.mjs" "$@"
