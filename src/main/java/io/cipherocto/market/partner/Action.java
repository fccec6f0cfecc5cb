package io.cipherocto.market.partner;

/** Everything a caller may or may not be allowed to do; {@link AccessPolicy} says who may. */
public enum Action {
    /** Submit data to a datanet (stake required besides). */
    SUBMIT_CONTRIBUTION,
    /** Accept or reject contributions to a datanet. */
    CURATE,
    /** List resold AI quota for sale. */
    LIST_QUOTA,
    /** Buy a slice of listed quota. */
    BUY_QUOTA,
    /** Claim and run compute jobs. */
    CLAIM_JOB,
    /** See listings and features released to partners early. */
    SEE_EARLY_ACCESS,
    /** Operate the marketplace: list participants, see everyone's state. */
    ADMINISTER
}
