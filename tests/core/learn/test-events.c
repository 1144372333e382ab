/* test-events.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-curves.h"
#include "fl-error.h"
#include "fl-events.h"

/* A hand-made block of 15 one-minute buckets with a 6-minute hole before
 * row 10:
 *
 *   row    0  1  2   3   4   5   6   7   8   9  10  11   12   13   14
 *   t/s    0 60 120 180 240 300 360 420 480 540 900 960 1020 1080 1140
 *   y      0  0  1   1   0   0   0   1   0   1   1   0    0    1    1
 *   alarm  0  1  0   0   1   1   0   0   1   0   0   1    0    1    0
 *
 * With max gap 60 s the events are rows {2,3} (E1), {7} (E2), {9} (E3),
 * {10} (E4, the hole splits it from E3) and {13,14} (E5): 5 events.
 * Alarm runs: {1}, {4,5}, {8}, {11}, {13}: 5 runs. */
static const double times[] = { 0, 60, 120, 180, 240, 300, 360, 420, 480, 540,
                                 900, 960, 1020, 1080, 1140 };
static const guint8 y[] = { 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1 };
static const guint8 alarms[] = { 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0 };
#define N G_N_ELEMENTS (times)

static void
assert_close (double got,
              double want)
{
  if (!(fabs (got - want) <= 1e-12 * MAX (1.0, fabs (want))))
    g_error ("got %.17g, want %.17g", got, want);
}

static void
test_hand_lead_60 (void)
{
  FlEventParams params = { .bucket_s = 60, .lead_window_s = 60 };
  g_autoptr(GError) error = NULL;
  FlEventMetrics m;

  g_assert_true (fl_event_metrics_compute_alarms (y, alarms, times, N, &params, &m, &error));
  g_assert_no_error (error);
  /* Windows: E1 [60, 180] ← alarm at 60, lead 120 − 60 = 60 s;
   * E2 [360, 420] no alarm; E3 [480, 540] ← alarm at 480, lead 60 s;
   * E4 [840, 900] no alarm; E5 [1020, 1140] ← alarm at 1080, lead 0 s. */
  g_assert_cmpuint (m.n_events, ==, 5);
  g_assert_cmpuint (m.n_detected, ==, 3);
  assert_close (m.event_recall, 0.6);
  assert_close (m.lead_time_median_s, 60.0);
  assert_close (m.lead_time_mean_s, 40.0);
  /* Runs {4,5} (240–300 s) and {11} (960 s) touch no window. */
  g_assert_cmpuint (m.n_alarm_runs, ==, 5);
  g_assert_cmpuint (m.n_false_alarm_runs, ==, 2);
  /* Span (1140 + 60 − 0) s = 1200 s = 1/72 day → 144 false alarms/day. */
  assert_close (m.span_days, 1200.0 / 86400.0);
  assert_close (m.false_alarms_per_day, 144.0);
  g_assert_true (m.insufficient_events);
}

static void
test_hand_no_lead (void)
{
  FlEventParams params = { .bucket_s = 60, .lead_window_s = 0 };
  FlEventMetrics m;

  g_assert_true (fl_event_metrics_compute_alarms (y, alarms, times, N, &params, &m, NULL));
  /* Only E5 is hit inside the event (lead 0 s); runs {1}, {4,5}, {8} and
   * {11} are false. */
  g_assert_cmpuint (m.n_detected, ==, 1);
  assert_close (m.event_recall, 0.2);
  assert_close (m.lead_time_median_s, 0.0);
  g_assert_cmpuint (m.n_false_alarm_runs, ==, 4);
  assert_close (m.false_alarms_per_day, 4 * 72.0);
}

static void
test_hand_wide_gap (void)
{
  FlEventParams params = { .bucket_s = 60, .max_gap_s = 400, .lead_window_s = 60 };
  FlEventMetrics m;

  g_assert_true (fl_event_metrics_compute_alarms (y, alarms, times, N, &params, &m, NULL));
  /* Rows 9 and 10 are 360 s apart ≤ 400 s: E3 and E4 merge into one event
   * [540, 900], detected by the alarm at 480 s. 4 events, 3 detected. */
  g_assert_cmpuint (m.n_events, ==, 4);
  g_assert_cmpuint (m.n_detected, ==, 3);
  assert_close (m.event_recall, 0.75);
  g_assert_cmpuint (m.n_alarm_runs, ==, 5);
  g_assert_cmpuint (m.n_false_alarm_runs, ==, 2);
}

/* An alarm before the event but farther than the lead window does not
 * count; the late first alarm inside the event gives a negative lead. */
