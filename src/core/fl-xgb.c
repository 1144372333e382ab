/* fl-xgb.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-xgb"
#define _GNU_SOURCE /* dlvsym(), dladdr() */

#include "config.h"

#include <dlfcn.h>
#include <math.h>
#include <xgboost/c_api.h>

#include "fl-error.h"
#include "fl-xgb.h"

struct _FlXgbModel
{
  BoosterHandle booster;
  gsize         n_features;
};

/* XGBGetLastError() is thread-local: this must run on the thread that made
 * the failing call. */
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

/**
 * fl_xgb_params_init_default:
 * @params: (out caller-allocates): parameters to fill
 *
 * The NetProphet settings: 200 rounds, eta 0.1, max_depth 5, 2 threads,
 * seed 42, scale_pos_weight 1.
 */
void
fl_xgb_params_init_default (FlXgbParams *params)
{
  params->n_rounds = 200;
  params->eta = 0.1;
  params->max_depth = 5;
  params->nthread = 2;
  params->seed = 42;
  params->scale_pos_weight = 1.0;
}

/**
 * fl_xgb_version_string:
 *
 * Returns: (transfer none): the version of the linked XGBoost library, e.g.
 *   `"1.7.4"`
 */
const char *
fl_xgb_version_string (void)
{
  static char buf[32];

  if (buf[0] == '\0')
    {
      int major = 0, minor = 0, patch = 0;

      XGBoostVersion (&major, &minor, &patch);
      g_snprintf (buf, sizeof buf, "%d.%d.%d", major, minor, patch);
    }
  return buf;
}

/**
 * fl_xgb_openmp_runtime:
 *
 * Names the OpenMP runtime that serves XGBoost's parallel regions: the
 * shared library (file name without its folder) that defines
 * `GOMP_parallel@GOMP_4.0` first in the process's global scope, which is
 * where the dynamic linker bound libxgboost's calls. `"libomp.so.5"` when
 * the executable links LLVM's runtime (the `llvm_openmp` build option),
 * `"libgomp.so.1"` otherwise.
 *
 * Returns: (transfer none): the library's file name, or `"unknown"` when
 *   no library defines the entry point
 */
const char *
fl_xgb_openmp_runtime (void)
{
  static char *name;

  if (g_once_init_enter (&name))
    {
      void *sym = dlvsym (RTLD_DEFAULT, "GOMP_parallel", "GOMP_4.0");
      Dl_info info = { 0 };
      char *found;

      if (sym != NULL && dladdr (sym, &info) != 0 && info.dli_fname != NULL)
        found = g_path_get_basename (info.dli_fname);
      else
        found = g_strdup ("unknown");
      g_once_init_leave (&name, found);
    }
  return name;
}

static float *
to_float_matrix (const double *X,
                 gsize         n,
                 gsize         d)
{
  float *f = g_new (float, MAX (n * d, 1));

  for (gsize i = 0; i < n * d; i++)
    f[i] = (float)X[i];
  return f;
}

/**
 * fl_xgb_model_train:
 * @X: (array): @n × @d training matrix, row-major; NaN = missing
 * @y: (array length=n): labels 0/1
 * @n: rows
 * @d: columns
 * @feature_names: (array length=d) (nullable): names set on the booster
 * @params: booster parameters
 * @progress: (nullable) (scope call): called after each round with
 *   round / n_rounds
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked between rounds
 * @error: return location for a #GError
 *
 * Trains a `binary:logistic` gradient-boosted tree model with
 * `tree_method=hist` through the XGBoost C API (1.7), one
 * XGBoosterUpdateOneIter() per round so training can be cancelled.
 * Same data, parameters, seed and nthread give bit-identical models.
 *
 * Returns: (transfer full): the model, or %NULL with %FL_ERROR_MODEL,
 *   %FL_ERROR_INSUFFICIENT_DATA (no rows, or a single class) or
 *   %G_IO_ERROR_CANCELLED
 */
