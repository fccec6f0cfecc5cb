package io.cipherocto.market.core.error;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Depth and complexity of an operation, computed once from its parsed document instead of by instrumentations that
 * run on every field. Depth counts nested fields (a root field is 1); complexity counts every selected field once per
 * place it is selected, fragments expanded where they are spread, and a mutation's root field (a write: rows,
 * postings, maybe a chain transaction) counts {@code mutationCost}, so a document cannot batch dozens of writes under
 * the read budget. Directives ({@code @skip}) are not evaluated: the limits hold for every variable choice.
 *
 * <p>SmallRye caches parsed documents by their text, so an operation node is the same object on every request with
 * the same text: the verdict is kept per node (weakly, so it leaves with the cached document).
 */
final class DocumentLimits {

    /** What an operation measures. */
    record Measure(int depth, long complexity) {
    }

    private final int maxDepth;
    private final long maxComplexity;
    private final int mutationCost;
    private final Map<OperationDefinition, Optional<String>> verdicts =
            Collections.synchronizedMap(new WeakHashMap<>());

    DocumentLimits(int maxDepth, long maxComplexity, int mutationCost) {
        this.maxDepth = maxDepth;
        this.maxComplexity = maxComplexity;
        this.mutationCost = mutationCost;
    }

    /** Why the operation is refused, or empty when it is within the limits. */
    Optional<String> refusal(Document document, OperationDefinition operation) {
        Optional<String> known = verdicts.get(operation);
        if (known != null) {
            return known;
        }
        Measure m = measure(document, operation);
        Optional<String> verdict = m.depth() > maxDepth
                ? Optional.of("maximum query depth exceeded: " + m.depth() + " > " + maxDepth)
                : m.complexity() > maxComplexity
                        ? Optional.of("maximum query complexity exceeded: " + m.complexity() + " > " + maxComplexity)
                        : Optional.empty();
        verdicts.put(operation, verdict);
        return verdict;
    }

    Measure measure(Document document, OperationDefinition operation) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        boolean mutation = operation.getOperation() == OperationDefinition.Operation.MUTATION;
        Walk walk = new Walk(fragments, maxDepth, maxComplexity);
        long complexity = walk.selections(operation.getSelectionSet(), 1, mutation ? mutationCost : 1, new HashSet<>());
        return new Measure(walk.deepest, complexity);
    }

    /** One traversal; stops counting once a limit is passed (a hostile document is not walked to its end). */
    private static final class Walk {
        private final Map<String, FragmentDefinition> fragments;
        private final int depthCap;
        private final long complexityCap;
        private int deepest;
        private long counted;

        Walk(Map<String, FragmentDefinition> fragments, int depthCap, long complexityCap) {
            this.fragments = fragments;
            this.depthCap = depthCap;
            this.complexityCap = complexityCap;
        }

        long selections(SelectionSet set, int depth, int fieldCost, Set<String> spreading) {
            if (set == null) {
                return 0;
            }
            long total = 0;
            for (Selection<?> selection : set.getSelections()) {
                if (deepest > depthCap || counted > complexityCap) {
                    return total;
                }
                switch (selection) {
                    case Field field -> {
                        deepest = Math.max(deepest, depth);
                        counted += fieldCost;
                        total += fieldCost + selections(field.getSelectionSet(), depth + 1, 1, spreading);
                    }
                    case InlineFragment inline -> total += selections(inline.getSelectionSet(), depth, fieldCost,
                            spreading);
                    case FragmentSpread spread -> {
                        FragmentDefinition fragment = fragments.get(spread.getName());
                        // an unknown or cyclic spread is left to validation, which refuses it
                        if (fragment != null && spreading.add(spread.getName())) {
                            total += selections(fragment.getSelectionSet(), depth, fieldCost, spreading);
                            spreading.remove(spread.getName());
                        }
                    }
                    default -> {
                    }
                }
            }
            return total;
        }
    }
}
