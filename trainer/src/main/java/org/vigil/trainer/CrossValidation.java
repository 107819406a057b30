package org.vigil.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Stratified k-fold cross-validation: each fold keeps the class balance; the replacements for
 * missing values are learned on the training folds only, so nothing of a test fold leaks in.
 */
final class CrossValidation {

    record Metrics(double auc, double accuracy, double sensitivity, double specificity) {
    }

    record Summary(List<Metrics> folds) {

        double mean(java.util.function.ToDoubleFunction<Metrics> metric) {
            return folds.stream().mapToDouble(metric).average().orElse(Double.NaN);
        }

        double sd(java.util.function.ToDoubleFunction<Metrics> metric) {
            double mean = mean(metric);
            return Math.sqrt(folds.stream().mapToDouble(m -> Math.pow(metric.applyAsDouble(m) - mean, 2)).sum() / (folds.size() - 1));
        }

        String cell(java.util.function.ToDoubleFunction<Metrics> metric) {
            return String.format(java.util.Locale.ROOT, "%.3f (%.3f)", mean(metric), sd(metric));
        }

        String line(String name, java.util.function.ToDoubleFunction<Metrics> metric) {
            return String.format(java.util.Locale.ROOT, "| %s | %.3f | %.3f |", name, mean(metric), sd(metric));
        }
    }

    private CrossValidation() {
    }

    /** Fold number (0..k-1) of each row: the positives and the negatives each shuffled and dealt round-robin. */
    static int[] folds(int[] y, int k, long seed) {
        Random random = new Random(seed);
        int[] fold = new int[y.length];
        for (int label = 0; label <= 1; label++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == label) {
                    rows.add(i);
                }
            }
            java.util.Collections.shuffle(rows, random);
            for (int j = 0; j < rows.size(); j++) {
                fold[rows.get(j)] = j % k;
            }
        }
        return fold;
    }

    /** A way to learn a model from design rows; the model scores design rows with probabilities of disease. */
    interface Learner {
        Scorer fit(double[][] x, int[] y) throws Exception;
    }

    interface Scorer {
        double[] score(double[][] x) throws Exception;
    }

    /** The logistic regression as a {@link Learner}. */
    static Learner logisticRegression(double ridge) {
        return (x, y) -> {
            double[] beta = new LogisticRegression(ridge).fit(x, y);
            return rows -> java.util.Arrays.stream(rows)
                    .mapToDouble(row -> LogisticRegression.probability(beta, LogisticRegression.withIntercept(row))).toArray();
        };
    }

    /** @param masked score test rows with the often-missing features removed (and so imputed) */
    static Summary run(List<Map<String, Object>> rows, int[] y, int k, long seed, boolean masked, Learner learner) throws Exception {
        return run(rows, y, k, seed, masked ? Features.MASKED : List.of(), learner);
    }

    /** @param absent the features removed from the test rows (and so imputed) at scoring time */
    static Summary run(List<Map<String, Object>> rows, int[] y, int k, long seed, List<String> absent, Learner learner) throws Exception {
        int[] fold = folds(y, k, seed);
        List<Metrics> metrics = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Map<String, Object>> train = new ArrayList<>();
            List<Integer> trainY = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == f) {
                    test.add(i);
                } else {
                    train.add(rows.get(i));
                    trainY.add(y[i]);
                }
            }
            Map<String, Object> replacements = Features.replacements(train);
            double[][] x = train.stream().map(r -> Features.encode(r, replacements)).toArray(double[][]::new);
            Scorer model = learner.fit(x, trainY.stream().mapToInt(Integer::intValue).toArray());
            double[][] testX = test.stream()
                    .map(i -> Features.encode(Features.without(rows.get(i), absent), replacements))
                    .toArray(double[][]::new);
            double[] scores = model.score(testX);
            int[] labels = test.stream().mapToInt(i -> y[i]).toArray();
            metrics.add(metrics(scores, labels));
        }
        return new Summary(metrics);
    }

    static Metrics metrics(double[] scores, int[] labels) {
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= 0.5;
            if (predicted && labels[i] == 1) {
                tp++;
            } else if (!predicted && labels[i] == 0) {
                tn++;
            } else if (predicted) {
                fp++;
            } else {
                fn++;
            }
        }
        return new Metrics(auc(scores, labels), (tp + tn) / (double) scores.length,
                tp / (double) (tp + fn), tn / (double) (tn + fp));
    }

    /** Probability that a random positive scores above a random negative (ties count half). */
    static double auc(double[] scores, int[] labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] == 0) {
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }
}
