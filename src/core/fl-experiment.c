/* fl-experiment.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-experiment"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <csv.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_version.h>
#include <linear.h>
#include <sqlite3.h>
#include <string.h>

#include "fl-curves.h"
#include "fl-dataset.h"
#include "fl-error.h"
#include "fl-experiment.h"
#include "fl-experiment-private.h"
#include "fl-project-kpi.h"
#include "fl-project-private.h"
#include "fl-table.h"

#define EXPERIMENT_KIND "comparison"

/* ---- progress --------------------------------------------------------- */

typedef struct
{
  FlProgressFunc func;
  gpointer       data;
  double         lo;
  double         hi;
  const char    *prefix;
} Stage;

static void
stage_progress_cb (double      fraction,
                   const char *message,
                   gpointer    user_data)
{
  Stage *s = user_data;

  if (s->func != NULL)
    {
      g_autofree char *msg = s->prefix && message ? g_strdup_printf ("%s: %s", s->prefix, message)
                                                  : g_strdup (message);

      s->func (s->lo + (s->hi - s->lo) * CLAMP (fraction, 0, 1), msg, s->data);
    }
}

static void
report (FlProgressFunc  func,
        gpointer        data,
        double          fraction,
        const char     *message)
{
  if (func != NULL)
    func (fraction, message, data);
}

/* ---- data ------------------------------------------------------------- */

typedef struct
{
  FlDataset *ds;
  GPtrArray *series;        /* FlSeriesInfo of the series used */
  GPtrArray *warnings;
  GStrv      label_inputs;
  gsize      imputed_rows;
  gsize      n_events;
  double     step_s;
  double     feature_window_s;
  double     horizon_s;
  char      *data_hash;
  char      *label_description;
  guint      n_train_series;   /* train-test: the first ones train, the rest test */
} Data;

static void
data_clear (Data *d)
{
  g_clear_pointer (&d->ds, fl_dataset_free);
  g_clear_pointer (&d->series, g_ptr_array_unref);
  g_clear_pointer (&d->warnings, g_ptr_array_unref);
  g_clear_pointer (&d->label_inputs, g_strfreev);
  g_clear_pointer (&d->data_hash, g_free);
  g_clear_pointer (&d->label_description, g_free);
}

static gboolean
selection_is_set (const FlSeriesSelection *sel)
{
  return sel->keys != NULL || sel->prefix != NULL || sel->sources != NULL ||
         sel->tag_file != NULL;
}

/* Probe ids whose metadata row has one of the accepted values (libcsv). */
typedef struct
{
  int         column;
  int         field;
  gboolean    header;
  char       *probe;
  gboolean    match;
  const char *want_column;
  GStrv       values;
  GHashTable *probes;
} TagReader;

static void
tag_field_cb (void   *data,
              size_t  len,
              void   *user)
{
  TagReader *t = user;
  g_autofree char *v = g_strndup (data, len);

  if (t->header)
    {
      if (g_str_equal (v, t->want_column))
        t->column = t->field;
    }
  else if (t->field == 0)
    {
      g_free (t->probe);
      t->probe = g_steal_pointer (&v);
    }
  else if (t->field == t->column && g_strv_contains ((const char * const *)t->values, v))
    t->match = TRUE;
  t->field++;
}

static void
tag_row_cb (int   c,
            void *user)
{
  TagReader *t = user;
  gint64 id;

  if (!t->header && t->match && t->probe != NULL &&
      g_ascii_string_to_signed (t->probe, 10, 0, G_MAXINT64, &id, NULL))
    g_hash_table_add (t->probes, g_memdup2 (&id, sizeof id));
  t->header = FALSE;
  t->field = 0;
  t->match = FALSE;
}

static GHashTable *
read_tag_probes (const FlSeriesSelection  *sel,
                 GError                  **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  struct csv_parser p;
  TagReader t = { -1, 0, TRUE, NULL, FALSE, sel->tag_column, sel->tag_values, NULL };

  if (sel->tag_column == NULL || sel->tag_values == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "A tag selection needs tag_column and tag_values");
      return NULL;
    }
  if (!g_file_get_contents (sel->tag_file, &text, &len, error))
    return NULL;
  t.probes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  csv_init (&p, CSV_APPEND_NULL);
  if (csv_parse (&p, text, len, tag_field_cb, tag_row_cb, &t) != len)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s: %s", sel->tag_file,
                   csv_strerror (csv_error (&p)));
      csv_free (&p);
      g_free (t.probe);
      g_hash_table_unref (t.probes);
      return NULL;
    }
  csv_fini (&p, tag_field_cb, tag_row_cb, &t);
  csv_free (&p);
  g_free (t.probe);
  if (t.column < 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "%s has no column “%s”", sel->tag_file,
                   sel->tag_column);
      g_hash_table_unref (t.probes);
      return NULL;
    }
  return t.probes;
}

/* Series ids with data from one of the named source files. */
static GHashTable *
series_of_sources (FlProject  *project,
                   GStrv       sources,
                   GError    **error)
{
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3 *db = fl_project_get_db (project);
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT DISTINCT series_id FROM sample_chunks WHERE source_id IN "
                          " (SELECT id FROM sources WHERE file_name = ?1)"
                          " UNION SELECT DISTINCT series_id FROM kpi_values WHERE source_id IN "
                          " (SELECT id FROM sources WHERE file_name = ?1)", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT, "Selecting series by source: %s",
                   sqlite3_errmsg (db));
      g_hash_table_unref (ids);
      return NULL;
    }
  for (guint i = 0; sources[i] != NULL; i++)
    {
      sqlite3_reset (st);
      sqlite3_bind_text (st, 1, sources[i], -1, SQLITE_TRANSIENT);
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (st, 0);

          g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
        }
    }
  sqlite3_finalize (st);
  return ids;
}

static GPtrArray *
select_series (FlProject                *project,
               const FlSeriesSelection  *sel,
               GError                  **error)
{
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_series_info_free);
  g_autoptr(GPtrArray) all = fl_project_list_series (project, error);
  g_autoptr(GHashTable) by_source = NULL;
  g_autoptr(GHashTable) by_tag = NULL;

  if (all == NULL)
    return NULL;
  if (sel->sources != NULL && (by_source = series_of_sources (project, sel->sources, error)) == NULL)
    return NULL;
  if (sel->tag_file != NULL && (by_tag = read_tag_probes (sel, error)) == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      FlSeriesInfo *s = g_ptr_array_index (all, i);

      if (sel->keys != NULL && !g_strv_contains ((const char * const *)sel->keys, s->key))
        continue;
      if (sel->prefix != NULL && !g_str_has_prefix (s->key, sel->prefix))
        continue;
      if (by_source != NULL && !g_hash_table_contains (by_source, &s->id))
        continue;
      if (by_tag != NULL && (s->probe_id < 0 || !g_hash_table_contains (by_tag, &s->probe_id)))
        continue;
      g_ptr_array_add (ret, g_ptr_array_steal_index (all, i));
      i--;
    }
  if (ret->len == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "No series matches the selection");
      return NULL;
    }
  if (sel->keys != NULL && ret->len < g_strv_length (sel->keys) && sel->prefix == NULL &&
      sel->sources == NULL && sel->tag_file == NULL)
    {
      for (guint k = 0; sel->keys[k] != NULL; k++)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < ret->len; i++)
            found |= g_str_equal (((FlSeriesInfo *)g_ptr_array_index (ret, i))->key, sel->keys[k]);
          if (!found)
            {
              g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "No series “%s” in %s",
                           sel->keys[k], fl_project_get_path (project));
              return NULL;
            }
        }
    }
  return g_steal_pointer (&ret);
}

static GPtrArray *
pick_series (FlProject                *project,
             const FlExperimentConfig *config,
             guint                    *n_train_series,
             GError                  **error)
{
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_series_info_free);
  g_autoptr(GPtrArray) all = NULL;
  FlSeriesInfo *best = NULL;
  guint best_i = 0;

  if (selection_is_set (&config->select))
    {
      g_autoptr(GPtrArray) sel = select_series (project, &config->select, error);

      if (sel == NULL)
        return NULL;
      if (config->evaluation == FL_EVALUATION_TRAIN_TEST)
        {
          g_autoptr(GPtrArray) test = NULL;

          if (!selection_is_set (&config->test_select))
            {
              g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                           "A train-test evaluation needs a test_select");
              return NULL;
            }
          test = select_series (project, &config->test_select, error);
          if (test == NULL)
            return NULL;
          for (guint i = 0; i < test->len; i++)
            {
              FlSeriesInfo *t = g_ptr_array_index (test, i);

              for (guint j = 0; j < sel->len; j++)
                if (((FlSeriesInfo *)g_ptr_array_index (sel, j))->id == t->id)
                  {
                    g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                                 "%s is in both the training and the test selection", t->key);
                    return NULL;
                  }
            }
          /* training series first, then the test series */
          *n_train_series = sel->len;
          while (test->len > 0)
            {
              FlSeriesInfo *t = g_ptr_array_steal_index (test, 0);

              g_ptr_array_add (sel, t);
            }
        }
      return g_steal_pointer (&sel);
    }

  if (config->series_keys != NULL && config->series_keys[0] != NULL)
    {
      for (guint i = 0; config->series_keys[i] != NULL; i++)
        {
          FlSeriesInfo *s = fl_project_find_series (project, config->series_keys[i], error);

          if (s == NULL)
            return NULL;
          g_ptr_array_add (ret, s);
        }
      return g_steal_pointer (&ret);
    }
  if (config->series_key != NULL)
    {
      FlSeriesInfo *s = fl_project_find_series (project, config->series_key, error);

      if (s == NULL)
        return NULL;
      g_ptr_array_add (ret, s);
      return g_steal_pointer (&ret);
    }

  all = fl_project_list_series (project, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      FlSeriesInfo *s = g_ptr_array_index (all, i);

      if (best == NULL || s->n_samples - s->n_lost > best->n_samples - best->n_lost)
        {
          best = s;
          best_i = i;
        }
    }
  if (best == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "The project has no measurements yet; import a source first");
      return NULL;
    }
  g_ptr_array_add (ret, g_ptr_array_steal_index (all, best_i));
  return g_steal_pointer (&ret);
}

/* Rows of one series, before pooling. */
typedef struct
{
  gsize    n;
  gsize    d;
  double  *X;
  guint8  *y;
  guint8  *label_now;
  double  *rule_score;
  double  *ts_s;
  gsize    n_imputed;
  gsize    n_events;
} Part;

static void
part_clear (Part *p)
{
  g_free (p->X);
  g_free (p->y);
  g_free (p->label_now);
  g_free (p->rule_score);
  g_free (p->ts_s);
}

/* The NetProphet feature set and label (fl_features_compute). The rule
 * score is the label's own margin: (avg − rolling mean) / rolling std − k. */
static gboolean
part_netprophet (const FlSeriesData        *s,
                 const FlExperimentConfig  *config,
                 Part                      *p,
                 GError                   **error)
{
  g_autoptr(FlFeatureTable) t = fl_features_compute (s->ts_s, s->rtt_ms, s->n, &config->pipeline,
                                                     error);

  if (t == NULL)
    return FALSE;
  p->n = t->n_rows;
  p->d = FL_N_FEATURES;
  p->X = g_memdup2 (t->X, MAX (t->n_rows, 1) * FL_N_FEATURES * sizeof (double));
  p->y = g_memdup2 (t->target, MAX (t->n_rows, 1));
  p->label_now = g_memdup2 (t->label_now, MAX (t->n_rows, 1));
  p->ts_s = g_memdup2 (t->bucket_start_s, MAX (t->n_rows, 1) * sizeof (double));
  p->rule_score = g_new (double, MAX (t->n_rows, 1));
  for (gsize i = 0; i < t->n_rows; i++)
    {
      const double *row = &t->X[i * FL_N_FEATURES];
      double sd = row[FL_FEATURE_ROLLING_STD];

      p->rule_score[i] = sd > 0 ? (row[FL_FEATURE_AVG_LATENCY] - row[FL_FEATURE_ROLLING_MEAN]) / sd
                                    - config->pipeline.k_sigma
                                : NAN;
      p->n_imputed += t->imputed[i];
      if (t->label_now[i] && (i == 0 || !t->label_now[i - 1]))
        p->n_events++;
    }
  return TRUE;
}

/* Bucket table → label → recipes. Rows without a target are dropped, and
 * so are rows whose z-score baseline is not warm yet. */
