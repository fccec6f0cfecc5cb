package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;

/** The agreement a tier rests on (seed: tier comparison). */
@Description("The agreement a partner tier rests on: Strategic a contract, Integration an MOU, Community informal.")
public enum Agreement {
    NONE, INFORMAL, MOU, CONTRACT
}
