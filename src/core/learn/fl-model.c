/* fl-model.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-model-private.h"

static const struct
{
  FlModelKind kind;
  const char *name;
} kind_names[] = {
  { FL_MODEL_XGBOOST, "xgboost" },
  { FL_MODEL_LOGISTIC, "logistic-regression" },
  { FL_MODEL_RANDOM_FOREST, "random-forest" },
  { FL_MODEL_ISOLATION_FOREST, "isolation-forest" },
  { FL_MODEL_PERSISTENCE, "persistence" },
  { FL_MODEL_RULE, "rule" },
  { FL_MODEL_ALWAYS, "always-alarm" },
  { FL_MODEL_NEVER, "never-alarm" },
};

/**
 * fl_model_params_init_default:
 * @params: (out caller-allocates): parameters to fill
 * @kind: the model
 *
 * Fills @params with the defaults of @kind. Common to all kinds: nthread 2,
 * seed 42, C 1, scale_pos_weight 1, early stopping off.
 *
 * - XGBoost: 200 rounds, eta 0.1, max_depth 5, no row or column subsampling
 *   (the NetProphet settings).
 * - Random forest: one round of 100 parallel trees, eta 1, max_depth 8,
 *   subsample 0.632 (the expected share of distinct rows in a bootstrap
 *   sample), colsample 0 (= √d/d per node, as scikit-learn's
 *   `max_features="sqrt"`); XGBoost docs, "Random Forests in XGBoost".
 * - Isolation forest: 100 trees, ψ = 256 rows (scikit-learn's defaults).
 * - Logistic regression: C 1 (scikit-learn's default).
 */
void
fl_model_params_init_default (FlModelParams *params,
                              FlModelKind    kind)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->kind = kind;
  params->n_rounds = 200;
  params->eta = 0.1;
  params->max_depth = 5;
  params->early_stopping_rounds = 0;
  params->scale_pos_weight = 1.0;
  params->n_trees = 100;
  params->subsample = 1.0;
  params->colsample = 1.0;
  params->C = 1.0;
  params->nthread = 2;
  params->seed = 42;

  switch (kind)
    {
    case FL_MODEL_RANDOM_FOREST:
      params->n_rounds = 1;
      params->eta = 1.0;
      params->max_depth = 8;
      params->subsample = 0.632;
      params->colsample = 0.0;
      break;
    case FL_MODEL_ISOLATION_FOREST:
      params->subsample = 256;
      break;
    case FL_MODEL_XGBOOST:
    case FL_MODEL_LOGISTIC:
    case FL_MODEL_PERSISTENCE:
    case FL_MODEL_RULE:
    case FL_MODEL_ALWAYS:
    case FL_MODEL_NEVER:
    default:
      break;
    }
}

/**
 * fl_model_kind_to_string:
 * @kind: a model kind
 *
 * Returns: (transfer none): the stable identifier used in experiment
 *   configs and stored runs ("xgboost", "logistic-regression",
 *   "random-forest", "isolation-forest", "persistence", "rule",
 *   "always-alarm", "never-alarm"), or %NULL for an unknown value
 */
const char *
fl_model_kind_to_string (FlModelKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (kind_names[i].kind == kind)
      return kind_names[i].name;
  return NULL;
}

/**
 * fl_model_kind_from_string:
 * @name: an identifier as returned by fl_model_kind_to_string()
 * @out: (out) (optional): the kind
 *
 * Returns: %TRUE when @name is a known model identifier (exact match)
 */
