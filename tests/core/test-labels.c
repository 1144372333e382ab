/* test-labels.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-expr.h"
#include "fl-labels.h"
#include "fl-recipes.h"
#include "fl-sample.h"
#include "fl-table.h"

static const char * const kpi_cols[] = { "latency_ms", "throughput_mbps", "signal_dbm" };

static void
test_expr_eval (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlExpr) e = NULL;
  g_auto(GStrv) used = NULL;
  g_autofree char *text = NULL;
  const double rows[][3] = {
    { 250, 0.5, -90 },     /* first clause */
    { 250, 5, -90 },       /* neither */
    { 100, 0.5, -101 },    /* second clause */
    { NAN, 0.5, -101 },    /* unknown || true = true */
    { NAN, 0.5, -90 },     /* unknown || false = unknown */
    { 150, NAN, -90 },     /* false && unknown = false → false || false */
  };
  const double want[] = { 1, 0, 1, 1, NAN, 0 };

  e = fl_expr_parse ("(latency_ms > 200 && throughput_mbps < 1) || signal_dbm < -100",
                     kpi_cols, 3, &error);
  g_assert_no_error (error);
  g_assert_true (fl_expr_is_boolean (e));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      double v = fl_expr_eval (e, rows[i]);

      if (isnan (want[i]))
        g_assert_true (isnan (v));
      else
        g_assert_cmpfloat (v, ==, want[i]);
    }
  used = fl_expr_get_columns (e);
  g_assert_cmpuint (g_strv_length (used), ==, 3);
  g_assert_cmpstr (used[0], ==, "latency_ms");

  text = fl_expr_to_string (e);
  {
    g_autoptr(FlExpr) again = fl_expr_parse (text, kpi_cols, 3, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (want); i++)
      {
        double a = fl_expr_eval (e, rows[i]), b = fl_expr_eval (again, rows[i]);

        g_assert_true ((isnan (a) && isnan (b)) || a == b);
      }
  }
}

static void
test_expr_arith (void)
{
  g_autoptr(FlExpr) e = NULL;
  const double row[] = { 10, 4, -2 };

  e = fl_expr_parse ("latency_ms - 2 * throughput_mbps / -signal_dbm >= 6", kpi_cols, 3, NULL);
  g_assert_nonnull (e);
  /* 10 - 2*4/2 = 6 */
  g_assert_cmpfloat (fl_expr_eval (e, row), ==, 1);
  fl_expr_free (e);
  e = fl_expr_parse ("!(latency_ms != 10)", kpi_cols, 3, NULL);
  g_assert_cmpfloat (fl_expr_eval (e, row), ==, 1);
  g_clear_pointer (&e, fl_expr_free);
  e = fl_expr_parse ("`latency_ms` / 0 > 1", kpi_cols, 3, NULL);
  g_assert_true (isnan (fl_expr_eval (e, row)));
}

static void
test_expr_errors (void)
{
  const char *bad[] = {
    "latency_ms >", "(latency_ms > 1", "latency > 1", "latency_ms > 1 )", "", "1 >> 2",
    "`latency_ms > 1", "latency_ms > 1e999",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlExpr) e = fl_expr_parse (bad[i], kpi_cols, 3, &error);

      g_assert_null (e);
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    }
}

/* A 60 s series: one reply per minute, level 10 ms with a spike to 50 ms at
 * minute 20, a lost packet at minute 25, a change point at minute 30. */
static FlSeriesData *
make_series (void)
{
  FlSeriesData *d = g_new0 (FlSeriesData, 1);

  d->n = 40;
  d->ts_s = g_new (double, d->n);
  d->rtt_ms = g_new (double, d->n);
  d->flags = g_new0 (guint32, d->n);
  for (gsize i = 0; i < d->n; i++)
    {
      d->ts_s[i] = 600 + 60.0 * i + 7;
      d->rtt_ms[i] = 10 + (i % 2) * 0.5;
    }
  d->rtt_ms[20] = 50;
  d->rtt_ms[25] = NAN;
  d->flags[25] = FL_SAMPLE_LOST;
  d->flags[30] = FL_SAMPLE_CHANGEPOINT;
  return d;
}

