/* test-tuning.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-tuning.h"
#include "fl-xgb.h"

/* A one-minute time series of 3 features in [0, 1]; the target is an XOR
 * of the first two (thresholded at 0.5) gated by the third: about 20 %
 * positives. Boosted stumps (depth 1) are additive in the features and
 * cannot represent the XOR; depth-4 trees can. */
typedef struct
{
  gsize   n;
  double *X;
  guint8 *y;
  double *ts;
} Series;

static void
series_free (Series *s)
{
  g_free (s->X);
  g_free (s->y);
  g_free (s->ts);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Series, series_free)

static Series *
make_series (gsize   n,
             double  gate,
             guint32 seed)
{
  Series *s = g_new0 (Series, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  s->n = n;
  s->X = g_new (double, n * 3);
  s->y = g_new (guint8, n);
  s->ts = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      double *x = s->X + i * 3;

      for (int j = 0; j < 3; j++)
        x[j] = g_rand_double (rand);
      s->y[i] = ((x[0] > 0.5) != (x[1] > 0.5)) && x[2] > gate;
      s->ts[i] = 1.7e9 + 60.0 * (double) i;
    }
  return s;
}

static void
base_params (FlTuningParams *p)
{
  fl_tuning_params_init_default (p, FL_MODEL_XGBOOST);
  p->base.nthread = 1;
  p->base.n_rounds = 20;
  p->base.eta = 0.3;
  p->inner.n_folds = 3;
  p->inner.purge_s = 300.0;
  p->grid.max_depth[0] = 1;
  p->grid.max_depth[1] = 4;
  p->grid.n_max_depth = 2;
  p->grid.scale_pos_weight[0] = 1.0;
  p->grid.scale_pos_weight[1] = 2.0;
  p->grid.n_scale_pos_weight = 2;
}

static void
test_grid_best (void)
{
  g_autoptr(Series) s = make_series (800, 0.6, 1);
  g_autoptr(FlTuningResult) r = NULL;
  g_autoptr(GError) error = NULL;
  FlTuningParams p;

  base_params (&p);
  g_assert_cmpuint (fl_tuning_n_points (&p), ==, 4);
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->n_points, ==, 4);
  g_assert_cmpuint (r->n_folds, ==, 3);

  /* Every point is recorded with a score on every fold. Order: depth
   * slower than the positive weight. */
  for (gsize i = 0; i < 4; i++)
    {
      FlTuningPoint *pt = &r->points[i];
      double sum = 0.0;

      g_test_message ("depth %u spw %g: %.3f %.3f %.3f mean %.3f", pt->params.max_depth,
                      pt->params.scale_pos_weight, pt->fold_scores[0], pt->fold_scores[1],
                      pt->fold_scores[2], pt->mean_score);
      g_assert_cmpuint (pt->params.max_depth, ==, i < 2 ? 1 : 4);
      g_assert_cmpfloat (pt->params.scale_pos_weight, ==, i % 2 == 0 ? 1.0 : 2.0);
      g_assert_cmpuint (pt->params.n_rounds, ==, 20);
      g_assert_cmpuint (pt->n_folds, ==, 3);
      for (guint f = 0; f < 3; f++)
        {
          g_assert_true (isfinite (pt->fold_scores[f]));
          sum += pt->fold_scores[f];
        }
      g_assert_cmpfloat_with_epsilon (pt->mean_score, sum / 3.0, 1e-12);
      if (pt->params.max_depth == 1)
        g_assert_cmpfloat (pt->mean_score, <, 0.6);
      else
        g_assert_cmpfloat (pt->mean_score, >, 0.85);
    }
  g_assert_cmpuint (r->points[r->best].params.max_depth, ==, 4);
  for (gsize i = 0; i < 4; i++)
    g_assert_cmpfloat (r->points[r->best].mean_score, >=, r->points[i].mean_score);

  /* Expanding folds: 4 blocks of 200 rows; the 4 rows less than 300 s
   * before each validation block are purged. */
  g_assert_cmpuint (r->fold_valid_rows[0], ==, 200);
  g_assert_cmpuint (r->fold_train_rows[0], ==, 196);
  g_assert_cmpuint (r->fold_train_rows[2], ==, 596);
  g_assert_cmpuint (r->n_valid_positives, >=, FL_TUNING_MIN_POSITIVES);
  g_assert_null (r->warning);
}

