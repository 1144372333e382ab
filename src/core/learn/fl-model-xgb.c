/* fl-model-xgb.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <xgboost/c_api.h>

#include "fl-error.h"
#include "fl-metrics.h"
#include "fl-model-private.h"

/* XGBGetLastError() is thread-local: this must run on the thread that made
 * the failing call (stack-notes §4, style §7). */
static gboolean
set_xgb_error (GError    **error,
               const char *what)
{
  g_set_error (error, FL_ERROR, FL_ERROR_MODEL, "XGBoost: %s failed: %s",
               what, XGBGetLastError ());
  return FALSE;
}

#define XGB_CHECK(call, what) \
  G_STMT_START { if ((call) != 0) { set_xgb_error (error, what); goto fail; } } G_STMT_END

#define BOOSTER(self) ((BoosterHandle) (self)->booster)

static float *
to_float_matrix (const double *X,
                 gsize         n,
                 gsize         d)
{
  float *f = g_new (float, MAX (n * d, 1));

  for (gsize i = 0; i < n * d; i++)
    f[i] = (float) X[i];
  return f;
}

static DMatrixHandle
make_dmatrix (const double  *X,
              gsize          n,
              gsize          d,
              GError       **error)
{
  g_autofree float *fx = to_float_matrix (X, n, d);
  DMatrixHandle dm = NULL;

  /* XGDMatrixCreateFromMat copies the data (stack-notes §7). */
  if (XGDMatrixCreateFromMat (fx, n, d, NAN, &dm) != 0)
    {
      set_xgb_error (error, "creating a matrix");
      return NULL;
    }
  return dm;
}

static gboolean
set_param (BoosterHandle  booster,
           const char    *name,
           const char    *value,
           GError       **error)
{
  if (XGBoosterSetParam (booster, name, value) != 0)
    {
      g_autofree char *what = g_strdup_printf ("setting %s=%s", name, value);

      return set_xgb_error (error, what);
    }
  return TRUE;
}

static gboolean
set_param_double (BoosterHandle  booster,
                  const char    *name,
                  double         value,
                  GError       **error)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  return set_param (booster, name, g_ascii_dtostr (num, sizeof num, value), error);
}

static gboolean
set_param_uint (BoosterHandle  booster,
                const char    *name,
                guint64        value,
                GError       **error)
{
  char num[32];

  g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, value);
  return set_param (booster, name, num, error);
}

static gboolean
configure (FlModel        *self,
           BoosterHandle   booster,
           GError        **error)
{
  const FlModelParams *p = &self->params;
  gboolean rf = self->kind == FL_MODEL_RANDOM_FOREST;

  if (!set_param (booster, "objective", "binary:logistic", error)
      || !set_param (booster, "tree_method", "hist", error)
      || !set_param (booster, "booster", "gbtree", error)
      || !set_param (booster, "verbosity", "1", error)
      || !set_param_double (booster, "eta", p->eta, error)
      || !set_param_uint (booster, "max_depth", p->max_depth, error)
      || !set_param_uint (booster, "nthread", MAX (p->nthread, 1), error)
      || !set_param_uint (booster, "seed", p->seed, error)
      || !set_param_double (booster, "scale_pos_weight", p->scale_pos_weight, error))
    return FALSE;

  if (rf)
    {
      double colsample = p->colsample > 0.0 ? p->colsample
                                            : sqrt ((double) self->d) / (double) self->d;

      if (!set_param_uint (booster, "num_parallel_tree", p->n_trees, error)
          || !set_param_double (booster, "subsample", p->subsample, error)
          || !set_param_double (booster, "colsample_bynode", colsample, error))
        return FALSE;
    }
  else
    {
      if (p->subsample < 1.0 && !set_param_double (booster, "subsample", p->subsample, error))
        return FALSE;
      if (p->colsample > 0.0 && p->colsample < 1.0
          && !set_param_double (booster, "colsample_bynode", p->colsample, error))
        return FALSE;
    }

  if (XGBoosterSetStrFeatureInfo (booster, "feature_name",
                                  (const char **) self->feature_names, self->d) != 0)
    return set_xgb_error (error, "setting the feature names");
  return TRUE;
}

