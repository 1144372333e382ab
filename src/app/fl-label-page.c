/* fl-label-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fl-chart-shade.h"
#include "fl-expr.h"
#include "fl-job.h"
#include "fl-label-page.h"
#include "fl-recipes.h"
#include "fl-rtt-chart.h"
#include "fl-table.h"

/* Wait this long after the last edit before labelling again (ms). */
#define DEBOUNCE_MS 200

/* Order of the kind combo. */
static const FlLabelKind kinds[] = {
  FL_LABEL_ZSCORE, FL_LABEL_RULE, FL_LABEL_LOSS, FL_LABEL_CHANGEPOINT,
};

/* Columns of an RTT bucket table, for validating a rule before any series
 * is loaded (fl-table.c builds them in this order). */
static const char * const rtt_columns[] = {
  "rtt_mean_ms", "rtt_std_ms", "rtt_min_ms", "rtt_max_ms", "rtt_median_ms",
  "replies", "sent", "loss_pct", "last_reply_age_s", "changepoint",
};

/**
 * FlLabelPage:
 *
 * The Label page: a form for the label rule (z-score, rule expression,
 * packet loss, change point) and the prediction horizon, beside the RTT
 * chart of a series with the labelled events shaded. Every edit relabels
 * the series in a worker thread after a short pause, and the page shows
 * how many events and what share of the buckets the rule flags, plus a
 * warning when the label reads columns that are also model features.
 */
struct _FlLabelPage
{
  AdwBin             parent_instance;

  FlProject         *project;
  GPtrArray         *series;        /* FlSeriesInfo, RTT series only */
  gpointer           cache;         /* SeriesCache, rc box */
  FlRttChart        *chart;
  GCancellable      *cancellable;
  GCancellable      *list_cancellable;
  guint              debounce_source;
  gboolean           busy;
  guint              in_flight;
  gboolean           bucket_user_set;
  gssize             n_events;
  char              *summary;

  AdwComboRow       *series_row;
  GtkStringList     *series_model;
  GtkSpinButton     *bucket_spin;
  AdwComboRow       *kind_row;
  AdwActionRow      *k_row;
  GtkSpinButton     *k_spin;
  AdwActionRow      *window_row;
  GtkSpinButton     *window_spin;
  AdwEntryRow       *expression_row;
  GtkLabel          *expression_error;
  AdwActionRow      *loss_row;
  GtkSpinButton     *loss_spin;
  AdwActionRow      *tolerance_row;
  GtkSpinButton     *tolerance_spin;
  GtkSpinButton     *horizon_spin;
  GtkLabel          *summary_label;
  GtkSpinner        *spinner;
  GtkLabel          *description_label;
  GtkListBox        *warning_list;
  GtkLabel          *warning_body;
  GtkStack          *chart_stack;
  AdwStatusPage     *empty_page;
  GtkDrawingArea    *chart_area;
};

G_DEFINE_FINAL_TYPE (FlLabelPage, fl_label_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SUMMARY,
  PROP_BUSY,
  N_PROPS
};

