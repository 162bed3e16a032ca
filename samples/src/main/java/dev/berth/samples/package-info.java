/**
 * Runnable sample programs, each run by a test: {@link dev.berth.samples.SandboxDemo} (a command
 * in a sandbox with limits, on the low-level launcher), {@link dev.berth.samples.CommitImageSample}
 * (build an image and run it), {@link dev.berth.samples.NetworkNamespaceSample} (Java code inside a
 * container's network namespace); the JUnit 5 sample with a service container is the test
 * {@code BusyboxHttpdTest}. The {@code berth} tool is in the {@code cli} module.
 */
package dev.berth.samples;
