package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.Action;
import io.cipherocto.market.partner.PartnerOrganisation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

/**
 * The revenue share on a partner organisation: its earned total (whoever reads the organisation: admins and its
 * members) and its partner-sourced sales (admins). Settlement adds these fields; partner knows nothing of the ledger.
 */
@GraphQLApi
public class RevenueShareApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    RevenueShareService shares;

    @NonNull
    @Description("Revenue share earned on partner-sourced sales, in total (base units; not paid out yet: it accrues "
            + "in the organisation's PARTNER_SHARE ledger account).")
    public Uni<List<@NonNull TokenAmount>> revenueShare(@Source List<PartnerOrganisation> page) {
        return shares.earned(page.stream().map(PartnerOrganisation::id).toList());
    }

    @NonNull
    @Description("Partner-sourced sales and the share each earned, newest first (admin only).")
    public Uni<@NonNull PartnerRevenueShareConnection> revenueShares(@Source PartnerOrganisation organisation,
            @Name("first") Integer first, @Name("after") String after) {
        policy.require(current.caller(), Action.ADMINISTER);
        return shares.page(organisation.id(), PageRequest.of(first, after)).map(PartnerRevenueShareConnection::new);
    }
}