enum {
  USE_IN_EXPERIMENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One loaded series at one bucket width, shared by the page and workers. */
typedef struct
{
  gint64        series_id;
  guint         bucket_s;
  char         *label;
  FlSeriesData *data;
  FlTable      *table;
  GStrv         features;   /* default recipe feature names */
  double        native_step_s;
} SeriesCache;

typedef struct
{
  char        *project_path;
  gint64       series_id;
  char        *series_label;
  guint        bucket_s;
  guint        width;
  FlLabelSpec  spec;
  gpointer     cache;
} LabelData;

typedef struct
{
  gpointer    cache;
  FlRttChart *chart;
  gsize       n_events;
  gsize       n_positive;
  gsize       n_defined;
  GStrv       overlap;      /* label inputs that are features */
  char       *description;
} LabelResult;

static void start_labelling   (FlLabelPage *self);
static void bucket_changed_cb (FlLabelPage *self);

static void
series_cache_clear (gpointer data)
{
  SeriesCache *c = data;

  g_clear_pointer (&c->label, g_free);
  g_clear_pointer (&c->data, fl_series_data_free);
  g_clear_pointer (&c->table, fl_table_free);
  g_clear_pointer (&c->features, g_strfreev);
}

static void
series_cache_release (gpointer cache)
{
  g_atomic_rc_box_release_full (cache, series_cache_clear);
}

static void
label_data_free (gpointer data)
{
  LabelData *d = data;

  g_free (d->project_path);
  g_free (d->series_label);
  fl_label_spec_clear (&d->spec);
  g_clear_pointer (&d->cache, series_cache_release);
  g_free (d);
}

static void
label_result_free (gpointer data)
{
  LabelResult *r = data;

  g_clear_pointer (&r->cache, series_cache_release);
  g_clear_pointer (&r->chart, fl_rtt_chart_free);
  g_clear_pointer (&r->overlap, g_strfreev);
  g_free (r->description);
  g_free (r);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static SeriesCache *
load_cache (const LabelData *data,
            GError         **error)
{
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree double *X = NULL;
  FlRecipeSpec recipes;
  SeriesCache *cache;
  FlSeriesData *series;
  FlTable *table;

  project = fl_project_open (data->project_path, FALSE, error);
  if (project == NULL)
    return NULL;
  series = fl_project_load_series (project, data->series_id, error);
  if (series == NULL)
    return NULL;
  /* Every preview re-decimates the cached series: index it once. */
  fl_series_data_build_index (series);
  table = fl_table_from_rtt_series (series, data->bucket_s, error);
  if (table == NULL)
    {
      fl_series_data_free (series);
      return NULL;
    }

  cache = g_atomic_rc_box_new0 (SeriesCache);
  cache->series_id = data->series_id;
  cache->bucket_s = data->bucket_s;
  cache->label = g_strdup (data->series_label);
  cache->data = series;
  cache->table = table;

  /* The median interval between samples: the series' own step. */
  if (series->n > 1)
    {
      g_autofree double *gaps = g_new (double, series->n - 1);
      gsize n_gaps = 0;

      for (gsize i = 1; i < series->n; i++)
        if (series->ts_s[i] > series->ts_s[i - 1])
          gaps[n_gaps++] = series->ts_s[i] - series->ts_s[i - 1];
      if (n_gaps > 0)
        {
          qsort (gaps, n_gaps, sizeof *gaps, compare_double);
          cache->native_step_s = gaps[n_gaps / 2];
        }
    }

  /* The features an experiment with the default recipes would use. */
  fl_recipe_spec_init_default (&recipes);
  if (fl_recipes_compute (table, &recipes, NULL, &names, &X, NULL))
    {
      GStrvBuilder *b = g_strv_builder_new ();

      for (guint i = 0; i < names->len; i++)
        g_strv_builder_add (b, g_ptr_array_index (names, i));
      cache->features = g_strv_builder_end (b);
      g_strv_builder_unref (b);
    }
  fl_recipe_spec_clear (&recipes);

  return cache;
}

static void
label_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LabelData *data = task_data;
  g_autoptr(FlLabels) labels = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GStrvBuilder) overlap = g_strv_builder_new ();
  SeriesCache *cache;
  LabelResult *result;
  GError *error = NULL;
  gsize n_defined = 0;
  double step;

