package io.cipherocto.market.demo;

import io.cipherocto.market.agent.AgentService;
import io.cipherocto.market.agent.AgentStatus;
import io.cipherocto.market.agent.CreateAgentInput;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.datanet.DatanetService;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.model.FineTuneModelInput;
import io.cipherocto.market.model.ModelService;
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.model.PublishModelInput;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.web3j.crypto.Hash;

/**
 * Dev demo models and agents: alice's code model with two fine-tunes (a lineage to walk), oscar's early-access speech
 * model, and agents on them in each status (two LISTED, one DRAFT, one DELISTED). Idempotent: nothing is made when
 * alice's first model version exists.
 */
@ApplicationScoped
class DemoModels {

    static final String CODER = "Octo Coder";
    private static final BigInteger MILLI_OCTO = BigInteger.TEN.pow(15);

    private final ParticipantService participants;
    private final DatanetService datanets;
    private final ModelService models;
    private final AgentService agents;

    DemoModels(ParticipantService participants, DatanetService datanets, ModelService models, AgentService agents) {
        this.participants = participants;
        this.datanets = datanets;
        this.models = models;
        this.agents = agents;
    }

    /** Seeds models and agents as the given README users; returns how many model versions it published. */
    int seed(Map<String, Caller> callers) throws Throwable {
        UUID alice = await(() -> participants.participantOf(callers.get("alice"))).id();
        UUID oscar = await(() -> participants.participantOf(callers.get("oscar"))).id();
        UUID ivy = await(() -> participants.participantOf(callers.get("ivy"))).id();
        boolean seeded = await(() -> models.page(PageRequest.of(100, null),
                new ModelService.Filter(null, null, null, null, alice, null, null, null,
                        ListingView.EVERYTHING), null)).nodes().stream()
                .anyMatch(m -> m.name().equals(CODER) && m.version().equals("1.0.0"));
        if (seeded) {
            return 0;
        }
        String code = await(() -> datanets.bySlug("demo-open-code")).id().toString();
        String speech = await(() -> datanets.bySlug("demo-multilingual-speech")).id().toString();

        UUID coder1 = await(() -> models.publish(alice, new PublishModelInput(CODER, "1.0.0", "llama-3-8b",
                "Apache-2.0", weights(1), "A code completion model trained on permissively licensed sources.",
                List.of("code", "completion"), List.of(code), price(2), false, false))).id();
        UUID coder11 = await(() -> models.fineTune(alice, new FineTuneModelInput(coder1.toString(), "1.1.0",
                weights(2), List.of(code), "demo-job-finetune-1", null, null, null, null, null, null))).id();
        UUID coder2 = await(() -> models.fineTune(alice, new FineTuneModelInput(coder11.toString(), "2.0.0",
                weights(3), List.of(), "demo-job-finetune-2", price(3),
                "Second fine-tune: reviews pull requests as well as completing code.", List.of("code", "review"),
                null, null, null))).id();
        UUID whisper = await(() -> models.publish(oscar, new PublishModelInput("Octo Whisper", "1.0.0",
                "whisper-large-v3", "MIT", weights(4), "Speech recognition in twelve languages.",
                List.of("speech", "multilingual"), List.of(speech), price(1), true, false))).id();

        UUID review = agent(alice, "Code review agent", "Reviews pull requests and suggests fixes.", 10, coder2);
        await(() -> agents.moveTo(alice, review, AgentStatus.LISTED));
        UUID transcriber = agent(ivy, "Polyglot transcriber", "Transcribes meetings and summarises the code talk.",
                4, whisper, coder11);
        await(() -> agents.moveTo(ivy, transcriber, AgentStatus.LISTED));
        agent(alice, "Test writer", "Writes unit tests for a diff (not listed yet).", 5, coder2);
        UUID retired = agent(alice, "Legacy completer", "Code completion on the first version.", 1, coder1);
        await(() -> agents.moveTo(alice, retired, AgentStatus.LISTED));
        await(() -> agents.moveTo(alice, retired, AgentStatus.DELISTED));
        return 4;
    }

    private UUID agent(UUID owner, String name, String description, long milliOcto, UUID... modelIds)
            throws Throwable {
        return await(() -> agents.create(owner, new CreateAgentInput(name, description, price(milliOcto),
                java.util.Arrays.stream(modelIds).map(UUID::toString).toList()), ListingView.EVERYTHING)).id();
    }

    private static TokenAmount price(long milliOcto) {
        return TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(milliOcto)));
    }

    /** A demo weights hash: sha-256 of a fixed text. */
    private static String weights(int n) {
        return HexFormat.of().formatHex(Hash.sha256(("octo-market demo weights " + n)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
