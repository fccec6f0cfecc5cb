package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** The access policy: what each audience gets (admins read and edit it), and each participant's own line. */
@GraphQLApi
public class AccessPolicyApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    PolicyStore store;

    @Query
    @Description("The access policy in force: a line per audience (admin only).")
    public @NonNull PolicyVersion accessPolicy() {
        policy.require(current.caller(), Action.ADMINISTER);
        return store.current();
    }

    @Query
    @Description("Every version of the access policy with who made it, when and why, newest first (admin only).")
    public Uni<@NonNull PolicyVersionConnection> accessPolicyHistory(@Name("first") Integer first,
            @Name("after") String after) {
        policy.require(current.caller(), Action.ADMINISTER);
        return store.history(PageRequest.of(first, after)).map(PolicyVersionConnection::new);
    }

    @Mutation
    @Description("Puts a new version of the access policy in force on every replica at once (admin only). Give a "
            + "line for every audience, the reason (audited), and the version you edited: if another admin changed "
            + "the policy since, the edit is refused (CONFLICT STALE_POLICY_VERSION).")
    public Uni<@NonNull PolicyVersion> updateAccessPolicy(
            @NonNull @Name("entitlements") List<@NonNull EntitlementsInput> entitlements,
            @NonNull @Name("reason") String reason, @NonNull @Name("expectedVersion") Integer expectedVersion) {
        policy.require(current.caller(), Action.ADMINISTER);
        return store.update(current.caller().username(), entitlements, reason, expectedVersion);
    }

    @Description("What the access policy in force grants this participant (by the partner tier last seen in its "
            + "token; no tier: the PARTICIPANT line).")
    public @NonNull Entitlements entitlements(@Source Participant participant) {
        return store.entitlements(Audience.of(participant.partnerTier()));
    }

    @Description("The participant's partnership (null without a partner tier): organisation id, tier, entitlements.")
    public PartnerStanding partner(@Source Participant participant) {
        return participant.partnerTier() == null ? null : new PartnerStanding(participant.partnerId(),
                participant.partnerTier(), store.entitlements(Audience.of(participant.partnerTier())));
    }
}
