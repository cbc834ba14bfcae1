package nusi.physics;

/**
 * How a scattering's deflection theta~ adds to the angle it had (physics.md, "Beyond the paper"): the paper's planar
 * addition theta_f = theta_i + theta~, or in three dimensions with a uniformly random azimuth phi,
 * theta_f^2 = theta_i^2 + theta~^2 + 2 theta_i theta~ cos phi (small angles), where the angle can also shrink.
 */
public enum Deflection {
    PLANAR, THREE_D
}