  if (data->cache == NULL)
    {
      data->cache = load_cache (data, &error);
      if (data->cache == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  cache = data->cache;
  labels = fl_labels_compute (cache->table, &data->spec, &error);
  if (labels == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Runs of positive labels become shaded time ranges. */
  step = cache->table->step_s > 0 ? cache->table->step_s : data->bucket_s;
  for (gsize i = 0; i < labels->n; i++)
    {
      if (labels->label[i] >= 0)
        n_defined++;
      if (labels->label[i] == 1)
        {
          double start = cache->table->ts_s[i];
          double end;
          gsize j = i;

          while (j + 1 < labels->n && labels->label[j + 1] == 1)
            j++;
          end = cache->table->ts_s[j] + step;
          g_array_append_val (starts, start);
          g_array_append_val (ends, end);
          n_defined += j - i;
          i = j;
        }
    }

  for (guint i = 0; labels->inputs != NULL && labels->inputs[i] != NULL; i++)
    if (cache->features != NULL &&
        g_strv_contains ((const char * const *) cache->features, labels->inputs[i]))
      g_strv_builder_add (overlap, labels->inputs[i]);

  result = g_new0 (LabelResult, 1);
  result->cache = g_atomic_rc_box_acquire (cache);
  result->chart = fl_rtt_chart_prepare (cache->data, cache->label, MAX (data->width, 200));
  fl_rtt_chart_set_shade (result->chart, (double *) (gpointer) starts->data,
                          (double *) (gpointer) ends->data, starts->len);
  result->n_events = labels->n_events;
  result->n_positive = labels->n_positive;
  result->n_defined = n_defined;
  result->overlap = g_strv_builder_end (overlap);
  result->description = fl_label_spec_describe (&data->spec);

  g_task_return_pointer (task, result, label_result_free);
}

static void
set_busy (FlLabelPage *self,
          gboolean     busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
set_summary (FlLabelPage *self,
             const char  *summary,
             gssize       n_events)
{
  self->n_events = n_events;
  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
  if (g_strcmp0 (summary, self->summary) == 0)
    return;
  g_free (self->summary);
  self->summary = g_strdup (summary);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

static void
update_accessible (FlLabelPage *self)
{
  g_autofree char *chart = self->chart != NULL ? fl_rtt_chart_describe (self->chart) : NULL;
  g_autofree char *text = NULL;

  text = g_strdup_printf ("%s. %s", chart != NULL ? chart : _("RTT chart"),
                          self->summary != NULL ? self->summary : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
label_done_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  FlLabelPage *self = FL_LABEL_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  LabelResult *result;
  g_autofree char *summary = NULL;
  double share;

  result = g_task_propagate_pointer (task, &error);
  self->in_flight--;

  /* A newer request replaced this one, or the page went away. */
  if (!fl_task_is_current (task, self->cancellable))
    {
      g_clear_pointer (&result, label_result_free);
      if (self->in_flight == 0 && self->debounce_source == 0 && self->cancellable == NULL)
        set_busy (self, FALSE);
      return;
    }
  set_busy (self, self->in_flight > 0);

  if (result == NULL)
    {
      set_summary (self, _("No labels"), -1);
      gtk_label_set_text (self->description_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_list), FALSE);
      return;
    }

  if (result->cache != self->cache)
    {
      SeriesCache *cache = result->cache;
      gboolean new_series = self->cache == NULL ||
                            ((SeriesCache *) self->cache)->series_id != cache->series_id;

      g_clear_pointer (&self->cache, series_cache_release);
      self->cache = g_steal_pointer (&result->cache);

      /* Label a sparser series at its own step (e.g. 240 s for RIPE Atlas
       * built-ins) unless the user chose a width: emptier buckets than
       * samples only add undefined rows. */
      if (new_series && !self->bucket_user_set &&
          cache->native_step_s > fl_label_page_get_bucket_s (self) + 0.5 &&
          cache->native_step_s <= 86400)
        {
          g_signal_handlers_block_by_func (self->bucket_spin, bucket_changed_cb, self);
          gtk_spin_button_set_value (self->bucket_spin, round (cache->native_step_s));
          g_signal_handlers_unblock_by_func (self->bucket_spin, bucket_changed_cb, self);
          label_result_free (result);
          start_labelling (self);
          return;
        }
    }
  g_clear_pointer (&self->chart, fl_rtt_chart_free);
  self->chart = g_steal_pointer (&result->chart);

  share = result->n_defined > 0 ? 100.0 * result->n_positive / result->n_defined : 0.0;
  /* Translators: "37 events, 1.2 % of buckets" */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu event, %.1f %% of buckets",
                                          "%zu events, %.1f %% of buckets", result->n_events),
                             result->n_events, share);
  set_summary (self, summary, (gssize) result->n_events);
  gtk_label_set_text (self->description_label, result->description);

  if (result->overlap != NULL && result->overlap[0] != NULL)
    {
      g_autofree char *columns = g_strjoinv (", ", result->overlap);
      g_autofree char *text =
        g_strdup_printf (_("The rule reads %s, which the default features also give the model. "
                           "At horizon 0 it can recompute the label; at longer horizons it can "
                           "still learn persistence rather than anticipate degradation."),
                         columns);

      gtk_label_set_text (self->warning_body, text);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_list), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->warning_list), FALSE);

  label_result_free (result);

  update_accessible (self);
  gtk_stack_set_visible_child_name (self->chart_stack, "chart");
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static const FlSeriesInfo *
selected_series (FlLabelPage *self)
{
  guint index = adw_combo_row_get_selected (self->series_row);

  if (self->series == NULL || index >= self->series->len)
    return NULL;
  return g_ptr_array_index (self->series, index);
}

static gboolean
expression_valid (FlLabelPage *self)
{
  g_autoptr(FlExpr) expr = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *columns = rtt_columns;
  gsize n_columns = G_N_ELEMENTS (rtt_columns);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->expression_row));
  SeriesCache *cache = self->cache;

