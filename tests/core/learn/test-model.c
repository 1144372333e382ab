/* test-model.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl-error.h"
#include "fl-isolation-forest.h"
#include "fl-metrics.h"
#include "fl-model.h"
#include "fl-model-private.h"
#include "model-fixtures.h"

/* ------------------------------------------------------------------ */
/* Synthetic data                                                      */

typedef struct
{
  gsize   n;
  gsize   d;
  double *X;
  guint8 *y;
} Data;

static void
data_clear (Data *data)
{
  g_clear_pointer (&data->X, g_free);
  g_clear_pointer (&data->y, g_free);
}

/* y = 1 when x0 + x1 > 1 (x uniform in [0, 1)), flipped with probability
 * @flip; x2 is noise, x3 is constant; @nan_rate of the x2 cells are NaN. */
static void
data_make (Data    *data,
           gsize    n,
           double   flip,
           double   nan_rate,
           guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  data->n = n;
  data->d = 4;
  data->X = g_new (double, n * 4);
  data->y = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      double x0 = g_rand_double (rand), x1 = g_rand_double (rand);
      double noise = g_rand_double (rand);
      gboolean pos = x0 + x1 > 1.0;

      if (g_rand_double (rand) < flip)
        pos = !pos;
      data->X[i * 4 + 0] = x0;
      data->X[i * 4 + 1] = x1;
      data->X[i * 4 + 2] = g_rand_double (rand) < nan_rate ? NAN : noise;
      data->X[i * 4 + 3] = 7.0;
      data->y[i] = pos;
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Data, data_clear)

static const char * const feature_names[] = { "latency_ms", "jitter_ms", "noise", "constant",
                                               NULL };

static FlModelInput
input_of (const Data *data)
{
  FlModelInput in = { data->n, data->d, data->X, NULL, NULL };

  return in;
}

typedef struct
{
  guint  calls;
  double last;
  gboolean monotone;
  GCancellable *cancel_at_call;
  guint  cancel_after;
} Progress;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  Progress *p = user_data;

  g_assert_nonnull (message);
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (p->calls > 0 && fraction < p->last)
    p->monotone = FALSE;
  p->calls++;
  p->last = fraction;
  if (p->cancel_at_call != NULL && p->calls == p->cancel_after)
    g_cancellable_cancel (p->cancel_at_call);
}

/* Defaults with one thread: the tests run beside other builds on two
 * cores, where OpenMP's spinning threads slow each other down. */
static void
params_init (FlModelParams *params,
             FlModelKind    kind)
{
  fl_model_params_init_default (params, kind);
  params->nthread = 1;
}

