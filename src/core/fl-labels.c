/* fl-labels.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-labels"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-expr.h"
#include "fl-labels.h"

static const char * const kind_names[] = {
  [FL_LABEL_ZSCORE] = "zscore",
  [FL_LABEL_RULE] = "rule",
  [FL_LABEL_LOSS] = "loss",
  [FL_LABEL_CHANGEPOINT] = "changepoint",
  [FL_LABEL_COLUMN] = "column",
};

/**
 * fl_label_kind_to_string:
 * @kind: a #FlLabelKind
 *
 * Returns: (transfer none): `"zscore"`, `"rule"`, `"loss"`,
 *   `"changepoint"` or `"column"`
 */
const char *
fl_label_kind_to_string (FlLabelKind kind)
{
  return kind <= FL_LABEL_COLUMN ? kind_names[kind] : "zscore";
}

/**
 * fl_label_kind_from_string:
 * @name: a label kind name
 * @out: (out): the kind
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_label_kind_from_string (const char  *name,
                           FlLabelKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *out = (FlLabelKind)i;
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_label_spec_init_default:
 * @spec: (out caller-allocates): the spec to fill
 *
 * A z-score label on `rtt_mean_ms` with k = 2.5 over 60 past rows, a
 * 5-step horizon, target "within the horizon".
 */
void
fl_label_spec_init_default (FlLabelSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->kind = FL_LABEL_ZSCORE;
  spec->k_sigma = 2.5;
  spec->window_rows = 60;
  spec->loss_pct = 50;
  spec->tolerance_rows = 1;
  spec->horizon = 5;
  spec->target = FL_TARGET_WITHIN;
}

/**
 * fl_label_spec_clear:
 * @spec: a spec
 *
 * Frees the strings @spec owns.
 */
void
fl_label_spec_clear (FlLabelSpec *spec)
{
  g_clear_pointer (&spec->column, g_free);
  g_clear_pointer (&spec->expression, g_free);
  g_clear_pointer (&spec->persistence_column, g_free);
}

/**
 * fl_label_spec_copy:
 * @dest: (out caller-allocates): destination
 * @src: source
 *
 * Deep copy of @src into @dest (which must not own strings).
 */
void
fl_label_spec_copy (FlLabelSpec       *dest,
                    const FlLabelSpec *src)
{
  *dest = *src;
  dest->column = g_strdup (src->column);
  dest->expression = g_strdup (src->expression);
  dest->persistence_column = g_strdup (src->persistence_column);
}

/**
 * fl_label_spec_describe:
 * @spec: a spec
 *
 * Returns: (transfer full): a one-line description, e.g.
 *   `rtt_mean_ms > mean + 2.5·std of the past 60 steps, within 5 steps`
 */
char *
fl_label_spec_describe (const FlLabelSpec *spec)
{
  g_autofree char *what = NULL;
  const char *horizon = spec->target == FL_TARGET_AT ? "exactly" : "within";

  switch (spec->kind)
    {
    case FL_LABEL_RULE:
      what = g_strdup_printf ("rule %s", spec->expression ? spec->expression : "?");
      break;
    case FL_LABEL_LOSS:
      what = g_strdup_printf ("packet loss ≥ %g %%", spec->loss_pct);
      break;
    case FL_LABEL_CHANGEPOINT:
      what = g_strdup_printf ("a labelled change point within ±%u rows", spec->tolerance_rows);
      break;
    case FL_LABEL_COLUMN:
      what = g_strdup_printf ("column %s", spec->column ? spec->column : "?");
      break;
    case FL_LABEL_ZSCORE:
    default:
      what = g_strdup_printf ("%s > mean + %g·std of the past %u steps",
                              spec->column ? spec->column : "rtt_mean_ms", spec->k_sigma,
                              spec->window_rows);
      break;
    }
  if (spec->horizon == 0)
    return g_strdup_printf ("%s, at the same time", what);
  return g_strdup_printf ("%s, %s %u steps ahead", what, horizon, spec->horizon);
}

