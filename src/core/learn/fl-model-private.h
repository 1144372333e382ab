/* fl-model-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fl-isolation-forest.h"
#include "fl-model.h"

G_BEGIN_DECLS

/* Version of the JSON documents written for the non-XGBoost kinds. */
#define FL_MODEL_JSON_FORMAT 1

struct _FlModel
{
  FlModelKind   kind;
  FlModelParams params;
  gsize         d;
  char        **feature_names;   /* d names + NULL */

  /* XGBoost and random forest */
  gpointer      booster;         /* BoosterHandle */
  guint         best_iteration;  /* 0-based; predictions use trees [0, best] */
  double        best_score;      /* validation AP at best_iteration, or NaN */

  /* Logistic regression */
  struct model *linear;          /* liblinear model on standardised inputs */
  double       *mean;            /* d training means (NaN imputation, centring) */
  double       *scale;           /* d training standard deviations (ddof 0) */
  double       *coef;            /* d + 1: class-1 coefficients, then intercept */

  /* Isolation forest */
  FlIsolationForest *iforest;
};

/* fl-model-xgb.c: XGBoost and random forest */
/* A DMatrix reused by many fits / predictions (fl-tuning.c) */
typedef struct _FlXgbMatrix FlXgbMatrix;

FlXgbMatrix *fl_xgb_matrix_new       (const double        *X,
                                      const guint8        *y,
                                      const double        *weights,
                                      gsize                n,
                                      gsize                d,
                                      GError             **error);
void        fl_xgb_matrix_free       (FlXgbMatrix         *m);
void        fl_xgb_matrix_get_shape  (const FlXgbMatrix   *m,
                                      gsize               *n,
                                      gsize               *d,
                                      gsize               *n_pos);
FlModel    *fl_model_fit_xgb_matrix  (const FlModelParams *params,
                                      FlXgbMatrix         *train,
                                      GCancellable        *cancellable,
                                      GError             **error);
float      *fl_model_predict_xgb_matrix (FlModel          *self,
                                         FlXgbMatrix      *rows,
                                         guint             n_rounds,
                                         GError          **error);
gboolean    fl_model_xgb_fit_matrix  (FlModel             *self,
                                      FlXgbMatrix         *train,
                                      GCancellable        *cancellable,
                                      GError             **error);
float      *fl_model_xgb_predict_matrix (FlModel          *self,
                                         FlXgbMatrix      *m,
                                         guint             n_rounds,
                                         GError          **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlXgbMatrix, fl_xgb_matrix_free)

gboolean    fl_model_xgb_fit        (FlModel             *self,
                                     const double        *X,
                                     const guint8        *y,
                                     const double        *weights,
                                     gsize                n,
                                     const FlModelInput  *valid,
                                     const guint8        *valid_y,
                                     FlProgressFunc       progress,
                                     gpointer             progress_data,
                                     GCancellable        *cancellable,
                                     GError             **error);
float      *fl_model_xgb_predict_rounds (FlModel            *self,
                                         const FlModelInput *input,
                                         guint               n_rounds,
                                         GError            **error);
float      *fl_model_xgb_predict    (FlModel             *self,
                                     const FlModelInput  *input,
                                     GError             **error);
GBytes     *fl_model_xgb_to_bytes   (FlModel             *self,
                                     GError             **error);
gboolean    fl_model_xgb_load       (FlModel             *self,
                                     GBytes              *bytes,
                                     GError             **error);
GHashTable *fl_model_xgb_importance (FlModel             *self,
                                     const char          *importance_type,
                                     GError             **error);
void        fl_model_xgb_clear      (FlModel             *self);

/* fl-model-logistic.c */
gboolean    fl_model_logistic_fit       (FlModel             *self,
                                         const double        *X,
                                         const guint8        *y,
                                         const double        *weights,
                                         gsize                n,
                                         GCancellable        *cancellable,
                                         GError             **error);
float      *fl_model_logistic_predict   (FlModel             *self,
                                         const FlModelInput  *input,
                                         GError             **error);
void        fl_model_logistic_serialize (FlModel             *self,
                                         JsonBuilder         *builder);
gboolean    fl_model_logistic_load      (FlModel             *self,
                                         JsonObject          *root,
                                         GError             **error);
void        fl_model_logistic_clear     (FlModel             *self);

/* fl-model-baseline.c */
float      *fl_model_baseline_predict   (FlModel             *self,
                                         const FlModelInput  *input,
                                         GError             **error);

/* fl-model.c: helpers shared by the kinds */
gboolean    fl_model_json_read_doubles  (JsonObject          *obj,
                                         const char          *member,
                                         double              *out,
                                         gsize                n,
                                         GError             **error);
void        fl_model_json_add_doubles   (JsonBuilder         *builder,
                                         const char          *member,
                                         const double        *values,
                                         gsize                n);

G_END_DECLS
