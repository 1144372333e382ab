/* fl-metrics.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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

G_END_DECLS