gboolean
fl_model_kind_from_string (const char  *name,
                           FlModelKind *out)
{
  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (kind_names[i].name, name) == 0)
      {
        if (out != NULL)
          *out = kind_names[i].kind;
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_model_kind_is_baseline:
 * @kind: a model kind
 *
 * Returns: %TRUE for the baselines (persistence, rule, always alarm, never
 *   alarm), which read #FlModelInput's label_now / rule_score, not its
 *   features
 */
gboolean
fl_model_kind_is_baseline (FlModelKind kind)
{
  return kind == FL_MODEL_PERSISTENCE || kind == FL_MODEL_RULE
         || kind == FL_MODEL_ALWAYS || kind == FL_MODEL_NEVER;
}

/**
 * fl_model_kind_is_supervised:
 * @kind: a model kind
 *
 * Returns: %TRUE for the models trained on labels (XGBoost, random forest,
 *   logistic regression); these need both classes in the training rows
 */
gboolean
fl_model_kind_is_supervised (FlModelKind kind)
{
  return kind == FL_MODEL_XGBOOST || kind == FL_MODEL_RANDOM_FOREST
         || kind == FL_MODEL_LOGISTIC;
}

static gboolean
is_xgb_kind (FlModelKind kind)
{
  return kind == FL_MODEL_XGBOOST || kind == FL_MODEL_RANDOM_FOREST;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_params (const FlModelParams *p,
              GError             **error)
{
  if (fl_model_kind_to_string (p->kind) == NULL)
    return invalid (error, "Unknown model kind");

  switch (p->kind)
    {
    case FL_MODEL_XGBOOST:
    case FL_MODEL_RANDOM_FOREST:
      if (p->kind == FL_MODEL_XGBOOST && p->n_rounds == 0)
        return invalid (error, "XGBoost needs at least one round");
      if (p->kind == FL_MODEL_RANDOM_FOREST && p->n_trees == 0)
        return invalid (error, "A random forest needs at least one tree");
      if (!(p->eta > 0.0) || !isfinite (p->eta))
        return invalid (error, "The learning rate (eta) must be positive");
      if (p->max_depth == 0)
        return invalid (error, "The tree depth must be at least 1");
      if (!(p->scale_pos_weight > 0.0) || !isfinite (p->scale_pos_weight))
        return invalid (error, "scale_pos_weight must be positive");
      if (!(p->subsample > 0.0 && p->subsample <= 1.0))
        return invalid (error, "The row subsample ratio must be in (0, 1]");
      if (!(p->colsample >= 0.0 && p->colsample <= 1.0))
        return invalid (error, "The column subsample ratio must be in [0, 1]");
      if (p->kind == FL_MODEL_RANDOM_FOREST && p->subsample >= 1.0)
        return invalid (error, "A random forest needs a row subsample ratio below 1");
      break;
    case FL_MODEL_LOGISTIC:
      if (!(p->C > 0.0) || !isfinite (p->C))
        return invalid (error, "The logistic regression's C must be positive");
      break;
    case FL_MODEL_ISOLATION_FOREST:
      if (p->n_trees == 0)
        return invalid (error, "An isolation forest needs at least one tree");
      if (!(p->subsample >= 0.0) || !isfinite (p->subsample))
        return invalid (error, "The isolation forest's sample size must be a row count");
      break;
    case FL_MODEL_PERSISTENCE:
    case FL_MODEL_RULE:
    case FL_MODEL_ALWAYS:
    case FL_MODEL_NEVER:
    default:
      break;
    }
  return TRUE;
}

static char **
copy_feature_names (const char * const *names,
                    gsize               d,
                    GError            **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) out = g_new0 (char *, d + 1);

  for (gsize j = 0; j < d; j++)
    {
      if (names == NULL)
        out[j] = g_strdup_printf ("f%" G_GSIZE_FORMAT, j);
      else if (names[j] == NULL || names[j][0] == '\0')
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Feature %" G_GSIZE_FORMAT " has no name", j);
          return NULL;
        }
      else
        out[j] = g_strdup (names[j]);
      if (!g_hash_table_add (seen, out[j]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Feature name “%s” appears twice", out[j]);
          return NULL;
        }
    }
  return g_steal_pointer (&out);
}

/* ψ from FlModelParams.subsample, as scikit-learn's max_samples: 0 =
 * "auto" (min(256, n)), a ratio in (0, 1] = that share of the rows, more
 * than 1 = a row count. */
static gsize
isolation_sample_size (double subsample,
                       gsize  n)
{
  if (subsample <= 0.0)
    return 0;
  if (subsample <= 1.0)
    return MAX ((gsize) (subsample * (double) n), 2);
  return (gsize) subsample;
}

static FlModel *
model_new (FlModelKind kind,
           gsize       d)
{
  FlModel *self = g_new0 (FlModel, 1);

  self->kind = kind;
  fl_model_params_init_default (&self->params, kind);
  self->d = d;
  self->best_score = NAN;
  return self;
}

/**
 * fl_model_fit:
 * @params: the model and its parameters (see fl_model_params_init_default())
 * @X: (array) (nullable): @n × @d training matrix, row-major; NaN = missing.
 *   May be %NULL for the baselines, which do not read features
 * @y: (array length=n) (nullable): training labels 0/1; required by the
 *   supervised kinds (fl_model_kind_is_supervised()), ignored by the others
 * @weights: (array length=n) (nullable): instance weights (finite, ≥ 0, not
 *   all 0), or %NULL for 1. XGBoost and the random forest use them as
 *   DMatrix weights; liblinear 2.3 has no instance weights, so the logistic
 *   regression accepts only weights that are constant within each class and
 *   applies them as class weights (C·w per class), which is exact for that
 *   case; the isolation forest and the baselines ignore them
 * @n: training rows
 * @d: feature columns
 * @feature_names: (array length=d) (nullable): distinct column names, set on
 *   the XGBoost booster and used as importance keys; %NULL means f0 … f{d−1}
 * @valid: (nullable): validation rows for XGBoost early stopping
 * @valid_y: (array) (nullable): labels of @valid
 * @progress: (nullable) (scope call): called after each XGBoost round or
 *   isolation tree with the done fraction
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked before training and between rounds or
 *   trees (liblinear's single call cannot be interrupted; the result is
 *   discarded when cancelled during it)
 * @error: return location for a #GError
 *
 * Trains one model of the comparison behind a single interface:
 *
 * - XGBoost: `binary:logistic`, `tree_method=hist`, one
 *   XGBoosterUpdateOneIter() per round. With early_stopping_rounds > 0,
 *   after every round the validation rows are predicted and their average
 *   precision (fl_average_precision(), scikit-learn's
 *   `average_precision_score`) is computed; training stops after that many
 *   rounds without a strict improvement, and predictions use the trees up
 *   to the best round (`iteration_end = best + 1`). The best round is also
 *   stored as the booster attribute `best_iteration`, as XGBoost's Python
 *   callback does.
 * - Random forest: XGBoost with `num_parallel_tree = n_trees`, one round,
 *   `eta` 1, row `subsample` and `colsample_bynode` (XGBoost docs, "Random
 *   Forests in XGBoost").
 * - Logistic regression: liblinear `L2R_LR` (C from @params, bias 1,
 *   stopping tolerance 1e-6) on standardised inputs: each column's mean and
 *   population standard deviation are taken over the training rows after
 *   replacing NaN (and ±∞) with the training mean of the finite values
 *   (scikit-learn's `SimpleImputer(strategy="mean")` then
 *   `StandardScaler`); a constant column gets scale 1. Rows scored later
 *   are imputed and scaled with the same training statistics.
 * - Isolation forest: fl_isolation_forest_fit() on @X, labels ignored,
 *   @params n_trees and ψ from subsample as scikit-learn's max_samples
 *   (0 = min(256, n), a ratio in (0, 1], or a row count; capped at @n).
 *   NaN is imputed with the training median.
 * - Baselines: nothing is learned; the model remembers @d.
 *
 * Returns: (transfer full): the model, or %NULL with
 *   %FL_ERROR_INSUFFICIENT_DATA (no rows; a supervised kind with a single
 *   class; early stopping with validation rows without a positive),
 *   %FL_ERROR_INVALID (bad parameter, weights, names, or validation rows
 *   whose column count differs), %FL_ERROR_MODEL (the library failed) or
 *   %G_IO_ERROR_CANCELLED
 */
FlModel *
fl_model_fit (const FlModelParams *params,
              const double        *X,
              const guint8        *y,
              const double        *weights,
              gsize                n,
              gsize                d,
              const char * const  *feature_names,
              const FlModelInput  *valid,
              const guint8        *valid_y,
              FlProgressFunc       progress,
              gpointer             progress_data,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(FlModel) self = NULL;
  const char *name;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (params, error))
    return NULL;
  name = fl_model_kind_to_string (params->kind);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (n == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "No training rows for the %s model", name);
      return NULL;
    }
  if (!fl_model_kind_is_baseline (params->kind) && (X == NULL || d == 0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The %s model needs at least one feature column", name);
      return NULL;
    }

  if (fl_model_kind_is_supervised (params->kind))
    {
      gsize n_pos = 0;

      if (y == NULL)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The %s model needs training labels", name);
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        n_pos += y[i] != 0;
      if (n_pos == 0 || n_pos == n)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                       "The training rows hold %" G_GSIZE_FORMAT " positives out of %"
                       G_GSIZE_FORMAT "; the %s model needs both classes",
                       n_pos, n, name);
          return NULL;
        }
    }

  if (weights != NULL)
    {
      double total = 0.0;

      for (gsize i = 0; i < n; i++)
        {
          if (!isfinite (weights[i]) || weights[i] < 0.0)
            {
              g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                           "Instance weight %" G_GSIZE_FORMAT " is negative or not finite",
                           i);
              return NULL;
            }
          total += weights[i];
        }
      if (!(total > 0.0))
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "All instance weights are 0");
          return NULL;
        }
    }

  if (params->kind == FL_MODEL_XGBOOST && params->early_stopping_rounds > 0)
    {
      gsize n_pos = 0;

      if (valid == NULL || valid_y == NULL || valid->n == 0 || valid->X == NULL)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "Early stopping needs validation rows with labels");
          return NULL;
        }
      if (valid->d != d)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The validation rows have %" G_GSIZE_FORMAT " columns, the training rows %"
                       G_GSIZE_FORMAT, valid->d, d);
          return NULL;
        }
      for (gsize i = 0; i < valid->n; i++)
        n_pos += valid_y[i] != 0;
      if (n_pos == 0)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                               "The validation rows hold no positive, so their average "
                               "precision is undefined and cannot drive early stopping");
          return NULL;
        }
    }

  self = model_new (params->kind, d);
  self->params = *params;
  self->feature_names = copy_feature_names (feature_names, d, error);
  if (self->feature_names == NULL)
    return NULL;

  switch (params->kind)
    {
    case FL_MODEL_XGBOOST:
    case FL_MODEL_RANDOM_FOREST:
      if (!fl_model_xgb_fit (self, X, y, weights, n, valid, valid_y, progress, progress_data,
                             cancellable, error))
        return NULL;
      break;
    case FL_MODEL_LOGISTIC:
      if (!fl_model_logistic_fit (self, X, y, weights, n, cancellable, error))
        return NULL;
      break;
    case FL_MODEL_ISOLATION_FOREST:
      self->iforest = fl_isolation_forest_fit (X, n, d, params->n_trees,
                                               isolation_sample_size (params->subsample, n),
                                               params->seed,
                                               progress, progress_data, cancellable, error);
      if (self->iforest == NULL)
        return NULL;
      break;
    case FL_MODEL_PERSISTENCE:
    case FL_MODEL_RULE:
    case FL_MODEL_ALWAYS:
    case FL_MODEL_NEVER:
    default:
      if (progress != NULL)
        progress (1.0, name, progress_data);
      break;
    }

  return g_steal_pointer (&self);
}

