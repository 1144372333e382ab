/* fl-sampler.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "fl-error.h"
#include "fl-knn-private.h"
#include "fl-sampler.h"
#include "fl-sampler-private.h"
#include "fl-smote.h"

static const struct
{
  FlSamplerKind kind;
  const char   *name;
  const char   *label;
} kinds[] = {
  { FL_SAMPLER_NONE, "none", "No resampling" },
  { FL_SAMPLER_SMOTE, "smote", "SMOTE" },
  { FL_SAMPLER_BORDERLINE_SMOTE1, "borderline-smote-1", "Borderline-SMOTE 1" },
  { FL_SAMPLER_BORDERLINE_SMOTE2, "borderline-smote-2", "Borderline-SMOTE 2" },
  { FL_SAMPLER_ADASYN, "adasyn", "ADASYN" },
  { FL_SAMPLER_RANDOM_OVER, "random-over", "Random over-sampling" },
  { FL_SAMPLER_RANDOM_UNDER, "random-under", "Random under-sampling" },
  { FL_SAMPLER_CLASS_WEIGHT, "class-weight", "Class weights" },
};

/**
 * fl_sampler_params_init_default:
 * @params: (out caller-allocates): parameters to fill
 *
 * Sets the defaults: no resampling (%FL_SAMPLER_NONE), imbalanced-learn's
 * `k_neighbors = 5` and `m_neighbors = 10`, `sampling_ratio = 1.0`
 * (balanced, as `sampling_strategy="auto"`), `seed = 42`, and
 * `adapt_k = TRUE` (lower k with a warning rather than fail, see
 * fl_sampler_resample()).
 */
void
fl_sampler_params_init_default (FlSamplerParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->kind = FL_SAMPLER_NONE;
  params->k_neighbors = 5;
  params->m_neighbors = 10;
  params->sampling_ratio = 1.0;
  params->seed = 42;
  params->adapt_k = TRUE;
}

/**
 * fl_sampler_kind_to_string:
 * @kind: a sampler kind
 *
 * The stable name of @kind, as stored in experiment configs and project
 * files: "none", "smote", "borderline-smote-1", "borderline-smote-2",
 * "adasyn", "random-over", "random-under" or "class-weight".
 *
 * Returns: (transfer none) (nullable): a static string, or %NULL for an
 *   unknown value
 */
const char *
fl_sampler_kind_to_string (FlSamplerKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].name;
  return NULL;
}

/**
 * fl_sampler_kind_from_string:
 * @name: (nullable): a name from fl_sampler_kind_to_string()
 * @out: (out) (optional): the kind
 *
 * Parses a sampler name (exact, case-sensitive match).
 *
 * Returns: %TRUE if @name is known; @out is left untouched otherwise
 */
gboolean
fl_sampler_kind_from_string (const char    *name,
                             FlSamplerKind *out)
{
  if (name == NULL)
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].name, name) == 0)
      {
        if (out != NULL)
          *out = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

static const char *
kind_label (FlSamplerKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].label;
  return "?";
}

/**
 * fl_sampler_result_free:
 * @result: (nullable) (transfer full): a result
 *
 * Frees @result and everything it holds. %NULL is ignored.
 */
void
fl_sampler_result_free (FlSamplerResult *result)
{
  if (result == NULL)
    return;

  g_free (result->X);
  g_free (result->y);
  g_free (result->weights);
  g_free (result->parents);
  g_free (result->gaps);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result);
}

/* Everything a sampler needs about its input. */
typedef struct
{
  const FlSamplerParams *params;
  const char            *label;
  const double          *X;
  const guint8          *y;
  gsize                  n;
  gsize                  d;
  guint8                 minority;
  gsize                  n_min;
  gsize                  n_maj;
  FlSamplerResult       *res;
} Ctx;