static void
test_rtt_table (void)
{
  g_autoptr(FlSeriesData) d = make_series ();
  g_autoptr(FlTable) t = NULL;
  g_autoptr(GError) error = NULL;

  t = fl_table_from_rtt_series (d, 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_rows, ==, 40);
  g_assert_cmpfloat (t->ts_s[0], ==, 600);
  g_assert_cmpfloat (fl_table_get (t, 20, FL_RTT_COL_MEAN), ==, 50);
  g_assert_true (isnan (fl_table_get (t, 25, FL_RTT_COL_MEAN)));
  g_assert_cmpfloat (fl_table_get (t, 25, FL_RTT_COL_LOSS_PCT), ==, 100);
  g_assert_cmpfloat (fl_table_get (t, 24, FL_RTT_COL_LOSS_PCT), ==, 0);
  /* bucket 26 ends at 600 + 27·60; the last reply was at 600 + 26·60 + 7 */
  g_assert_cmpfloat (fl_table_get (t, 26, FL_RTT_COL_LAST_REPLY_AGE), ==, 53);
  /* one reply at 25 ago: bucket 25 ends 60 s after it was due, last reply at 24 */
  g_assert_cmpfloat (fl_table_get (t, 25, FL_RTT_COL_LAST_REPLY_AGE), ==, 113);
  g_assert_cmpfloat (fl_table_get (t, 30, FL_RTT_COL_CHANGEPOINT), ==, 1);
  g_assert_true (isnan (fl_table_get (t, 3, FL_RTT_COL_STD)));
}

static void
test_labels_zscore (void)
{
  g_autoptr(FlSeriesData) d = make_series ();
  g_autoptr(FlTable) t = fl_table_from_rtt_series (d, 60, NULL);
  g_autoptr(FlLabels) l = NULL;
  g_autoptr(GError) error = NULL;
  FlLabelSpec spec;

  fl_label_spec_init_default (&spec);
  spec.window_rows = 10;
  spec.k_sigma = 3;
  spec.horizon = 2;
  l = fl_labels_compute (t, &spec, &error);
  g_assert_no_error (error);

  /* warm-up: the first 10 minutes have no full window */
  for (gsize i = 0; i < 10; i++)
    g_assert_cmpint (l->label[i], ==, -1);
  g_assert_cmpint (l->label[10], ==, 0);
  g_assert_cmpint (l->label[20], ==, 1);
  g_assert_cmpint (l->label[21], ==, 0);
  g_assert_cmpint (l->label[25], ==, -1);      /* nothing came back */
  g_assert_cmpuint (l->n_events, ==, 1);
  g_assert_cmpuint (l->n_positive, ==, 1);
  g_assert_cmpfloat (l->rule_score[20], >, 0);
  g_assert_cmpfloat (l->rule_score[19], <, 0);
  /* target within 2 steps: rows 18 and 19 see the spike, 20 does not */
  g_assert_cmpint (l->target[17], ==, 0);
  g_assert_cmpint (l->target[18], ==, 1);
  g_assert_cmpint (l->target[19], ==, 1);
  g_assert_cmpint (l->target[20], ==, 0);
  g_assert_cmpint (l->target[39], ==, -1);
  g_assert_cmpstr (l->inputs[0], ==, "rtt_mean_ms");

  /* exactly 2 steps ahead */
  spec.target = FL_TARGET_AT;
  g_clear_pointer (&l, fl_labels_free);
  l = fl_labels_compute (t, &spec, NULL);
  g_assert_cmpint (l->target[17], ==, 0);
  g_assert_cmpint (l->target[18], ==, 1);
  g_assert_cmpint (l->target[19], ==, 0);
  g_assert_cmpint (l->target[23], ==, -1);     /* row 25 is undefined */
  fl_label_spec_clear (&spec);
}