static void
test_determinism (void)
{
  g_autoptr(Series) s = make_series (600, 0.6, 2);
  g_autoptr(FlTuningResult) a = NULL;
  g_autoptr(FlTuningResult) b = NULL;
  FlTuningParams p;

  base_params (&p);
  p.base.subsample = 0.8; /* randomness inside XGBoost, fixed by its seed */
  p.sampler.kind = FL_SAMPLER_SMOTE;
  p.sampler.k_neighbors = 3;
  p.sampler.seed = 42;
  a = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
  b = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  for (gsize i = 0; i < a->n_points; i++)
    for (guint f = 0; f < a->n_folds; f++)
      g_assert_cmpfloat (a->points[i].fold_scores[f], ==, b->points[i].fold_scores[f]);
  g_assert_cmpuint (a->best, ==, b->best);

  /* Parallel fits (2 workers, one XGBoost thread each) give the same
   * scores as the serial run. */
  {
    g_autoptr(FlTuningResult) c = NULL;

    p.base.nthread = 2;
    c = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
    g_assert_nonnull (c);
    for (gsize i = 0; i < a->n_points; i++)
      {
        g_assert_cmpuint (c->points[i].params.nthread, ==, 2);
        for (guint f = 0; f < a->n_folds; f++)
          g_assert_cmpfloat (a->points[i].fold_scores[f], ==, c->points[i].fold_scores[f]);
        g_assert_cmpfloat (a->points[i].mean_score, ==, c->points[i].mean_score);
      }
  }
  /* The sampler does not change the recorded (pre-resampling) fold sizes. */
  g_assert_cmpuint (a->fold_train_rows[0], ==, 146);
}

static void
test_f1_metric (void)
{
  g_autoptr(Series) s = make_series (600, 0.6, 3);
  g_autoptr(FlTuningResult) r = NULL;
  FlTuningParams p;

  base_params (&p);
  p.metric = FL_TUNING_F1;
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->points[r->best].params.max_depth, ==, 4);
  for (gsize i = 0; i < r->n_points; i++)
    for (guint f = 0; f < r->n_folds; f++)
      {
        g_assert_cmpfloat (r->points[i].fold_scores[f], >=, 0.0);
        g_assert_cmpfloat (r->points[i].fold_scores[f], <=, 1.0);
      }
}

static void
test_random_search (void)
{
  g_autoptr(Series) s = make_series (500, 0.6, 4);
  g_autoptr(FlTuningResult) a = NULL;
  g_autoptr(FlTuningResult) b = NULL;
  g_autoptr(FlTuningResult) c = NULL;
  FlTuningParams p;
  gboolean differ = FALSE;

  base_params (&p);
  p.search = FL_TUNING_RANDOM;
  p.random.n_rounds_min = 5;
  p.random.n_rounds_max = 30;
  p.random.eta_min = 0.05;
  p.random.eta_max = 0.5;
  p.random.max_depth_min = 1;
  p.random.max_depth_max = 5;
  p.random.n_draws = 5;
  p.random.seed = 9;
  g_assert_cmpuint (fl_tuning_n_points (&p), ==, 5);
  a = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
  b = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
  g_assert_nonnull (a);
  g_assert_cmpuint (a->n_points, ==, 5);
  for (gsize i = 0; i < 5; i++)
    {
      FlModelParams *m = &a->points[i].params;

      g_assert_cmpuint (m->n_rounds, >=, 5);
      g_assert_cmpuint (m->n_rounds, <=, 30);
      g_assert_cmpfloat (m->eta, >=, 0.05);
      g_assert_cmpfloat (m->eta, <=, 0.5);
      g_assert_cmpuint (m->max_depth, >=, 1);
      g_assert_cmpuint (m->max_depth, <=, 5);
      g_assert_cmpfloat (m->scale_pos_weight, ==, 1.0); /* range 0: base value */
      g_assert_cmpuint (m->n_rounds, ==, b->points[i].params.n_rounds);
      g_assert_cmpfloat (m->eta, ==, b->points[i].params.eta);
      g_assert_cmpfloat (a->points[i].mean_score, ==, b->points[i].mean_score);
    }
  p.random.seed = 10;
  c = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, NULL);
  for (gsize i = 0; i < 5; i++)
    differ |= c->points[i].params.eta != a->points[i].params.eta;
  g_assert_true (differ);
}

