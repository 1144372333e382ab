/* fl-data-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-data-page.h"
#include "fl-error.h"
#include "fl-job.h"
#include "fl-mapping-dialog.h"
#include "fl-project-kpi.h"
#include "fl-quality.h"

/* Series listed per source in the quality report. */
#define MAX_QUALITY_SERIES 40

/* Series listed on the page; the Explore page's picker has them all. Laying
 * out 263 rows blocked the main loop for ~0.6 s after a 100 MB import, 60
 * rows still ~70 ms (about 1 ms a row). */
#define MAX_LISTED_SERIES 30

/* Series rows added per main-loop turn: an AdwActionRow costs GTK about
 * 1.5 ms to lay out here, so 30 at once kept the main thread ~50 ms. */
#define SERIES_ROWS_PER_TURN 8

/**
 * FlDataPage:
 *
 * The Data page: the imported sources with their data-quality report
 * (fl_quality_report_build(), computed in a worker), the series of the
 * project, an Import… button and a drop target. KPI CSV files go through
 * the column-mapping dialog first. Imports run in a worker thread on the
 * worker's own project connection.
 */
struct _FlDataPage
{
  AdwBin                parent_instance;

  FlProject            *project;
  FlJob                *job;
  GtkFileChooserNative *chooser;

  GtkStack             *stack;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkListBox           *sources_list;
  GtkListBox           *series_list;
  GtkLabel             *series_heading;

  /* KPI files waiting for their mapping dialog, and what is ready. */
  GQueue                kpi_queue;
  GPtrArray            *pending_paths;
  GPtrArray            *pending_mappings;
  FlMappingDialog      *dialog;

  GHashTable           *source_rows;   /* source id → AdwExpanderRow */
  GPtrArray            *series_shown;  /* the listing's series (a ref) … */
  GPtrArray            *series_order;  /* … in the order listed */
  guint                 series_next;   /* the next to add a row for */
  guint                 series_idle;   /* adds the rest, a few per turn */
  GCancellable         *quality_cancel;
  GCancellable         *list_cancel;   /* listing after an import, in a worker */
};

G_DEFINE_FINAL_TYPE (FlDataPage, fl_data_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char      *project_path;
  GPtrArray *paths;
  GPtrArray *mappings;   /* FlKpiMapping or NULL (not a KPI file), per path */
  FlJob     *job;
} ImportData;

typedef struct
{
  char    *file_name;
  guint64  results;
  guint64  series;
  GError  *error;
} ImportOutcome;

typedef struct
{
  FlJob      *job;
  guint       index;
  guint       n_files;
  const char *file_name;
} ProgressScale;

static void
import_data_free (gpointer data)
{
  ImportData *d = data;

  g_free (d->project_path);
  g_ptr_array_unref (d->paths);
  g_ptr_array_unref (d->mappings);
  g_clear_object (&d->job);
  g_free (d);
}

static void
import_outcome_free (gpointer data)
{
  ImportOutcome *o = data;

  g_free (o->file_name);
  g_clear_error (&o->error);
  g_free (o);
}

static void
add_toast (FlDataPage *self,
           const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);

  return row;
}

static char *
format_span (double first_s,
             double last_s)
{
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc ((gint64) first_s);
  g_autoptr(GDateTime) last = g_date_time_new_from_unix_utc ((gint64) last_s);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (first == NULL || last == NULL)
    return g_strdup ("");

  a = g_date_time_format (first, "%Y-%m-%d %H:%M");
  b = g_date_time_format (last, "%Y-%m-%d %H:%M");

  /* Translators: a time range in UTC */
  return g_strdup_printf (_("%s – %s UTC"), a, b);
}

/* ---- quality report ---------------------------------------------------- */

typedef struct
{
  GWeakRef  page;
  char     *project_path;
  double    bucket_s;
} QualityData;

static void
quality_data_free (gpointer data)
{
  QualityData *d = data;

  g_weak_ref_clear (&d->page);
  g_free (d->project_path);
  g_free (d);
}

static void
quality_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  QualityData *d = task_data;
  g_autoptr(FlProject) project = NULL;
  FlQualityReport *report;
  GError *error = NULL;

  project = fl_project_open (d->project_path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  report = fl_quality_report_build (project, d->bucket_s, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) fl_quality_report_free);
}

static char *
format_duration (double s)
{
  if (!(s == s))
    return g_strdup ("—");
  if (s < 120)
    return g_strdup_printf (_("%.3g s"), s);
  if (s < 2 * 3600)
    return g_strdup_printf (_("%.1f min"), s / 60);
  if (s < 2 * 86400)
    return g_strdup_printf (_("%.1f h"), s / 3600);
  return g_strdup_printf (_("%.1f d"), s / 86400);
}

