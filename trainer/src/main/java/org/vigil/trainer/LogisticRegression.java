package org.vigil.trainer;

/**
 * Binary logistic regression fitted by iteratively reweighted least squares (Newton's method)
 * with a small ridge penalty on the slopes, which keeps the fit finite when a category separates
 * the classes. Deterministic: same data, same coefficients.
 */
final class LogisticRegression {

    private final double ridge;

    LogisticRegression(double ridge) {
        this.ridge = ridge;
    }

    /** Coefficients, intercept first. */
    double[] fit(double[][] x, int[] y) {
        int n = x.length;
        int p = x[0].length + 1;
        double[] beta = new double[p];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[][] hessian = new double[p][p];
            double[] gradient = new double[p];
            for (int i = 0; i < n; i++) {
                double[] row = withIntercept(x[i]);
                double prob = probability(beta, row);
                double weight = Math.max(prob * (1 - prob), 1e-12);
                for (int a = 0; a < p; a++) {
                    gradient[a] += (y[i] - prob) * row[a];
                    for (int b = 0; b < p; b++) {
                        hessian[a][b] += weight * row[a] * row[b];
                    }
                }
            }
            for (int a = 1; a < p; a++) {
                gradient[a] -= ridge * beta[a];
                hessian[a][a] += ridge;
            }
            double[] step = solve(hessian, gradient);
            double change = 0;
            for (int a = 0; a < p; a++) {
                beta[a] += step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-10) {
                break;
            }
        }
        return beta;
    }

    static double probability(double[] beta, double[] rowWithIntercept) {
        double z = 0;
        for (int a = 0; a < beta.length; a++) {
            z += beta[a] * rowWithIntercept[a];
        }
        return 1 / (1 + Math.exp(-z));
    }

    static double[] withIntercept(double[] x) {
        double[] row = new double[x.length + 1];
        row[0] = 1;
        System.arraycopy(x, 0, row, 1, x.length);
        return row;
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int row = col + 1; row < n; row++) {
                double factor = m[row][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[row][k] -= factor * m[col][k];
                }
            }
        }
        double[] solution = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = m[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= m[row][k] * solution[k];
            }
            solution[row] = sum / m[row][row];
        }
        return solution;
    }
}