static void
test_labels_other_kinds (void)
{
  g_autoptr(FlSeriesData) d = make_series ();
  g_autoptr(FlTable) t = fl_table_from_rtt_series (d, 60, NULL);
  g_autoptr(GError) error = NULL;
  FlLabelSpec spec;

  fl_label_spec_init_default (&spec);
  spec.horizon = 0;

  spec.kind = FL_LABEL_LOSS;
  spec.loss_pct = 50;
  {
    g_autoptr(FlLabels) l = fl_labels_compute (t, &spec, &error);

    g_assert_no_error (error);
    g_assert_cmpint (l->label[25], ==, 1);
    g_assert_cmpint (l->target[25], ==, 1);
    g_assert_cmpuint (l->n_positive, ==, 1);
  }

  spec.kind = FL_LABEL_CHANGEPOINT;
  spec.tolerance_rows = 1;
  {
    g_autoptr(FlLabels) l = fl_labels_compute (t, &spec, &error);

    g_assert_no_error (error);
    g_assert_cmpint (l->label[28], ==, 0);
    g_assert_cmpint (l->label[29], ==, 1);
    g_assert_cmpint (l->label[30], ==, 1);
    g_assert_cmpint (l->label[31], ==, 1);
    g_assert_cmpint (l->label[32], ==, 0);
    g_assert_cmpuint (l->n_events, ==, 1);
  }

  spec.kind = FL_LABEL_RULE;
  spec.expression = g_strdup ("rtt_max_ms > 40 || loss_pct >= 100");
  {
    g_autoptr(FlLabels) l = fl_labels_compute (t, &spec, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (l->n_positive, ==, 2);
    g_assert_cmpuint (l->n_events, ==, 2);
    g_assert_cmpuint (g_strv_length (l->inputs), ==, 2);
  }
  g_free (spec.expression);
  spec.expression = g_strdup ("rtt_max_ms + 1");
  g_assert_null (fl_labels_compute (t, &spec, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  spec.kind = FL_LABEL_COLUMN;
  g_free (spec.column);
  spec.column = g_strdup ("no_such_column");
  g_assert_null (fl_labels_compute (t, &spec, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  fl_label_spec_clear (&spec);
}

static void
test_recipes (void)
{
  g_autoptr(FlSeriesData) d = make_series ();
  g_autoptr(FlTable) t = fl_table_from_rtt_series (d, 60, NULL);
  g_autoptr(GPtrArray) names = NULL;
  g_autofree double *X = NULL;
  g_autoptr(GError) error = NULL;
  FlRecipeSpec spec;
  gssize c_mean = -1, c_bm = -1, c_ch = -1, c_loss = -1, c_age = -1;
  gsize dd;

  fl_recipe_spec_init_default (&spec);
  spec.window_rows = 10;
  spec.lag_rows = 2;
  g_assert_true (fl_recipes_compute (t, &spec, NULL, &names, &X, &error));
  g_assert_no_error (error);
  dd = names->len;
  for (guint f = 0; f < names->len; f++)
    {
      const char *n = g_ptr_array_index (names, f);

      if (g_str_equal (n, "rtt_mean_ms"))
        c_mean = f;
      else if (g_str_equal (n, "rtt_mean_ms_mean_10"))
        c_bm = f;
      else if (g_str_equal (n, "rtt_mean_ms_change_2"))
        c_ch = f;
      else if (g_str_equal (n, "loss_pct"))
        c_loss = f;
      else if (g_str_equal (n, "last_reply_age_s"))
        c_age = f;
    }
  g_assert_cmpint (c_mean, >=, 0);
  g_assert_cmpint (c_bm, >=, 0);
  g_assert_cmpint (c_ch, >=, 0);
  g_assert_cmpint (c_loss, >=, 0);
  g_assert_cmpint (c_age, >=, 0);

  g_assert_cmpfloat (X[20 * dd + c_mean], ==, 50);
  /* the past 10 minutes before the spike average 10.25 ms */
  g_assert_cmpfloat_with_epsilon (X[20 * dd + c_bm], 10.25, 1e-12);
  /* the spike is in the baseline of the next row */
  g_assert_cmpfloat (X[21 * dd + c_bm], >, 13);
  g_assert_cmpfloat (X[20 * dd + c_ch], ==, 50 - 10);
  g_assert_true (isnan (X[0 * dd + c_ch]));
  g_assert_cmpfloat (X[25 * dd + c_loss], ==, 100);

  /* changing everything after row 30 changes no feature at or before it */
  {
    g_autoptr(FlSeriesData) d2 = make_series ();
    g_autoptr(FlTable) t2 = NULL;
    g_autoptr(GPtrArray) names2 = NULL;
    g_autofree double *X2 = NULL;

    for (gsize i = 31; i < d2->n; i++)
      d2->rtt_ms[i] = 900 + i;
    t2 = fl_table_from_rtt_series (d2, 60, NULL);
    g_assert_true (fl_recipes_compute (t2, &spec, NULL, &names2, &X2, NULL));
    for (gsize i = 0; i <= 30; i++)
      for (gsize f = 0; f < dd; f++)
        {
          double a = X[i * dd + f], b = X2[i * dd + f];

          g_assert_true ((isnan (a) && isnan (b)) || a == b);
        }
  }
  fl_recipe_spec_clear (&spec);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/labels/expr/eval", test_expr_eval);
  g_test_add_func ("/labels/expr/arith", test_expr_arith);
  g_test_add_func ("/labels/expr/errors", test_expr_errors);
  g_test_add_func ("/labels/table/rtt", test_rtt_table);
  g_test_add_func ("/labels/zscore", test_labels_zscore);
  g_test_add_func ("/labels/other-kinds", test_labels_other_kinds);
  g_test_add_func ("/labels/recipes", test_recipes);
  return g_test_run ();
}
