package dev.ferry.samples.bench.javaflow;

import org.apache.commons.javaflow.api.continuable;

/** {@code NBodyKernel} for javaflow: the same n-body simulation, {@code steps} steps of 0.01, every method continuable. */
public final class JfNBody implements JfKernel {
    private static final double PI = 3.141592653589793;
    private static final double SOLAR_MASS = 4 * PI * PI;
    private static final double DAYS_PER_YEAR = 365.24;

    private final int steps;
    private long result;

    public JfNBody(int steps) {
        this.steps = steps;
    }

    @Override
    public @continuable void run() {
        result = run(steps);
    }

    @Override
    public long result() {
        return result;
    }

    static @continuable long run(int steps) {
        double[][] b = {
            {0, 0, 0, 0, 0, 0, 1},
            {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
                1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04},
            {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
                -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04},
            {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
                2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05},
            {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
                2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05}};
        for (double[] body : b) {
            body[3] *= DAYS_PER_YEAR;
            body[4] *= DAYS_PER_YEAR;
            body[5] *= DAYS_PER_YEAR;
            body[6] *= SOLAR_MASS;
        }
        for (int s = 0; s < steps; s++) {
            advance(b, 0.01);
        }
        return Double.doubleToLongBits(energy(b));
    }

    static @continuable void advance(double[][] bodies, double dt) {
        for (int i = 0; i < bodies.length; i++) {
            double[] a = bodies[i];
            for (int j = i + 1; j < bodies.length; j++) {
                double[] b = bodies[j];
                double dx = a[0] - b[0];
                double dy = a[1] - b[1];
                double dz = a[2] - b[2];
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * Math.sqrt(d2));
                a[3] -= dx * b[6] * mag;
                a[4] -= dy * b[6] * mag;
                a[5] -= dz * b[6] * mag;
                b[3] += dx * a[6] * mag;
                b[4] += dy * a[6] * mag;
                b[5] += dz * a[6] * mag;
            }
        }
        for (double[] body : bodies) {
            body[0] += dt * body[3];
            body[1] += dt * body[4];
            body[2] += dt * body[5];
        }
    }

    static @continuable double energy(double[][] bodies) {
        double e = 0;
        for (int i = 0; i < bodies.length; i++) {
            double[] a = bodies[i];
            e += 0.5 * a[6] * (a[3] * a[3] + a[4] * a[4] + a[5] * a[5]);
            for (int j = i + 1; j < bodies.length; j++) {
                double[] b = bodies[j];
                double dx = a[0] - b[0];
                double dy = a[1] - b[1];
                double dz = a[2] - b[2];
                e -= a[6] * b[6] / Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return e;
    }
}
