package io.cipherocto.market.job;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("CompleteJobInput")
@Description("The holding operator's attestation: the result hash signed (EIP-191 personal_sign) by its registered "
        + "wallet over the text jobAttestationMessage returns.")
public record CompleteJobInput(
        @NonNull @Id String jobId,
        @NonNull @Description("SUCCEEDED or FAILED.") JobState outcome,
        @NonNull @Description("0x-prefixed SHA-256 of the result (or of the failure report).") String resultHash,
        @NonNull @Description("0x-prefixed 65-byte signature.") String signature,
        @Description("SUCCEEDED: what the job costs, at most the budget (default: metered usage).") TokenAmount charge,
        @Description("A note for the consumer (at most 2,000 characters).") String message) {
}
