package io.cipherocto.market.partner;

/** Everything a caller may or may not be allowed to do; {@link AccessPolicy} says who may. */
public enum Action {
    /** Submit data to a datanet (stake required besides). */
    SUBMIT_CONTRIBUTION,
    /**
     * Curate datanets: create one (becoming its owner and first curator), accept or reject contributions, decide
     * access. Rights on one datanet (its owner, its curators) are checked by the datanet service on top of this.
     */
    CURATE,
    /** List resold AI quota for sale. */
    LIST_QUOTA,
    /** Buy a slice of listed quota. */
    BUY_QUOTA,
    /** Submit compute jobs (paying from one's own funds). */
    SUBMIT_JOB,
    /** Register as an operator, claim and run compute jobs. */
    CLAIM_JOB,
    /** See listings and features released to partners early. */
    SEE_EARLY_ACCESS,
    /** Operate the marketplace: list participants, see everyone's state. */
    ADMINISTER,
    /** Publish a model version, or fine-tune one's own (changing a model is its owner's right, checked there). */
    PUBLISH_MODEL,
    /** Create, list and delist agents built on models (per-agent rights: its owner, checked by the agent service). */
    LIST_AGENT,
    /** Report an agent's usage, billing its consumer: the agent gateway's right, so operators only. */
    REPORT_USAGE
}
