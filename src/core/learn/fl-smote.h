/* fl-smote.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlSmoteParams:
 * @k_neighbors: neighbours per minority row (imbalanced-learn default 5)
 * @seed: random seed
 * @sampling_ratio: wanted minority/majority ratio after resampling
 *   (1.0 = balanced, as imbalanced-learn's `sampling_strategy="auto"`)
 */
typedef struct
{
  guint   k_neighbors;
  guint64 seed;
  double  sampling_ratio;
} FlSmoteParams;

void     fl_smote_params_init_default (FlSmoteParams *params);
gboolean fl_smote_resample            (const double         *X,
                                       const guint8         *y,
                                       gsize                 n,
                                       gsize                 d,
                                       const FlSmoteParams  *params,
                                       double              **X_out,
                                       guint8              **y_out,
                                       gsize                *n_out,
                                       gsize               **parents_out,
                                       double              **gaps_out,
                                       GError              **error);

G_END_DECLS
