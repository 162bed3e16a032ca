/** Docker Engine API: the exec endpoints. */
package dev.berth.dockerapi.exec;
