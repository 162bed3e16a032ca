package dev.berth.build;

import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code ADD <git URL>[#ref[:subdir]] <dest>}: clones the repository with JGit (no git binary on
 * the host), checks out {@code ref} (a branch, a tag or a commit; the remote's HEAD when empty) and
 * gives the tree of {@code subdir} (the whole tree by default), without its {@code .git}
 * directory unless {@code --keep-git-dir}
 * (<a href="https://docs.docker.com/reference/dockerfile/#adding-private-git-repositories">ADD
 * git</a>, <a href="https://docs.docker.com/build/concepts/context/#url-fragments">URL
 * fragments</a>). Like BuildKit, git URLs are {@code git://}, {@code ssh://}, {@code git@host:path}
 * and http(s) URLs whose path ends in {@code .git}. Nothing of the repository is trusted: the
 * subdirectory is looked up without following symlinks, and what is copied is read as a build
 * context is.
 */
final class GitSource {
    private static final Pattern HTTP_GIT = Pattern.compile("https?://[^#]+\\.git(/)?(#.*)?");
    private static final int TIMEOUT_SECONDS = 120;

    private GitSource() {
    }

    /** Whether ADD takes {@code source} for a git repository. */
    static boolean isGit(String source) {
        return source.startsWith("git://") || source.startsWith("git@") || source.startsWith("ssh://")
                || HTTP_GIT.matcher(source).matches();
    }

    /**
     * Clones {@code source} into {@code dir} (which must not exist) and returns the directory whose
     * contents ADD copies.
     */
    static Path fetch(String source, boolean keepGitDir, Path dir) throws IOException {
        int hash = source.indexOf('#');
        String url = hash < 0 ? source : source.substring(0, hash);
        String fragment = hash < 0 ? "" : source.substring(hash + 1);
        int colon = fragment.indexOf(':');
        String ref = colon < 0 ? fragment : fragment.substring(0, colon);
        String subdir = colon < 0 ? "" : fragment.substring(colon + 1);
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setNoCheckout(true)
                .setCloneAllBranches(true).setTimeout(TIMEOUT_SECONDS).call()) {
            Repository repo = git.getRepository();
            ObjectId commit = commit(repo, ref);
            if (commit == null) {
                throw new IllegalArgumentException("ADD " + source + ": no branch, tag or commit " + ref + " in " + url);
            }
            // The clone has no files yet: a hard reset to the commit writes its tree.
            git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(commit.name()).call();
        } catch (GitAPIException e) {
            throw new IOException("ADD " + source + ": cannot clone " + url + ": " + e.getMessage(), e);
        }
        if (!keepGitDir) {
            FileTrees.delete(dir.resolve(".git"));
        }
        Path root = dir;
        for (String name : subdir.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw new IllegalArgumentException("ADD " + source + ": subdirectory " + subdir + " leaves the repository");
            }
            root = root.resolve(name);
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("ADD " + source + ": " + subdir + " is not a directory of " + url
                        + (ref.isEmpty() ? "" : " at " + ref));
            }
        }
        return root;
    }

    /** The commit {@code ref} names: HEAD when empty, else a branch, a tag, or a commit id. */
    private static ObjectId commit(Repository repo, String ref) throws IOException {
        List<String> candidates = ref.isEmpty() ? List.of("HEAD", "refs/remotes/origin/HEAD")
                : List.of("refs/remotes/origin/" + ref, "refs/tags/" + ref, ref.replaceFirst("^refs/heads/", "refs/remotes/origin/"), ref);
        for (String candidate : candidates) {
            ObjectId id = repo.resolve(candidate + "^{commit}");
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}