static gboolean
part_recipes (FlTable                   *t,
              const FlExperimentConfig  *config,
              Part                      *p,
              GPtrArray                **names_out,
              GStrv                     *inputs_out,
              GError                   **error)
{
  g_autoptr(FlLabels) l = NULL;
  g_autoptr(FlLabels) detector = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree double *X = NULL;
  const char *exclude[4] = { NULL, NULL, NULL, NULL };
  gsize d, k = 0;

  if (t == NULL)
    return FALSE;
  l = fl_labels_compute (t, &config->label, error);
  if (l == NULL)
    return FALSE;
  if (config->use_rule_baseline)
    {
      detector = fl_labels_compute (t, &config->rule_baseline, error);
      if (detector == NULL)
        {
          g_prefix_error (error, "rule_baseline: ");
          return FALSE;
        }
    }
  if (config->label.kind == FL_LABEL_COLUMN)
    exclude[k++] = config->label.column;
  if (config->label.kind == FL_LABEL_CHANGEPOINT)
    exclude[k++] = "changepoint";
  if (config->label.persistence_column != NULL)
    exclude[k++] = config->label.persistence_column;
  if (!fl_recipes_compute (t, &config->recipes, exclude, &names, &X, error))
    return FALSE;
  d = names->len;

  p->d = d;
  p->X = g_new (double, MAX (t->n_rows * d, 1));
  p->y = g_new (guint8, MAX (t->n_rows, 1));
  p->label_now = g_new (guint8, MAX (t->n_rows, 1));
  p->rule_score = g_new (double, MAX (t->n_rows, 1));
  p->ts_s = g_new (double, MAX (t->n_rows, 1));
  for (gsize i = 0; i < t->n_rows; i++)
    {
      if (l->target[i] < 0)
        continue;
      if (config->label.kind == FL_LABEL_ZSCORE && isnan (l->rule_score[i]) && l->label[i] < 0 &&
          t->ts_s[i] - t->ts_s[0] < config->label.window_rows * t->step_s)
        continue;
      if (config->drop_incomplete_rows)
        {
          gboolean missing = FALSE;

          for (gsize f = 0; f < d; f++)
            missing |= isnan (X[i * d + f]);
          if (missing)
            continue;
        }
      memcpy (&p->X[p->n * d], &X[i * d], d * sizeof (double));
      p->y[p->n] = (guint8)l->target[i];
      p->label_now[p->n] = l->label_now[i] == 1;
      p->rule_score[p->n] = detector ? detector->rule_score[i] : l->rule_score[i];
      p->ts_s[p->n] = t->ts_s[i];
      p->n++;
    }
  p->n_events = l->n_events;
  if (names_out != NULL)
    *names_out = g_steal_pointer (&names);
  if (inputs_out != NULL)
    *inputs_out = g_strdupv (l->inputs);
  return TRUE;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* A KPI series as a table: its columns as they were imported (categorical
 * columns as their codes), the step = the median interval between rows. */
static FlTable *
table_from_kpi (const FlKpiTable *k)
{
  FlTable *t = fl_table_new (k->n_rows, k->n_columns, (const char * const *)k->column_names);
  g_autofree double *steps = g_new (double, MAX (k->n_rows, 1));
  gsize m = 0;

  memcpy (t->ts_s, k->ts_s, k->n_rows * sizeof (double));
  memcpy (t->values, k->values, k->n_rows * k->n_columns * sizeof (double));
  for (gsize i = 1; i < k->n_rows; i++)
    if (k->ts_s[i] > k->ts_s[i - 1])
      steps[m++] = k->ts_s[i] - k->ts_s[i - 1];
  if (m > 0)
    {
      qsort (steps, m, sizeof (double), cmp_double);
      t->step_s = steps[m / 2];
    }
  else
    t->step_s = 1;
  return t;
}

typedef struct
{
  double ts;
  gint64 group;
  gsize  part;
  gsize  row;
} RowRef;

static int
cmp_rowref (gconstpointer a,
            gconstpointer b)
{
  const RowRef *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return (x->group > y->group) - (x->group < y->group);
}

static gboolean
build_data (FlProject                 *project,
            const FlExperimentConfig  *config,
            Data                      *data,
            GError                   **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) feature_names = NULL;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (RowRef));
  g_autofree Part *parts = NULL;
  gsize d = 0;
  gboolean ok = FALSE;

  data->warnings = g_ptr_array_new_with_free_func (g_free);
  data->series = pick_series (project, config, &data->n_train_series, error);
  if (data->series == NULL)
    return FALSE;
  parts = g_new0 (Part, data->series->len);

  for (guint i = 0; i < data->series->len; i++)
    {
      FlSeriesInfo *info = g_ptr_array_index (data->series, i);
      g_autoptr(FlSeriesData) s = fl_project_load_series (project, info->id, error);

      if (s == NULL)
        goto out;
      g_checksum_update (sum, (const guchar *)info->key, -1);
      g_checksum_update (sum, (const guchar *)s->ts_s, s->n * sizeof (double));
      g_checksum_update (sum, (const guchar *)s->rtt_ms, s->n * sizeof (double));

      if (s->n == 0)
        {
          g_autoptr(FlKpiTable) kpi = fl_project_load_kpi_table (project, info->id, error);
          g_autoptr(FlTable) t = NULL;
          g_autoptr(GPtrArray) names = NULL;
          g_auto(GStrv) inputs = NULL;

          if (kpi == NULL)
            goto out;
          if (kpi->n_rows == 0)
            {
              g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                           "%s holds no measurements", info->label);
              goto out;
            }
          if (!config->use_recipes)
            {
              g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                           "%s is a KPI table: its experiment needs “features”: {“set”: "
                           "“recipes”} and a label (the NetProphet set is computed from RTT "
                           "replies)", info->label);
              goto out;
            }
          g_checksum_update (sum, (const guchar *)kpi->ts_s, kpi->n_rows * sizeof (double));
          g_checksum_update (sum, (const guchar *)kpi->values,
                             kpi->n_rows * kpi->n_columns * sizeof (double));
          t = table_from_kpi (kpi);
          data->step_s = t->step_s;
          if (!part_recipes (t, config, &parts[i], &names, &inputs, error))
            {
              g_prefix_error (error, "%s: ", info->label);
              goto out;
            }
          if (feature_names == NULL)
            {
              feature_names = g_steal_pointer (&names);
              data->label_inputs = g_steal_pointer (&inputs);
            }
        }
      else if (config->use_recipes)
        {
          g_autoptr(GPtrArray) names = NULL;
          g_auto(GStrv) inputs = NULL;
          g_autoptr(FlTable) t = fl_table_from_rtt_series (s, config->pipeline.bucket_s, error);

          if (t == NULL || !part_recipes (t, config, &parts[i], &names, &inputs, error))
            {
              g_prefix_error (error, "%s: ", info->label);
              goto out;
            }
          if (feature_names == NULL)
            {
              feature_names = g_steal_pointer (&names);
              data->label_inputs = g_steal_pointer (&inputs);
            }
        }
      else if (!part_netprophet (s, config, &parts[i], error))
        {
          g_prefix_error (error, "%s: ", info->label);
          goto out;
        }

      for (gsize r = 0; r < parts[i].n; r++)
        {
          RowRef ref = { parts[i].ts_s[r], info->id, i, r };

          g_array_append_val (refs, ref);
        }
      data->imputed_rows += parts[i].n_imputed;
      data->n_events += parts[i].n_events;
    }

  if (feature_names == NULL)
    {
      feature_names = g_ptr_array_new_with_free_func (g_free);
      for (guint f = 0; f < FL_N_FEATURES; f++)
        g_ptr_array_add (feature_names, g_strdup (fl_feature_names[f]));
      data->label_inputs = g_new0 (char *, 2);
      data->label_inputs[0] = g_strdup ("avg_latency");
    }
  d = feature_names->len;

  /* pool in time order */
  g_array_sort (refs, cmp_rowref);
  data->ds = fl_dataset_new (refs->len, d);
  for (gsize f = 0; f < d; f++)
    {
      g_free (data->ds->feature_names[f]);
      data->ds->feature_names[f] = g_strdup (g_ptr_array_index (feature_names, f));
    }
  for (gsize k = 0; k < refs->len; k++)
    {
      const RowRef *ref = &g_array_index (refs, RowRef, k);
      const Part *p = &parts[ref->part];

      memcpy (&data->ds->X[k * d], &p->X[ref->row * d], d * sizeof (double));
      data->ds->y[k] = p->y[ref->row];
      data->ds->label_now[k] = p->label_now[ref->row];
      data->ds->rule_score[k] = p->rule_score[ref->row];
      data->ds->ts_s[k] = p->ts_s[ref->row];
      data->ds->group[k] = ref->group;
    }

  if (config->use_recipes)
    {
      if (data->step_s <= 0)
        data->step_s = config->pipeline.bucket_s;
      data->feature_window_s = MAX (config->recipes.window_rows, config->label.window_rows) *
                               data->step_s;
      data->horizon_s = config->label.horizon * data->step_s;
      data->label_description = fl_label_spec_describe (&config->label);
    }
  else
    {
      data->step_s = config->pipeline.bucket_s;
      data->feature_window_s = config->pipeline.window_buckets * data->step_s;
      data->horizon_s = config->pipeline.horizon_buckets * data->step_s;
      data->label_description =
        g_strdup_printf ("avg_latency > rolling_mean + %g·rolling_std (%s), %s %u buckets ahead",
                         config->pipeline.k_sigma,
                         config->pipeline.mode == FL_PIPELINE_SEED_COMPAT
                           ? "60-bucket window including the bucket itself"
                           : "past buckets only",
                         config->pipeline.mode == FL_PIPELINE_SEED_COMPAT ? "exactly" : "within",
                         config->pipeline.horizon_buckets);
    }
  data->data_hash = g_strdup (g_checksum_get_string (sum));
  ok = TRUE;

out:
  for (guint i = 0; data->series != NULL && i < data->series->len; i++)
    part_clear (&parts[i]);
  return ok;
}

/**
 * _fl_experiment_build_dataset:
 * @project: a project
 * @config: an experiment config
 * @error: return location for a #GError
 *
 * The rows an experiment would evaluate: per-series features, labels and
 * targets, pooled in time order (for tests and tools).
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set as
 *   fl_experiment_run() would
 */
FlDataset *
_fl_experiment_build_dataset (FlProject                *project,
                              const FlExperimentConfig *config,
                              GError                  **error)
{
  Data data = { 0 };
  FlDataset *ds = NULL;

  if (build_data (project, config, &data, error))
    ds = g_steal_pointer (&data.ds);
  data_clear (&data);
  return ds;
}

/* ---- arms ------------------------------------------------------------- */

typedef struct
{
  FlSamplerParams treatment;
  FlModelParams   model;
  gboolean        is_baseline;      /* no training rows needed, no treatment */
  gboolean        per_series;       /* one model per series */
  FlArmResult    *result;
  GArray         *ts, *group, *fold, *y, *score;
  GArray         *decision;         /* alarms at the operating threshold */
  FlModel        *last_model;
} Arm;

static void
arm_clear (Arm *a)
{
  g_clear_pointer (&a->ts, g_array_unref);
  g_clear_pointer (&a->group, g_array_unref);
  g_clear_pointer (&a->fold, g_array_unref);
  g_clear_pointer (&a->y, g_array_unref);
  g_clear_pointer (&a->score, g_array_unref);
  g_clear_pointer (&a->decision, g_array_unref);
  g_clear_pointer (&a->last_model, fl_model_free);
}

static void
arm_result_free (FlArmResult *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r->model);
  g_free (r->treatment);
  g_clear_pointer (&r->fold_metrics, g_array_unref);
  g_clear_pointer (&r->per_series, g_array_unref);
  g_clear_pointer (&r->operating_thresholds, g_array_unref);
  g_clear_pointer (&r->noise, g_array_unref);
  g_clear_pointer (&r->tuning_json, g_ptr_array_unref);
  g_clear_pointer (&r->warnings, g_ptr_array_unref);
  g_clear_pointer (&r->importance, g_hash_table_unref);
  g_clear_pointer (&r->importance_cover, g_hash_table_unref);
  g_free (r->curves_json);
  g_free (r->ts_s);
  g_free (r->group);
  g_free (r->fold);
  g_free (r->y);
  g_free (r->score);
  g_free (r);
}

static gboolean
model_is_untreated (FlModelKind kind)
{
  return fl_model_kind_is_baseline (kind) || kind == FL_MODEL_ISOLATION_FOREST;
}

static GArray *
make_arms (const FlExperimentConfig *config)
{
  GArray *arms = g_array_new (FALSE, TRUE, sizeof (Arm));
  g_autoptr(GArray) treatments = NULL;
  g_autoptr(GArray) models = NULL;

  if (config->treatments != NULL && config->treatments->len > 0)
    treatments = g_array_ref (config->treatments);
  else
    {
      FlSamplerParams t;

      treatments = g_array_new (FALSE, FALSE, sizeof (FlSamplerParams));
      fl_sampler_params_init_default (&t);
      t.kind = config->smote ? FL_SAMPLER_SMOTE : FL_SAMPLER_NONE;
      t.k_neighbors = config->smote_k;
      t.seed = config->seed;
      t.adapt_k = TRUE;
      g_array_append_val (treatments, t);
    }
  if (config->models != NULL && config->models->len > 0)
    models = g_array_ref (config->models);
  else
    {
      FlModelParams m;

      models = g_array_new (FALSE, FALSE, sizeof (FlModelParams));
      fl_model_params_init_default (&m, FL_MODEL_XGBOOST);
      m.n_rounds = config->xgb.n_rounds;
      m.eta = config->xgb.eta;
      m.max_depth = config->xgb.max_depth;
      m.nthread = config->xgb.nthread;
      m.seed = config->xgb.seed;
      m.scale_pos_weight = config->xgb.scale_pos_weight;
      g_array_append_val (models, m);
    }

  for (guint mi = 0; mi < models->len; mi++)
    {
      const FlModelParams *m = &g_array_index (models, FlModelParams, mi);

      if (model_is_untreated (m->kind))
        continue;
      for (guint ti = 0; ti < treatments->len; ti++)
        {
          Arm a = { 0 };

          a.treatment = g_array_index (treatments, FlSamplerParams, ti);
          a.treatment.seed = config->seed;
          a.treatment.adapt_k = TRUE;
          a.model = *m;
          g_array_append_val (arms, a);
        }
    }
  if (config->evaluation == FL_EVALUATION_PER_SERIES_MODELS)
    {
      guint n_learned = arms->len;

      for (guint i = 0; i < n_learned; i++)
        {
          Arm a = g_array_index (arms, Arm, i);

          a.per_series = TRUE;
          g_array_append_val (arms, a);
        }
    }
  for (guint mi = 0; mi < models->len; mi++)
    {
      const FlModelParams *m = &g_array_index (models, FlModelParams, mi);
      Arm a = { 0 };

      if (!model_is_untreated (m->kind))
        continue;
      fl_sampler_params_init_default (&a.treatment);
      a.treatment.kind = FL_SAMPLER_NONE;
      a.model = *m;
      a.is_baseline = TRUE;
      g_array_append_val (arms, a);
    }

  for (guint i = 0; i < arms->len; i++)
    {
      Arm *a = &g_array_index (arms, Arm, i);
      const char *tname = fl_sampler_kind_to_string (a->treatment.kind);

      a->result = g_new0 (FlArmResult, 1);
      a->result->model = g_strdup (fl_model_kind_to_string (a->model.kind));
      a->result->treatment = g_strdup (tname);
      a->result->is_baseline = fl_model_kind_is_baseline (a->model.kind);
      a->result->name = a->is_baseline || a->treatment.kind == FL_SAMPLER_NONE
                          ? g_strdup (a->result->model)
                          : g_strdup_printf ("%s + %s", a->result->model, tname);
      a->result->per_series_models = a->per_series;
      if (a->per_series)
        {
          char *name = g_strdup_printf ("%s (one model per series)", a->result->name);

          g_free (a->result->name);
          a->result->name = name;
        }
      a->result->per_series = g_array_new (FALSE, TRUE, sizeof (FlSeriesMetrics));
      a->result->fold_metrics = g_array_new (FALSE, TRUE, sizeof (FlMetrics));
      a->result->warnings = g_ptr_array_new_with_free_func (g_free);
      a->ts = g_array_new (FALSE, FALSE, sizeof (double));
      a->group = g_array_new (FALSE, FALSE, sizeof (gint64));
      a->fold = g_array_new (FALSE, FALSE, sizeof (guint));
      a->y = g_array_new (FALSE, FALSE, sizeof (guint8));
      a->score = g_array_new (FALSE, FALSE, sizeof (float));
      a->decision = g_array_new (FALSE, FALSE, sizeof (guint8));
      a->result->operating_thresholds = g_array_new (FALSE, FALSE, sizeof (double));
    }
  return arms;
}