  if (cache != NULL)
    {
      columns = (const char * const *) cache->table->names;
      n_columns = cache->table->n_columns;
    }

  expr = fl_expr_parse (text, columns, n_columns, &error);
  if (expr != NULL && !fl_expr_is_boolean (expr))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The rule must be a comparison, e.g. loss_pct > 20"));
      g_clear_pointer (&expr, fl_expr_free);
    }

  if (expr == NULL)
    {
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;
      GStrvBuilder *b = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      for (gsize i = 0; i < n_columns; i++)
        g_strv_builder_add (b, columns[i]);
      list = g_strv_builder_end (b);
      g_strv_builder_unref (b);
      names = g_strjoinv (", ", list);
      message = g_strdup_printf ("%s\n%s %s", error->message, _("Columns:"), names);

      gtk_label_set_text (self->expression_error, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->expression_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->expression_row), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->expression_error), expr == NULL);
  return expr != NULL;
}

static void
start_labelling (FlLabelPage *self)
{
  g_autoptr(GTask) task = NULL;
  const FlSeriesInfo *info = selected_series (self);
  SeriesCache *cache = self->cache;
  LabelData *data;
  int width;

  g_clear_handle_id (&self->debounce_source, g_source_remove);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->project == NULL || info == NULL)
    {
      set_busy (self, self->in_flight > 0);
      return;
    }

  data = g_new0 (LabelData, 1);
  fl_label_page_get_spec (self, &data->spec);
  if (data->spec.kind == FL_LABEL_RULE && !expression_valid (self))
    {
      label_data_free (data);
      set_busy (self, self->in_flight > 0);
      set_summary (self, _("Fix the rule expression"), -1);
      return;
    }

  self->cancellable = g_cancellable_new ();
  width = gtk_widget_get_width (GTK_WIDGET (self->chart_area));
  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->series_id = info->id;
  data->series_label = g_strdup (info->label);
  data->bucket_s = fl_label_page_get_bucket_s (self);
  data->width = (guint) MAX (width, 600);
  if (cache != NULL && cache->series_id == info->id && cache->bucket_s == data->bucket_s)
    data->cache = g_atomic_rc_box_acquire (cache);

  set_busy (self, TRUE);
  self->in_flight++;
  task = g_task_new (self, self->cancellable, label_done_cb, NULL);
  g_task_set_source_tag (task, start_labelling);
  g_task_set_task_data (task, data, label_data_free);
  g_task_run_in_thread (task, label_worker);
}