/**
 * fl_model_predict:
 * @self: a model
 * @input: rows to score; @input->d must equal the training column count
 * @error: return location for a #GError
 *
 * Scores each row: P(degraded) for XGBoost, the random forest and the
 * logistic regression; the anomaly score in (0, 1] for the isolation
 * forest (not a probability: higher = more anomalous); for the baselines
 * persistence = label_now (0 or 1), rule = 1 / (1 + e^(−rule_score)) with
 * NaN → 0 and rule_score ≤ 0 kept strictly below 0.5 in float (so score ≥
 * 0.5 ⇔ score > 0.5 ⇔ rule_score > 0), always alarm = 1, never alarm = 0.
 * XGBoost predictions use a fresh DMatrix and the trees up to the best
 * iteration.
 *
 * Returns: (transfer full) (array length=input->n): scores (a 1-element
 *   zero array when @input->n is 0), or %NULL with %FL_ERROR_INVALID
 *   (column count mismatch, missing X / label_now / rule_score) or
 *   %FL_ERROR_MODEL
 */
float *
fl_model_predict (FlModel            *self,
                  const FlModelInput *input,
                  GError            **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (input->d != self->d)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The %s model was trained on %" G_GSIZE_FORMAT " feature columns, got %"
                   G_GSIZE_FORMAT, fl_model_kind_to_string (self->kind), self->d, input->d);
      return NULL;
    }
  if (input->n == 0)
    return g_new0 (float, 1);
  if (!fl_model_kind_is_baseline (self->kind) && input->X == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "No feature matrix to score");
      return NULL;
    }

  switch (self->kind)
    {
    case FL_MODEL_XGBOOST:
    case FL_MODEL_RANDOM_FOREST:
      return fl_model_xgb_predict (self, input, error);
    case FL_MODEL_LOGISTIC:
      return fl_model_logistic_predict (self, input, error);
    case FL_MODEL_ISOLATION_FOREST:
      {
        g_autofree double *s = g_new (double, input->n);
        float *out;

        if (!fl_isolation_forest_score (self->iforest, input->X, input->n, input->d, s, error))
          return NULL;
        out = g_new (float, input->n);
        for (gsize i = 0; i < input->n; i++)
          out[i] = (float) s[i];
        return out;
      }
    case FL_MODEL_PERSISTENCE:
    case FL_MODEL_RULE:
    case FL_MODEL_ALWAYS:
    case FL_MODEL_NEVER:
    default:
      return fl_model_baseline_predict (self, input, error);
    }
}