static GtkWidget *
warning_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (label, 48);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_widget_add_css_class (label, "warning");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

/* A collapsed AdwExpanderRow still measures its rows (its GtkRevealer
 * measures the child to animate), and the wrapped quality rows of a few
 * sources made the window's first layout take ~0.4 s. The rows are therefore
 * added hidden and shown when their source is first expanded. */
static void
quality_expanded_cb (AdwExpanderRow *row)
{
  GPtrArray *hidden;

  if (!adw_expander_row_get_expanded (row))
    return;

  hidden = g_object_get_data (G_OBJECT (row), "fl-hidden-quality-rows");
  for (guint i = 0; hidden != NULL && i < hidden->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (hidden, i), TRUE);
  g_object_set_data (G_OBJECT (row), "fl-hidden-quality-rows", NULL);
}

static void
add_quality_row (AdwExpanderRow *row,
                 GtkWidget      *child)
{
  if (!adw_expander_row_get_expanded (row))
    {
      GPtrArray *hidden = g_object_get_data (G_OBJECT (row), "fl-hidden-quality-rows");

      if (hidden == NULL)
        {
          hidden = g_ptr_array_new_with_free_func (g_object_unref);
          g_object_set_data_full (G_OBJECT (row), "fl-hidden-quality-rows", hidden,
                                  (GDestroyNotify) g_ptr_array_unref);
          g_signal_connect (row, "notify::expanded", G_CALLBACK (quality_expanded_cb), NULL);
        }
      gtk_widget_set_visible (child, FALSE);
      g_ptr_array_add (hidden, g_object_ref (child));
    }
  adw_expander_row_add_row (row, child);
}

static void
show_quality (FlDataPage            *self,
              const FlQualityReport *report)
{
  for (guint i = 0; i < report->sources->len; i++)
    {
      const FlQualitySource *src = g_ptr_array_index (report->sources, i);
      AdwExpanderRow *row = g_hash_table_lookup (self->source_rows, &src->source_id);
      GtkWidget *badge;
      g_autofree char *count = NULL;

      if (row == NULL)
        continue;

      if (src->n_warnings > 0)
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                              src->n_warnings), src->n_warnings);
      badge = gtk_label_new (src->n_warnings > 0 ? count : _("No warnings"));
      gtk_widget_add_css_class (badge, src->n_warnings > 0 ? "warning" : "dim-label");
      adw_expander_row_add_action (row, badge);

      for (guint w = 0; w < src->warnings->len; w++)
        add_quality_row (row, warning_label (g_ptr_array_index (src->warnings, w)));

      for (guint j = 0; j < src->series->len && j < MAX_QUALITY_SERIES; j++)
        {
          const FlQualitySeries *s = g_ptr_array_index (src->series, j);
          g_autofree char *span = format_duration (s->span_s);
          g_autofree char *step = format_duration (s->step_s);
          g_autofree char *subtitle = NULL;
          g_autofree char *loss = NULL;
          GtkWidget *series_row;

          if (s->loss_pct == s->loss_pct)
            /* Translators: packet loss in percent */
            loss = g_strdup_printf (_(" · packet loss %.2f %%"), s->loss_pct);
          /* Translators: rows · span · native step · gaps · duplicates · empty buckets */
          subtitle = g_strdup_printf (_("%llu rows over %s · step %s · %llu gaps · %llu duplicate "
                                        "timestamps · %.1f %% empty %g s buckets%s"),
                                      (unsigned long long) s->n_rows, span, step,
                                      (unsigned long long) s->n_gaps,
                                      (unsigned long long) s->n_duplicate_ts,
                                      s->empty_bucket_pct == s->empty_bucket_pct ? s->empty_bucket_pct : 0.0,
                                      s->bucket_s, loss ? loss : "");
          series_row = new_row (s->label, subtitle, NULL);
          add_quality_row (row, series_row);
          for (guint w = 0; w < s->warnings->len; w++)
            add_quality_row (row, warning_label (g_ptr_array_index (s->warnings, w)));
        }
      if (src->series->len > MAX_QUALITY_SERIES)
        {
          g_autofree char *more = g_strdup_printf (_("… and %u more series (faultline-cli quality "
                                                     "lists all)"),
                                                   src->series->len - MAX_QUALITY_SERIES);

          add_quality_row (row, new_row (more, NULL, NULL));
        }
    }
}

static void
quality_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QualityData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(FlDataPage) self = g_weak_ref_get (&d->page);
  g_autoptr(GError) error = NULL;
  FlQualityReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->quality_cancel ||
      report == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Quality report: %s", error->message);
      g_clear_pointer (&report, fl_quality_report_free);
      return;
    }
  show_quality (self, report);
  fl_quality_report_free (report);
}

