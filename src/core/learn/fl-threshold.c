/* fl-threshold.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "fl-curves.h"
#include "fl-error.h"
#include "fl-threshold.h"

static const struct { FlThresholdRule rule; const char *name; } rule_names[] = {
  { FL_THRESHOLD_MAX_F1, "max-f1" },
  { FL_THRESHOLD_MAX_FBETA, "max-fbeta" },
  { FL_THRESHOLD_MIN_COST, "min-cost" },
  { FL_THRESHOLD_ALARM_BUDGET, "alarm-budget" },
};

/**
 * fl_threshold_rule_to_string:
 * @rule: a threshold rule
 *
 * Returns: (transfer none): the name used in experiment configs
 *   ("max-f1", "max-fbeta", "min-cost", "alarm-budget"), %NULL when unknown
 */
const char *
fl_threshold_rule_to_string (FlThresholdRule rule)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (rule_names[i].rule == rule)
      return rule_names[i].name;
  return NULL;
}

/**
 * fl_threshold_rule_from_string:
 * @name: a name from fl_threshold_rule_to_string()
 * @out: (out): the rule
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_threshold_rule_from_string (const char      *name,
                               FlThresholdRule *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (rule_names); i++)
    if (g_str_equal (rule_names[i].name, name))
      {
        *out = rule_names[i].rule;
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_fbeta:
 * @cm: a confusion matrix
 * @beta: β > 0
 *
 * Fβ = (1 + β²) · tp / ((1 + β²) · tp + β² · fn + fp) (van Rijsbergen 1979;
 * scikit-learn's `fbeta_score` with zero_division = 0). β = 1 is F1.
 *
 * Returns: Fβ in [0, 1]; 0 when tp + fn + fp = 0
 */
double
fl_fbeta (const FlConfusionMatrix *cm,
          double                   beta)
{
  double b2 = beta * beta;
  double num, den;

  g_return_val_if_fail (cm != NULL, NAN);

  num = (1.0 + b2) * (double) cm->tp;
  den = num + b2 * (double) cm->fn + (double) cm->fp;
  return den > 0.0 ? num / den : 0.0;
}

static int
cmp_double_desc (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x < y) - (x > y);
}

/* Rows inside some event's detection window: positive rows and rows at
 * most lead_window_s before the next positive row. */
static guint8 *
event_windows (const guint8        *y,
               const double        *times,
               gsize                n,
               const FlEventParams *ev)
{
  guint8 *w = g_new0 (guint8, n);
  double next_pos = INFINITY;

  for (gsize i = n; i-- > 0;)
    {
      if (y[i] != 0)
        {
          w[i] = 1;
          next_pos = times[i];
        }
      else
        w[i] = next_pos - times[i] <= ev->lead_window_s;
    }
  return w;
}

/* False alarms per day as the budget counts them: maximal runs of
 * consecutive (gap ≤ max_gap_s, or bucket_s when 0) alarm rows that lie
 * outside every event's detection window. */
static double
strict_false_alarms_per_day (const float         *score,
                             const double        *times,
                             const guint8        *in_window,
                             gsize                n,
                             double               threshold,
                             const FlEventParams *ev)
{
  double gap = ev->max_gap_s > 0.0 ? ev->max_gap_s : ev->bucket_s;
  double span_days = (times[n - 1] + ev->bucket_s - times[0]) / 86400.0;
  gsize runs = 0;
  gboolean prev = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      gboolean a = (double) score[i] >= threshold && !in_window[i];

      if (a && !(prev && times[i] - times[i - 1] <= gap))
        runs++;
      prev = a;
    }
  return (double) runs / span_days;
}

/**
 * fl_threshold_choose:
 * @params: the rule and its settings
 * @y_true: (array length=n): validation labels 0/1
 * @score: (array length=n): validation scores, no NaN
 * @times: (array length=n) (nullable): bucket start times of the
 *   time-ordered validation rows, s; needed by the budget rule, and used
 *   for @out->false_alarms_per_day when given
 * @n: validation rows, > 0
 * @out: (out caller-allocates): the chosen threshold and its metrics
 * @error: return location for a #GError
 *
 * Chooses an operating threshold on validation rows (never on the test
 * block; methodology §7.3 guard 5), to be frozen for the test block and
 * live use. The candidates are the distinct validation scores plus 0.5 and
 * 1.0; a row is positive when `score >= threshold`. The rule picks the
 * candidate with the highest F1 or Fβ (fl_fbeta()), the lowest expected
 * cost per row (cost_fp · FP + cost_fn · FN) / n (Elkan 2001, "The
 * foundations of cost-sensitive learning"), or the highest recall whose
 * false alarms per day stay within the budget. Ties go to the higher
 * threshold (fewer alarms). When no candidate meets the budget, the one
 * with the fewest false alarms per day is returned with
 * @out->budget_met = %FALSE.
 *
 * False alarms for the budget (and @out->false_alarms_per_day) are the
 * maximal runs of consecutive alarm rows (as in fl-events.h: gaps up to
 * @params->events.max_gap_s) *outside* every event's detection window (the
 * event's rows and the @params->events.lead_window_s before it), per day of
 * the validation span. This is stricter than fl_event_metrics_compute(),
 * which forgives a whole alarm run when any of its rows hits an event: with
 * that count, the lowest candidate (alarm on every row, a single run) would
 * always have no false alarm and win. A budget met here is therefore also
 * met by fl-events' count on the same rows.
 *
 * Cost: O(n log n) for the F and cost rules; the budget rule evaluates the
 * events at every candidate, O(n · candidates).
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INSUFFICIENT_DATA when
 *   @n is 0, or %FL_ERROR_INVALID for a NaN score, bad rule settings (β ≤ 0,
 *   negative or all-zero costs, negative budget, bad event parameters) or a
 *   budget rule without @times
 */
