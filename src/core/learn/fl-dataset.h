/* fl-dataset.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlDataset:
 * @n_rows: rows, in time order within each series
 * @n_features: feature columns
 * @feature_names: (array length=n_features): column names
 * @X: (array): @n_rows × @n_features, row-major; NaN = missing
 * @y: (array length=n_rows): target to predict (0/1)
 * @label_now: (array length=n_rows): the label at the row's own time (0/1);
 *   the persistence baseline predicts @y from it
 * @rule_score: (array length=n_rows) (nullable): the labelling rule's own
 *   score at the row's time (for a z-score label, (x − mean) / std), NaN when
 *   undefined; the rule baseline ranks rows by it
 * @ts_s: (array length=n_rows): row time (bucket start), s since the epoch
 * @group: (array length=n_rows): series id of the row
 *
 * A table of rows ready for splitting, resampling and models. Free with
 * fl_dataset_free().
 */
typedef struct
{
  gsize    n_rows;
  gsize    n_features;
  char   **feature_names;
  double  *X;
  guint8  *y;
  guint8  *label_now;
  double  *rule_score;
  double  *ts_s;
  gint64  *group;
} FlDataset;

FlDataset *fl_dataset_new       (gsize            n_rows,
                                 gsize            n_features);
FlDataset *fl_dataset_subset    (const FlDataset *self,
                                 const gsize     *rows,
                                 gsize            n_rows);
void       fl_dataset_free      (FlDataset       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlDataset, fl_dataset_free)

G_END_DECLS
