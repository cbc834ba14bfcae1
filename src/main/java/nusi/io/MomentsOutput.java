package nusi.io;

import nusi.grid.EnergyGrid;
import nusi.transport.ExactMoments;

/** moments.csv: the exact angle and delay moments per energy bin in the four pictures, units in the names. */
public final class MomentsOutput {
    private MomentsOutput() {
    }

    public static CsvTable table(ExactMoments.Moments m) {
        EnergyGrid g = m.grid();
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "count_per_emitted", "mean_angle_planar_slab_rad",
                "rms_angle_planar_slab_rad", "rms_angle_3d_slab_rad", "one_minus_cos_3d_slab",
                "mean_arrival_angle_planar_point_rad", "rms_arrival_angle_planar_point_rad",
                "rms_arrival_angle_3d_point_rad", "mean_delay_planar_slab_s", "mean_delay_3d_slab_s",
                "mean_delay_planar_point_s", "mean_delay_3d_point_s", "delay_spread_3d_slab_s",
                "delay_spread_planar_slab_s", "delay_spread_3d_point_s", "delay_spread_planar_point_s");
        for (int j = 0; j < g.bins(); j++) {
            t.add(g.lowerEdge(j), g.upperEdge(j), m.counts()[j], m.meanAnglePlanarSlab()[j],
                    m.rmsAnglePlanarSlab()[j], m.rmsAngle3dSlab()[j], m.oneMinusCos3dSlab()[j],
                    m.meanArrivalAnglePlanarPoint()[j], m.rmsArrivalAnglePlanarPoint()[j],
                    m.rmsArrivalAngle3dPoint()[j], m.meanDelayPlanarSlab()[j], m.meanDelay3dSlab()[j],
                    m.meanDelayPlanarPoint()[j], m.meanDelay3dPoint()[j], m.delaySpread3dSlab()[j],
                    m.delaySpreadPlanarSlab()[j], m.delaySpread3dPoint()[j], m.delaySpreadPlanarPoint()[j]);
        }
        return t;
    }
}
