/* fl-features.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-features"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-features.h"

/* A dense bucket grid larger than this is refused (about 1.5 GiB of work arrays). */
#define MAX_BUCKETS ((gsize)32 * 1024 * 1024)

const char * const fl_feature_names[FL_N_FEATURES] = {
  "avg_latency",
  "jitter",
  "rtt_min",
  "rtt_max",
  "packet_count",
  "latency_change_5m",
  "rolling_mean",
  "rolling_std",
};

/**
 * fl_pipeline_mode_to_string:
 * @mode: a #FlPipelineMode
 *
 * Returns: (transfer none): `"honest"` or `"seed-compat"`
 */
const char *
fl_pipeline_mode_to_string (FlPipelineMode mode)
{
  return mode == FL_PIPELINE_SEED_COMPAT ? "seed-compat" : "honest";
}

/**
 * fl_pipeline_mode_from_string:
 * @name: `"honest"` or `"seed-compat"`
 * @out: (out): the mode
 *
 * Returns: %TRUE if @name is a known mode
 */
gboolean
fl_pipeline_mode_from_string (const char     *name,
                              FlPipelineMode *out)
{
  if (g_strcmp0 (name, "honest") == 0)
    *out = FL_PIPELINE_HONEST;
  else if (g_strcmp0 (name, "seed-compat") == 0)
    *out = FL_PIPELINE_SEED_COMPAT;
  else
    return FALSE;
  return TRUE;
}

/**
 * fl_pipeline_params_init_default:
 * @params: (out caller-allocates): parameters to fill
 *
 * Fills in the NetProphet defaults: honest mode, 60 s buckets, a 60-bucket
 * baseline, k = 2.5, a 5-bucket horizon and a 5-bucket latency change.
 */
void
fl_pipeline_params_init_default (FlPipelineParams *params)
{
  params->mode = FL_PIPELINE_HONEST;
  params->bucket_s = 60;
  params->window_buckets = 60;
  params->k_sigma = 2.5;
  params->horizon_buckets = 5;
  params->change_lag_buckets = 5;
}

typedef struct
{
  gsize   n;          /* buckets from first to last non-empty one */
  gint64  first;      /* index of the first bucket (floor (ts / bucket_s)) */
  double *count;
  double *mean;
  double *std;
  double *min;
  double *max;
} Buckets;

static void
buckets_clear (Buckets *b)
{
  g_free (b->count);
  g_free (b->mean);
  g_free (b->std);
  g_free (b->min);
  g_free (b->max);
}

/* Per-bucket count, mean, sample standard deviation (ddof = 1, NaN below two
 * replies, as pandas' std), min and max of the replies (lost samples skipped).
 * Two passes for the standard deviation, so it is exact rather than the
 * E[x²] − E[x]² shortcut. */
static gboolean
buckets_compute (const double  *ts_s,
                 const double  *rtt_ms,
                 gsize          n,
                 guint          bucket_s,
                 Buckets       *b,
                 GError       **error)
{
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  double *sq;

  memset (b, 0, sizeof *b);
  for (gsize i = 0; i < n; i++)
    {
      gint64 k;

      if (isnan (rtt_ms[i]) || !isfinite (ts_s[i]))
        continue;
      k = (gint64)floor (ts_s[i] / bucket_s);
      lo = MIN (lo, k);
      hi = MAX (hi, k);
    }
  if (lo > hi)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "The series has no replies with an RTT");
      return FALSE;
    }
  if ((guint64)(hi - lo) >= MAX_BUCKETS)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The series spans %" G_GINT64_FORMAT " buckets of %u s; choose a larger bucket",
                   hi - lo + 1, bucket_s);
      return FALSE;
    }

  b->first = lo;
  b->n = (gsize)(hi - lo + 1);
  b->count = g_new0 (double, b->n);
  b->mean = g_new0 (double, b->n);
  b->std = g_new (double, b->n);
  b->min = g_new (double, b->n);
  b->max = g_new (double, b->n);
  sq = g_new0 (double, b->n);

  for (gsize j = 0; j < b->n; j++)
    {
      b->min[j] = INFINITY;
      b->max[j] = -INFINITY;
    }
  for (gsize i = 0; i < n; i++)
    {
      gsize j;

      if (isnan (rtt_ms[i]) || !isfinite (ts_s[i]))
        continue;
      j = (gsize)((gint64)floor (ts_s[i] / bucket_s) - lo);
      b->count[j] += 1;
      b->mean[j] += rtt_ms[i];
      b->min[j] = MIN (b->min[j], rtt_ms[i]);
      b->max[j] = MAX (b->max[j], rtt_ms[i]);
    }
  for (gsize j = 0; j < b->n; j++)
    {
      if (b->count[j] > 0)
        b->mean[j] /= b->count[j];
      else
        b->mean[j] = b->min[j] = b->max[j] = NAN;
    }
  for (gsize i = 0; i < n; i++)
    {
      gsize j;
      double d;

      if (isnan (rtt_ms[i]) || !isfinite (ts_s[i]))
        continue;
      j = (gsize)((gint64)floor (ts_s[i] / bucket_s) - lo);
      d = rtt_ms[i] - b->mean[j];
      sq[j] += d * d;
    }
  for (gsize j = 0; j < b->n; j++)
    b->std[j] = b->count[j] >= 2 ? sqrt (sq[j] / (b->count[j] - 1)) : NAN;

  g_free (sq);
  return TRUE;
}