/**
 * fl_model_get_kind:
 * @self: a model
 *
 * Returns: the model's kind
 */
FlModelKind
fl_model_get_kind (FlModel *self)
{
  return self->kind;
}

/**
 * fl_model_get_n_features:
 * @self: a model
 *
 * Returns: the training column count d
 */
gsize
fl_model_get_n_features (FlModel *self)
{
  return self->d;
}

/**
 * fl_model_get_feature_names:
 * @self: a model
 *
 * Returns: (transfer none) (array zero-terminated=1): the d column names
 */
const char * const *
fl_model_get_feature_names (FlModel *self)
{
  return (const char * const *) self->feature_names;
}

/**
 * fl_model_predict_rounds:
 * @self: a model
 * @input: the rows to score
 * @n_rounds: boosting rounds to use (XGBoost); at most the rounds trained
 * @error: return location for a #GError
 *
 * Like fl_model_predict(), but an XGBoost model scores with the trees of its
 * first @n_rounds rounds only (`iteration_end`), so a model trained for 200
 * rounds also gives the predictions of the same model at 100 rounds (the
 * trees of round r do not depend on later rounds). Other kinds ignore
 * @n_rounds.
 *
 * Returns: (transfer full) (array): scores, or %NULL with %FL_ERROR_INVALID
 *   (@n_rounds 0 or more than were trained) or the errors of
 *   fl_model_predict()
 */
