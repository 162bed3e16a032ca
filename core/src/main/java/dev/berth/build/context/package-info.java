/**
 * What COPY and ADD read and how it lands in a layer
 * (<a href="https://docs.docker.com/reference/dockerfile/#copy">COPY</a>): source trees that never
 * follow a symlink out (the build context with its .dockerignore, or the merged layers of a stage
 * or image), Docker's rules for sources, globs and destinations ({@link dev.berth.build.context.CopyPlan}),
 * and the writer that lays the files out with their owners, modes and mtimes
 * ({@link dev.berth.build.context.TreeWriter}).
 */
package dev.berth.build.context;
