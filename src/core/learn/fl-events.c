/* fl-events.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fl-error.h"
#include "fl-events.h"
#include "fl-metrics.h"

/**
 * fl_event_params_check:
 * @params: event parameters
 * @error: return location for a #GError
 *
 * Checks that @params->bucket_s is finite and > 0, and that
 * @params->max_gap_s and @params->lead_window_s are finite and ≥ 0.
 *
 * Returns: %TRUE when valid; otherwise %FALSE with %FL_ERROR_INVALID
 */
gboolean
fl_event_params_check (const FlEventParams *params,
                       GError             **error)
{
  g_return_val_if_fail (params != NULL, FALSE);

  if (!isfinite (params->bucket_s) || params->bucket_s <= 0.0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Bucket width must be a positive number of seconds, got %g",
                   params->bucket_s);
      return FALSE;
    }
  if (!isfinite (params->max_gap_s) || params->max_gap_s < 0.0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Maximum gap between buckets of one event must be ≥ 0 s, got %g",
                   params->max_gap_s);
      return FALSE;
    }
  if (!isfinite (params->lead_window_s) || params->lead_window_s < 0.0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Lead window must be ≥ 0 s, got %g", params->lead_window_s);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_times (const double *times,
             gsize         n,
             GError      **error)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (times[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Bucket time of row %" G_GSIZE_FORMAT " is not a finite number",
                       i);
          return FALSE;
        }
      if (i > 0 && !(times[i] > times[i - 1]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Bucket times must be strictly increasing (row %"
                       G_GSIZE_FORMAT ": %.3f s after %.3f s)",
                       i, times[i], times[i - 1]);
          return FALSE;
        }
    }
  return TRUE;
}