static void add_warning (Ctx        *ctx,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (Ctx        *ctx,
             const char *format,
             ...)
{
  va_list args;
  char *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s", msg);
  g_ptr_array_add (ctx->res->warnings, msg);
}

/* The input rows, plus room for n_extra rows after them. */
static void
copy_input (Ctx   *ctx,
            gsize  n_extra)
{
  FlSamplerResult *res = ctx->res;

  res->n = ctx->n + n_extra;
  res->X = g_new (double, res->n * ctx->d);
  res->y = g_new (guint8, res->n);
  memcpy (res->X, ctx->X, ctx->n * ctx->d * sizeof (double));
  memcpy (res->y, ctx->y, ctx->n);
}

/* Writes synthetic row s: x_i + u · (x_j − x_i), NaN where either parent
 * is NaN, labelled with the minority label. */
static void
emit (Ctx    *ctx,
      gsize   s,
      gsize   i,
      gsize   j,
      double  u)
{
  FlSamplerResult *res = ctx->res;
  gsize d = ctx->d;
  const double *xi = ctx->X + i * d;
  const double *xj = ctx->X + j * d;
  double *xn = res->X + (ctx->n + s) * d;

  for (gsize c = 0; c < d; c++)
    {
      if (isnan (xi[c]) || isnan (xj[c]))
        xn[c] = NAN;
      else
        xn[c] = xi[c] + u * (xj[c] - xi[c]);
    }
  res->y[ctx->n + s] = ctx->minority;
  res->parents[2 * s] = i;
  res->parents[2 * s + 1] = j;
  res->gaps[s] = u;
}

static void
alloc_synthetic (Ctx   *ctx,
                 gsize  n_synth)
{
  copy_input (ctx, n_synth);
  ctx->res->n_synthetic = n_synth;
  if (n_synth > 0)
    {
      ctx->res->parents = g_new (gsize, 2 * n_synth);
      ctx->res->gaps = g_new (double, n_synth);
    }
}

/* Lowers a neighbour count to what `pool` rows allow (a row is never its
 * own neighbour, so at most pool − 1), with a warning, or fails. */
static gboolean
fit_neighbours (Ctx         *ctx,
                const char  *name,
                guint       *k,
                gsize        pool,
                const char  *pool_desc,
                GError     **error)
{
  if (pool > *k)
    return TRUE;

  if (!ctx->params->adapt_k || pool < 2)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "%s needs more than %s=%u %s, the training rows hold "
                   "only %" G_GSIZE_FORMAT,
                   ctx->label, name, *k, pool_desc, pool);
      return FALSE;
    }

  add_warning (ctx, "%s: %s lowered from %u to %" G_GSIZE_FORMAT
               ": the training rows hold only %" G_GSIZE_FORMAT " %s",
               ctx->label, name, *k, pool - 1, pool, pool_desc);
  *k = (guint) (pool - 1);
  return TRUE;
}

/* imbalanced-learn's float sampling_strategy for over-sampling:
 * `int (ratio × n_majority − n_minority)` new rows
 * (imblearn.utils._validation._sampling_strategy_float). The subtraction is
 * exact in double for any realistic row count, so this truncates like
 * Python's int(). */
static gsize
over_sampling_count (Ctx *ctx)
{
  double want = ctx->params->sampling_ratio * (double) ctx->n_maj
                - (double) ctx->n_min;

  if (want < 1.0)
    {
      add_warning (ctx, "%s: the minority already reaches the ratio %g "
                   "(%" G_GSIZE_FORMAT " minority and %" G_GSIZE_FORMAT
                   " majority rows); no rows generated",
                   ctx->label, ctx->params->sampling_ratio,
                   ctx->n_min, ctx->n_maj);
      return 0;
    }
  return (gsize) want;
}

static gsize *
rows_with_label (Ctx    *ctx,
                 guint8  label,
                 gsize   count)
{
  gsize *rows = g_new (gsize, MAX (count, 1));

  for (gsize i = 0, m = 0; i < ctx->n; i++)
    if (ctx->y[i] == label)
      rows[m++] = i;
  return rows;
}

static gsize *
all_rows (gsize n)
{
  gsize *rows = g_new (gsize, n);

  for (gsize i = 0; i < n; i++)
    rows[i] = i;
  return rows;
}

static void
run_random_over (Ctx   *ctx,
                 gsize  n_synth)
{
  g_autofree gsize *min_rows = rows_with_label (ctx, ctx->minority, ctx->n_min);
  g_autoptr(GRand) rand = fl_knn_rand_new (ctx->params->seed);

  alloc_synthetic (ctx, n_synth);
  for (gsize s = 0; s < n_synth; s++)
    {
      gsize i = min_rows[g_rand_int_range (rand, 0, (gint32) ctx->n_min)];

      emit (ctx, s, i, i, 0.0);
    }
}

