/**
 * Seccomp filters for launched processes: profiles in Docker's JSON format or Berth's default
 * (same effect as Docker's default profile), per-architecture syscall tables, and a compiler to
 * the classic BPF program that <a href="https://man7.org/linux/man-pages/man2/seccomp.2.html">seccomp(2)</a>
 * installs. See <a href="https://docs.docker.com/engine/security/seccomp/">Docker's seccomp documentation</a>.
 */
package dev.berth.namespaces.seccomp;