float *
fl_model_predict_rounds (FlModel            *self,
                         const FlModelInput *input,
                         guint               n_rounds,
                         GError            **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind != FL_MODEL_XGBOOST)
    return fl_model_predict (self, input, error);
  if (n_rounds == 0 || n_rounds > self->params.n_rounds)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Cannot score with %u rounds: the model has %u", n_rounds,
                   self->params.n_rounds);
      return NULL;
    }
  if (input->d != self->d || input->X == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The model was trained on %" G_GSIZE_FORMAT " feature columns, got %"
                   G_GSIZE_FORMAT, self->d, input->d);
      return NULL;
    }
  if (input->n == 0)
    return g_new0 (float, 1);
  return fl_model_xgb_predict_rounds (self, input, n_rounds, error);
}

/**
 * fl_model_fit_xgb_matrix:
 * @params: an XGBoost or random-forest model without early stopping
 * @train: training rows with labels (fl_xgb_matrix_new()); used by this
 *   thread only during the call
 * @cancellable: (nullable): checked before every round
 * @error: return location for a #GError
 *
 * fl_model_fit() on a prepared matrix, for callers that fit many models on
 * the same rows (fl_tuning_run()): the matrix, and the quantile cuts XGBoost
 * keeps with it, are built once. The model is the one fl_model_fit() gives
 * on the same rows, labels and weights (feature names f0, f1, …).
 *
 * Returns: (transfer full): the model, or %NULL with %FL_ERROR_INVALID (bad
 *   parameters, another kind, early stopping set),
 *   %FL_ERROR_INSUFFICIENT_DATA (no rows or a single class), %FL_ERROR_MODEL
 *   or %G_IO_ERROR_CANCELLED
 */
