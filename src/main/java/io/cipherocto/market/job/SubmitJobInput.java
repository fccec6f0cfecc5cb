package io.cipherocto.market.job;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("SubmitJobInput")
@Description("A compute job to run. The budget moves to your escrow at once (INSUFFICIENT_FUNDS otherwise).")
public record SubmitJobInput(
        @NonNull JobKind kind,
        @Id @Description("Required for FINE_TUNE and INFERENCE.") String modelId,
        @Description("Required for TRAINING and FINE_TUNE (at most 20, each readable by you).")
        List<String> datanetIds,
        @NonNull @Description("Operators of this GPU class run it, e.g. H100.") String gpuClass,
        @NonNull @Description("GPU memory needed, 1-100000 GB.") int memoryGb,
        @NonNull @Description("Longest it may run once started, 1 s to 30 days.") int maxDurationSeconds,
        @NonNull @Description("The most it may cost; escrowed now, the unspent part refunded at the end.")
        TokenAmount budget,
        @Description("Retrying with the same key returns the same job and never escrows twice.") String idempotencyKey) {
}
