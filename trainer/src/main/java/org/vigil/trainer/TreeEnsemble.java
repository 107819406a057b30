package org.vigil.trainer;

import java.util.HashMap;
import java.util.List;
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

    static CrossValidation.Summary crossValidate(List<Map<String, Object>> rows, int[] y, int k, long seed, boolean masked)
            throws XGBoostError {
        int[] fold = CrossValidation.folds(y, k, seed);
        List<CrossValidation.Metrics> metrics = new java.util.ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Map<String, Object>> train = new java.util.ArrayList<>();
            List<Integer> trainY = new java.util.ArrayList<>();
            List<Integer> test = new java.util.ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == f) {
                    test.add(i);
                } else {
                    train.add(rows.get(i));
                    trainY.add(y[i]);
                }
            }
            Map<String, Object> replacements = Features.replacements(train);
            Booster booster = fit(train.stream().map(r -> Features.encode(r, replacements)).toArray(double[][]::new),
                    trainY.stream().mapToInt(Integer::intValue).toArray(), seed);
            double[][] testX = test.stream().map(i -> Features.encode(masked ? Features.masked(rows.get(i)) : rows.get(i), replacements))
                    .toArray(double[][]::new);
            float[][] predictions = booster.predict(matrix(testX, null));
            double[] scores = new double[test.size()];
            int[] labels = new int[test.size()];
            for (int t = 0; t < test.size(); t++) {
                scores[t] = predictions[t][0];
                labels[t] = y[test.get(t)];
            }
            metrics.add(CrossValidation.metrics(scores, labels));
            booster.dispose();
        }
        return new CrossValidation.Summary(metrics);
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