FlModel *
fl_model_fit_xgb_matrix (const FlModelParams *params,
                         FlXgbMatrix         *train,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(FlModel) self = NULL;
  gsize n, d, n_pos;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (train != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (params, error))
    return NULL;
  if (!is_xgb_kind (params->kind)
      || (params->kind == FL_MODEL_XGBOOST && params->early_stopping_rounds > 0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "A prepared matrix trains XGBoost or a random forest without early "
                   "stopping, not %s", fl_model_kind_to_string (params->kind));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  fl_xgb_matrix_get_shape (train, &n, &d, &n_pos);
  if (n == 0 || d == 0 || n_pos == 0 || n_pos == n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "The training rows hold %" G_GSIZE_FORMAT " positives out of %"
                   G_GSIZE_FORMAT "; the %s model needs both classes",
                   n_pos, n, fl_model_kind_to_string (params->kind));
      return NULL;
    }

  self = model_new (params->kind, d);
  self->params = *params;
  self->feature_names = copy_feature_names (NULL, d, error);
  if (!fl_model_xgb_fit_matrix (self, train, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * fl_model_predict_xgb_matrix:
 * @self: an XGBoost or random-forest model
 * @rows: the rows to score (fl_xgb_matrix_new(), labels not needed); used
 *   by this thread only during the call
 * @n_rounds: boosting rounds to use, as in fl_model_predict_rounds()
 * @error: return location for a #GError
 *
 * fl_model_predict_rounds() on a prepared matrix, for callers that score
 * the same rows with many models.
 *
 * Returns: (transfer full) (array): one score per row of @rows (a 1-element
 *   zero array for no row), or %NULL with %FL_ERROR_INVALID (another kind,
 *   column count mismatch, @n_rounds 0 or more than were trained) or
 *   %FL_ERROR_MODEL
 */
float *
fl_model_predict_xgb_matrix (FlModel      *self,
                             FlXgbMatrix  *rows,
                             guint         n_rounds,
                             GError      **error)
{
  gsize n, d;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  fl_xgb_matrix_get_shape (rows, &n, &d, NULL);
  if (!is_xgb_kind (self->kind) || d != self->d)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Cannot score %" G_GSIZE_FORMAT " prepared columns with the %s model of %"
                   G_GSIZE_FORMAT " columns", d, fl_model_kind_to_string (self->kind), self->d);
      return NULL;
    }
  if (self->kind == FL_MODEL_RANDOM_FOREST)
    n_rounds = self->best_iteration + 1;
  else if (n_rounds == 0 || n_rounds > self->params.n_rounds)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Cannot score with %u rounds: the model has %u", n_rounds,
                   self->params.n_rounds);
      return NULL;
    }
  if (n == 0)
    return g_new0 (float, 1);
  return fl_model_xgb_predict_matrix (self, rows, n_rounds, error);
}

/**
 * fl_model_get_best_iteration:
 * @self: a model
 *
 * Returns: for XGBoost the 0-based round whose trees (0 … best) make the
 *   predictions: the best validation-AP round with early stopping, else
 *   n_rounds − 1; 0 for every other kind
 */
guint
fl_model_get_best_iteration (FlModel *self)
{
  return self->best_iteration;
}

/**
 * fl_model_get_best_score:
 * @self: a model
 *
 * Returns: the validation average precision at the best iteration when
 *   XGBoost trained with early stopping, else NaN
 */
double
fl_model_get_best_score (FlModel *self)
{
  return self->best_score;
}

/**
 * fl_model_get_coefficients:
 * @self: a model
 * @n_coef: (out) (optional): d for a logistic regression, else 0
 * @intercept: (out) (optional): the intercept (bias weight · 1), else 0
 *
 * The logistic regression's weights for the positive class on the
 * standardised inputs: P(1 | x) = 1 / (1 + e^−(w·z + b)) with
 * z = (x − mean) / scale. They compare directly with scikit-learn's
 * `LogisticRegression(solver="liblinear").coef_` / `intercept_` fitted on
 * the same standardised rows.
 *
 * Returns: (transfer none) (array length=n_coef) (nullable): the d
 *   weights, or %NULL for other kinds
 */
const double *
fl_model_get_coefficients (FlModel *self,
                           gsize   *n_coef,
                           double  *intercept)
{
  gboolean lr = self->kind == FL_MODEL_LOGISTIC && self->coef != NULL;

  if (n_coef != NULL)
    *n_coef = lr ? self->d : 0;
  if (intercept != NULL)
    *intercept = lr ? self->coef[self->d] : 0.0;
  return lr ? self->coef : NULL;
}

