/* fl-curves.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fl-events.h"

G_BEGIN_DECLS

/**
 * FlCurveKind:
 * @FL_CURVE_PR: precision–recall curve (x = recall, y = precision)
 * @FL_CURVE_ROC: ROC curve (x = false positive rate, y = true positive rate)
 * @FL_CURVE_CALIBRATION: reliability curve (x = mean predicted probability,
 *   y = fraction of positives, per non-empty bin)
 *
 * The kind of an #FlCurve.
 */
typedef enum
{
  FL_CURVE_PR,
  FL_CURVE_ROC,
  FL_CURVE_CALIBRATION,
} FlCurveKind;

/**
 * FlCurve:
 * @kind: what the columns mean
 * @n_points: number of points (length of every array)
 * @x: recall (PR), false positive rate (ROC) or mean predicted probability
 *   in the bin (calibration)
 * @y: precision (PR), true positive rate (ROC) or fraction of positives in
 *   the bin (calibration)
 * @threshold: decision threshold of the point (PR, ROC; NaN for the final
 *   PR point (recall 0, precision 1), which has none), or the lower edge of
 *   the bin (calibration)
 * @count: (nullable): rows in each bin (calibration only), else %NULL
 *
 * Points of one curve, stored column-wise. Free with fl_curve_free().
 */
typedef struct
{
  FlCurveKind kind;
  gsize       n_points;
  double     *x;
  double     *y;
  double     *threshold;
  guint64    *count;
} FlCurve;

/**
 * FL_SWEEP_N_POINTS:
 *
 * Number of thresholds of a threshold sweep: 0.00, 0.01, …, 1.00.
 */
#define FL_SWEEP_N_POINTS 101

/**
 * FlThresholdSweep:
 * @n_points: number of thresholds (%FL_SWEEP_N_POINTS)
 * @threshold: the thresholds i / 100 for i = 0 … 100
 * @precision: precision at each threshold (zero_division = 0)
 * @recall: recall at each threshold (zero_division = 0)
 * @f1: F1 at each threshold (zero_division = 0)
 * @tp: true positives at each threshold
 * @fp: false positives at each threshold
 * @false_alarms_per_day: false alarm runs per day (see
 *   fl_event_metrics_compute_alarms()), NaN when no bucket times were given
 *
 * Row-level metrics at fixed thresholds. Free with fl_threshold_sweep_free().
 */
typedef struct
{
  gsize    n_points;
  double  *threshold;
  double  *precision;
  double  *recall;
  double  *f1;
  guint64 *tp;
  guint64 *fp;
  double  *false_alarms_per_day;
} FlThresholdSweep;

gsize            *fl_score_order_desc      (const float  *score,
                                            gsize         n);

FlCurve          *fl_pr_curve              (const guint8 *y_true,
                                            const float  *score,
                                            gsize         n,
                                            GError      **error);
FlCurve          *fl_roc_curve             (const guint8 *y_true,
                                            const float  *score,
                                            gsize         n,
                                            gboolean      drop_intermediate,
                                            GError      **error);
FlCurve          *fl_calibration_curve     (const guint8 *y_true,
                                            const float  *score,
                                            gsize         n,
                                            guint         n_bins,
                                            GError      **error);
void              fl_curve_downsample      (FlCurve      *curve,
                                            gsize         max_points);
void              fl_curve_to_json         (const FlCurve *curve,
                                            JsonBuilder   *builder);
void              fl_curve_free            (FlCurve      *curve);

FlThresholdSweep *fl_threshold_sweep       (const guint8        *y_true,
                                            const float         *score,
                                            const double        *times,
                                            gsize                n,
                                            const FlEventParams *params,
                                            GError             **error);
void              fl_threshold_sweep_to_json (const FlThresholdSweep *sweep,
                                              JsonBuilder            *builder);
void              fl_threshold_sweep_free  (FlThresholdSweep *sweep);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCurve, fl_curve_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlThresholdSweep, fl_threshold_sweep_free)

G_END_DECLS
