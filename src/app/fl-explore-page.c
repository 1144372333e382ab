/* fl-explore-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fl-chart-shade.h"
#include "fl-error.h"
#include "fl-explore-page.h"
#include "fl-job.h"
#include "fl-rtt-chart.h"
#include "fl-run-store.h"

/* Zoom step of the buttons and keys, and of one scroll-wheel notch. */
#define ZOOM_STEP        1.5
#define SCROLL_ZOOM_STEP 1.2
/* Share of the window that one arrow key press pans. */
#define PAN_STEP         0.1
/* Exported charts: size in points (PNG: pixels at 2×). */
#define EXPORT_WIDTH     1200
#define EXPORT_HEIGHT    560
/* Buckets around a highlighted bucket when jumping to it. */
#define JUMP_BUCKETS     60

/**
 * FlExplorePage:
 *
 * The Explore page: SmokePing / LatencyMON-style RTT charts of one series
 * (a min–max or percentile band, median, lost packets), with other series compared as
 * median lines, absolute or relative to each series' baseline, the buckets
 * a run labelled positive and its model's alarms, and the buckets behind a
 * confusion-matrix cell highlighted. Zoom and pan with the mouse (scroll,
 * drag) and the keyboard (+, −, arrows, Home); a read-out follows the
 * pointer; the chart exports to PNG, SVG or PDF.
 *
 * Loading (SQLite) runs in worker threads. Decimation to pixel columns and
 * drawing (PLplot) run on the main thread, only when the window, size,
 * data or theme changes: the chart is rendered once into a cached surface,
 * so that hovering only paints that surface and a cursor line.
 */
struct _FlExplorePage
{
  AdwBin                parent_instance;

  FlProject            *project;
  GPtrArray            *series;          /* FlSeriesInfo */
  GHashTable           *cache;           /* gint64* id → SeriesRef */
  gint64                main_id;         /* -1: none */
  GArray               *compare_ids;     /* gint64 */
  gboolean              relative;
  guint                 band;            /* index into bands[] */
  double                view_lo;         /* NaN: the whole series */
  double                view_hi;

  /* Run overlay: labelled positives, alarms and the highlighted cell. */
  GPtrArray            *run_arms;        /* RunArm */
  FlStoredPredictions  *predictions;
  gint64                pred_run;
  guint                 pred_arm;
  double                threshold;
  int                   hl_actual;       /* -1: no highlight */
  int                   hl_predicted;
  gboolean              pending_cell;    /* highlight waiting for predictions */
  gint64                pending_run;
  guint                 pending_arm;
  double                pending_threshold;
  GArray               *ev_start, *ev_end;
  GArray               *al_start, *al_end;
  GArray               *hl_start, *hl_end;
  GArray               *hl_times;        /* bucket starts, ascending */
  double                bucket_s;
  guint                 n_series_rows;   /* predictions on the main series */
  GHashTable           *cell_counts;     /* gint64* series id → buckets in the cell */
  guint                 cell_total;      /* buckets in the cell, all series */
  int                   hl_cursor;

  FlRttChart           *chart;
  int                   chart_width;
  gboolean              dirty;
  gboolean              labels_stale;
  guint                 refresh_source;
  cairo_surface_t      *surface;
  int                   surface_width;
  int                   surface_height;
  int                   surface_scale;
  gboolean              surface_dark;
  double                hover_x;
  int                   hover_column;
  double                drag_lo;
  double                drag_hi;

  char                 *summary;
  GCancellable         *cancellable;
  GCancellable         *run_cancellable;
  GCancellable         *list_cancellable;
  GtkFileChooserNative *export_chooser;
  GPtrArray            *compare_checks;  /* GtkCheckButton, parallel to series */

