/* fl-recipes.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-recipes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-recipes.h"

static const char * const recipe_names[] = {
  "level", "baseline", "momentum", "volatility", "loss", "count", "age",
};

/**
 * fl_recipe_to_string:
 * @recipe: one #FlRecipe flag
 *
 * Returns: (transfer none): its name (`"level"`, `"baseline"`, …)
 */
const char *
fl_recipe_to_string (FlRecipe recipe)
{
  for (guint i = 0; i < G_N_ELEMENTS (recipe_names); i++)
    if (recipe == (1u << i))
      return recipe_names[i];
  return "unknown";
}

/**
 * fl_recipe_from_string:
 * @name: a recipe name
 * @out: (out): the flag
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_recipe_from_string (const char *name,
                       FlRecipe   *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (recipe_names); i++)
    if (g_strcmp0 (name, recipe_names[i]) == 0)
      {
        *out = (FlRecipe)(1u << i);
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_recipe_spec_init_default:
 * @spec: (out caller-allocates): spec to fill
 *
 * All recipes, default columns, a 60-step window, lag 5, short window 5.
 */
void
fl_recipe_spec_init_default (FlRecipeSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->recipes = FL_RECIPE_ALL;
  spec->window_rows = 60;
  spec->lag_rows = 5;
  spec->short_rows = 5;
}

/**
 * fl_recipe_spec_clear:
 * @spec: a spec
 *
 * Frees what @spec owns.
 */
void
fl_recipe_spec_clear (FlRecipeSpec *spec)
{
  g_clear_pointer (&spec->columns, g_strfreev);
  g_clear_pointer (&spec->extra_levels, g_strfreev);
}

typedef struct
{
  GPtrArray *names;
  GArray    *cols;     /* per feature: a GArray of doubles, n_rows long */
  gsize      n;
} Builder;

static double *
add_feature (Builder    *b,
             const char *name)
{
  double *v = g_new (double, MAX (b->n, 1));

  for (gsize i = 0; i < b->n; i++)
    v[i] = NAN;
  g_ptr_array_add (b->names, g_strdup (name));
  g_array_append_val (b->cols, v);
  return v;
}

/* Statistics of column c over rows [lo, hi) (NaN skipped). */
static void
range_stats (const FlTable *t,
             gsize          c,
             gsize          lo,
             gsize          hi,
             double        *mean,
             double        *sd,
             gsize         *m_out)
{
  double sum = 0, ss = 0;
  gsize m = 0;

  for (gsize j = lo; j < hi; j++)
    {
      double v = fl_table_get (t, j, c);

      if (!isnan (v))
        {
          sum += v;
          m++;
        }
    }
  *m_out = m;
  *mean = m ? sum / m : NAN;
  for (gsize j = lo; j < hi && m >= 2; j++)
    {
      double v = fl_table_get (t, j, c);

      if (!isnan (v))
        ss += (v - *mean) * (v - *mean);
    }
  *sd = m >= 2 ? sqrt (ss / (m - 1)) : NAN;
}

/* First row whose time is ≥ ts (rows ascending). */
static gsize
first_at_or_after (const FlTable *t,
                   double         ts,
                   gsize          hint)
{
  gsize j = hint;

  while (j < t->n_rows && t->ts_s[j] < ts - 1e-9)
    j++;
  return j;
}

static void
recipes_for_column (const FlTable      *t,
                    const FlRecipeSpec *spec,
                    gsize               c,
                    Builder            *b)
{
  const char *name = t->names[c];
  double step = t->step_s > 0 ? t->step_s : 1;
  double w = spec->window_rows * step, lag = spec->lag_rows * step;
  double shrt = spec->short_rows * step;
  double *level = NULL, *bmean = NULL, *bstd = NULL, *mom = NULL, *vol = NULL;
  g_autofree char *n_mean = g_strdup_printf ("%s_mean_%u", name, spec->window_rows);
  g_autofree char *n_std = g_strdup_printf ("%s_std_%u", name, spec->window_rows);
  g_autofree char *n_mom = g_strdup_printf ("%s_change_%u", name, spec->lag_rows);
  g_autofree char *n_vol = g_strdup_printf ("%s_volatility_%u", name, spec->short_rows);
  gsize lo = 0, slo = 0;

  if (spec->recipes & FL_RECIPE_LEVEL)
    level = add_feature (b, name);
  if (spec->recipes & FL_RECIPE_BASELINE)
    {
      bmean = add_feature (b, n_mean);
      bstd = add_feature (b, n_std);
    }
  if (spec->recipes & FL_RECIPE_MOMENTUM)
    mom = add_feature (b, n_mom);
  if (spec->recipes & FL_RECIPE_VOLATILITY)
    vol = add_feature (b, n_vol);

  for (gsize i = 0; i < t->n_rows; i++)
    {
      double x = fl_table_get (t, i, c), mean, sd;
      gsize m;

      lo = first_at_or_after (t, t->ts_s[i] - w, lo);
      slo = first_at_or_after (t, t->ts_s[i] - shrt + step, slo);
      if (level)
        level[i] = x;
      if (bmean)
        {
          range_stats (t, c, lo, i, &mean, &sd, &m);
          bmean[i] = mean;
          bstd[i] = sd;
        }
      if (mom)
        for (gsize j = i; j-- > lo;)
          if (t->ts_s[j] <= t->ts_s[i] - lag + 1e-9 && !isnan (fl_table_get (t, j, c)))
            {
              mom[i] = x - fl_table_get (t, j, c);
              break;
            }
      if (vol)
        {
          range_stats (t, c, slo, i + 1, &mean, &sd, &m);
          vol[i] = sd;
        }
    }
}

static gboolean
in_list (const char * const *list,
         const char         *name)
{
  return list != NULL && g_strv_contains (list, name);
}

