package dev.quarry.tools.bench.cache;

/**
 * Binary logistic regression on standardised features, fitted by Newton's method (iteratively reweighted
 * least squares) with an L2 penalty on the weights (not the intercept). A dozen features and a few hundred
 * thousand rows fit in well under a second; the result is deterministic for given rows.
 */
final class LogisticRegression {

    final double[] mean;
    final double[] scale;
    final double[] weights;
    final double intercept;

    private LogisticRegression(double[] mean, double[] scale, double[] weights, double intercept) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.intercept = intercept;
    }

    static LogisticRegression fit(double[][] x, boolean[] y, double l2) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
        }
        int p = d + 1; // index d is the intercept
        double[] beta = new double[p];
        double[] z = new double[p];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] gradient = new double[p];
            double[][] hessian = new double[p][p];
            for (int i = 0; i < n; i++) {
                standardise(x[i], mean, scale, z);
                z[d] = 1;
                double eta = 0;
                for (int j = 0; j < p; j++) {
                    eta += beta[j] * z[j];
                }
                double mu = 1 / (1 + Math.exp(-eta));
                double w = Math.max(mu * (1 - mu), 1e-9);
                double r = (y[i] ? 1 : 0) - mu;
                for (int j = 0; j < p; j++) {
                    gradient[j] += r * z[j];
                    double wz = w * z[j];
                    for (int k = 0; k <= j; k++) {
                        hessian[j][k] += wz * z[k];
                    }
                }
            }
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < j; k++) {
                    hessian[k][j] = hessian[j][k];
                }
                if (j < d) {
                    gradient[j] -= l2 * beta[j];
                    hessian[j][j] += l2;
                }
            }
            double[] step = solve(hessian, gradient);
            double change = 0;
            for (int j = 0; j < p; j++) {
                beta[j] += step[j];
                change = Math.max(change, Math.abs(step[j]));
            }
            if (change < 1e-8) {
                break;
            }
        }
        double[] weights = new double[d];
        System.arraycopy(beta, 0, weights, 0, d);
        return new LogisticRegression(mean, scale, weights, beta[d]);
    }

    double probability(double[] features) {
        double eta = intercept;
        for (int j = 0; j < weights.length; j++) {
            eta += weights[j] * (features[j] - mean[j]) / scale[j];
        }
        return 1 / (1 + Math.exp(-eta));
    }

    private static void standardise(double[] row, double[] mean, double[] scale, double[] out) {
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / scale[j];
        }
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting (a is small and positive definite). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
