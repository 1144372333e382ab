/* fl-project-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fl-metrics.h"
#include "fl-project.h"

G_BEGIN_DECLS

/*
 * FlArmRecord: one arm of a run: its metrics and curves, the model of its
 * last fold (nullable), and its pooled test predictions. Arrays are borrowed.
 */
typedef struct
{
  const char    *name;
  const char    *metrics_json;
  const char    *curves_json;
  GBytes        *model;
  const char    *model_kind;
  gsize          n;
  const double  *ts_s;
  const gint64  *group;
  const guint   *fold;
  const guint8  *y;
  const float   *score;
} FlArmRecord;

/*
 * FlRunRecord: everything stored for one finished run. Arrays are borrowed.
 * The results row holds the first arm's confusion matrix and metrics.
 */
typedef struct
{
  const char        *kind;
  const char        *config_json;
  const char        *manifest_json;
  const char        *summary_json;
  const char        *metrics_json;
  GBytes            *model;
  const char        *model_library;
  const char        *feature_names_json;
  double             threshold;
  FlConfusionMatrix  cm;
  gint64             series_id;
  gsize              n_predictions;
  const double      *pred_ts_s;
  const guint8      *pred_y;
  const float       *pred_score;
  const FlArmRecord *arms;
  gsize              n_arms;
} FlRunRecord;

gint64   _fl_project_store_run          (FlProject         *self,
                                         const FlRunRecord *run,
                                         GError           **error);
char    *_fl_project_sha256_file        (const char        *path,
                                         guint64           *size_out,
                                         GCancellable      *cancellable,
                                         GError           **error);
gboolean _fl_project_find_source_by_sha (FlProject         *self,
                                         const char        *sha,
                                         char             **file_name,
                                         gint64            *imported_at);

void     _fl_project_set_import_buffer_max (gsize        n_samples);
void     _fl_project_set_import_cache_kib  (gint64       kib);

G_END_DECLS
