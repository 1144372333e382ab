/* gridsearch.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Faultline's side of bench/gridsearch-vs-sklearn.sh: the NetProphet seed's
 * 36-point grid (tune_model.py: n_estimators {100, 200}, max_depth {3, 4, 5},
 * learning_rate {0.05, 0.1}, scale_pos_weight {1, 3, 5}) × 3 expanding
 * time-ordered folds with SMOTE (k = 3) inside each training fold, scored by
 * F1 at 0.5, on the first 80 % (in time) of the seed's feature table after
 * dropping rows with a missing value. Prints one JSON object. */

#define G_LOG_DOMAIN "faultline-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <glib.h>

#include "fl-tuning.h"
#include "fl-xgb.h"

static const char *const features[] = {
  "avg_latency", "jitter", "rtt_min", "rtt_max", "packet_count",
  "latency_change_5m", "rolling_mean", "rolling_std",
};

typedef struct
{
  GPtrArray *header;   /* column names */
  GPtrArray *row;      /* fields of the current row */
  GArray    *cells;    /* double per (row, column) of every data row */
  GArray    *times;    /* s since the epoch */
  gsize      n_cols;
  gboolean   in_header;
  gboolean   bad;
} Reader;

static void
on_field (void   *s,
          size_t  len,
          void   *data)
{
  Reader *r = data;

  g_ptr_array_add (r->row, g_strndup (s, len));
}

static double
parse_time (const char *s)
{
  int Y, M, D, h, m, sec;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (s, "%d-%d-%d %d:%d:%d", &Y, &M, &D, &h, &m, &sec) != 6)
    return NAN;
  dt = g_date_time_new_utc (Y, M, D, h, m, sec);
  return dt != NULL ? (double) g_date_time_to_unix (dt) : NAN;
}

static void
on_row (int   c,
        void *data)
{
  Reader *r = data;

  if (r->in_header)
    {
      g_ptr_array_extend_and_steal (r->header, g_steal_pointer (&r->row));
      r->row = g_ptr_array_new_with_free_func (g_free);
      r->n_cols = r->header->len;
      r->in_header = FALSE;
      return;
    }
  if (r->row->len != r->n_cols)
    r->bad = TRUE;
  else
    {
      double t = parse_time (r->row->pdata[0]);

      g_array_append_val (r->times, t);
      for (gsize j = 0; j < r->n_cols; j++)
        {
          const char *f = r->row->pdata[j];
          char *end = NULL;
          double v = *f != '\0' ? g_ascii_strtod (f, &end) : NAN;

          if (end != NULL && *end != '\0')
            v = j == 0 ? 0.0 : NAN;
          g_array_append_val (r->cells, v);
        }
    }
  g_ptr_array_set_size (r->row, 0);
}

