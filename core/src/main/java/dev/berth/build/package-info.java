/**
 * The image build executor behind {@link dev.berth.ImageBuilder}: stages of steps
 * ({@link dev.berth.build.BuildStep}) run in order (<a href="https://docs.docker.com/build/concepts/overview/">Docker
 * build</a>). RUN runs in a container on an overlay of the stage's layers with a throw-away upper
 * ({@link dev.berth.build.RunCommand}); COPY and ADD stage their files into a directory laid out
 * as an upper ({@code build.context}); either way the upper becomes one reproducible layer
 * ({@link dev.berth.build.LayerCommit}), kept staged until the build ends and then made durable with
 * one sync ({@link dev.berth.build.PendingWrites}). Config instructions change the config and add
 * {@code empty_layer} history. Every layer step is looked up in the build cache first
 * ({@code build.cache}). Only the target stage gets a manifest and a tag
 * ({@link dev.berth.build.ImageAssembly}).
 *
 * <p>Scratch directories live in {@code BERTH_HOME/build-tmp/} and are removed by the step that
 * made them, whether it succeeds or fails; one that a JVM killed mid-step leaves behind is named
 * after that JVM ({@link dev.berth.build.BuildScratch}) and removed by the next {@code Berth.open()}.
 */
package dev.berth.build;