static void
gather (const FlDataset *ds,
        GArray          *rows,
        double         **X,
        guint8         **y,
        guint8         **label_now,
        double         **rule_score)
{
  gsize d = ds->n_features, n = rows->len;

  *X = g_new (double, MAX (n * d, 1));
  *y = g_new (guint8, MAX (n, 1));
  if (label_now)
    *label_now = g_new (guint8, MAX (n, 1));
  if (rule_score)
    *rule_score = g_new (double, MAX (n, 1));
  for (gsize k = 0; k < n; k++)
    {
      gsize i = g_array_index (rows, gsize, k);

      memcpy (&(*X)[k * d], &ds->X[i * d], d * sizeof (double));
      (*y)[k] = ds->y[i];
      if (label_now)
        (*label_now)[k] = ds->label_now[i];
      if (rule_score)
        (*rule_score)[k] = ds->rule_score[i];
    }
}

/* Rows of the test block whose feature vector occurs exactly in the
 * training rows (the forward-fill leak of methodology.md §0). */
static gsize
count_twins (const FlDataset *ds,
             GArray          *train,
             GArray          *test)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                      (GDestroyNotify)g_bytes_unref, NULL);
  gsize bytes = ds->n_features * sizeof (double), twins = 0;

  for (guint k = 0; k < train->len; k++)
    g_hash_table_add (seen, g_bytes_new (&ds->X[g_array_index (train, gsize, k) * ds->n_features],
                                         bytes));
  for (guint k = 0; k < test->len; k++)
    {
      g_autoptr(GBytes) key = g_bytes_new_static (&ds->X[g_array_index (test, gsize, k) *
                                                         ds->n_features], bytes);

      twins += g_hash_table_contains (seen, key);
    }
  return twins;
}

static void
add_warning (GPtrArray  *warnings,
             char       *text)
{
  for (guint i = 0; i < warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (warnings, i), text))
      {
        g_free (text);
        return;
      }
  g_ptr_array_add (warnings, text);
}

/* Treatment on the training rows, fit (falling back to all rounds when
 * early stopping has no positive validation row), and scores on the test
 * rows. */
static float *
fit_and_score (Arm                 *a,
               guint                fi,
               const double        *Xtr,
               const guint8        *ytr,
               gsize                ntr,
               gsize                d,
               const char * const  *names,
               const FlModelInput  *valid_in,
               const guint8        *yva,
               const FlModelInput  *test_in,
               Stage               *stage,
               GCancellable        *cancellable,
               FlModel            **model_out,
               GError             **error)
{
  g_autoptr(FlSamplerResult) sr = NULL;
  g_autoptr(FlModel) model = NULL;
  g_autoptr(GError) fit_error = NULL;
  const double *fitX = Xtr;
  const guint8 *fity = ytr;
  const double *fitw = NULL;
  gsize fitn = ntr;
  gboolean early = a->model.early_stopping_rounds > 0 && valid_in != NULL;
  float *score;

  stage_progress_cb (0, "resampling the training rows", stage);
  if (!a->is_baseline && a->treatment.kind != FL_SAMPLER_NONE)
    {
      sr = fl_sampler_resample (&a->treatment, Xtr, ytr, ntr, d, error);
      if (sr == NULL)
        {
          g_prefix_error (error, "%s, fold %u: ", a->result->name, fi + 1);
          return NULL;
        }
      for (guint w = 0; w < sr->warnings->len; w++)
        add_warning (a->result->warnings,
                     g_strdup_printf ("Fold %u: %s", fi + 1,
                                      (char *)g_ptr_array_index (sr->warnings, w)));
      fitX = sr->X;
      fity = sr->y;
      fitw = sr->weights;
      fitn = sr->n;
      a->result->n_synthetic += sr->n_synthetic;
    }

  model = fl_model_fit (&a->model, fitX, fity, fitw, fitn, d, names, valid_in,
                        valid_in ? yva : NULL, stage_progress_cb, stage, cancellable, &fit_error);
  if (model == NULL && early && g_error_matches (fit_error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA))
    {
      /* no positive among the validation rows: train without early stopping */
      FlModelParams plain = a->model;

      add_warning (a->result->warnings,
                   g_strdup_printf ("Fold %u: early stopping off (%s); all %u rounds kept.",
                                    fi + 1, fit_error->message, plain.n_rounds));
      g_clear_error (&fit_error);
      plain.early_stopping_rounds = 0;
      model = fl_model_fit (&plain, fitX, fity, fitw, fitn, d, names, NULL, NULL,
                            stage_progress_cb, stage, cancellable, &fit_error);
    }
  if (model == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&fit_error), "%s, fold %u: ",
                                  a->result->name, fi + 1);
      return NULL;
    }
  score = fl_model_predict (model, test_in, error);
  if (score != NULL && model_out != NULL)
    *model_out = g_steal_pointer (&model);
  return score;
}

/* A search nested in the fold's training rows (time-ordered inner folds with
 * the purge gap, the arm's treatment applied inside each inner training
 * fold); every point is recorded in the arm's tuning_json. */
