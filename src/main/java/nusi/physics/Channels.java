package nusi.physics;

/**
 * Which diagrams of the scalar mediator scatter a supernova neutrino on a relic one: the paper's resonant s-channel
 * alone, or s, t and u with their interferences (Majorana neutrinos, Lagrangian convention; docs/channels.md).
 */
public enum Channels { S, STU }
