package io.cipherocto.market.core.cost;

import java.util.Map;

/**
 * Where a request's cost is charged. The GraphQL engine's instrumentation asks for a reservation of the requested
 * cost before anything runs and settles it at the actual cost once the result is known; the partner feature
 * implements it with the tier budgets of its access policy (core knows no tier).
 */
public interface CostBudget {

    /**
     * Reserves {@code requested} points for the current request's operation; throws an
     * {@link io.cipherocto.market.core.error.OctoException} (RATE_LIMITED, QUERY_TOO_COMPLEX) to refuse it.
     */
    Reservation reserve(String operationName, long requested);

    /** A reservation, settled exactly once. */
    interface Reservation {

        /** Settles at {@code actual} points (refunding what was reserved beyond it); returns {@code extensions.cost}. */
        Map<String, Object> settle(long actual);
    }
}
