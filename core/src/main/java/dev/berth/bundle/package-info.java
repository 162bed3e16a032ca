/**
 * OCI bundles: a directory with a {@code config.json} and a root file system, as the
 * <a href="https://github.com/opencontainers/runtime-spec/blob/main/bundle.md">runtime spec's bundle.md</a>
 * defines it, so that runc and crun run what Berth would run, and Berth runs a bundle.
 * {@link dev.berth.bundle.OciConfig} is the {@code config.json};
 * {@link dev.berth.bundle.LaunchToOci} and {@link dev.berth.bundle.OciToLaunch} map Berth's
 * launch spec to it and back.
 */
package dev.berth.bundle;
