package io.cipherocto.market.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.contract.AuthorizationMatrix.Line;
import io.cipherocto.market.contract.AuthorizationMatrix.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table's grammar, without a server: precedence, refusals of malformed lines, and that format says what it saw. */
class AuthorizationMatrixTableTest {

    @Test
    void theMostSpecificEntryWins() {
        Line line = AuthorizationMatrix.parse(List.of(
                "mutation createThing FORBIDDEN anonymous=UNAUTHENTICATED CURATOR=ALLOW CURATOR/COMMUNITY=FORBIDDEN"
                        + " ADMIN/STRATEGIC=ALLOW # why")).get("mutation createThing");
        assertThat(line.expected("anonymous")).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(line.expected("CURATOR/NONE")).isEqualTo(Outcome.ALLOW);
        assertThat(line.expected("CURATOR/COMMUNITY")).isEqualTo(Outcome.FORBIDDEN);
        assertThat(line.expected("ADMIN/STRATEGIC")).isEqualTo(Outcome.ALLOW);
        assertThat(line.expected("ADMIN/INTEGRATION")).isEqualTo(Outcome.FORBIDDEN);
        assertThat(line.comment()).isEqualTo("why");
        assertThat(AuthorizationMatrix.parse(List.of("query open ALLOW")).get("query open").expected("anonymous"))
                .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void malformedOrRepeatedLinesAreRefusedWithTheirNumber() {
        assertThatThrownBy(() -> AuthorizationMatrix.parse(List.of("# c", "query x MAYBE")))
                .hasMessageContaining("line 2").hasMessageContaining("MAYBE");
        assertThatThrownBy(() -> AuthorizationMatrix.parse(List.of("query x ALLOW janitor=FORBIDDEN")))
                .hasMessageContaining("janitor=FORBIDDEN");
        assertThatThrownBy(() -> AuthorizationMatrix.parse(List.of("query x ALLOW CURATOR/GOLD=FORBIDDEN")))
                .hasMessageContaining("CURATOR/GOLD");
        assertThatThrownBy(() -> AuthorizationMatrix.parse(List.of("query x ALLOW", "query x FORBIDDEN")))
                .hasMessageContaining("line 2").hasMessageContaining("has a line already");
        assertThatThrownBy(() -> AuthorizationMatrix.parse(List.of("thing x ALLOW")))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> AuthorizationMatrix.parse(List.of("query x ALLOW ADMIN=ALLOW ADMIN=FORBIDDEN")))
                .hasMessageContaining("given twice");
    }

    @Test
    void aFormattedLineParsesBackToExactlyWhatWasObserved() {
        Random random = new Random(12);
        for (int round = 0; round < 500; round++) {
            Map<String, Outcome> observed = new LinkedHashMap<>();
            // mostly by role, sometimes one user differs: the shapes real operations have
            Outcome[] values = Outcome.values();
            Outcome base = values[random.nextInt(values.length)];
            for (String caller : AuthorizationMatrix.callers()) {
                observed.put(caller, random.nextInt(4) == 0 ? values[random.nextInt(values.length)] : base);
            }
            String text = AuthorizationMatrix.format("query", "op", observed, round % 2 == 0 ? "note" : null);
            Line line = AuthorizationMatrix.parse(List.of(text)).get("query op");
            observed.forEach((caller, outcome) -> assertThat(line.expected(caller)).as("%s in %s", caller, text)
                    .isEqualTo(outcome));
        }
    }

    @Test
    void theCommittedTableParses() throws IOException {
        assertThat(AuthorizationMatrix.parse(Files.readAllLines(AuthorizationMatrixTest.TABLE))).isNotEmpty();
    }
}
