package io.cipherocto.market.identity;

import io.cipherocto.market.core.error.OctoException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonString;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, as the validated access token says: subject, roles, partner id and tier. */
public record Caller(String subject, String username, Set<Role> roles, Optional<String> partnerId,
        Optional<PartnerTier> partnerTier) {

    /** The authenticated caller, or UNAUTHENTICATED for an anonymous request. */
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            throw OctoException.unauthenticated();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        identity.getRoles().forEach(name -> Role.fromRealmName(name).ifPresent(roles::add));
        return new Caller(token.getSubject(), claim(token, "preferred_username").orElse(token.getSubject()),
                Set.copyOf(roles), claim(token, "partner_id"),
                claim(token, "partner_tier").flatMap(PartnerTier::fromClaim));
    }

    private static Optional<String> claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        String text = value instanceof JsonString json ? json.getString() : value == null ? null : value.toString();
        return Optional.ofNullable(text).filter(s -> !s.isBlank());
    }
}
