/* fl-features.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlPipelineMode:
 * @FL_PIPELINE_HONEST: no forward-fill (empty buckets are not rows), rolling
 *   baseline over past buckets only (current bucket excluded), warm-up rows
 *   dropped, target = any degraded bucket in (t, t + horizon]
 * @FL_PIPELINE_SEED_COMPAT: the NetProphet pipeline exactly as published
 *   (pandas `resample().agg()`, `ffill()`, `rolling(min_periods=1)` including
 *   the current bucket, target = label `horizon` buckets ahead)
 */
typedef enum
{
  FL_PIPELINE_HONEST,
  FL_PIPELINE_SEED_COMPAT,
} FlPipelineMode;

/**
 * FlPipelineParams:
 * @mode: #FlPipelineMode
 * @bucket_s: bucket width in s (default 60)
 * @window_buckets: rolling baseline window in buckets (default 60)
 * @k_sigma: label threshold in rolling standard deviations (default 2.5)
 * @horizon_buckets: prediction horizon in buckets (default 5)
 * @change_lag_buckets: lag of `latency_change_5m` in buckets (default 5)
 */
typedef struct
{
  FlPipelineMode mode;
  guint          bucket_s;
  guint          window_buckets;
  double         k_sigma;
  guint          horizon_buckets;
  guint          change_lag_buckets;
} FlPipelineParams;

enum
{
  FL_FEATURE_AVG_LATENCY,
  FL_FEATURE_JITTER,
  FL_FEATURE_RTT_MIN,
  FL_FEATURE_RTT_MAX,
  FL_FEATURE_PACKET_COUNT,
  FL_FEATURE_LATENCY_CHANGE_5M,
  FL_FEATURE_ROLLING_MEAN,
  FL_FEATURE_ROLLING_STD,
  FL_N_FEATURES
};

/**
 * FlFeatureTable:
 * @n_rows: rows (buckets kept)
 * @n_features: columns of @X (%FL_N_FEATURES)
 * @bucket_start_s: (array length=n_rows): bucket start, s since the epoch
 * @X: (array): @n_rows × @n_features, row-major; NaN = missing
 * @label_now: (array length=n_rows): is_degraded at the bucket (0/1)
 * @target: (array length=n_rows): label to predict (0/1)
 * @imputed: (array length=n_rows): 1 where the row was forward-filled
 *   (seed-compat only)
 * @n_buckets: buckets between the first and the last sample
 * @n_empty_buckets: buckets without any reply
 * @n_warmup_dropped: rows dropped because the baseline was not warm yet
 *   (honest) or because of NaN features (seed-compat `dropna()`)
 *
 * Free with fl_feature_table_free().
 */
typedef struct
{
  gsize    n_rows;
  gsize    n_features;
  double  *bucket_start_s;
  double  *X;
  guint8  *label_now;
  guint8  *target;
  guint8  *imputed;
  gsize    n_buckets;
  gsize    n_empty_buckets;
  gsize    n_warmup_dropped;
} FlFeatureTable;

extern const char * const fl_feature_names[FL_N_FEATURES];

const char     *fl_pipeline_mode_to_string   (FlPipelineMode mode);
gboolean        fl_pipeline_mode_from_string (const char     *name,
                                              FlPipelineMode *out);
void            fl_pipeline_params_init_default (FlPipelineParams *params);
FlFeatureTable *fl_features_compute          (const double           *ts_s,
                                              const double           *rtt_ms,
                                              gsize                   n,
                                              const FlPipelineParams *params,
                                              GError                **error);
void            fl_feature_table_free        (FlFeatureTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlFeatureTable, fl_feature_table_free)

G_END_DECLS
