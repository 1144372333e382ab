/* fl-dataset.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-dataset.h"

/**
 * fl_dataset_new:
 * @n_rows: rows (may be 0)
 * @n_features: feature columns (may be 0)
 *
 * Allocates a dataset with every array in place: @X (@n_rows × @n_features,
 * row-major), @y, @label_now, @ts_s (s) and @group zero-filled, @rule_score
 * filled with NaN ("undefined"), and @feature_names an array of @n_features
 * %NULL pointers followed by a terminating %NULL. The caller fills the
 * names with g_strdup()ed strings, which the dataset then owns.
 *
 * Aborts, as g_new() does, when the sizes overflow.
 *
 * Returns: (transfer full): a new dataset; free with fl_dataset_free()
 */
FlDataset *
fl_dataset_new (gsize n_rows,
                gsize n_features)
{
  FlDataset *self = g_new0 (FlDataset, 1);

  if (n_features > 0 && n_rows > G_MAXSIZE / sizeof (double) / n_features)
    g_error ("fl_dataset_new: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT
             " overflows", n_rows, n_features);

  self->n_rows = n_rows;
  self->n_features = n_features;
  self->feature_names = g_new0 (char *, n_features + 1);
  self->X = g_new0 (double, n_rows * n_features);
  self->y = g_new0 (guint8, n_rows);
  self->label_now = g_new0 (guint8, n_rows);
  self->rule_score = g_new (double, n_rows);
  for (gsize i = 0; i < n_rows; i++)
    self->rule_score[i] = NAN;
  self->ts_s = g_new0 (double, n_rows);
  self->group = g_new0 (gint64, n_rows);

  return self;
}

/**
 * fl_dataset_subset:
 * @self: a dataset
 * @rows: (array length=n_rows): row indices into @self, each < @self->n_rows;
 *   repeats allowed
 * @n_rows: number of indices (may be 0)
 *
 * A deep copy of the given rows, in the given order (not re-sorted), with
 * all columns and a copy of the feature names. A %NULL @rule_score stays
 * %NULL in the copy.
 *
 * Returns: (transfer full) (nullable): the new dataset, free with
 *   fl_dataset_free(); %NULL (with a critical warning) when an index is out
 *   of range, which is a programming error
 */
FlDataset *
fl_dataset_subset (const FlDataset *self,
                   const gsize     *rows,
                   gsize            n_rows)
{
  FlDataset *sub;
  gsize d;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);
  for (gsize r = 0; r < n_rows; r++)
    g_return_val_if_fail (rows[r] < self->n_rows, NULL);

  d = self->n_features;
  sub = fl_dataset_new (n_rows, d);
  for (gsize c = 0; c < d; c++)
    sub->feature_names[c] = self->feature_names != NULL
                            ? g_strdup (self->feature_names[c]) : NULL;

  if (self->rule_score == NULL)
    g_clear_pointer (&sub->rule_score, g_free);

  for (gsize r = 0; r < n_rows; r++)
    {
      gsize i = rows[r];

      if (d > 0)
        memcpy (sub->X + r * d, self->X + i * d, d * sizeof (double));
      sub->y[r] = self->y[i];
      sub->label_now[r] = self->label_now[i];
      if (sub->rule_score != NULL)
        sub->rule_score[r] = self->rule_score[i];
      sub->ts_s[r] = self->ts_s[i];
      sub->group[r] = self->group[i];
    }

  return sub;
}

/**
 * fl_dataset_free:
 * @self: (nullable) (transfer full): a dataset
 *
 * Frees @self, its arrays and its feature names (each of the
 * @n_features entries, %NULL entries allowed). %NULL is ignored.
 */
void
fl_dataset_free (FlDataset *self)
{
  if (self == NULL)
    return;

  if (self->feature_names != NULL)
    {
      for (gsize c = 0; c < self->n_features; c++)
        g_free (self->feature_names[c]);
      g_free (self->feature_names);
    }
  g_free (self->X);
  g_free (self->y);
  g_free (self->label_now);
  g_free (self->rule_score);
  g_free (self->ts_s);
  g_free (self->group);
  g_free (self);
}
