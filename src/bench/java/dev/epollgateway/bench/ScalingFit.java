package dev.epollgateway.bench;

/**
 * A least-squares line through points: its slope, intercept and coefficient of determination R². Immutable.
 *
 * @param slope change of y per unit of x
 * @param intercept y at x = 0
 * @param r2 the share of y's variance the line explains (1: every point on it)
 * @param points how many points it was fitted over; slope, intercept and R² are NaN under 2
 */
record ScalingFit(double slope, double intercept, double r2, int points) {

	/** The line through the points whose x and y are both measured (NaN pairs are left out). */
	static ScalingFit of(double[] x, double[] y) {
		int n = 0;
		double sx = 0;
		double sy = 0;
		for (int i = 0; i < x.length; i++) {
			if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
				n++;
				sx += x[i];
				sy += y[i];
			}
		}
		if (n < 2) {
			return new ScalingFit(Double.NaN, Double.NaN, Double.NaN, n);
		}
		double mx = sx / n;
		double my = sy / n;
		double sxx = 0;
		double sxy = 0;
		double syy = 0;
		for (int i = 0; i < x.length; i++) {
			if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
				sxx += (x[i] - mx) * (x[i] - mx);
				sxy += (x[i] - mx) * (y[i] - my);
				syy += (y[i] - my) * (y[i] - my);
			}
		}
		double slope = sxy / sxx;
		double r2 = (syy == 0) ? 1 : (sxy * sxy) / (sxx * syy);
		return new ScalingFit(slope, my - slope * mx, r2, n);
	}

}