static gboolean
tune_arm (Arm                       *a,
          guint                      fi,
          const FlExperimentConfig  *config,
          const FlDataset           *ds,
          const FlFold              *fold,
          const double              *Xtr,
          const guint8              *ytr,
          double                     purge_s,
          Stage                     *stage,
          GCancellable              *cancellable,
          FlModelParams             *best_out,
          GError                   **error)
{
  g_autoptr(FlTuningResult) tr = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree double *ts = g_new (double, MAX (fold->train->len, 1));
  FlTuningParams tp = config->tuning;

  for (guint k = 0; k < fold->train->len; k++)
    ts[k] = ds->ts_s[g_array_index (fold->train, gsize, k)];
  tp.base = a->model;
  tp.sampler = a->treatment;
  tp.inner.kind = FL_CV_EXPANDING;
  tp.inner.purge_s = purge_s;
  tp.inner.seed = config->seed;
  tp.random.seed = config->seed;
  tp.threshold = config->threshold;
  stage_progress_cb (0, "tuning on the training rows", stage);
  tr = fl_tuning_run (&tp, Xtr, ytr, ts, fold->train->len, ds->n_features, stage_progress_cb,
                      stage, cancellable, error);
  if (tr == NULL)
    {
      g_prefix_error (error, "%s, fold %u, tuning: ", a->result->name, fi + 1);
      return FALSE;
    }
  *best_out = tr->points[tr->best].params;
  best_out->nthread = a->model.nthread;
  if (tr->warning != NULL)
    add_warning (a->result->warnings, g_strdup_printf ("Fold %u: %s", fi + 1, tr->warning));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "fold");
  json_builder_add_int_value (b, fi);
  json_builder_set_member_name (b, "metric");
  json_builder_add_string_value (b, tp.metric == FL_TUNING_F1 ? "f1" : "average_precision");
  json_builder_set_member_name (b, "inner_folds");
  json_builder_add_int_value (b, tr->n_folds);
  json_builder_set_member_name (b, "validation_positives");
  json_builder_add_int_value (b, tr->n_valid_positives);
  json_builder_set_member_name (b, "best");
  json_builder_add_int_value (b, tr->best);
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (gsize i = 0; i < tr->n_points; i++)
    {
      const FlTuningPoint *pt = &tr->points[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n_rounds");
      json_builder_add_int_value (b, pt->params.n_rounds);
      fl_json_add_double (b, "eta", pt->params.eta);
      json_builder_set_member_name (b, "max_depth");
      json_builder_add_int_value (b, pt->params.max_depth);
      fl_json_add_double (b, "scale_pos_weight", pt->params.scale_pos_weight);
      fl_json_add_double (b, "mean", pt->mean_score);
      json_builder_set_member_name (b, "folds");
      json_builder_begin_array (b);
      for (guint k = 0; k < pt->n_folds; k++)
        if (isfinite (pt->fold_scores[k]))
          json_builder_add_double_value (b, pt->fold_scores[k]);
        else
          json_builder_add_null_value (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (tr->warning != NULL)
    {
      json_builder_set_member_name (b, "warning");
      json_builder_add_string_value (b, tr->warning);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  if (a->result->tuning_json == NULL)
    a->result->tuning_json = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (a->result->tuning_json, json_generator_to_data (gen, NULL));
  return TRUE;
}

/* One model per series: each series' training rows fit a model that scores
 * that series' test rows. A series whose training rows hold one class only
 * cannot be fitted; its rows score 0 with a warning. */
static float *
fit_and_score_per_series (Arm             *a,
                          guint            fi,
                          const FlDataset *ds,
                          const FlFold    *fold,
                          Stage           *stage,
                          GCancellable    *cancellable,
                          GError         **error)
{
  gsize d = ds->n_features;
  float *score = g_new0 (float, MAX (fold->test->len, 1));
  g_autoptr(GHashTable) done = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint k = 0; k < fold->test->len; k++)
    {
      gint64 *g = &ds->group[g_array_index (fold->test, gsize, k)];
      g_autoptr(GArray) tr = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_autoptr(GArray) te = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_autoptr(GArray) te_pos = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree double *Xtr = NULL;
      g_autofree guint8 *ytr = NULL;
      g_autofree double *Xte = NULL;
      g_autofree guint8 *yte = NULL;
      g_autofree guint8 *lte = NULL;
      g_autofree double *rte = NULL;
      g_autofree float *s = NULL;
      g_autoptr(GError) local_error = NULL;
      FlModelInput in;
      gsize pos = 0;

      if (g_hash_table_contains (done, g))
        continue;
      g_hash_table_add (done, g);
      for (guint j = 0; j < fold->train->len; j++)
        if (ds->group[g_array_index (fold->train, gsize, j)] == *g)
          g_array_append_val (tr, g_array_index (fold->train, gsize, j));
      for (guint j = k; j < fold->test->len; j++)
        if (ds->group[g_array_index (fold->test, gsize, j)] == *g)
          {
            g_array_append_val (te, g_array_index (fold->test, gsize, j));
            g_array_append_val (te_pos, j);
          }
      gather (ds, tr, &Xtr, &ytr, NULL, NULL);
      gather (ds, te, &Xte, &yte, &lte, &rte);
      for (guint j = 0; j < tr->len; j++)
        pos += ytr[j];
      if (tr->len == 0 || pos == 0 || pos == tr->len)
        {
          add_warning (a->result->warnings,
                       g_strdup_printf ("Fold %u: series %" G_GINT64_FORMAT " has %" G_GSIZE_FORMAT
                                        " positive of %u training rows; its own model cannot "
                                        "be fitted and its %u test rows score 0.", fi + 1, *g,
                                        pos, tr->len, te->len));
          continue;
        }
      in = (FlModelInput) { te->len, d, Xte, lte, rte };
      s = fit_and_score (a, fi, Xtr, ytr, tr->len, d, (const char * const *)ds->feature_names,
                         NULL, NULL, &in, stage, cancellable, NULL, &local_error);
      if (s == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              !g_error_matches (local_error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_free (score);
              return NULL;
            }
          add_warning (a->result->warnings,
                       g_strdup_printf ("Fold %u: series %" G_GINT64_FORMAT ": %s; its test rows "
                                        "score 0.", fi + 1, *g, local_error->message));
          continue;
        }
      for (guint j = 0; j < te->len; j++)
        score[g_array_index (te_pos, guint, j)] = s[j];
    }
  return score;
}

static char *
curves_json (const FlArmResult *r,
             double             step_s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FlCurve) pr = NULL;
  g_autoptr(FlCurve) roc = NULL;
  g_autoptr(FlCurve) cal = NULL;
  g_autoptr(FlThresholdSweep) sweep = NULL;
  FlEventParams ep = { step_s, step_s, 0 };

  pr = fl_pr_curve (r->y, r->score, r->n, NULL);
  roc = fl_roc_curve (r->y, r->score, r->n, TRUE, NULL);
  cal = fl_calibration_curve (r->y, r->score, r->n, 10, NULL);
  {
    gboolean one_series = TRUE;

    for (gsize i = 1; i < r->n && one_series; i++)
      one_series = r->group[i] == r->group[0];
    /* false alarms per day need one time line; with several series the
     * sweep leaves them out (the arm's event metrics add them up per series) */
    sweep = fl_threshold_sweep (r->y, r->score, one_series ? r->ts_s : NULL, r->n,
                                one_series ? &ep : NULL, NULL);
  }

  json_builder_begin_object (b);
  if (pr != NULL)
    {
      fl_curve_downsample (pr, 400);
      json_builder_set_member_name (b, "pr");
      json_builder_begin_object (b);
      fl_curve_to_json (pr, b);
      json_builder_end_object (b);
    }
  if (roc != NULL)
    {
      fl_curve_downsample (roc, 400);
      json_builder_set_member_name (b, "roc");
      json_builder_begin_object (b);
      fl_curve_to_json (roc, b);
      json_builder_end_object (b);
    }
  if (cal != NULL)
    {
      json_builder_set_member_name (b, "calibration");
      json_builder_begin_object (b);
      fl_curve_to_json (cal, b);
      json_builder_end_object (b);
    }
  if (sweep != NULL)
    {
      json_builder_set_member_name (b, "threshold_sweep");
      json_builder_begin_object (b);
      fl_threshold_sweep_to_json (sweep, b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Event metrics need one time line: with several series they are computed
 * per series and added up (events, detections, alarm runs, days); the lead
 * times are the detection-weighted mean of the per-series means and the
 * median of the per-series medians. */
static gboolean
arm_events (FlArmResult          *r,
            double                threshold,
            const FlEventParams  *ep,
            GError              **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree guint8 *ys = g_new (guint8, MAX (r->n, 1));
  g_autofree float *ss = g_new (float, MAX (r->n, 1));
  g_autofree double *ts = g_new (double, MAX (r->n, 1));
  FlEventMetrics *e = &r->events;
  double lead_sum = 0;

  memset (e, 0, sizeof *e);
  for (gsize i = 0; i < r->n; i++)
    {
      FlEventMetrics one;
      gsize m = 0;

      if (g_hash_table_contains (seen, &r->group[i]))
        continue;
      g_hash_table_add (seen, &r->group[i]);
      for (gsize j = i; j < r->n; j++)
        if (r->group[j] == r->group[i])
          {
            ys[m] = r->y[j];
            ss[m] = r->score[j];
            ts[m] = r->ts_s[j];
            m++;
          }
      if (!fl_event_metrics_compute (ys, ss, ts, m, threshold, ep, &one, error))
        return FALSE;
      e->n_events += one.n_events;
      e->n_detected += one.n_detected;
      e->n_alarm_runs += one.n_alarm_runs;
      e->n_false_alarm_runs += one.n_false_alarm_runs;
      e->span_days += one.span_days;
      if (one.n_detected > 0 && isfinite (one.lead_time_mean_s))
        {
          lead_sum += one.lead_time_mean_s * one.n_detected;
          g_array_append_val (medians, one.lead_time_median_s);
        }
    }
  e->event_recall = e->n_events > 0 ? (double)e->n_detected / e->n_events : NAN;
  e->false_alarms_per_day = e->span_days > 0 ? e->n_false_alarm_runs / e->span_days : NAN;
  e->lead_time_mean_s = e->n_detected > 0 ? lead_sum / e->n_detected : NAN;
  if (medians->len > 0)
    {
      g_array_sort (medians, cmp_double);
      e->lead_time_median_s = g_array_index (medians, double, medians->len / 2);
    }
  else
    e->lead_time_median_s = NAN;
  e->insufficient_events = e->n_events < FL_MIN_TEST_EVENTS;
  return TRUE;
}

static gboolean
finish_arm (Arm                      *a,
            const FlExperimentConfig *config,
            const Data               *data,
            GError                  **error)
{
  FlArmResult *r = a->result;
  FlEventParams ep = { data->step_s, data->step_s, data->horizon_s };

  r->n = a->y->len;
  r->ts_s = (double *)(void *)g_array_free (g_steal_pointer (&a->ts), FALSE);
  r->group = (gint64 *)(void *)g_array_free (g_steal_pointer (&a->group), FALSE);
  r->fold = (guint *)(void *)g_array_free (g_steal_pointer (&a->fold), FALSE);
  r->y = (guint8 *)(void *)g_array_free (g_steal_pointer (&a->y), FALSE);
  r->score = (float *)(void *)g_array_free (g_steal_pointer (&a->score), FALSE);

  if (!fl_metrics_compute (r->y, r->score, r->n, config->threshold, &r->metrics, error))
    return FALSE;
  fl_metrics_wilson_intervals (&r->metrics.cm, 0.95, &r->precision_ci, &r->recall_ci,
                               &r->specificity_ci);
  r->bootstrap.f1.lower = r->bootstrap.f1.upper = NAN;
  r->bootstrap.average_precision.lower = r->bootstrap.average_precision.upper = NAN;
  if (config->bootstrap_resamples > 0 && r->n >= 2)
    {
      FlBootstrapParams bp = { 0, config->bootstrap_resamples, 0.95,
                               (guint32)(config->seed & 0xffffffffu) };

      if (!fl_block_bootstrap (r->y, r->score, r->n, config->threshold, &bp, &r->bootstrap,
                               error))
        return FALSE;
    }
  if (!arm_events (r, config->threshold, &ep, error))
    return FALSE;
  if (config->use_operating_threshold && a->decision->len == r->n)
    {
      g_autofree float *as_score = g_new (float, MAX (r->n, 1));
      gboolean any = FALSE;

      for (guint i = 0; i < r->operating_thresholds->len; i++)
        any |= isfinite (g_array_index (r->operating_thresholds, double, i));
      for (gsize i = 0; i < r->n; i++)
        as_score[i] = g_array_index (a->decision, guint8, i) ? 1.0f : 0.0f;
      if (any)
        {
          FlArmResult tmp = *r;

          if (!fl_metrics_compute (r->y, as_score, r->n, 0.5, &r->at_operating, error))
            return FALSE;
          /* ranking metrics do not apply to 0/1 decisions */
          r->at_operating.roc_auc = r->at_operating.average_precision = NAN;
          r->at_operating.brier = r->at_operating.log_loss = NAN;
          tmp.score = as_score;
          if (!arm_events (&tmp, 0.5, &ep, error))
            return FALSE;
          r->events_at_operating = tmp.events;
          r->has_operating = TRUE;
        }
    }

  /* per series, and their macro average */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autofree guint8 *ys = g_new (guint8, MAX (r->n, 1));
    g_autofree float *ss = g_new (float, MAX (r->n, 1));
    double sums[6] = { 0 };
    guint counts[6] = { 0 };

    for (gsize i = 0; i < r->n; i++)
      {
        gint64 g = r->group[i];
        FlSeriesMetrics sm = { g, 0 };

        if (g_hash_table_contains (seen, &r->group[i]))
          continue;
        g_hash_table_add (seen, &r->group[i]);
        for (gsize j = i; j < r->n; j++)
          if (r->group[j] == g)
            {
              ys[sm.n] = r->y[j];
              ss[sm.n] = r->score[j];
              sm.n++;
            }
        if (!fl_metrics_compute (ys, ss, sm.n, config->threshold, &sm.metrics, error))
          return FALSE;
        g_array_append_val (r->per_series, sm);
        {
          double v[6] = { sm.metrics.precision, sm.metrics.recall, sm.metrics.f1,
                          sm.metrics.average_precision, sm.metrics.mcc, sm.metrics.roc_auc };

          for (guint k = 0; k < 6; k++)
            if (isfinite (v[k]))
              {
                sums[k] += v[k];
                counts[k]++;
              }
        }
      }
    memset (&r->macro, 0, sizeof r->macro);
    r->macro.threshold = config->threshold;
    r->macro.precision = counts[0] ? sums[0] / counts[0] : NAN;
    r->macro.recall = counts[1] ? sums[1] / counts[1] : NAN;
    r->macro.f1 = counts[2] ? sums[2] / counts[2] : NAN;
    r->macro.average_precision = counts[3] ? sums[3] / counts[3] : NAN;
    r->macro.mcc = counts[4] ? sums[4] / counts[4] : NAN;
    r->macro.roc_auc = counts[5] ? sums[5] / counts[5] : NAN;
  }
  r->curves_json = curves_json (r, data->step_s);
  return TRUE;
}

static int
cmp_gsize (gconstpointer a,
           gconstpointer b)
{
  gsize x = *(const gsize *)a, y = *(const gsize *)b;

  return (x > y) - (x < y);
}

static void
fold_finish (FlFold       *f,
             const double *ts)
{
  g_array_sort (f->train, cmp_gsize);
  g_array_sort (f->test, cmp_gsize);
  f->train_start_s = f->train_end_s = NAN;
  f->test_start_s = INFINITY;
  f->test_end_s = -INFINITY;
  for (guint k = 0; k < f->train->len; k++)
    {
      double t = ts[g_array_index (f->train, gsize, k)];

      f->train_start_s = k == 0 ? t : MIN (f->train_start_s, t);
      f->train_end_s = k == 0 ? t : MAX (f->train_end_s, t);
    }
  for (guint k = 0; k < f->test->len; k++)
    {
      double t = ts[g_array_index (f->test, gsize, k)];

      f->test_start_s = MIN (f->test_start_s, t);
      f->test_end_s = MAX (f->test_end_s, t);
    }
}

/* The last @fraction (in time) of each series' training rows become
 * validation rows, and the training rows within @purge_s before them are
 * dropped. */
static void
carve_series_validation (FlFold          *f,
                         const FlDataset *ds,
                         double           fraction,
                         double           purge_s)
{
  g_autoptr(GHashTable) start = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) count = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GArray) keep = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* rows per series, then the time where each series' validation begins */
  for (guint k = 0; k < f->train->len; k++)
    {
      gsize i = g_array_index (f->train, gsize, k);
      gsize *c = g_hash_table_lookup (count, &ds->group[i]);

      if (c == NULL)
        {
          c = g_new0 (gsize, 1);
          g_hash_table_insert (count, &ds->group[i], c);
        }
      (*c)++;
    }
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

    for (guint k = 0; k < f->train->len; k++)
      {
        gsize i = g_array_index (f->train, gsize, k);
        gsize *c = g_hash_table_lookup (count, &ds->group[i]);
        gsize *pos = g_hash_table_lookup (seen, &ds->group[i]);
        gsize first = *c - MAX ((gsize)ceil (*c * fraction), 1);

        if (pos == NULL)
          {
            pos = g_new0 (gsize, 1);
            g_hash_table_insert (seen, &ds->group[i], pos);
          }
        if (*pos == first && *c >= 4)
          g_hash_table_insert (start, &ds->group[i], g_memdup2 (&ds->ts_s[i], sizeof (double)));
        (*pos)++;
      }
  }
  for (guint k = 0; k < f->train->len; k++)
    {
      gsize i = g_array_index (f->train, gsize, k);
      double *vstart = g_hash_table_lookup (start, &ds->group[i]);

      if (vstart == NULL || ds->ts_s[i] < *vstart - purge_s - 1e-9)
        g_array_append_val (keep, i);
      else if (ds->ts_s[i] >= *vstart)
        g_array_append_val (f->valid, i);
      else
        f->n_purged++;
    }
  g_array_unref (f->train);
  f->train = g_steal_pointer (&keep);
  fold_finish (f, ds->ts_s);
}

/* Folds over series (see #FlEvaluation). Rows are pooled in time order;
 * group = series id, in the order of data->series. */
