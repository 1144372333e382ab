/* fl-noise.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "fl-error.h"
#include "fl-noise.h"

static const struct { FlJitterKind kind; const char *name; } jitter_names[] = {
  { FL_JITTER_NONE, "none" },
  { FL_JITTER_GAUSSIAN, "gaussian" },
  { FL_JITTER_MULTIPLICATIVE, "multiplicative" },
};

static const struct { FlFlipKind kind; const char *name; } flip_names[] = {
  { FL_FLIP_NONE, "none" },
  { FL_FLIP_SYMMETRIC, "symmetric" },
  { FL_FLIP_POSITIVES, "positives" },
};

/**
 * fl_jitter_kind_to_string:
 * @kind: a jitter kind
 *
 * Returns: (transfer none): the name used in experiment configs: "none",
 *   "gaussian" or "multiplicative"; %NULL for an unknown kind
 */
const char *
fl_jitter_kind_to_string (FlJitterKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (jitter_names); i++)
    if (jitter_names[i].kind == kind)
      return jitter_names[i].name;
  return NULL;
}

/**
 * fl_jitter_kind_from_string:
 * @name: a name from fl_jitter_kind_to_string()
 * @out: (out): the kind
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_jitter_kind_from_string (const char   *name,
                            FlJitterKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (jitter_names); i++)
    if (g_str_equal (jitter_names[i].name, name))
      {
        *out = jitter_names[i].kind;
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_flip_kind_to_string:
 * @kind: a label-flip kind
 *
 * Returns: (transfer none): "none", "symmetric" or "positives"; %NULL for an
 *   unknown kind
 */
const char *
fl_flip_kind_to_string (FlFlipKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (flip_names); i++)
    if (flip_names[i].kind == kind)
      return flip_names[i].name;
  return NULL;
}

/**
 * fl_flip_kind_from_string:
 * @name: a name from fl_flip_kind_to_string()
 * @out: (out): the kind
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_flip_kind_from_string (const char *name,
                          FlFlipKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (flip_names); i++)
    if (g_str_equal (flip_names[i].name, name))
      {
        *out = flip_names[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* GSL's MT19937 keeps only the low 32 bits of its seed; mix all 64 bits of
 * ours (and a stream number) into them with SplitMix64 (Steele, Lea & Flood
 * 2014) so that seeds differing in the high bits give different streams. */
static gsl_rng *
rng_new (guint64 seed,
         guint64 stream)
{
  guint64 z = seed + (stream + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;
  gsl_rng_set (r, (unsigned long) (z & 0xffffffffu));
  return r;
}

/**
 * fl_noise_jitter:
 * @X: (array): @n × @d feature rows, row-major; NaN = missing
 * @n: rows
 * @d: columns
 * @kind: Gaussian (σ relative to the column) or multiplicative jitter
 * @level: relative σ, ≥ 0 and finite (0.05 = 5 %)
 * @seed: seed of the noise
 * @error: return location for a #GError
 *
 * Feature jitter on a copy of @X. %FL_JITTER_GAUSSIAN adds
 * N(0, (@level · σ_j)²) to column j, where σ_j is the sample standard
 * deviation (divisor m − 1) of the m finite values of column j over these
 * @n rows (a column with fewer than two finite values, or constant, gets no
 * jitter). %FL_JITTER_MULTIPLICATIVE multiplies each value by
 * 1 + N(0, @level²), so the noise is @level × |x| in standard deviation and
 * zeros stay zero. The normal deviates come from GSL's `gsl_ran_gaussian`
 * (polar Box–Muller method) on an MT19937 generator seeded from @seed,
 * one deviate per cell in row-major order, including missing cells, so a
 * NaN does not shift the noise of the other cells. NaN and ±infinity stay
 * as they are. Deterministic for a given seed; @level 0 or
 * %FL_JITTER_NONE returns an exact copy.
 *
 * Returns: (transfer full) (array): the jittered @n × @d copy (g_free()),
 *   or %NULL with %FL_ERROR_INVALID for a negative or non-finite @level or
 *   an unknown kind
 */
double *
fl_noise_jitter (const double  *X,
                 gsize          n,
                 gsize          d,
                 FlJitterKind   kind,
                 double         level,
                 guint64        seed,
                 GError       **error)
{
  g_autofree double *out = NULL;
  g_autofree double *sd = NULL;
  g_autofree double *col = NULL;
  gsl_rng *r;

  g_return_val_if_fail (n == 0 || d == 0 || X != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isfinite (level) || level < 0.0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The jitter level must be finite and ≥ 0, got %g", level);
      return NULL;
    }
  if (fl_jitter_kind_to_string (kind) == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown jitter kind %d", kind);
      return NULL;
    }

  out = g_new (double, MAX (n * d, 1));
  if (n * d > 0)
    memcpy (out, X, n * d * sizeof *out);
  if (kind == FL_JITTER_NONE || level == 0.0 || n * d == 0)
    return g_steal_pointer (&out);

  sd = g_new0 (double, d);
  if (kind == FL_JITTER_GAUSSIAN)
    {
      col = g_new (double, n);
      for (gsize j = 0; j < d; j++)
        {
          gsize m = 0;

          for (gsize i = 0; i < n; i++)
            if (isfinite (X[i * d + j]))
              col[m++] = X[i * d + j];
          sd[j] = m >= 2 ? gsl_stats_sd (col, 1, m) : 0.0;
        }
    }

  r = rng_new (seed, 0);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < d; j++)
      {
        double e = gsl_ran_gaussian (r, level);
        double *x = &out[i * d + j];

        if (!isfinite (*x))
          continue;
        if (kind == FL_JITTER_GAUSSIAN)
          *x += e * sd[j];
        else
          *x *= 1.0 + e;
      }
  gsl_rng_free (r);
  return g_steal_pointer (&out);
}

