package dev.ferry.samples;

/**
 * {@code Mandelbrot [WIDTH HEIGHT MAX_ITER]}: renders the Mandelbrot set in ASCII, one row a line
 * (default 78 x 32, at most 1,000,000 iterations per point). Each row is computed and printed before
 * the next: moved mid-row, the picture goes on where it was.
 */
public final class Mandelbrot {
    private static final String SHADES = " .:-=+*#%@";

    private Mandelbrot() {
    }

    public static void main(String[] args) {
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 78;
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int maxIter = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        for (int row = 0; row < height; row++) {
            double ci = -1.2 + 2.4 * row / Math.max(1, height - 1);
            char[] line = new char[width];
            for (int col = 0; col < width; col++) {
                double cr = -2.1 + 2.8 * col / Math.max(1, width - 1);
                line[col] = shade(iterations(cr, ci, maxIter), maxIter);
            }
            System.out.println(new String(line).stripTrailing());
        }
    }

    /** How many iterations of z = z² + c it takes to leave the radius-2 disc, at most {@code maxIter}. */
    static int iterations(double cr, double ci, int maxIter) {
        double zr = 0, zi = 0;
        int n = 0;
        while (n < maxIter && zr * zr + zi * zi <= 4) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            n++;
        }
        return n;
    }

    /** StrictMath: the same result on every JDK, so a picture moved to another JDK mid-row stays the same. */
    static char shade(int n, int maxIter) {
        if (n >= maxIter) {
            return SHADES.charAt(SHADES.length() - 1);
        }
        return SHADES.charAt((int) (StrictMath.log1p(n) / StrictMath.log1p(maxIter) * (SHADES.length() - 1)));
    }
}
