/* fl-xgb.h
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
 * FlXgbParams:
 * @n_rounds: boosting rounds (default 200)
 * @eta: learning rate (default 0.1)
 * @max_depth: tree depth (default 5)
 * @nthread: OpenMP threads (default 2)
 * @seed: random seed (default 42)
 * @scale_pos_weight: weight of positive rows (default 1)
 *
 * Parameters of the `binary:logistic`, `tree_method=hist` booster.
 */
typedef struct
{
  guint   n_rounds;
  double  eta;
  guint   max_depth;
  guint   nthread;
  guint64 seed;
  double  scale_pos_weight;
} FlXgbParams;

typedef struct _FlXgbModel FlXgbModel;

void        fl_xgb_params_init_default (FlXgbParams *params);
const char *fl_xgb_version_string      (void);
const char *fl_xgb_openmp_runtime      (void);
FlXgbModel *fl_xgb_model_train         (const double       *X,
                                        const guint8       *y,
                                        gsize               n,
                                        gsize               d,
                                        const char * const *feature_names,
                                        const FlXgbParams  *params,
                                        FlProgressFunc      progress,
                                        gpointer            progress_data,
                                        GCancellable       *cancellable,
                                        GError            **error);
float      *fl_xgb_model_predict       (FlXgbModel   *self,
                                        const double *X,
                                        gsize         n,
                                        gsize         d,
                                        GError      **error);
GBytes     *fl_xgb_model_to_bytes      (FlXgbModel   *self,
                                        GError      **error);
FlXgbModel *fl_xgb_model_new_from_bytes (GBytes      *bytes,
                                         GError     **error);
void        fl_xgb_model_free          (FlXgbModel   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlXgbModel, fl_xgb_model_free)

G_END_DECLS