/* Mean and sample standard deviation (ddof = 1) of the non-NaN values in
 * v[from..to] inclusive; *n_obs gets their number. */
static void
window_stats (const double *v,
              gssize        from,
              gssize        to,
              double       *mean,
              double       *std,
              gsize        *n_obs)
{
  double sum = 0, ss = 0;
  gsize m = 0;

  for (gssize i = from; i <= to; i++)
    if (!isnan (v[i]))
      {
        sum += v[i];
        m++;
      }
  *n_obs = m;
  if (m == 0)
    {
      *mean = *std = NAN;
      return;
    }
  *mean = sum / m;
  for (gssize i = from; i <= to; i++)
    if (!isnan (v[i]))
      ss += (v[i] - *mean) * (v[i] - *mean);
  *std = m >= 2 ? sqrt (ss / (m - 1)) : NAN;
}

static FlFeatureTable *
table_new (gsize n_alloc)
{
  FlFeatureTable *t = g_new0 (FlFeatureTable, 1);

  t->n_features = FL_N_FEATURES;
  t->bucket_start_s = g_new (double, MAX (n_alloc, 1));
  t->X = g_new (double, MAX (n_alloc, 1) * FL_N_FEATURES);
  t->label_now = g_new0 (guint8, MAX (n_alloc, 1));
  t->target = g_new0 (guint8, MAX (n_alloc, 1));
  t->imputed = g_new0 (guint8, MAX (n_alloc, 1));
  return t;
}

static void
forward_fill (double *v,
              gsize   n)
{
  double last = NAN;

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (v[i]))
        v[i] = last;
      else
        last = v[i];
    }
}

/* The NetProphet `process_data.py` pipeline, column by column as pandas
 * computes it (see ../shared/bench/seed001_reference.py, features()):
 *   r = resample(bucket).agg(mean, std, min, max, count); r = r.ffill()
 *   latency_change_5m = avg.diff(5)
 *   rolling_mean/std = avg.rolling(60, min_periods=1).mean()/std()
 *   is_degraded = avg > rolling_mean + k * rolling_std
 *   target = is_degraded.shift(-5); dropna(target); then dropna() of all
 *   columns before training. */
