/* fl-explore-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-explore-page.h"
#include "fl-rtt-chart.h"

/**
 * FlExplorePage:
 *
 * The Explore page: a series picker and the RTT chart of the chosen series.
 * Loading and decimating run in a worker thread; drawing (PLplot) runs on the
 * main thread, only when the size, the data or the theme changes.
 */
struct _FlExplorePage
{
  AdwBin          parent_instance;

  FlProject      *project;
  GPtrArray      *series;        /* FlSeriesInfo */
  gpointer        loaded;        /* SeriesRef, atomic rc box */
  FlRttChart     *chart;
  char           *summary;
  GCancellable   *cancellable;
  guint           resize_source;
  int             prepared_width;

  GtkStack       *stack;
  GtkDropDown    *series_dropdown;
  GtkStringList  *series_model;
  GtkDrawingArea *chart_area;
  GtkSpinner     *spinner;
  GtkLabel       *summary_label;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (FlExplorePage, fl_explore_page, ADW_TYPE_BIN)

typedef struct
{
  FlSeriesData *data;
  char         *label;
} SeriesRef;

typedef struct
{
  char     *project_path;
  gint64    series_id;
  char     *label;
  gpointer  loaded;   /* SeriesRef, or NULL to load first */
  guint     width;
} LoadData;

typedef struct
{
  gpointer    loaded;
  FlRttChart *chart;
} LoadResult;

static void
series_ref_clear (gpointer data)
{
  SeriesRef *ref = data;

  g_clear_pointer (&ref->data, fl_series_data_free);
  g_clear_pointer (&ref->label, g_free);
}

static void
series_ref_release (gpointer ref)
{
  g_atomic_rc_box_release_full (ref, series_ref_clear);
}

static void
load_data_free (gpointer data)
{
  LoadData *d = data;

  g_free (d->project_path);
  g_free (d->label);
  g_clear_pointer (&d->loaded, series_ref_release);
  g_free (d);
}

static void
load_result_free (gpointer data)
{
  LoadResult *r = data;

  g_clear_pointer (&r->loaded, series_ref_release);
  g_clear_pointer (&r->chart, fl_rtt_chart_free);
  g_free (r);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  LoadResult *result;
  SeriesRef *ref;
  GError *error = NULL;

  if (data->loaded == NULL)
    {
      g_autoptr(FlProject) project = fl_project_open (data->project_path, FALSE, &error);
      FlSeriesData *series;

      if (project == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      series = fl_project_load_series (project, data->series_id, &error);
      if (series == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      ref = g_atomic_rc_box_new0 (SeriesRef);
      ref->data = series;
      ref->label = g_strdup (data->label);
      data->loaded = ref;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  ref = data->loaded;
  result = g_new0 (LoadResult, 1);
  result->loaded = g_atomic_rc_box_acquire (ref);
  result->chart = fl_rtt_chart_prepare (ref->data, ref->label, MAX (data->width, 100));

  g_task_return_pointer (task, result, load_result_free);
}

static void
update_summary (FlExplorePage *self)
{
  g_clear_pointer (&self->summary, g_free);
  if (self->chart != NULL)
    self->summary = fl_rtt_chart_describe (self->chart);

  gtk_label_set_text (self->summary_label, self->summary != NULL ? self->summary : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->summary != NULL ? self->summary : _("RTT chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary != NULL ? self->summary : "",
                                  -1);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (object);
  GTask *task = G_TASK (res);
  g_autoptr(GError) error = NULL;
  LoadResult *result;

  result = g_task_propagate_pointer (task, &error);

  /* A newer request replaced this one, or the page went away. */
  if (g_task_get_cancellable (task) != self->cancellable ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&result, load_result_free);
      return;
    }

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  if (result == NULL)
    {
      adw_status_page_set_title (self->error_page, _("Could Not Load the Series"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (result->loaded != self->loaded)
    {
      g_clear_pointer (&self->loaded, series_ref_release);
      self->loaded = g_steal_pointer (&result->loaded);
    }
  g_clear_pointer (&self->chart, fl_rtt_chart_free);
  self->chart = g_steal_pointer (&result->chart);
  self->prepared_width = (int) self->chart->n_columns;
  load_result_free (result);

  update_summary (self);
  gtk_stack_set_visible_child_name (self->stack, "chart");
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
start_load (FlExplorePage *self,
            gint64         series_id,
            const char    *label,
            gpointer       loaded)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;
  int width;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  width = gtk_widget_get_width (GTK_WIDGET (self->chart_area));
  if (width <= 1)
    width = gtk_widget_get_width (GTK_WIDGET (self));

  data = g_new0 (LoadData, 1);
  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->series_id = series_id;
  data->label = g_strdup (label);
  data->loaded = loaded != NULL ? g_atomic_rc_box_acquire (loaded) : NULL;
  data->width = MAX (width, 400);

  if (loaded == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
      gtk_spinner_start (self->spinner);
    }

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, load_data_free);
  g_task_run_in_thread (task, load_worker);
}

static void
series_selected_cb (FlExplorePage *self)
{
  guint index = gtk_drop_down_get_selected (self->series_dropdown);
  const FlSeriesInfo *info;

  if (self->project == NULL || self->series == NULL || index >= self->series->len)
    return;

  info = g_ptr_array_index (self->series, index);
  g_clear_pointer (&self->loaded, series_ref_release);
  start_load (self, info->id, info->label, NULL);
}

static gboolean
resize_timeout_cb (gpointer user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (user_data);

  self->resize_source = 0;
  if (self->loaded != NULL && self->project != NULL)
    start_load (self, 0, NULL, self->loaded);

  return G_SOURCE_REMOVE;
}

static void
chart_resize_cb (GtkDrawingArea *area,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (user_data);

  if (self->loaded == NULL || width == self->prepared_width)
    return;

  /* Decimate again for the new width once the size settles. */
  g_clear_handle_id (&self->resize_source, g_source_remove);
  self->resize_source = g_timeout_add (150, resize_timeout_cb, self);
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  FlExplorePage *self = FL_EXPLORE_PAGE (user_data);
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
      g_warning ("Could not draw the chart: %s", error->message);
      adw_status_page_set_title (self->error_page, _("Charts Are Unavailable"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

static void
dark_changed_cb (FlExplorePage *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

/**
 * fl_explore_page_reload:
 * @self: a #FlExplorePage
 *
 * Lists the series of the project again and keeps the selection when the
 * selected series still exists.
 */
void
fl_explore_page_reload (FlExplorePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autofree char *selected_key = NULL;
  guint selected = 0;
  guint n_old;

  g_return_if_fail (FL_IS_EXPLORE_PAGE (self));

  if (self->series != NULL)
    {
      guint index = gtk_drop_down_get_selected (self->series_dropdown);

      if (index < self->series->len)
        selected_key = g_strdup (((FlSeriesInfo *) g_ptr_array_index (self->series, index))->key);
    }

  if (self->project != NULL)
    {
      series = fl_project_list_series (self->project, &error);
      if (series == NULL)
        g_warning ("Could not list series: %s", error->message);
    }

  g_clear_pointer (&self->series, g_ptr_array_unref);
  self->series = series != NULL ? g_ptr_array_ref (series) : NULL;

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
        if (g_strcmp0 (info->key, selected_key) == 0)
          selected = i;
      }
    g_ptr_array_add (labels, NULL);
    gtk_string_list_splice (self->series_model, 0, n_old, (const char * const *) labels->pdata);
  }
  gtk_drop_down_set_selected (self->series_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->series_dropdown, series_selected_cb, self);

  if (series == NULL || series->len == 0)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_pointer (&self->loaded, series_ref_release);
      g_clear_pointer (&self->chart, fl_rtt_chart_free);
      update_summary (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_sensitive (GTK_WIDGET (self->series_dropdown), FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->series_dropdown), TRUE);
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
  fl_explore_page_reload (self);
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

static void
fl_explore_page_dispose (GObject *object)
{
  FlExplorePage *self = (FlExplorePage *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->resize_source, g_source_remove);
  g_clear_pointer (&self->loaded, series_ref_release);
  g_clear_pointer (&self->chart, fl_rtt_chart_free);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_object (&self->project);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_EXPLORE_PAGE);

  G_OBJECT_CLASS (fl_explore_page_parent_class)->dispose (object);
}

static void
fl_explore_page_finalize (GObject *object)
{
  FlExplorePage *self = (FlExplorePage *) object;

  g_free (self->summary);

  G_OBJECT_CLASS (fl_explore_page_parent_class)->finalize (object);
}

static void
fl_explore_page_class_init (FlExplorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_explore_page_dispose;
  object_class->finalize = fl_explore_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-explore-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, series_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, series_model);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, chart_area);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FlExplorePage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, series_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, chart_resize_cb);
}

static void
fl_explore_page_init (FlExplorePage *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drawing_area_set_draw_func (self->chart_area, draw_chart_cb, self, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  if (!fl_rtt_chart_check_driver (&error))
    {
      adw_status_page_set_title (self->error_page, _("Charts Are Unavailable"));
      adw_status_page_set_description (self->error_page, error->message);
    }
  update_summary (self);
}
