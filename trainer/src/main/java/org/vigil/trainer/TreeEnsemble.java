package org.vigil.trainer;

import java.util.HashMap;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A small gradient-boosted tree ensemble (XGBoost: 30 trees of depth 3), cross-validated on the
 * same folds and features as the logistic regression, to see whether it is clearly better.
 * One thread and a fixed seed keep it deterministic.
 */
final class TreeEnsemble {

    static final int TREES = 30;
    static final int DEPTH = 3;

    private TreeEnsemble() {
    }

    /** The ensemble as a {@link CrossValidation.Learner}. */
    static CrossValidation.Learner learner(long seed) {
        return (x, y) -> {
            Booster booster = fit(x, y, seed);
            return rows -> {
                try {
                    float[][] predictions = booster.predict(matrix(rows, null));
                    double[] scores = new double[rows.length];
                    for (int r = 0; r < rows.length; r++) {
                        scores[r] = predictions[r][0];
                    }
                    return scores;
                } finally {
                    booster.dispose();
                }
            };
        };
    }

    static Booster fit(double[][] x, int[] y, long seed) throws XGBoostError {
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", DEPTH);
        params.put("eta", 0.1);
        params.put("nthread", 1);
        params.put("seed", (int) (seed % Integer.MAX_VALUE));
        params.put("tree_method", "exact");
        params.put("verbosity", 0);
        return XGBoost.train(matrix(x, y), params, TREES, new HashMap<>(), null, null);
    }

    private static DMatrix matrix(double[][] x, int[] y) throws XGBoostError {
        int columns = x[0].length;
        float[] data = new float[x.length * columns];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < columns; c++) {
                data[r * columns + c] = (float) x[r][c];
            }
        }
        DMatrix matrix = new DMatrix(data, x.length, columns, Float.NaN);
        if (y != null) {
            float[] labels = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                labels[i] = y[i];
            }
            matrix.setLabel(labels);
        }
        return matrix;
    }

    /** Clearly better: a mean AUC at least 0.02 higher, and higher in at least 8 of the 10 folds. */
    static boolean clearlyBetter(CrossValidation.Summary ensemble, CrossValidation.Summary regression) {
        int wins = 0;
        for (int f = 0; f < ensemble.folds().size(); f++) {
            if (ensemble.folds().get(f).auc() > regression.folds().get(f).auc()) {
                wins++;
            }
        }
        return ensemble.mean(CrossValidation.Metrics::auc) - regression.mean(CrossValidation.Metrics::auc) >= 0.02
                && wins >= 8;
    }
}