/**
 * fl_model_json_add_doubles: (skip)
 */
void
fl_model_json_add_doubles (JsonBuilder  *builder,
                           const char   *member,
                           const double *values,
                           gsize         n)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

/**
 * fl_model_json_read_doubles: (skip)
 *
 * Reads exactly @n numbers from the array @member of @obj into @out, or
 * fails with %FL_ERROR_FORMAT.
 */
gboolean
fl_model_json_read_doubles (JsonObject  *obj,
                            const char  *member,
                            double      *out,
                            gsize        n,
                            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (arr = json_node_get_array (node)) != n)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "The model's “%s” is missing or does not hold %" G_GSIZE_FORMAT " numbers",
                   member, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (arr, i);

      if (!JSON_NODE_HOLDS_VALUE (e)
          || (json_node_get_value_type (e) != G_TYPE_DOUBLE
              && json_node_get_value_type (e) != G_TYPE_INT64))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                       "The model's “%s” holds a value that is not a number", member);
          return FALSE;
        }
      out[i] = json_node_get_double (e);
    }
  return TRUE;
}

/**
 * fl_model_to_bytes:
 * @self: a model
 * @error: return location for a #GError
 *
 * Serialises the model for storage (for example as a blob in the project
 * file). XGBoost and the random forest: XGBoost's Universal Binary JSON
 * model (`XGBoosterSaveModelToBuffer`, format "ubj"), loadable by any
 * XGBoost ≥ 1.6 (`xgboost.Booster (model_file=bytearray (blob))`), with
 * the feature names and the attributes `best_iteration` and
 * `faultline_kind`. Every other kind: a small UTF-8 JSON document with
 * `format`, `kind`, `feature_names` and the kind's state (logistic
 * regression: mean, scale, liblinear's label order, weights and bias;
 * isolation forest: the trees). Numbers are written with 17 significant
 * digits, so a reloaded model predicts bit-identically.
 *
 * Returns: (transfer full): the bytes, or %NULL with %FL_ERROR_MODEL
 */