FlXgbModel *
fl_xgb_model_train (const double        *X,
                    const guint8        *y,
                    gsize                n,
                    gsize                d,
                    const char * const  *feature_names,
                    const FlXgbParams   *params,
                    FlProgressFunc       progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autofree float *fx = NULL;
  g_autofree float *fy = NULL;
  g_autofree char *buf = NULL;
  DMatrixHandle dtrain = NULL;
  FlXgbModel *self = NULL;
  gsize n_pos = 0;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (params != NULL, NULL);

  for (gsize i = 0; i < n; i++)
    n_pos += y[i] != 0;
  if (n == 0 || n_pos == 0 || n_pos == n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "The training rows hold %" G_GSIZE_FORMAT " positives out of %"
                   G_GSIZE_FORMAT "; both classes are needed to train a classifier",
                   n_pos, n);
      return NULL;
    }

  fx = to_float_matrix (X, n, d);
  fy = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    fy[i] = y[i] ? 1.0f : 0.0f;

  self = g_new0 (FlXgbModel, 1);
  self->n_features = d;

  XGB_CHECK (XGDMatrixCreateFromMat (fx, n, d, NAN, &dtrain), "creating the training matrix");
  XGB_CHECK (XGDMatrixSetFloatInfo (dtrain, "label", fy, n), "setting labels");
  XGB_CHECK (XGBoosterCreate (&dtrain, 1, &self->booster), "creating the booster");

  XGB_CHECK (XGBoosterSetParam (self->booster, "objective", "binary:logistic"), "objective");
  XGB_CHECK (XGBoosterSetParam (self->booster, "tree_method", "hist"), "tree_method");
  XGB_CHECK (XGBoosterSetParam (self->booster, "eval_metric", "logloss"), "eval_metric");
  XGB_CHECK (XGBoosterSetParam (self->booster, "verbosity", "0"), "verbosity");
  XGB_CHECK (XGBoosterSetParam (self->booster, "eta",
                                g_ascii_dtostr (num, sizeof num, params->eta)), "eta");
  g_snprintf (num, sizeof num, "%u", params->max_depth);
  XGB_CHECK (XGBoosterSetParam (self->booster, "max_depth", num), "max_depth");
  g_snprintf (num, sizeof num, "%u", MAX (params->nthread, 1));
  XGB_CHECK (XGBoosterSetParam (self->booster, "nthread", num), "nthread");
  g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, params->seed);
  XGB_CHECK (XGBoosterSetParam (self->booster, "seed", num), "seed");
  XGB_CHECK (XGBoosterSetParam (self->booster, "scale_pos_weight",
                                g_ascii_dtostr (num, sizeof num, params->scale_pos_weight)),
             "scale_pos_weight");
  if (feature_names != NULL)
    XGB_CHECK (XGBoosterSetStrFeatureInfo (self->booster, "feature_name",
                                           (const char **)feature_names, d),
               "setting feature names");

  for (guint it = 0; it < params->n_rounds; it++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      XGB_CHECK (XGBoosterUpdateOneIter (self->booster, (int)it, dtrain), "a boosting round");
      if (progress != NULL && (it % 10 == 9 || it + 1 == params->n_rounds))
        {
          g_autofree char *msg = g_strdup_printf ("Training XGBoost: round %u of %u",
                                                  it + 1, params->n_rounds);
          progress ((double)(it + 1) / params->n_rounds, msg, progress_data);
        }
    }

  XGDMatrixFree (dtrain);
  return self;

fail:
  if (dtrain != NULL)
    XGDMatrixFree (dtrain);
  fl_xgb_model_free (self);
  return NULL;
}

/**
 * fl_xgb_model_predict:
 * @self: a #FlXgbModel
 * @X: (array): @n × @d matrix, row-major; NaN = missing
 * @n: rows
 * @d: columns (must equal the training matrix's)
 * @error: return location for a #GError
 *
 * Predicts P(positive) for each row, on a fresh DMatrix (no prediction
 * cache), all trees used.
 *
 * Returns: (transfer full) (array length=n): probabilities, or %NULL with
 *   %FL_ERROR_MODEL or %FL_ERROR_INVALID (column count mismatch)
 */
float *
fl_xgb_model_predict (FlXgbModel    *self,
                      const double  *X,
                      gsize          n,
                      gsize          d,
                      GError       **error)
{
  static const char *config =
    "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0,"
    " \"strict_shape\": false}";
  g_autofree float *fx = NULL;
  DMatrixHandle dm = NULL;
  const bst_ulong *shape = NULL;
  bst_ulong dim = 0;
  const float *res = NULL;
  float *out = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (d != self->n_features)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The model expects %" G_GSIZE_FORMAT " features, got %" G_GSIZE_FORMAT,
                   self->n_features, d);
      return NULL;
    }
  if (n == 0)
    return g_new0 (float, 1);

  fx = to_float_matrix (X, n, d);
  XGB_CHECK (XGDMatrixCreateFromMat (fx, n, d, NAN, &dm), "creating the prediction matrix");
  XGB_CHECK (XGBoosterPredictFromDMatrix (self->booster, dm, config, &shape, &dim, &res),
             "predicting");
  /* The result buffer belongs to the booster: copy it before any other call. */
  out = g_memdup2 (res, n * sizeof (float));
  XGDMatrixFree (dm);
  return out;

fail:
  if (dm != NULL)
    XGDMatrixFree (dm);
  return NULL;
}

/**
 * fl_xgb_model_to_bytes:
 * @self: a #FlXgbModel
 * @error: return location for a #GError
 *
 * Serialises the model as Universal Binary JSON (XGBoost's `ubj` format).
 *
 * Returns: (transfer full): the model bytes, or %NULL with %FL_ERROR_MODEL
 */
GBytes *
fl_xgb_model_to_bytes (FlXgbModel  *self,
                       GError     **error)
{
  bst_ulong len = 0;
  const char *raw = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  XGB_CHECK (XGBoosterSaveModelToBuffer (self->booster, "{\"format\": \"ubj\"}", &len, &raw),
             "saving the model");
  return g_bytes_new (raw, len);

fail:
  return NULL;
}

/**
 * fl_xgb_model_new_from_bytes:
 * @bytes: a model saved by fl_xgb_model_to_bytes()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the model, or %NULL with %FL_ERROR_MODEL
 */
FlXgbModel *
fl_xgb_model_new_from_bytes (GBytes  *bytes,
                             GError **error)
{
  FlXgbModel *self = g_new0 (FlXgbModel, 1);
  bst_ulong nf = 0;
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  XGB_CHECK (XGBoosterCreate (NULL, 0, &self->booster), "creating the booster");
  XGB_CHECK (XGBoosterLoadModelFromBuffer (self->booster, data, len), "loading the model");
  XGB_CHECK (XGBoosterGetNumFeature (self->booster, &nf), "reading the feature count");
  self->n_features = nf;
  return self;

fail:
  fl_xgb_model_free (self);
  return NULL;
}

/**
 * fl_xgb_model_free:
 * @self: (nullable) (transfer full): a #FlXgbModel
 *
 * Frees the booster.
 */
void
fl_xgb_model_free (FlXgbModel *self)
{
  if (self == NULL)
    return;
  if (self->booster != NULL)
    XGBoosterFree (self->booster);
  g_free (self);
}
