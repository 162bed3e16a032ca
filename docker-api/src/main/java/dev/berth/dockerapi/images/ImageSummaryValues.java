package dev.berth.dockerapi.images;

import static dev.berth.dockerapi.http.TemplateValues.each;
import static dev.berth.dockerapi.http.TemplateValues.list;
import static dev.berth.dockerapi.http.TemplateValues.put;
import static dev.berth.dockerapi.http.TemplateValues.strings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/json}'s summaries as the values a template reads, written by hand
 * ({@link dev.berth.dockerapi.http.TemplateValues}): {@code berth images} lists through this,
 * without Jackson's serializers for the summary record (#17).
 */
public final class ImageSummaryValues {
    private ImageSummaryValues() {
    }

    /** The values of {@code summaries}, each as the mapper would write it; null when one is not written by hand. */
    public static List<Map<String, Object>> of(List<?> summaries) {
        return each(summaries, ImageViews.Summary.class, ImageSummaryValues::summary);
    }

    private static Map<String, Object> summary(ImageViews.Summary s) {
        // The record's fields are always written, nulls too (as dockerd writes them); VirtualSize only when set.
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", s.id());
        m.put("ParentId", s.parentId());
        m.put("RepoTags", list(s.repoTags(), t -> t));
        m.put("RepoDigests", list(s.repoDigests(), d -> d));
        m.put("Created", s.created());
        m.put("Size", s.size());
        m.put("SharedSize", s.sharedSize());
        put(m, "VirtualSize", s.virtualSize());
        m.put("Labels", strings(s.labels()));
        m.put("Containers", s.containers());
        return m;
    }
}
