package io.cipherocto.market.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The tests' own Hardhat node (port 18545), started by scripts/chain.sh like the local run's. */
public class ChainNodeResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        ChainNode.ensureRunning(ChainNode.TEST_PORT);
        return Map.of("octo.chain.rpc-url", ChainNode.rpcUrl(ChainNode.TEST_PORT));
    }

    @Override
    public void stop() {
        // stopped once at JVM exit by ChainNode's hook
    }
}