  GtkStack             *stack;
  GtkDropDown          *series_dropdown;
  GtkStringList        *series_model;
  GtkMenuButton        *compare_button;
  GtkListBox           *compare_list;
  GtkToggleButton      *relative_button;
  GtkDropDown          *band_dropdown;
  GtkDropDown          *run_dropdown;
  GtkStringList        *run_model;
  GtkButton            *export_button;
  GtkRevealer          *highlight_revealer;
  GtkLabel             *highlight_label;
  GtkButton            *previous_button;
  GtkButton            *next_button;
  GtkDrawingArea       *chart_area;
  GtkSpinner           *spinner;
  GtkLabel             *readout_label;
  GtkLabel             *summary_label;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (FlExplorePage, fl_explore_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_BAND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The bands the "Band" drop-down offers, in its order: the "band" property's
 * ids (and the GSettings key explore-band), and the quantile q of a band
 * from q to 1 − q (0: min–max; see fl_rtt_chart_prepare_band()). */
static const struct
{
  const char *id;
  double      quantile;
} bands[] = {
  { "min-max", 0.0 },
  { "p10-p90", 0.10 },
  { "p25-p75", 0.25 },
};

typedef struct
{
  gint64        id;
  char         *label;
  FlSeriesData *data;
  double        baseline_ms;
} SeriesRef;

typedef struct
{
  gint64  run_id;
  guint   arm;
  double  threshold;
  char   *title;
} RunArm;

static void invalidate (FlExplorePage *self);

static void
series_ref_free (gpointer data)
{
  SeriesRef *ref = data;

  fl_series_data_free (ref->data);
  g_free (ref->label);
  g_free (ref);
}

static void
run_arm_free (gpointer data)
{
  RunArm *r = data;

  g_free (r->title);
  g_free (r);
}

static const SeriesRef *
lookup_series (FlExplorePage *self,
               gint64         id)
{
  return g_hash_table_lookup (self->cache, &id);
}

static const FlSeriesInfo *
series_info (FlExplorePage *self,
             gint64         id)
{
  for (guint i = 0; self->series != NULL && i < self->series->len; i++)
    {
      const FlSeriesInfo *info = g_ptr_array_index (self->series, i);

      if (info->id == id)
        return info;
    }

  return NULL;
}

/* ---- loading series ------------------------------------------------------ */

typedef struct
{
  char   *project_path;
  GArray *ids;     /* gint64 */
  GStrv   labels;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *d = data;

  g_free (d->project_path);
  g_array_unref (d->ids);
  g_strfreev (d->labels);
  g_free (d);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (series_ref_free);
  g_autoptr(FlProject) project = NULL;
  GError *error = NULL;

  project = fl_project_open (data->project_path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < data->ids->len; i++)
    {
      gint64 id = g_array_index (data->ids, gint64, i);
      FlSeriesData *series;
      SeriesRef *ref;
      gint64 t0, t1;

      if (g_task_return_error_if_cancelled (task))
        return;
      t0 = g_get_monotonic_time ();
      series = fl_project_load_series (project, id, &error);
      if (series == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      t1 = g_get_monotonic_time ();
      /* Here rather than on the main thread: some 130 ms per 10⁶ samples,
       * after which any zoom level decimates in a few ms. */
      fl_series_data_build_index (series);
      g_debug ("Explore: loaded %" G_GSIZE_FORMAT " samples of series %" G_GINT64_FORMAT
               " in %.1f ms, indexed them in %.1f ms", series->n, id, (double) (t1 - t0) / 1e3,
               (double) (g_get_monotonic_time () - t1) / 1e3);
      ref = g_new0 (SeriesRef, 1);
      ref->id = id;
      ref->data = series;
      ref->label = g_strdup (data->labels[i]);
      ref->baseline_ms = fl_series_data_baseline_ms (series);
      g_ptr_array_add (loaded, ref);
    }

  g_task_return_pointer (task, g_steal_pointer (&loaded), (GDestroyNotify) g_ptr_array_unref);
}

static void
show_error (FlExplorePage *self,
            const char    *title,
            const char    *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;

  loaded = g_task_propagate_pointer (task, &error);

  /* A newer request replaced this one, or the page went away. */
  if (!fl_task_is_current (task, self->cancellable))
    return;

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  if (loaded == NULL)
    {
      show_error (self, _("Could Not Load the Series"), error->message);
      return;
    }

  /* The cache takes the loaded series over. */
  g_ptr_array_set_free_func (loaded, NULL);
  for (guint i = 0; i < loaded->len; i++)
    {
      SeriesRef *ref = g_ptr_array_index (loaded, i);

      g_hash_table_replace (self->cache, g_memdup2 (&ref->id, sizeof ref->id), ref);
    }

  gtk_stack_set_visible_child_name (self->stack, "chart");
  invalidate (self);
}

static gboolean
is_wanted (FlExplorePage *self,
           gint64         id)
{
  if (id == self->main_id)
    return TRUE;
  for (guint i = 0; i < self->compare_ids->len; i++)
    if (g_array_index (self->compare_ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

/* Loads the main and compared series that are not cached yet, and drops the
 * cached series no longer shown. */
static void
ensure_loaded (FlExplorePage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;
  LoadData *data;
  GArray *ids;

  if (self->project == NULL || self->main_id < 0)
    return;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!is_wanted (self, *(gint64 *) key))
      g_hash_table_iter_remove (&iter);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = -1; i < (int) self->compare_ids->len; i++)
    {
      gint64 id = i < 0 ? self->main_id : g_array_index (self->compare_ids, gint64, i);
      const FlSeriesInfo *info = series_info (self, id);

      if (lookup_series (self, id) != NULL || info == NULL)
        continue;
      g_array_append_val (ids, id);
      g_strv_builder_add (labels, info->label);
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (ids->len == 0)
    {
      g_array_unref (ids);
      gtk_spinner_stop (self->spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "chart");
      invalidate (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->ids = ids;
  data->labels = g_strv_builder_end (labels);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, ensure_loaded);
  g_task_set_task_data (task, data, load_data_free);
  g_task_run_in_thread (task, load_worker);
}

/* ---- run overlay ----------------------------------------------------------- */

/* Merges consecutive buckets (gap ≤ 1.5 buckets) into ranges. */
static void
add_bucket (GArray *start,
            GArray *end,
            double  t,
            double  bucket_s)
{
  double t_end = t + bucket_s;

  if (start->len > 0)
    {
      double *last_end = &g_array_index (end, double, end->len - 1);

      if (t - *last_end <= 0.5 * bucket_s)
        {
          *last_end = MAX (*last_end, t_end);
          return;
        }
    }
  g_array_append_val (start, t);
  g_array_append_val (end, t_end);
}

typedef struct
{
  double t;
  float  score;
  guint8 y;
} Row;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *x = a;
  const Row *y = b;

  return (x->t > y->t) - (x->t < y->t);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
in_cell (FlExplorePage *self,
         guint8         y_true,
         float          score)
{
  return self->hl_actual >= 0 &&
         (int) y_true == self->hl_actual &&
         (int) (score >= self->threshold) == self->hl_predicted;
}

/* Recomputes the shaded ranges of the main series from the predictions. */
static void
compute_marks (FlExplorePage *self)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_set_size (self->ev_start, 0);
  g_array_set_size (self->ev_end, 0);
  g_array_set_size (self->al_start, 0);
  g_array_set_size (self->al_end, 0);
  g_array_set_size (self->hl_start, 0);
  g_array_set_size (self->hl_end, 0);
  g_array_set_size (self->hl_times, 0);
  self->n_series_rows = 0;
  self->bucket_s = 60;
  g_hash_table_remove_all (self->cell_counts);
  self->cell_total = 0;

  if (self->predictions == NULL)
    return;

  /* The highlighted cell's buckets per series, for the banner and for
   * choosing the series to show. */
  for (gsize i = 0; self->hl_actual >= 0 && i < self->predictions->n; i++)
    if (in_cell (self, self->predictions->y_true[i], self->predictions->score[i]))
      {
        gint64 id = self->predictions->series_id[i];
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->cell_counts, &id));

        g_hash_table_replace (self->cell_counts, g_memdup2 (&id, sizeof id),
                              GUINT_TO_POINTER (n + 1));
        self->cell_total++;
      }

  for (gsize i = 0; i < self->predictions->n; i++)
    if (self->predictions->series_id[i] == self->main_id)
      {
        Row r = { self->predictions->ts_s[i], self->predictions->score[i],
                  self->predictions->y_true[i] };

        g_array_append_val (rows, r);
      }
  self->n_series_rows = rows->len;
  if (rows->len == 0)
    return;
  g_array_sort (rows, compare_rows);

  /* The bucket width: the most common step, taken as the median gap. */
  for (guint i = 1; i < rows->len; i++)
    {
      double gap = g_array_index (rows, Row, i).t - g_array_index (rows, Row, i - 1).t;

      if (gap > 0)
        g_array_append_val (gaps, gap);
    }
  if (gaps->len > 0)
    {
      g_array_sort (gaps, compare_doubles);
      self->bucket_s = g_array_index (gaps, double, gaps->len / 2);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);

      if (r->y)
        add_bucket (self->ev_start, self->ev_end, r->t, self->bucket_s);
      if (r->score >= self->threshold)
        add_bucket (self->al_start, self->al_end, r->t, self->bucket_s);
      if (in_cell (self, r->y, r->score))
        {
          add_bucket (self->hl_start, self->hl_end, r->t, self->bucket_s);
          g_array_append_val (self->hl_times, r->t);
        }
    }
}

static const char *
cell_name (int actual,
           int predicted,
           guint n)
{
  if (actual == 0)
    return predicted == 0 ? g_dngettext (GETTEXT_PACKAGE, "true negative", "true negatives", n)
                          : g_dngettext (GETTEXT_PACKAGE, "false positive", "false positives", n);
  return predicted == 0 ? g_dngettext (GETTEXT_PACKAGE, "false negative", "false negatives", n)
                        : g_dngettext (GETTEXT_PACKAGE, "true positive", "true positives", n);
}

static const RunArm *
current_run_arm (FlExplorePage *self)
{
  guint index = gtk_drop_down_get_selected (self->run_dropdown);

  if (self->run_arms == NULL || index == 0 || index == GTK_INVALID_LIST_POSITION ||
      index > self->run_arms->len)
    return NULL;

  return g_ptr_array_index (self->run_arms, index - 1);
}

/* Whether any of the series ids in @ids (a set) is listed on the page. */
static gboolean
any_listed (FlExplorePage *self,
            GHashTable    *ids)
{
  for (guint i = 0; self->series != NULL && i < self->series->len; i++)
    {
      gint64 id = ((FlSeriesInfo *) g_ptr_array_index (self->series, i))->id;

      if (g_hash_table_contains (ids, &id))
        return TRUE;
    }

  return FALSE;
}

static void
update_highlight_bar (FlExplorePage *self)
{
  g_autofree char *text = NULL;
  const RunArm *ra = current_run_arm (self);
  guint total = self->cell_total;
  guint here = self->hl_times->len;
  guint others = g_hash_table_size (self->cell_counts) -
                 (g_hash_table_contains (self->cell_counts, &self->main_id) ? 1 : 0);

  if (self->hl_actual < 0 || self->predictions == NULL || ra == NULL)
    {
      gtk_revealer_set_reveal_child (self->highlight_revealer, FALSE);
      return;
    }

  if (self->n_series_rows == 0 && total > 0 && !any_listed (self, self->cell_counts))
    /* Translators: "The 23 false negatives of Run 4 · xgboost are on a KPI table, which Explore does not draw." */
    text = g_strdup_printf (_("The %u %s of %s are on a KPI table, which Explore does not draw."),
                            total, cell_name (self->hl_actual, self->hl_predicted, total),
                            ra->title);
  else if (self->n_series_rows == 0)
    /* Translators: "Run 4 made no predictions for this series; its 23 false negatives are on 2 other series." */
    text = g_strdup_printf (_("%s made no predictions for this series; its %u %s are on %u other series."),
                            ra->title, total,
                            cell_name (self->hl_actual, self->hl_predicted, total),
                            others);
  else if (total == here)
    /* Translators: "12 false negatives of Run 4 · xgboost at threshold 0.42, in purple" */
    text = g_strdup_printf (_("%u %s of %s at threshold %.2f, marked in purple."),
                            here, cell_name (self->hl_actual, self->hl_predicted, here),
                            ra->title, self->threshold);
  else
    /* Translators: "12 false negatives of Run 4 · xgboost at threshold 0.42 on this series, marked in purple; 11 more on 2 other series." */
    text = g_strdup_printf (_("%u %s of %s at threshold %.2f on this series, marked in purple; "
                              "%u more on %u other series."),
                            here, cell_name (self->hl_actual, self->hl_predicted, here),
                            ra->title, self->threshold, total - here,
                            others);

  gtk_label_set_text (self->highlight_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->highlight_label), text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), here > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), here > 0);
  gtk_revealer_set_reveal_child (self->highlight_revealer, TRUE);
}

