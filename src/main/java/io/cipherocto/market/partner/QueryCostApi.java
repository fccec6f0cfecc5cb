package io.cipherocto.market.partner;

import io.cipherocto.market.core.cost.QueryCosts;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** Query cost that clients can see: the budget now, a document's price before sending it, and where spend went. */
@GraphQLApi
public class QueryCostApi {

    static final int MAX_DOCUMENT = 100_000;

    @Inject
    CurrentCaller current;

    @Inject
    QueryBudgets budgets;

    @Inject
    PolicyStore store;

    @Inject
    QueryCosts costs;

    @Inject
    TimeSource time;

    @Query
    @Description("The caller's query-cost budget on this replica (anonymous callers: per address), with this "
            + "request's cost.")
    public @NonNull RateLimit rateLimit() {
        Optional<Caller> caller = current.callerIfAny();
        Audience audience = Audience.of(caller);
        QueryBudgets.Charge charge = budgets.charge();
        TokenBucket.Status status = budgets.status(caller);
        return new RateLimit(audience, charge == null ? 0 : charge.requested(), status.capacity(), status.available(),
                status.rate(), time.nowUtc().plusSeconds(status.fullInSeconds()),
                store.entitlements(audience).budget().maxCostPerRequest(), budgets.replicas());
    }

    @Query
    @Description("Prices a document for the caller without running it: its requested cost, whether it is within the "
            + "per-request maximum and affordable now. `variables` is a JSON object as text; `operationName` picks one "
            + "of several operations. A document that does not parse or validate: VALIDATION on `document`.")
    public @NonNull QueryCostEstimate queryCost(@NonNull @Name("document") String document,
            @Name("variables") String variables, @Name("operationName") String operationName) {
        if (document.length() > MAX_DOCUMENT) {
            throw io.cipherocto.market.core.error.OctoException.validation("document", "at most " + MAX_DOCUMENT
                    + " characters");
        }
        QueryCosts.Estimate estimate = costs.estimate(document, variables, operationName);
        Optional<Caller> caller = current.callerIfAny();
        int maximum = store.entitlements(Audience.of(caller)).budget().maxCostPerRequest();
        long available = budgets.status(caller).available();
        boolean subscription = "SUBSCRIPTION".equals(estimate.operationType());
        boolean within = subscription || estimate.requested() <= maximum;
        return new QueryCostEstimate(estimate.operationName(), estimate.operationType(), estimate.requested(),
                maximum, within, available, within && (subscription || estimate.requested() <= available));
    }

    @Query
    @Description("The caller's spend over a window (default the last day), by operation name, most expensive first.")
    public Uni<@NonNull QuerySpend> mySpend(@Name("window") @DefaultValue("LAST_DAY") QuerySpend.SpendWindow window) {
        return budgets.spend(current.callerIfAny(), window);
    }
}
