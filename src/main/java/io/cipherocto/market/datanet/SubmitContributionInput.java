package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.EvmAddress;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("SubmitContributionInput")
@Description("A contribution to submit: the data's hash and where it lives; the data itself is never uploaded.")
public record SubmitContributionInput(
        @NonNull @Id String datanetId,
        @NonNull @Description("SHA-256 of the data, 64 hex digits.") String contentHash,
        @NonNull @Description("Where the data lives (https://, ipfs://, ar://, s3://), at most 2048 characters.") String storageUri,
        @NonNull @Description("Size of the data in bytes (decimal string, at least 1).") String byteSize,
        @NonNull @Description("SPDX identifier or licence name, e.g. CC-BY-4.0.") String licence,
        @Description("Content hashes this data was derived from; each must already be in some datanet.") List<String> parentHashes,
        @Description("Linked wallet whose stake backs the bond; default: the linked wallet with the most free stake.") EvmAddress wallet) {
}