/* After predictions arrive for a highlighted cell: if the main series has
 * none of its buckets, show the series with the most. */
static gboolean
switch_to_best_series (FlExplorePage *self)
{
  guint best = G_MAXUINT;
  guint best_n = 0;

  if (self->hl_times->len > 0 || self->predictions == NULL)
    return FALSE;

  for (guint i = 0; self->series != NULL && i < self->series->len; i++)
    {
      gint64 id = ((FlSeriesInfo *) g_ptr_array_index (self->series, i))->id;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->cell_counts, &id));

      if (n > best_n)
        {
          best_n = n;
          best = i;
        }
    }
  if (best == G_MAXUINT)
    return FALSE;

  gtk_drop_down_set_selected (self->series_dropdown, best);
  return TRUE;
}

typedef struct
{
  char   *project_path;
  gint64  run_id;
  guint   arm;
} PredictionsData;

static void
predictions_data_free (gpointer data)
{
  PredictionsData *d = data;

  g_free (d->project_path);
  g_free (d);
}

static void
predictions_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PredictionsData *data = task_data;
  g_autoptr(FlProject) project = NULL;
  FlStoredPredictions *p;
  GError *error = NULL;

  project = fl_project_open (data->project_path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  p = fl_project_load_predictions (project, data->run_id, data->arm, &error);
  if (p == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, p, (GDestroyNotify) fl_stored_predictions_free);
}

static void
predictions_done_cb (GObject      *object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  FlStoredPredictions *p;

  p = g_task_propagate_pointer (task, &error);
  if (!fl_task_is_current (task, self->run_cancellable))
    {
      g_clear_pointer (&p, fl_stored_predictions_free);
      return;
    }

  if (p == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the run’s predictions: %s"),
                                               error->message);

      gtk_label_set_text (self->highlight_label, text);
      gtk_revealer_set_reveal_child (self->highlight_revealer, TRUE);
      return;
    }

  g_clear_pointer (&self->predictions, fl_stored_predictions_free);
  self->predictions = p;
  compute_marks (self);
  g_debug ("Explore: %zu predictions, %u on the series shown, %u highlighted",
           p->n, self->n_series_rows, self->hl_times->len);
  self->hl_cursor = -1;
  if (switch_to_best_series (self))
    return;   /* series_selected_cb recomputes the marks */
  update_highlight_bar (self);
  invalidate (self);
}

static void
load_predictions (FlExplorePage *self)
{
  g_autoptr(GTask) task = NULL;
  const RunArm *ra = current_run_arm (self);
  PredictionsData *data;

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->predictions, fl_stored_predictions_free);
  compute_marks (self);

  if (ra == NULL || self->project == NULL)
    {
      self->hl_actual = self->hl_predicted = -1;
      update_highlight_bar (self);
      invalidate (self);
      return;
    }

  self->pred_run = ra->run_id;
  self->pred_arm = ra->arm;
  self->run_cancellable = g_cancellable_new ();
  data = g_new0 (PredictionsData, 1);
  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->run_id = ra->run_id;
  data->arm = ra->arm;

  task = g_task_new (self, self->run_cancellable, predictions_done_cb, NULL);
  g_task_set_source_tag (task, load_predictions);
  g_task_set_task_data (task, data, predictions_data_free);
  g_task_run_in_thread (task, predictions_worker);
}

static void
run_selected_cb (FlExplorePage *self)
{
  const RunArm *ra = current_run_arm (self);

  if (self->pending_cell && ra != NULL &&
      ra->run_id == self->pending_run && ra->arm == self->pending_arm)
    {
      self->threshold = self->pending_threshold;
      self->pending_cell = FALSE;
    }
  else
    {
      self->hl_actual = self->hl_predicted = -1;
      self->threshold = ra != NULL ? ra->threshold : 0.5;
    }
  load_predictions (self);
}

/* Selects the run overlay entry of @run_id / @arm; FALSE if not listed. */
static gboolean
select_run_arm (FlExplorePage *self,
                gint64         run_id,
                guint          arm)
{
  for (guint i = 0; self->run_arms != NULL && i < self->run_arms->len; i++)
    {
      const RunArm *ra = g_ptr_array_index (self->run_arms, i);

      if (ra->run_id == run_id && ra->arm == arm)
        {
          if (gtk_drop_down_get_selected (self->run_dropdown) == i + 1)
            run_selected_cb (self);
          else
            gtk_drop_down_set_selected (self->run_dropdown, i + 1);
          return TRUE;
        }
    }

  return FALSE;
}

static void
runs_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) arms = g_ptr_array_new_with_free_func (run_arm_free);
  GError *error = NULL;

  project = fl_project_open (path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  runs = fl_project_list_runs (project, &error);
  if (runs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Newest first, as in the run history. */
  for (guint i = runs->len; i-- > 0;)
    {
      const FlRunInfo *info = g_ptr_array_index (runs, i);
      g_autoptr(FlStoredRun) run = NULL;
      g_autoptr(GError) run_error = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (g_strcmp0 (info->status, "done") != 0)
        continue;
      run = fl_project_load_run (project, info->id, &run_error);
      if (run == NULL)
        {
          g_debug ("Skipping run %" G_GINT64_FORMAT ": %s", info->id, run_error->message);
          continue;
        }
      for (guint a = 0; a < run->arms->len; a++)
        {
          const FlStoredArm *arm = g_ptr_array_index (run->arms, a);
          RunArm *ra = g_new0 (RunArm, 1);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run->id);

          ra->run_id = run->id;
          ra->arm = arm->index;
          ra->threshold = isfinite (arm->metrics.threshold) ? arm->metrics.threshold
                        : isfinite (run->threshold) ? run->threshold : 0.5;
          /* Translators: run overlay entry, "Run 4 · xgboost + smote" (the run id
           * comes as a string: xgettext cannot see through G_GINT64_FORMAT) */
          ra->title = g_strdup_printf (_("Run %s · %s"), id, arm->name);
          g_ptr_array_add (arms, ra);
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&arms), (GDestroyNotify) g_ptr_array_unref);
}

