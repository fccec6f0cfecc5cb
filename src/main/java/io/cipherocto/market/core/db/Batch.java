package io.cipherocto.market.core.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Regroups the children fetched for a whole page of parents (one statement, {@code WHERE parent = ANY ($1)})
 * into the shape a batched {@code @Source List<Parent>} field returns: one answer per parent, in the parents'
 * order, whatever order the rows came in.
 */
public final class Batch {

    private Batch() {
    }

    /** To-many: each parent's children in the rows' order; an empty list where a parent has none. */
    public static <K, C> List<List<C>> toMany(List<K> parentKeys, List<C> children, Function<C, K> parentOf) {
        Map<K, List<C>> byParent = new HashMap<>();
        for (C child : children) {
            byParent.computeIfAbsent(parentOf.apply(child), k -> new ArrayList<>()).add(child);
        }
        return parentKeys.stream().map(key -> byParent.getOrDefault(key, List.of())).toList();
    }

    /**
     * To-one: each parent's child, or null where it has none. Two children for one parent mean the statement
     * does not match the relation, so that fails loudly instead of picking one.
     */
    public static <K, C> List<C> toOne(List<K> parentKeys, List<C> children, Function<C, K> parentOf) {
        Map<K, C> byParent = new HashMap<>();
        for (C child : children) {
            if (byParent.putIfAbsent(parentOf.apply(child), child) != null) {
                throw new IllegalStateException("more than one child for parent " + parentOf.apply(child));
            }
        }
        return parentKeys.stream().map(byParent::get).toList();
    }
}