static float *
predict_dmatrix (BoosterHandle   booster,
                 DMatrixHandle   dm,
                 gsize           n,
                 guint           iteration_end,
                 GError        **error)
{
  g_autofree char *config = NULL;
  const bst_ulong *shape = NULL;
  bst_ulong dim = 0;
  const float *res = NULL;

  config = g_strdup_printf ("{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
                            "\"iteration_end\": %u, \"strict_shape\": false}", iteration_end);
  if (XGBoosterPredictFromDMatrix (booster, dm, config, &shape, &dim, &res) != 0)
    {
      set_xgb_error (error, "predicting");
      return NULL;
    }
  if (dim != 1 || shape[0] != n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_MODEL,
                   "XGBoost returned predictions of an unexpected shape");
      return NULL;
    }
  /* The result buffer belongs to the booster: copy it before any other call. */
  return g_memdup2 (res, n * sizeof (float));
}

struct _FlXgbMatrix
{
  DMatrixHandle dm;
  gsize         n;
  gsize         d;
  gsize         n_pos;
};

/**
 * fl_xgb_matrix_new: (skip)
 * @X: (array): @n × @d rows, row-major; NaN = missing
 * @y: (array length=n) (nullable): targets 0/1 (training matrices)
 * @weights: (array length=n) (nullable): instance weights ≥ 0
 * @n: rows (≥ 1)
 * @d: feature columns (≥ 1)
 * @error: return location for a #GError
 *
 * An XGBoost DMatrix (the rows converted to float and copied, with labels
 * and weights when given) that several fits and predictions can reuse: the
 * hist method then sketches the quantile cuts of the matrix once
 * (XGBoost 1.7 keeps them with the matrix) instead of once per fit. A
 * matrix may be used by one thread at a time.
 *
 * Returns: (transfer full): the matrix, or %NULL with %FL_ERROR_MODEL
 */
FlXgbMatrix *
fl_xgb_matrix_new (const double  *X,
                   const guint8  *y,
                   const double  *weights,
                   gsize          n,
                   gsize          d,
                   GError       **error)
{
  g_autofree float *fy = NULL;
  g_autofree float *fw = NULL;
  FlXgbMatrix *m = g_new0 (FlXgbMatrix, 1);

  m->n = n;
  m->d = d;
  m->dm = make_dmatrix (X, n, d, error);
  if (m->dm == NULL)
    goto fail;
  if (y != NULL)
    {
      fy = g_new (float, MAX (n, 1));
      for (gsize i = 0; i < n; i++)
        {
          fy[i] = y[i] ? 1.0f : 0.0f;
          m->n_pos += y[i] != 0;
        }
      XGB_CHECK (XGDMatrixSetFloatInfo (m->dm, "label", fy, n), "setting labels");
    }
  if (weights != NULL)
    {
      fw = g_new (float, MAX (n, 1));
      for (gsize i = 0; i < n; i++)
        fw[i] = (float) weights[i];
      XGB_CHECK (XGDMatrixSetFloatInfo (m->dm, "weight", fw, n), "setting weights");
    }
  return m;

fail:
  fl_xgb_matrix_free (m);
  return NULL;
}

/**
 * fl_xgb_matrix_free: (skip)
 * @m: (nullable): a matrix of fl_xgb_matrix_new()
 *
 * Frees @m and its DMatrix.
 */
void
fl_xgb_matrix_free (FlXgbMatrix *m)
{
  if (m == NULL)
    return;
  if (m->dm != NULL)
    XGDMatrixFree (m->dm);
  g_free (m);
}

/**
 * fl_xgb_matrix_get_shape: (skip)
 * @m: a matrix
 * @n: (out) (optional): rows
 * @d: (out) (optional): feature columns
 * @n_pos: (out) (optional): rows labelled 1 (0 without labels)
 */
void
fl_xgb_matrix_get_shape (const FlXgbMatrix *m,
                         gsize             *n,
                         gsize             *d,
                         gsize             *n_pos)
{
  if (n != NULL)
    *n = m->n;
  if (d != NULL)
    *d = m->d;
  if (n_pos != NULL)
    *n_pos = m->n_pos;
}