static void
runs_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arms = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  gint64 keep_run = -1;
  guint keep_arm = 0;
  guint selected = 0;
  guint n_old;
  const RunArm *current;

  arms = g_task_propagate_pointer (task, &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  if (arms == NULL)
    {
      g_warning ("Could not list the runs: %s", error->message);
      return;
    }

  g_debug ("Explore: %u run arms listed", arms->len);
  current = current_run_arm (self);
  if (self->pending_cell)
    {
      keep_run = self->pending_run;
      keep_arm = self->pending_arm;
    }
  else if (current != NULL)
    {
      keep_run = current->run_id;
      keep_arm = current->arm;
    }

  g_ptr_array_add (titles, (gpointer) _("None"));
  for (guint i = 0; i < arms->len; i++)
    {
      const RunArm *ra = g_ptr_array_index (arms, i);

      g_ptr_array_add (titles, ra->title);
      if (ra->run_id == keep_run && ra->arm == keep_arm)
        selected = i + 1;
    }
  g_ptr_array_add (titles, NULL);

  g_signal_handlers_block_by_func (self->run_dropdown, run_selected_cb, self);
  g_clear_pointer (&self->run_arms, g_ptr_array_unref);
  self->run_arms = g_steal_pointer (&arms);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->run_model));
  gtk_string_list_splice (self->run_model, 0, n_old, (const char * const *) titles->pdata);
  gtk_drop_down_set_selected (self->run_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->run_dropdown, run_selected_cb, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_dropdown), self->run_arms->len > 0);

  if (selected > 0 && (self->pending_cell || self->predictions == NULL))
    run_selected_cb (self);
  else if (selected == 0 && self->predictions != NULL)
    run_selected_cb (self);
}

static void
reload_runs (FlExplorePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->project == NULL)
    return;

  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, runs_done_cb, NULL);
  g_task_set_source_tag (task, reload_runs);
  g_task_set_task_data (task, g_strdup (fl_project_get_path (self->project)), g_free);
  g_task_run_in_thread (task, runs_worker);
}

/* ---- the chart -------------------------------------------------------------- */

static void
full_span (FlExplorePage *self,
           double        *lo,
           double        *hi)
{
  const SeriesRef *main_ref = lookup_series (self, self->main_id);

  *lo = NAN;
  *hi = NAN;
  if (main_ref == NULL || !fl_series_data_time_span (main_ref->data, lo, hi))
    return;
  if (*hi <= *lo)
    {
      *lo -= 30;
      *hi += 30;
    }
}

static void
current_view (FlExplorePage *self,
              double        *lo,
              double        *hi)
{
  if (!isnan (self->view_lo))
    {
      *lo = self->view_lo;
      *hi = self->view_hi;
      return;
    }
  full_span (self, lo, hi);
}

static FlRttChart *
build_chart (FlExplorePage *self,
             guint          n_columns)
{
  const SeriesRef *main_ref = lookup_series (self, self->main_id);
  FlRttChart *chart;

  if (main_ref == NULL)
    return NULL;

  chart = fl_rtt_chart_prepare_band (main_ref->data, main_ref->label, n_columns,
                                     self->view_lo, self->view_hi,
                                     self->relative ? main_ref->baseline_ms : NAN,
                                     bands[self->band].quantile);
  for (guint i = 0; i < self->compare_ids->len; i++)
    {
      gint64 id = g_array_index (self->compare_ids, gint64, i);
      const SeriesRef *ref = lookup_series (self, id);

      if (ref == NULL || id == self->main_id)
        continue;
      fl_rtt_chart_add_overlay (chart, ref->data, ref->label,
                                self->relative ? ref->baseline_ms : NAN);
    }
  if (self->predictions != NULL)
    {
      fl_rtt_chart_set_shade (chart, (double *) (gpointer) self->ev_start->data,
                              (double *) (gpointer) self->ev_end->data, self->ev_start->len);
      fl_rtt_chart_set_alarms (chart, (double *) (gpointer) self->al_start->data,
                               (double *) (gpointer) self->al_end->data, self->al_start->len);
      fl_rtt_chart_set_highlight (chart, (double *) (gpointer) self->hl_start->data,
                                  (double *) (gpointer) self->hl_end->data, self->hl_start->len);
    }

  return chart;
}

static void
update_summary (FlExplorePage *self)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const SeriesRef *main_ref = lookup_series (self, self->main_id);
  const RunArm *ra = current_run_arm (self);

  g_clear_pointer (&self->summary, g_free);
  if (self->chart != NULL)
    {
      g_autofree char *text = fl_rtt_chart_describe (self->chart);

      g_string_append (s, text);
      if (self->relative && main_ref != NULL && !isnan (main_ref->baseline_ms))
        /* Translators: appended to the chart summary in relative mode */
        g_string_append_printf (s, _("; relative to its baseline of %.1f ms (5th percentile)"),
                                main_ref->baseline_ms);
      if (self->chart->band_quantile > 0)
        /* Translators: appended to the chart summary, e.g. "; band: 10th to 90th percentile" */
        g_string_append_printf (s, _("; band: %gth to %gth percentile"),
                                100 * self->chart->band_quantile,
                                100 * (1 - self->chart->band_quantile));
      if (self->chart->n_overlays > 0)
        g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                                "; %zu series compared",
                                                "; %zu series compared",
                                                self->chart->n_overlays),
                                self->chart->n_overlays);
      if (ra != NULL && self->predictions != NULL)
        {
          if (self->n_series_rows == 0)
            /* Translators: the chosen run has no rows for the shown series */
            g_string_append_printf (s, _("; %s made no predictions for this series"), ra->title);
          else
            /* Translators: "; Run 4 · xgboost: 12 labelled positive periods (yellow), 30 alarm periods at threshold 0.50 (purple strip)" */
            g_string_append_printf (s, _("; %s: %u labelled positive periods (yellow), "
                                         "%u alarm periods at threshold %.2f (purple strip)"),
                                    ra->title, self->ev_start->len, self->al_start->len,
                                    self->threshold);
        }
      g_string_append_c (s, '.');
      self->summary = g_string_free (g_steal_pointer (&s), FALSE);
    }

  gtk_label_set_text (self->summary_label, self->summary != NULL ? self->summary : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->summary != NULL ? self->summary : _("RTT chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Scroll or press + and − to zoom, drag or press the arrow "
                                    "keys to pan, Home to show the whole series"),
                                  -1);
}

static void
update_readout (FlExplorePage *self)
{
  g_autofree char *text = NULL;

  if (self->chart != NULL && self->hover_column >= 0)
    text = fl_rtt_chart_describe_column (self->chart, self->hover_column);
  gtk_label_set_text (self->readout_label,
                      text != NULL ? text
                      : self->chart != NULL ? _("Point at the chart for values · scroll to zoom · "
                                                "drag or Shift+scroll to pan · Home shows all")
                      : " ");
}

/* Decimates again (main thread: the samples are in memory) if the window,
 * the width or the overlays changed. Labels are only touched outside of
 * drawing (@update_labels FALSE while GTK snapshots the widget). */
