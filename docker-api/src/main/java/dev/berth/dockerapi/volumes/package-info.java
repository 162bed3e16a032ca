/** Docker Engine API: the volumes endpoints. */
package dev.berth.dockerapi.volumes;