/* Boosts on @train (labels set); @valid_dm (nullable) joins the booster's
 * prediction cache for early stopping. */
static gboolean
xgb_train (FlModel             *self,
           DMatrixHandle        train,
           DMatrixHandle        valid_dm,
           const FlModelInput  *valid,
           const guint8        *valid_y,
           FlProgressFunc       progress,
           gpointer             progress_data,
           GCancellable        *cancellable,
           GError             **error)
{
  const FlModelParams *p = &self->params;
  gboolean rf = self->kind == FL_MODEL_RANDOM_FOREST;
  gboolean early = !rf && p->early_stopping_rounds > 0;
  guint n_rounds = rf ? 1 : p->n_rounds;
  DMatrixHandle dmats[2] = { train, valid_dm };
  BoosterHandle booster = NULL;
  double best_ap = -INFINITY;
  guint best_it = 0;
  guint it;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert (!early || valid_dm != NULL);

  /* The validation matrix joins the booster's prediction cache, so the
   * per-round validation predictions are incremental. */
  XGB_CHECK (XGBoosterCreate (dmats, early ? 2 : 1, &booster), "creating the booster");
  self->booster = booster;
  if (!configure (self, booster, error))
    goto fail;

  for (it = 0; it < n_rounds; it++)
    {
      g_autofree char *msg = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      XGB_CHECK (XGBoosterUpdateOneIter (booster, (int) it, train), "a boosting round");

      if (early)
        {
          g_autofree float *pred = predict_dmatrix (booster, valid_dm, valid->n, 0, error);
          double ap;

          if (pred == NULL)
            goto fail;
          ap = fl_average_precision (valid_y, pred, valid->n);
          if (ap > best_ap)
            {
              best_ap = ap;
              best_it = it;
            }
          msg = g_strdup_printf ("Training XGBoost: round %u of %u, validation AP %.4f "
                                 "(best %.4f at round %u)",
                                 it + 1, n_rounds, ap, best_ap, best_it + 1);
        }
      else if (progress != NULL && rf)
        msg = g_strdup_printf ("Training a random forest of %u trees", p->n_trees);
      else if (progress != NULL)
        msg = g_strdup_printf ("Training XGBoost: round %u of %u", it + 1, n_rounds);

      if (early && it - best_it >= p->early_stopping_rounds)
        {
          if (progress != NULL)
            progress (1.0, msg, progress_data);
          break;
        }
      if (progress != NULL)
        progress ((double) (it + 1) / n_rounds, msg, progress_data);
    }

  if (!early)
    best_it = n_rounds - 1;
  self->best_iteration = best_it;
  self->best_score = early ? best_ap : NAN;

  g_snprintf (num, sizeof num, "%u", best_it);
  XGB_CHECK (XGBoosterSetAttr (booster, "best_iteration", num), "setting best_iteration");
  if (early)
    XGB_CHECK (XGBoosterSetAttr (booster, "best_score",
                                 g_ascii_dtostr (num, sizeof num, best_ap)),
               "setting best_score");
  XGB_CHECK (XGBoosterSetAttr (booster, "faultline_kind", fl_model_kind_to_string (self->kind)),
             "setting faultline_kind");
  return TRUE;

fail:
  return FALSE;
}

/**
 * fl_model_xgb_fit: (skip)
 *
 * XGBoost / random-forest part of fl_model_fit(); @self has kind, params, d
 * and feature names set. Arguments are validated by the caller.
 */
gboolean
fl_model_xgb_fit (FlModel             *self,
                  const double        *X,
                  const guint8        *y,
                  const double        *weights,
                  gsize                n,
                  const FlModelInput  *valid,
                  const guint8        *valid_y,
                  FlProgressFunc       progress,
                  gpointer             progress_data,
                  GCancellable        *cancellable,
                  GError             **error)
{
  gboolean early = self->kind != FL_MODEL_RANDOM_FOREST && self->params.early_stopping_rounds > 0;
  FlXgbMatrix *train = NULL;
  DMatrixHandle valid_dm = NULL;
  gboolean ok = FALSE;

  train = fl_xgb_matrix_new (X, y, weights, n, self->d, error);
  if (train == NULL)
    goto out;
  if (early)
    {
      valid_dm = make_dmatrix (valid->X, valid->n, self->d, error);
      if (valid_dm == NULL)
        goto out;
    }
  ok = xgb_train (self, train->dm, valid_dm, valid, valid_y, progress, progress_data,
                  cancellable, error);

out:
  fl_xgb_matrix_free (train);
  if (valid_dm != NULL)
    XGDMatrixFree (valid_dm);
  return ok;
}

