/* test-threshold.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fl-error.h"
#include "fl-threshold.h"

/* Worked by hand (n = 8, 4 positives); a row is positive when
 * score ≥ t. Candidates: the 8 scores, 0.5 and 1.0.
 *
 *   t      tp fp fn   F1     F2     fp+5fn  fp+2fn
 *   1.0     0  0  4  0      0       20       8
 *   0.9     1  0  3  0.400  0.294   15       6
 *   0.8     1  1  3  0.333  0.278   16       7
 *   0.7     2  1  2  0.571  0.526   11       5
 *   0.6     3  1  1  0.750  0.750    6       3
 *   0.55    3  2  1  0.667  0.714    7       4
 *   0.5     3  2  1  0.667  0.714    7       4
 *   0.4     3  3  1  0.600  0.682    8       5
 *   0.3     4  3  0  0.727  0.870    3       3
 *   0.2     4  4  0  0.667  0.833    4       4
 */
static const guint8 y8[] = { 1, 0, 1, 1, 0, 0, 1, 0 };
static const float s8[] = { 0.9f, 0.8f, 0.7f, 0.6f, 0.55f, 0.4f, 0.3f, 0.2f };

static void
test_max_f1 (void)
{
  FlThresholdParams p = { .rule = FL_THRESHOLD_MAX_F1 };
  FlThresholdChoice c;
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (c.threshold, ==, (double) 0.6f);
  g_assert_cmpfloat_with_epsilon (c.objective, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.metrics.f1, 0.75, 1e-12);
  g_assert_cmpuint (c.metrics.cm.tp, ==, 3);
  g_assert_cmpuint (c.metrics.cm.fp, ==, 1);
  g_assert_cmpuint (c.n_candidates, ==, 10);
  g_assert_true (c.budget_met);
  g_assert_true (isnan (c.false_alarms_per_day));
}

static void
test_max_fbeta (void)
{
  FlThresholdParams p = { .rule = FL_THRESHOLD_MAX_FBETA, .beta = 2.0 };
  FlThresholdChoice c;
  FlConfusionMatrix cm = { .tp = 3, .fp = 1, .fn = 1, .tn = 3 };

  g_assert_true (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, (double) 0.3f);
  g_assert_cmpfloat_with_epsilon (c.objective, 20.0 / 23.0, 1e-12);
  /* β = 1 is F1; β = 0.5 by hand: 1.25·3 / (1.25·3 + 0.25 + 1). */
  g_assert_cmpfloat_with_epsilon (fl_fbeta (&cm, 1.0), fl_f1 (&cm), 1e-15);
  g_assert_cmpfloat_with_epsilon (fl_fbeta (&cm, 0.5), 3.75 / 5.0, 1e-15);
  p.beta = 1.0;
  g_assert_true (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, (double) 0.6f);
}

static void
test_min_cost (void)
{
  FlThresholdParams p = { .rule = FL_THRESHOLD_MIN_COST, .cost_fp = 1.0, .cost_fn = 5.0 };
  FlThresholdChoice c;

  g_assert_true (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, (double) 0.3f);
  g_assert_cmpfloat_with_epsilon (c.objective, 3.0 / 8.0, 1e-12);

  /* 1 : 2 ties 0.6 and 0.3 at cost 3: the higher threshold wins. */
  p.cost_fn = 2.0;
  g_assert_true (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, (double) 0.6f);
  g_assert_cmpfloat_with_epsilon (c.objective, 3.0 / 8.0, 1e-12);

  /* Only false positives cost: alarm never (t = 1.0 has no alarm). */
  p.cost_fn = 0.0;
  g_assert_true (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, 1.0);
  g_assert_cmpfloat (c.objective, ==, 0.0);
}

/* 10 one-minute buckets (span 600 s = 1/144 day, so one false alarm run is
 * 144 per day). Events: rows 2–3 and row 8. False-alarm runs are alarm
 * rows outside the events:
 *
 *   t     alarms outside events     runs  FA/day  recall
 *   1.0   –                         0     0       0
 *   0.9   –                         0     0       1/3
 *   0.8   6                         1     144     1/3
 *   0.7   0, 6                      2     288     1/3
 *   0.6   0, 6                      2     288     2/3
 *   0.5   0, 6                      2     288     2/3
 *   0.3   0, 6                      2     288     1
 *   0.2   0, 4, 6                   3     432     1
 *   0.1   0–1, 4–7, 9               3     432     1
 */
static const guint8 y10[] = { 0, 0, 1, 1, 0, 0, 0, 0, 1, 0 };
static const float s10[] = { 0.7f, 0.1f, 0.6f, 0.9f, 0.2f, 0.1f, 0.8f, 0.1f, 0.3f, 0.1f };

