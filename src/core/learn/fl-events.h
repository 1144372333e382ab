/* fl-events.h
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
 * FL_MIN_TEST_EVENTS:
 *
 * Below this many events in a test block the results are flagged
 * "insufficient events" (methodology §7.3, guard 7).
 */
#define FL_MIN_TEST_EVENTS 20

/**
 * FlEventParams:
 * @bucket_s: bucket width in s (> 0); the span of a test block is
 *   `times[n-1] + bucket_s - times[0]`
 * @max_gap_s: two rows are consecutive when the next bucket starts at most
 *   this many s after the previous one; 0 means @bucket_s
 * @lead_window_s: an alarm up to this many s before an event's first
 *   positive bucket still detects the event (≥ 0; typically the prediction
 *   horizon)
 *
 * How rows are grouped into events and alarm runs.
 */
typedef struct
{
  double bucket_s;
  double max_gap_s;
  double lead_window_s;
} FlEventParams;

/**
 * FlEventMetrics:
 * @n_events: number of events (maximal runs of consecutive positive rows)
 * @n_detected: events with at least one alarm in their detection window
 * @event_recall: @n_detected / @n_events, NaN when there is no event
 * @lead_time_median_s: median over detected events of (event start − first
 *   alarm in the window), s; negative when the first alarm came after the
 *   event started; NaN when no event was detected
 * @lead_time_mean_s: mean of the same lead times, s
 * @n_alarm_runs: maximal runs of consecutive alarm rows
 * @n_false_alarm_runs: alarm runs with no alarm inside any event's detection
 *   window
 * @span_days: length of the test block, days
 * @false_alarms_per_day: @n_false_alarm_runs / @span_days
 * @insufficient_events: %TRUE when @n_events < %FL_MIN_TEST_EVENTS
 *
 * Event-level metrics of one test block.
 */
typedef struct
{
  guint    n_events;
  guint    n_detected;
  double   event_recall;
  double   lead_time_median_s;
  double   lead_time_mean_s;
  guint    n_alarm_runs;
  guint    n_false_alarm_runs;
  double   span_days;
  double   false_alarms_per_day;
  gboolean insufficient_events;
} FlEventMetrics;

gboolean fl_event_params_check            (const FlEventParams *params,
                                           GError             **error);
gboolean fl_event_metrics_compute_alarms  (const guint8        *y_true,
                                           const guint8        *alarms,
                                           const double        *times,
                                           gsize                n,
                                           const FlEventParams *params,
                                           FlEventMetrics      *out,
                                           GError             **error);
gboolean fl_event_metrics_compute         (const guint8        *y_true,
                                           const float         *score,
                                           const double        *times,
                                           gsize                n,
                                           double               threshold,
                                           const FlEventParams *params,
                                           FlEventMetrics      *out,
                                           GError             **error);
void     fl_event_metrics_to_json         (const FlEventMetrics *metrics,
                                           JsonBuilder          *builder);

G_END_DECLS