static FlModel *
fit_ok (const FlModelParams *params,
        const Data          *train,
        const double        *weights)
{
  g_autoptr(GError) error = NULL;
  FlModel *model = fl_model_fit (params, train->X, train->y, weights, train->n, train->d,
                                 feature_names, NULL, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static float *
predict_ok (FlModel    *model,
            const Data *data)
{
  g_autoptr(GError) error = NULL;
  FlModelInput in = input_of (data);
  float *p = fl_model_predict (model, &in, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static gboolean
predictions_differ (const float *a,
                    const float *b,
                    gsize        n,
                    double       tol)
{
  for (gsize i = 0; i < n; i++)
    if (fabs ((double) a[i] - (double) b[i]) > tol)
      return TRUE;
  return FALSE;
}

static FlModel *
roundtrip (FlModel *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fl_model_to_bytes (model, &error);
  FlModel *again;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
  again = fl_model_new_from_bytes (fl_model_get_kind (model), bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  return again;
}

/* Spearman rank correlation (average ranks for ties). */
static const double *sort_keys;

static int
idx_cmp (const void *a,
         const void *b)
{
  double x = sort_keys[*(const gsize *) a], y = sort_keys[*(const gsize *) b];

  return (x > y) - (x < y);
}

static void
ranks (const double *v,
       gsize         n,
       double       *r)
{
  g_autofree gsize *idx = g_new (gsize, n);

  for (gsize i = 0; i < n; i++)
    idx[i] = i;
  sort_keys = v;
  qsort (idx, n, sizeof *idx, idx_cmp);
  for (gsize i = 0; i < n;)
    {
      gsize j = i;

      while (j + 1 < n && v[idx[j + 1]] == v[idx[i]])
        j++;
      for (gsize k = i; k <= j; k++)
        r[idx[k]] = 0.5 * (double) (i + j) + 1.0;
      i = j + 1;
    }
}

static double
spearman (const double *a,
          const double *b,
          gsize         n)
{
  g_autofree double *ra = g_new (double, n);
  g_autofree double *rb = g_new (double, n);
  double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

  ranks (a, n, ra);
  ranks (b, n, rb);
  for (gsize i = 0; i < n; i++)
    {
      ma += ra[i] / n;
      mb += rb[i] / n;
    }
  for (gsize i = 0; i < n; i++)
    {
      sab += (ra[i] - ma) * (rb[i] - mb);
      saa += (ra[i] - ma) * (ra[i] - ma);
      sbb += (rb[i] - mb) * (rb[i] - mb);
    }
  return sab / sqrt (saa * sbb);
}

/* ------------------------------------------------------------------ */
/* Kinds and parameters                                                */

static void
test_kind_strings (void)
{
  static const char * const names[] = { "xgboost", "logistic-regression", "random-forest",
                                        "isolation-forest", "persistence", "rule",
                                        "always-alarm", "never-alarm" };
  FlModelKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (fl_model_kind_from_string (names[i], &kind));
      g_assert_cmpstr (fl_model_kind_to_string (kind), ==, names[i]);
    }
  g_assert_true (fl_model_kind_from_string ("xgboost", &kind));
  g_assert_cmpint (kind, ==, FL_MODEL_XGBOOST);
  g_assert_false (fl_model_kind_from_string ("XGBoost", &kind));
  g_assert_false (fl_model_kind_from_string ("svm", &kind));
  g_assert_false (fl_model_kind_from_string (NULL, &kind));
  g_assert_null (fl_model_kind_to_string ((FlModelKind) 99));

  g_assert_true (fl_model_kind_is_baseline (FL_MODEL_PERSISTENCE));
  g_assert_true (fl_model_kind_is_baseline (FL_MODEL_NEVER));
  g_assert_false (fl_model_kind_is_baseline (FL_MODEL_ISOLATION_FOREST));
  g_assert_true (fl_model_kind_is_supervised (FL_MODEL_LOGISTIC));
  g_assert_false (fl_model_kind_is_supervised (FL_MODEL_ISOLATION_FOREST));
  g_assert_false (fl_model_kind_is_supervised (FL_MODEL_RULE));
}

static void
test_params_defaults (void)
{
  FlModelParams p;

  fl_model_params_init_default (&p, FL_MODEL_XGBOOST);
  g_assert_cmpint (p.kind, ==, FL_MODEL_XGBOOST);
  g_assert_cmpuint (p.n_rounds, ==, 200);
  g_assert_cmpfloat (p.eta, ==, 0.1);
  g_assert_cmpuint (p.max_depth, ==, 5);
  g_assert_cmpuint (p.nthread, ==, 2);
  g_assert_cmpuint (p.seed, ==, 42);
  g_assert_cmpuint (p.early_stopping_rounds, ==, 0);
  g_assert_cmpfloat (p.scale_pos_weight, ==, 1.0);

  fl_model_params_init_default (&p, FL_MODEL_RANDOM_FOREST);
  g_assert_cmpuint (p.n_trees, ==, 100);
  g_assert_cmpfloat (p.eta, ==, 1.0);
  g_assert_cmpfloat (p.subsample, <, 1.0);

  fl_model_params_init_default (&p, FL_MODEL_ISOLATION_FOREST);
  g_assert_cmpuint (p.n_trees, ==, 100);
  g_assert_cmpfloat (p.subsample, ==, 256);

  fl_model_params_init_default (&p, FL_MODEL_LOGISTIC);
  g_assert_cmpfloat (p.C, ==, 1.0);
}

/* ------------------------------------------------------------------ */
/* XGBoost                                                             */

static void
test_xgb_separable (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) test = { 0 };
  g_autoptr(FlModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *p = NULL;
  FlModelParams params;
  Progress prog = { 0, 0.0, TRUE, NULL, 0 };
  double ap;

  data_make (&train, 600, 0.0, 0.05, 1);
  data_make (&test, 300, 0.0, 0.05, 2);
  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 60;

  model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, feature_names,
                        NULL, NULL, progress_cb, &prog, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_model_get_kind (model), ==, FL_MODEL_XGBOOST);
  g_assert_cmpuint (fl_model_get_n_features (model), ==, 4);
  g_assert_cmpstrv (fl_model_get_feature_names (model), feature_names);
  /* progress once per round, ending at 1 */
  g_assert_cmpuint (prog.calls, ==, 60);
  g_assert_true (prog.monotone);
  g_assert_cmpfloat (prog.last, ==, 1.0);
  g_assert_cmpuint (fl_model_get_best_iteration (model), ==, 59);
  g_assert_true (isnan (fl_model_get_best_score (model)));

  p = predict_ok (model, &test);
  for (gsize i = 0; i < test.n; i++)
    {
      g_assert_cmpfloat (p[i], >=, 0.0f);
      g_assert_cmpfloat (p[i], <=, 1.0f);
    }
  ap = fl_average_precision (test.y, p, test.n);
  g_test_message ("XGBoost test AP on the separable problem: %.4f", ap);
  g_assert_cmpfloat (ap, >, 0.95);
}

static void
test_xgb_deterministic_and_roundtrip (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) test = { 0 };
  g_autoptr(FlModel) a = NULL;
  g_autoptr(FlModel) b = NULL;
  g_autoptr(FlModel) again = NULL;
  g_autoptr(FlModel) wrong = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *pa = NULL;
  g_autofree float *pb = NULL;
  g_autofree float *pr = NULL;
  FlModelParams params;

  data_make (&train, 400, 0.1, 0.1, 3);
  data_make (&test, 200, 0.1, 0.1, 4);
  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 40;
  params.subsample = 0.8;

  a = fit_ok (&params, &train, NULL);
  /* same seed with two threads: the same model */
  params.nthread = 2;
  b = fit_ok (&params, &train, NULL);
  pa = predict_ok (a, &test);
  pb = predict_ok (b, &test);
  g_assert_cmpmem (pa, test.n * sizeof (float), pb, test.n * sizeof (float));

  again = roundtrip (a);
  g_assert_cmpuint (fl_model_get_n_features (again), ==, 4);
  g_assert_cmpstrv (fl_model_get_feature_names (again), feature_names);
  g_assert_cmpuint (fl_model_get_best_iteration (again), ==, 39);
  pr = predict_ok (again, &test);
  g_assert_cmpmem (pa, test.n * sizeof (float), pr, test.n * sizeof (float));

  /* The bytes are XGBoost's UBJSON (starts with '{' then a UBJ type byte),
   * and refuse to load as another kind. */
  bytes = fl_model_to_bytes (a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((const char *) g_bytes_get_data (bytes, NULL))[0], ==, '{');
  g_assert_cmpint (((const char *) g_bytes_get_data (bytes, NULL))[1], !=, '"');
  wrong = fl_model_new_from_bytes (FL_MODEL_RANDOM_FOREST, bytes, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (wrong);
  g_clear_error (&error);
  wrong = fl_model_new_from_bytes (FL_MODEL_LOGISTIC, bytes, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (wrong);
}

/* A model fitted on a prepared matrix (the grid search's path) is the one
 * fl_model_fit() gives on the same rows: identical predictions from either
 * predictor, at every number of rounds, with one thread and with two; the
 * matrix path refuses early stopping and a column mismatch. */
static void
test_xgb_matrix_path (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) test = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlXgbMatrix) mtrain = NULL;
  g_autoptr(FlXgbMatrix) mtest = NULL;
  g_autoptr(FlXgbMatrix) narrow = NULL;
  FlModelParams params;
  gsize n, d, n_pos;

  data_make (&train, 500, 0.1, 0.1, 11);
  data_make (&test, 300, 0.1, 0.1, 12);
  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 30;
  params.max_depth = 3;
  params.subsample = 0.8;

  mtrain = fl_xgb_matrix_new (train.X, train.y, NULL, train.n, train.d, &error);
  g_assert_no_error (error);
  mtest = fl_xgb_matrix_new (test.X, NULL, NULL, test.n, test.d, &error);
  g_assert_no_error (error);
  fl_xgb_matrix_get_shape (mtrain, &n, &d, &n_pos);
  g_assert_cmpuint (n, ==, train.n);
  g_assert_cmpuint (d, ==, train.d);
  {
    gsize pos = 0;

    for (gsize i = 0; i < train.n; i++)
      pos += train.y[i];
    g_assert_cmpuint (n_pos, ==, pos);
  }

  for (guint nthread = 1; nthread <= 2; nthread++)
    {
      g_autoptr(FlModel) plain = NULL;
      g_autoptr(FlModel) prepared = NULL;
      FlModelInput in = input_of (&test);

      params.nthread = nthread;
      plain = fit_ok (&params, &train, NULL);
      prepared = fl_model_fit_xgb_matrix (&params, mtrain, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (prepared);

      for (guint rounds = 1; rounds <= params.n_rounds; rounds += 7)
        {
          g_autofree float *a = fl_model_predict_rounds (plain, &in, rounds, &error);
          g_autofree float *b = NULL;
          g_autofree float *c = NULL;

          g_assert_no_error (error);
          b = fl_model_predict_xgb_matrix (prepared, mtest, rounds, &error);
          g_assert_no_error (error);
          c = fl_model_predict_rounds (prepared, &in, rounds, &error);
          g_assert_no_error (error);
          g_assert_cmpmem (a, test.n * sizeof (float), b, test.n * sizeof (float));
          g_assert_cmpmem (a, test.n * sizeof (float), c, test.n * sizeof (float));
        }
    }

  /* Early stopping needs validation rows, which the matrix path has not. */
  params.early_stopping_rounds = 5;
  g_assert_null (fl_model_fit_xgb_matrix (&params, mtrain, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  params.early_stopping_rounds = 0;

  /* Rows with other columns are refused. */
  {
    g_autoptr(FlModel) model = fl_model_fit_xgb_matrix (&params, mtrain, NULL, &error);
    g_autofree double *X3 = g_new (double, test.n * 3);
    g_autofree float *p = NULL;

    g_assert_no_error (error);
    for (gsize i = 0; i < test.n; i++)
      memcpy (X3 + 3 * i, test.X + 4 * i, 3 * sizeof (double));
    narrow = fl_xgb_matrix_new (X3, NULL, NULL, test.n, 3, &error);
    g_assert_no_error (error);
    p = fl_model_predict_xgb_matrix (model, narrow, 10, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_null (p);
  }
}

static void
test_xgb_early_stopping (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) valid = { 0 };
  g_autoptr(FlModel) model = NULL;
  g_autoptr(FlModel) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *pv = NULL;
  g_autofree float *pr = NULL;
  FlModelParams params;
  FlModelInput vin;
  Progress prog = { 0, 0.0, TRUE, NULL, 0 };
  guint best;

  /* 30 % label noise, deep trees, a high learning rate: the validation AP
   * peaks early and then the model fits the noise. */
  data_make (&train, 500, 0.3, 0.0, 5);
  data_make (&valid, 300, 0.3, 0.0, 6);
  vin = input_of (&valid);
  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 300;
  params.eta = 0.3;
  params.max_depth = 8;
  params.early_stopping_rounds = 15;

  model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, feature_names,
                        &vin, valid.y, progress_cb, &prog, NULL, &error);
  g_assert_no_error (error);
  best = fl_model_get_best_iteration (model);
  g_test_message ("early stopping: %u rounds trained, best round %u, validation AP %.4f",
                  prog.calls, best, fl_model_get_best_score (model));
  /* It stopped: exactly early_stopping_rounds rounds after the best one. */
  g_assert_cmpuint (prog.calls, <, params.n_rounds);
  g_assert_cmpuint (best, <, params.n_rounds - 1);
  g_assert_cmpuint (prog.calls, ==, best + 1 + params.early_stopping_rounds);
  g_assert_cmpfloat (prog.last, ==, 1.0);

  /* The predictions use trees 0 … best: their AP is the best score. */
  pv = predict_ok (model, &valid);
  g_assert_cmpfloat_with_epsilon (fl_average_precision (valid.y, pv, valid.n),
                                  fl_model_get_best_score (model), 1e-3);

  again = roundtrip (model);
  g_assert_cmpuint (fl_model_get_best_iteration (again), ==, best);
  g_assert_cmpfloat_with_epsilon (fl_model_get_best_score (again),
                                  fl_model_get_best_score (model), 1e-12);
  pr = predict_ok (again, &valid);
  g_assert_cmpmem (pv, valid.n * sizeof (float), pr, valid.n * sizeof (float));
}

static void
test_xgb_early_stopping_errors (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) valid = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *no_pos = NULL;
  FlModelParams params;
  FlModelInput vin;
  FlModel *model;

  data_make (&train, 100, 0.0, 0.0, 7);
  data_make (&valid, 50, 0.0, 0.0, 8);
  vin = input_of (&valid);
  params_init (&params, FL_MODEL_XGBOOST);
  params.early_stopping_rounds = 5;

  model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL,
                        NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_null (model);
  g_clear_error (&error);

  no_pos = g_new0 (guint8, valid.n);
  model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL,
                        &vin, no_pos, NULL, NULL, NULL, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_assert_null (model);
  g_clear_error (&error);

  vin.d = 3;
  model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL,
                        &vin, valid.y, NULL, NULL, NULL, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_null (model);
}

static double
importance_of (GHashTable *table,
               const char *name)
{
  double *v = g_hash_table_lookup (table, name);

  g_assert_nonnull (v);
  return *v;
}

static void
test_xgb_importance (void)
{
  g_auto(Data) train = { 0 };
  g_autoptr(FlModel) model = NULL;
  g_autoptr(FlModel) again = NULL;
  g_autoptr(GError) error = NULL;
  FlModelParams params;
  const char * const types[] = { "gain", "cover", "weight", "total_gain" };

  data_make (&train, 400, 0.05, 0.1, 9);
  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 30;
  model = fit_ok (&params, &train, NULL);
  again = roundtrip (model);

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GHashTable) imp = fl_model_feature_importance (model, types[t], &error);
      g_autoptr(GHashTable) imp2 = fl_model_feature_importance (again, types[t], &error);

      g_assert_no_error (error);
      /* every feature by name, including the one never split on */
      g_assert_cmpuint (g_hash_table_size (imp), ==, 4);
      for (guint j = 0; j < 4; j++)
        {
          g_assert_true (g_hash_table_contains (imp, feature_names[j]));
          g_assert_cmpfloat (importance_of (imp, feature_names[j]), ==,
                             importance_of (imp2, feature_names[j]));
        }
      g_assert_cmpfloat (importance_of (imp, "constant"), ==, 0.0);
      g_assert_cmpfloat (importance_of (imp, "latency_ms"), >, 0.0);
      g_assert_cmpfloat (importance_of (imp, "jitter_ms"), >, 0.0);
      if (g_str_equal (types[t], "gain") || g_str_equal (types[t], "total_gain"))
        g_assert_cmpfloat (importance_of (imp, "latency_ms"), >,
                           importance_of (imp, "noise"));
    }

  g_assert_null (fl_model_feature_importance (model, "shap", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

static void
test_xgb_weights (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) test = { 0 };
  g_autoptr(FlModel) plain = NULL;
  g_autoptr(FlModel) weighted = NULL;
  g_autoptr(FlModel) spw = NULL;
  g_autofree double *w = NULL;
  g_autofree float *p0 = NULL;
  g_autofree float *p1 = NULL;
  g_autofree float *p2 = NULL;
  FlModelParams params;
  double mean0 = 0, mean1 = 0, mean2 = 0;

  data_make (&train, 400, 0.2, 0.0, 10);
  data_make (&test, 200, 0.2, 0.0, 11);
  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 30;
  w = g_new (double, train.n);
  for (gsize i = 0; i < train.n; i++)
    w[i] = train.y[i] ? 4.0 : 1.0;

  plain = fit_ok (&params, &train, NULL);
  weighted = fit_ok (&params, &train, w);
  p0 = predict_ok (plain, &test);
  p1 = predict_ok (weighted, &test);
  g_assert_true (predictions_differ (p0, p1, test.n, 1e-3));
  /* up-weighting the positives raises the predicted probabilities */
  for (gsize i = 0; i < test.n; i++)
    {
      mean0 += p0[i] / test.n;
      mean1 += p1[i] / test.n;
    }
  g_assert_cmpfloat (mean1, >, mean0 + 0.05);

  /* Weight 4 on the positives scales their gradients as scale_pos_weight
   * = 4 does, so both shift the predictions alike on average. They are not
   * identical with tree_method=hist, whose quantile sketch (the bin
   * boundaries) is weighted by the instance weights; with "exact" they are
   * (checked with Python XGBoost 1.7.4). */
  params.scale_pos_weight = 4.0;
  spw = fit_ok (&params, &train, NULL);
  p2 = predict_ok (spw, &test);
  for (gsize i = 0; i < test.n; i++)
    mean2 += p2[i] / test.n;
  g_test_message ("mean P: unweighted %.4f, weights %.4f, scale_pos_weight %.4f",
                  mean0, mean1, mean2);
  g_assert_cmpfloat (fabs (mean1 - mean2), <, 0.03);
}

static void
test_random_forest (void)
{
  g_auto(Data) train = { 0 };
  g_auto(Data) test = { 0 };
  g_autoptr(FlModel) rf = NULL;
  g_autoptr(FlModel) rf2 = NULL;
  g_autoptr(FlModel) boost = NULL;
  g_autoptr(FlModel) again = NULL;
  g_autoptr(GHashTable) imp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *prf = NULL;
  g_autofree float *prf2 = NULL;
  g_autofree float *pb = NULL;
  g_autofree float *pr = NULL;
  FlModelParams params;
  Progress prog = { 0, 0.0, TRUE, NULL, 0 };
  double ap;

  data_make (&train, 600, 0.0, 0.0, 12);
  data_make (&test, 300, 0.0, 0.0, 13);
  params_init (&params, FL_MODEL_RANDOM_FOREST);
  params.n_trees = 30;
  rf = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, feature_names,
                     NULL, NULL, progress_cb, &prog, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prog.calls, ==, 1);
  g_assert_cmpuint (fl_model_get_best_iteration (rf), ==, 0);
  prf = predict_ok (rf, &test);
  ap = fl_average_precision (test.y, prf, test.n);
  g_test_message ("random forest test AP on the separable problem: %.4f", ap);
  g_assert_cmpfloat (ap, >, 0.9);

  /* The 30 parallel trees split often: "weight" counts splits. */
  imp = fl_model_feature_importance (rf, "weight", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (importance_of (imp, "latency_ms") + importance_of (imp, "jitter_ms"), >,
                     50.0);

  params_init (&params, FL_MODEL_XGBOOST);
  params.n_rounds = 50;
  boost = fit_ok (&params, &train, NULL);
  pb = predict_ok (boost, &test);
  g_assert_true (predictions_differ (prf, pb, test.n, 1e-3));

  /* the seed drives the row and column sampling */
  params_init (&params, FL_MODEL_RANDOM_FOREST);
  params.n_trees = 30;
  params.seed = 7;
  rf2 = fit_ok (&params, &train, NULL);
  prf2 = predict_ok (rf2, &test);
  g_assert_true (predictions_differ (prf, prf2, test.n, 1e-6));

  again = roundtrip (rf);
  pr = predict_ok (again, &test);
  g_assert_cmpmem (prf, test.n * sizeof (float), pr, test.n * sizeof (float));
}

/* ------------------------------------------------------------------ */
/* Logistic regression                                                 */

static void
test_logistic_monotone (void)
{
  g_autoptr(FlModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *p = NULL;
  double X[40], grid[200];
  guint8 y[40];
  FlModelParams params;
  FlModelInput in = { 200, 1, grid, NULL, NULL };
  const double *coef;
  gsize n_coef = 0;
  double intercept = 0;

  /* x in [0, 10), y = x > 5 (separable; L2 keeps the weights finite);
   * the first row is positive, so liblinear's label[0] is 1. */
  for (guint i = 0; i < 40; i++)
    {
      X[i] = (double) ((i * 17 + 23) % 40) / 4.0;
      y[i] = X[i] > 5.0;
    }
  g_assert_cmpuint (y[0], ==, 1);
  for (guint i = 0; i < 200; i++)
    grid[i] = -5.0 + i * 0.1;

  params_init (&params, FL_MODEL_LOGISTIC);
  model = fl_model_fit (&params, X, y, NULL, 40, 1, NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  p = fl_model_predict (model, &in, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < 200; i++)
    g_assert_cmpfloat (p[i], >=, p[i - 1]);
  g_assert_cmpfloat (p[0], <, 0.01);
  g_assert_cmpfloat (p[199], >, 0.99);
  /* P(x = 5.125) is near 0.5: the boundary lies between the classes */
  g_assert_cmpfloat (p[101], >, 0.2);
  g_assert_cmpfloat (p[101], <, 0.8);

  coef = fl_model_get_coefficients (model, &n_coef, &intercept);
  g_assert_cmpuint (n_coef, ==, 1);
  g_assert_cmpfloat (coef[0], >, 0.0);

  /* The same rows in reverse order: liblinear's label[0] is now 0 and its
   * weights have the opposite sign, but P(1 | x) must not change. */
  {
    double Xr[40];
    guint8 yr[40];
    g_autoptr(FlModel) reversed = NULL;
    g_autofree float *pr = NULL;
    const double *coef_r;
    double intercept_r = 0;

    for (guint i = 0; i < 40; i++)
      {
        Xr[i] = X[39 - i];
        yr[i] = y[39 - i];
      }
    g_assert_cmpuint (yr[0], ==, 0);
    reversed = fl_model_fit (&params, Xr, yr, NULL, 40, 1, NULL, NULL, NULL, NULL, NULL, NULL,
                             &error);
    g_assert_no_error (error);
    pr = fl_model_predict (reversed, &in, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 200; i++)
      g_assert_cmpfloat_with_epsilon (pr[i], p[i], 1e-5);
    coef_r = fl_model_get_coefficients (reversed, NULL, &intercept_r);
    g_assert_cmpfloat_with_epsilon (coef_r[0], coef[0], 1e-5);
    g_assert_cmpfloat_with_epsilon (intercept_r, intercept, 1e-5);
  }
}

static void
check_lr_fixture (const double *weights,
                  const double *coef_expected,
                  double        intercept_expected,
                  const double *proba_expected)
{
  g_autoptr(FlModel) model = NULL;
  g_autoptr(FlModel) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *p = NULL;
  g_autofree float *pr = NULL;
  FlModelParams params;
  FlModelInput in = { LR_FIXTURE_N, LR_FIXTURE_D, lr_fixture_X, NULL, NULL };
  const double *coef;
  gsize n_coef = 0;
  double intercept = 0;

  params_init (&params, FL_MODEL_LOGISTIC);
  model = fl_model_fit (&params, lr_fixture_X, lr_fixture_y, weights, LR_FIXTURE_N,
                        LR_FIXTURE_D, NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  coef = fl_model_get_coefficients (model, &n_coef, &intercept);
  g_assert_cmpuint (n_coef, ==, LR_FIXTURE_D);
  {
    double maxdiff = fabs (intercept - intercept_expected);

    for (gsize j = 0; j < LR_FIXTURE_D; j++)
      maxdiff = MAX (maxdiff, fabs (coef[j] - coef_expected[j]));
    g_test_message ("max |coefficient - scikit-learn's| = %.3g", maxdiff);
  }
  for (gsize j = 0; j < LR_FIXTURE_D; j++)
    g_assert_cmpfloat_with_epsilon (coef[j], coef_expected[j], 1e-4);
  g_assert_cmpfloat_with_epsilon (intercept, intercept_expected, 1e-4);

  p = fl_model_predict (model, &in, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < LR_FIXTURE_N; i++)
    g_assert_cmpfloat_with_epsilon (p[i], proba_expected[i], 1e-4);

  again = roundtrip (model);
  pr = fl_model_predict (again, &in, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (p, LR_FIXTURE_N * sizeof (float), pr, LR_FIXTURE_N * sizeof (float));
  coef = fl_model_get_coefficients (again, &n_coef, &intercept);
  g_assert_cmpfloat_with_epsilon (intercept, intercept_expected, 1e-4);
}

static void
test_logistic_sklearn (void)
{
  double w[LR_FIXTURE_N];

  check_lr_fixture (NULL, lr_fixture_plain_coef, lr_fixture_plain_intercept,
                    lr_fixture_plain_proba);

  /* constant-per-class weights = scikit-learn's class_weight */
  for (gsize i = 0; i < LR_FIXTURE_N; i++)
    w[i] = lr_fixture_y[i] ? LR_FIXTURE_WEIGHT_POS : 1.0;
  check_lr_fixture (w, lr_fixture_weighted_coef, lr_fixture_weighted_intercept,
                    lr_fixture_weighted_proba);
}

static void
test_logistic_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) imp = NULL;
  g_autoptr(FlModel) model = NULL;
  double w[LR_FIXTURE_N];
  FlModelParams params;
  FlModel *bad;

  /* weights that vary within a class cannot be expressed in liblinear 2.3 */
  for (gsize i = 0; i < LR_FIXTURE_N; i++)
    w[i] = 1.0 + (double) (i % 3);
  params_init (&params, FL_MODEL_LOGISTIC);
  bad = fl_model_fit (&params, lr_fixture_X, lr_fixture_y, w, LR_FIXTURE_N, LR_FIXTURE_D,
                      NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);

  params.C = 0.0;
  bad = fl_model_fit (&params, lr_fixture_X, lr_fixture_y, NULL, LR_FIXTURE_N, LR_FIXTURE_D,
                      NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);

  /* |coefficient| importance, named f0 … when no names are given */
  params_init (&params, FL_MODEL_LOGISTIC);
  model = fl_model_fit (&params, lr_fixture_X, lr_fixture_y, NULL, LR_FIXTURE_N, LR_FIXTURE_D,
                        NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  imp = fl_model_feature_importance (model, "coefficient", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (importance_of (imp, "f0"), fabs (lr_fixture_plain_coef[0]),
                                  1e-4);
  g_assert_null (fl_model_feature_importance (model, "gain", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

/* ------------------------------------------------------------------ */
/* Isolation forest                                                    */

static void
test_iforest_path_length (void)
{
  for (guint i = 0; i < C_FIXTURE_N; i++)
    g_assert_cmpfloat_with_epsilon (fl_isolation_forest_average_path_length (c_fixture_n[i]),
                                    c_fixture_value[i], 1e-12);
}

static float *
iforest_scores (guint64 seed,
                guint   n_trees)
{
  g_autoptr(FlModel) model = NULL;
  g_autoptr(GError) error = NULL;
  FlModelParams params;
  FlModelInput in = { IF_FIXTURE_N, 2, if_fixture_X, NULL, NULL };
  float *p;

  params_init (&params, FL_MODEL_ISOLATION_FOREST);
  params.seed = seed;
  params.n_trees = n_trees;
  /* labels are ignored: none given */
  model = fl_model_fit (&params, if_fixture_X, NULL, NULL, IF_FIXTURE_N, 2, NULL, NULL, NULL,
                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  p = fl_model_predict (model, &in, &error);
  g_assert_no_error (error);
  return p;
}

static void
test_iforest_outliers_and_sklearn (void)
{
  g_autofree float *p = iforest_scores (42, 500);
  g_autofree float *same = iforest_scores (42, 500);
  g_autofree float *other = iforest_scores (43, 500);
  double ours[IF_FIXTURE_N];
  gsize n_in = IF_FIXTURE_N - IF_FIXTURE_N_OUTLIERS;
  double max_in = 0, min_out = 1, mean_in = 0, rho;

  g_assert_cmpmem (p, sizeof (float) * IF_FIXTURE_N, same, sizeof (float) * IF_FIXTURE_N);
  g_assert_true (predictions_differ (p, other, IF_FIXTURE_N, 1e-7));

  for (gsize i = 0; i < IF_FIXTURE_N; i++)
    {
      ours[i] = p[i];
      g_assert_cmpfloat (p[i], >, 0.0);
      g_assert_cmpfloat (p[i], <=, 1.0);
      if (i < n_in)
        {
          max_in = MAX (max_in, p[i]);
          mean_in += p[i] / n_in;
        }
      else
        min_out = MIN (min_out, p[i]);
    }
  g_test_message ("isolation forest: mean inlier score %.3f, max inlier %.3f, "
                  "min outlier %.3f", mean_in, max_in, min_out);
  /* the ring of outliers at radius 4–7 around a unit Gaussian */
  g_assert_cmpfloat (min_out, >, mean_in + 0.1);
  g_assert_cmpfloat (min_out, >, 0.55);

  rho = spearman (ours, if_fixture_sklearn_score, IF_FIXTURE_N);
  g_test_message ("Spearman correlation with scikit-learn's IsolationForest: %.4f", rho);
  g_assert_cmpfloat (rho, >, 0.9);
}

static void
test_iforest_nan_and_roundtrip (void)
{
  g_autoptr(FlModel) model = NULL;
  g_autoptr(FlModel) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *p = NULL;
  g_autofree float *pr = NULL;
  g_autofree double *median = g_new (double, IF_FIXTURE_N);
  FlModelParams params;
  FlModelInput in = { IF_FIXTURE_N, 2, if_fixture_X, NULL, NULL };
  double rows[4];
  FlModelInput nan_in = { 2, 2, rows, NULL, NULL };
  g_autofree float *pn = NULL;
  Progress prog = { 0, 0.0, TRUE, NULL, 0 };
  double med;

  params_init (&params, FL_MODEL_ISOLATION_FOREST);
  params.n_trees = 30;
  model = fl_model_fit (&params, if_fixture_X, NULL, NULL, IF_FIXTURE_N, 2, NULL, NULL, NULL,
                        progress_cb, &prog, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prog.calls, ==, 30);
  p = fl_model_predict (model, &in, &error);
  g_assert_no_error (error);

  again = roundtrip (model);
  pr = fl_model_predict (again, &in, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (p, sizeof (float) * IF_FIXTURE_N, pr, sizeof (float) * IF_FIXTURE_N);

  /* NaN is scored as the training median of its column */
  for (gsize i = 0; i < IF_FIXTURE_N; i++)
    median[i] = if_fixture_X[i * 2 + 1];
  for (gsize i = 1; i < IF_FIXTURE_N; i++)
    for (gsize j = i; j > 0 && median[j - 1] > median[j]; j--)
      {
        double t = median[j];

        median[j] = median[j - 1];
        median[j - 1] = t;
      }
  med = IF_FIXTURE_N % 2 ? median[IF_FIXTURE_N / 2]
                         : 0.5 * (median[IF_FIXTURE_N / 2 - 1] + median[IF_FIXTURE_N / 2]);
  rows[0] = 6.0;
  rows[1] = NAN;
  rows[2] = 6.0;
  rows[3] = med;
  pn = fl_model_predict (model, &nan_in, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (pn[0], ==, pn[1]);
  g_clear_pointer (&pn, g_free);
  /* so is ±∞ */
  rows[1] = INFINITY;
  pn = fl_model_predict (model, &nan_in, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (pn[0], ==, pn[1]);
}

static void
test_iforest_sample_size (void)
{
  const gsize n = IF_FIXTURE_N;
  struct { gsize asked, expected; } cases[] = { { 0, 88 }, { 1, 2 }, { 10, 10 }, { 1000, 88 } };
  FlModelInput in = { IF_FIXTURE_N, 2, if_fixture_X, NULL, NULL };
  g_autofree float *p_ratio = NULL;
  g_autofree float *p_all = NULL;
  FlModelParams params;

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlIsolationForest) f = fl_isolation_forest_fit (if_fixture_X, n, 2, 5,
                                                                cases[k].asked, 1, NULL, NULL,
                                                                NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (fl_isolation_forest_get_max_samples (f), ==, cases[k].expected);
      g_assert_cmpuint (fl_isolation_forest_get_n_trees (f), ==, 5);
    }

  /* a ratio (scikit-learn's float max_samples) and "all rows" both work */
  params_init (&params, FL_MODEL_ISOLATION_FOREST);
  params.n_trees = 20;
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlModel) model = NULL;
      float *p;

      params.subsample = k == 0 ? 0.5 : 1.0;
      model = fl_model_fit (&params, if_fixture_X, NULL, NULL, n, 2, NULL, NULL, NULL, NULL,
                            NULL, NULL, &error);
      g_assert_no_error (error);
      p = fl_model_predict (model, &in, &error);
      g_assert_no_error (error);
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpfloat (p[i], >, 0.0f);
          g_assert_cmpfloat (p[i], <=, 1.0f);
        }
      if (k == 0)
        p_ratio = p;
      else
        p_all = p;
    }
  g_assert_true (predictions_differ (p_ratio, p_all, n, 1e-6));
}

/* ------------------------------------------------------------------ */
/* Baselines                                                           */

static FlModel *
fit_baseline (FlModelKind kind)
{
  g_autoptr(GError) error = NULL;
  FlModelParams params;
  FlModel *model;

  params_init (&params, kind);
  /* baselines need neither features nor labels */
  model = fl_model_fit (&params, NULL, NULL, NULL, 5, 2, NULL, NULL, NULL, NULL, NULL, NULL,
                        &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
test_baselines (void)
{
  const guint8 label_now[6] = { 0, 1, 1, 0, 0, 1 };
  const double rule[6] = { 2.0, -2.0, 0.0, 1e-9, -1e-9, NAN };
  const float persistence_expected[6] = { 0, 1, 1, 0, 0, 1 };
  FlModelInput in = { 6, 2, NULL, label_now, rule };
  FlModelKind kinds[] = { FL_MODEL_PERSISTENCE, FL_MODEL_RULE, FL_MODEL_ALWAYS, FL_MODEL_NEVER };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(FlModel) model = fit_baseline (kinds[k]);
      g_autoptr(FlModel) again = roundtrip (model);
      g_autoptr(GError) error = NULL;
      g_autofree float *p = fl_model_predict (model, &in, &error);
      g_autofree float *pr = NULL;

      g_assert_no_error (error);
      switch (kinds[k])
        {
        case FL_MODEL_PERSISTENCE:
          g_assert_cmpmem (p, sizeof persistence_expected, persistence_expected,
                           sizeof persistence_expected);
          break;
        case FL_MODEL_RULE:
          g_assert_cmpfloat (p[0], ==, (float) (1.0 / (1.0 + exp (-2.0))));
          g_assert_cmpfloat (p[1], ==, (float) (1.0 / (1.0 + exp (2.0))));
          /* the 0.5 threshold reproduces the rule: fire iff rule_score > 0 */
          g_assert_cmpfloat (p[2], <, 0.5f);
          g_assert_cmpfloat (p[2], >, 0.4999f);
          g_assert_cmpfloat (p[3], >, 0.5f);
          g_assert_cmpfloat (p[4], <, 0.5f);
          g_assert_cmpfloat (p[5], ==, 0.0f);
          break;
        case FL_MODEL_ALWAYS:
          for (guint i = 0; i < 6; i++)
            g_assert_cmpfloat (p[i], ==, 1.0f);
          break;
        case FL_MODEL_NEVER:
        case FL_MODEL_XGBOOST:
        case FL_MODEL_LOGISTIC:
        case FL_MODEL_RANDOM_FOREST:
        case FL_MODEL_ISOLATION_FOREST:
        default:
          for (guint i = 0; i < 6; i++)
            g_assert_cmpfloat (p[i], ==, 0.0f);
          break;
        }
      pr = fl_model_predict (again, &in, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (p, 6 * sizeof (float), pr, 6 * sizeof (float));
      g_assert_null (fl_model_feature_importance (model, "gain", &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    }
}

static void
test_baseline_errors (void)
{
  g_autoptr(FlModel) persistence = fit_baseline (FL_MODEL_PERSISTENCE);
  g_autoptr(FlModel) rule = fit_baseline (FL_MODEL_RULE);
  g_autoptr(FlModel) wrong = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  FlModelInput in = { 3, 2, NULL, NULL, NULL };

  g_assert_null (fl_model_predict (persistence, &in, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fl_model_predict (rule, &in, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  /* a stored rule model is not a persistence model */
  bytes = fl_model_to_bytes (rule, &error);
  g_assert_no_error (error);
  wrong = fl_model_new_from_bytes (FL_MODEL_PERSISTENCE, bytes, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (wrong);
}

/* ------------------------------------------------------------------ */
/* Errors shared by all kinds                                          */

static const FlModelKind learned_kinds[] = {
  FL_MODEL_XGBOOST, FL_MODEL_RANDOM_FOREST, FL_MODEL_LOGISTIC, FL_MODEL_ISOLATION_FOREST,
};

static void
test_single_class (void)
{
  g_auto(Data) train = { 0 };
  FlModelParams params;

  data_make (&train, 50, 0.0, 0.0, 14);
  memset (train.y, 0, train.n);
  for (guint k = 0; k < G_N_ELEMENTS (learned_kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlModel) model = NULL;

      params_init (&params, learned_kinds[k]);
      params.n_rounds = MIN (params.n_rounds, 5);
      model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL, NULL,
                            NULL, NULL, NULL, NULL, &error);
      if (fl_model_kind_is_supervised (learned_kinds[k]))
        {
          g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
          g_assert_null (model);
        }
      else
        {
          /* the isolation forest does not use labels */
          g_assert_no_error (error);
          g_assert_nonnull (model);
        }
    }
}

static void
test_column_mismatch_and_bad_input (void)
{
  g_auto(Data) train = { 0 };
  FlModelParams params;

  data_make (&train, 80, 0.0, 0.0, 15);
  for (guint k = 0; k <= FL_MODEL_NEVER; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlModel) model = NULL;
      FlModelInput in = { train.n, 3, train.X, train.y, NULL };

      params_init (&params, (FlModelKind) k);
      params.n_rounds = MIN (params.n_rounds, 5);
      params.n_trees = 10;
      model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL, NULL,
                            NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (fl_model_predict (model, &in, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    }

  /* no rows, bad weights, bad names, bad parameters */
  {
    g_autoptr(GError) error = NULL;
    g_autofree double *w = g_new (double, train.n);
    const char * const dup[] = { "a", "b", "a", "c" };
    FlModel *model;

    params_init (&params, FL_MODEL_XGBOOST);
    model = fl_model_fit (&params, train.X, train.y, NULL, 0, train.d, NULL, NULL, NULL, NULL,
                          NULL, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
    g_assert_null (model);
    g_clear_error (&error);

    for (gsize i = 0; i < train.n; i++)
      w[i] = i == 3 ? -1.0 : 1.0;
    model = fl_model_fit (&params, train.X, train.y, w, train.n, train.d, NULL, NULL, NULL,
                          NULL, NULL, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_null (model);
    g_clear_error (&error);

    model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, dup, NULL, NULL,
                          NULL, NULL, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_null (model);
    g_clear_error (&error);

    params.eta = 0.0;
    model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL, NULL, NULL,
                          NULL, NULL, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_null (model);
    g_clear_error (&error);

    params.kind = (FlModelKind) 42;
    model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL, NULL, NULL,
                          NULL, NULL, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_null (model);
  }
}

static void
test_corrupt_bytes (void)
{
  static const char junk[] = "{\"format\": 1, \"kind\": \"logistic-regression\", "
                             "\"feature_names\": [\"a\"], \"mean\": [1], \"scale\": [0], "
                             "\"labels\": [0, 1], \"w\": [1, 2], \"bias\": 1}";
  static const char forest[] = "{\"format\": 1, \"kind\": \"isolation-forest\", "
                               "\"feature_names\": [\"a\"], \"forest\": {\"n_features\": 1, "
                               "\"max_samples\": 4, \"median\": [0], \"trees\": [{"
                               "\"feature\": [0, -1, -1], \"threshold\": [0, 0, 0], "
                               "\"right\": [1, 0, 0], \"size\": [4, 2, 2]}]}}";
  g_autoptr(GBytes) not_json = g_bytes_new_static ("not json", 8);
  g_autoptr(GBytes) bad_scale = g_bytes_new_static (junk, sizeof junk - 1);
  g_autoptr(GBytes) bad_tree = g_bytes_new_static (forest, sizeof forest - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  FlModel *model;

  model = fl_model_new_from_bytes (FL_MODEL_LOGISTIC, not_json, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (model);
  g_clear_error (&error);

  model = fl_model_new_from_bytes (FL_MODEL_LOGISTIC, bad_scale, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (model);
  g_clear_error (&error);

  /* right child pointing back at its parent: refused, no endless loop */
  model = fl_model_new_from_bytes (FL_MODEL_ISOLATION_FOREST, bad_tree, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (model);
  g_clear_error (&error);

  model = fl_model_new_from_bytes (FL_MODEL_XGBOOST, empty, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_assert_null (model);
  g_clear_error (&error);

  model = fl_model_new_from_bytes (FL_MODEL_XGBOOST, not_json, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_MODEL);
  g_assert_null (model);
}

static void
test_cancellation (void)
{
  g_auto(Data) train = { 0 };
  FlModelParams params;

  data_make (&train, 200, 0.1, 0.0, 16);

  /* cancelled before the start: every learned kind */
  for (guint k = 0; k < G_N_ELEMENTS (learned_kinds); k++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      FlModel *model;

      g_cancellable_cancel (cancellable);
      params_init (&params, learned_kinds[k]);
      model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL, NULL,
                            NULL, NULL, NULL, cancellable, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (model);
    }

  /* cancelled between rounds / trees, from the progress callback */
  {
    FlModelKind kinds[] = { FL_MODEL_XGBOOST, FL_MODEL_ISOLATION_FOREST };

    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        g_autoptr(GError) error = NULL;
        Progress prog = { 0, 0.0, TRUE, cancellable, 3 };
        FlModel *model;

        params_init (&params, kinds[k]);
        model = fl_model_fit (&params, train.X, train.y, NULL, train.n, train.d, NULL, NULL,
                              NULL, progress_cb, &prog, cancellable, &error);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_assert_null (model);
        g_assert_cmpuint (prog.calls, ==, 3);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/kind-strings", test_kind_strings);
  g_test_add_func ("/model/params-defaults", test_params_defaults);
  g_test_add_func ("/model/xgboost/separable", test_xgb_separable);
  g_test_add_func ("/model/xgboost/deterministic-roundtrip", test_xgb_deterministic_and_roundtrip);
  g_test_add_func ("/model/xgboost/matrix-path", test_xgb_matrix_path);
  g_test_add_func ("/model/xgboost/early-stopping", test_xgb_early_stopping);
  g_test_add_func ("/model/xgboost/early-stopping-errors", test_xgb_early_stopping_errors);
  g_test_add_func ("/model/xgboost/importance", test_xgb_importance);
  g_test_add_func ("/model/xgboost/weights", test_xgb_weights);
  g_test_add_func ("/model/random-forest", test_random_forest);
  g_test_add_func ("/model/logistic/monotone", test_logistic_monotone);
  g_test_add_func ("/model/logistic/sklearn", test_logistic_sklearn);
  g_test_add_func ("/model/logistic/errors", test_logistic_errors);
  g_test_add_func ("/model/isolation-forest/path-length", test_iforest_path_length);
  g_test_add_func ("/model/isolation-forest/outliers-sklearn",
                   test_iforest_outliers_and_sklearn);
  g_test_add_func ("/model/isolation-forest/nan-roundtrip", test_iforest_nan_and_roundtrip);
  g_test_add_func ("/model/isolation-forest/sample-size", test_iforest_sample_size);
  g_test_add_func ("/model/baselines", test_baselines);
  g_test_add_func ("/model/baselines/errors", test_baseline_errors);
  g_test_add_func ("/model/errors/single-class", test_single_class);
  g_test_add_func ("/model/errors/column-mismatch", test_column_mismatch_and_bad_input);
  g_test_add_func ("/model/errors/corrupt-bytes", test_corrupt_bytes);
  g_test_add_func ("/model/errors/cancellation", test_cancellation);

  return g_test_run ();
}
