package nusi.physics;

/**
 * The picture of the energy-angle solver's angle (physics.md, "Beyond the paper"): the paper's plane-parallel slab
 * (theta to a fixed axis, Eq. 8 as printed) or a point source at distance D, whose angle coordinate is the arrival
 * angle beta = b/D (b the impact parameter), changed by x theta~ by a deflection theta~ at x = r/D.
 */
public enum Geometry {
    SLAB, POINT
}