/**
 * fl_model_xgb_fit_matrix: (skip)
 *
 * Like fl_model_xgb_fit() without early stopping, on a prepared matrix
 * with labels (fl_xgb_matrix_new()). Arguments are validated by the caller.
 */
gboolean
fl_model_xgb_fit_matrix (FlModel      *self,
                         FlXgbMatrix  *train,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_assert (self->kind == FL_MODEL_RANDOM_FOREST || self->params.early_stopping_rounds == 0);

  return xgb_train (self, train->dm, NULL, NULL, NULL, NULL, NULL, cancellable, error);
}

/**
 * fl_model_xgb_predict_matrix: (skip)
 *
 * P(positive) of the rows of @m with the trees of the first @n_rounds
 * rounds (validated by the caller).
 */
float *
fl_model_xgb_predict_matrix (FlModel      *self,
                             FlXgbMatrix  *m,
                             guint         n_rounds,
                             GError      **error)
{
  return predict_dmatrix (BOOSTER (self), m->dm, m->n, n_rounds, error);
}

/**
 * fl_model_xgb_predict: (skip)
 *
 * P(positive) on a fresh DMatrix with the trees of rounds 0 … best.
 */
float *
fl_model_xgb_predict (FlModel             *self,
                      const FlModelInput  *input,
                      GError             **error)
{
  DMatrixHandle dm = make_dmatrix (input->X, input->n, input->d, error);
  float *out;

  if (dm == NULL)
    return NULL;
  out = predict_dmatrix (BOOSTER (self), dm, input->n, self->best_iteration + 1, error);
  XGDMatrixFree (dm);
  return out;
}

/**
 * fl_model_xgb_predict_rounds: (skip)
 *
 * P(positive) with the trees of the first @n_rounds rounds only.
 */
float *
fl_model_xgb_predict_rounds (FlModel             *self,
                             const FlModelInput  *input,
                             guint                n_rounds,
                             GError             **error)
{
  DMatrixHandle dm = make_dmatrix (input->X, input->n, input->d, error);
  float *out;

  if (dm == NULL)
    return NULL;
  out = predict_dmatrix (BOOSTER (self), dm, input->n, n_rounds, error);
  XGDMatrixFree (dm);
  return out;
}

/**
 * fl_model_xgb_to_bytes: (skip)
 *
 * The booster as UBJSON (copied out of the booster's buffer).
 */
GBytes *
fl_model_xgb_to_bytes (FlModel  *self,
                       GError  **error)
{
  bst_ulong len = 0;
  const char *raw = NULL;

  if (XGBoosterSaveModelToBuffer (BOOSTER (self), "{\"format\": \"ubj\"}", &len, &raw) != 0)
    {
      set_xgb_error (error, "saving the model");
      return NULL;
    }
  return g_bytes_new (raw, len);
}

/**
 * fl_model_xgb_load: (skip)
 *
 * Loads a booster saved by fl_model_xgb_to_bytes() (or by XGBoost itself)
 * into @self, restoring d, the feature names and the best iteration.
 */
