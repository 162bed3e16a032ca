/** The one configured JSON mapper every package of Berth reads and writes JSON with. */
package dev.berth.json;
