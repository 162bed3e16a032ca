/** File-system primitives the other modules share: writes that a crash cannot tear. */
package dev.berth.namespaces.fs;