static void
ensure_chart (FlExplorePage *self,
              int            width,
              gboolean       update_labels)
{
  if (self->chart == NULL || self->dirty || self->chart_width != width)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&self->chart, fl_rtt_chart_free);
      self->chart = build_chart (self, fl_rtt_chart_columns_for_width (width));
      if (self->chart != NULL)
        g_debug ("Explore: decimated %" G_GSIZE_FORMAT " samples to %" G_GSIZE_FORMAT
                 " columns in %.1f ms", self->chart->n_samples, self->chart->n_columns,
                 (g_get_monotonic_time () - start) / 1000.0);
      self->chart_width = width;
      self->dirty = FALSE;
      self->labels_stale = TRUE;
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      if (self->chart != NULL && !isnan (self->hover_x))
        self->hover_column = fl_rtt_chart_column_at (self->chart, width, self->hover_x);
    }
  if (update_labels && self->labels_stale)
    {
      self->labels_stale = FALSE;
      update_summary (self);
      update_readout (self);
    }
}

static int
chart_width (FlExplorePage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->chart_area));

  /* Not laid out yet: decimate for a typical width; the first draw
   * decimates again for the real one. */
  return width > 1 ? width : 800;
}

static gboolean
refresh_cb (gpointer user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (user_data);

  self->refresh_source = 0;
  ensure_chart (self, chart_width (self), TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));

  return G_SOURCE_REMOVE;
}

/* Marks the chart for decimation; zoom steps arriving within one frame
 * decimate once, before GTK redraws. */
static void
invalidate (FlExplorePage *self)
{
  self->dirty = TRUE;
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void
chart_resize_cb (FlExplorePage *self)
{
  invalidate (self);
}

static void
style_for (FlExplorePage *self,
           FlChartStyle  *style,
           gboolean       dark)
{
  GdkRGBA fg;

  fl_chart_style_init (style, dark);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self->chart_area)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  style->foreground[0] = fg.red;
  style->foreground[1] = fg.green;
  style->foreground[2] = fg.blue;
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (user_data);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  double x0, y0, x1, y1;

  ensure_chart (self, width, FALSE);
  if (self->labels_stale && self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
  if (self->chart == NULL)
    return;

  if (self->surface == NULL || self->surface_width != width || self->surface_height != height ||
      self->surface_scale != scale || self->surface_dark != dark)
    {
      g_autoptr(GError) error = NULL;
      FlChartStyle style;
      cairo_t *scr;
      gboolean ok;
      gint64 start;

      g_clear_pointer (&self->surface, cairo_surface_destroy);
      self->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale,
                                                  height * scale);
      cairo_surface_set_device_scale (self->surface, scale, scale);
      self->surface_width = width;
      self->surface_height = height;
      self->surface_scale = scale;
      self->surface_dark = dark;

      style_for (self, &style, dark);
      start = g_get_monotonic_time ();
      scr = cairo_create (self->surface);
      ok = fl_rtt_chart_draw (self->chart, scr, width, height, &style, &error);
      cairo_destroy (scr);
      g_debug ("Explore: drew the chart (%d×%d, scale %d) in %.1f ms", width, height, scale,
               (g_get_monotonic_time () - start) / 1000.0);
      if (!ok)
        {
          g_warning ("Could not draw the chart: %s", error->message);
          g_clear_pointer (&self->surface, cairo_surface_destroy);
          show_error (self, _("Charts Are Unavailable"), error->message);
          return;
        }
    }

  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_paint (cr);

  /* The hover cursor. */
  if (self->hover_column >= 0 &&
      fl_rtt_chart_plot_area (self->chart, width, height, &x0, &y0, &x1, &y1))
    {
      double t = self->chart->col_t_s[self->hover_column];
      double x = floor (fl_rtt_chart_x_at (self->chart, width, t)) + 0.5;
      GdkRGBA fg;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
      G_GNUC_END_IGNORE_DEPRECATIONS
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.45);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
      cairo_stroke (cr);
    }
}

static void
dark_changed_cb (FlExplorePage *self)
{
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

/* ---- zoom and pan --------------------------------------------------------- */

static void
set_view (FlExplorePage *self,
          double         lo,
          double         hi)
{
  const SeriesRef *main_ref = lookup_series (self, self->main_id);
  double full_lo, full_hi, full, span, min_span;

  full_span (self, &full_lo, &full_hi);
  if (isnan (full_lo) || main_ref == NULL || !(hi > lo))
    return;

  full = full_hi - full_lo;
  /* No closer than ~10 samples across the plot, and never below 10 s. */
  min_span = MAX (10.0, 10.0 * full / MAX (main_ref->data->n, 1));
  span = CLAMP (hi - lo, MIN (min_span, full), full);
  lo = (lo + hi) / 2 - span / 2;
  lo = CLAMP (lo, full_lo, full_hi - span);

  if (span >= full * (1 - 1e-9))
    self->view_lo = self->view_hi = NAN;
  else
    {
      self->view_lo = lo;
      self->view_hi = lo + span;
    }
  invalidate (self);
}

static double
anchor_time (FlExplorePage *self)
{
  double lo, hi;
  int width = gtk_widget_get_width (GTK_WIDGET (self->chart_area));

  if (self->chart != NULL && !isnan (self->hover_x))
    {
      double t = fl_rtt_chart_time_at (self->chart, width, self->hover_x);

      if (t >= self->chart->t_start_s && t <= self->chart->t_end_s)
        return t;
    }
  current_view (self, &lo, &hi);
  return (lo + hi) / 2;
}

static void
zoom_by (FlExplorePage *self,
         double         factor,
         double         anchor)
{
  double lo, hi;

  current_view (self, &lo, &hi);
  if (isnan (lo))
    return;
  if (isnan (anchor))
    anchor = (lo + hi) / 2;
  set_view (self, anchor - (anchor - lo) / factor, anchor + (hi - anchor) / factor);
}

static void
pan_by (FlExplorePage *self,
        double         share)
{
  double lo, hi;

  current_view (self, &lo, &hi);
  if (isnan (lo))
    return;
  set_view (self, lo + share * (hi - lo), hi + share * (hi - lo));
}

static void
zoom_in_cb (FlExplorePage *self)
{
  zoom_by (self, ZOOM_STEP, NAN);
}

static void
zoom_out_cb (FlExplorePage *self)
{
  zoom_by (self, 1 / ZOOM_STEP, NAN);
}

static void
zoom_reset_cb (FlExplorePage *self)
{
  self->view_lo = self->view_hi = NAN;
  invalidate (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (widget);

  if (g_str_equal (action_name, "explore.zoom-in"))
    zoom_in_cb (self);
  else if (g_str_equal (action_name, "explore.zoom-out"))
    zoom_out_cb (self);
  else if (g_str_equal (action_name, "explore.zoom-reset"))
    zoom_reset_cb (self);
  else if (g_str_equal (action_name, "explore.pan-left"))
    pan_by (self, -PAN_STEP);
  else if (g_str_equal (action_name, "explore.pan-right"))
    pan_by (self, PAN_STEP);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FlExplorePage            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (self->chart == NULL)
    return FALSE;
  if ((state & GDK_SHIFT_MASK) != 0 && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (fabs (dx) > fabs (dy))
    pan_by (self, PAN_STEP * dx);
  else if (dy != 0)
    zoom_by (self, pow (SCROLL_ZOOM_STEP, -dy), anchor_time (self));

  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               FlExplorePage  *self)
{
  current_view (self, &self->drag_lo, &self->drag_hi);
  gtk_widget_grab_focus (GTK_WIDGET (self->chart_area));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                FlExplorePage  *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->chart_area));
  double plot_px = fl_rtt_chart_columns_for_width (width);
  double shift;

  if (isnan (self->drag_lo) || self->chart == NULL)
    return;
  shift = -offset_x / plot_px * (self->drag_hi - self->drag_lo);
  set_view (self, self->drag_lo + shift, self->drag_hi + shift);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           FlExplorePage            *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->chart_area));
  int column;

  self->hover_x = x;
  if (self->chart == NULL)
    return;
  column = fl_rtt_chart_column_at (self->chart, width, x);
  if (column == self->hover_column)
    return;
  self->hover_column = column;
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          FlExplorePage            *self)
{
  self->hover_x = NAN;
  self->hover_column = -1;
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                FlExplorePage         *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom_in_cb (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      zoom_out_cb (self);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      pan_by (self, -PAN_STEP);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      pan_by (self, PAN_STEP);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      zoom_reset_cb (self);
      return TRUE;
    default:
      return FALSE;
    }
}