static void
run_random_under (Ctx *ctx)
{
  double keep_d = floor ((double) ctx->n_min / ctx->params->sampling_ratio);
  gsize keep;
  g_autofree gsize *maj_rows = NULL;
  g_autofree guint8 *kept = NULL;
  g_autoptr(GRand) rand = NULL;
  FlSamplerResult *res = ctx->res;
  gsize d = ctx->d;

  if (keep_d > (double) ctx->n_maj)
    {
      add_warning (ctx, "%s: the ratio %g would need %.0f majority rows, the "
                   "training rows hold only %" G_GSIZE_FORMAT
                   "; no rows removed", ctx->label,
                   ctx->params->sampling_ratio, keep_d, ctx->n_maj);
      copy_input (ctx, 0);
      return;
    }
  keep = (gsize) keep_d;

  /* Partial Fisher–Yates shuffle: the first `keep` majority rows are a
   * uniform draw without replacement. */
  maj_rows = rows_with_label (ctx, !ctx->minority, ctx->n_maj);
  rand = fl_knn_rand_new (ctx->params->seed);
  for (gsize t = 0; t < keep; t++)
    {
      gsize r = t + (gsize) g_rand_int_range (rand, 0,
                                              (gint32) (ctx->n_maj - t));
      gsize tmp = maj_rows[t];

      maj_rows[t] = maj_rows[r];
      maj_rows[r] = tmp;
    }
  kept = g_new0 (guint8, ctx->n);
  for (gsize t = 0; t < keep; t++)
    kept[maj_rows[t]] = 1;

  res->n = ctx->n_min + keep;
  res->n_removed = ctx->n_maj - keep;
  res->X = g_new (double, MAX (res->n, 1) * d);
  res->y = g_new (guint8, MAX (res->n, 1));
  for (gsize i = 0, o = 0; i < ctx->n; i++)
    {
      if (ctx->y[i] != ctx->minority && !kept[i])
        continue;
      memcpy (res->X + o * d, ctx->X + i * d, d * sizeof (double));
      res->y[o] = ctx->y[i];
      o++;
    }
}

static gboolean
run_smote (Ctx     *ctx,
           guint    k,
           gsize    n_synth,
           GError **error)
{
  FlSmoteParams sp;
  FlSamplerResult *res = ctx->res;
  double *gaps = NULL;

  /* fl_smote_resample() makes round (ratio × n_maj) − n_min rows; asking
   * for exactly (n_min + n_synth) / n_maj makes that n_synth. */
  sp.k_neighbors = k;
  sp.seed = ctx->params->seed;
  sp.sampling_ratio = (double) (ctx->n_min + n_synth) / (double) ctx->n_maj;

  if (!fl_smote_resample (ctx->X, ctx->y, ctx->n, ctx->d, &sp,
                          &res->X, &res->y, &res->n, &res->parents, &gaps,
                          error))
    return FALSE;
  res->gaps = gaps;
  res->n_synthetic = res->n - ctx->n;
  return TRUE;
}

/**
 * fl_sampler_danger_rows:
 * @Z: (array): @n × @d standardised rows (fl_knn_standardise())
 * @y: (array length=n): labels
 * @n: rows; more than @m
 * @d: columns
 * @minority: the minority label
 * @m: neighbours that decide (> 0)
 * @danger: (out caller-allocates) (array): room for the minority row count;
 *   receives the danger rows' indices, ascending
 *
 * Borderline-SMOTE's danger test (Han, Wang & Mao 2005; imblearn
 * `BorderlineSMOTE._in_danger_noise`, kind="danger"): a minority row is in
 * danger when m/2 ≤ (majority rows among its m nearest neighbours in all
 * @n rows, itself excluded) < m; "noise" rows (all m neighbours majority)
 * and "safe" rows are not.
 *
 * Returns: the number of danger rows written to @danger
 */
