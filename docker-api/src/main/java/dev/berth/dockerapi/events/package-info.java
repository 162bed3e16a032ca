/** Docker Engine API: the events endpoints. */
package dev.berth.dockerapi.events;