static gboolean
require_column (const FlTable  *t,
                const char     *name,
                gssize         *out,
                GError        **error)
{
  *out = fl_table_find_column (t, name);
  if (*out < 0)
    {
      g_autofree char *known = g_strjoinv (", ", t->names);

      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The label needs a column “%s”, which the data does not have (columns: %s)",
                   name, known);
      return FALSE;
    }
  return TRUE;
}

/* z-score against the past window [t − w·step, t) in time, current row
 * excluded; warm when the series has existed for a full window and the
 * window holds at least two values (methodology.md §7.3, guard 3). */
static void
label_zscore (const FlTable     *t,
              const FlLabelSpec *spec,
              gsize              col,
              FlLabels          *l)
{
  double span = spec->window_rows * t->step_s;
  gsize lo = 0;

  for (gsize i = 0; i < t->n_rows; i++)
    {
      double x = fl_table_get (t, i, col), sum = 0, ss = 0, mean, sd;
      gsize m = 0;

      while (lo < i && t->ts_s[lo] < t->ts_s[i] - span - 1e-9)
        lo++;
      if (isnan (x) || t->ts_s[i] - t->ts_s[0] < span - 1e-9)
        continue;
      for (gsize j = lo; j < i; j++)
        {
          double v = fl_table_get (t, j, col);

          if (!isnan (v))
            {
              sum += v;
              m++;
            }
        }
      if (m < 2)
        continue;
      mean = sum / m;
      for (gsize j = lo; j < i; j++)
        {
          double v = fl_table_get (t, j, col);

          if (!isnan (v))
            ss += (v - mean) * (v - mean);
        }
      sd = sqrt (ss / (m - 1));
      if (sd > 0)
        l->rule_score[i] = (x - mean) / sd - spec->k_sigma;
      else
        l->rule_score[i] = x > mean ? INFINITY : -spec->k_sigma;
      l->label[i] = x > mean + spec->k_sigma * sd;
    }
}

static gboolean
label_rule (const FlTable      *t,
            const FlLabelSpec  *spec,
            FlLabels           *l,
            GError            **error)
{
  g_autoptr(FlExpr) expr = NULL;

  if (spec->expression == NULL || *spec->expression == '\0')
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "A rule label needs an expression");
      return FALSE;
    }
  expr = fl_expr_parse (spec->expression, (const char * const *)t->names, t->n_columns, error);
  if (expr == NULL)
    return FALSE;
  if (!fl_expr_is_boolean (expr))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The rule “%s” is not a condition (use a comparison such as “x > 3”)",
                   spec->expression);
      return FALSE;
    }
  g_strfreev (l->inputs);
  l->inputs = fl_expr_get_columns (expr);

  for (gsize i = 0; i < t->n_rows; i++)
    {
      double v = fl_expr_eval (expr, &t->values[i * t->n_columns]);

      if (isnan (v))
        continue;
      l->label[i] = v != 0;
      l->rule_score[i] = v != 0 ? 1.0 : -1.0;
    }
  return TRUE;
}

/**
 * fl_labels_compute:
 * @table: the rows of one series
 * @spec: how to label
 * @error: return location for a #GError
 *
 * Labels each row, then derives the target at the prediction horizon (see
 * #FlTargetMode). Labels may look at the row's own values (and, for change
 * points, at ± tolerance rows); features must not, which is the caller's
 * concern. `inputs` lists the columns the label reads at t, so an
 * experiment can warn when the label is a function of the model's inputs.
 *
 * Returns: (transfer full): the labels, or %NULL with %FL_ERROR_INVALID
 *   (unknown column, bad rule)
 */
