package dev.ferry.corpus;

/** Numeric kernel: matrix multiply over double[][] and a long[] checksum, nested loops. */
public class MatrixKernel {
    public static void main(String[] args) {
        int n = 160;
        double[][] a = new double[n][n];
        double[][] b = new double[n][n];
        long[] checks = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i * 31 + j) % 17 / 7.0;
                b[i][j] = (j * 13 + i) % 11 / 3.0;
            }
        }
        for (int rep = 0; rep < 4; rep++) {
            double[][] c = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    double aik = a[i][k];
                    for (int j = 0; j < n; j++) {
                        c[i][j] += aik * b[k][j];
                    }
                }
                checks[i] = checks[i] * 31 + Double.doubleToLongBits(c[i][i]);
            }
            double trace = 0;
            for (int i = 0; i < n; i++) {
                trace += c[i][i];
            }
            a = c;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] /= trace;
                }
            }
            System.out.println(rep + " " + trace + " " + checks[rep * 7]);
        }
    }
}