gsize
fl_sampler_danger_rows (const double *Z,
                        const guint8 *y,
                        gsize         n,
                        gsize         d,
                        guint8        minority,
                        guint         m,
                        gsize        *danger)
{
  g_autofree gsize *min_rows = g_new (gsize, n);
  g_autofree gsize *every = all_rows (n);
  g_autofree FlNeighbour *nbrs = NULL;
  gsize n_min = 0, n_danger = 0;

  g_return_val_if_fail (m > 0 && n > m, 0);

  for (gsize i = 0; i < n; i++)
    if (y[i] == minority)
      min_rows[n_min++] = i;
  nbrs = g_new (FlNeighbour, MAX (n_min, 1) * m);
  fl_knn_search (Z, d, min_rows, n_min, every, n, m, nbrs);
  for (gsize a = 0; a < n_min; a++)
    {
      guint n_other = 0;

      for (guint r = 0; r < m; r++)
        n_other += y[nbrs[a * m + r].idx] != minority;
      if (2 * n_other >= m && n_other < m)
        danger[n_danger++] = min_rows[a];
    }

  return n_danger;
}

/**
 * fl_sampler_adasyn_allocation:
 * @Z: (array): @n × @d standardised rows (fl_knn_standardise())
 * @y: (array length=n): labels
 * @n: rows; more than @k
 * @d: columns
 * @minority: the minority label
 * @k: neighbours (> 0)
 * @n_target: G, the number of rows imbalanced-learn's ratio asks for
 * @count: (out caller-allocates) (array length=n): synthetic rows to seed
 *   from each row (0 for majority rows)
 *
 * ADASYN's allocation (He, Bai, Garcia & Li 2008, steps (b)–(d);
 * imblearn `ADASYN._fit_resample`): r_i = (majority rows among the k
 * nearest neighbours of minority row i in all @n rows) / k, normalised to
 * sum 1, and g_i = rint (r_i × G), rounding half to even as numpy.rint.
 *
 * Returns: Σ g_i, or %G_MAXSIZE when no minority row has a majority
 *   neighbour (imbalanced-learn raises "Not any neigbours belong to the
 *   majority class" there); @count is all 0 then
 */
gsize
fl_sampler_adasyn_allocation (const double *Z,
                              const guint8 *y,
                              gsize         n,
                              gsize         d,
                              guint8        minority,
                              guint         k,
                              gsize         n_target,
                              gsize        *count)
{
  g_autofree gsize *min_rows = g_new (gsize, n);
  g_autofree gsize *every = all_rows (n);
  g_autofree FlNeighbour *nbrs = NULL;
  g_autofree double *ratio = NULL;
  gsize n_min = 0, total = 0;
  double sum = 0.0;

  g_return_val_if_fail (k > 0 && n > k, 0);

  memset (count, 0, n * sizeof (gsize));
  for (gsize i = 0; i < n; i++)
    if (y[i] == minority)
      min_rows[n_min++] = i;
  nbrs = g_new (FlNeighbour, MAX (n_min, 1) * k);
  ratio = g_new (double, MAX (n_min, 1));
  fl_knn_search (Z, d, min_rows, n_min, every, n, k, nbrs);
  for (gsize a = 0; a < n_min; a++)
    {
      guint n_other = 0;

      for (guint r = 0; r < k; r++)
        n_other += y[nbrs[a * k + r].idx] != minority;
      ratio[a] = (double) n_other / (double) k;
      sum += ratio[a];
    }
  if (sum == 0.0)
    return G_MAXSIZE;

  for (gsize a = 0; a < n_min; a++)
    {
      count[min_rows[a]] = (gsize) rint (ratio[a] / sum * (double) n_target);
      total += count[min_rows[a]];
    }
  return total;
}

/* Borderline-SMOTE (Han, Wang & Mao 2005) as imbalanced-learn's
 * BorderlineSMOTE, see fl_sampler_resample(). */
