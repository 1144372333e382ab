/* fl-tuning.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-metrics.h"
#include "fl-model-private.h"
#include "fl-tuning.h"

/**
 * fl_tuning_params_init_default:
 * @params: (out caller-allocates): parameters to fill
 * @kind: the model to tune
 *
 * Grid search with empty lists (one point: the model's defaults from
 * fl_model_params_init_default()), three expanding inner folds without a
 * purge gap (set @params->inner.purge_s to at least horizon + feature
 * window), no sampler, validation average precision, threshold 0.5.
 */
void
fl_tuning_params_init_default (FlTuningParams *params,
                               FlModelKind     kind)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->search = FL_TUNING_GRID;
  fl_model_params_init_default (&params->base, kind);
  fl_cv_params_init_default (&params->inner);
  params->inner.kind = FL_CV_EXPANDING;
  params->inner.n_folds = 3;
  fl_sampler_params_init_default (&params->sampler);
  params->sampler.kind = FL_SAMPLER_NONE;
  params->metric = FL_TUNING_AVERAGE_PRECISION;
  params->threshold = 0.5;
}

/**
 * fl_tuning_n_points:
 * @params: tuning settings
 *
 * Returns: the number of points fl_tuning_run() evaluates: the product of
 *   the grid's list lengths (an empty list counts 1), or the random draws
 */
gsize
fl_tuning_n_points (const FlTuningParams *params)
{
  const FlTuningGrid *g;

  g_return_val_if_fail (params != NULL, 0);

  if (params->search == FL_TUNING_RANDOM)
    return params->random.n_draws;
  g = &params->grid;
  return (gsize) MAX (g->n_n_rounds, 1) * MAX (g->n_eta, 1) * MAX (g->n_max_depth, 1)
         * MAX (g->n_scale_pos_weight, 1);
}

static gboolean
check_space (const FlTuningParams  *p,
             GError               **error)
{
  if (p->search == FL_TUNING_GRID)
    {
      const FlTuningGrid *g = &p->grid;

      if (g->n_n_rounds > FL_TUNING_MAX_VALUES || g->n_eta > FL_TUNING_MAX_VALUES
          || g->n_max_depth > FL_TUNING_MAX_VALUES
          || g->n_scale_pos_weight > FL_TUNING_MAX_VALUES)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "A grid holds at most %d values per parameter", FL_TUNING_MAX_VALUES);
          return FALSE;
        }
      for (guint i = 0; i < g->n_n_rounds; i++)
        if (g->n_rounds[i] == 0)
          {
            g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                                 "Grid rounds must be ≥ 1");
            return FALSE;
          }
      for (guint i = 0; i < g->n_eta; i++)
        if (!(g->eta[i] > 0.0) || !isfinite (g->eta[i]))
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                         "Grid learning rates must be > 0, got %g", g->eta[i]);
            return FALSE;
          }
      for (guint i = 0; i < g->n_max_depth; i++)
        if (g->max_depth[i] == 0)
          {
            g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                                 "Grid tree depths must be ≥ 1");
            return FALSE;
          }
      for (guint i = 0; i < g->n_scale_pos_weight; i++)
        if (!(g->scale_pos_weight[i] > 0.0) || !isfinite (g->scale_pos_weight[i]))
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                         "Grid positive weights must be > 0, got %g",
                         g->scale_pos_weight[i]);
            return FALSE;
          }
      return TRUE;
    }
  else if (p->search == FL_TUNING_RANDOM)
    {
      const FlTuningRandom *r = &p->random;

      if (r->n_draws == 0)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "A random search needs at least one draw");
          return FALSE;
        }
      if (r->n_rounds_min > r->n_rounds_max || (r->n_rounds_max > 0 && r->n_rounds_min == 0)
          || r->max_depth_min > r->max_depth_max
          || (r->max_depth_max > 0 && r->max_depth_min == 0)
          || !(r->eta_min <= r->eta_max) || (r->eta_max > 0.0 && !(r->eta_min > 0.0))
          || !isfinite (r->eta_max)
          || !(r->scale_pos_weight_min <= r->scale_pos_weight_max)
          || (r->scale_pos_weight_max > 0.0 && !(r->scale_pos_weight_min > 0.0))
          || !isfinite (r->scale_pos_weight_max))
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "Random-search ranges must have 0 < min ≤ max (or both 0 "
                               "for the base value)");
          return FALSE;
        }
      return TRUE;
    }
  g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown search kind %d", p->search);
  return FALSE;
}

