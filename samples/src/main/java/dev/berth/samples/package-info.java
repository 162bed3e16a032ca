/** Runnable sample programs; {@link dev.berth.samples.SandboxDemo} is the main job of the README. */
package dev.berth.samples;