/* ---- highlighted buckets ---------------------------------------------------- */

static void
jump_to_highlight (FlExplorePage *self,
                   int            step)
{
  guint n = self->hl_times->len;
  double t, half;

  if (n == 0)
    return;
  if (self->hl_cursor < 0)
    self->hl_cursor = step > 0 ? 0 : (int) n - 1;
  else
    self->hl_cursor = (int) ((self->hl_cursor + step + (int) n) % (int) n);

  t = g_array_index (self->hl_times, double, self->hl_cursor) + self->bucket_s / 2;
  half = JUMP_BUCKETS * self->bucket_s / 2;
  set_view (self, t - half, t + half);
}

static void
previous_clicked_cb (FlExplorePage *self)
{
  jump_to_highlight (self, -1);
}

static void
next_clicked_cb (FlExplorePage *self)
{
  jump_to_highlight (self, 1);
}

static void
clear_highlight_cb (FlExplorePage *self)
{
  self->hl_actual = self->hl_predicted = -1;
  self->pending_cell = FALSE;
  compute_marks (self);
  update_highlight_bar (self);
  invalidate (self);
}

/* ---- series, comparison, relative mode ------------------------------------ */

static void
update_compare_checks (FlExplorePage *self)
{
  guint n_checked = self->compare_ids->len;
  g_autofree char *label = NULL;

  for (guint i = 0; self->compare_checks != NULL && i < self->compare_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->compare_checks, i);
      const FlSeriesInfo *info = g_ptr_array_index (self->series, i);
      gboolean active = gtk_check_button_get_active (check);

      gtk_widget_set_sensitive (GTK_WIDGET (check),
                                info->id != self->main_id &&
                                (active || n_checked < FL_RTT_CHART_MAX_OVERLAYS));
    }

  if (n_checked > 0)
    /* Translators: the Compare button with the number of compared series */
    label = g_strdup_printf (_("_Compare (%u)"), n_checked);
  gtk_menu_button_set_label (self->compare_button, label != NULL ? label : _("_Compare"));
}

static void
compare_toggled_cb (GtkCheckButton *check,
                    FlExplorePage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "series-index"));
  const FlSeriesInfo *info;

  if (self->series == NULL || (guint64) id >= self->series->len)
    return;
  info = g_ptr_array_index (self->series, id);

  for (guint i = 0; i < self->compare_ids->len; i++)
    if (g_array_index (self->compare_ids, gint64, i) == info->id)
      g_array_remove_index (self->compare_ids, i--);
  if (gtk_check_button_get_active (check) && self->compare_ids->len < FL_RTT_CHART_MAX_OVERLAYS)
    g_array_append_val (self->compare_ids, info->id);

  update_compare_checks (self);
  ensure_loaded (self);
}

static void
rebuild_compare_list (FlExplorePage *self)
{
  GtkWidget *child;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_list))) != NULL)
    gtk_list_box_remove (self->compare_list, child);
  g_clear_pointer (&self->compare_checks, g_ptr_array_unref);
  self->compare_checks = g_ptr_array_new ();

  for (guint i = 0; self->series != NULL && i < self->series->len; i++)
    {
      const FlSeriesInfo *info = g_ptr_array_index (self->series, i);
      GtkWidget *check = gtk_check_button_new_with_label (info->label);
      gboolean active = FALSE;

      for (guint k = 0; k < self->compare_ids->len; k++)
        if (g_array_index (self->compare_ids, gint64, k) == info->id)
          active = TRUE;
      if (active)
        g_array_append_val (kept, info->id);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_end (check, 6);
      gtk_widget_set_margin_top (check, 3);
      gtk_widget_set_margin_bottom (check, 3);
      g_object_set_data (G_OBJECT (check), "series-index", GSIZE_TO_POINTER (i));
      g_signal_connect (check, "toggled", G_CALLBACK (compare_toggled_cb), self);
      gtk_list_box_append (self->compare_list, check);
      g_ptr_array_add (self->compare_checks, check);
    }

  /* Compared series that no longer exist are dropped. */
  g_array_set_size (self->compare_ids, 0);
  g_array_append_vals (self->compare_ids, kept->data, kept->len);
  update_compare_checks (self);
}

static void
series_selected_cb (FlExplorePage *self)
{
  guint index = gtk_drop_down_get_selected (self->series_dropdown);
  const FlSeriesInfo *info;

  if (self->project == NULL || self->series == NULL || index >= self->series->len)
    return;

  info = g_ptr_array_index (self->series, index);
  if (info->id != self->main_id)
    {
      self->main_id = info->id;
      self->view_lo = self->view_hi = NAN;
      self->hl_cursor = -1;
      g_clear_pointer (&self->chart, fl_rtt_chart_free);
    }
  /* A series is never compared with itself. */
  for (guint i = 0; i < self->compare_ids->len; i++)
    if (g_array_index (self->compare_ids, gint64, i) == self->main_id)
      g_array_remove_index (self->compare_ids, i--);
  for (guint i = 0; self->compare_checks != NULL && i < self->compare_checks->len; i++)
    if (i == index)
      {
        GtkCheckButton *check = g_ptr_array_index (self->compare_checks, i);

        g_signal_handlers_block_by_func (check, compare_toggled_cb, self);
        gtk_check_button_set_active (check, FALSE);
        g_signal_handlers_unblock_by_func (check, compare_toggled_cb, self);
      }
  update_compare_checks (self);

  compute_marks (self);
  update_highlight_bar (self);
  ensure_loaded (self);
}

/* A drop-down item as a label bound to its GtkStringObject; @ellipsize for
 * the button, so that long series and run names do not widen the page (and
 * fold the sidebar), while the list shows them whole. */
static GtkListItemFactory *
string_factory (gboolean ellipsize)
{
  g_autofree char *ui = g_strdup_printf (
    "<interface><template class=\"GtkListItem\"><property name=\"child\">"
    "<object class=\"GtkLabel\"><property name=\"xalign\">0</property>"
    "<property name=\"ellipsize\">%s</property>"
    "<binding name=\"label\"><lookup name=\"string\" type=\"GtkStringObject\">"
    "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
    "</object></property></template></interface>",
    ellipsize ? "end" : "none");
  gsize length = strlen (ui);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&ui), length);

  return gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
}

/* The factories of string_factory() for every drop-down of @self that
 * lists series or runs (one pair, shared). */
static void
set_ellipsizing_factories (FlExplorePage *self)
{
  g_autoptr(GtkListItemFactory) button = string_factory (TRUE);
  g_autoptr(GtkListItemFactory) list = string_factory (FALSE);
  GtkDropDown *dropdowns[] = { self->series_dropdown, self->run_dropdown };

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    {
      gtk_drop_down_set_factory (dropdowns[i], button);
      gtk_drop_down_set_list_factory (dropdowns[i], list);
    }
}

