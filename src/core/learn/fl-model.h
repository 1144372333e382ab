/* fl-model.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-types.h"

G_BEGIN_DECLS

/**
 * FlModelKind:
 * @FL_MODEL_XGBOOST: gradient-boosted trees (XGBoost C API, binary:logistic, hist)
 * @FL_MODEL_LOGISTIC: L2 logistic regression (liblinear) on standardised inputs
 * @FL_MODEL_RANDOM_FOREST: XGBoost's random-forest mode (num_parallel_tree,
 *   subsample, colsample_bynode, one round)
 * @FL_MODEL_ISOLATION_FOREST: isolation forest (Liu, Ting & Zhou 2008),
 *   unsupervised: fitted on the training rows' features, labels ignored;
 *   score = anomaly score in [0, 1]
 * @FL_MODEL_PERSISTENCE: baseline: score = label at t (the row's label_now)
 * @FL_MODEL_RULE: baseline: score = the labelling rule's own score at t
 *   (rule_score), squashed to [0, 1] with a logistic function
 * @FL_MODEL_ALWAYS: baseline: always alarm (score 1)
 * @FL_MODEL_NEVER: baseline: never alarm (score 0)
 */
typedef enum
{
  FL_MODEL_XGBOOST,
  FL_MODEL_LOGISTIC,
  FL_MODEL_RANDOM_FOREST,
  FL_MODEL_ISOLATION_FOREST,
  FL_MODEL_PERSISTENCE,
  FL_MODEL_RULE,
  FL_MODEL_ALWAYS,
  FL_MODEL_NEVER,
} FlModelKind;

/**
 * FlModelParams:
 * @kind: the model
 * @n_rounds: XGBoost rounds (default 200; the random forest always trains
 *   one round of @n_trees parallel trees)
 * @eta: XGBoost learning rate (default 0.1; random forest 1)
 * @max_depth: tree depth (XGBoost default 5, random forest default 8)
 * @early_stopping_rounds: stop XGBoost when validation average precision has
 *   not improved for this many rounds, keeping the best iteration (0 = off;
 *   needs validation rows with both classes)
 * @scale_pos_weight: XGBoost / random forest positive weight (default 1)
 * @n_trees: trees for the random forest (default 100) and isolation forest
 *   (default 100)
 * @subsample: row subsample ratio for the random forest (default 0.632) and
 *   XGBoost (default 1 = off); the isolation forest's sample size ψ as
 *   scikit-learn's max_samples: a row count when > 1 (default 256), a share
 *   of the training rows when in (0, 1], min(256, n) when 0; capped at n
 * @colsample: column subsample ratio per node (XGBoost `colsample_bynode`)
 *   for the random forest (default 0 = √d/d) and XGBoost (default 1 = off)
 * @C: inverse regularisation strength of the logistic regression (default 1)
 * @nthread: threads (default 2)
 * @seed: random seed (default 42)
 *
 * Fill with fl_model_params_init_default() and change single fields.
 */
typedef struct
{
  FlModelKind kind;
  guint       n_rounds;
  double      eta;
  guint       max_depth;
  guint       early_stopping_rounds;
  double      scale_pos_weight;
  guint       n_trees;
  double      subsample;
  double      colsample;
  double      C;
  guint       nthread;
  guint64     seed;
} FlModelParams;

/**
 * FlModelInput:
 * @n: rows
 * @d: feature columns
 * @X: (array): @n × @d, row-major; NaN = missing
 * @label_now: (array length=n) (nullable): label at t (persistence baseline)
 * @rule_score: (array length=n) (nullable): the labelling rule's margin at t
 *   (rule baseline): positive exactly when the rule fires (for a z-score
 *   rule "z > k", pass z − k); NaN when undefined
 *
 * Rows to score. Baselines read @label_now / @rule_score, learned models @X.
 * @X may be %NULL for the baselines; @d must still equal the training
 * column count.
 */
typedef struct
{
  gsize          n;
  gsize          d;
  const double  *X;
  const guint8  *label_now;
  const double  *rule_score;
} FlModelInput;

typedef struct _FlModel FlModel;

void         fl_model_params_init_default (FlModelParams *params,
                                           FlModelKind    kind);
const char  *fl_model_kind_to_string      (FlModelKind    kind);
gboolean     fl_model_kind_from_string    (const char    *name,
                                           FlModelKind   *out);
gboolean     fl_model_kind_is_baseline    (FlModelKind    kind);
gboolean     fl_model_kind_is_supervised  (FlModelKind    kind);
FlModel     *fl_model_fit                 (const FlModelParams *params,
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
                                           GError             **error);
float       *fl_model_predict             (FlModel            *self,
                                           const FlModelInput *input,
                                           GError            **error);
float       *fl_model_predict_rounds      (FlModel            *self,
                                           const FlModelInput *input,
                                           guint               n_rounds,
                                           GError            **error);
FlModelKind  fl_model_get_kind            (FlModel            *self);
gsize        fl_model_get_n_features      (FlModel            *self);
const char * const *
             fl_model_get_feature_names   (FlModel            *self);
guint        fl_model_get_best_iteration  (FlModel            *self);
double       fl_model_get_best_score      (FlModel            *self);
const double *
             fl_model_get_coefficients    (FlModel            *self,
                                           gsize              *n_coef,
                                           double             *intercept);
GBytes      *fl_model_to_bytes            (FlModel            *self,
                                           GError            **error);
FlModel     *fl_model_new_from_bytes      (FlModelKind         kind,
                                           GBytes             *bytes,
                                           GError            **error);
GHashTable  *fl_model_feature_importance  (FlModel            *self,
                                           const char         *importance_type,
                                           GError            **error);
void         fl_model_free                (FlModel            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlModel, fl_model_free)

G_END_DECLS