/* First index i in [0, n) with times[i] >= t, or n. */
static gsize
lower_bound (const double *times,
             gsize         n,
             double        t)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (times[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * fl_event_metrics_compute_alarms:
 * @y_true: (array length=n): target per row (0 negative, non-zero positive)
 * @alarms: (array length=n): alarm per row (0 no alarm, non-zero alarm)
 * @times: (array length=n): bucket start time of each row in s, strictly
 *   increasing (the rows of one time-ordered test block)
 * @n: number of rows
 * @params: how rows form events and alarm runs
 * @out: (out caller-allocates): the event metrics
 * @error: return location for a #GError
 *
 * Event-level metrics (methodology §7.3, guard 7), with these definitions:
 *
 * - Rows i and i+1 are *consecutive* when
 *   `times[i+1] − times[i] ≤ max_gap_s` (default: one bucket width).
 * - An *event* is a maximal run of consecutive positive rows. Its start s is
 *   the time of its first row, its end e the time of its last row.
 * - Its *detection window* is the closed interval [s − lead_window_s, e].
 *   The event is *detected* when some alarm row's time lies in it.
 * - *Event recall* = detected events / events (NaN without events).
 * - *Lead time* of a detected event = s − time of the first alarm in its
 *   window (s; negative when the first alarm came after the event started).
 *   The median (GSL `gsl_stats_median_from_sorted_data`) and mean are
 *   reported.
 * - An *alarm run* is a maximal run of consecutive alarm rows. It is a
 *   *false alarm* when none of its rows lies in any event's detection
 *   window.
 * - *False alarms per day* = false alarm runs / span in days, where the
 *   span is `(times[n-1] + bucket_s − times[0]) / 86400` (NaN when @n is 0).
 *
 * When @y_true is the horizon-shifted target (label at t + h stored at t),
 * add h to the lead times to measure them against the fault itself. The
 * "insufficient events" flag is set below %FL_MIN_TEST_EVENTS events.
 * Runs in O(n log n).
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INVALID when @params is
 *   invalid or @times is not finite and strictly increasing
 */
gboolean
fl_event_metrics_compute_alarms (const guint8        *y_true,
                                 const guint8        *alarms,
                                 const double        *times,
                                 gsize                n,
                                 const FlEventParams *params,
                                 FlEventMetrics      *out,
                                 GError             **error)
{
  g_autofree gsize *next_alarm = NULL;
  g_autoptr(GArray) ev_first = NULL;
  g_autoptr(GArray) ev_last = NULL;
  g_autoptr(GArray) leads = NULL;
  FlEventMetrics m = { 0 };
  double gap;
  gsize e;

  g_return_val_if_fail (n == 0 || (y_true != NULL && alarms != NULL && times != NULL), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fl_event_params_check (params, error) || !check_times (times, n, error))
    return FALSE;

  gap = params->max_gap_s > 0.0 ? params->max_gap_s : params->bucket_s;

  /* Events. */
  ev_first = g_array_new (FALSE, FALSE, sizeof (gsize));
  ev_last = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize i = 0; i < n; i++)
    {
      if (y_true[i] == 0)
        continue;
      if (i > 0 && y_true[i - 1] != 0 && times[i] - times[i - 1] <= gap)
        g_array_index (ev_last, gsize, ev_last->len - 1) = i;
      else
        {
          g_array_append_val (ev_first, i);
          g_array_append_val (ev_last, i);
        }
    }
  m.n_events = ev_first->len;

  /* next_alarm[i]: smallest j ≥ i with an alarms, or n. */
  next_alarm = g_new (gsize, n + 1);
  next_alarm[n] = n;
  for (gsize i = n; i > 0; i--)
    next_alarm[i - 1] = alarms[i - 1] != 0 ? i - 1 : next_alarm[i];

  leads = g_array_new (FALSE, FALSE, sizeof (double));
  for (e = 0; e < ev_first->len; e++)
    {
      gsize first = g_array_index (ev_first, gsize, e);
      gsize last = g_array_index (ev_last, gsize, e);
      gsize lo = lower_bound (times, n, times[first] - params->lead_window_s);
      gsize j = next_alarm[lo];

      if (j <= last)
        {
          double lead = times[first] - times[j];

          m.n_detected++;
          g_array_append_val (leads, lead);
        }
    }

  if (m.n_events > 0)
    m.event_recall = (double) m.n_detected / (double) m.n_events;
  else
    m.event_recall = NAN;

  if (leads->len > 0)
    {
      double *v = (double *) (gpointer) leads->data;

      gsl_sort (v, 1, leads->len);
      m.lead_time_median_s = gsl_stats_median_from_sorted_data (v, 1, leads->len);
      m.lead_time_mean_s = gsl_stats_mean (v, 1, leads->len);
    }
  else
    {
      m.lead_time_median_s = NAN;
      m.lead_time_mean_s = NAN;
    }

  /* Alarm runs. Detection windows are ordered by start and by end, so one
   * pointer over the events finds the only candidate window for a time. */
  e = 0;
  {
    gboolean in_run = FALSE;
    gboolean run_hits = FALSE;

    for (gsize i = 0; i < n; i++)
      {
        gboolean hit = FALSE;

        if (alarms[i] == 0)
          {
            if (in_run && !run_hits)
              m.n_false_alarm_runs++;
            in_run = FALSE;
            continue;
          }

        while (e < ev_first->len && times[g_array_index (ev_last, gsize, e)] < times[i])
          e++;
        if (e < ev_first->len)
          hit = times[i] >= times[g_array_index (ev_first, gsize, e)] - params->lead_window_s;

        if (in_run && times[i] - times[i - 1] <= gap)
          run_hits = run_hits || hit;
        else
          {
            if (in_run && !run_hits)
              m.n_false_alarm_runs++;
            m.n_alarm_runs++;
            in_run = TRUE;
            run_hits = hit;
          }
      }
    if (in_run && !run_hits)
      m.n_false_alarm_runs++;
  }

  if (n > 0)
    {
      m.span_days = (times[n - 1] + params->bucket_s - times[0]) / 86400.0;
      m.false_alarms_per_day = (double) m.n_false_alarm_runs / m.span_days;
    }
  else
    {
      m.span_days = 0.0;
      m.false_alarms_per_day = NAN;
    }

  m.insufficient_events = m.n_events < FL_MIN_TEST_EVENTS;
  *out = m;
  return TRUE;
}

/**
 * fl_event_metrics_compute:
 * @y_true: (array length=n): target per row (0 negative, non-zero positive)
 * @score: (array length=n): predicted score per row
 * @times: (array length=n): bucket start times in s, strictly increasing
 * @n: number of rows
 * @threshold: a row raises an alarm when `(double) score[i] >= threshold`
 *   (NaN scores never alarms)
 * @params: how rows form events and alarm runs
 * @out: (out caller-allocates): the event metrics
 * @error: return location for a #GError
 *
 * Thresholds @score and calls fl_event_metrics_compute_alarms(); see there
 * for the definitions.
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INVALID on bad @params
 *   or @times
 */
gboolean
fl_event_metrics_compute (const guint8        *y_true,
                          const float         *score,
                          const double        *times,
                          gsize                n,
                          double               threshold,
                          const FlEventParams *params,
                          FlEventMetrics      *out,
                          GError             **error)
{
  g_autofree guint8 *alarms = NULL;

  g_return_val_if_fail (n == 0 || score != NULL, FALSE);

  alarms = g_new (guint8, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    alarms[i] = (double) score[i] >= threshold;

  return fl_event_metrics_compute_alarms (y_true, alarms, times, n, params,
                                          out, error);
}

/**
 * fl_event_metrics_to_json:
 * @metrics: event metrics
 * @builder: a #JsonBuilder positioned inside an object
 *
 * Appends the members `n_events`, `n_detected`, `event_recall`,
 * `lead_time_median_s`, `lead_time_mean_s`, `n_alarm_runs`,
 * `n_false_alarm_runs`, `span_days`, `false_alarms_per_day` and
 * `insufficient_events` to the current object of @builder. NaN and
 * infinities are written as `null`.
 */
void
fl_event_metrics_to_json (const FlEventMetrics *metrics,
                          JsonBuilder          *builder)
{
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "n_events");
  json_builder_add_int_value (builder, metrics->n_events);
  json_builder_set_member_name (builder, "n_detected");
  json_builder_add_int_value (builder, metrics->n_detected);
  fl_json_add_double (builder, "event_recall", metrics->event_recall);
  fl_json_add_double (builder, "lead_time_median_s", metrics->lead_time_median_s);
  fl_json_add_double (builder, "lead_time_mean_s", metrics->lead_time_mean_s);
  json_builder_set_member_name (builder, "n_alarm_runs");
  json_builder_add_int_value (builder, metrics->n_alarm_runs);
  json_builder_set_member_name (builder, "n_false_alarm_runs");
  json_builder_add_int_value (builder, metrics->n_false_alarm_runs);
  fl_json_add_double (builder, "span_days", metrics->span_days);
  fl_json_add_double (builder, "false_alarms_per_day", metrics->false_alarms_per_day);
  json_builder_set_member_name (builder, "insufficient_events");
  json_builder_add_boolean_value (builder, metrics->insufficient_events);
}
