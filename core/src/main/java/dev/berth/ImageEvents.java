package dev.berth;

import dev.berth.image.ImageReference;
import java.util.HashMap;
import java.util.Map;

/**
 * An image's tag and untag events as dockerd writes them: Actor.ID the image id, the attributes
 * its labels plus {@code name} (the familiar name for a tag, as the user writes it; the image id
 * for an untag).
 */
final class ImageEvents {
    private ImageEvents() {
    }

    /** {@code reference} now names {@code image}. */
    static Event tagged(Image image, String reference) {
        String name;
        try {
            name = ImageReference.parse(reference).familiar();
        } catch (IllegalArgumentException e) {
            name = reference; // not a reference: as given
        }
        return event("tag", image, name);
    }

    /** A name of {@code image} was removed; dockerd names the image by its id here. */
    static Event untagged(Image image) {
        return event("untag", image, image.id());
    }

    private static Event event(String action, Image image, String name) {
        Map<String, String> attributes = new HashMap<>(image.labels());
        attributes.put("name", name);
        return Event.image(action, image.id(), attributes);
    }
}