static FlModelParams *
make_points (const FlTuningParams *p,
             gsize                 n_points)
{
  FlModelParams *pts = g_new (FlModelParams, n_points);
  FlModelParams base = p->base;

  /* The validation rows score the points; they do not also stop training. */
  base.early_stopping_rounds = 0;

  if (p->search == FL_TUNING_GRID)
    {
      const FlTuningGrid *g = &p->grid;
      gsize k = 0;

      for (guint a = 0; a < MAX (g->n_n_rounds, 1); a++)
        for (guint b = 0; b < MAX (g->n_eta, 1); b++)
          for (guint c = 0; c < MAX (g->n_max_depth, 1); c++)
            for (guint e = 0; e < MAX (g->n_scale_pos_weight, 1); e++)
              {
                FlModelParams *m = &pts[k++];

                *m = base;
                if (g->n_n_rounds > 0)
                  m->n_rounds = g->n_rounds[a];
                if (g->n_eta > 0)
                  m->eta = g->eta[b];
                if (g->n_max_depth > 0)
                  m->max_depth = g->max_depth[c];
                if (g->n_scale_pos_weight > 0)
                  m->scale_pos_weight = g->scale_pos_weight[e];
              }
      g_assert (k == n_points);
    }
  else
    {
      const FlTuningRandom *r = &p->random;
      guint32 seed[2] = { (guint32) r->seed, (guint32) (r->seed >> 32) };
      GRand *rand = g_rand_new_with_seed_array (seed, 2);

      for (gsize k = 0; k < n_points; k++)
        {
          FlModelParams *m = &pts[k];

          /* Always four draws per point, so a fixed range does not shift
           * the others. */
          guint32 u_rounds = g_rand_int (rand);
          double u_eta = g_rand_double (rand);
          guint32 u_depth = g_rand_int (rand);
          double u_spw = g_rand_double (rand);

          *m = base;
          if (r->n_rounds_max > 0)
            m->n_rounds = r->n_rounds_min + u_rounds % (r->n_rounds_max - r->n_rounds_min + 1);
          if (r->eta_max > 0.0)
            m->eta = exp (log (r->eta_min) + u_eta * (log (r->eta_max) - log (r->eta_min)));
          if (r->max_depth_max > 0)
            m->max_depth = r->max_depth_min
                           + u_depth % (r->max_depth_max - r->max_depth_min + 1);
          if (r->scale_pos_weight_max > 0.0)
            m->scale_pos_weight = r->scale_pos_weight_min
                                  + u_spw * (r->scale_pos_weight_max - r->scale_pos_weight_min);
        }
      g_rand_free (rand);
    }
  return pts;
}

typedef struct
{
  gboolean        usable;
  double         *X;
  guint8         *y;
  gsize           n;
  FlSamplerResult *sampled;
  double         *vX;
  guint8         *vy;
  gsize           vn;
  gsize           v_pos;
  gsize           train_rows;
} InnerFold;

static void
inner_fold_clear (InnerFold *f)
{
  g_free (f->X);
  g_free (f->y);
  g_clear_pointer (&f->sampled, fl_sampler_result_free);
  g_free (f->vX);
  g_free (f->vy);
}

static void
gather (const double *X,
        const guint8 *y,
        gsize         d,
        GArray       *rows,
        double      **X_out,
        guint8      **y_out)
{
  gsize m = rows->len;

  *X_out = g_new (double, MAX (m * d, 1));
  *y_out = g_new (guint8, MAX (m, 1));
  for (gsize i = 0; i < m; i++)
    {
      gsize r = g_array_index (rows, gsize, i);

      memcpy (*X_out + i * d, X + r * d, d * sizeof (double));
      (*y_out)[i] = y[r];
    }
}