static gboolean
debounce_cb (gpointer user_data)
{
  FlLabelPage *self = FL_LABEL_PAGE (user_data);

  self->debounce_source = 0;
  start_labelling (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_update (FlLabelPage *self)
{
  g_clear_handle_id (&self->debounce_source, g_source_remove);
  if (self->project == NULL)
    return;
  set_busy (self, TRUE);
  self->debounce_source = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
}

static void
update_rows (FlLabelPage *self)
{
  FlLabelKind kind = kinds[MIN (adw_combo_row_get_selected (self->kind_row),
                                G_N_ELEMENTS (kinds) - 1)];

  gtk_widget_set_visible (GTK_WIDGET (self->k_row), kind == FL_LABEL_ZSCORE);
  gtk_widget_set_visible (GTK_WIDGET (self->window_row), kind == FL_LABEL_ZSCORE);
  gtk_widget_set_visible (GTK_WIDGET (self->expression_row), kind == FL_LABEL_RULE);
  gtk_widget_set_visible (GTK_WIDGET (self->loss_row), kind == FL_LABEL_LOSS);
  gtk_widget_set_visible (GTK_WIDGET (self->tolerance_row), kind == FL_LABEL_CHANGEPOINT);
  if (kind == FL_LABEL_RULE)
    expression_valid (self);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->expression_error), FALSE);
}

static void
form_changed_cb (FlLabelPage *self)
{
  update_rows (self);
  schedule_update (self);
}

static void
series_changed_cb (FlLabelPage *self)
{
  schedule_update (self);
}

static void
bucket_changed_cb (FlLabelPage *self)
{
  self->bucket_user_set = TRUE;
  form_changed_cb (self);
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  FlLabelPage *self = FL_LABEL_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  FlChartStyle style;
  GdkRGBA fg;

  if (self->chart == NULL)
    return;

  fl_chart_style_init (&style, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  style.foreground[0] = fg.red;
  style.foreground[1] = fg.green;
  style.foreground[2] = fg.blue;

  if (!fl_rtt_chart_draw (self->chart, cr, width, height, &style, &error))
    {
      adw_status_page_set_title (self->empty_page, _("Charts Are Unavailable"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->chart_stack, "empty");
    }
}

/**
 * fl_label_page_get_spec:
 * @self: a #FlLabelPage
 * @spec: (out caller-allocates): the label rule of the form; clear it with
 *   fl_label_spec_clear()
 *
 * Reads the form into @spec, starting from fl_label_spec_init_default().
 * Window, tolerance and horizon are in buckets of
 * fl_label_page_get_bucket_s() seconds.
 */
void
fl_label_page_get_spec (FlLabelPage *self,
                        FlLabelSpec *spec)
{
  guint index;

  g_return_if_fail (FL_IS_LABEL_PAGE (self));
  g_return_if_fail (spec != NULL);

  fl_label_spec_init_default (spec);
  index = MIN (adw_combo_row_get_selected (self->kind_row), G_N_ELEMENTS (kinds) - 1);
  spec->kind = kinds[index];
  spec->k_sigma = gtk_spin_button_get_value (self->k_spin);
  spec->window_rows = (guint) gtk_spin_button_get_value_as_int (self->window_spin);
  spec->loss_pct = gtk_spin_button_get_value (self->loss_spin);
  spec->tolerance_rows = (guint) gtk_spin_button_get_value_as_int (self->tolerance_spin);
  spec->horizon = (guint) gtk_spin_button_get_value_as_int (self->horizon_spin);
  if (spec->kind == FL_LABEL_RULE)
    spec->expression = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->expression_row)));
  if (spec->kind == FL_LABEL_CHANGEPOINT)
    spec->column = g_strdup ("changepoint");
}

/**
 * fl_label_page_set_spec:
 * @self: a #FlLabelPage
 * @spec: a label rule
 *
 * Shows @spec in the form (and relabels the series). A column label is
 * shown as a change-point label when it reads the `changepoint` column.
 */
void
fl_label_page_set_spec (FlLabelPage       *self,
                        const FlLabelSpec *spec)
{
  g_return_if_fail (FL_IS_LABEL_PAGE (self));
  g_return_if_fail (spec != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == spec->kind)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_spin_button_set_value (self->k_spin, spec->k_sigma);
  gtk_spin_button_set_value (self->window_spin, spec->window_rows);
  gtk_spin_button_set_value (self->loss_spin, spec->loss_pct);
  gtk_spin_button_set_value (self->tolerance_spin, spec->tolerance_rows);
  gtk_spin_button_set_value (self->horizon_spin, spec->horizon);
  if (spec->expression != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->expression_row), spec->expression);
  update_rows (self);
  schedule_update (self);
}

