package dev.berth.build;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which stages a target needs: itself, the stage it is built FROM, and the stages it copies or
 * mounts from, transitively; BuildKit skips the rest
 * (<a href="https://docs.docker.com/build/building/multi-stage/">multi-stage builds</a>).
 * A stage may refer only to stages before it, by name or by index.
 */
final class StageGraph {
    private final List<BuildStage> stages;
    private final Map<String, Integer> byName = new HashMap<>();

    StageGraph(List<BuildStage> stages) {
        this.stages = stages;
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name() != null) {
                byName.put(stages.get(i).name(), i);
            }
        }
    }

    Set<Integer> needed(int target) {
        Set<Integer> out = new TreeSet<>();
        visit(target, out);
        return out;
    }

    private void visit(int i, Set<Integer> out) {
        if (!out.add(i)) {
            return;
        }
        BuildStage s = stages.get(i);
        ref(s.base(), i).ifPresent(d -> visit(d, out));
        for (BuildStep step : s.steps()) {
            if (step instanceof BuildStep.CopyFiles c && c.copy().from().isPresent()) {
                ref(c.copy().from().get(), i).ifPresent(d -> visit(d, out));
            } else if (step instanceof BuildStep.Run r) {
                r.mounts().stream().filter(m -> m.from() != null)
                        .forEach(m -> ref(m.from(), i).ifPresent(d -> visit(d, out)));
            }
        }
    }

    /** The earlier stage {@code name} refers to, if it refers to one (else it is an image). */
    private java.util.Optional<Integer> ref(String name, int from) {
        Integer idx = byName.get(name);
        if (idx == null && name.matches("\\d+")) {
            idx = Integer.parseInt(name);
        }
        if (idx == null || idx >= from) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(idx);
    }
}