typedef struct
{
  GMutex                lock;
  const FlTuningParams *params;
  FlTuningResult       *res;
  InnerFold            *inner;
  gsize                 d;
  double                threshold;
  gsize                 total;
  gsize                 done;
  const gsize          *leader;     /* per point: the point whose fit it shares */
  const gsize          *tasks;      /* p · k + f, most expensive first */
  gsize                 n_tasks;
  gint                  next;       /* atomic: index of the next task to take */
  gboolean              single_thread;
  FlProgressFunc        progress;
  gpointer              progress_data;
  GCancellable         *cancellable;
  GError               *error;
} RunCtx;

/* One worker thread and the prepared XGBoost matrices of the inner folds it
 * has worked on: a matrix is built once per fold and worker (and used by
 * that worker only), not once per fit. */
typedef struct
{
  RunCtx       *ctx;
  FlXgbMatrix **train;   /* k, built on first use */
  FlXgbMatrix **valid;   /* k, built on first use */
} Worker;

static gboolean
set_error_once (RunCtx  *ctx,
                GError **error)
{
  gboolean failed;

  g_mutex_lock (&ctx->lock);
  if (error != NULL && *error != NULL && ctx->error == NULL)
    ctx->error = g_steal_pointer (error);
  failed = ctx->error != NULL;
  g_mutex_unlock (&ctx->lock);
  return failed;
}

/* Fits point p on inner fold f (task = p · k + f) and stores the scores of
 * every point that shares the fit. */
static void
run_one (Worker *w,
         gsize   task)
{
  RunCtx *ctx = w->ctx;
  guint k = ctx->res->n_folds;
  gsize p = task / k;
  guint f = (guint) (task % k);
  InnerFold *in = &ctx->inner[f];
  FlTuningPoint *pt = &ctx->res->points[p];
  FlModelParams mp = pt->params;
  gsize n_members = 0;
  g_autoptr(FlModel) model = NULL;
  g_autofree float *score = NULL;
  g_autoptr(GError) error = NULL;
  FlModelInput vin = { 0 };
  const double *tX = in->X;
  const guint8 *ty = in->y;
  const double *tw = NULL;
  gsize tn = in->n;
  gboolean xgb = mp.kind == FL_MODEL_XGBOOST || mp.kind == FL_MODEL_RANDOM_FOREST;

  if (set_error_once (ctx, NULL) || g_cancellable_set_error_if_cancelled (ctx->cancellable, &error))
    goto out;

  if (in->sampled != NULL)
    {
      tX = in->sampled->X;
      ty = in->sampled->y;
      tw = in->sampled->weights;
      tn = in->sampled->n;
    }
  if (ctx->single_thread)
    mp.nthread = 1;
  /* Points that differ only in the number of boosting rounds share one fit
   * with the most rounds, scored with the trees of each point's rounds. */
  for (gsize q = 0; q < ctx->res->n_points; q++)
    if (ctx->leader[q] == p)
      mp.n_rounds = MAX (mp.n_rounds, ctx->res->points[q].params.n_rounds);
  if (xgb && mp.early_stopping_rounds == 0)
    {
      if (w->train[f] == NULL)
        w->train[f] = fl_xgb_matrix_new (tX, ty, tw, tn, ctx->d, &error);
      if (w->train[f] == NULL)
        goto out;
      if (w->valid[f] == NULL)
        w->valid[f] = fl_xgb_matrix_new (in->vX, NULL, NULL, in->vn, ctx->d, &error);
      if (w->valid[f] == NULL)
        goto out;
      model = fl_model_fit_xgb_matrix (&mp, w->train[f], ctx->cancellable, &error);
    }
  else
    model = fl_model_fit (&mp, tX, ty, tw, tn, ctx->d, NULL, NULL, NULL, NULL, NULL,
                          ctx->cancellable, &error);
  if (model == NULL)
    goto out;
  vin.n = in->vn;
  vin.d = ctx->d;
  vin.X = in->vX;
  for (gsize q = 0; q < ctx->res->n_points; q++)
    {
      FlTuningPoint *member = &ctx->res->points[q];

      if (ctx->leader[q] != p)
        continue;
      g_clear_pointer (&score, g_free);
      if (w->valid[f] != NULL && xgb && mp.early_stopping_rounds == 0)
        score = fl_model_predict_xgb_matrix (model, w->valid[f], member->params.n_rounds,
                                             &error);
      else
        score = fl_model_predict_rounds (model, &vin, member->params.n_rounds, &error);
      if (score == NULL)
        goto out;
      if (ctx->params->metric == FL_TUNING_AVERAGE_PRECISION)
        member->fold_scores[f] = fl_average_precision (in->vy, score, in->vn);
      else
        {
          FlConfusionMatrix cm;

          fl_confusion_matrix_compute (in->vy, score, in->vn, ctx->threshold, &cm);
          member->fold_scores[f] = fl_f1 (&cm);
        }
      n_members++;
    }

out:
  if (set_error_once (ctx, &error))
    return;
  g_mutex_lock (&ctx->lock);
  ctx->done += n_members;
  if (ctx->progress != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("Tuning: point %" G_GSIZE_FORMAT " of %"
                                              G_GSIZE_FORMAT ", inner fold %u of %u",
                                              p + 1, ctx->res->n_points, f + 1, k);

      ctx->progress ((double) ctx->done / (double) ctx->total, msg, ctx->progress_data);
    }
  g_mutex_unlock (&ctx->lock);
}

