package io.cipherocto.market.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * Resold quotas: the platform fee on released usage and the per-provider resale policy. The defaults follow the
 * providers' terms as README "Resold AI quotas" records them: Anthropic's commercial terms restrict resale (DENIED);
 * OpenAI forbids transferring API access without consent and the others' terms are not known to allow it, so a
 * seller must attest the provider's approval (REQUIRES_APPROVAL). An operator with other knowledge overrides a row.
 */
@ConfigMapping(prefix = "octo.quota")
public interface QuotaConfig {

    /** Platform fee on each release to the seller, in basis points (500 = 5 %). */
    @WithDefault("500")
    int platformFeeBps();

    /** How often one replica closes purchases of expired listings (refunding their unused part). */
    @WithDefault("PT30S")
    Duration expireEvery();

    @WithName("resale-policy.openai")
    @WithDefault("REQUIRES_APPROVAL")
    ResalePolicy openai();

    @WithName("resale-policy.anthropic")
    @WithDefault("DENIED")
    ResalePolicy anthropic();

    @WithName("resale-policy.cohere")
    @WithDefault("REQUIRES_APPROVAL")
    ResalePolicy cohere();

    @WithName("resale-policy.mistral")
    @WithDefault("REQUIRES_APPROVAL")
    ResalePolicy mistral();

    @WithName("resale-policy.google")
    @WithDefault("REQUIRES_APPROVAL")
    ResalePolicy google();

    @WithName("resale-policy.other")
    @WithDefault("REQUIRES_APPROVAL")
    ResalePolicy other();

    default ResalePolicy policyOf(QuotaProvider provider) {
        return switch (provider) {
            case OPENAI -> openai();
            case ANTHROPIC -> anthropic();
            case COHERE -> cohere();
            case MISTRAL -> mistral();
            case GOOGLE -> google();
            case OTHER -> other();
        };
    }
}
