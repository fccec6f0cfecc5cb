package io.cipherocto.market.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    record Child(String parent, String name) {
    }

    @Test
    void toManyAnswersEveryParentInItsOrderWithEmptyListsWhereNone() {
        List<Child> rows = List.of(new Child("b", "b1"), new Child("a", "a1"), new Child("b", "b2"));

        assertThat(Batch.toMany(List.of("a", "c", "b"), rows, Child::parent)).containsExactly(
                List.of(new Child("a", "a1")), List.of(), List.of(new Child("b", "b1"), new Child("b", "b2")));
    }

    @Test
    void toOneAnswersNullWhereNoneAndRefusesTwo() {
        List<Child> rows = List.of(new Child("b", "b1"), new Child("a", "a1"));

        assertThat(Batch.toOne(List.of("a", "c", "b"), rows, Child::parent))
                .isEqualTo(Arrays.asList(new Child("a", "a1"), null, new Child("b", "b1")));
        assertThatThrownBy(() -> Batch.toOne(List.of("a"), List.of(new Child("a", "1"), new Child("a", "2")),
                Child::parent)).isInstanceOf(IllegalStateException.class);
    }
}