/**
 * fl_label_page_get_bucket_s:
 * @self: a #FlLabelPage
 *
 * Returns: the bucket width the series is labelled at, in s
 */
guint
fl_label_page_get_bucket_s (FlLabelPage *self)
{
  g_return_val_if_fail (FL_IS_LABEL_PAGE (self), 60);

  return (guint) gtk_spin_button_get_value_as_int (self->bucket_spin);
}

/**
 * fl_label_page_get_series_key:
 * @self: a #FlLabelPage
 *
 * Returns: (transfer none) (nullable): the key of the shown series
 */
const char *
fl_label_page_get_series_key (FlLabelPage *self)
{
  const FlSeriesInfo *info;

  g_return_val_if_fail (FL_IS_LABEL_PAGE (self), NULL);

  info = selected_series (self);
  return info != NULL ? info->key : NULL;
}

/**
 * fl_label_page_select_series:
 * @self: a #FlLabelPage
 * @key: a series key, e.g. `trace:11119`
 *
 * Shows the series @key.
 *
 * Returns: %TRUE if the project has an RTT series @key
 */
gboolean
fl_label_page_select_series (FlLabelPage *self,
                             const char  *key)
{
  g_return_val_if_fail (FL_IS_LABEL_PAGE (self), FALSE);

  for (guint i = 0; self->series != NULL && i < self->series->len; i++)
    if (g_strcmp0 (((FlSeriesInfo *) g_ptr_array_index (self->series, i))->key, key) == 0)
      {
        adw_combo_row_set_selected (self->series_row, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_label_page_get_summary:
 * @self: a #FlLabelPage
 *
 * Returns: (transfer none) (nullable): the summary of the latest labelling,
 *   e.g. "37 events, 1.2 % of buckets"
 */
const char *
fl_label_page_get_summary (FlLabelPage *self)
{
  g_return_val_if_fail (FL_IS_LABEL_PAGE (self), NULL);

  return self->summary;
}

/**
 * fl_label_page_get_n_events:
 * @self: a #FlLabelPage
 *
 * Returns: events flagged by the latest labelling, or -1 when there is none
 */
gssize
fl_label_page_get_n_events (FlLabelPage *self)
{
  g_return_val_if_fail (FL_IS_LABEL_PAGE (self), -1);

  return self->n_events;
}

/**
 * fl_label_page_get_busy:
 * @self: a #FlLabelPage
 *
 * Returns: whether the series are being listed or a relabelling is
 *   pending or running
 */
gboolean
fl_label_page_get_busy (FlLabelPage *self)
{
  g_return_val_if_fail (FL_IS_LABEL_PAGE (self), FALSE);

  return self->busy || self->list_cancellable != NULL;
}

/**
 * fl_label_page_reload:
 * @self: a #FlLabelPage
 *
 * Lists the RTT series of the project again (KPI tables are labelled
 * through their own columns in the experiment config).
 */
static void apply_series (FlLabelPage *self,
                          GPtrArray   *all);

static void
list_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  FlLabelPage *self = FL_LABEL_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  all = fl_project_list_series_finish (res, &error);
  if (!fl_task_is_current (task, self->list_cancellable))
    return;
  g_clear_object (&self->list_cancellable);
  if (all == NULL)
    g_warning ("Could not list series: %s", error->message);
  apply_series (self, all);
}

void
fl_label_page_reload (FlLabelPage *self)
{
  g_return_if_fail (FL_IS_LABEL_PAGE (self));

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->project == NULL)
    {
      apply_series (self, NULL);
      return;
    }

  /* Listing reads every series' counts: a worker, not the main loop. */
  self->list_cancellable = g_cancellable_new ();
  fl_project_list_series_async (fl_project_get_path (self->project), self,
                                self->list_cancellable, list_done_cb, NULL);
}

static void
apply_series (FlLabelPage *self,
              GPtrArray   *all)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *selected_key = g_strdup (fl_label_page_get_series_key (self));
  GPtrArray *series = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_series_info_free);
  guint selected = 0;

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      FlSeriesInfo *info = g_ptr_array_index (all, i);

      if (g_str_has_prefix (info->key, "kpi:"))
        continue;
      if (g_strcmp0 (info->key, selected_key) == 0)
        selected = series->len;
      g_ptr_array_add (labels, g_strdup (info->label));
      g_ptr_array_add (series, g_ptr_array_steal_index (all, i));
      i--;
    }
  g_ptr_array_add (labels, NULL);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  self->series = series;

  g_signal_handlers_block_by_func (self->series_row, series_changed_cb, self);
  gtk_string_list_splice (self->series_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->series_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->series_row, selected);
  g_signal_handlers_unblock_by_func (self->series_row, series_changed_cb, self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.use", series->len > 0);
  if (series->len == 0)
    {
      g_clear_pointer (&self->chart, fl_rtt_chart_free);
      set_summary (self, NULL, -1);
      gtk_label_set_text (self->description_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->warning_list), FALSE);
      gtk_stack_set_visible_child_name (self->chart_stack, "empty");
    }
  schedule_update (self);
}