gboolean
fl_threshold_choose (const FlThresholdParams *params,
                     const guint8            *y_true,
                     const float             *score,
                     const double            *times,
                     gsize                    n,
                     FlThresholdChoice       *out,
                     GError                 **error)
{
  g_autofree double *cand = NULL;
  g_autofree gsize *order = NULL;
  g_autofree guint8 *in_window = NULL;
  FlThresholdChoice best = { 0 };
  guint64 n_pos = 0;
  gsize n_cand = 0, k = 0;
  FlConfusionMatrix cm = { 0, 0, 0, 0 };
  double best_obj = NAN, best_fa = INFINITY;
  gboolean found = FALSE;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (y_true != NULL && score != NULL), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                           "No validation rows to choose a threshold on");
      return FALSE;
    }
  switch (params->rule)
    {
    case FL_THRESHOLD_MAX_F1:
      break;
    case FL_THRESHOLD_MAX_FBETA:
      if (!(params->beta > 0.0) || !isfinite (params->beta))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "β of Fβ must be finite and > 0, got %g", params->beta);
          return FALSE;
        }
      break;
    case FL_THRESHOLD_MIN_COST:
      if (!(params->cost_fp >= 0.0 && params->cost_fn >= 0.0)
          || !isfinite (params->cost_fp) || !isfinite (params->cost_fn)
          || params->cost_fp + params->cost_fn == 0.0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Costs must be finite, ≥ 0 and not both 0 (false positive %g, "
                       "false negative %g)", params->cost_fp, params->cost_fn);
          return FALSE;
        }
      break;
    case FL_THRESHOLD_ALARM_BUDGET:
      if (!(params->max_false_alarms_per_day >= 0.0))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The false-alarm budget must be ≥ 0 per day, got %g",
                       params->max_false_alarms_per_day);
          return FALSE;
        }
      if (times == NULL)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "A false-alarm budget needs the validation rows' times");
          return FALSE;
        }
      break;
    default:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown threshold rule %d",
                   params->rule);
      return FALSE;
    }
  if ((params->rule == FL_THRESHOLD_ALARM_BUDGET || times != NULL)
      && !fl_event_params_check (&params->events, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (score[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Score of row %" G_GSIZE_FORMAT " is NaN", i);
          return FALSE;
        }
      n_pos += y_true[i] != 0;
    }

  /* Candidates: distinct scores, 0.5 and 1.0, in decreasing order. */
  cand = g_new (double, n + 2);
  for (gsize i = 0; i < n; i++)
    cand[i] = score[i];
  cand[n] = 0.5;
  cand[n + 1] = 1.0;
  qsort (cand, n + 2, sizeof *cand, cmp_double_desc);
  for (gsize i = 0; i < n + 2; i++)
    if (n_cand == 0 || cand[i] != cand[n_cand - 1])
      cand[n_cand++] = cand[i];

  if (times != NULL)
    {
      for (gsize i = 1; i < n; i++)
        if (!(times[i] >= times[i - 1]))
          {
            g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                                 "Validation rows must be in time order");
            return FALSE;
          }
      in_window = event_windows (y_true, times, n, &params->events);
    }

  /* Rows in decreasing score order, to count tp/fp per candidate. */
  order = fl_score_order_desc (score, n);
  cm.fn = n_pos;
  cm.tn = n - n_pos;

  for (gsize c = 0; c < n_cand; c++)
    {
      double t = cand[c], obj, fa = NAN;
      gboolean better;

      while (k < n && (double) score[order[k]] >= t)
        {
          if (y_true[order[k]] != 0)
            {
              cm.tp++;
              cm.fn--;
            }
          else
            {
              cm.fp++;
              cm.tn--;
            }
          k++;
        }

      switch (params->rule)
        {
        case FL_THRESHOLD_MAX_F1:
          obj = fl_f1 (&cm);
          better = !found || obj > best_obj;
          break;
        case FL_THRESHOLD_MAX_FBETA:
          obj = fl_fbeta (&cm, params->beta);
          better = !found || obj > best_obj;
          break;
        case FL_THRESHOLD_MIN_COST:
          obj = (params->cost_fp * (double) cm.fp + params->cost_fn * (double) cm.fn)
                / (double) n;
          better = !found || obj < best_obj;
          break;
        case FL_THRESHOLD_ALARM_BUDGET:
        default:
          fa = strict_false_alarms_per_day (score, times, in_window, n, t, &params->events);
          obj = fl_recall (&cm);
          if (fa <= params->max_false_alarms_per_day)
            better = !best.budget_met || obj > best_obj;
          else
            better = !best.budget_met && fa < best_fa;
          if (better)
            {
              best.budget_met = fa <= params->max_false_alarms_per_day;
              best_fa = fa;
            }
          break;
        }
      if (better)
        {
          found = TRUE;
          best_obj = obj;
          best.threshold = t;
          best.objective = obj;
        }
    }

  if (params->rule != FL_THRESHOLD_ALARM_BUDGET)
    best.budget_met = TRUE;
  best.n_candidates = (guint) n_cand;
  if (!fl_metrics_compute (y_true, score, n, best.threshold, &best.metrics, error))
    return FALSE;
  best.false_alarms_per_day = NAN;
  if (times != NULL)
    best.false_alarms_per_day = strict_false_alarms_per_day (score, times, in_window, n,
                                                             best.threshold, &params->events);

  *out = best;
  return TRUE;
}
