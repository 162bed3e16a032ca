package dev.berth;

/**
 * A container name is taken by another container of the home: creating a container with it, or
 * renaming one to it, fails as Docker's does with 409 Conflict
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerCreate">create</a>,
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerRename">rename</a>).
 */
public final class ContainerNameConflictException extends ContainerException {
    private final String name;
    private final String holder;

    ContainerNameConflictException(String container, String image, String name, String holder) {
        super(container, image, "claim name \"" + name + "\"", new IllegalStateException("the container name \"/" + name
                + "\" is already in use by container \"" + holder + "\". You have to remove (or rename) that container"
                + " to be able to reuse that name."));
        this.name = name;
        this.holder = holder;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The id of the container that has it. */
    public String holderId() {
        return holder;
    }
}