/**
 * fl_label_page_set_project:
 * @self: a #FlLabelPage
 * @project: (nullable): the open project
 *
 * Labels the series of @project.
 */
void
fl_label_page_set_project (FlLabelPage *self,
                           FlProject   *project)
{
  g_return_if_fail (FL_IS_LABEL_PAGE (self));

  if (self->project == project)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cache, series_cache_release);
  g_set_object (&self->project, project);
  fl_label_page_reload (self);
}

static void
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FlLabelPage *self = FL_LABEL_PAGE (widget);
  FlLabelSpec spec;
  gboolean valid;

  fl_label_page_get_spec (self, &spec);
  valid = spec.kind != FL_LABEL_RULE || expression_valid (self);
  fl_label_spec_clear (&spec);
  if (valid)
    g_signal_emit (self, signals[USE_IN_EXPERIMENT], 0);
}

static void
dark_changed_cb (FlLabelPage *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
fl_label_page_dispose (GObject *object)
{
  FlLabelPage *self = (FlLabelPage *) object;

  g_clear_handle_id (&self->debounce_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->project);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->cache, series_cache_release);
  g_clear_pointer (&self->chart, fl_rtt_chart_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_LABEL_PAGE);

  G_OBJECT_CLASS (fl_label_page_parent_class)->dispose (object);
}

static void
fl_label_page_finalize (GObject *object)
{
  FlLabelPage *self = (FlLabelPage *) object;

  g_free (self->summary);

  G_OBJECT_CLASS (fl_label_page_parent_class)->finalize (object);
}

static void
fl_label_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlLabelPage *self = FL_LABEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_label_page_class_init (FlLabelPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_label_page_dispose;
  object_class->finalize = fl_label_page_finalize;
  object_class->get_property = fl_label_page_get_property;

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlLabelPage::use-in-experiment:
   *
   * Emitted when the user wants the experiment to use this label rule.
   */
  signals[USE_IN_EXPERIMENT] = g_signal_new ("use-in-experiment", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-label-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, series_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, series_model);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, bucket_spin);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, k_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, k_spin);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, window_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, window_spin);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, expression_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, expression_error);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, loss_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, loss_spin);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, tolerance_row);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, tolerance_spin);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, warning_list);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, warning_body);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlLabelPage, chart_area);

  gtk_widget_class_install_action (widget_class, "label.use", NULL, use_action);
}

static void
fl_label_page_init (FlLabelPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->n_events = -1;
  gtk_drawing_area_set_draw_func (self->chart_area, draw_chart_cb, self, NULL);

  g_signal_connect_swapped (self->series_row, "notify::selected",
                            G_CALLBACK (series_changed_cb), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->bucket_spin, "value-changed",
                            G_CALLBACK (bucket_changed_cb), self);
  g_signal_connect_swapped (self->k_spin, "value-changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->window_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->loss_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->tolerance_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->horizon_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->expression_row, "changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("RTT chart"), -1);
  update_rows (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.use", FALSE);
}
