/** Docker Engine API: the containers endpoints. */
package dev.berth.dockerapi.containers;
