/* fl-threshold.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fl-events.h"
#include "fl-metrics.h"

G_BEGIN_DECLS

/**
 * FlThresholdRule:
 * @FL_THRESHOLD_MAX_F1: maximise F1
 * @FL_THRESHOLD_MAX_FBETA: maximise Fβ (β > 1 weighs recall more)
 * @FL_THRESHOLD_MIN_COST: minimise the expected cost per row,
 *   (cost_fp · FP + cost_fn · FN) / n
 * @FL_THRESHOLD_ALARM_BUDGET: maximise recall subject to at most a given
 *   number of false alarms per day (fl-events.h)
 *
 * How the operating threshold is chosen on validation rows (methodology
 * §7.3, guard 5).
 */
typedef enum
{
  FL_THRESHOLD_MAX_F1,
  FL_THRESHOLD_MAX_FBETA,
  FL_THRESHOLD_MIN_COST,
  FL_THRESHOLD_ALARM_BUDGET,
} FlThresholdRule;

/**
 * FlThresholdParams:
 * @rule: #FlThresholdRule
 * @beta: β of Fβ (> 0)
 * @cost_fp: cost of a false positive (≥ 0)
 * @cost_fn: cost of a false negative (≥ 0; not both 0)
 * @max_false_alarms_per_day: the false-alarm budget (≥ 0)
 * @events: how rows form alarm runs and events (budget rule)
 *
 * Only the fields of the chosen rule are read.
 */
typedef struct
{
  FlThresholdRule rule;
  double          beta;
  double          cost_fp;
  double          cost_fn;
  double          max_false_alarms_per_day;
  FlEventParams   events;
} FlThresholdParams;

/**
 * FlThresholdChoice:
 * @threshold: the chosen threshold (positive when `score >= threshold`)
 * @objective: the rule's value there: F1, Fβ, expected cost per row, or
 *   recall (budget)
 * @metrics: validation metrics at @threshold (fl_metrics_compute())
 * @false_alarms_per_day: validation false alarms per day at @threshold,
 *   NaN when no times were given
 * @n_candidates: candidate thresholds tried
 * @budget_met: %FALSE when no candidate met the false-alarm budget; the
 *   candidate with the fewest false alarms per day was returned instead
 *   (always %TRUE for the other rules)
 *
 * Result of fl_threshold_choose().
 */
typedef struct
{
  double    threshold;
  double    objective;
  FlMetrics metrics;
  double    false_alarms_per_day;
  guint     n_candidates;
  gboolean  budget_met;
} FlThresholdChoice;

const char *fl_threshold_rule_to_string   (FlThresholdRule          rule);
gboolean    fl_threshold_rule_from_string (const char              *name,
                                           FlThresholdRule         *out);
double      fl_fbeta                      (const FlConfusionMatrix *cm,
                                           double                   beta);
gboolean    fl_threshold_choose           (const FlThresholdParams *params,
                                           const guint8            *y_true,
                                           const float             *score,
                                           const double            *times,
                                           gsize                    n,
                                           FlThresholdChoice       *out,
                                           GError                 **error);

G_END_DECLS