static void
relative_toggled_cb (FlExplorePage *self)
{
  self->relative = gtk_toggle_button_get_active (self->relative_button);
  invalidate (self);
}

static void
band_selected_cb (FlExplorePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->band_dropdown);

  if (selected >= G_N_ELEMENTS (bands) || selected == self->band)
    return;
  self->band = selected;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAND]);
}

/**
 * fl_explore_page_get_band:
 * @self: a #FlExplorePage
 *
 * Returns: (transfer none): the band drawn around the median: `"min-max"`,
 *   `"p10-p90"` (10th to 90th percentile) or `"p25-p75"` (interquartile
 *   range)
 */
const char *
fl_explore_page_get_band (FlExplorePage *self)
{
  g_return_val_if_fail (FL_IS_EXPLORE_PAGE (self), NULL);

  return bands[self->band].id;
}

/**
 * fl_explore_page_set_band:
 * @self: a #FlExplorePage
 * @band: `"min-max"`, `"p10-p90"` or `"p25-p75"` (see
 *   fl_explore_page_get_band()); anything else is ignored with a warning
 *
 * Chooses the band drawn around the median in each pixel column, as the
 * "Band" drop-down does. Also the #FlExplorePage:band property, which the
 * window binds to the GSettings key `explore-band`.
 */
void
fl_explore_page_set_band (FlExplorePage *self,
                          const char    *band)
{
  g_return_if_fail (FL_IS_EXPLORE_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    if (g_strcmp0 (band, bands[i].id) == 0)
      {
        /* Through the drop-down, which calls band_selected_cb(). */
        gtk_drop_down_set_selected (self->band_dropdown, i);
        return;
      }
  g_warning ("Unknown chart band “%s”", band != NULL ? band : "(null)");
}

static void
fl_explore_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BAND:
      g_value_set_string (value, fl_explore_page_get_band (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_explore_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BAND:
      fl_explore_page_set_band (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- export -------------------------------------------------------------------- */

/**
 * fl_explore_page_export:
 * @self: a #FlExplorePage
 * @path: file to write, ending in `.png`, `.svg` or `.pdf`
 * @error: return location for a #GError
 *
 * Writes the chart as shown (time window, relative mode, compared series,
 * events, alarms and highlighted buckets) to @path at 1200 × 560 points in
 * the light style, with fl_rtt_chart_export(). Main thread only.
 *
 * Returns: %TRUE on success; %FALSE with %FL_ERROR_NOT_FOUND when no series
 *   is shown, or the errors of fl_rtt_chart_export()
 */
gboolean
fl_explore_page_export (FlExplorePage  *self,
                        const char     *path,
                        GError        **error)
{
  g_autoptr(FlRttChart) chart = NULL;
  FlChartStyle style;

  g_return_val_if_fail (FL_IS_EXPLORE_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  chart = build_chart (self, fl_rtt_chart_columns_for_width (EXPORT_WIDTH));
  if (chart == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND, _("No series to export"));
      return FALSE;
    }
  fl_chart_style_init (&style, FALSE);

  return fl_rtt_chart_export (chart, path, EXPORT_WIDTH, EXPORT_HEIGHT, &style, error);
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    FlExplorePage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *overlay;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->export_chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (&error, FL_ERROR, FL_ERROR_INVALID,
                           _("Charts can only be exported to local files"));
    }
  else
    {
      g_autofree char *lower = g_ascii_strdown (path, -1);

      /* No extension typed: PNG. */
      if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") &&
          !g_str_has_suffix (lower, ".pdf"))
        {
          char *with_ext = g_strconcat (path, ".png", NULL);

          g_free (path);
          path = with_ext;
        }
      fl_explore_page_export (self, path, &error);
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (error != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Could Not Export the Chart"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (overlay != NULL)
    {
      g_autofree char *name = g_path_get_basename (path);
      /* Translators: toast after exporting a chart */
      g_autofree char *title = g_strdup_printf (_("Chart exported to “%s”"), name);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
    }
}

static void
export_clicked_cb (FlExplorePage *self)
{
  const SeriesRef *main_ref = lookup_series (self, self->main_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  GtkFileFilter *filter;

  if (main_ref == NULL)
    return;
  if (self->export_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
      return;
    }

  self->export_chooser = gtk_file_chooser_native_new (_("Export Chart"),
                                                      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  name = g_strdup_printf ("%s.png", main_ref->label);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PNG, SVG or PDF"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_chooser), filter);
  g_object_unref (filter);

  g_signal_connect (self->export_chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  export_clicked_cb (FL_EXPLORE_PAGE (widget));
}

/* ---- public API ----------------------------------------------------------------- */

static void apply_series (FlExplorePage *self,
                          GPtrArray     *series);

static void
list_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) series = NULL;

  series = fl_project_list_series_finish (res, &error);
  if (!fl_task_is_current (task, self->list_cancellable))
    return;

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (series == NULL)
    {
      show_error (self, _("Could Not List the Series"), error->message);
      return;
    }
  apply_series (self, series);
}

/**
 * fl_explore_page_reload:
 * @self: a #FlExplorePage
 *
 * Lists the series and runs of the project again and keeps the selection
 * when the selected series still exists.
 */
void
fl_explore_page_reload (FlExplorePage *self)
{
  g_return_if_fail (FL_IS_EXPLORE_PAGE (self));

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
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  fl_project_list_series_async (fl_project_get_path (self->project), self,
                                self->list_cancellable, list_done_cb, NULL);
}

static void
apply_series (FlExplorePage *self,
              GPtrArray     *series)
{
  guint selected = 0;
  guint n_old;

  /* KPI tables have no RTT samples: they are used through their columns
   * in experiments, not drawn here. */
  if (series != NULL)
    for (guint i = 0; i < series->len; i++)
      if (g_str_has_prefix (((FlSeriesInfo *) g_ptr_array_index (series, i))->key, "kpi:"))
        g_ptr_array_remove_index (series, i--);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  self->series = series != NULL ? g_ptr_array_ref (series) : NULL;
  /* The samples may have changed (a new import): load them again. */
  g_hash_table_remove_all (self->cache);

  g_signal_handlers_block_by_func (self->series_dropdown, series_selected_cb, self);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->series_model));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; series != NULL && i < series->len; i++)
      {
        const FlSeriesInfo *info = g_ptr_array_index (series, i);

        g_ptr_array_add (labels,
                         /* Translators: series picker entry */
                         g_strdup_printf (_("%s — %llu samples, %llu lost"),
                                          info->label, (unsigned long long) info->n_samples,
                                          (unsigned long long) info->n_lost));
        if (info->id == self->main_id)
          selected = i;
      }
    g_ptr_array_add (labels, NULL);
    gtk_string_list_splice (self->series_model, 0, n_old, (const char * const *) labels->pdata);
  }
  gtk_drop_down_set_selected (self->series_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->series_dropdown, series_selected_cb, self);
  rebuild_compare_list (self);
  reload_runs (self);

  if (series == NULL || series->len == 0)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      self->main_id = -1;
      g_clear_pointer (&self->chart, fl_rtt_chart_free);
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      update_summary (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_sensitive (GTK_WIDGET (self->series_dropdown), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->series_dropdown), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), series->len > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  series_selected_cb (self);
}

/**
 * fl_explore_page_set_project:
 * @self: a #FlExplorePage
 * @project: (nullable): the open project
 *
 * Shows the series of @project.
 */
void
fl_explore_page_set_project (FlExplorePage *self,
                             FlProject     *project)
{
  g_return_if_fail (FL_IS_EXPLORE_PAGE (self));

  if (self->project == project)
    return;

  g_set_object (&self->project, project);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->predictions, fl_stored_predictions_free);
  g_array_set_size (self->compare_ids, 0);
  self->main_id = -1;
  self->hl_actual = self->hl_predicted = -1;
  self->pending_cell = FALSE;
  self->view_lo = self->view_hi = NAN;
  fl_explore_page_reload (self);
}