static void
run_borderline (Ctx   *ctx,
                guint  k,
                guint  m,
                gsize  n_synth)
{
  gsize n = ctx->n, d = ctx->d, n_min = ctx->n_min;
  gboolean kind2 = ctx->params->kind == FL_SAMPLER_BORDERLINE_SMOTE2;
  g_autofree double *Z = fl_knn_standardise (ctx->X, n, d);
  g_autofree gsize *min_rows = rows_with_label (ctx, ctx->minority, n_min);
  g_autofree gsize *every = all_rows (n);
  g_autofree gsize *danger = g_new (gsize, n_min);
  g_autofree FlNeighbour *k_nbrs = NULL;
  g_autoptr(GRand) rand = NULL;
  gsize n_danger = 0;

  n_danger = fl_sampler_danger_rows (Z, ctx->y, n, d, ctx->minority, m,
                                     danger);

  if (n_danger == 0)
    {
      add_warning (ctx, "%s: no minority row is in danger (m/2 ≤ majority "
                   "rows among its m=%u nearest neighbours < m); no rows "
                   "generated", ctx->label, m);
      alloc_synthetic (ctx, 0);
      return;
    }

  /* k nearest neighbours of the danger rows: among the minority rows
   * (borderline-1) or among all rows (borderline-2). */
  k_nbrs = g_new (FlNeighbour, n_danger * k);
  if (kind2)
    fl_knn_search (Z, d, danger, n_danger, every, n, k, k_nbrs);
  else
    fl_knn_search (Z, d, danger, n_danger, min_rows, n_min, k, k_nbrs);

  alloc_synthetic (ctx, n_synth);
  rand = fl_knn_rand_new (ctx->params->seed);
  for (gsize s = 0; s < n_synth; s++)
    {
      gsize a = (gsize) g_rand_int_range (rand, 0, (gint32) n_danger);
      guint rank = (guint) g_rand_int_range (rand, 0, (gint32) k);
      double u = g_rand_double (rand);
      gsize j = k_nbrs[a * k + rank].idx;

      if (ctx->y[j] != ctx->minority)
        u *= 0.5;
      emit (ctx, s, danger[a], j, u);
    }
}

/* ADASYN (He, Bai, Garcia & Li 2008) as imbalanced-learn's ADASYN, see
 * fl_sampler_resample(). */
static void
run_adasyn (Ctx   *ctx,
            guint  k,
            gsize  n_target)
{
  gsize n = ctx->n, d = ctx->d, n_min = ctx->n_min;
  g_autofree double *Z = fl_knn_standardise (ctx->X, n, d);
  g_autofree gsize *min_rows = rows_with_label (ctx, ctx->minority, n_min);
  g_autofree gsize *every = all_rows (n);
  g_autofree FlNeighbour *nbrs = g_new (FlNeighbour, n_min * k);
  g_autofree gsize *count = g_new (gsize, n);
  g_autoptr(GRand) rand = NULL;
  gsize n_synth;

  n_synth = fl_sampler_adasyn_allocation (Z, ctx->y, n, d, ctx->minority, k,
                                          n_target, count);
  if (n_synth == G_MAXSIZE)
    {
      add_warning (ctx, "%s: not any neighbours belong to the majority class "
                   "(no minority row has a majority row among its k=%u "
                   "nearest neighbours); no rows generated; SMOTE suits "
                   "these rows better", ctx->label, k);
      alloc_synthetic (ctx, 0);
      return;
    }
  if (n_synth == 0)
    {
      add_warning (ctx, "%s: no samples will be generated with the ratio %g "
                   "(every row's share rounds to 0)", ctx->label,
                   ctx->params->sampling_ratio);
      alloc_synthetic (ctx, 0);
      return;
    }

  /* Generation: k nearest minority neighbours, as SMOTE. */
  fl_knn_search (Z, d, min_rows, n_min, min_rows, n_min, k, nbrs);
  alloc_synthetic (ctx, n_synth);
  rand = fl_knn_rand_new (ctx->params->seed);
  for (gsize a = 0, s = 0; a < n_min; a++)
    for (gsize t = 0; t < count[min_rows[a]]; t++, s++)
      {
        guint rank = (guint) g_rand_int_range (rand, 0, (gint32) k);
        double u = g_rand_double (rand);

        emit (ctx, s, min_rows[a], nbrs[a * k + rank].idx, u);
      }
}

