package io.cipherocto.market.core.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The cache of verified bearer tokens ({@link VerifiedTokenCache}). */
@ConfigMapping(prefix = "octo.token-cache")
public interface TokenCacheConfig {

    /** Off: every request's token is verified by Quarkus OIDC, as without the cache. */
    @WithDefault("true")
    boolean enabled();

    /** Most tokens kept; past it the least recently used go first (an entry: the raw token and its claims). */
    @WithDefault("10000")
    long maxEntries();
}
