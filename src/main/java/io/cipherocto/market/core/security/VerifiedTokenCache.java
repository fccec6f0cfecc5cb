package io.cipherocto.market.core.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once, not on every request: quarkus-oidc 3.34 checks the JWT's RS256 signature and
 * claims on every request and has no cache for verified tokens (quarkusio/quarkus#29777; its token cache covers
 * introspection and UserInfo only). This provider runs before Quarkus OIDC's for the same request type. A token seen
 * for the first time goes to Quarkus OIDC, which verifies signature, issuer, audience and expiry as before; only what
 * it accepted is kept, keyed by the SHA-256 of the token (never the token itself), until the token's {@code exp}.
 * A later request with the same token gets that identity back after {@code exp} is checked against the clock again;
 * past it the entry is dropped and Quarkus OIDC refuses the token as it always did. Forged, expired or foreign tokens
 * are never kept, so they are refused the same way every time.
 *
 * <p>Per-request parts of the identity (the routing context and its blocking-API context, which Quarkus OIDC stamps
 * on it) are replaced with the current request's. Tokens bound to a certificate or DPoP key ({@code cnf}) are never
 * kept: that binding is checked against each request. The server has one OIDC tenant; a second one would have to
 * be part of the key. What the cache gives up: a signing key removed from the realm before a token's {@code exp} no
 * longer refuses that token until then (there is no revocation check for JWTs either way).
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String BLOCKING_API = AuthenticationRequestContext.class.getName();

    private final OidcIdentityProvider oidc;
    private final boolean enabled;
    private final Cache<String, Entry> verified;
    private final LongAdder verifications = new LongAdder();
    private final LongAdder hits = new LongAdder();

    private record Entry(SecurityIdentity identity, long expiresAtEpochSecond) {
    }

    VerifiedTokenCache(OidcIdentityProvider oidc, TokenCacheConfig config, MeterRegistry metrics) {
        this.oidc = oidc;
        this.enabled = config.enabled() && config.maxEntries() > 0;
        this.verified = Caffeine.newBuilder().maximumSize(Math.max(0, config.maxEntries()))
                .expireAfter(Expiry.<String, Entry>creating((key, entry) -> untilExpiry(entry))).build();
        metrics.more().counter("octo_token_verifications", List.of(), verifications, LongAdder::doubleValue);
        metrics.more().counter("octo_token_cache_hits", List.of(), hits, LongAdder::doubleValue);
        metrics.gauge("octo_token_cache_entries", List.of(), verified, Cache::estimatedSize);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of Quarkus OIDC's provider (which keeps the default priority). */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!enabled || !(request.getToken() instanceof AccessTokenCredential credential) || credential.isOpaque()) {
            return verify(request, context);
        }
        String key = sha256(credential.getToken());
        Entry entry = verified.getIfPresent(key);
        if (entry != null) {
            if (nowEpochSecond() < entry.expiresAtEpochSecond()) {
                hits.increment();
                return Uni.createFrom().item(forThisRequest(entry.identity(), request));
            }
            verified.invalidate(key);
        }
        return verify(request, context).invoke(identity -> remember(key, identity));
    }

    /** Tokens Quarkus OIDC verified (signature included): one per distinct token while the cache is on. */
    public long verifications() {
        return verifications.sum();
    }

    /** Requests answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    private Uni<SecurityIdentity> verify(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        verifications.increment();
        return oidc.authenticate(request, context);
    }

    private void remember(String key, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getClaim("cnf") != null) {
            return;
        }
        long exp = jwt.getExpirationTime();
        if (exp > nowEpochSecond()) {
            verified.put(key, new Entry(identity, exp));
        }
    }

    private static SecurityIdentity forThisRequest(SecurityIdentity cached, TokenAuthenticationRequest request) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        return QuarkusSecurityIdentity.builder(cached)
                .addAttribute(ROUTING_CONTEXT, routing)
                .addAttribute(BLOCKING_API, routing != null ? routing.get(BLOCKING_API) : null)
                .build();
    }

    private static Duration untilExpiry(Entry entry) {
        return Duration.ofSeconds(Math.max(0, entry.expiresAtEpochSecond() - nowEpochSecond()));
    }

    /** The real clock, as Quarkus OIDC checks {@code exp} (TimeSource moves business time only). */
    private static long nowEpochSecond() {
        return System.currentTimeMillis() / 1000;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