static void
test_late_detection (void)
{
  const double t[] = { 0, 10, 20, 30, 40, 50 };
  const guint8 yy[] = { 0, 0, 0, 1, 1, 1 };
  const guint8 aa[] = { 1, 0, 0, 0, 1, 1 };
  FlEventParams params = { .bucket_s = 10, .lead_window_s = 20 };
  FlEventMetrics m;

  g_assert_true (fl_event_metrics_compute_alarms (yy, aa, t, 6, &params, &m, NULL));
  g_assert_cmpuint (m.n_events, ==, 1);
  g_assert_cmpuint (m.n_detected, ==, 1);
  assert_close (m.lead_time_median_s, -10.0);
  g_assert_cmpuint (m.n_alarm_runs, ==, 2);
  g_assert_cmpuint (m.n_false_alarm_runs, ==, 1);
  assert_close (m.false_alarms_per_day, 1.0 / (60.0 / 86400.0));

  /* Lead window 30 s reaches the alarm at 0 s: lead 30 s, no false alarm. */
  params.lead_window_s = 30;
  g_assert_true (fl_event_metrics_compute_alarms (yy, aa, t, 6, &params, &m, NULL));
  assert_close (m.lead_time_median_s, 30.0);
  g_assert_cmpuint (m.n_false_alarm_runs, ==, 0);
}

static void
test_scores_and_sweep (void)
{
  /* Scores whose alarms at 0.5 are exactly alarms[]. */
  float score[N];
  FlEventParams params = { .bucket_s = 60, .lead_window_s = 60 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlThresholdSweep) sw = NULL;
  FlEventMetrics m;

  for (gsize i = 0; i < N; i++)
    score[i] = alarms[i] ? 0.5f + 0.03f * (float) i : 0.4f - 0.02f * (float) i;

  g_assert_true (fl_event_metrics_compute (y, score, times, N, 0.5, &params, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (m.n_detected, ==, 3);
  assert_close (m.false_alarms_per_day, 144.0);

  sw = fl_threshold_sweep (y, score, times, N, &params, &error);
  g_assert_no_error (error);
  assert_close (sw->false_alarms_per_day[50], 144.0);
  /* Threshold 0 alarms on every row: one run that overlaps events. */
  assert_close (sw->false_alarms_per_day[0], 0.0);
  /* Above every score: no alarm at all. */
  assert_close (sw->false_alarms_per_day[100], 0.0);

  g_assert_null (fl_threshold_sweep (y, score, times, N, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

static void
test_insufficient_flag (void)
{
  g_autofree double *t = g_new (double, 100);
  g_autofree guint8 *yy = g_new0 (guint8, 100);
  g_autofree guint8 *aa = g_new0 (guint8, 100);
  FlEventParams params = { .bucket_s = 1 };
  FlEventMetrics m;

  for (gsize i = 0; i < 100; i++)
    t[i] = (double) i;
  for (gsize i = 0; i < 100; i += 5)   /* 20 isolated events */
    yy[i] = 1;
  g_assert_true (fl_event_metrics_compute_alarms (yy, aa, t, 100, &params, &m, NULL));
  g_assert_cmpuint (m.n_events, ==, 20);
  g_assert_false (m.insufficient_events);
  g_assert_cmpuint (m.n_detected, ==, 0);
  assert_close (m.event_recall, 0.0);
  g_assert_true (isnan (m.lead_time_median_s));

  yy[95] = 0;
  g_assert_true (fl_event_metrics_compute_alarms (yy, aa, t, 100, &params, &m, NULL));
  g_assert_cmpuint (m.n_events, ==, 19);
  g_assert_true (m.insufficient_events);

  memset (yy, 0, 100);
  g_assert_true (fl_event_metrics_compute_alarms (yy, aa, t, 100, &params, &m, NULL));
  g_assert_cmpuint (m.n_events, ==, 0);
  g_assert_true (isnan (m.event_recall));
}

static void
test_errors_and_json (void)
{
  const double bad_t[] = { 0, 60, 60 };
  const guint8 yy[] = { 0, 1, 0 };
  FlEventParams params = { .bucket_s = 60 };
  FlEventParams zero = { .bucket_s = 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  FlEventMetrics m;

  g_assert_false (fl_event_metrics_compute_alarms (yy, yy, bad_t, 3, &params, &m, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_event_metrics_compute_alarms (yy, yy, times, 3, &zero, &m, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (fl_event_metrics_compute_alarms (NULL, NULL, NULL, 0, &params, &m, &error));
  g_assert_cmpuint (m.n_events, ==, 0);
  g_assert_true (isnan (m.false_alarms_per_day));

  json_builder_begin_object (b);
  fl_event_metrics_to_json (&m, b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  obj = json_node_get_object (root);
  g_assert_true (json_object_get_null_member (obj, "event_recall"));
  g_assert_true (json_object_get_null_member (obj, "false_alarms_per_day"));
  g_assert_true (json_object_get_boolean_member (obj, "insufficient_events"));
  g_assert_cmpint (json_object_get_int_member (obj, "n_events"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learn/events/hand-lead-60", test_hand_lead_60);
  g_test_add_func ("/learn/events/hand-no-lead", test_hand_no_lead);
  g_test_add_func ("/learn/events/hand-wide-gap", test_hand_wide_gap);
  g_test_add_func ("/learn/events/late-detection", test_late_detection);
  g_test_add_func ("/learn/events/scores-and-sweep", test_scores_and_sweep);
  g_test_add_func ("/learn/events/insufficient-flag", test_insufficient_flag);
  g_test_add_func ("/learn/events/errors-json", test_errors_and_json);

  return g_test_run ();
}