gboolean
fl_model_xgb_load (FlModel  *self,
                   GBytes   *bytes,
                   GError  **error)
{
  BoosterHandle booster = NULL;
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);
  bst_ulong nf = 0, n_names = 0;
  const char **names = NULL;
  const char *attr = NULL;
  int success = 0, rounds = 0;

  if (len == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT, "The stored model is empty");
      return FALSE;
    }
  XGB_CHECK (XGBoosterCreate (NULL, 0, &booster), "creating the booster");
  self->booster = booster;
  XGB_CHECK (XGBoosterLoadModelFromBuffer (booster, data, len), "loading the model");
  XGB_CHECK (XGBoosterGetNumFeature (booster, &nf), "reading the feature count");
  self->d = nf;

  XGB_CHECK (XGBoosterGetAttr (booster, "faultline_kind", &attr, &success), "reading attributes");
  if (success && g_strcmp0 (attr, fl_model_kind_to_string (self->kind)) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT, "The stored model is “%s”, not “%s”",
                   attr, fl_model_kind_to_string (self->kind));
      return FALSE;
    }

  XGB_CHECK (XGBoosterBoostedRounds (booster, &rounds), "counting rounds");
  if (rounds <= 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT, "The stored model has no trees");
      return FALSE;
    }
  self->best_iteration = (guint) rounds - 1;
  XGB_CHECK (XGBoosterGetAttr (booster, "best_iteration", &attr, &success), "reading attributes");
  if (success)
    {
      guint64 v = 0;

      if (!g_ascii_string_to_unsigned (attr, 10, 0, (guint64) rounds - 1, &v, NULL))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                       "The stored model's best_iteration “%s” is out of range", attr);
          return FALSE;
        }
      self->best_iteration = (guint) v;
    }
  XGB_CHECK (XGBoosterGetAttr (booster, "best_score", &attr, &success), "reading attributes");
  if (success)
    self->best_score = g_ascii_strtod (attr, NULL);

  /* The name pointers belong to the booster: copy them at once. */
  XGB_CHECK (XGBoosterGetStrFeatureInfo (booster, "feature_name", &n_names, &names),
             "reading the feature names");
  self->feature_names = g_new0 (char *, self->d + 1);
  for (gsize j = 0; j < self->d; j++)
    self->feature_names[j] = n_names == nf ? g_strdup (names[j])
                                           : g_strdup_printf ("f%" G_GSIZE_FORMAT, j);
  if (n_names != nf)
    XGB_CHECK (XGBoosterSetStrFeatureInfo (booster, "feature_name",
                                           (const char **) self->feature_names, self->d),
               "setting the feature names");
  return TRUE;

fail:
  return FALSE;
}

/**
 * fl_model_xgb_importance: (skip)
 *
 * XGBoosterFeatureScore() joined on the feature names; absent features 0.
 */
GHashTable *
fl_model_xgb_importance (FlModel     *self,
                         const char  *importance_type,
                         GError     **error)
{
  static const char * const types[] = { "weight", "gain", "cover", "total_gain",
                                        "total_cover", NULL };
  g_autoptr(GHashTable) table = NULL;
  g_autofree char *config = NULL;
  bst_ulong n_features = 0, dim = 0;
  const char **names = NULL;
  const bst_ulong *shape = NULL;
  const float *scores = NULL;

  if (!g_strv_contains (types, importance_type))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Unknown XGBoost importance type “%s” (weight, gain, cover, total_gain, "
                   "total_cover)", importance_type);
      return NULL;
    }

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (gsize j = 0; j < self->d; j++)
    g_hash_table_insert (table, g_strdup (self->feature_names[j]), g_new0 (double, 1));

  config = g_strdup_printf ("{\"importance_type\": \"%s\"}", importance_type);
  if (XGBoosterFeatureScore (BOOSTER (self), config, &n_features, &names, &dim, &shape,
                             &scores) != 0)
    {
      set_xgb_error (error, "computing the feature importance");
      return NULL;
    }
  if (dim != 1 || shape[0] != n_features)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_MODEL,
                           "XGBoost returned feature scores of an unexpected shape");
      return NULL;
    }
  /* Only features used in a split are returned: join on the name. */
  for (bst_ulong k = 0; k < n_features; k++)
    {
      double *v = g_hash_table_lookup (table, names[k]);

      if (v == NULL)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_MODEL,
                       "XGBoost returned an importance for the unknown feature “%s”",
                       names[k]);
          return NULL;
        }
      *v = scores[k];
    }
  return g_steal_pointer (&table);
}

/**
 * fl_model_xgb_clear: (skip)
 *
 * Frees the booster, if any.
 */
void
fl_model_xgb_clear (FlModel *self)
{
  if (self->booster != NULL)
    XGBoosterFree (BOOSTER (self));
  self->booster = NULL;
}
