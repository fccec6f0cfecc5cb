package io.cipherocto.market.partner;

import io.cipherocto.market.identity.PartnerTier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Attribution of a sale to a partner organisation, asked by settlement when it posts a sale. A sale is
 * partner-sourced when its buyer is a member of an organisation (the participant's partner_id, as its last token
 * carried it, is some organisation's partner id) at the time of the sale. The rate is the revenue share of the
 * organisation's tier (not the buyer's token tier: the organisation's tier is what an admin agreed with the partner,
 * while a partner's own identity provider sets the token's) in the access-policy version committed at that moment.
 */
@ApplicationScoped
public class PartnerAttribution {

    private static final BigInteger BASIS_POINTS = BigInteger.valueOf(10_000);

    // the highest committed version is the policy in force, read in the sale's own transaction: exact on every
    // replica, even one whose in-memory copy has not reloaded yet
    private static final String TERMS = """
            SELECT o.id, o.tier, e.version, e.revenue_share_bps
              FROM participant p
              JOIN partner_organisation o ON o.partner_id = p.partner_id
              JOIN access_policy_entitlement e ON e.audience = o.tier
                   AND e.version = (SELECT max(version) FROM access_policy_version)
             WHERE p.id = :buyer""";

    /** A sale's attribution: the organisation, its tier, the policy version in force and its tier's rate. */
    public record Terms(UUID organisationId, PartnerTier tier, int policyVersion, int revenueShareBps) {

        /** floor(platformFee × revenueShareBps / 10000): never more than the fee, the platform keeps the rest. */
        public BigInteger shareOf(BigInteger platformFee) {
            return platformFee.multiply(BigInteger.valueOf(revenueShareBps)).divide(BASIS_POINTS);
        }
    }

    /** The terms of a sale to {@code buyer}, on the caller's session; null when the sale is not partner-sourced. */
    public Uni<Terms> termsOf(Mutiny.Session session, UUID buyer) {
        return session.createNativeQuery(TERMS, Object[].class).setParameter("buyer", buyer).getResultList()
                .map(rows -> rows.isEmpty() ? null : new Terms((UUID) rows.getFirst()[0],
                        PartnerTier.valueOf((String) rows.getFirst()[1]), ((Number) rows.getFirst()[2]).intValue(),
                        ((Number) rows.getFirst()[3]).intValue()));
    }
}