static void
test_selection_bias_warning (void)
{
  /* Gate 0.985: about 0.8 % positives, a handful per validation block. */
  g_autoptr(Series) s = make_series (800, 0.985, 5);
  g_autoptr(FlTuningResult) r = NULL;
  g_autoptr(GError) error = NULL;
  FlTuningParams p;
  gsize pos = 0;

  base_params (&p);
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint f = 0; f < r->n_folds; f++)
    pos += r->fold_valid_positives[f];
  g_test_message ("validation positives %" G_GSIZE_FORMAT ", usable %" G_GSIZE_FORMAT
                  ", warning: %s", pos, r->n_valid_positives, r->warning);
  g_assert_cmpuint (r->n_valid_positives, <, FL_TUNING_MIN_POSITIVES);
  g_assert_nonnull (r->warning);
  g_assert_nonnull (strstr (r->warning, "selection bias"));
}

static void
cancel_after_first (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  GCancellable *c = user_data;
  guint *calls = g_object_get_data (G_OBJECT (c), "calls");

  g_assert_cmpfloat (fraction, >, 0.0);
  g_assert_nonnull (message);
  (*calls)++;
  g_cancellable_cancel (c);
}

static void
test_cancel (void)
{
  g_autoptr(Series) s = make_series (500, 0.6, 6);
  g_autoptr(GCancellable) c = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  FlTuningResult *r;
  FlTuningParams p;
  guint calls = 0;

  base_params (&p);
  g_object_set_data (G_OBJECT (c), "calls", &calls);
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, cancel_after_first, c, c, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (calls, ==, 1);

  /* In parallel: the fit already running on the other worker may still
   * finish, nothing after it starts. */
  calls = 0;
  p.base.nthread = 2;
  g_cancellable_reset (c);
  g_clear_error (&error);
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, cancel_after_first, c, c, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (calls, >=, 1);
  g_assert_cmpuint (calls, <=, 2);
}

static void
test_errors (void)
{
  g_autoptr(Series) s = make_series (300, 0.6, 7);
  g_autoptr(GError) error = NULL;
  FlTuningResult *r;
  FlTuningParams p;

  /* No positive at all: no usable fold. */
  for (gsize i = 0; i < s->n; i++)
    s->y[i] = 0;
  base_params (&p);
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);

  base_params (&p);
  p.grid.eta[0] = -1.0;
  p.grid.n_eta = 1;
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  base_params (&p);
  p.search = FL_TUNING_RANDOM;
  p.random.n_draws = 0;
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  fl_tuning_params_init_default (&p, FL_MODEL_PERSISTENCE);
  r = fl_tuning_run (&p, s->X, s->y, s->ts, s->n, 3, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

/* The build option llvm_openmp decides which OpenMP runtime serves
 * XGBoost's parallel regions (meson.build): the executable's own link to
 * libomp must come before libxgboost's to libgomp. */
static void
test_openmp_runtime (void)
{
#if FL_LLVM_OPENMP
  g_assert_cmpstr (fl_xgb_openmp_runtime (), ==, "libomp.so.5");
#else
  g_assert_cmpstr (fl_xgb_openmp_runtime (), ==, "libgomp.so.1");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tuning/grid-best", test_grid_best);
  g_test_add_func ("/tuning/determinism", test_determinism);
  g_test_add_func ("/tuning/f1", test_f1_metric);
  g_test_add_func ("/tuning/random-search", test_random_search);
  g_test_add_func ("/tuning/selection-bias-warning", test_selection_bias_warning);
  g_test_add_func ("/tuning/cancel", test_cancel);
  g_test_add_func ("/tuning/errors", test_errors);
  g_test_add_func ("/tuning/openmp-runtime", test_openmp_runtime);

  return g_test_run ();
}
