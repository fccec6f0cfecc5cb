package io.cipherocto.market.partner;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;

/** A request refused by the caller's query-cost budget, before anything ran. */
public final class BudgetRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /**
         * The caller's bucket holds fewer points than the request may cost (details: requestedQueryCost,
         * currentlyAvailable, maximumAvailable, restoreRate, retryAfterSeconds): retry after retryAfterSeconds.
         */
        QUERY_BUDGET_EXHAUSTED(ErrorCode.RATE_LIMITED),
        /**
         * The request may cost more than the caller's tier allows for one request (details: requestedQueryCost,
         * maxCostPerRequest): ask for smaller pages or fewer fields.
         */
        QUERY_COST_ABOVE_MAXIMUM(ErrorCode.QUERY_TOO_COMPLEX);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private BudgetRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static BudgetRefused exhausted(long requested, long available, long maximum, long rate, long retryAfter) {
        return new BudgetRefused(Reason.QUERY_BUDGET_EXHAUSTED, "query budget used up: this request may cost "
                + requested + " points, " + available + " are available; retry in " + retryAfter + " s",
                Map.of("requestedQueryCost", requested, "currentlyAvailable", available, "maximumAvailable", maximum,
                        "restoreRate", rate, "retryAfterSeconds", retryAfter));
    }

    static BudgetRefused aboveMaximum(long requested, long maximum) {
        return new BudgetRefused(Reason.QUERY_COST_ABOVE_MAXIMUM, "this request may cost " + requested
                + " points; at most " + maximum + " per request: ask for smaller pages or fewer fields",
                Map.of("requestedQueryCost", requested, "maxCostPerRequest", maximum));
    }
}