static GPtrArray *
series_folds (const FlExperimentConfig  *config,
              const Data                *data,
              double                     purge_s,
              GError                   **error)
{
  g_autoptr(GPtrArray) folds = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_fold_free);
  const FlDataset *ds = data->ds;
  guint n_series = data->series->len;
  double fraction = config->use_cv ? config->cv.test_fraction : config->test_fraction;

  switch (config->evaluation)
    {
    case FL_EVALUATION_PER_SERIES_SPLIT:
    case FL_EVALUATION_PER_SERIES_MODELS:
      {
        FlFold *f = g_new0 (FlFold, 1);

        f->train = g_array_new (FALSE, FALSE, sizeof (gsize));
        f->valid = g_array_new (FALSE, FALSE, sizeof (gsize));
        f->test = g_array_new (FALSE, FALSE, sizeof (gsize));
        g_ptr_array_add (folds, f);
        for (guint si = 0; si < n_series; si++)
          {
            gint64 id = ((FlSeriesInfo *)g_ptr_array_index (data->series, si))->id;
            g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gsize));
            gsize n_test, first;
            double start;

            for (gsize i = 0; i < ds->n_rows; i++)
              if (ds->group[i] == id)
                g_array_append_val (rows, i);
            if (rows->len < 2)
              continue;
            n_test = MAX ((gsize)ceil (rows->len * fraction - 1e-9), 1);
            first = rows->len - n_test;
            start = ds->ts_s[g_array_index (rows, gsize, first)];
            for (guint k = 0; k < rows->len; k++)
              {
                gsize i = g_array_index (rows, gsize, k);

                if (k >= first)
                  g_array_append_val (f->test, i);
                else if (ds->ts_s[i] <= start - purge_s + 1e-9)
                  g_array_append_val (f->train, i);
                else
                  f->n_purged++;
              }
          }
      }
      break;

    case FL_EVALUATION_LEAVE_SERIES_OUT:
      {
        guint k = MIN (config->use_cv ? config->cv.n_folds : 5, n_series);

        if (n_series < 2)
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                         "Leaving series out needs at least two series; the selection has %u",
                         n_series);
            return NULL;
          }
        for (guint fi = 0; fi < k; fi++)
          {
            FlFold *f = g_new0 (FlFold, 1);
            g_autoptr(GHashTable) test_ids = g_hash_table_new (g_int64_hash, g_int64_equal);

            f->train = g_array_new (FALSE, FALSE, sizeof (gsize));
            f->valid = g_array_new (FALSE, FALSE, sizeof (gsize));
            f->test = g_array_new (FALSE, FALSE, sizeof (gsize));
            for (guint si = fi; si < n_series; si += k)
              g_hash_table_add (test_ids, &((FlSeriesInfo *)g_ptr_array_index (data->series, si))->id);
            for (gsize i = 0; i < ds->n_rows; i++)
              g_array_append_val (g_hash_table_contains (test_ids, &ds->group[i]) ? f->test : f->train,
                                  i);
            g_ptr_array_add (folds, f);
          }
      }
      break;

    case FL_EVALUATION_TRAIN_TEST:
      {
        FlFold *f = g_new0 (FlFold, 1);
        g_autoptr(GHashTable) train_ids = g_hash_table_new (g_int64_hash, g_int64_equal);

        f->train = g_array_new (FALSE, FALSE, sizeof (gsize));
        f->valid = g_array_new (FALSE, FALSE, sizeof (gsize));
        f->test = g_array_new (FALSE, FALSE, sizeof (gsize));
        for (guint si = 0; si < data->n_train_series; si++)
          g_hash_table_add (train_ids, &((FlSeriesInfo *)g_ptr_array_index (data->series, si))->id);
        for (gsize i = 0; i < ds->n_rows; i++)
          g_array_append_val (g_hash_table_contains (train_ids, &ds->group[i]) ? f->train : f->test,
                              i);
        g_ptr_array_add (folds, f);
      }
      break;

    case FL_EVALUATION_POOLED:
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < folds->len; i++)
    {
      FlFold *f = g_ptr_array_index (folds, i);
      double vf = config->use_cv ? config->cv.validation_fraction : 0;

      fold_finish (f, ds->ts_s);
      if (vf > 0)
        carve_series_validation (f, ds, vf, purge_s);
      if (f->train->len == 0 || f->test->len == 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                       "Fold %u has no %s rows", i + 1, f->train->len == 0 ? "training" : "test");
          return NULL;
        }
    }
  return g_steal_pointer (&folds);
}

/* ---- noise sweep ------------------------------------------------------- */

typedef struct
{
  guint   level_index;
  guint   seed_index;
  double  level;
} NoiseTask;

typedef struct
{
  NoiseTask   task;
  FlMetrics  *metrics;      /* one per arm; NULL on error */
  GError     *error;
} NoiseOutcome;

typedef struct
{
  const FlExperimentConfig *config;
  const Data               *data;
  GPtrArray                *folds;
  GArray                   *arms;
  GCancellable             *cancellable;
  GCancellable             *stop;        /* set when a task failed */
  GAsyncQueue              *done;
} NoiseJob;

/* One (level, seed): every fold, every arm, noise on the training rows (and
 * on the test features with apply_to train-test); test labels stay clean.
 * With an operating threshold in the config, each fold's threshold is chosen
 * on its (equally noisy) validation rows and precision, recall and F1 are
 * taken at it, as in the main run. Models run with one thread each: the
 * sweep runs tasks side by side. */
static FlMetrics *
noise_task_run (NoiseJob         *job,
                const NoiseTask  *t,
                GError          **error)
{
  const FlDataset *ds = job->data->ds;
  const FlNoiseSweep *nz = &job->config->noise;
  gsize d = ds->n_features;
  guint n_arms = job->arms->len;
  g_autofree FlMetrics *out = g_new0 (FlMetrics, n_arms);
  g_autoptr(GPtrArray) ys = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) scores = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) alarms = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gboolean operating = job->config->use_operating_threshold;
  FlNoiseParams np = { nz->jitter, t->level, nz->flip, t->level,
                       job->config->seed + 7919 * (t->level_index + 1) + t->seed_index };

  if (nz->jitter == FL_JITTER_NONE)
    np.jitter_level = 0;
  if (nz->flip == FL_FLIP_NONE)
    np.flip_share = 0;
  for (guint ai = 0; ai < n_arms; ai++)
    {
      g_ptr_array_add (ys, g_array_new (FALSE, FALSE, sizeof (guint8)));
      g_ptr_array_add (scores, g_array_new (FALSE, FALSE, sizeof (float)));
      g_ptr_array_add (alarms, g_array_new (FALSE, FALSE, sizeof (float)));
    }

  for (guint fi = 0; fi < job->folds->len; fi++)
    {
      FlFold *fold = g_ptr_array_index (job->folds, fi);
      g_autofree double *Xtr = NULL;
      g_autofree guint8 *ytr = NULL;
      g_autofree double *Xte = NULL;
      g_autofree guint8 *yte = NULL;
      g_autofree guint8 *lte = NULL;
      g_autofree double *rte = NULL;
      g_autofree double *Xn = NULL;
      g_autofree guint8 *yn = NULL;
      g_autofree double *Xte_n = NULL;
      g_autofree double *Xva = NULL;
      g_autofree guint8 *yva = NULL;
      g_autofree guint8 *lva = NULL;
      g_autofree double *rva = NULL;
      g_autofree double *Xva_n = NULL;
      g_autofree guint8 *yva_n = NULL;
      FlModelInput test_in, valid_in = { 0 };
      gboolean choose = operating && fold->valid->len > 0;
      gsize flipped = 0;

      gather (ds, fold->train, &Xtr, &ytr, NULL, NULL);
      gather (ds, fold->test, &Xte, &yte, &lte, &rte);
      np.seed += 104729 * fi;
      if (!fl_noise_apply (&np, Xtr, ytr, fold->train->len, d, &Xn, &yn, &flipped, error))
        return NULL;
      /* The validation rows that choose the operating threshold come from the
       * training period: they carry the same kind and level of noise (their
       * own draw), as a user's own history would. */
      if (choose)
        {
          FlNoiseParams vp = np;
          gsize vflipped = 0;

          vp.seed += 7;
          gather (ds, fold->valid, &Xva, &yva, &lva, &rva);
          if (!fl_noise_apply (&vp, Xva, yva, fold->valid->len, d, &Xva_n, &yva_n, &vflipped,
                               error))
            return NULL;
          valid_in = (FlModelInput) { fold->valid->len, d, Xva_n, lva, rva };
        }
      if (nz->test_too && nz->jitter != FL_JITTER_NONE)
        {
          Xte_n = fl_noise_jitter (Xte, fold->test->len, d, nz->jitter, t->level, np.seed + 1,
                                   error);
          if (Xte_n == NULL)
            return NULL;
        }
      test_in = (FlModelInput) { fold->test->len, d, Xte_n ? Xte_n : Xte, lte, rte };

      for (guint ai = 0; ai < n_arms; ai++)
        {
          Arm shadow = g_array_index (job->arms, Arm, ai);
          /* A private result for the warnings of one noisy fit: they repeat
           * the main run's and are not reported per task. */
          FlArmResult scratch = { 0 };
          g_autofree float *score = NULL;
          g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
          Stage quiet = { NULL, NULL, 0, 0, NULL };
          g_autoptr(FlModel) model = NULL;

          if (g_cancellable_set_error_if_cancelled (job->cancellable, error) ||
              g_cancellable_set_error_if_cancelled (job->stop, error))
            return NULL;
          if (shadow.per_series)
            continue;
          scratch.name = (char *)"noise";
          scratch.warnings = warnings;
          shadow.result = &scratch;
          shadow.model.nthread = 1;
          score = fit_and_score (&shadow, fi, Xn, yn, fold->train->len, d,
                                 (const char * const *)ds->feature_names,
                                 choose ? &valid_in : NULL, choose ? yva_n : NULL, &test_in,
                                 &quiet, job->cancellable, choose ? &model : NULL, error);
          if (score == NULL)
            return NULL;
          g_array_append_vals (g_ptr_array_index (ys, ai), yte, fold->test->len);
          g_array_append_vals (g_ptr_array_index (scores, ai), score, fold->test->len);
          if (operating)
            {
              /* As the main run: a threshold per fold chosen on validation,
               * test alarms at it (none when it cannot be chosen). */
              double thr = NAN;

              if (model != NULL)
                {
                  g_autofree float *vscore = fl_model_predict (model, &valid_in, error);
                  FlThresholdParams tp = job->config->operating;
                  FlThresholdChoice choice;

                  if (vscore == NULL)
                    return NULL;
                  tp.events = (FlEventParams) { job->data->step_s, job->data->step_s,
                                                job->data->horizon_s };
                  if (fl_threshold_choose (&tp, yva_n, vscore, NULL, fold->valid->len, &choice,
                                           NULL))
                    thr = choice.threshold;
                }
              for (guint k = 0; k < fold->test->len; k++)
                {
                  float alarm = isfinite (thr) && score[k] >= thr ? 1.0f : 0.0f;

                  g_array_append_val (g_ptr_array_index (alarms, ai), alarm);
                }
            }
        }
    }

  for (guint ai = 0; ai < n_arms; ai++)
    {
      GArray *y = g_ptr_array_index (ys, ai), *sc = g_ptr_array_index (scores, ai);

      if (y->len == 0)
        {
          out[ai].precision = out[ai].recall = out[ai].f1 = out[ai].average_precision = NAN;
          continue;
        }
      if (!fl_metrics_compute ((guint8 *)(void *)y->data, (float *)(void *)sc->data, y->len,
                               job->config->threshold, &out[ai], error))
        return NULL;
      if (operating)
        {
          GArray *al = g_ptr_array_index (alarms, ai);
          FlMetrics at;

          /* Precision, recall and F1 at the operating thresholds; average
           * precision stays a property of the scores. */
          if (!fl_metrics_compute ((guint8 *)(void *)y->data, (float *)(void *)al->data, y->len,
                                   0.5, &at, error))
            return NULL;
          out[ai].precision = at.precision;
          out[ai].recall = at.recall;
          out[ai].f1 = at.f1;
        }
    }
  return g_steal_pointer (&out);
}

static void
noise_worker (gpointer data,
              gpointer user_data)
{
  NoiseJob *job = user_data;
  NoiseOutcome *o = g_new0 (NoiseOutcome, 1);

  o->task = *(NoiseTask *)data;
  g_free (data);
  o->metrics = noise_task_run (job, &o->task, &o->error);
  g_async_queue_push (job->done, o);
}

static FlNoiseSummary
summarise (const double *v,
           guint         k)
{
  FlNoiseSummary s = { NAN, NAN, NAN };
  double sum = 0, ss = 0;
  guint m = 0;

  for (guint i = 0; i < k; i++)
    if (isfinite (v[i]))
      {
        sum += v[i];
        m++;
      }
  if (m == 0)
    return s;
  s.mean = sum / m;
  if (m < 2)
    return s;
  for (guint i = 0; i < k; i++)
    if (isfinite (v[i]))
      ss += (v[i] - s.mean) * (v[i] - s.mean);
  {
    double half = gsl_cdf_tdist_Pinv (0.975, m - 1) * sqrt (ss / (m - 1)) / sqrt (m);

    s.lower = s.mean - half;
    s.upper = s.mean + half;
  }
  return s;
}

/* The noise sweep: every arm at every level with every seed, tasks on a
 * thread pool with one worker per processor; 95 % Student-t intervals of
 * the mean over seeds. */
