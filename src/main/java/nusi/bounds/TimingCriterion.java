package nusi.bounds;

import java.util.Objects;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.Parameter;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Validation;
import nusi.transport.ArrivalWindow;
import nusi.transport.EnergyOperator;
import nusi.transport.ExactEnergyPropagator;

/**
 * The delay-aware criterion (physics.md, "Beyond the paper"): (M, g) is excluded if fewer than the bound's fraction of
 * the emitted neutrinos arrive above threshold within {@code windowSeconds} of the unscattered front. SN 1987A's
 * neutrinos arrived within ~13 s; the default window is 10 s.
 *
 * <p>The in-window fraction is the upper bound of {@link ArrivalWindow} in the chosen picture, so an exclusion is
 * never claimed that the picture does not imply. It is taken as a share of F on the model's coarsest grid and applied
 * to the extrapolated F of the energy criterion, so that in-window <= F holds exactly and the timing bound is never
 * weaker than the energy bound of the same model.
 */
public record TimingCriterion(double windowSeconds, ArrivalWindow.Picture picture) {
    public TimingCriterion {
        Validation.requireInRange(Parameter.WINDOW, windowSeconds, 1e-6, 1e12);
        Objects.requireNonNull(picture, "picture");
    }

    /** 10 s in the most physical picture, a point source with 3D deflection. */
    public static TimingCriterion defaults() {
        return new TimingCriterion(10, ArrivalWindow.Picture.THREE_D_POINT);
    }

    /** What a bound needs: a value on the right side of the fraction, and the bracket behind it. */
    public record InWindow(double upperBound, double lowerBound, double unscattered, double fractionOnGrid,
                           double fractionAboveThreshold, double quadratureDefect) {
    }

    /**
     * The in-window fraction's upper bound in this picture, scaled to the extrapolated F; its lower bound the same
     * way. One relic species only (the medium's).
     */
    public InWindow evaluate(PropagationModel model, Mediator mediator) {
        return evaluate(model, Setup.of(model, mediator));
    }

    private InWindow evaluate(PropagationModel model, Setup s) {
        ArrivalWindow.Result r = ArrivalWindow.compute(s.op, s.initial, s.xs, model.medium().neutrinoMass(),
                model.medium().crossingTimeSeconds(), new double[]{windowSeconds}, picture.geometry());
        ArrivalWindow.Bracket b = r.bracket(picture.geometry(), windowSeconds);
        return new InWindow(b.upperBound(picture.threeD()) * s.scale, b.lowerBound() * s.scale,
                r.unscattered() * s.scale, r.fractionAboveThreshold(), s.fraction, r.quadratureDefect());
    }

    /**
     * The value a coupling search compares with the fraction: the in-window upper bound, except that where the
     * unscattered alone (cheap: no pair integrals) already reach the fraction the point is not excluded and that
     * lower bound is returned instead. Both lie on the same side of the fraction, so the crossing found is the upper
     * bound's.
     */
    public double searchValue(PropagationModel model, Mediator mediator, double fraction) {
        Setup s = Setup.of(model, mediator);
        double u0 = 0;
        for (int j = 0; j < s.initial.length; j++) {
            u0 += s.initial[j] * Math.exp(-s.op.columnDensity() * s.op.meanCrossSection(j));
        }
        if (u0 * s.scale >= fraction) {
            return u0 * s.scale;
        }
        return evaluate(model, s).upperBound();
    }

    /** The operator on the bins above threshold, its emitted counts, and F extrapolated over F on that grid. */
    private record Setup(ResonantCrossSection xs, EnergyOperator op, double[] initial, double fraction, double scale) {
        static Setup of(PropagationModel model, Mediator mediator) {
            if (model.relics() != null) {
                throw new IllegalArgumentException("the timing criterion is computed for one relic species (the "
                        + "medium's neutrino mass), not for several mass states");
            }
            ResonantCrossSection xs = new ResonantCrossSection(mediator, model.medium().neutrinoMass());
            EnergyGrid upper = model.grid().truncatedBelow(model.threshold());
            EnergyOperator op = EnergyOperator.build(upper, xs, model.medium().columnDensity(), false);
            op.requireResolvedSelfScattering(Parameter.ENERGY_RESOLUTION);
            double[] initial = ExactEnergyPropagator.initialCounts(upper, model.source());
            double onGrid = ExactEnergyPropagator.propagate(op, initial, model.threshold()).fractionAboveThreshold();
            double f = model.fractionAboveThreshold(mediator);
            return new Setup(xs, op, initial, f, onGrid > 0 ? f / onGrid : 0);
        }
    }
}