/**
 * fl_recipes_compute:
 * @table: the rows of one series
 * @spec: which recipes
 * @exclude: (nullable) (array zero-terminated=1): columns never used as
 *   features (e.g. the label's own column when it is a precomputed target)
 * @names_out: (out) (transfer full) (element-type utf8): feature names
 * @X_out: (out) (transfer full): @table->n_rows × len(@names_out) matrix,
 *   row-major; NaN = missing
 * @error: return location for a #GError
 *
 * Computes the features of every row from rows at or before it only
 * (windows are in time: `window_rows × step_s`). Names say what they are:
 * `rtt_mean_ms`, `rtt_mean_ms_mean_60`, `rtt_mean_ms_std_60`,
 * `rtt_mean_ms_change_5`, `rtt_mean_ms_volatility_5`, `loss_pct`,
 * `loss_pct_mean_60`, `replies`, `sent`, `last_reply_age_s`.
 *
 * Returns: %TRUE on success; %FL_ERROR_INVALID for an unknown column or no
 *   feature at all
 */
gboolean
fl_recipes_compute (const FlTable       *table,
                    const FlRecipeSpec  *spec,
                    const char * const  *exclude,
                    GPtrArray          **names_out,
                    double             **X_out,
                    GError             **error)
{
  static const char * const rtt_base[] = { "rtt_mean_ms", NULL };
  static const char * const rtt_extra[] = { "rtt_std_ms", "rtt_min_ms", "rtt_max_ms", NULL };
  Builder b = { g_ptr_array_new_with_free_func (g_free),
                g_array_new (FALSE, FALSE, sizeof (double *)), table->n_rows };
  gboolean is_rtt = fl_table_find_column (table, "rtt_mean_ms") >= 0 &&
                    fl_table_find_column (table, "loss_pct") >= 0;
  g_autoptr(GStrvBuilder) base_b = g_strv_builder_new ();
  g_auto(GStrv) base = NULL;
  const char * const *extra;
  double *X;
  gsize d;

  if (spec->columns != NULL)
    base = g_strdupv (spec->columns);
  else if (is_rtt)
    base = g_strdupv ((char **)rtt_base);
  else
    {
      for (gsize c = 0; c < table->n_columns; c++)
        if (!in_list (exclude, table->names[c]))
          g_strv_builder_add (base_b, table->names[c]);
      base = g_strv_builder_end (base_b);
    }
  extra = spec->extra_levels != NULL ? (const char * const *)spec->extra_levels
                                     : (is_rtt ? rtt_extra : NULL);

  for (guint k = 0; base[k] != NULL; k++)
    {
      gssize c = fl_table_find_column (table, base[k]);

      if (c < 0 || in_list (exclude, base[k]))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       c < 0 ? "Feature column “%s” does not exist"
                             : "Feature column “%s” is the label's own column", base[k]);
          goto fail;
        }
      recipes_for_column (table, spec, (gsize)c, &b);
    }
  for (guint k = 0; extra != NULL && extra[k] != NULL; k++)
    {
      gssize c = fl_table_find_column (table, extra[k]);

      if (c < 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Feature column “%s” does not exist", extra[k]);
          goto fail;
        }
      if (spec->recipes & FL_RECIPE_LEVEL)
        {
          double *v = add_feature (&b, extra[k]);

          for (gsize i = 0; i < table->n_rows; i++)
            v[i] = fl_table_get (table, i, c);
        }
    }

  if (is_rtt)
    {
      gssize loss = fl_table_find_column (table, "loss_pct");

      if (spec->recipes & FL_RECIPE_LOSS)
        {
          double *lv = add_feature (&b, "loss_pct");
          g_autofree char *n_lm = g_strdup_printf ("loss_pct_mean_%u", spec->window_rows);
          double *lm = add_feature (&b, n_lm);
          double w = spec->window_rows * (table->step_s > 0 ? table->step_s : 1);
          gsize lo = 0;

          for (gsize i = 0; i < table->n_rows; i++)
            {
              double mean, sd;
              gsize m;

              lo = first_at_or_after (table, table->ts_s[i] - w, lo);
              lv[i] = fl_table_get (table, i, loss);
              range_stats (table, loss, lo, i, &mean, &sd, &m);
              lm[i] = mean;
            }
        }
      if (spec->recipes & FL_RECIPE_COUNT)
        {
          double *r = add_feature (&b, "replies");
          double *s = add_feature (&b, "sent");

          for (gsize i = 0; i < table->n_rows; i++)
            {
              r[i] = fl_table_get (table, i, FL_RTT_COL_REPLIES);
              s[i] = fl_table_get (table, i, FL_RTT_COL_SENT);
            }
        }
      if (spec->recipes & FL_RECIPE_AGE)
        {
          double *a = add_feature (&b, "last_reply_age_s");

          for (gsize i = 0; i < table->n_rows; i++)
            a[i] = fl_table_get (table, i, FL_RTT_COL_LAST_REPLY_AGE);
        }
    }

  d = b.names->len;
  if (d == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The feature recipes produce no feature");
      goto fail;
    }
  X = g_new (double, MAX (table->n_rows * d, 1));
  for (gsize f = 0; f < d; f++)
    {
      double *col = g_array_index (b.cols, double *, f);

      for (gsize i = 0; i < table->n_rows; i++)
        X[i * d + f] = col[i];
      g_free (col);
    }
  g_array_unref (b.cols);
  *names_out = b.names;
  *X_out = X;
  return TRUE;

fail:
  for (guint f = 0; f < b.cols->len; f++)
    g_free (g_array_index (b.cols, double *, f));
  g_array_unref (b.cols);
  g_ptr_array_unref (b.names);
  return FALSE;
}