static gboolean
run_noise_sweep (const FlExperimentConfig  *config,
                 const Data                *data,
                 GPtrArray                 *folds,
                 GArray                    *arms,
                 GPtrArray                 *results,
                 FlProgressFunc             progress,
                 gpointer                   progress_data,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  const FlNoiseSweep *nz = &config->noise;
  guint n_levels = nz->levels->len, n_seeds = nz->n_seeds, n_tasks = n_levels * n_seeds;
  guint n_arms = arms->len;
  g_autofree double *values = g_new0 (double, (gsize)n_arms * n_levels * n_seeds * 4);
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  NoiseJob job = { config, data, folds, arms, cancellable, stop, g_async_queue_new () };
  GThreadPool *pool;
  GError *first_error = NULL;

  pool = g_thread_pool_new (noise_worker, &job, (gint)MAX (g_get_num_processors (), 1), FALSE,
                            NULL);
  for (guint li = 0; li < n_levels; li++)
    for (guint si = 0; si < n_seeds; si++)
      {
        NoiseTask *t = g_new0 (NoiseTask, 1);

        t->level_index = li;
        t->seed_index = si;
        t->level = g_array_index (nz->levels, double, li);
        g_thread_pool_push (pool, t, NULL);
      }
  for (guint done = 0; done < n_tasks; done++)
    {
      NoiseOutcome *o = g_async_queue_pop (job.done);

      if (o->metrics == NULL)
        {
          if (first_error == NULL)
            {
              first_error = o->error;
              o->error = NULL;
              g_cancellable_cancel (stop);
            }
          g_clear_error (&o->error);
        }
      else
        for (guint ai = 0; ai < n_arms; ai++)
          {
            gsize base = (((gsize)ai * n_levels + o->task.level_index) * n_seeds +
                          o->task.seed_index) * 4;

            values[base + 0] = o->metrics[ai].precision;
            values[base + 1] = o->metrics[ai].recall;
            values[base + 2] = o->metrics[ai].f1;
            values[base + 3] = o->metrics[ai].average_precision;
          }
      g_free (o->metrics);
      g_free (o);
      if (progress != NULL)
        {
          g_autofree char *msg = g_strdup_printf ("Noise sweep: %u of %u level × seed runs",
                                                  done + 1, n_tasks);

          progress (0.9 + 0.05 * (done + 1) / n_tasks, msg, progress_data);
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_unref (job.done);
  if (first_error != NULL)
    {
      g_propagate_prefixed_error (error, first_error, "Noise sweep: ");
      return FALSE;
    }

  for (guint ai = 0; ai < n_arms; ai++)
    {
      FlArmResult *ar = g_ptr_array_index (results, ai);
      const Arm *a = &g_array_index (arms, Arm, ai);

      if (a->per_series)
        {
          add_warning (ar->warnings,
                       g_strdup ("The noise sweep leaves out arms with one model per series."));
          continue;
        }
      ar->noise = g_array_new (FALSE, TRUE, sizeof (FlNoisePoint));
      for (guint li = 0; li < n_levels; li++)
        {
          FlNoisePoint pt = { g_array_index (nz->levels, double, li), n_seeds };
          double v[4][1000];

          for (guint si = 0; si < n_seeds && si < 1000; si++)
            for (guint m = 0; m < 4; m++)
              v[m][si] = values[(((gsize)ai * n_levels + li) * n_seeds + si) * 4 + m];
          pt.precision = summarise (v[0], n_seeds);
          pt.recall = summarise (v[1], n_seeds);
          pt.f1 = summarise (v[2], n_seeds);
          pt.average_precision = summarise (v[3], n_seeds);
          g_array_append_val (ar->noise, pt);
        }
    }
  return TRUE;
}

/* ---- manifest and storage ---------------------------------------------- */

static char *
manifest_json (const FlExperimentConfig *config,
               const Data               *data,
               GPtrArray                *folds,
               double                    purge_s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *glib_version = g_strdup_printf ("%u.%u.%u", glib_major_version,
                                                   glib_minor_version, glib_micro_version);
  g_autofree char *config_text = fl_experiment_config_to_json (config);
  g_autofree char *config_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, config_text, -1);
  g_autofree char *liblinear_version_text = g_strdup_printf ("%d.%d", liblinear_version / 100,
                                                             liblinear_version % 100);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "faultline");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "libraries");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "xgboost");
  json_builder_add_string_value (b, fl_xgb_version_string ());
  json_builder_set_member_name (b, "openmp");
  json_builder_add_string_value (b, fl_xgb_openmp_runtime ());
  json_builder_set_member_name (b, "sqlite");
  json_builder_add_string_value (b, sqlite3_libversion ());
  json_builder_set_member_name (b, "glib");
  json_builder_add_string_value (b, glib_version);
  json_builder_set_member_name (b, "liblinear");
  json_builder_add_string_value (b, liblinear_version_text);
  json_builder_set_member_name (b, "gsl");
  json_builder_add_string_value (b, gsl_version);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64)config->seed);
  json_builder_set_member_name (b, "series");
  json_builder_begin_array (b);
  for (guint i = 0; i < data->series->len; i++)
    json_builder_add_string_value (b, ((FlSeriesInfo *)g_ptr_array_index (data->series, i))->key);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "data_sha256");
  json_builder_add_string_value (b, data->data_hash);
  json_builder_set_member_name (b, "config_sha256");
  json_builder_add_string_value (b, config_hash);
  json_builder_set_member_name (b, "purge_s");
  json_builder_add_double_value (b, purge_s);
  json_builder_set_member_name (b, "folds");
  json_builder_begin_array (b);
  for (guint i = 0; i < folds->len; i++)
    {
      FlFold *f = g_ptr_array_index (folds, i);

      json_builder_begin_object (b);
      fl_json_add_double (b, "train_start_s", f->train_start_s);
      fl_json_add_double (b, "train_end_s", f->train_end_s);
      fl_json_add_double (b, "test_start_s", f->test_start_s);
      fl_json_add_double (b, "test_end_s", f->test_end_s);
      json_builder_set_member_name (b, "train_rows");
      json_builder_add_int_value (b, f->train->len);
      json_builder_set_member_name (b, "validation_rows");
      json_builder_add_int_value (b, f->valid->len);
      json_builder_set_member_name (b, "test_rows");
      json_builder_add_int_value (b, f->test->len);
      json_builder_set_member_name (b, "purged_rows");
      json_builder_add_int_value (b, f->n_purged);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
arm_to_json (const FlArmResult *r,
             JsonBuilder       *b)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, r->name);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, r->model);
  json_builder_set_member_name (b, "treatment");
  json_builder_add_string_value (b, r->treatment);
  json_builder_set_member_name (b, "baseline");
  json_builder_add_boolean_value (b, r->is_baseline);
  fl_metrics_to_json (&r->metrics, b);
  json_builder_set_member_name (b, "intervals");
  json_builder_begin_object (b);
  fl_interval_to_json (b, "precision", &r->precision_ci);
  fl_interval_to_json (b, "recall", &r->recall_ci);
  fl_interval_to_json (b, "specificity", &r->specificity_ci);
  fl_interval_to_json (b, "f1", &r->bootstrap.f1);
  fl_interval_to_json (b, "average_precision", &r->bootstrap.average_precision);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_object (b);
  fl_event_metrics_to_json (&r->events, b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "folds");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->fold_metrics->len; i++)
    {
      json_builder_begin_object (b);
      fl_metrics_to_json (&g_array_index (r->fold_metrics, FlMetrics, i), b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (r->per_series->len > 1)
    {
      json_builder_set_member_name (b, "macro");
      json_builder_begin_object (b);
      fl_json_add_double (b, "precision", r->macro.precision);
      fl_json_add_double (b, "recall", r->macro.recall);
      fl_json_add_double (b, "f1", r->macro.f1);
      fl_json_add_double (b, "average_precision", r->macro.average_precision);
      fl_json_add_double (b, "mcc", r->macro.mcc);
      fl_json_add_double (b, "roc_auc", r->macro.roc_auc);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "per_series");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->per_series->len; i++)
    {
      const FlSeriesMetrics *sm = &g_array_index (r->per_series, FlSeriesMetrics, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "series_id");
      json_builder_add_int_value (b, sm->series_id);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, sm->n);
      json_builder_set_member_name (b, "positives");
      json_builder_add_int_value (b, sm->metrics.n_positive);
      fl_json_add_double (b, "precision", sm->metrics.precision);
      fl_json_add_double (b, "recall", sm->metrics.recall);
      fl_json_add_double (b, "f1", sm->metrics.f1);
      fl_json_add_double (b, "average_precision", sm->metrics.average_precision);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "one_model_per_series");
  json_builder_add_boolean_value (b, r->per_series_models);
  json_builder_set_member_name (b, "synthetic_rows");
  json_builder_add_int_value (b, r->n_synthetic);
  if (r->best_iteration > 0)
    {
      json_builder_set_member_name (b, "best_iteration");
      json_builder_add_int_value (b, r->best_iteration);
    }
  if (r->importance != NULL)
    {
      GHashTableIter it;
      gpointer k, v;

      json_builder_set_member_name (b, "importance_gain");
      json_builder_begin_object (b);
      g_hash_table_iter_init (&it, r->importance);
      while (g_hash_table_iter_next (&it, &k, &v))
        fl_json_add_double (b, k, *(double *)v);
      json_builder_end_object (b);
    }
  if (r->importance_cover != NULL)
    {
      GHashTableIter it;
      gpointer k, v;

      json_builder_set_member_name (b, "importance_cover");
      json_builder_begin_object (b);
      g_hash_table_iter_init (&it, r->importance_cover);
      while (g_hash_table_iter_next (&it, &k, &v))
        fl_json_add_double (b, k, *(double *)v);
      json_builder_end_object (b);
    }
  if (r->tuning_json != NULL)
    {
      json_builder_set_member_name (b, "tuning");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->tuning_json->len; i++)
        {
          JsonNode *node = json_from_string (g_ptr_array_index (r->tuning_json, i), NULL);

          if (node != NULL)
            json_builder_add_value (b, node);
        }
      json_builder_end_array (b);
    }
  if (r->noise != NULL)
    {
      json_builder_set_member_name (b, "noise");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->noise->len; i++)
        {
          const FlNoisePoint *pt = &g_array_index (r->noise, FlNoisePoint, i);
          const struct { const char *name; const FlNoiseSummary *s; } ms[] = {
            { "precision", &pt->precision }, { "recall", &pt->recall }, { "f1", &pt->f1 },
            { "average_precision", &pt->average_precision },
          };

          json_builder_begin_object (b);
          fl_json_add_double (b, "level", pt->level);
          json_builder_set_member_name (b, "seeds");
          json_builder_add_int_value (b, pt->n_seeds);
          for (guint m = 0; m < G_N_ELEMENTS (ms); m++)
            {
              json_builder_set_member_name (b, ms[m].name);
              json_builder_begin_object (b);
              fl_json_add_double (b, "mean", ms[m].s->mean);
              fl_json_add_double (b, "lower", ms[m].s->lower);
              fl_json_add_double (b, "upper", ms[m].s->upper);
              json_builder_end_object (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (r->has_operating)
    {
      json_builder_set_member_name (b, "at_operating_threshold");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "thresholds");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->operating_thresholds->len; i++)
        {
          double t = g_array_index (r->operating_thresholds, double, i);

          if (isfinite (t))
            json_builder_add_double_value (b, t);
          else
            json_builder_add_null_value (b);
        }
      json_builder_end_array (b);
      fl_metrics_to_json (&r->at_operating, b);
      json_builder_set_member_name (b, "events");
      json_builder_begin_object (b);
      fl_event_metrics_to_json (&r->events_at_operating, b);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  if (r->compared)
    {
      json_builder_set_member_name (b, "vs_baseline");
      json_builder_begin_object (b);
      fl_json_add_double (b, "ap_difference", r->paired.observed_diff);
      fl_interval_to_json (b, "ap_difference_ci", &r->paired.ci);
      fl_json_add_double (b, "p_paired_bootstrap", r->paired.p_value);
      if (r->ttest.k >= 2)
        {
          fl_json_add_double (b, "p_corrected_ttest", r->ttest.p_value);
          fl_json_add_double (b, "t", r->ttest.t);
          json_builder_set_member_name (b, "folds");
          json_builder_add_int_value (b, r->ttest.k);
        }
      json_builder_set_member_name (b, "marker");
      json_builder_add_string_value (b, fl_significance_to_marker (r->significance));
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (r->warnings, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static char *
arm_json (const FlArmResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  arm_to_json (r, b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* ---- the run ----------------------------------------------------------- */

/**
 * fl_experiment_run:
 * @project: the project holding the measurements; the run is stored in it
 * @config: the experiment
 * @progress: (nullable) (scope call): progress callback (called on this thread)
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable, checked between folds, arms and
 *   boosting rounds
 * @error: return location for a #GError
 *
 * Runs one comparison experiment. Rows: per series, bucket features and
 * labels (the NetProphet set, fl_features_compute(), or recipes and a label
 * spec), pooled over series in time order. Folds: a holdout or time-aware
 * cross-validation (fl_cv_folds()) with a purge gap of at least horizon +
 * feature window unless the split is random. Arms: every imbalance
 * treatment × every learned model, each treatment applied to the training
 * rows of each fold only, plus each baseline (persistence, the labelling
 * rule, always / never alarm) and the isolation forest once. Every arm is
 * scored on the same test rows: the full metric set, Wilson intervals,
 * block-bootstrap intervals for F1 and AP, event metrics and curves.
 * Everything — config, manifest (library versions, seed, split bounds, data
 * and config hashes), each arm's metrics, curves, last model and test
 * predictions — is stored in @project in one transaction. Call it from a
 * worker thread in a GUI.
 *
 * Returns: (transfer full): the result, or %NULL with @error set:
 *   %FL_ERROR_NOT_FOUND (unknown series), %FL_ERROR_INSUFFICIENT_DATA (too few
 *   rows, a single class, folds that purging empties), %FL_ERROR_INVALID,
 *   %FL_ERROR_MODEL, %FL_ERROR_PROJECT, or %G_IO_ERROR_CANCELLED
 */
FlExperimentResult *
fl_experiment_run (FlProject                 *project,
                   const FlExperimentConfig  *config,
                   FlProgressFunc             progress,
                   gpointer                   progress_data,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(FlExperimentResult) r = NULL;
  g_autoptr(GPtrArray) folds = NULL;
  g_autoptr(GArray) arms = NULL;
  g_autofree char *config_json = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *names_json = NULL;
  g_autofree FlArmRecord *records = NULL;
  g_autoptr(GPtrArray) arm_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) arm_models = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  Data data = { 0 };
  FlCvParams cv;
  FlRunRecord rec = { 0 };
  gsize d, twins = 0, n_test_total = 0;
  guint n_steps, step = 0;

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  r = g_new0 (FlExperimentResult, 1);
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  r->threshold = config->threshold;

  report (progress, progress_data, 0.0, "Loading measurements and computing features");
  if (!build_data (project, config, &data, error))
    goto fail;
  d = data.ds->n_features;
  r->series_key = g_strdup (((FlSeriesInfo *)g_ptr_array_index (data.series, 0))->key);
  r->feature_rows = data.ds->n_rows;
  r->imputed_rows = data.imputed_rows;
  r->label_description = g_strdup (data.label_description);
  r->feature_names = g_new0 (char *, d + 1);
  for (gsize f = 0; f < d; f++)
    r->feature_names[f] = g_strdup (data.ds->feature_names[f]);
  for (guint i = 0; i < data.warnings->len; i++)
    g_ptr_array_add (r->warnings, g_strdup (g_ptr_array_index (data.warnings, i)));

  if (data.ds->n_rows < 10)
    {
      if (!config->use_recipes && config->pipeline.mode == FL_PIPELINE_SEED_COMPAT)
        g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                     "%s gives only %" G_GSIZE_FORMAT " feature rows with %u s buckets: the "
                     "seed pipeline's dropna() removed the rows with a missing value (jitter is "
                     "undefined in buckets with fewer than two replies). Use larger buckets or "
                     "the honest pipeline", r->series_key, data.ds->n_rows,
                     config->pipeline.bucket_s);
      else
        g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                     "%s gives only %" G_GSIZE_FORMAT " feature rows with %u s buckets after "
                     "the warm-up of the baseline window; an experiment needs more data",
                     r->series_key, data.ds->n_rows, config->pipeline.bucket_s);
      goto fail;
    }

  /* folds */
  if (config->use_cv)
    cv = config->cv;
  else
    {
      fl_cv_params_init_default (&cv);
      cv.kind = config->split == FL_SPLIT_RANDOM_STRATIFIED ? FL_CV_RANDOM_HOLDOUT : FL_CV_HOLDOUT;
      cv.test_fraction = config->test_fraction;
      /* The NetProphet protocol splits without a gap; keep it comparable. */
      cv.purge_s = config->use_recipes ? data.feature_window_s + data.horizon_s : 0;
    }
  cv.seed = config->seed;
  if (config->use_cv && !fl_cv_kind_is_random (cv.kind) &&
      cv.purge_s < data.horizon_s + data.feature_window_s)
    {
      if (cv.purge_s > 0)
        add_warning (r->warnings,
                     g_strdup_printf ("Purge gap raised from %.0f s to %.0f s (horizon + feature "
                                      "window).", cv.purge_s,
                                      data.horizon_s + data.feature_window_s));
      cv.purge_s = data.horizon_s + data.feature_window_s;
    }
  if (config->evaluation == FL_EVALUATION_POOLED)
    folds = fl_cv_folds (&cv, data.ds->ts_s, data.ds->y, data.ds->n_rows, error);
  else
    {
      /* the series modes: each series' own split needs the gap too */
      if (!config->use_cv)
        cv.purge_s = data.feature_window_s + data.horizon_s;
      cv.kind = FL_CV_HOLDOUT;
      folds = series_folds (config, &data, cv.purge_s, error);
    }
  if (folds == NULL)
    goto fail;
  if (data.series->len > 1)
    for (guint ai = 0; config->treatments != NULL && ai < config->treatments->len; ai++)
      {
        FlSamplerKind k = g_array_index (config->treatments, FlSamplerParams, ai).kind;

        if (k == FL_SAMPLER_SMOTE || k == FL_SAMPLER_BORDERLINE_SMOTE1 ||
            k == FL_SAMPLER_BORDERLINE_SMOTE2 || k == FL_SAMPLER_ADASYN)
          {
            add_warning (r->warnings,
                         g_strdup ("The training rows of several series are pooled before "
                                   "resampling: synthetic rows may interpolate between rows of "
                                   "different series."));
            break;
          }
      }
  r->n_folds = folds->len;
  if (fl_cv_kind_is_random (cv.kind))
    add_warning (r->warnings,
                 g_strdup ("Random split on a time series: neighbouring, nearly identical "
                           "buckets land in both training and test, so these scores overstate "
                           "what the model can predict."));
  if (r->imputed_rows > 0)
    add_warning (r->warnings,
                 g_strdup_printf ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " rows (%.0f %%) are "
                                  "forward-filled copies of earlier buckets.", r->imputed_rows,
                                  r->feature_rows, 100.0 * r->imputed_rows / r->feature_rows));
  if (data.label_inputs != NULL)
    {
      g_autoptr(GString) overlap = g_string_new (NULL);

      for (guint i = 0; data.label_inputs[i] != NULL; i++)
        for (gsize f = 0; f < d; f++)
          if (g_str_equal (data.label_inputs[i], data.ds->feature_names[f]))
            g_string_append_printf (overlap, "%s%s", overlap->len ? ", " : "",
                                    data.label_inputs[i]);
      if (overlap->len > 0)
        add_warning (r->warnings,
                     g_strdup_printf ("The label is computed from the model's own inputs (%s): "
                                      "a model can score well by recomputing the rule rather "
                                      "than predicting.", overlap->str));
    }

  arms = make_arms (config);
  n_steps = folds->len * arms->len;

  for (guint fi = 0; fi < folds->len; fi++)
    {
      FlFold *fold = g_ptr_array_index (folds, fi);
      g_autofree double *Xtr = NULL;
      g_autofree guint8 *ytr = NULL;
      g_autofree double *Xte = NULL;
      g_autofree guint8 *yte = NULL;
      g_autofree guint8 *lte = NULL;
      g_autofree double *rte = NULL;
      g_autofree double *Xva = NULL;
      g_autofree guint8 *yva = NULL;
      g_autofree guint8 *lva = NULL;
      g_autofree double *rva = NULL;
      FlModelInput test_in, valid_in;
      gsize train_pos = 0;

      gather (data.ds, fold->train, &Xtr, &ytr, NULL, NULL);
      gather (data.ds, fold->test, &Xte, &yte, &lte, &rte);
      gather (data.ds, fold->valid, &Xva, &yva, &lva, &rva);
      test_in = (FlModelInput) { fold->test->len, d, Xte, lte, rte };
      valid_in = (FlModelInput) { fold->valid->len, d, Xva, lva, rva };
      for (guint k = 0; k < fold->train->len; k++)
        train_pos += ytr[k];
      twins += count_twins (data.ds, fold->train, fold->test);
      n_test_total += fold->test->len;
      if (fi + 1 == folds->len)
        {
          r->train_rows = fold->train->len;
          r->train_positives = train_pos;
          r->split_train_end_s = fold->train_end_s;
          r->split_test_start_s = fold->test_start_s;
        }

      for (guint ai = 0; ai < arms->len; ai++)
        {
          Arm *a = &g_array_index (arms, Arm, ai);
          g_autoptr(FlModel) model = NULL;
          g_autofree float *score = NULL;
          g_autofree char *prefix = g_strdup_printf ("Fold %u/%u, %s", fi + 1, folds->len,
                                                     a->result->name);
          Stage stage = { progress, progress_data, 0.05 + 0.9 * step / n_steps,
                          0.05 + 0.9 * (step + 1) / n_steps, prefix };
          FlMetrics fm;

          step++;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;

          if (!a->per_series)
            {
              Arm use = *a;

              if (config->use_tuning && !a->is_baseline &&
                  (a->model.kind == FL_MODEL_XGBOOST || a->model.kind == FL_MODEL_RANDOM_FOREST))
                {
                  if (!tune_arm (a, fi, config, data.ds, fold, Xtr, ytr, cv.purge_s, &stage,
                                 cancellable, &use.model, error))
                    goto fail;
                }
              score = fit_and_score (&use, fi, Xtr, ytr, fold->train->len, d,
                                     (const char * const *)data.ds->feature_names,
                                     fold->valid->len > 0 ? &valid_in : NULL, yva, &test_in,
                                     &stage, cancellable, &model, error);
            }
          else
            score = fit_and_score_per_series (a, fi, data.ds, fold, &stage, cancellable, error);
          if (score == NULL)
            goto fail;

          if (config->use_operating_threshold)
            {
              double thr = NAN;

              if (model != NULL && fold->valid->len > 0)
                {
                  g_autofree float *vscore = fl_model_predict (model, &valid_in, error);
                  g_autofree double *vts = NULL;
                  FlThresholdChoice choice;
                  FlThresholdParams tp = config->operating;
                  gboolean one_series = TRUE;

                  if (vscore == NULL)
                    goto fail;
                  vts = g_new (double, fold->valid->len);
                  for (guint k = 0; k < fold->valid->len; k++)
                    {
                      gsize i = g_array_index (fold->valid, gsize, k);

                      vts[k] = data.ds->ts_s[i];
                      one_series &= data.ds->group[i] ==
                                    data.ds->group[g_array_index (fold->valid, gsize, 0)];
                    }
                  tp.events = (FlEventParams) { data.step_s, data.step_s, data.horizon_s };
                  if (fl_threshold_choose (&tp, yva, vscore, one_series ? vts : NULL,
                                           fold->valid->len, &choice, NULL))
                    thr = choice.threshold;
                  else
                    add_warning (a->result->warnings,
                                 g_strdup_printf ("Fold %u: no operating threshold could be "
                                                  "chosen on the validation rows.", fi + 1));
                }
              else if (fold->valid->len == 0)
                add_warning (a->result->warnings,
                             g_strdup ("No validation rows: the operating threshold needs "
                                       "split.validation_fraction > 0."));
              else
                add_warning (a->result->warnings,
                             g_strdup ("One model per series: no pooled operating threshold."));
              g_array_append_val (a->result->operating_thresholds, thr);
              for (guint k = 0; k < fold->test->len; k++)
                {
                  guint8 alarm = isfinite (thr) && score[k] >= thr;

                  g_array_append_val (a->decision, alarm);
                }
            }

          if (!fl_metrics_compute (yte, score, fold->test->len, config->threshold, &fm, error))
            goto fail;
          g_array_append_val (a->result->fold_metrics, fm);
          for (guint k = 0; k < fold->test->len; k++)
            {
              gsize i = g_array_index (fold->test, gsize, k);

              g_array_append_val (a->ts, data.ds->ts_s[i]);
              g_array_append_val (a->group, data.ds->group[i]);
              g_array_append_val (a->fold, fi);
              g_array_append_val (a->y, yte[k]);
              g_array_append_val (a->score, score[k]);
            }
          if (fi + 1 == folds->len)
            {
              g_clear_pointer (&a->last_model, fl_model_free);
              a->last_model = g_steal_pointer (&model);
            }
        }
    }

  if (twins > 0)
    add_warning (r->warnings,
                 g_strdup_printf ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " test rows have an "
                                  "identical feature vector in the training rows.", twins,
                                  n_test_total));

  report (progress, progress_data, 0.95, "Computing metrics, intervals and curves");
  r->arms = g_ptr_array_new_with_free_func ((GDestroyNotify)arm_result_free);
  for (guint ai = 0; ai < arms->len; ai++)
    {
      Arm *a = &g_array_index (arms, Arm, ai);

      if (!finish_arm (a, config, &data, error))
        goto fail;
      if (a->last_model != NULL && a->model.kind == FL_MODEL_XGBOOST)
        {
          a->result->importance = fl_model_feature_importance (a->last_model, "gain", NULL);
          a->result->importance_cover = fl_model_feature_importance (a->last_model, "cover", NULL);
          a->result->best_iteration = fl_model_get_best_iteration (a->last_model);
        }
      g_ptr_array_add (r->arms, a->result);
      a->result = NULL;
    }

  if (config->noise.enabled)
    {
      if (config->noise.levels == NULL || config->noise.levels->len == 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The noise sweep has no levels");
          goto fail;
        }
      if (!run_noise_sweep (config, &data, folds, arms, r->arms, progress, progress_data,
                            cancellable, error))
        goto fail;
    }

  /* significance against the baseline arm (Weka style) */
  {
    FlArmResult *base = NULL;
    double train_mean = 0, test_mean = 0;

    for (guint ai = 0; ai < r->arms->len && config->compare_to != NULL; ai++)
      if (g_str_equal (((FlArmResult *)g_ptr_array_index (r->arms, ai))->name, config->compare_to))
        base = g_ptr_array_index (r->arms, ai);
    if (config->compare_to != NULL && base == NULL)
      {
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                     "compare_to: no arm is called “%s”", config->compare_to);
        goto fail;
      }
    if (base == NULL)
      base = g_ptr_array_index (r->arms, 0);
    r->compare_to = g_strdup (base->name);
    for (guint fi = 0; fi < folds->len; fi++)
      {
        FlFold *f = g_ptr_array_index (folds, fi);

        train_mean += (double)f->train->len / folds->len;
        test_mean += (double)f->test->len / folds->len;
      }
    for (guint ai = 0; ai < r->arms->len; ai++)
      {
        FlArmResult *arm = g_ptr_array_index (r->arms, ai);
        FlBootstrapParams bp = { 0, MAX (config->bootstrap_resamples, 200), 0.95,
                                 (guint32)(config->seed & 0xffffffffu) };
        double p = NAN, diff = arm->metrics.average_precision - base->metrics.average_precision;

        if (arm == base)
          continue;
        if (folds->len >= 2 && arm->fold_metrics->len == base->fold_metrics->len)
          {
            g_autofree double *a = g_new (double, folds->len);
            g_autofree double *b = g_new (double, folds->len);
            gboolean finite = TRUE;

            for (guint fi = 0; fi < folds->len; fi++)
              {
                a[fi] = g_array_index (arm->fold_metrics, FlMetrics, fi).average_precision;
                b[fi] = g_array_index (base->fold_metrics, FlMetrics, fi).average_precision;
                finite &= isfinite (a[fi]) && isfinite (b[fi]);
              }
            if (finite && fl_corrected_ttest (a, b, folds->len, test_mean / MAX (train_mean, 1),
                                              &arm->ttest, NULL))
              p = arm->ttest.p_value;
          }
        if (arm->n == base->n && arm->n >= 2 &&
            fl_paired_bootstrap (arm->y, arm->score, base->score, arm->n,
                                 FL_PAIRED_AVERAGE_PRECISION, config->threshold, &bp,
                                 &arm->paired, NULL) &&
            isnan (p))
          p = arm->paired.p_value;
        arm->compared = TRUE;
        arm->significance = isfinite (p) && isfinite (diff)
                              ? fl_significance_mark (p, diff, FL_SIGNIFICANCE_ALPHA, TRUE)
                              : FL_SIGNIFICANCE_NONE;
      }
  }

  /* the first arm fills the summary fields */
  {
    FlArmResult *first = g_ptr_array_index (r->arms, 0);

    r->cm = first->metrics.cm;
    r->precision = first->metrics.precision;
    r->recall = first->metrics.recall;
    r->f1 = first->metrics.f1;
    r->average_precision = first->metrics.average_precision;
    r->test_rows = first->n;
    r->test_positives = first->metrics.n_positive;
    r->synthetic_rows = first->n_synthetic;
    r->n_events = first->events.n_events;
    r->test_ts_s = g_memdup2 (first->ts_s, MAX (first->n, 1) * sizeof (double));
    r->test_y = g_memdup2 (first->y, MAX (first->n, 1));
    r->test_score = g_memdup2 (first->score, MAX (first->n, 1) * sizeof (float));
    if (first->events.insufficient_events)
      add_warning (r->warnings,
                   g_strdup_printf ("Insufficient events: only %u events in the test rows "
                                    "(fewer than %d); treat precision and recall as anecdotal.",
                                    first->events.n_events, FL_MIN_TEST_EVENTS));
    for (guint i = 0; i < first->warnings->len; i++)
      add_warning (r->warnings, g_strdup (g_ptr_array_index (first->warnings, i)));
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  report (progress, progress_data, 0.97, "Saving the run");
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_array (b);
    for (gsize f = 0; f < d; f++)
      json_builder_add_string_value (b, data.ds->feature_names[f]);
    json_builder_end_array (b);
    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    names_json = json_generator_to_data (gen, NULL);
  }
  config_json = fl_experiment_config_to_json (config);
  manifest = manifest_json (config, &data, folds, cv.purge_s);

  records = g_new0 (FlArmRecord, r->arms->len);
  for (guint ai = 0; ai < r->arms->len; ai++)
    {
      FlArmResult *ar = g_ptr_array_index (r->arms, ai);
      Arm *a = &g_array_index (arms, Arm, ai);
      char *text = arm_json (ar);
      GBytes *model_bytes = a->last_model ? fl_model_to_bytes (a->last_model, NULL) : NULL;

      g_ptr_array_add (arm_texts, text);
      if (model_bytes != NULL)
        g_ptr_array_add (arm_models, model_bytes);
      records[ai] = (FlArmRecord) { ar->name, text, ar->curves_json, model_bytes,
                                    ar->model, ar->n, ar->ts_s, ar->group, ar->fold, ar->y,
                                    ar->score };
    }
  summary = fl_experiment_result_to_json (r);

  rec.kind = EXPERIMENT_KIND;
  rec.config_json = config_json;
  rec.manifest_json = manifest;
  rec.summary_json = summary;
  rec.metrics_json = g_ptr_array_index (arm_texts, 0);
  rec.feature_names_json = names_json;
  rec.threshold = config->threshold;
  rec.cm = r->cm;
  rec.arms = records;
  rec.n_arms = r->arms->len;
  r->run_id = _fl_project_store_run (project, &rec, error);
  if (r->run_id < 0)
    goto fail;

  /* the summary stored before the id was known: fix it up */
  {
    g_autofree char *fixed = fl_experiment_result_to_json (r);
    sqlite3 *db = fl_project_get_db (project);
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2 (db, "UPDATE runs SET summary_json = ? WHERE id = ?", -1, &st,
                            NULL) == SQLITE_OK)
      {
        sqlite3_bind_text (st, 1, fixed, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (st, 2, r->run_id);
        sqlite3_step (st);
      }
    sqlite3_finalize (st);
  }

  for (guint ai = 0; ai < arms->len; ai++)
    arm_clear (&g_array_index (arms, Arm, ai));
  data_clear (&data);
  report (progress, progress_data, 1.0, "Done");
  return g_steal_pointer (&r);

fail:
  for (guint ai = 0; arms != NULL && ai < arms->len; ai++)
    {
      Arm *a = &g_array_index (arms, Arm, ai);

      arm_result_free (a->result);
      arm_clear (a);
    }
  data_clear (&data);
  return NULL;
}