/* Computes the quality report in a worker; the page is only weakly
 * referenced so that it can go away meanwhile. */
static void
start_quality (FlDataPage *self)
{
  g_autoptr(GTask) task = NULL;
  QualityData *d = g_new0 (QualityData, 1);

  if (self->quality_cancel != NULL)
    g_cancellable_cancel (self->quality_cancel);
  g_clear_object (&self->quality_cancel);
  self->quality_cancel = g_cancellable_new ();

  g_weak_ref_init (&d->page, self);
  d->project_path = g_strdup (fl_project_get_path (self->project));
  d->bucket_s = 60;
  task = g_task_new (NULL, self->quality_cancel, quality_done_cb, NULL);
  g_task_set_source_tag (task, start_quality);
  g_task_set_task_data (task, d, quality_data_free);
  g_task_run_in_thread (task, quality_worker);
}

/* Lists the sources and series of @project; failures are logged and give
 * %NULL arrays. Runs on the main thread or in a worker. */
static void
list_project (FlProject  *project,
              GPtrArray **sources,
              GPtrArray **series)
{
  g_autoptr(GError) error = NULL;

  *sources = fl_project_list_sources (project, &error);
  if (*sources == NULL)
    {
      g_warning ("Could not list sources: %s", error->message);
      g_clear_error (&error);
    }
  *series = fl_project_list_series (project, &error);
  if (*series == NULL)
    g_warning ("Could not list series: %s", error->message);
}

static int
compare_samples_desc (gconstpointer a,
                      gconstpointer b)
{
  const FlSeriesInfo *x = *(const FlSeriesInfo * const *) a;
  const FlSeriesInfo *y = *(const FlSeriesInfo * const *) b;

  return (x->n_samples < y->n_samples) - (x->n_samples > y->n_samples);
}

static void
append_series_row (FlDataPage         *self,
                   const FlSeriesInfo *info)
{
  g_autofree char *span = format_span (info->first_ts_s, info->last_ts_s);
  g_autofree char *subtitle = NULL;
  double loss = info->n_samples > 0 ? 100.0 * info->n_lost / info->n_samples : 0.0;
  gboolean kpi = g_str_has_prefix (info->key, "kpi:");
  GtkWidget *series_row;

  if (kpi)
    /* Translators: a series of KPI values (no packets); see the quality report */
    subtitle = g_strdup_printf (_("%s · KPI values"), info->key);
  else
    /* Translators: key · samples · lost (percent) · time range */
    subtitle = g_strdup_printf (_("%s · %llu samples · %llu lost (%.2f %%) · %s"),
                                info->key, (unsigned long long) info->n_samples,
                                (unsigned long long) info->n_lost, loss, span);
  series_row = new_row (info->label, subtitle,
                        kpi ? "view-list-symbolic" : "network-wired-symbolic");
  /* One line each, the whole text in the tooltip: wrapped rows made the
   * layout after a 100 MB import (263 series) block for ~0.9 s. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (series_row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (series_row), 1);
  gtk_widget_set_tooltip_text (series_row, subtitle);
  gtk_list_box_append (self->series_list, series_row);
}

static void
stop_series_rows (FlDataPage *self)
{
  gboolean was_adding = self->series_idle != 0;

  g_clear_handle_id (&self->series_idle, g_source_remove);
  g_clear_pointer (&self->series_order, g_ptr_array_unref);
  g_clear_pointer (&self->series_shown, g_ptr_array_unref);
  self->series_next = 0;
  if (was_adding)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Adds up to SERIES_ROWS_PER_TURN rows of the listing's series, and the
 * "… more" row after the last; returns whether rows remain. */
static gboolean
add_series_rows (FlDataPage *self)
{
  guint n = MIN (self->series_order->len, MAX_LISTED_SERIES);
  guint stop = MIN (n, self->series_next + SERIES_ROWS_PER_TURN);

  for (; self->series_next < stop; self->series_next++)
    append_series_row (self, g_ptr_array_index (self->series_order, self->series_next));
  if (self->series_next < n)
    return TRUE;

  if (self->series_order->len > MAX_LISTED_SERIES)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more series with fewer samples (the Explore page lists all)"),
                                               self->series_order->len - MAX_LISTED_SERIES);

      gtk_list_box_append (self->series_list, new_row (more, NULL, NULL));
    }
  return FALSE;
}

static gboolean
add_series_rows_idle (gpointer data)
{
  FlDataPage *self = data;

  if (add_series_rows (self))
    return G_SOURCE_CONTINUE;
  /* stop_series_rows() removes this source and says the page is idle */
  stop_series_rows (self);
  return G_SOURCE_REMOVE;
}