/* Takes tasks in order until none is left; frees the worker's matrices. */
static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  RunCtx *ctx = w->ctx;

  for (;;)
    {
      gint i = g_atomic_int_add (&ctx->next, 1);

      if (i < 0 || (gsize) i >= ctx->n_tasks)
        break;
      run_one (w, ctx->tasks[i]);
    }
  for (guint f = 0; f < ctx->res->n_folds; f++)
    {
      g_clear_pointer (&w->train[f], fl_xgb_matrix_free);
      g_clear_pointer (&w->valid[f], fl_xgb_matrix_free);
    }
  return NULL;
}

typedef struct
{
  gsize  task;
  double cost;
} TaskCost;

static int
compare_cost (gconstpointer a,
              gconstpointer b)
{
  const TaskCost *x = a, *y = b;

  if (x->cost != y->cost)
    return x->cost > y->cost ? -1 : 1;
  return x->task < y->task ? -1 : x->task > y->task;
}

/**
 * fl_tuning_run:
 * @params: what to search and how to validate
 * @X: (array): @n × @d training rows, row-major, in time order; NaN = missing
 * @y: (array length=n): training targets 0/1
 * @ts_s: (array length=n): row times, s, ascending
 * @n: training rows
 * @d: feature columns
 * @progress: (nullable) (scope call): called after every fit with the
 *   share of fits done
 * @progress_data: closure for @progress
 * @cancellable: (nullable): checked before every fit (and by the fit)
 * @error: return location for a #GError
 *
 * Time-aware hyper-parameter search nested inside a training part
 * (methodology §7.3, guard 6; Cawley & Talbot 2010, "On over-fitting in
 * model selection and subsequent selection bias in performance
 * evaluation", JMLR 11). The training rows are split by fl_cv_folds() with
 * @params->inner (expanding folds with a purge gap, typically); each inner
 * fold's test rows are its validation rows. The sampler, when set, is fitted
 * to each inner fold's training rows only, once per fold (it does not
 * depend on the point), and never touches validation rows. Every point of
 * the grid (or every random draw) is fitted on every usable inner fold with
 * fl_model_fit() and scored on the fold's validation rows by average
 * precision or F1 at @params->threshold; early stopping is switched off
 * inside the search. A fold is unusable (score NaN for every point, with a
 * note) when its training rows hold a single class or its validation rows
 * no positive. All points are returned with their per-fold and mean scores
 * (like scikit-learn's `GridSearchCV.cv_results_`), not only the best.
 *
 * When fewer than %FL_TUNING_MIN_POSITIVES positive validation rows decide
 * the choice, @result->warning says that the best point's score is
 * optimistic (the "winner's curse").
 *
 * With @params->base.nthread > 1 the fits run in parallel on that many
 * threads, each fit with one XGBoost thread (the hist method builds the
 * same trees for any thread count, so the scores do not change); @progress
 * may then be called from those threads (serialised by a lock). The fits
 * are taken longest first (rounds × training rows × depth), so no thread
 * waits long for the last one; each thread builds an inner fold's XGBoost
 * matrices (and XGBoost's quantile cuts of the training rows) once and
 * reuses them for all its fits on that fold. The
 * cancellable is checked before every fit; fits already running finish
 * their current round first. Deterministic for fixed seeds (model, sampler,
 * random search).
 *
 * Returns: (transfer full): every point's scores and the best, or %NULL
 *   with %FL_ERROR_INVALID (bad settings), %FL_ERROR_INSUFFICIENT_DATA (too
 *   few rows for the inner folds, or no usable fold), %FL_ERROR_MODEL (a
 *   fit failed) or %G_IO_ERROR_CANCELLED
 */