/**
 * fl_sampler_resample:
 * @params: (nullable): the treatment, or %NULL for
 *   fl_sampler_params_init_default() (no resampling)
 * @X: (array): @n × @d row-major training features (NaN = missing); not
 *   modified. Training rows only: the caller never passes validation or
 *   test rows (methodology §7.3 guard 4)
 * @y: (array length=n): labels, 0 or 1
 * @n: rows (> 0)
 * @d: features (> 0)
 * @error: return location for a #GError
 *
 * Applies one imbalance treatment to the training rows, following
 * imbalanced-learn 0.10 (https://imbalanced-learn.org) unless noted. The
 * minority is the label with fewer rows (label 1 on a tie). Every draw comes
 * from a #GRand seeded with `params->seed`, so the result is deterministic
 * for a seed (not bit-identical to imbalanced-learn's NumPy stream).
 *
 * `sampling_ratio` is imbalanced-learn's float `sampling_strategy`, in
 * (0, 1]: the wanted n_minority / n_majority after resampling. Over-samplers
 * create `int (ratio × n_maj − n_min)` rows; random under-sampling keeps
 * `int (n_min / ratio)` majority rows. Where imbalanced-learn raises because
 * the ratio is already met (over-sampling) or cannot be met
 * (under-sampling), the rows are returned unchanged with a warning.
 *
 * Over-samplers return the @n input rows first, unchanged and in order,
 * then the synthetic rows (minority label), and fill @parents and @gaps.
 * Neighbour-based samplers search neighbours on standardised features
 * (z-scores over the @n rows given, NaN-aware) with the nan-Euclidean
 * distance and lower-index tie breaking (see fl_smote_resample());
 * interpolation happens in the original feature space, and a synthetic
 * coordinate is NaN when either parent's is.
 *
 * - %FL_SAMPLER_NONE: a copy.
 * - %FL_SAMPLER_SMOTE: fl_smote_resample() (N. V. Chawla, K. W. Bowyer,
 *   L. O. Hall, W. P. Kegelmeyer, "SMOTE: Synthetic Minority Over-sampling
 *   Technique", JAIR 16:321–357, 2002).
 * - %FL_SAMPLER_BORDERLINE_SMOTE1, %FL_SAMPLER_BORDERLINE_SMOTE2:
 *   Borderline-SMOTE (H. Han, W.-Y. Wang, B.-H. Mao, "Borderline-SMOTE: A
 *   New Over-Sampling Method in Imbalanced Data Sets Learning", ICIC 2005,
 *   LNCS 3644, pp. 878–887). A minority row is in "danger" when
 *   m/2 ≤ (majority rows among its m nearest neighbours in the whole
 *   training set) < m (imblearn `BorderlineSMOTE._in_danger_noise`); only
 *   danger rows seed synthetic rows. Each synthetic row draws a danger row
 *   and one of its k nearest neighbours uniformly (imblearn `_make_samples`)
 *   and a gap u ~ U[0, 1). Borderline-1 takes the neighbours among the
 *   minority rows. Borderline-2 takes them among all rows and halves the gap
 *   (u ∈ [0, 0.5)) when the neighbour is a majority row, as the paper
 *   describes and as imbalanced-learn does after its fixes (PR #1023,
 *   0.11: neighbours from the whole set; PR #1027: step < 0.5 toward other
 *   classes). imbalanced-learn 0.10 indexed the majority rows with
 *   minority-neighbour indices (issue #861), which is not reproduced. With
 *   no danger row nothing is generated and a warning says so.
 * - %FL_SAMPLER_ADASYN: ADASYN (H. He, Y. Bai, E. A. Garcia, S. Li, "ADASYN:
 *   Adaptive Synthetic Sampling Approach for Imbalanced Learning", IJCNN
 *   2008, pp. 1322–1328). For minority row i, r_i = (majority rows among
 *   its k nearest neighbours in the whole set) / k, normalised to sum 1;
 *   it seeds g_i = rint (r_i × G) rows (G = the over-sampling count above;
 *   rint rounds half to even as numpy.rint, so the total can differ from G
 *   as in imbalanced-learn), each toward one of its k nearest minority
 *   neighbours drawn uniformly with u ~ U[0, 1); synthetic rows come
 *   grouped by base row, in row order. When no minority row has a majority
 *   neighbour imbalanced-learn raises ("Not any neigbours belong to the
 *   majority class"); here nothing is generated and a warning says so (the
 *   same when every g_i rounds to 0).
 * - %FL_SAMPLER_RANDOM_OVER: RandomOverSampler: minority rows drawn
 *   uniformly with replacement and appended (parents i = j, gap 0).
 * - %FL_SAMPLER_RANDOM_UNDER: RandomUnderSampler: majority rows drawn
 *   without replacement; all minority rows and the kept majority rows are
 *   returned in their original order; @n_removed counts the dropped rows.
 * - %FL_SAMPLER_CLASS_WEIGHT: the rows unchanged and @weights = n_neg / n_pos
 *   on positive (label 1) rows, 1 on negative rows (XGBoost's
 *   `scale_pos_weight` = sum(negative) / sum(positive)).
 *
 * Small minorities (methodology §7.3 guard 4): a row is never its own
 * neighbour, so k neighbours need k + 1 rows in the searched set (the
 * minority rows for SMOTE, Borderline-1 and ADASYN's generation; all rows
 * for Borderline-2's k and Borderline's m). When the set is too small and
 * `adapt_k` is set, k (or m) is lowered to the set's size − 1 and a
 * warning such as "SMOTE: k lowered from 5 to 3: the training rows hold
 * only 4 minority rows" is added; with fewer than 2 minority rows (or a
 * single class) the treatment is skipped: the rows are returned unchanged
 * with a warning and @k_used = 0. When nothing needs generating no check is
 * made. Class weights and random sampling need both classes too, with the
 * same skip-or-fail rule.
 *
 * Returns: (transfer full) (nullable): the result, free with
 *   fl_sampler_result_free(); %NULL with @error set in the %FL_ERROR domain:
 *   %FL_ERROR_INVALID when @n or @d is 0, a label is not 0/1, the kind is
 *   unknown, `sampling_ratio` is not in (0, 1] (resampling kinds), k or m is
 *   0, @X holds an infinite value (neighbour-based kinds), or the data is too
 *   large; %FL_ERROR_INSUFFICIENT_DATA, without `adapt_k`, when there is a
 *   single class or the searched set has at most k (m) rows (the message
 *   names k and the row count)
 */