static FlFeatureTable *
compute_seed_compat (const Buckets          *b,
                     const FlPipelineParams *p)
{
  g_autofree double *avg = g_memdup2 (b->mean, b->n * sizeof (double));
  g_autofree double *jit = g_memdup2 (b->std, b->n * sizeof (double));
  g_autofree double *mn = g_memdup2 (b->min, b->n * sizeof (double));
  g_autofree double *mx = g_memdup2 (b->max, b->n * sizeof (double));
  g_autofree guint8 *degraded = g_new0 (guint8, b->n);
  g_autofree double *rmean = g_new (double, b->n);
  g_autofree double *rstd = g_new (double, b->n);
  FlFeatureTable *t = table_new (b->n);
  gsize h = p->horizon_buckets;

  forward_fill (avg, b->n);
  forward_fill (jit, b->n);
  forward_fill (mn, b->n);
  forward_fill (mx, b->n);

  for (gsize i = 0; i < b->n; i++)
    {
      gssize from = (gssize)i - (gssize)p->window_buckets + 1;
      gsize m;

      window_stats (avg, MAX (from, 0), (gssize)i, &rmean[i], &rstd[i], &m);
      degraded[i] = !isnan (rstd[i]) && avg[i] > rmean[i] + p->k_sigma * rstd[i];
    }

  t->n_buckets = b->n;
  for (gsize i = 0; i < b->n; i++)
    if (b->count[i] == 0)
      t->n_empty_buckets++;

  for (gsize i = 0; i + h < b->n; i++)
    {
      double row[FL_N_FEATURES];
      gboolean has_nan = FALSE;

      row[FL_FEATURE_AVG_LATENCY] = avg[i];
      row[FL_FEATURE_JITTER] = jit[i];
      row[FL_FEATURE_RTT_MIN] = mn[i];
      row[FL_FEATURE_RTT_MAX] = mx[i];
      row[FL_FEATURE_PACKET_COUNT] = b->count[i];
      row[FL_FEATURE_LATENCY_CHANGE_5M] =
        i >= p->change_lag_buckets ? avg[i] - avg[i - p->change_lag_buckets] : NAN;
      row[FL_FEATURE_ROLLING_MEAN] = rmean[i];
      row[FL_FEATURE_ROLLING_STD] = rstd[i];

      for (guint f = 0; f < FL_N_FEATURES; f++)
        has_nan |= isnan (row[f]);
      if (has_nan)
        {
          t->n_warmup_dropped++;
          continue;
        }

      t->bucket_start_s[t->n_rows] = (double)(b->first + (gint64)i) * p->bucket_s;
      memcpy (&t->X[t->n_rows * FL_N_FEATURES], row, sizeof row);
      t->label_now[t->n_rows] = degraded[i];
      t->target[t->n_rows] = degraded[i + h];
      t->imputed[t->n_rows] = b->count[i] == 0;
      t->n_rows++;
    }

  return t;
}

/* The honest variant (methodology.md §7.3, guards 2 and 3):
 *  - only buckets with at least one reply are rows; nothing is forward-filled;
 *  - the baseline at bucket b is the mean and standard deviation of the
 *    bucket averages in [b − window, b − 1] (the current bucket excluded);
 *  - a bucket's label is defined once the series has existed for a full
 *    window and the window holds at least two non-empty buckets (warm-up
 *    rows are dropped);
 *  - latency_change_5m = avg(b) − avg of the latest non-empty bucket in
 *    [b − window, b − lag], NaN (missing) when there is none;
 *  - target(b) = 1 when any non-empty bucket in (b, b + horizon] is degraded,
 *    0 when there are non-empty buckets there and none is degraded; rows
 *    with no data in the horizon have no target and are dropped. */
static FlFeatureTable *
compute_honest (const Buckets          *b,
                const FlPipelineParams *p)
{
  g_autofree double *rmean = g_new (double, b->n);
  g_autofree double *rstd = g_new (double, b->n);
  g_autofree gint8 *label = g_new (gint8, b->n);   /* -1 undefined */
  FlFeatureTable *t;
  gsize w = p->window_buckets, h = p->horizon_buckets, lag = p->change_lag_buckets;
  gsize n_nonempty = 0;

  for (gsize i = 0; i < b->n; i++)
    {
      label[i] = -1;
      rmean[i] = rstd[i] = NAN;
      if (b->count[i] == 0)
        continue;
      n_nonempty++;
      if (i >= w)
        {
          gsize m;

          window_stats (b->mean, (gssize)(i - w), (gssize)i - 1, &rmean[i], &rstd[i], &m);
          if (m >= 2)
            label[i] = b->mean[i] > rmean[i] + p->k_sigma * rstd[i];
        }
    }

  t = table_new (n_nonempty);
  t->n_buckets = b->n;
  t->n_empty_buckets = b->n - n_nonempty;

  for (gsize i = 0; i < b->n; i++)
    {
      double *row;
      double change = NAN;
      gint target = -1;

      if (b->count[i] == 0)
        continue;
      if (label[i] < 0)
        {
          t->n_warmup_dropped++;
          continue;
        }

      for (gsize j = i + 1; j <= i + h && j < b->n; j++)
        {
          if (label[j] < 0)
            continue;
          target = MAX (target, label[j]);
        }
      if (target < 0)
        continue;

      if (i >= lag)
        {
          gsize stop = i >= w ? i - w : 0;

          for (gsize j = i - lag + 1; j-- > stop;)
            if (b->count[j] > 0)
              {
                change = b->mean[i] - b->mean[j];
                break;
              }
        }

      row = &t->X[t->n_rows * FL_N_FEATURES];
      row[FL_FEATURE_AVG_LATENCY] = b->mean[i];
      row[FL_FEATURE_JITTER] = b->std[i];
      row[FL_FEATURE_RTT_MIN] = b->min[i];
      row[FL_FEATURE_RTT_MAX] = b->max[i];
      row[FL_FEATURE_PACKET_COUNT] = b->count[i];
      row[FL_FEATURE_LATENCY_CHANGE_5M] = change;
      row[FL_FEATURE_ROLLING_MEAN] = rmean[i];
      row[FL_FEATURE_ROLLING_STD] = rstd[i];
      t->bucket_start_s[t->n_rows] = (double)(b->first + (gint64)i) * p->bucket_s;
      t->label_now[t->n_rows] = (guint8)label[i];
      t->target[t->n_rows] = (guint8)target;
      t->n_rows++;
    }

  return t;
}