FlTuningResult *
fl_tuning_run (const FlTuningParams *params,
               const double         *X,
               const guint8         *y,
               const double         *ts_s,
               gsize                 n,
               gsize                 d,
               FlProgressFunc        progress,
               gpointer              progress_data,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(FlTuningResult) res = NULL;
  g_autoptr(GPtrArray) folds = NULL;
  g_autofree FlModelParams *pts = NULL;
  g_autofree InnerFold *inner = NULL;
  gsize n_points, n_usable = 0, total;
  g_autofree gsize *leader = NULL;
  guint k;
  double threshold = params->threshold == 0.0 ? 0.5 : params->threshold;
  gboolean ok = TRUE;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (n == 0 || (X != NULL && y != NULL && ts_s != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_space (params, error))
    return NULL;
  if (!fl_model_kind_is_supervised (params->base.kind))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The %s model has no hyper-parameters to tune on labels",
                   fl_model_kind_to_string (params->base.kind));
      return NULL;
    }
  if (params->metric != FL_TUNING_AVERAGE_PRECISION && params->metric != FL_TUNING_F1)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown tuning metric %d",
                   params->metric);
      return NULL;
    }
  if (isnan (threshold))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "The tuning threshold is NaN");
      return NULL;
    }
  folds = fl_cv_folds (&params->inner, ts_s, y, n, error);
  if (folds == NULL)
    return NULL;
  k = folds->len;
  n_points = fl_tuning_n_points (params);
  pts = make_points (params, n_points);

  res = g_new0 (FlTuningResult, 1);
  res->notes = g_ptr_array_new_with_free_func (g_free);
  res->n_folds = k;
  res->n_points = n_points;
  res->points = g_new0 (FlTuningPoint, n_points);
  res->fold_train_rows = g_new0 (gsize, k);
  res->fold_valid_rows = g_new0 (gsize, k);
  res->fold_valid_positives = g_new0 (gsize, k);
  if (fl_cv_kind_is_random (params->inner.kind))
    g_ptr_array_add (res->notes,
                     g_strdup_printf ("The inner split is %s: random folds leak across time "
                                      "on a time series", fl_cv_kind_to_string (params->inner.kind)));
  for (gsize p = 0; p < n_points; p++)
    {
      res->points[p].params = pts[p];
      res->points[p].n_folds = k;
      res->points[p].fold_scores = g_new (double, k);
      for (guint f = 0; f < k; f++)
        res->points[p].fold_scores[f] = NAN;
      res->points[p].mean_score = NAN;
    }

  /* Prepare every inner fold once: training rows (resampled), validation
   * rows. */
  inner = g_new0 (InnerFold, k);
  for (guint f = 0; f < k && ok; f++)
    {
      FlFold *fold = g_ptr_array_index (folds, f);
      InnerFold *in = &inner[f];
      gsize n_pos = 0;

      res->fold_train_rows[f] = in->train_rows = fold->train->len;
      gather (X, y, d, fold->train, &in->X, &in->y);
      in->n = fold->train->len;
      gather (X, y, d, fold->test, &in->vX, &in->vy);
      in->vn = fold->test->len;
      for (gsize i = 0; i < in->vn; i++)
        in->v_pos += in->vy[i] != 0;
      for (gsize i = 0; i < in->n; i++)
        n_pos += in->y[i] != 0;
      res->fold_valid_rows[f] = in->vn;
      res->fold_valid_positives[f] = in->v_pos;

      if (n_pos == 0 || n_pos == in->n)
        {
          g_ptr_array_add (res->notes,
                           g_strdup_printf ("Inner fold %u skipped: its %" G_GSIZE_FORMAT
                                            " training rows hold %" G_GSIZE_FORMAT
                                            " positives", f + 1, in->n, n_pos));
          continue;
        }
      if (in->v_pos == 0)
        {
          g_ptr_array_add (res->notes,
                           g_strdup_printf ("Inner fold %u skipped: its %" G_GSIZE_FORMAT
                                            " validation rows hold no positive", f + 1,
                                            in->vn));
          continue;
        }
      if (params->sampler.kind != FL_SAMPLER_NONE)
        {
          in->sampled = fl_sampler_resample (&params->sampler, in->X, in->y, in->n, d, error);
          if (in->sampled == NULL)
            {
              ok = FALSE;
              break;
            }
          for (guint w = 0; w < in->sampled->warnings->len; w++)
            g_ptr_array_add (res->notes,
                             g_strdup_printf ("Inner fold %u: %s", f + 1,
                                              (const char *) in->sampled->warnings->pdata[w]));
        }
      in->usable = TRUE;
      n_usable++;
      res->n_valid_positives += in->v_pos;
    }

  if (ok && n_usable == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "None of the %u inner folds has training rows of both classes and a "
                   "positive validation row, so no hyper-parameter can be chosen", k);
      ok = FALSE;
    }

  total = n_usable * n_points;
  leader = g_new (gsize, MAX (n_points, 1));
  for (gsize p = 0; p < n_points; p++)
    {
      const FlModelParams *a = &res->points[p].params;

      leader[p] = p;
      if (a->kind != FL_MODEL_XGBOOST || a->early_stopping_rounds > 0)
        continue;
      for (gsize q = 0; q < p; q++)
        {
          const FlModelParams *b = &res->points[q].params;

          if (leader[q] == q && b->eta == a->eta && b->max_depth == a->max_depth &&
              b->scale_pos_weight == a->scale_pos_weight && b->subsample == a->subsample &&
              b->colsample == a->colsample && b->seed == a->seed)
            {
              leader[p] = q;
              break;
            }
        }
    }
  if (ok)
    {
      RunCtx ctx = { 0 };
      guint n_workers = MIN (MAX (params->base.nthread, 1), (guint) MAX (total, 1));

      g_mutex_init (&ctx.lock);
      ctx.params = params;
      ctx.res = res;
      ctx.inner = inner;
      ctx.d = d;
      ctx.threshold = threshold;
      ctx.total = total;
      ctx.leader = leader;
      ctx.progress = progress;
      ctx.progress_data = progress_data;
      ctx.cancellable = cancellable;
      /* Fits run in parallel, one XGBoost thread each: on the small
       * training folds of a search, parallel fits use the cores better
       * than threads inside one fit. The hist method gives the same model
       * for any thread count, so the scores do not depend on it. */
      ctx.single_thread = n_workers > 1;

      /* Longest fits first (cost ≈ rounds × training rows × depth), so the
       * last fits to finish are short ones and no worker idles long at the
       * end. The order decides only when each score is computed, not its
       * value. */
      {
        g_autofree TaskCost *order = g_new (TaskCost, MAX (n_points * k, 1));
        g_autofree gsize *tasks = NULL;
        g_autofree Worker *workers = g_new0 (Worker, n_workers);
        g_autofree GThread **threads = g_new0 (GThread *, n_workers);
        gsize m = 0;

        for (gsize p = 0; p < n_points; p++)
          for (guint f = 0; f < k; f++)
            if (inner[f].usable && leader[p] == p)
              {
                const FlModelParams *mp = &res->points[p].params;
                guint rounds = mp->n_rounds;
                gsize rows = inner[f].sampled != NULL ? inner[f].sampled->n : inner[f].n;

                for (gsize q = 0; q < n_points; q++)
                  if (leader[q] == p)
                    rounds = MAX (rounds, res->points[q].params.n_rounds);
                order[m].task = p * k + f;
                order[m].cost = (double) MAX (rounds, 1) * (double) rows
                                * (double) MAX (mp->max_depth, 1);
                m++;
              }
        qsort (order, m, sizeof *order, compare_cost);
        tasks = g_new (gsize, MAX (m, 1));
        for (gsize i = 0; i < m; i++)
          tasks[i] = order[i].task;
        ctx.tasks = tasks;
        ctx.n_tasks = m;

        /* Worker 0 is this thread. */
        for (guint t = 0; t < n_workers; t++)
          {
            workers[t].ctx = &ctx;
            workers[t].train = g_new0 (FlXgbMatrix *, k);
            workers[t].valid = g_new0 (FlXgbMatrix *, k);
          }
        for (guint t = 1; t < n_workers; t++)
          threads[t] = g_thread_new ("fl-tuning", worker_run, &workers[t]);
        worker_run (&workers[0]);
        for (guint t = 1; t < n_workers; t++)
          g_thread_join (threads[t]);
        for (guint t = 0; t < n_workers; t++)
          {
            g_free (workers[t].train);
            g_free (workers[t].valid);
          }
      }
      g_mutex_clear (&ctx.lock);
      if (ctx.error != NULL)
        {
          g_propagate_error (error, ctx.error);
          ok = FALSE;
        }
      for (gsize p = 0; p < n_points && ok; p++)
        {
          FlTuningPoint *pt = &res->points[p];
          double sum = 0.0;
          guint m = 0;

          for (guint f = 0; f < k; f++)
            if (!isnan (pt->fold_scores[f]))
              {
                sum += pt->fold_scores[f];
                m++;
              }
          pt->mean_score = m > 0 ? sum / m : NAN;
        }
    }

  for (guint f = 0; f < k; f++)
    inner_fold_clear (&inner[f]);
  if (!ok)
    return NULL;

  res->best = 0;
  for (gsize p = 1; p < n_points; p++)
    if (res->points[p].mean_score > res->points[res->best].mean_score
        || (isnan (res->points[res->best].mean_score) && !isnan (res->points[p].mean_score)))
      res->best = p;

  if (res->n_valid_positives < FL_TUNING_MIN_POSITIVES && n_points > 1)
    res->warning = g_strdup_printf ("Only %" G_GSIZE_FORMAT " positive validation rows "
                                    "over %" G_GSIZE_FORMAT " inner folds decide among %"
                                    G_GSIZE_FORMAT " points: the best point's score is "
                                    "optimistic (selection bias), and the choice may not "
                                    "carry over to the test block",
                                    res->n_valid_positives, n_usable, n_points);
  return g_steal_pointer (&res);
}

/**
 * fl_tuning_result_free:
 * @result: (nullable): a result of fl_tuning_run()
 *
 * Frees @result and its arrays.
 */
void
fl_tuning_result_free (FlTuningResult *result)
{
  if (result == NULL)
    return;
  for (gsize p = 0; p < result->n_points && result->points != NULL; p++)
    g_free (result->points[p].fold_scores);
  g_free (result->points);
  g_free (result->fold_train_rows);
  g_free (result->fold_valid_rows);
  g_free (result->fold_valid_positives);
  g_free (result->warning);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
  g_free (result);
}
