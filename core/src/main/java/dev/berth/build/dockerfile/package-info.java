/**
 * The Dockerfile frontend: {@link dev.berth.build.dockerfile.Dockerfile#parse(String)} turns a Dockerfile
 * into parser directives, the raw {@link dev.berth.build.dockerfile.SyntaxTree} (dumpable in BuildKit's
 * notation), global ARGs and typed {@link dev.berth.build.dockerfile.Stage}s of
 * {@link dev.berth.build.dockerfile.Instruction}s; {@link dev.berth.build.dockerfile.VariableExpander}
 * performs environment replacement and {@link dev.berth.build.dockerfile.DockerIgnore} filters the build
 * context. The grammar and checks follow BuildKit's {@code frontend/dockerfile} parser, which is what
 * {@code docker build} uses. Pure Java, no I/O beyond reading the files asked for.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 */
package dev.berth.build.dockerfile;