FlLabels *
fl_labels_compute (const FlTable      *table,
                   const FlLabelSpec  *spec,
                   GError            **error)
{
  g_autoptr(FlLabels) l = g_new0 (FlLabels, 1);
  gsize n = table->n_rows;
  gssize col = -1;

  l->n = n;
  l->label = g_new (gint8, MAX (n, 1));
  l->label_now = g_new (gint8, MAX (n, 1));
  l->target = g_new (gint8, MAX (n, 1));
  l->rule_score = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      l->label[i] = l->target[i] = -1;
      l->rule_score[i] = NAN;
    }

  switch (spec->kind)
    {
    case FL_LABEL_ZSCORE:
      if (spec->window_rows < 2)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The z-score window must hold at least 2 steps");
          return NULL;
        }
      if (!require_column (table, spec->column ? spec->column : "rtt_mean_ms", &col, error))
        return NULL;
      l->inputs = g_new0 (char *, 2);
      l->inputs[0] = g_strdup (table->names[col]);
      label_zscore (table, spec, (gsize)col, l);
      break;

    case FL_LABEL_RULE:
      if (!label_rule (table, spec, l, error))
        return NULL;
      break;

    case FL_LABEL_LOSS:
      if (!require_column (table, "loss_pct", &col, error))
        return NULL;
      l->inputs = g_new0 (char *, 2);
      l->inputs[0] = g_strdup ("loss_pct");
      for (gsize i = 0; i < n; i++)
        {
          double v = fl_table_get (table, i, col);

          if (isnan (v))
            continue;
          l->label[i] = v >= spec->loss_pct;
          l->rule_score[i] = (v - spec->loss_pct) / 10.0;
        }
      break;

    case FL_LABEL_CHANGEPOINT:
      if (!require_column (table, "changepoint", &col, error))
        return NULL;
      l->inputs = g_new0 (char *, 1);
      for (gsize i = 0; i < n; i++)
        {
          gsize lo = i >= spec->tolerance_rows ? i - spec->tolerance_rows : 0;
          gsize hi = MIN (n - 1, i + spec->tolerance_rows);

          l->label[i] = 0;
          for (gsize j = lo; j <= hi; j++)
            if (fl_table_get (table, j, col) > 0.5)
              l->label[i] = 1;
        }
      break;

    case FL_LABEL_COLUMN:
      if (spec->column == NULL)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "A column label needs a column name");
          return NULL;
        }
      if (!require_column (table, spec->column, &col, error))
        return NULL;
      l->inputs = g_new0 (char *, 1);
      for (gsize i = 0; i < n; i++)
        {
          double v = fl_table_get (table, i, col);

          if (!isnan (v))
            l->label[i] = v > 0.5;
        }
      break;

    default:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Unknown label kind %d", spec->kind);
      return NULL;
    }

  /* What persistence sees at t. */
  memcpy (l->label_now, l->label, n);
  if (spec->persistence_column != NULL)
    {
      if (!require_column (table, spec->persistence_column, &col, error))
        return NULL;
      for (gsize i = 0; i < n; i++)
        {
          double v = fl_table_get (table, i, col);

          l->label_now[i] = isnan (v) ? -1 : v > 0.5;
        }
    }

  /* Target at the horizon, by time. */
  {
    double step = table->step_s > 0 ? table->step_s : 1;
    double h = spec->horizon * step;
    gsize hi = 0;

    for (gsize i = 0; i < n; i++)
      {
        if (spec->horizon == 0)
          {
            l->target[i] = l->label[i];
            continue;
          }
        if (spec->target == FL_TARGET_AT)
          {
            double want = table->ts_s[i] + h;

            while (hi < n && table->ts_s[hi] < want - 1e-6)
              hi++;
            if (hi < n && fabs (table->ts_s[hi] - want) < 1e-6)
              l->target[i] = l->label[hi];
            continue;
          }
        for (gsize j = i + 1; j < n && table->ts_s[j] <= table->ts_s[i] + h + 1e-6; j++)
          if (l->label[j] >= 0)
            l->target[i] = MAX (l->target[i], l->label[j]);
      }
  }

  for (gsize i = 0; i < n; i++)
    if (l->label[i] == 1)
      {
        l->n_positive++;
        if (i == 0 || l->label[i - 1] != 1)
          l->n_events++;
      }

  return g_steal_pointer (&l);
}

/**
 * fl_labels_free:
 * @labels: (nullable) (transfer full): labels
 *
 * Frees @labels.
 */
void
fl_labels_free (FlLabels *labels)
{
  if (labels == NULL)
    return;
  g_free (labels->label);
  g_free (labels->label_now);
  g_free (labels->rule_score);
  g_free (labels->target);
  g_strfreev (labels->inputs);
  g_free (labels);
}