static void
test_alarm_budget (void)
{
  FlThresholdParams p = { .rule = FL_THRESHOLD_ALARM_BUDGET,
                          .events = { .bucket_s = 60.0 } };
  double times[10];
  FlThresholdChoice c;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 10; i++)
    times[i] = 1.7e9 + 60.0 * i;

  p.max_false_alarms_per_day = 0.0;
  g_assert_true (fl_threshold_choose (&p, y10, s10, times, 10, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (c.threshold, ==, (double) 0.9f);
  g_assert_cmpfloat_with_epsilon (c.objective, 1.0 / 3.0, 1e-12);
  g_assert_cmpfloat (c.false_alarms_per_day, ==, 0.0);
  g_assert_true (c.budget_met);

  /* 150 per day allows one run: recall stays 1/3, and 0.9 beats 0.8. */
  p.max_false_alarms_per_day = 150.0;
  g_assert_true (fl_threshold_choose (&p, y10, s10, times, 10, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, (double) 0.9f);

  /* 300 per day: recall 1 at 0.3 (the highest of the thresholds with
   * recall 1 within the budget). */
  p.max_false_alarms_per_day = 300.0;
  g_assert_true (fl_threshold_choose (&p, y10, s10, times, 10, &c, NULL));
  g_assert_cmpfloat (c.threshold, ==, (double) 0.3f);
  g_assert_cmpfloat_with_epsilon (c.objective, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.false_alarms_per_day, 288.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.metrics.recall, 1.0, 1e-12);

  /* A lead window of 60 s puts rows 1 and 7 inside the events' windows. */
  p.events.lead_window_s = 60.0;
  p.max_false_alarms_per_day = 450.0;
  g_assert_true (fl_threshold_choose (&p, y10, s10, times, 10, &c, NULL));
  /* At 0.1 the alarm rows outside the windows are now 0, 4–6 and 9: 3 runs
   * = 432 ≤ 450 with recall 1, but 0.3 (288) also has recall 1 and is the
   * higher threshold. */
  g_assert_cmpfloat (c.threshold, ==, (double) 0.3f);
}

static void
test_budget_unmet (void)
{
  static const float s[] = { 1.0f, 0.1f, 0.6f, 0.9f, 0.2f, 0.1f, 1.0f, 0.1f, 0.3f, 0.1f };
  FlThresholdParams p = { .rule = FL_THRESHOLD_ALARM_BUDGET,
                          .events = { .bucket_s = 60.0 },
                          .max_false_alarms_per_day = 0.0 };
  double times[10];
  FlThresholdChoice c;

  for (int i = 0; i < 10; i++)
    times[i] = 60.0 * i;
  g_assert_true (fl_threshold_choose (&p, y10, s, times, 10, &c, NULL));
  g_assert_false (c.budget_met);
  g_assert_cmpfloat (c.threshold, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (c.false_alarms_per_day, 288.0, 1e-9);
}

static void
test_errors (void)
{
  FlThresholdParams p = { .rule = FL_THRESHOLD_MAX_FBETA, .beta = 0.0 };
  FlThresholdChoice c;
  g_autoptr(GError) error = NULL;
  float bad[] = { 0.1f, NAN };
  guint8 y[] = { 0, 1 };
  double t_back[] = { 60.0, 0.0 };
  FlThresholdRule r;

  g_assert_false (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  p.rule = FL_THRESHOLD_MIN_COST;
  p.cost_fp = p.cost_fn = 0.0;
  g_assert_false (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  p.rule = FL_THRESHOLD_ALARM_BUDGET;
  p.events.bucket_s = 60.0;
  g_assert_false (fl_threshold_choose (&p, y8, s8, NULL, 8, &c, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_threshold_choose (&p, y, s8, t_back, 2, &c, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  p.rule = FL_THRESHOLD_MAX_F1;
  g_assert_false (fl_threshold_choose (&p, y, bad, NULL, 2, &c, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_threshold_choose (&p, y, bad, NULL, 0, &c, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);

  g_assert_true (fl_threshold_rule_from_string ("alarm-budget", &r));
  g_assert_cmpint (r, ==, FL_THRESHOLD_ALARM_BUDGET);
  g_assert_cmpstr (fl_threshold_rule_to_string (FL_THRESHOLD_MAX_FBETA), ==, "max-fbeta");
  g_assert_false (fl_threshold_rule_from_string ("best", &r));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/threshold/max-f1", test_max_f1);
  g_test_add_func ("/threshold/max-fbeta", test_max_fbeta);
  g_test_add_func ("/threshold/min-cost", test_min_cost);
  g_test_add_func ("/threshold/alarm-budget", test_alarm_budget);
  g_test_add_func ("/threshold/budget-unmet", test_budget_unmet);
  g_test_add_func ("/threshold/errors", test_errors);

  return g_test_run ();
}
