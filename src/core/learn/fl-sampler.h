/* fl-sampler.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlSamplerKind:
 * @FL_SAMPLER_NONE: training rows as they are
 * @FL_SAMPLER_SMOTE: SMOTE (Chawla et al. 2002)
 * @FL_SAMPLER_BORDERLINE_SMOTE1: Borderline-SMOTE 1 (Han et al. 2005)
 * @FL_SAMPLER_BORDERLINE_SMOTE2: Borderline-SMOTE 2 (Han et al. 2005)
 * @FL_SAMPLER_ADASYN: ADASYN (He et al. 2008)
 * @FL_SAMPLER_RANDOM_OVER: random over-sampling of the minority with replacement
 * @FL_SAMPLER_RANDOM_UNDER: random under-sampling of the majority
 * @FL_SAMPLER_CLASS_WEIGHT: no new rows; instance weights n_neg / n_pos on
 *   the positive rows (XGBoost's `scale_pos_weight` equivalent)
 */
typedef enum
{
  FL_SAMPLER_NONE,
  FL_SAMPLER_SMOTE,
  FL_SAMPLER_BORDERLINE_SMOTE1,
  FL_SAMPLER_BORDERLINE_SMOTE2,
  FL_SAMPLER_ADASYN,
  FL_SAMPLER_RANDOM_OVER,
  FL_SAMPLER_RANDOM_UNDER,
  FL_SAMPLER_CLASS_WEIGHT,
} FlSamplerKind;

/**
 * FlSamplerParams:
 * @kind: the treatment
 * @k_neighbors: neighbours for the SMOTE family and ADASYN (default 5)
 * @m_neighbors: neighbours that decide "danger" in Borderline-SMOTE (default 10)
 * @sampling_ratio: wanted minority/majority ratio afterwards (default 1.0)
 * @seed: random seed
 * @adapt_k: when the minority has ≤ k rows, lower k to minority − 1 (with a
 *   warning) instead of failing (Borderline-SMOTE 2's k and Borderline's m
 *   are searched among all training rows and fitted to those); with < 2
 *   minority rows (or a single class) the sampler is skipped with a warning
 */
typedef struct
{
  FlSamplerKind kind;
  guint         k_neighbors;
  guint         m_neighbors;
  double        sampling_ratio;
  guint64       seed;
  gboolean      adapt_k;
} FlSamplerParams;

/**
 * FlSamplerResult:
 * @n: rows after resampling
 * @X: (array): @n × d, row-major (original rows first, in order, unless
 *   under-sampled; then the kept rows in their original order)
 * @y: (array length=n): labels
 * @weights: (array length=n) (nullable): instance weights (class weights only)
 * @n_synthetic: rows created
 * @n_removed: rows dropped (under-sampling)
 * @k_used: neighbours actually used (0 when not applicable or skipped)
 * @warnings: (element-type utf8): what the user must see (k lowered, skipped)
 * @m_used: Borderline-SMOTE's danger neighbours actually used (0 otherwise)
 * @parents: (array) (nullable): for the s-th synthetic row (output row
 *   `n − n_synthetic + s`), `parents[2s]` = base row i and
 *   `parents[2s + 1]` = neighbour row j, both indices into the input rows;
 *   j = i for random over-sampling; %NULL when no row was created
 * @gaps: (array length=n_synthetic) (nullable): the gap u of each synthetic
 *   row, `x_new = x_i + u · (x_j − x_i)`; %NULL when no row was created
 *
 * Free with fl_sampler_result_free().
 */
typedef struct
{
  gsize      n;
  double    *X;
  guint8    *y;
  double    *weights;
  gsize      n_synthetic;
  gsize      n_removed;
  guint      k_used;
  GPtrArray *warnings;
  guint      m_used;
  gsize     *parents;
  double    *gaps;
} FlSamplerResult;

void             fl_sampler_params_init_default (FlSamplerParams *params);
const char      *fl_sampler_kind_to_string      (FlSamplerKind    kind);
gboolean         fl_sampler_kind_from_string    (const char      *name,
                                                 FlSamplerKind   *out);
FlSamplerResult *fl_sampler_resample            (const FlSamplerParams *params,
                                                 const double          *X,
                                                 const guint8          *y,
                                                 gsize                  n,
                                                 gsize                  d,
                                                 GError               **error);
void             fl_sampler_result_free         (FlSamplerResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSamplerResult, fl_sampler_result_free)

G_END_DECLS