/* ---- re-runs ------------------------------------------------------------ */

static void
compare_member (JsonObject  *a,
                JsonObject  *b,
                const char  *path,
                GPtrArray   *diffs)
{
  GList *members = json_object_get_members (a);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *na = json_object_get_member (a, name);
      JsonNode *nb = json_object_has_member (b, name) ? json_object_get_member (b, name) : NULL;
      g_autofree char *sub = g_strdup_printf ("%s%s", path, name);

      if (nb == NULL)
        g_ptr_array_add (diffs, g_strdup_printf ("%s is missing from the re-run", sub));
      else if (JSON_NODE_HOLDS_OBJECT (na) && JSON_NODE_HOLDS_OBJECT (nb))
        {
          g_autofree char *prefix = g_strdup_printf ("%s.", sub);

          compare_member (json_node_get_object (na), json_node_get_object (nb), prefix, diffs);
        }
      else if (!json_node_equal (na, nb))
        {
          g_autofree char *va = json_to_string (na, FALSE);
          g_autofree char *vb = json_to_string (nb, FALSE);

          g_ptr_array_add (diffs, g_strdup_printf ("%s: %s then, %s now", sub, va, vb));
        }
    }
  g_list_free (members);
}

/**
 * fl_experiment_rerun:
 * @project: the project holding run @run_id
 * @run_id: a stored run
 * @progress: (nullable) (scope call): progress callback
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @report: (out caller-allocates): what the comparison found
 * @error: return location for a #GError
 *
 * Runs a stored experiment again from its stored config (the re-run is
 * stored as a new run) and compares: the manifests (library versions, data
 * and config hashes, split bounds, seed), and every arm's test predictions
 * bit for bit.
 *
 * Returns: (transfer full): the new result, or %NULL with %FL_ERROR_NOT_FOUND
 *   (no such run), %FL_ERROR_INVALID (its config cannot be read) or any
 *   error fl_experiment_run() gives
 */
