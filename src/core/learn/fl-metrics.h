/* fl-metrics.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * FlConfusionMatrix:
 * @tn: true negatives
 * @fp: false positives
 * @fn: false negatives
 * @tp: true positives
 *
 * A binary confusion matrix; the positive class is "degraded" (1).
 */
typedef struct
{
  guint64 tn;
  guint64 fp;
  guint64 fn;
  guint64 tp;
} FlConfusionMatrix;

void   fl_confusion_matrix_compute (const guint8      *y_true,
                                    const float       *score,
                                    gsize              n,
                                    double             threshold,
                                    FlConfusionMatrix *out);
double fl_precision                (const FlConfusionMatrix *cm);
double fl_recall                   (const FlConfusionMatrix *cm);
double fl_f1                       (const FlConfusionMatrix *cm);
double fl_average_precision        (const guint8 *y_true,
                                    const float  *score,
                                    gsize         n);

/**
 * FL_LOG_LOSS_EPS:
 *
 * Probabilities are clipped to [eps, 1 − eps] before the log loss; 1e-15 is
 * the `eps` of scikit-learn ≤ 1.1 and the value the fixtures pass to 1.2's
 * `log_loss (eps=1e-15)`.
 */
#define FL_LOG_LOSS_EPS 1e-15

/**
 * FlMetrics:
 * @threshold: the decision threshold (positive when `score >= threshold`)
 * @n: number of rows
 * @n_positive: rows with a positive label
 * @cm: the confusion matrix at @threshold
 * @accuracy: (tp + tn) / n
 * @precision: fl_precision()
 * @recall: fl_recall()
 * @specificity: fl_specificity()
 * @f1: fl_f1()
 * @mcc: fl_mcc()
 * @balanced_accuracy: fl_balanced_accuracy()
 * @roc_auc: fl_roc_auc(), NaN with a single class
 * @average_precision: fl_average_precision(), NaN without positives
 * @brier: fl_brier_score(), NaN when a score is outside [0, 1]
 * @log_loss: fl_log_loss() with %FL_LOG_LOSS_EPS, NaN when a score is
 *   outside [0, 1]
 *
 * Every row-level metric of one set of predictions.
 */
typedef struct
{
  double            threshold;
  guint64           n;
  guint64           n_positive;
  FlConfusionMatrix cm;
  double            accuracy;
  double            precision;
  double            recall;
  double            specificity;
  double            f1;
  double            mcc;
  double            balanced_accuracy;
  double            roc_auc;
  double            average_precision;
  double            brier;
  double            log_loss;
} FlMetrics;

double   fl_accuracy                (const FlConfusionMatrix *cm);
double   fl_specificity             (const FlConfusionMatrix *cm);
double   fl_mcc                     (const FlConfusionMatrix *cm);
double   fl_balanced_accuracy       (const FlConfusionMatrix *cm);
double   fl_roc_auc                 (const guint8 *y_true,
                                     const float  *score,
                                     gsize         n);
double   fl_brier_score             (const guint8 *y_true,
                                     const float  *score,
                                     gsize         n);
double   fl_log_loss                (const guint8 *y_true,
                                     const float  *score,
                                     gsize         n,
                                     double        eps);
gboolean fl_metrics_compute         (const guint8 *y_true,
                                     const float  *score,
                                     gsize         n,
                                     double        threshold,
                                     FlMetrics    *out,
                                     GError      **error);
void     fl_metrics_to_json         (const FlMetrics *metrics,
                                     JsonBuilder     *builder);
void     fl_json_add_double         (JsonBuilder *builder,
                                     const char  *name,
                                     double       value);

G_END_DECLS
