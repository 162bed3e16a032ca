/**
 * The build cache (<a href="https://docs.docker.com/build/cache/">Docker build cache</a>): keys
 * that chain a step's parent state, its instruction and the content it reads
 * ({@link dev.berth.build.cache.CacheKey}), and records of the layers steps made
 * ({@link dev.berth.build.cache.BuildCache}), checked against the image store before use.
 */
package dev.berth.build.cache;