/**
 * fl_noise_flip_labels:
 * @y: (array length=n): labels 0/1
 * @n: rows
 * @kind: symmetric flips or positives set to 0
 * @share: share of the candidate labels flipped, in [0, 1]
 * @seed: seed of the noise
 * @n_flipped: (out) (optional): labels changed
 * @error: return location for a #GError
 *
 * Label noise on a copy of @y. The candidates are all @n rows
 * (%FL_FLIP_SYMMETRIC, 0 ↔ 1) or the positive rows (%FL_FLIP_POSITIVES,
 * 1 → 0); exactly `round (share × candidates)` of them (half away from
 * zero), chosen uniformly without replacement by GSL's `gsl_ran_choose` on
 * an MT19937 generator seeded from @seed, are flipped. Deterministic for a
 * given seed; @share 0 or %FL_FLIP_NONE returns an exact copy.
 *
 * Returns: (transfer full) (array length=n): the noisy labels (g_free()), or
 *   %NULL with %FL_ERROR_INVALID for @share outside [0, 1] or an unknown
 *   kind
 */
guint8 *
fl_noise_flip_labels (const guint8  *y,
                      gsize          n,
                      FlFlipKind     kind,
                      double         share,
                      guint64        seed,
                      gsize         *n_flipped,
                      GError       **error)
{
  g_autofree guint8 *out = NULL;
  g_autofree gsize *cand = NULL;
  g_autofree gsize *chosen = NULL;
  gsize n_cand = 0, k;

  g_return_val_if_fail (n == 0 || y != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_flipped != NULL)
    *n_flipped = 0;
  if (!(share >= 0.0 && share <= 1.0))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The label-flip share must be in [0, 1], got %g", share);
      return NULL;
    }
  if (fl_flip_kind_to_string (kind) == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown label-flip kind %d", kind);
      return NULL;
    }

  out = g_new (guint8, MAX (n, 1));
  if (n > 0)
    memcpy (out, y, n);
  if (kind == FL_FLIP_NONE || share == 0.0 || n == 0)
    return g_steal_pointer (&out);

  cand = g_new (gsize, n);
  for (gsize i = 0; i < n; i++)
    if (kind == FL_FLIP_SYMMETRIC || y[i] != 0)
      cand[n_cand++] = i;
  k = (gsize) floor (share * (double) n_cand + 0.5);
  k = MIN (k, n_cand);
  if (k > 0)
    {
      gsl_rng *r = rng_new (seed, 1);

      chosen = g_new (gsize, k);
      gsl_ran_choose (r, chosen, k, cand, n_cand, sizeof (gsize));
      gsl_rng_free (r);
      for (gsize i = 0; i < k; i++)
        out[chosen[i]] = out[chosen[i]] != 0 ? 0 : 1;
    }
  if (n_flipped != NULL)
    *n_flipped = k;
  return g_steal_pointer (&out);
}

/**
 * fl_noise_apply:
 * @params: the noise setting
 * @X: (array) (nullable): @n × @d feature rows, row-major
 * @y: (array length=n) (nullable): labels 0/1
 * @n: rows
 * @d: columns
 * @X_out: (out) (transfer full) (optional): jittered copy of @X
 *   (fl_noise_jitter() with @params->seed)
 * @y_out: (out) (transfer full) (optional): noisy copy of @y
 *   (fl_noise_flip_labels() with @params->seed)
 * @n_flipped: (out) (optional): labels changed
 * @error: return location for a #GError
 *
 * Applies both kinds of noise of one setting to copies of the given rows
 * (for example the training rows of one fold, or its test rows when the
 * experiment jitters both). The jitter and the flips draw from separate
 * streams of the same seed. Outputs that are not asked for are not
 * computed; asking for @X_out needs @X, for @y_out needs @y.
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_INVALID (see the two
 *   functions), leaving the outputs untouched
 */
gboolean
fl_noise_apply (const FlNoiseParams  *params,
                const double         *X,
                const guint8         *y,
                gsize                 n,
                gsize                 d,
                double              **X_out,
                guint8              **y_out,
                gsize                *n_flipped,
                GError              **error)
{
  g_autofree double *xo = NULL;
  g_autofree guint8 *yo = NULL;
  gsize flipped = 0;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (X_out == NULL || X != NULL || n * d == 0, FALSE);
  g_return_val_if_fail (y_out == NULL || y != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (X_out != NULL)
    {
      xo = fl_noise_jitter (X, n, d, params->jitter, params->jitter_level, params->seed,
                            error);
      if (xo == NULL)
        return FALSE;
    }
  if (y_out != NULL || n_flipped != NULL)
    {
      if (y == NULL && n > 0)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "Label noise needs the labels");
          return FALSE;
        }
      yo = fl_noise_flip_labels (y, n, params->flip, params->flip_share, params->seed,
                                 &flipped, error);
      if (yo == NULL)
        return FALSE;
    }

  if (X_out != NULL)
    *X_out = g_steal_pointer (&xo);
  if (y_out != NULL)
    *y_out = g_steal_pointer (&yo);
  if (n_flipped != NULL)
    *n_flipped = flipped;
  return TRUE;
}
