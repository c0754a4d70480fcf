package dev.ferry.corpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * State numeric code keeps: seeded java.util.Random and SplittableRandom (their seeds must travel),
 * BigInteger and BigDecimal accumulators, a 2-D array, a sorted copy, formatted output.
 */
public class NumericState {
    public static void main(String[] args) {
        Random random = new Random(42);
        SplittableRandom split = new SplittableRandom(7);
        BigInteger factorial = BigInteger.ONE;
        BigDecimal harmonic = BigDecimal.ZERO;
        double[][] grid = new double[24][24];
        long inside = 0;
        for (int round = 1; round <= 400; round++) {
            for (int k = 0; k < 2_000; k++) {
                double x = random.nextDouble();
                double y = split.nextDouble();
                if (x * x + y * y <= 1.0) {
                    inside++;
                }
                grid[k % 24][(k / 24) % 24] += x - y;
            }
            factorial = factorial.multiply(BigInteger.valueOf(round));
            harmonic = harmonic.add(BigDecimal.ONE.divide(BigDecimal.valueOf(round), MathContext.DECIMAL64));
            if (round % 40 == 0) {
                double[] row = grid[round % 24].clone();
                Arrays.sort(row);
                System.out.println(String.format("round %d: pi~%.6f digits(%d!)=%d H=%s median=%.5f next=%d",
                        round, 4.0 * inside / (round * 2_000L), round, factorial.toString().length(),
                        harmonic.round(MathContext.DECIMAL32), row[12], random.nextInt(1000) + split.nextInt(1000)));
            }
        }
    }
}
