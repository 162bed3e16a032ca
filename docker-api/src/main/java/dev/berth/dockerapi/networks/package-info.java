/** Docker Engine API: the networks endpoints. */
package dev.berth.dockerapi.networks;
