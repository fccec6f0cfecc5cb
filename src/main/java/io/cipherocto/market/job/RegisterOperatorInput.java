package io.cipherocto.market.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("RegisterOperatorInput")
@Description("An operator's capacity and the linked wallet whose stake covers octo.jobs.operator-minimum-stake "
        + "(it also signs attestations). Registering again updates the registration.")
public record RegisterOperatorInput(
        @NonNull String gpuClass,
        @NonNull int memoryGb,
        @Description("One of your linked wallets; default: your best-staked one.") String wallet) {
}
