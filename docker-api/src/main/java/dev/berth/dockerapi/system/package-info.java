/** Docker Engine API: the system endpoints. */
package dev.berth.dockerapi.system;