FlExperimentResult *
fl_experiment_rerun (FlProject          *project,
                     gint64              run_id,
                     FlProgressFunc      progress,
                     gpointer            progress_data,
                     GCancellable       *cancellable,
                     FlRerunReport      *report,
                     GError            **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(FlExperimentResult) r = NULL;
  g_autoptr(JsonParser) old_parser = json_parser_new ();
  g_autoptr(JsonParser) new_parser = json_parser_new ();
  FlRunInfo *old = NULL;
  FlExperimentConfig config;
  sqlite3 *db = fl_project_get_db (project);
  sqlite3_stmt *st = NULL;
  g_autofree char *new_manifest = NULL;

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  memset (report, 0, sizeof *report);
  report->differences = g_ptr_array_new_with_free_func (g_free);
  report->predictions_identical = TRUE;

  runs = fl_project_list_runs (project, error);
  if (runs == NULL)
    return NULL;
  for (guint i = 0; i < runs->len; i++)
    if (((FlRunInfo *)g_ptr_array_index (runs, i))->id == run_id)
      old = g_ptr_array_index (runs, i);
  if (old == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "%s has no run %" G_GINT64_FORMAT,
                   fl_project_get_path (project), run_id);
      return NULL;
    }

  fl_experiment_config_init_default (&config);
  if (!fl_experiment_config_from_json (&config, old->config_json, error))
    {
      fl_experiment_config_clear (&config);
      return NULL;
    }
  r = fl_experiment_run (project, &config, progress, progress_data, cancellable, error);
  fl_experiment_config_clear (&config);
  if (r == NULL)
    return NULL;
  report->new_run_id = r->run_id;

  /* manifests */
  if (sqlite3_prepare_v2 (db, "SELECT manifest_json FROM runs WHERE id = ?", -1, &st, NULL) ==
      SQLITE_OK)
    {
      sqlite3_bind_int64 (st, 1, r->run_id);
      if (sqlite3_step (st) == SQLITE_ROW)
        new_manifest = g_strdup ((const char *)sqlite3_column_text (st, 0));
    }
  sqlite3_finalize (st);
  st = NULL;
  if (old->manifest_json != NULL && new_manifest != NULL &&
      json_parser_load_from_data (old_parser, old->manifest_json, -1, NULL) &&
      json_parser_load_from_data (new_parser, new_manifest, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (old_parser)) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (new_parser)))
    compare_member (json_node_get_object (json_parser_get_root (old_parser)),
                    json_node_get_object (json_parser_get_root (new_parser)), "", report->differences);
  else
    g_ptr_array_add (report->differences, g_strdup ("the stored manifest cannot be read"));

  /* predictions, arm by arm, in stored order */
  if (sqlite3_prepare_v2 (db,
                          "SELECT a.arm, a.ts_s, a.series_id, a.score, b.score"
                          " FROM predictions a LEFT JOIN predictions b"
                          " ON b.run_id = ?2 AND b.arm = a.arm AND b.ts_s = a.ts_s"
                          " AND b.series_id = a.series_id AND b.fold = a.fold"
                          " WHERE a.run_id = ?1", -1, &st, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (st, 1, run_id);
      sqlite3_bind_int64 (st, 2, r->run_id);
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          report->n_predictions++;
          if (sqlite3_column_type (st, 4) == SQLITE_NULL)
            {
              report->predictions_identical = FALSE;
              report->n_missing++;
              continue;
            }
          if (sqlite3_column_double (st, 3) != sqlite3_column_double (st, 4))
            {
              double diff = fabs (sqlite3_column_double (st, 3) - sqlite3_column_double (st, 4));

              report->predictions_identical = FALSE;
              report->n_changed++;
              report->max_abs_diff = MAX (report->max_abs_diff, diff);
            }
        }
    }
  sqlite3_finalize (st);
  if (report->n_predictions == 0)
    report->predictions_identical = FALSE;
  return g_steal_pointer (&r);
}

/**
 * fl_rerun_report_clear:
 * @report: a report
 *
 * Frees what @report owns.
 */
void
fl_rerun_report_clear (FlRerunReport *report)
{
  g_clear_pointer (&report->differences, g_ptr_array_unref);
}

/* ---- result ------------------------------------------------------------ */

static void
add_metric (JsonBuilder *b,
            const char  *name,
            double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

/**
 * fl_experiment_result_to_json:
 * @result: a result
 *
 * The CLI contract: one JSON object with `run_id`, `series`,
 * `confusion_matrix` {`tn`, `fp`, `fn`, `tp`}, `threshold`, `precision`,
 * `recall`, `f1`, `average_precision` (null when the test rows have no
 * positives), `feature_rows`, `train_rows`, `train_positives`,
 * `synthetic_rows`, `test_rows`, `test_positives`, `test_events`,
 * `imputed_rows`, `folds`, `label`, `features`, `split` {`train_end_s`,
 * `test_start_s`}, `warnings`, and `arms` — the comparison table, one
 * object per arm with every metric, its intervals, event metrics and
 * per-fold metrics. The top-level metrics are those of the first arm.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
fl_experiment_result_to_json (const FlExperimentResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "run_id");
  json_builder_add_int_value (b, result->run_id);
  json_builder_set_member_name (b, "series");
  json_builder_add_string_value (b, result->series_key);
  json_builder_set_member_name (b, "confusion_matrix");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tn");
  json_builder_add_int_value (b, (gint64)result->cm.tn);
  json_builder_set_member_name (b, "fp");
  json_builder_add_int_value (b, (gint64)result->cm.fp);
  json_builder_set_member_name (b, "fn");
  json_builder_add_int_value (b, (gint64)result->cm.fn);
  json_builder_set_member_name (b, "tp");
  json_builder_add_int_value (b, (gint64)result->cm.tp);
  json_builder_end_object (b);
  add_metric (b, "threshold", result->threshold);
  add_metric (b, "precision", result->precision);
  add_metric (b, "recall", result->recall);
  add_metric (b, "f1", result->f1);
  add_metric (b, "average_precision", result->average_precision);
  json_builder_set_member_name (b, "feature_rows");
  json_builder_add_int_value (b, result->feature_rows);
  json_builder_set_member_name (b, "train_rows");
  json_builder_add_int_value (b, result->train_rows);
  json_builder_set_member_name (b, "train_positives");
  json_builder_add_int_value (b, result->train_positives);
  json_builder_set_member_name (b, "synthetic_rows");
  json_builder_add_int_value (b, result->synthetic_rows);
  json_builder_set_member_name (b, "test_rows");
  json_builder_add_int_value (b, result->test_rows);
  json_builder_set_member_name (b, "test_positives");
  json_builder_add_int_value (b, result->test_positives);
  json_builder_set_member_name (b, "test_events");
  json_builder_add_int_value (b, result->n_events);
  json_builder_set_member_name (b, "imputed_rows");
  json_builder_add_int_value (b, result->imputed_rows);
  json_builder_set_member_name (b, "folds");
  json_builder_add_int_value (b, result->n_folds);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, result->label_description ? result->label_description : "");
  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  for (guint i = 0; result->feature_names != NULL && result->feature_names[i] != NULL; i++)
    json_builder_add_string_value (b, result->feature_names[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "split");
  json_builder_begin_object (b);
  add_metric (b, "train_end_s", result->split_train_end_s);
  add_metric (b, "test_start_s", result->split_test_start_s);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; result->warnings != NULL && i < result->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (result->warnings, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "compare_to");
  json_builder_add_string_value (b, result->compare_to ? result->compare_to : "");
  json_builder_set_member_name (b, "arms");
  json_builder_begin_array (b);
  for (guint i = 0; result->arms != NULL && i < result->arms->len; i++)
    arm_to_json (g_ptr_array_index (result->arms, i), b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/**
 * fl_experiment_result_free:
 * @result: (nullable) (transfer full): a result
 *
 * Frees @result.
 */
void
fl_experiment_result_free (FlExperimentResult *result)
{
  if (result == NULL)
    return;
  g_free (result->series_key);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->arms, g_ptr_array_unref);
  g_free (result->test_ts_s);
  g_free (result->test_y);
  g_free (result->test_score);
  g_free (result->label_description);
  g_strfreev (result->feature_names);
  g_free (result->compare_to);
  g_free (result);
}