/**
 * fl_explore_page_show_buckets:
 * @self: a #FlExplorePage
 * @run_id: the run
 * @arm: index of the arm (model or treatment) in the run
 * @threshold: decision threshold of the confusion matrix, in [0, 1]
 * @actual: 0 for actual normal, 1 for actual degraded
 * @predicted: 0 for predicted normal, 1 for predicted degraded
 *
 * Shows the test buckets of one confusion-matrix cell (e.g. the false
 * negatives at @threshold) on the timeline: selects the run as the events
 * and alarms overlay, highlights the cell's buckets in purple, switches to
 * the series with the most of them when the shown series has none, and
 * offers previous / next buttons that zoom to each bucket. The predictions
 * load in a worker thread.
 */
void
fl_explore_page_show_buckets (FlExplorePage *self,
                              gint64         run_id,
                              guint          arm,
                              double         threshold,
                              guint          actual,
                              guint          predicted)
{
  g_return_if_fail (FL_IS_EXPLORE_PAGE (self));
  g_return_if_fail (actual < 2 && predicted < 2);

  g_debug ("Explore: show the buckets of cell (%u, %u) of run %" G_GINT64_FORMAT " arm %u at %.2f",
           actual, predicted, run_id, arm, threshold);
  self->hl_actual = (int) actual;
  self->hl_predicted = (int) predicted;
  self->pending_cell = TRUE;
  self->pending_run = run_id;
  self->pending_arm = arm;
  self->pending_threshold = isfinite (threshold) ? threshold : 0.5;
  self->hl_cursor = -1;

  /* The list may not know the run yet (it just finished): list again. */
  if (!select_run_arm (self, run_id, arm))
    reload_runs (self);
}

/**
 * fl_explore_page_get_summary:
 * @self: a #FlExplorePage
 *
 * Returns: (nullable): the text summary of the chart shown
 */
const char *
fl_explore_page_get_summary (FlExplorePage *self)
{
  g_return_val_if_fail (FL_IS_EXPLORE_PAGE (self), NULL);

  return self->summary;
}

/**
 * fl_explore_page_get_chart:
 * @self: a #FlExplorePage
 *
 * Gets the decimated chart as last prepared (its time window, columns,
 * overlays, shaded and highlighted ranges), e.g. for tests.
 *
 * Returns: (transfer none) (nullable): the chart, %NULL before a series is
 *   loaded
 */
const FlRttChart *
fl_explore_page_get_chart (FlExplorePage *self)
{
  g_return_val_if_fail (FL_IS_EXPLORE_PAGE (self), NULL);

  return self->chart;
}

/**
 * fl_explore_page_get_highlight_count:
 * @self: a #FlExplorePage
 *
 * Returns: the number of highlighted buckets on the series shown
 */
guint
fl_explore_page_get_highlight_count (FlExplorePage *self)
{
  g_return_val_if_fail (FL_IS_EXPLORE_PAGE (self), 0);

  return self->hl_times->len;
}

static void
fl_explore_page_dispose (GObject *object)
{
  FlExplorePage *self = (FlExplorePage *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  g_clear_pointer (&self->chart, fl_rtt_chart_free);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->compare_checks, g_ptr_array_unref);
  g_clear_pointer (&self->run_arms, g_ptr_array_unref);
  g_clear_pointer (&self->predictions, fl_stored_predictions_free);
  g_clear_object (&self->project);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_EXPLORE_PAGE);

  G_OBJECT_CLASS (fl_explore_page_parent_class)->dispose (object);
}

static void
fl_explore_page_finalize (GObject *object)
{
  FlExplorePage *self = (FlExplorePage *) object;

  g_free (self->summary);
  g_hash_table_unref (self->cache);
  g_hash_table_unref (self->cell_counts);
  g_array_unref (self->compare_ids);
  g_array_unref (self->ev_start);
  g_array_unref (self->ev_end);
  g_array_unref (self->al_start);
  g_array_unref (self->al_end);
  g_array_unref (self->hl_start);
  g_array_unref (self->hl_end);
  g_array_unref (self->hl_times);

  G_OBJECT_CLASS (fl_explore_page_parent_class)->finalize (object);
}

static void
fl_explore_page_class_init (FlExplorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_explore_page_dispose;
  object_class->finalize = fl_explore_page_finalize;
  object_class->get_property = fl_explore_page_get_property;
  object_class->set_property = fl_explore_page_set_property;

  /**
   * FlExplorePage:band:
   *
   * The band drawn around the median: `"min-max"`, `"p10-p90"` or
   * `"p25-p75"` (see fl_explore_page_set_band()).
   */
  properties[PROP_BAND] =
    g_param_spec_string ("band", NULL, NULL, "min-max",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-explore-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, series_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, series_model);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, compare_list);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, relative_button);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, band_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, run_model);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, export_button);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, highlight_revealer);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, highlight_label);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, chart_area);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, readout_label);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, series_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, relative_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, band_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_selected_cb);

  gtk_widget_class_install_action (widget_class, "explore.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "explore.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "explore.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "explore.pan-left", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "explore.pan-right", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "explore.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "explore.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "explore.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "explore.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "explore.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "explore.export", NULL);
  gtk_widget_class_bind_template_callback (widget_class, chart_resize_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_highlight_cb);
}

static void
fl_explore_page_init (FlExplorePage *self)
{
  g_autoptr(GError) error = NULL;
  GtkEventController *controller;
  GtkGesture *drag;

  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, series_ref_free);
  self->cell_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->compare_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->ev_start = g_array_new (FALSE, FALSE, sizeof (double));
  self->ev_end = g_array_new (FALSE, FALSE, sizeof (double));
  self->al_start = g_array_new (FALSE, FALSE, sizeof (double));
  self->al_end = g_array_new (FALSE, FALSE, sizeof (double));
  self->hl_start = g_array_new (FALSE, FALSE, sizeof (double));
  self->hl_end = g_array_new (FALSE, FALSE, sizeof (double));
  self->hl_times = g_array_new (FALSE, FALSE, sizeof (double));
  self->main_id = -1;
  self->hl_actual = self->hl_predicted = -1;
  self->hl_cursor = -1;
  self->threshold = 0.5;
  self->bucket_s = 60;
  self->view_lo = self->view_hi = NAN;
  self->hover_x = NAN;
  self->hover_column = -1;
  self->drag_lo = self->drag_hi = NAN;

  gtk_widget_init_template (GTK_WIDGET (self));
  set_ellipsizing_factories (self);

  gtk_drawing_area_set_draw_func (self->chart_area, draw_chart_cb, self, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart_area), controller);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart_area), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart_area), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart_area), controller);

  /* Runs finished since the page was last shown appear in the list. */
  g_signal_connect (self, "map", G_CALLBACK (reload_runs), NULL);

  gtk_string_list_append (self->run_model, _("None"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_dropdown), FALSE);

  if (!fl_rtt_chart_check_driver (&error))
    {
      adw_status_page_set_title (self->error_page, _("Charts Are Unavailable"));
      adw_status_page_set_description (self->error_page, error->message);
    }
  update_summary (self);
}