FlSamplerResult *
fl_sampler_resample (const FlSamplerParams *params,
                     const double          *X,
                     const guint8          *y,
                     gsize                  n,
                     gsize                  d,
                     GError               **error)
{
  FlSamplerParams defaults;
  g_autoptr(FlSamplerResult) res = NULL;
  Ctx ctx = { 0 };
  gsize n_pos = 0;
  gboolean neighbour_based, uses_ratio;
  guint k, m;
  gsize n_synth;
  FlSamplerKind kind;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      fl_sampler_params_init_default (&defaults);
      params = &defaults;
    }
  kind = params->kind;

  if (fl_sampler_kind_to_string (kind) == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Unknown imbalance treatment %d", (int) kind);
      return NULL;
    }
  if (n == 0 || d == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%s needs a non-empty feature matrix, got %"
                   G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT,
                   kind_label (kind), n, d);
      return NULL;
    }
  g_return_val_if_fail (X != NULL && y != NULL, NULL);
  if (n > G_MAXINT32 || d > G_MAXSIZE / sizeof (double) / (2 * n))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Too much data for %s (%" G_GSIZE_FORMAT " x %"
                   G_GSIZE_FORMAT ")", kind_label (kind), n, d);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (y[i] > 1)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "%s needs labels 0 or 1, row %" G_GSIZE_FORMAT
                       " has %u", kind_label (kind), i, (guint) y[i]);
          return NULL;
        }
      n_pos += y[i];
    }

  neighbour_based = kind == FL_SAMPLER_SMOTE
                    || kind == FL_SAMPLER_BORDERLINE_SMOTE1
                    || kind == FL_SAMPLER_BORDERLINE_SMOTE2
                    || kind == FL_SAMPLER_ADASYN;
  uses_ratio = neighbour_based || kind == FL_SAMPLER_RANDOM_OVER
               || kind == FL_SAMPLER_RANDOM_UNDER;
  k = params->k_neighbors;
  m = params->m_neighbors;

  if (uses_ratio && !(params->sampling_ratio > 0.0
                      && params->sampling_ratio <= 1.0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The %s sampling ratio must be in (0, 1], not %g",
                   kind_label (kind), params->sampling_ratio);
      return NULL;
    }
  if (neighbour_based && k == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%s needs at least one neighbour (k = 0)",
                   kind_label (kind));
      return NULL;
    }
  if ((kind == FL_SAMPLER_BORDERLINE_SMOTE1
       || kind == FL_SAMPLER_BORDERLINE_SMOTE2) && m == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%s needs at least one danger neighbour (m = 0)",
                   kind_label (kind));
      return NULL;
    }
  if (neighbour_based)
    for (gsize i = 0; i < n * d; i++)
      if (isinf (X[i]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "%s input has an infinite value at row %"
                       G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT,
                       kind_label (kind), i / d, i % d);
          return NULL;
        }

  res = g_new0 (FlSamplerResult, 1);
  res->warnings = g_ptr_array_new_with_free_func (g_free);
  ctx.params = params;
  ctx.label = kind_label (kind);
  ctx.X = X;
  ctx.y = y;
  ctx.n = n;
  ctx.d = d;
  ctx.minority = n_pos <= n - n_pos ? 1 : 0;
  ctx.n_min = ctx.minority ? n_pos : n - n_pos;
  ctx.n_maj = n - ctx.n_min;
  ctx.res = res;

  if (kind == FL_SAMPLER_NONE)
    {
      copy_input (&ctx, 0);
      return g_steal_pointer (&res);
    }

  /* Every treatment needs both classes; neighbour-based ones need two
   * minority rows to interpolate between. */
  if (ctx.n_min == 0 || (neighbour_based && ctx.n_min < 2))
    {
      if (!params->adapt_k && ctx.n_min == 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                       "%s needs rows of both classes, the training rows "
                       "hold only class %u", ctx.label,
                       (guint) !ctx.minority);
          return NULL;
        }
      if (!params->adapt_k)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                       "%s needs more than k=%u minority rows, the training "
                       "rows hold only %" G_GSIZE_FORMAT, ctx.label, k,
                       ctx.n_min);
          return NULL;
        }
      add_warning (&ctx, "%s skipped: the training rows hold only %"
                   G_GSIZE_FORMAT " minority row%s", ctx.label, ctx.n_min,
                   ctx.n_min == 1 ? "" : "s");
      copy_input (&ctx, 0);
      return g_steal_pointer (&res);
    }

  if (kind == FL_SAMPLER_CLASS_WEIGHT)
    {
      double w = (double) (n - n_pos) / (double) n_pos;

      copy_input (&ctx, 0);
      res->weights = g_new (double, n);
      for (gsize i = 0; i < n; i++)
        res->weights[i] = y[i] ? w : 1.0;
      return g_steal_pointer (&res);
    }

  if (kind == FL_SAMPLER_RANDOM_UNDER)
    {
      run_random_under (&ctx);
      return g_steal_pointer (&res);
    }

  n_synth = over_sampling_count (&ctx);
  if (n_synth == 0)
    {
      alloc_synthetic (&ctx, 0);
      return g_steal_pointer (&res);
    }

  if (kind == FL_SAMPLER_RANDOM_OVER)
    {
      run_random_over (&ctx, n_synth);
      return g_steal_pointer (&res);
    }

  /* Neighbour-based: fit k (and m) to the rows available. */
  if (kind == FL_SAMPLER_BORDERLINE_SMOTE2)
    {
      if (!fit_neighbours (&ctx, "k", &k, n, "rows", error))
        return NULL;
    }
  else if (!fit_neighbours (&ctx, "k", &k, ctx.n_min, "minority rows", error))
    return NULL;
  if (kind == FL_SAMPLER_BORDERLINE_SMOTE1
      || kind == FL_SAMPLER_BORDERLINE_SMOTE2)
    {
      if (!fit_neighbours (&ctx, "m", &m, n, "rows", error))
        return NULL;
      res->m_used = m;
    }
  res->k_used = k;

  switch (kind)
    {
    case FL_SAMPLER_SMOTE:
      if (!run_smote (&ctx, k, n_synth, error))
        return NULL;
      break;
    case FL_SAMPLER_BORDERLINE_SMOTE1:
    case FL_SAMPLER_BORDERLINE_SMOTE2:
      run_borderline (&ctx, k, m, n_synth);
      break;
    case FL_SAMPLER_ADASYN:
      run_adasyn (&ctx, k, n_synth);
      break;
    case FL_SAMPLER_NONE:
    case FL_SAMPLER_RANDOM_OVER:
    case FL_SAMPLER_RANDOM_UNDER:
    case FL_SAMPLER_CLASS_WEIGHT:
    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&res);
}