static void
show_listing (FlDataPage *self,
              GPtrArray  *sources,
              GPtrArray  *series)
{
  stop_series_rows (self);
  clear_list (self->sources_list);
  clear_list (self->series_list);
  if (self->source_rows != NULL)
    g_hash_table_remove_all (self->source_rows);

  if (self->project == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      const FlSourceInfo *info = g_ptr_array_index (sources, i);
      g_autofree char *size = g_format_size (info->size_bytes);
      g_autofree char *subtitle = NULL;

      /* Translators: format · size · counts of an imported file */
      subtitle = g_strdup_printf (_("%s · %s · %llu results, %llu replies, %llu lost, %llu series"),
                                  info->format, size,
                                  (unsigned long long) info->counts.results,
                                  (unsigned long long) info->counts.replies,
                                  (unsigned long long) info->counts.lost,
                                  (unsigned long long) info->counts.series);
      GtkWidget *row = adw_expander_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->file_name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (row), "text-x-generic-symbolic");
      {
        GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
        g_autofree char *label = g_strdup_printf (_("Remove %s"), info->file_name);

        gtk_widget_add_css_class (remove, "flat");
        gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (remove, _("Remove Source…"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "data.remove-source");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", info->id);
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove);
      }
      /* for the removal's confirmation */
      g_object_set_data_full (G_OBJECT (row), "fl-counts",
                              g_memdup2 (&info->counts, sizeof info->counts), g_free);
      gtk_list_box_append (self->sources_list, row);
      if (self->source_rows != NULL)
        g_hash_table_insert (self->source_rows, g_memdup2 (&info->id, sizeof info->id), row);
    }

  /* When not all fit, the series with the most samples come first. */
  if (series != NULL)
    {
      self->series_shown = g_ptr_array_ref (series);
      self->series_order = g_ptr_array_sized_new (series->len);
      for (guint i = 0; i < series->len; i++)
        g_ptr_array_add (self->series_order, g_ptr_array_index (series, i));
      if (series->len > MAX_LISTED_SERIES)
        g_ptr_array_sort (self->series_order, compare_samples_desc);
      self->series_next = 0;
      if (add_series_rows (self))
        {
          self->series_idle = g_idle_add (add_series_rows_idle, self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
        }
      else
        stop_series_rows (self);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->series_heading), series != NULL && series->len > 0);
  gtk_stack_set_visible_child_name (self->stack,
                                    sources != NULL && sources->len > 0 ? "list" : "empty");

  if (sources != NULL && sources->len > 0 && self->source_rows != NULL)
    start_quality (self);
}

static void
cancel_listing (FlDataPage *self)
{
  if (self->list_cancel == NULL)
    return;

  g_cancellable_cancel (self->list_cancel);
  g_clear_object (&self->list_cancel);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * fl_data_page_reload:
 * @self: a #FlDataPage
 *
 * Lists the sources and series of the project again, on the main thread.
 */
void
fl_data_page_reload (FlDataPage *self)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) series = NULL;

  g_return_if_fail (FL_IS_DATA_PAGE (self));

  cancel_listing (self);
  if (self->project != NULL)
    list_project (self->project, &sources, &series);
  show_listing (self, sources, series);
}

typedef struct
{
  char      *project_path;
  GPtrArray *sources;
  GPtrArray *series;
} ListData;

static void
list_data_free (gpointer data)
{
  ListData *d = data;

  g_free (d->project_path);
  g_clear_pointer (&d->sources, g_ptr_array_unref);
  g_clear_pointer (&d->series, g_ptr_array_unref);
  g_free (d);
}

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListData *d = task_data;
  g_autoptr(FlProject) project = NULL;
  GError *error = NULL;

  project = fl_project_open (d->project_path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  list_project (project, &d->sources, &d->series);
  g_task_return_boolean (task, TRUE);
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FlDataPage *self = FL_DATA_PAGE (object);
  ListData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_get_cancellable (G_TASK (result)) != self->list_cancel)
    return;
  g_clear_object (&self->list_cancel);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The project could not be opened a second time: list it here. */
      g_warning ("Could not list the project in a worker: %s", error->message);
      fl_data_page_reload (self);
    }
  else if (self->project != NULL &&
           g_strcmp0 (fl_project_get_path (self->project), d->project_path) == 0)
    show_listing (self, d->sources, d->series);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* After an import: the series are listed in a worker on its own connection
 * (fl_project_list_series() took ~150 ms on the main thread for a 100 MB
 * RIPE file, bench/gui-stall.sh); the old rows stay until the new ones are
 * ready and the page counts as busy meanwhile. */