GBytes *
fl_model_to_bytes (FlModel  *self,
                   GError  **error)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  if (is_xgb_kind (self->kind))
    return fl_model_xgb_to_bytes (self, error);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, FL_MODEL_JSON_FORMAT);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, fl_model_kind_to_string (self->kind));
  json_builder_set_member_name (b, "feature_names");
  json_builder_begin_array (b);
  for (gsize j = 0; j < self->d; j++)
    json_builder_add_string_value (b, self->feature_names[j]);
  json_builder_end_array (b);

  switch (self->kind)
    {
    case FL_MODEL_LOGISTIC:
      fl_model_logistic_serialize (self, b);
      break;
    case FL_MODEL_ISOLATION_FOREST:
      json_builder_set_member_name (b, "forest");
      json_builder_add_value (b, fl_isolation_forest_to_json (self->iforest));
      break;
    case FL_MODEL_XGBOOST:
    case FL_MODEL_RANDOM_FOREST:
    case FL_MODEL_PERSISTENCE:
    case FL_MODEL_RULE:
    case FL_MODEL_ALWAYS:
    case FL_MODEL_NEVER:
    default:
      break;
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

/**
 * fl_model_new_from_bytes:
 * @kind: the kind the bytes were written for
 * @bytes: bytes from fl_model_to_bytes()
 * @error: return location for a #GError
 *
 * Reloads a stored model. An XGBoost model without Faultline's attributes
 * (for example saved by Python) loads too: its best iteration is then the
 * `best_iteration` attribute, or the last round.
 *
 * Returns: (transfer full): the model, or %NULL with %FL_ERROR_FORMAT (not
 *   a model of @kind, corrupt document) or %FL_ERROR_MODEL (XGBoost refused
 *   the bytes)
 */
FlModel *
fl_model_new_from_bytes (FlModelKind   kind,
                         GBytes       *bytes,
                         GError      **error)
{
  g_autoptr(FlModel) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *names;
  const char *stored_kind;
  gconstpointer data;
  gsize len = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (fl_model_kind_to_string (kind) == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "Unknown model kind");
      return NULL;
    }

  self = model_new (kind, 0);
  if (is_xgb_kind (kind))
    {
      if (!fl_model_xgb_load (self, bytes, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  data = g_bytes_get_data (bytes, &len);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT, "The stored %s model is not JSON: %s",
                   fl_model_kind_to_string (kind), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT, "The stored %s model is not a JSON object",
                   fl_model_kind_to_string (kind));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  stored_kind = json_object_get_string_member_with_default (root, "kind", "");
  if (g_strcmp0 (stored_kind, fl_model_kind_to_string (kind)) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT, "The stored model is “%s”, not “%s”",
                   stored_kind, fl_model_kind_to_string (kind));
      return NULL;
    }
  if (json_object_get_int_member_with_default (root, "format", 0) != FL_MODEL_JSON_FORMAT)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "The stored %s model has an unsupported format version",
                   fl_model_kind_to_string (kind));
      return NULL;
    }
  names = json_object_get_member (root, "feature_names");
  if (names == NULL || !JSON_NODE_HOLDS_ARRAY (names))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT,
                           "The stored model has no feature names");
      return NULL;
    }
  self->d = json_array_get_length (json_node_get_array (names));
  self->feature_names = g_new0 (char *, self->d + 1);
  for (gsize j = 0; j < self->d; j++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (names), (guint) j);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT,
                               "A stored feature name is not a string");
          return NULL;
        }
      self->feature_names[j] = g_strdup (json_node_get_string (e));
    }

  switch (kind)
    {
    case FL_MODEL_LOGISTIC:
      if (!fl_model_logistic_load (self, root, error))
        return NULL;
      break;
    case FL_MODEL_ISOLATION_FOREST:
      self->iforest = fl_isolation_forest_new_from_json (json_object_get_member (root, "forest"),
                                                         error);
      if (self->iforest == NULL)
        return NULL;
      if (fl_isolation_forest_get_n_features (self->iforest) != self->d)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT,
                               "The stored isolation forest and its feature names disagree");
          return NULL;
        }
      break;
    case FL_MODEL_XGBOOST:
    case FL_MODEL_RANDOM_FOREST:
    case FL_MODEL_PERSISTENCE:
    case FL_MODEL_RULE:
    case FL_MODEL_ALWAYS:
    case FL_MODEL_NEVER:
    default:
      break;
    }
  return g_steal_pointer (&self);
}

/**
 * fl_model_feature_importance:
 * @self: a model
 * @importance_type: for XGBoost and the random forest one of XGBoost's
 *   `weight`, `gain`, `cover`, `total_gain`, `total_cover`
 *   (`XGBoosterFeatureScore`); for the logistic regression `coefficient`
 *   (|w| on standardised inputs)
 * @error: return location for a #GError
 *
 * Per-feature importance. XGBoost omits features never used in a split;
 * here every training feature is present and those get 0.
 *
 * Returns: (transfer full) (element-type utf8 double): feature name →
 *   `double *` (both owned by the table), or %NULL with %FL_ERROR_INVALID
 *   (unknown type, or a kind without importance) or %FL_ERROR_MODEL
 */
GHashTable *
fl_model_feature_importance (FlModel     *self,
                             const char  *importance_type,
                             GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (importance_type != NULL, NULL);

  if (is_xgb_kind (self->kind))
    return fl_model_xgb_importance (self, importance_type, error);

  if (self->kind == FL_MODEL_LOGISTIC && g_strcmp0 (importance_type, "coefficient") == 0)
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      for (gsize j = 0; j < self->d; j++)
        {
          double *v = g_new (double, 1);

          *v = fabs (self->coef[j]);
          g_hash_table_insert (table, g_strdup (self->feature_names[j]), v);
        }
      return table;
    }

  g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
               "The %s model has no “%s” feature importance",
               fl_model_kind_to_string (self->kind), importance_type);
  return NULL;
}

/**
 * fl_model_free:
 * @self: (nullable) (transfer full): a model
 *
 * Frees the model and its library handles.
 */
void
fl_model_free (FlModel *self)
{
  if (self == NULL)
    return;
  fl_model_xgb_clear (self);
  fl_model_logistic_clear (self);
  g_clear_pointer (&self->iforest, fl_isolation_forest_free);
  g_strfreev (self->feature_names);
  g_free (self);
}