/**
 * fl_features_compute:
 * @ts_s: (array length=n): sample times, s since the epoch (any order)
 * @rtt_ms: (array length=n): RTT in ms, NaN for lost packets (ignored)
 * @n: number of samples
 * @params: pipeline parameters
 * @error: return location for a #GError
 *
 * Buckets one series and computes the NetProphet features, the degradation
 * label `avg_latency > rolling_mean + k·rolling_std` and the target, either
 * exactly as the published pipeline does (%FL_PIPELINE_SEED_COMPAT, pandas
 * semantics: forward-fill, `min_periods=1`, current bucket in the window,
 * target = label `horizon` buckets ahead, rows with any NaN dropped) or
 * honestly (%FL_PIPELINE_HONEST, see the comment on compute_honest() in
 * this file and `methodology.md` §7.3).
 *
 * Features, in this column order (#fl_feature_names): avg_latency (ms),
 * jitter (sample standard deviation, ms), rtt_min (ms), rtt_max (ms),
 * packet_count (replies in the bucket), latency_change_5m (ms),
 * rolling_mean (ms), rolling_std (ms).
 *
 * Returns: (transfer full): the feature table (possibly with zero rows), or
 *   %NULL with %FL_ERROR_INVALID (bad parameters, span too long) or
 *   %FL_ERROR_INSUFFICIENT_DATA (no replies)
 */
FlFeatureTable *
fl_features_compute (const double            *ts_s,
                     const double            *rtt_ms,
                     gsize                    n,
                     const FlPipelineParams  *params,
                     GError                 **error)
{
  Buckets b;
  FlFeatureTable *t;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (n == 0 || (ts_s != NULL && rtt_ms != NULL), NULL);

  if (params->bucket_s == 0 || params->window_buckets < 2 || params->horizon_buckets == 0 ||
      params->change_lag_buckets == 0 || !(params->k_sigma > 0) || !isfinite (params->k_sigma))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Invalid pipeline parameters: bucket %u s, window %u buckets, k %g, "
                   "horizon %u buckets, change lag %u buckets (all must be positive; "
                   "the window at least 2)",
                   params->bucket_s, params->window_buckets, params->k_sigma,
                   params->horizon_buckets, params->change_lag_buckets);
      return NULL;
    }

  if (!buckets_compute (ts_s, rtt_ms, n, params->bucket_s, &b, error))
    return NULL;

  if (params->mode == FL_PIPELINE_SEED_COMPAT)
    t = compute_seed_compat (&b, params);
  else
    t = compute_honest (&b, params);

  buckets_clear (&b);
  return t;
}

/**
 * fl_feature_table_free:
 * @table: (nullable) (transfer full): a #FlFeatureTable
 *
 * Frees @table and its arrays.
 */
void
fl_feature_table_free (FlFeatureTable *table)
{
  if (table == NULL)
    return;
  g_free (table->bucket_start_s);
  g_free (table->X);
  g_free (table->label_now);
  g_free (table->target);
  g_free (table->imputed);
  g_free (table);
}