static void
reload_in_worker (FlDataPage *self)
{
  g_autoptr(GTask) task = NULL;
  ListData *d;

  cancel_listing (self);
  if (self->project == NULL)
    {
      show_listing (self, NULL, NULL);
      return;
    }

  d = g_new0 (ListData, 1);
  d->project_path = g_strdup (fl_project_get_path (self->project));
  self->list_cancel = g_cancellable_new ();
  task = g_task_new (self, self->list_cancel, list_done_cb, NULL);
  g_task_set_source_tag (task, reload_in_worker);
  g_task_set_task_data (task, d, list_data_free);
  g_task_run_in_thread (task, list_worker);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
scaled_progress_cb (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  ProgressScale *scale = user_data;
  g_autofree char *text = NULL;
  double overall = -1;

  if (fraction >= 0)
    overall = (scale->index + CLAMP (fraction, 0.0, 1.0)) / scale->n_files;

  if (scale->n_files > 1)
    /* Translators: "(2/3) trace.csv: Reading…" */
    text = g_strdup_printf (_("(%u/%u) %s: %s"), scale->index + 1, scale->n_files,
                            scale->file_name, message != NULL ? message : "");
  else
    text = g_strdup_printf ("%s: %s", scale->file_name, message != NULL ? message : "");

  fl_job_progress_cb (overall, text, scale->job);
}

static void
import_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func (import_outcome_free);
  GError *error = NULL;

  project = fl_project_open (data->project_path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < data->paths->len; i++)
    {
      const char *path = g_ptr_array_index (data->paths, i);
      g_autoptr(FlSourceInfo) source = NULL;
      ImportOutcome *outcome = g_new0 (ImportOutcome, 1);
      g_autofree char *name = g_path_get_basename (path);
      ProgressScale scale = { data->job, i, data->paths->len, name };

      outcome->file_name = g_strdup (name);
      g_ptr_array_add (outcomes, outcome);

      if (g_cancellable_set_error_if_cancelled (cancellable, &outcome->error))
        continue;

      fl_job_progress_cb ((double) i / data->paths->len, name, data->job);
      if (g_ptr_array_index (data->mappings, i) != NULL
            ? fl_project_import_kpi_file (project, path, g_ptr_array_index (data->mappings, i),
                                          scaled_progress_cb, &scale, cancellable, &source,
                                          &outcome->error)
            : fl_project_import_file (project, path, scaled_progress_cb, &scale, cancellable,
                                      &source, &outcome->error))
        {
          outcome->results = source != NULL ? source->counts.results : 0;
          outcome->series = source != NULL ? source->counts.series : 0;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
}

static void
job_notify_cb (FlJob      *job,
               GParamSpec *pspec,
               gpointer    user_data)
{
  FlDataPage *self = FL_DATA_PAGE (user_data);

  gtk_progress_bar_set_fraction (self->progress_bar, fl_job_get_fraction (job));
  gtk_progress_bar_set_text (self->progress_bar, fl_job_get_message (job));
}

static void
set_job (FlDataPage *self,
         FlJob      *job)
{
  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify", G_CALLBACK (job_notify_cb), self, 0);
      job_notify_cb (job, NULL, self);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.import", job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.remove-source", job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.cancel", job != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_message (FlDataPage *self,
              const char *heading,
              const char *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_errors (FlDataPage *self,
             GString    *body,
             guint       n_failed)
{
  show_message (self, g_dngettext (GETTEXT_PACKAGE, "Import Failed", "Some Imports Failed",
                                   n_failed), body->str);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlDataPage *self = FL_DATA_PAGE (object);
  ImportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) errors = g_string_new (NULL);
  guint n_failed = 0;
  guint n_ok = 0;
  gboolean cancelled = FALSE;

  outcomes = g_task_propagate_pointer (G_TASK (result), &error);

  /* Stale: the page moved on to another job or project, or went away. */
  if (self->job != data->job)
    return;
  set_job (self, NULL);
  if (self->project == NULL ||
      g_strcmp0 (fl_project_get_path (self->project), data->project_path) != 0)
    return;

  if (outcomes == NULL)
    {
      g_string_append_printf (errors, "%s\n\n%s", error->message,
                              _("Nothing was imported; the project is unchanged."));
      show_errors (self, errors, 1);
      return;
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      const ImportOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->error == NULL)
        {
          g_autofree char *title = NULL;

          n_ok++;
          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Imported %llu result from %s",
                                                "Imported %llu results from %s",
                                                o->results),
                                   (unsigned long long) o->results, o->file_name);
          add_toast (self, title);
        }
      else if (g_error_matches (o->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cancelled = TRUE;
      else
        {
          n_failed++;
          if (errors->len > 0)
            g_string_append (errors, "\n\n");
          if (outcomes->len > 1)
            g_string_append_printf (errors, "%s: ", o->file_name);
          g_string_append_printf (errors, "%s\n%s", o->error->message,
                                  _("Nothing was imported from this file; the project is unchanged."));
        }
    }

  if (cancelled)
    add_toast (self, _("Import cancelled"));
  if (n_failed > 0)
    show_errors (self, errors, n_failed);

  if (n_ok > 0)
    {
      reload_in_worker (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

/* Starts the worker on the pending files (paths and mappings move into
 * the job). */
static void
start_import (FlDataPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FlJob) job = NULL;
  ImportData *data;

  if (self->project == NULL || self->pending_paths->len == 0)
    {
      g_ptr_array_set_size (self->pending_paths, 0);
      g_ptr_array_set_size (self->pending_mappings, 0);
      return;
    }

  job = fl_job_new ();
  data = g_new0 (ImportData, 1);
  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->paths = g_steal_pointer (&self->pending_paths);
  data->mappings = g_steal_pointer (&self->pending_mappings);
  data->job = g_object_ref (job);
  self->pending_paths = g_ptr_array_new_with_free_func (g_free);
  self->pending_mappings = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_kpi_mapping_free);

  set_job (self, job);
  fl_job_progress_cb (0, _("Starting import…"), job);

  task = g_task_new (self, fl_job_get_cancellable (job), import_done_cb, NULL);
  g_task_set_source_tag (task, start_import);
  g_task_set_task_data (task, data, import_data_free);
  g_task_run_in_thread (task, import_worker);
}

static void next_mapping (FlDataPage *self);

static void
mapping_accepted_cb (FlMappingDialog *dialog,
                     gpointer         user_data)
{
  FlDataPage *self = FL_DATA_PAGE (user_data);

  g_ptr_array_add (self->pending_paths, g_strdup (fl_mapping_dialog_get_path (dialog)));
  g_ptr_array_add (self->pending_mappings, fl_mapping_dialog_get_mapping (dialog));
}

static gboolean
next_mapping_idle (gpointer user_data)
{
  next_mapping (FL_DATA_PAGE (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
mapping_close_cb (GtkWindow *window,
                  gpointer   user_data)
{
  FlDataPage *self = FL_DATA_PAGE (user_data);

  if (self->dialog == FL_MAPPING_DIALOG (window))
    {
      self->dialog = NULL;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, next_mapping_idle, g_object_ref (self),
                       g_object_unref);
    }
  return FALSE;
}

/* Shows the mapping dialog of the next queued KPI file, or starts the
 * import when none is left. */
static void
next_mapping (FlDataPage *self)
{
  g_autofree char *path = NULL;
  GtkRoot *root;

  if (self->dialog != NULL)
    return;
  path = g_queue_pop_head (&self->kpi_queue);
  if (path == NULL || self->project == NULL)
    {
      g_queue_clear_full (&self->kpi_queue, g_free);
      start_import (self);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->dialog = fl_mapping_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, path);
  g_signal_connect_object (self->dialog, "accepted", G_CALLBACK (mapping_accepted_cb), self, 0);
  g_signal_connect_object (self->dialog, "close-request", G_CALLBACK (mapping_close_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

/**
 * fl_data_page_import_files:
 * @self: a #FlDataPage
 * @files: (array length=n_files): files to import
 * @n_files: number of files
 *
 * Imports @files one after the other in a worker thread. KPI CSV files
 * (fl_kpi_file_is_kpi_csv()) first go through the column-mapping dialog,
 * one dialog per file; a file whose dialog is cancelled is skipped.
 */
void
fl_data_page_import_files (FlDataPage *self,
                           GFile     **files,
                           guint       n_files)
{
  guint n_local = 0;

  g_return_if_fail (FL_IS_DATA_PAGE (self));

  if (self->project == NULL || n_files == 0)
    return;
  if (self->job != NULL || self->dialog != NULL || self->pending_paths->len > 0)
    {
      add_toast (self, _("An import is already running"));
      return;
    }

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;
      n_local++;
      if (fl_kpi_file_is_kpi_csv (path))
        g_queue_push_tail (&self->kpi_queue, path);
      else
        {
          g_ptr_array_add (self->pending_paths, path);
          g_ptr_array_add (self->pending_mappings, NULL);
        }
    }
  if (n_local == 0)
    {
      add_toast (self, _("Only local files can be imported"));
      return;
    }
  next_mapping (self);
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     gpointer         user_data)
{
  FlDataPage *self = FL_DATA_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
      fl_data_page_import_files (self, (GFile **) files->pdata, files->len);
    }

  g_clear_object (&self->chooser);
}

/**
 * fl_data_page_import:
 * @self: a #FlDataPage
 *
 * Asks for files to import.
 */
void
fl_data_page_import (FlDataPage *self)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) supported = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (FL_IS_DATA_PAGE (self));

  if (self->project == NULL || self->job != NULL || self->chooser != NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Import Measurements"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);

  gtk_file_filter_set_name (supported, _("RIPE Atlas JSON, RTT traces, ping logs and KPI CSV"));
  gtk_file_filter_add_pattern (supported, "*.json");
  gtk_file_filter_add_pattern (supported, "*.ndjson");
  gtk_file_filter_add_pattern (supported, "*.jsonl");
  gtk_file_filter_add_pattern (supported, "*.csv");
  gtk_file_filter_add_pattern (supported, "*.txt");
  gtk_file_filter_add_pattern (supported, "*.tsv");
  gtk_file_filter_add_pattern (supported, "*.gz");
  gtk_file_filter_add_pattern (supported, "*.log");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), supported);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  FlDataPage *self = FL_DATA_PAGE (user_data);
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->project == NULL)
    return FALSE;

  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (list);

  fl_data_page_import_files (self, (GFile **) files->pdata, files->len);

  return files->len > 0;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fl_data_page_import (FL_DATA_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FlDataPage *self = FL_DATA_PAGE (widget);

  if (self->job != NULL)
    fl_job_cancel (self->job);
}

/**
 * fl_data_page_set_project:
 * @self: a #FlDataPage
 * @project: (nullable): the open project
 *
 * Shows @project. A running import for another project is cancelled.
 */
void
fl_data_page_set_project (FlDataPage *self,
                          FlProject  *project)
{
  g_return_if_fail (FL_IS_DATA_PAGE (self));

  if (self->project == project)
    return;

  if (self->job != NULL)
    {
      fl_job_cancel (self->job);
      set_job (self, NULL);
    }
  /* Mappings chosen for the old project are not imported into the new one. */
  g_queue_clear_full (&self->kpi_queue, g_free);
  if (self->pending_paths != NULL)
    g_ptr_array_set_size (self->pending_paths, 0);
  if (self->pending_mappings != NULL)
    g_ptr_array_set_size (self->pending_mappings, 0);
  if (self->dialog != NULL)
    {
      FlMappingDialog *dialog = g_steal_pointer (&self->dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_set_object (&self->project, project);
  fl_data_page_reload (self);
}

/**
 * fl_data_page_get_busy:
 * @self: a #FlDataPage
 *
 * Returns: whether an import or a removal, the listing of the sources and
 *   series after it, or the adding of the series rows (a few per main-loop
 *   turn) is under way
 */
gboolean
fl_data_page_get_busy (FlDataPage *self)
{
  g_return_val_if_fail (FL_IS_DATA_PAGE (self), FALSE);

  return self->job != NULL || self->list_cancel != NULL || self->series_idle != 0;
}

static void
fl_data_page_dispose (GObject *object)
{
  FlDataPage *self = (FlDataPage *) object;

  if (self->job != NULL)
    {
      fl_job_cancel (self->job);
      g_signal_handlers_disconnect_by_data (self->job, self);
    }
  g_clear_object (&self->job);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->project);
  if (self->quality_cancel != NULL)
    g_cancellable_cancel (self->quality_cancel);
  g_clear_object (&self->quality_cancel);
  if (self->list_cancel != NULL)
    g_cancellable_cancel (self->list_cancel);
  g_clear_object (&self->list_cancel);
  if (self->dialog != NULL)
    {
      FlMappingDialog *dialog = g_steal_pointer (&self->dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_queue_clear_full (&self->kpi_queue, g_free);
  g_clear_pointer (&self->pending_paths, g_ptr_array_unref);
  g_clear_pointer (&self->pending_mappings, g_ptr_array_unref);
  g_clear_pointer (&self->source_rows, g_hash_table_unref);
  stop_series_rows (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_DATA_PAGE);

  G_OBJECT_CLASS (fl_data_page_parent_class)->dispose (object);
}

/* ---- removing a source ---------------------------------------------- */

typedef struct
{
  char   *project_path;
  gint64  source_id;
  char   *file_name;
  FlJob  *job;
} RemoveData;

static void
remove_data_free (gpointer data)
{
  RemoveData *d = data;

  g_free (d->project_path);
  g_free (d->file_name);
  g_clear_object (&d->job);
  g_free (d);
}

static void
remove_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RemoveData *d = task_data;
  g_autoptr(FlProject) project = NULL;
  GError *error = NULL;

  /* One transaction: once it has started it runs to the end. */
  if (g_task_return_error_if_cancelled (task))
    return;
  project = fl_project_open (d->project_path, FALSE, &error);
  if (project == NULL ||
      !fl_project_remove_source (project, d->source_id, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Give the space back when a quarter of the file or more is free; the
   * removal stands whatever happens here. */
  if (!fl_project_compact (project, 0.25, NULL, &error))
    {
      g_warning ("Could not compact %s: %s", d->project_path, error->message);
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

static void
remove_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlDataPage *self = FL_DATA_PAGE (object);
  RemoveData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self->job != d->job)
    return;
  set_job (self, NULL);
  if (self->project == NULL ||
      g_strcmp0 (fl_project_get_path (self->project), d->project_path) != 0)
    return;

  if (!ok)
    {
      g_autoptr(GString) body = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          add_toast (self, _("Removal cancelled"));
          return;
        }
      body = g_string_new (error->message);
      g_string_append_printf (body, "\n\n%s", _("Nothing was removed; the project is unchanged."));
      show_message (self, _("Removal Failed"), body->str);
      return;
    }

  {
    g_autofree char *title = g_strdup_printf (_("Removed %s"), d->file_name);

    add_toast (self, title);
  }
  reload_in_worker (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
start_removal (FlDataPage *self,
               gint64      source_id,
               const char *file_name)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FlJob) job = NULL;
  g_autofree char *message = NULL;
  RemoveData *d;

  if (self->project == NULL || self->job != NULL)
    return;

  job = fl_job_new ();
  d = g_new0 (RemoveData, 1);
  d->project_path = g_strdup (fl_project_get_path (self->project));
  d->source_id = source_id;
  d->file_name = g_strdup (file_name);
  d->job = g_object_ref (job);
  set_job (self, job);
  /* Translators: progress while a source is removed from the project */
  message = g_strdup_printf (_("Removing %s"), file_name);
  fl_job_progress_cb (0.0, message, job);

  task = g_task_new (self, fl_job_get_cancellable (job), remove_done_cb, NULL);
  g_task_set_source_tag (task, start_removal);
  g_task_set_task_data (task, d, remove_data_free);
  g_task_run_in_thread (task, remove_worker);
}

/* The confirmation carries the source's id and name ("fl-source-id",
 * "fl-file-name"). */
static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FlDataPage       *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    start_removal (self, *(const gint64 *) g_object_get_data (G_OBJECT (dialog), "fl-source-id"),
                   g_object_get_data (G_OBJECT (dialog), "fl-file-name"));
}

static void
remove_source_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FlDataPage *self = FL_DATA_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 id = g_variant_get_int64 (parameter);
  GtkWidget *row = g_hash_table_lookup (self->source_rows, &id);
  g_autofree char *body = NULL;
  const char *file_name;
  GtkWidget *dialog;

  if (row == NULL || self->job != NULL)
    return;
  file_name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  {
    const FlImportCounts *counts = g_object_get_data (G_OBJECT (row), "fl-counts");
    g_autofree char *what = NULL;

    if (counts != NULL)
      /* Translators: the first sentence of the removal's confirmation */
      what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "It brought %llu result in %llu series.",
                                           "It brought %llu results in %llu series.",
                                           (unsigned long) MIN (counts->results, G_MAXULONG)),
                              (unsigned long long) counts->results,
                              (unsigned long long) counts->series);
    body = g_strdup_printf ("%s%s%s", what != NULL ? what : "", what != NULL ? " " : "",
                            _("Its samples, ping results and KPI values, and the series left "
                              "without data, are deleted from the project. Stored runs are "
                              "kept, but re-running them will report the changed data. The "
                              "file can be imported again later."));
  }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, body);
  /* Translators: heading of the confirmation; %s is a file name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove “%s”?"),
                                     file_name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fl-source-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "fl-file-name", g_strdup (file_name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fl_data_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FlDataPage *self = FL_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, fl_data_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_data_page_class_init (FlDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_data_page_dispose;
  object_class->get_property = fl_data_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlDataPage::changed:
   *
   * Emitted after an import added data to the project or a source was
   * removed from it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlDataPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlDataPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FlDataPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlDataPage, sources_list);
  gtk_widget_class_bind_template_child (widget_class, FlDataPage, series_list);
  gtk_widget_class_bind_template_child (widget_class, FlDataPage, series_heading);

  gtk_widget_class_install_action (widget_class, "data.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "data.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "data.remove-source", "x", remove_source_action);
}

static void
fl_data_page_init (FlDataPage *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_queue_init (&self->kpi_queue);
  self->pending_paths = g_ptr_array_new_with_free_func (g_free);
  self->pending_mappings = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_kpi_mapping_free);
  self->source_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.cancel", FALSE);
}
