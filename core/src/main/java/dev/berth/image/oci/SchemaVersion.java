package dev.berth.image.oci;

/** The {@code schemaVersion} rule shared by manifests and indexes: required, and exactly 2. */
final class SchemaVersion {
    private SchemaVersion() {
    }

    static void check(JsonObject json) {
        long version = json.requiredInteger("schemaVersion");
        if (version != 2) {
            throw json.violation("schemaVersion", "must be 2, is " + version);
        }
    }
}