static int
column (Reader     *r,
        const char *name)
{
  for (guint j = 0; j < r->header->len; j++)
    if (g_str_equal (r->header->pdata[j], name))
      return (int) j;
  g_printerr ("column %s missing\n", name);
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  Reader r = { 0 };
  struct csv_parser parser;
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlTuningResult) res = NULL;
  FlTuningParams p;
  gsize n_all, n = 0, n_train, d = G_N_ELEMENTS (features);
  int fcol[G_N_ELEMENTS (features)], tcol;
  g_autofree double *X = NULL;
  g_autofree guint8 *y = NULL;
  g_autofree double *ts = NULL;
  gint64 t0, t1;
  guint nthread = argc > 2 ? (guint) atoi (argv[2]) : 2;
  static const guint rounds[] = { 100, 200 };
  static const guint depths[] = { 3, 4, 5 };
  static const double etas[] = { 0.05, 0.1 };
  static const double spws[] = { 1, 3, 5 };
  FlTuningPoint *best;

  if (argc < 2)
    {
      g_printerr ("usage: %s training_data.csv [nthread]\n", argv[0]);
      return 2;
    }
  t0 = g_get_monotonic_time ();
  if (!g_file_get_contents (argv[1], &text, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  r.header = g_ptr_array_new_with_free_func (g_free);
  r.row = g_ptr_array_new_with_free_func (g_free);
  r.cells = g_array_new (FALSE, FALSE, sizeof (double));
  r.times = g_array_new (FALSE, FALSE, sizeof (double));
  r.in_header = TRUE;
  csv_init (&parser, CSV_APPEND_NULL);
  if (csv_parse (&parser, text, len, on_field, on_row, &r) != len
      || csv_fini (&parser, on_field, on_row, &r) != 0 || r.bad)
    {
      g_printerr ("cannot parse %s\n", argv[1]);
      return 1;
    }
  csv_free (&parser);

  for (gsize j = 0; j < d; j++)
    fcol[j] = column (&r, features[j]);
  tcol = column (&r, "target_5m_degraded");

  /* pandas dropna (): drop rows with a missing value in any column. */
  n_all = r.times->len;
  X = g_new (double, n_all * d);
  y = g_new (guint8, n_all);
  ts = g_new (double, n_all);
  for (gsize i = 0; i < n_all; i++)
    {
      const double *c = &g_array_index (r.cells, double, i * r.n_cols);
      gboolean complete = !isnan (g_array_index (r.times, double, i));

      for (gsize j = 1; j < r.n_cols; j++)
        complete = complete && !isnan (c[j]);
      if (!complete)
        continue;
      for (gsize j = 0; j < d; j++)
        X[n * d + j] = c[fcol[j]];
      y[n] = c[tcol] != 0.0;
      ts[n] = g_array_index (r.times, double, i);
      n++;
    }
  n_train = (gsize) (0.8 * (double) n);
  t1 = g_get_monotonic_time ();

  fl_tuning_params_init_default (&p, FL_MODEL_XGBOOST);
  p.base.nthread = nthread;
  p.base.seed = 42;
  p.grid.n_n_rounds = G_N_ELEMENTS (rounds);
  memcpy (p.grid.n_rounds, rounds, sizeof rounds);
  p.grid.n_max_depth = G_N_ELEMENTS (depths);
  memcpy (p.grid.max_depth, depths, sizeof depths);
  p.grid.n_eta = G_N_ELEMENTS (etas);
  memcpy (p.grid.eta, etas, sizeof etas);
  p.grid.n_scale_pos_weight = G_N_ELEMENTS (spws);
  memcpy (p.grid.scale_pos_weight, spws, sizeof spws);
  p.inner.kind = FL_CV_EXPANDING;
  p.inner.n_folds = 3;
  p.inner.purge_s = 0.0; /* as TimeSeriesSplit (gap = 0) on the Python side */
  p.sampler.kind = FL_SAMPLER_SMOTE;
  p.sampler.k_neighbors = 3;
  p.sampler.sampling_ratio = 1.0;
  p.sampler.seed = 42;
  p.metric = FL_TUNING_F1;
  p.threshold = 0.5;

  res = fl_tuning_run (&p, X, y, ts, n_train, d, NULL, NULL, NULL, &error);
  if (res == NULL)
    {
      g_printerr ("tuning failed: %s\n", error->message);
      return 1;
    }
  best = &res->points[res->best];
  printf ("{\"load_s\": %.4f, \"search_s\": %.4f, \"rows\": %" G_GSIZE_FORMAT
          ", \"train_rows\": %" G_GSIZE_FORMAT ", \"points\": %" G_GSIZE_FORMAT
          ", \"folds\": %u, \"fits\": %" G_GSIZE_FORMAT ", \"nthread\": %u, \"openmp\": \"%s\", "
          "\"best\": {\"n_estimators\": %u, \"max_depth\": %u, \"learning_rate\": %g, "
          "\"scale_pos_weight\": %g}, \"best_mean_f1\": %.4f, \"valid_positives\": %"
          G_GSIZE_FORMAT "}\n",
          (double) (t1 - t0) / 1e6, (double) (g_get_monotonic_time () - t1) / 1e6, n, n_train,
          res->n_points, res->n_folds, res->n_points * res->n_folds, nthread,
          fl_xgb_openmp_runtime (),
          best->params.n_rounds, best->params.max_depth, best->params.eta,
          best->params.scale_pos_weight, best->mean_score, res->n_valid_positives);
  for (gsize i = 0; i < res->n_points; i++)
    {
      FlTuningPoint *pt = &res->points[i];

      g_printerr ("n=%u depth=%u eta=%g spw=%g  f1 %.4f %.4f %.4f  mean %.4f\n",
                  pt->params.n_rounds, pt->params.max_depth, pt->params.eta,
                  pt->params.scale_pos_weight, pt->fold_scores[0], pt->fold_scores[1],
                  pt->fold_scores[2], pt->mean_score);
    }

  g_ptr_array_unref (r.header);
  g_ptr_array_unref (r.row);
  g_array_unref (r.cells);
  g_array_unref (r.times);
  return 0;
}
