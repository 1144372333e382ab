/* fl-results-page.c
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

#include "fl-arm-item.h"
#include "fl-confusion-view.h"
#include "fl-curve-chart.h"
#include "fl-job.h"
#include "fl-result-charts.h"
#include "fl-results-page.h"
#include "fl-run-store.h"

/* Height of the comparison table's header and rows, in pixels. */
#define TABLE_HEADER_PX 34
#define TABLE_ROW_PX    31

/* Arms plotted when a run is opened. */
#define N_DEFAULT_PLOTTED 3

/* Bars of the feature importance chart. */
#define N_IMPORTANCE_BARS 15

typedef enum
{
  COLUMN_PLOT,
  COLUMN_ARM,
  COLUMN_PRECISION,
  COLUMN_RECALL,
  COLUMN_F1,
  COLUMN_AP,
  COLUMN_MCC,
  COLUMN_EVENT_RECALL,
  COLUMN_FALSE_ALARMS,
  N_COLUMNS
} Column;

/**
 * FlResultsPage:
 *
 * The Results page: a picker of the project's stored runs (newest first),
 * the chosen run's label, folds and warnings, the comparison table (one row
 * per arm with intervals, MCC and event metrics; baselines in italics; an
 * "insufficient events" badge), the selected arm's confusion matrix under
 * a threshold slider, and the precision–recall, ROC, calibration and
 * threshold-sweep curves of the ticked arms. Runs are read and their JSON
 * parsed in worker threads on their own project connection; PLplot draws on
 * the main thread only.
 */
struct _FlResultsPage
{
  AdwBin             parent_instance;

  FlProject         *project;
  GCancellable      *list_cancellable;
  GCancellable      *run_cancellable;
  guint              n_pending;
  GArray            *run_ids;       /* gint64, newest first, as in the picker */
  gint64             run_id;        /* shown run, -1 for none */
  gint64             wanted_run_id; /* run to show after the next list load */
  gboolean           filling;       /* the picker is being refilled */
  FlStoredRun       *run;           /* header facts; its arms moved to items */
  double             cm_threshold;  /* threshold of the matrix shown */
  GListStore        *arms;          /* FlArmItem, stored order */
  GtkSingleSelection *selection;
  FlCurveChart      *chart;
  GHashTable        *series_labels; /* series id (gint64 *) -> label */
  GArray            *series_ids;    /* gint64: the series of the per-series view */
  FlSeriesChart     *series_chart;
  FlNoiseChart      *noise_chart;
  FlImportanceChart *importance_chart;

  GtkStack          *state_stack;
  GtkDropDown       *run_dropdown;
  GtkStringList     *run_model;
  GtkSpinner        *spinner;
  GtkLabel          *title_label;
  GtkLabel          *details_label;
  GtkLabel          *label_label;
  GtkBox            *warnings_box;
  GtkScrolledWindow *table_scroller;
  GtkColumnView     *arms_view;
  GtkLabel          *cm_title;
  FlConfusionView   *confusion_view;
  GtkScale          *threshold_scale;
  GtkAdjustment     *threshold_adjustment;
  GtkLabel          *threshold_metrics_label;
  GtkStack          *curve_stack;
  GtkDrawingArea    *pr_area;
  GtkDrawingArea    *roc_area;
  GtkDrawingArea    *calibration_area;
  GtkDrawingArea    *sweep_area;
  GtkBox            *series_box;
  GtkLabel          *series_title;
  GtkGrid           *series_grid;
  GtkDrawingArea    *series_area;
  GtkStackPage      *noise_page;
  GtkDropDown       *noise_metric_dropdown;
  GtkLabel          *noise_caption;
  GtkDrawingArea    *noise_area;
  GtkStackPage      *importance_page;
  GtkDrawingArea    *importance_area;
  GtkScrolledWindow *page_scroller;
  GtkWidget         *curves_heading;
  gboolean           reveal_noise;  /* scroll to the noise curves of a new run */
  guint              reveal_ticks;
};

G_DEFINE_FINAL_TYPE (FlResultsPage, fl_results_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_SHOW_BUCKETS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- formatting ---------------------------------------------------------- */

static char *
format_value (double v,
              int    digits)
{
  if (!isfinite (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f", digits, v);
}

/* "0.186 (0.14–0.25)" */
static char *
format_with_interval (double            v,
                      const FlInterval *ci)
{
  if (!isfinite (v))
    return g_strdup ("—");
  if (ci == NULL || !isfinite (ci->lower) || !isfinite (ci->upper))
    return g_strdup_printf ("%.3f", v);
  /* Translators: a metric with its 95 % interval, "0.186 (0.14–0.25)" */
  return g_strdup_printf (_("%.3f (%.2f–%.2f)"), v, ci->lower, ci->upper);
}

static char *
format_time (gint64 unix_s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_s);

  if (dt == NULL)
    return g_strdup ("?");
  /* Translators: date and time of a run, see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b %Y %H:%M"));
}

/* ---- loading the run list (worker) ---------------------------------------- */

typedef struct
{
  gint64  id;
  char   *text;
} RunEntry;

static void
run_entry_free (gpointer data)
{
  RunEntry *e = data;

  g_free (e->text);
  g_free (e);
}

static char *
describe_run (const FlRunInfo *info)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *when = format_time (info->created_at);
  g_autofree char *series = NULL;
  g_autofree char *ap = NULL;
  g_autofree char *f1 = NULL;
  JsonObject *o = NULL;

  if (info->summary_json != NULL &&
      json_parser_load_from_data (parser, info->summary_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    o = json_node_get_object (json_parser_get_root (parser));

  if (o != NULL)
    {
      JsonNode *n;

      series = g_strdup (json_object_get_string_member_with_default (o, "series", "?"));
      n = json_object_get_member (o, "average_precision");
      ap = format_value (n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_double (n) : NAN,
                         3);
      n = json_object_get_member (o, "f1");
      f1 = format_value (n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_double (n) : NAN,
                         3);
      /* Translators: run picker entry, "Run 3 · 23 Nov 2026 18:25 · trace:11119 · AP 0.125 · F1 0.082" */
      return g_strdup_printf (_("Run %lld · %s · %s · AP %s · F1 %s"), (long long) info->id,
                              when, series, ap, f1);
    }

  /* Translators: run picker entry without a summary, "Run 3 · 23 Nov 2026 18:25 · failed" */
  return g_strdup_printf (_("Run %lld · %s · %s"), (long long) info->id, when,
                          info->status != NULL ? info->status : "?");
}

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (run_entry_free);
  GError *error = NULL;

  project = fl_project_open (path, FALSE, &error);
  if (project == NULL || (runs = fl_project_list_runs (project, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      const FlRunInfo *info = g_ptr_array_index (runs, i);
      RunEntry *e = g_new0 (RunEntry, 1);

      if (g_task_return_error_if_cancelled (task))
        {
          run_entry_free (e);
          return;
        }
      e->id = info->id;
      e->text = describe_run (info);
      g_ptr_array_add (entries, e);
    }
  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify) g_ptr_array_unref);
}

/* ---- loading one run (worker) --------------------------------------------- */

typedef struct
{
  char   *path;
  gint64  run_id;
} RunRequest;

typedef struct
{
  FlStoredRun *run;
  GPtrArray   *curves;   /* FlArmCurves or NULL, one per arm */
  GHashTable  *series_labels;   /* gint64 * -> char * */
} LoadedRun;

static void
run_request_free (gpointer data)
{
  RunRequest *r = data;

  g_free (r->path);
  g_free (r);
}

static void
loaded_run_free (gpointer data)
{
  LoadedRun *l = data;

  fl_stored_run_free (l->run);
  g_clear_pointer (&l->curves, g_ptr_array_unref);
  g_clear_pointer (&l->series_labels, g_hash_table_unref);
  g_free (l);
}

static void
arm_curves_free_nullable (gpointer data)
{
  fl_arm_curves_free (data);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunRequest *req = task_data;
  g_autoptr(FlProject) project = NULL;
  LoadedRun *loaded;
  GError *error = NULL;
  FlStoredRun *run;

  project = fl_project_open (req->path, FALSE, &error);
  if (project == NULL || (run = fl_project_load_run (project, req->run_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  loaded = g_new0 (LoadedRun, 1);
  loaded->run = run;
  loaded->curves = g_ptr_array_new_with_free_func (arm_curves_free_nullable);
  loaded->series_labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  {
    g_autoptr(GPtrArray) series = fl_project_list_series (project, NULL);

    for (guint i = 0; series != NULL && i < series->len; i++)
      {
        const FlSeriesInfo *info = g_ptr_array_index (series, i);

        g_hash_table_insert (loaded->series_labels, g_memdup2 (&info->id, sizeof (gint64)),
                             g_strdup (info->label != NULL && info->label[0] != '\0'
                                       ? info->label : info->key));
      }
  }
  for (guint i = 0; i < run->arms->len; i++)
    {
      const FlStoredArm *arm = g_ptr_array_index (run->arms, i);
      g_autoptr(GError) curve_error = NULL;
      FlArmCurves *curves = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (arm->curves_json != NULL)
        {
          curves = fl_arm_curves_from_json (arm->curves_json, &curve_error);
          if (curves == NULL)
            g_warning ("Run %" G_GINT64_FORMAT ", arm %s: %s", req->run_id, arm->name,
                       curve_error->message);
        }
      g_ptr_array_add (loaded->curves, curves);
    }

  if (g_task_return_error_if_cancelled (task))
    {
      loaded_run_free (loaded);
      return;
    }
  g_task_return_pointer (task, loaded, loaded_run_free);
}

/* ---- busy state ------------------------------------------------------------ */

static void
pending_changed (FlResultsPage *self,
                 int            delta)
{
  gboolean was_busy = self->n_pending > 0;

  self->n_pending = (guint) ((int) self->n_pending + delta);
  gtk_spinner_set_spinning (self->spinner, self->n_pending > 0);
  if (was_busy != (self->n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- charts ---------------------------------------------------------------- */

static GtkDrawingArea *
area_for_kind (FlResultsPage    *self,
               FlCurveChartKind  kind)
{
  switch (kind)
    {
    case FL_CURVE_CHART_PR:
      return self->pr_area;
    case FL_CURVE_CHART_ROC:
      return self->roc_area;
    case FL_CURVE_CHART_CALIBRATION:
      return self->calibration_area;
    case FL_CURVE_CHART_SWEEP:
    default:
      return self->sweep_area;
    }
}

static const char *
series_label (FlResultsPage *self,
              gint64         series_id)
{
  const char *label = self->series_labels != NULL
                      ? g_hash_table_lookup (self->series_labels, &series_id) : NULL;

  return label;
}

/* The per-series values of @arm in the order of self->series_ids (NaN
 * where the arm has no entry for a series). */
static void
arm_series_values (FlResultsPage     *self,
                   const FlStoredArm *arm,
                   double            *ap,
                   double            *f1)
{
  g_autoptr(GArray) ps = fl_stored_arm_get_per_series (arm);

  for (guint i = 0; i < self->series_ids->len; i++)
    {
      gint64 id = g_array_index (self->series_ids, gint64, i);

      ap[i] = f1[i] = NAN;
      for (guint j = 0; j < ps->len; j++)
        {
          const FlStoredSeriesMetrics *sm = &g_array_index (ps, FlStoredSeriesMetrics, j);

          if (sm->series_id == id)
            {
              ap[i] = sm->average_precision;
              f1[i] = sm->f1;
              break;
            }
        }
    }
}

static void
set_area_summary (GtkDrawingArea *area,
                  const char     *summary)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (area), summary);
  gtk_widget_queue_draw (GTK_WIDGET (area));
}

/* Per-series points and noise curves of the ticked arms, in the colours
 * of their swatches. */
static void
rebuild_breakdown_charts (FlResultsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->arms));
  guint n_series = self->series_ids->len;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *ap = g_new (double, MAX (n_series, 1));
  g_autofree double *f1 = g_new (double, MAX (n_series, 1));
  FlNoiseMetric metric = gtk_drop_down_get_selected (self->noise_metric_dropdown);
  g_autofree char *series_summary = NULL;
  g_autofree char *noise_summary = NULL;

  if (metric >= FL_N_NOISE_METRICS)
    metric = FL_NOISE_METRIC_RECALL;
  for (guint i = 0; i < n_series; i++)
    {
      gint64 id = g_array_index (self->series_ids, gint64, i);
      const char *label = series_label (self, id);

      g_ptr_array_add (labels, label != NULL ? g_strdup (label)
                                             : g_strdup_printf (_("series %lld"), (long long) id));
    }
  g_ptr_array_add (labels, NULL);

  g_clear_pointer (&self->series_chart, fl_series_chart_free);
  g_clear_pointer (&self->noise_chart, fl_noise_chart_free);
  self->series_chart = fl_series_chart_new (n_series, (const char * const *) labels->pdata);
  self->noise_chart = fl_noise_chart_new (metric);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlArmItem) item = g_list_model_get_item (G_LIST_MODEL (self->arms), i);
      const FlStoredArm *arm = fl_arm_item_get_arm (item);
      int color = fl_arm_item_get_color_index (item);
      g_autoptr(GArray) noise = NULL;
      FlStoredMacro macro;

      if (!fl_arm_item_get_plotted (item) || color < 0)
        continue;
      if (n_series > 1)
        {
          fl_stored_arm_get_macro (arm, &macro);
          arm_series_values (self, arm, ap, f1);
          fl_series_chart_add_arm (self->series_chart, arm->name, (guint) color, ap, f1,
                                   macro.average_precision, macro.f1);
        }
      noise = fl_stored_arm_get_noise (arm);
      if (noise->len > 0)
        fl_noise_chart_add_arm (self->noise_chart, arm->name, (guint) color,
                                (const FlStoredNoisePoint *) (gpointer) noise->data, noise->len);
    }

  series_summary = fl_series_chart_describe (self->series_chart);
  set_area_summary (self->series_area, series_summary);
  noise_summary = fl_noise_chart_describe (self->noise_chart);
  set_area_summary (self->noise_area, noise_summary);
}

static void
rebuild_chart (FlResultsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->arms));
  int color = 0;

  g_clear_pointer (&self->chart, fl_curve_chart_free);
  self->chart = fl_curve_chart_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlArmItem) item = g_list_model_get_item (G_LIST_MODEL (self->arms), i);
      const FlStoredArm *arm = fl_arm_item_get_arm (item);

      if (!fl_arm_item_get_plotted (item))
        {
          fl_arm_item_set_color_index (item, -1);
          continue;
        }
      fl_arm_item_set_color_index (item, color++);
      fl_curve_chart_add_arm (self->chart, arm->name, arm->is_baseline, &arm->metrics,
                              fl_arm_item_get_curves (item));
    }

  for (FlCurveChartKind kind = FL_CURVE_CHART_PR; kind <= FL_CURVE_CHART_SWEEP; kind++)
    {
      GtkDrawingArea *area = area_for_kind (self, kind);
      g_autofree char *summary = fl_curve_chart_describe (self->chart, kind);

      gtk_accessible_update_property (GTK_ACCESSIBLE (area),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (area), summary);
      gtk_widget_queue_draw (GTK_WIDGET (area));
    }
  rebuild_breakdown_charts (self);
}

static void
draw_curve_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  FlResultsPage *self = FL_RESULTS_PAGE (user_data);
  FlCurveChartKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "kind"));
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

  if (!fl_curve_chart_draw (self->chart, kind, cr, width, height, &style, &error))
    g_warning ("Could not draw the %s chart: %s",
               gtk_widget_get_name (GTK_WIDGET (area)), error->message);
}

static void
area_style (GtkWidget    *area,
            FlChartStyle *style)
{
  GdkRGBA fg;

  fl_chart_style_init (style, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (area), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  style->foreground[0] = fg.red;
  style->foreground[1] = fg.green;
  style->foreground[2] = fg.blue;
}

static void
draw_breakdown_cb (GtkDrawingArea *area,
                   cairo_t        *cr,
                   int             width,
                   int             height,
                   gpointer        user_data)
{
  FlResultsPage *self = FL_RESULTS_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  FlChartStyle style;
  gboolean ok = TRUE;

  area_style (GTK_WIDGET (area), &style);
  if (area == self->series_area && self->series_chart != NULL)
    ok = fl_series_chart_draw (self->series_chart, cr, width, height, &style, &error);
  else if (area == self->noise_area && self->noise_chart != NULL)
    ok = fl_noise_chart_draw (self->noise_chart, cr, width, height, &style, &error);
  else if (area == self->importance_area && self->importance_chart != NULL)
    ok = fl_importance_chart_draw (self->importance_chart, cr, width, height, &style, &error);
  if (!ok)
    g_warning ("Could not draw the %s chart: %s",
               gtk_widget_get_name (GTK_WIDGET (area)), error->message);
}

static void
dark_changed_cb (FlResultsPage *self)
{
  for (FlCurveChartKind kind = FL_CURVE_CHART_PR; kind <= FL_CURVE_CHART_SWEEP; kind++)
    gtk_widget_queue_draw (GTK_WIDGET (area_for_kind (self, kind)));
  gtk_widget_queue_draw (GTK_WIDGET (self->series_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->noise_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->importance_area));
}

/* ---- confusion matrix and threshold ------------------------------------------ */

static FlArmItem *
selected_item (FlResultsPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_confusion (FlResultsPage *self)
{
  FlArmItem *item = selected_item (self);
  const FlStoredArm *arm;
  const FlArmCurves *curves;
  const FlThresholdSweep *sweep;
  g_autofree char *title = NULL;
  g_autofree char *metrics = NULL;
  FlConfusionMatrix cm;
  double t = gtk_adjustment_get_value (self->threshold_adjustment);
  double precision, recall, f1;

  if (item == NULL)
    {
      FlConfusionMatrix zero = { 0 };

      fl_confusion_view_set_matrix (self->confusion_view, &zero);
      gtk_label_set_text (self->cm_title, _("Select an arm in the table"));
      gtk_label_set_text (self->threshold_metrics_label, "");
      gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_scale), FALSE);
      return;
    }

  arm = fl_arm_item_get_arm (item);
  curves = fl_arm_item_get_curves (item);
  sweep = curves != NULL ? curves->sweep : NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_scale),
                            sweep != NULL && sweep->n_points > 1);

  cm = arm->metrics.cm;
  if (sweep != NULL && sweep->n_points > 1 &&
      !(isfinite (arm->metrics.threshold) && fabs (t - arm->metrics.threshold) < 1e-9))
    {
      /* The stored sweep holds TP and FP at 101 thresholds: the matrix at
       * any of them follows from the class totals. */
      gsize k = 0;
      guint64 positives = arm->metrics.cm.tp + arm->metrics.cm.fn;
      guint64 negatives = arm->metrics.cm.tn + arm->metrics.cm.fp;

      for (gsize i = 1; i < sweep->n_points; i++)
        if (fabs (sweep->threshold[i] - t) < fabs (sweep->threshold[k] - t))
          k = i;
      t = sweep->threshold[k];
      cm.tp = MIN (sweep->tp[k], positives);
      cm.fp = MIN (sweep->fp[k], negatives);
      cm.fn = positives - cm.tp;
      cm.tn = negatives - cm.fp;
    }
  else if (isfinite (arm->metrics.threshold))
    t = arm->metrics.threshold;

  fl_confusion_view_set_matrix (self->confusion_view, &cm);
  self->cm_threshold = t;
  /* Translators: "xgboost + smote at threshold 0.50" */
  title = g_strdup_printf (_("%s at threshold %.2f"), arm->name, t);
  gtk_label_set_text (self->cm_title, title);

  precision = cm.tp + cm.fp > 0 ? (double) cm.tp / (cm.tp + cm.fp) : 0.0;
  recall = cm.tp + cm.fn > 0 ? (double) cm.tp / (cm.tp + cm.fn) : 0.0;
  f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  /* Translators: under the confusion matrix; the last number is how many
   * rows are predicted degraded */
  metrics = g_strdup_printf (_("Precision %.3f · recall %.3f · F1 %.3f · %llu alarms"),
                             precision, recall, f1, (unsigned long long) (cm.tp + cm.fp));
  gtk_label_set_text (self->threshold_metrics_label, metrics);
}

static void
cell_activated_cb (FlResultsPage *self,
                   guint          actual,
                   guint          predicted)
{
  FlArmItem *item = selected_item (self);

  if (item == NULL || self->run == NULL)
    return;

  g_signal_emit (self, signals[SIGNAL_SHOW_BUCKETS], 0, self->run->id,
                 fl_arm_item_get_arm (item)->index, self->cm_threshold, actual, predicted);
}

static void
grid_add (GtkGrid    *grid,
          int         column,
          int         row,
          const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

/* One row of the per-series table: label, rows, positives, precision,
 * recall, F1, AP (rows and positives left empty unless @counts). */
static void
grid_add_row (GtkGrid    *grid,
              int         row,
              const char *label,
              gboolean    counts,
              guint64     rows,
              guint64     positives,
              double      precision,
              double      recall,
              double      f1,
              double      ap,
              const char *css_class)
{
  double values[] = { precision, recall, f1, ap };
  g_autofree char *n_rows = counts ? g_strdup_printf ("%llu", (unsigned long long) rows)
                                   : g_strdup ("");
  g_autofree char *n_pos = counts ? g_strdup_printf ("%llu", (unsigned long long) positives)
                                  : g_strdup ("");

  grid_add (grid, 0, row, label, css_class);
  grid_add (grid, 1, row, n_rows, css_class);
  grid_add (grid, 2, row, n_pos, css_class);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = format_value (values[i], 3);

      grid_add (grid, 3 + (int) i, row, text, css_class);
    }
}

/* The selected arm's metrics per series, with the macro average and the
 * overall (micro) values under them. */
static void
update_series_table (FlResultsPage *self)
{
  FlArmItem *item = selected_item (self);
  const FlStoredArm *arm;
  g_autoptr(GArray) ps = NULL;
  g_autofree char *title = NULL;
  g_autofree char *macro_text = NULL;
  FlStoredMacro macro;
  gboolean has_macro;
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->series_grid))) != NULL)
    gtk_grid_remove (self->series_grid, child);
  if (item == NULL || self->series_ids->len < 2)
    {
      gtk_label_set_text (self->series_title, _("Select an arm in the table"));
      return;
    }

  arm = fl_arm_item_get_arm (item);
  ps = fl_stored_arm_get_per_series (arm);
  has_macro = fl_stored_arm_get_macro (arm, &macro);
  if (has_macro)
    {
      g_autofree char *m_ap = format_value (macro.average_precision, 3);
      g_autofree char *m_f1 = format_value (macro.f1, 3);
      g_autofree char *o_ap = format_value (arm->metrics.average_precision, 3);
      g_autofree char *o_f1 = format_value (arm->metrics.f1, 3);

      /* Translators: "macro AP 0.210, F1 0.150 · overall (micro) AP 0.180, F1 0.140" */
      macro_text = g_strdup_printf (_("macro AP %s, F1 %s · overall (micro) AP %s, F1 %s"),
                                    m_ap, m_f1, o_ap, o_f1);
    }
  /* Translators: "xgboost on 3 series, one model per series · macro AP …" */
  title = g_strdup_printf (_("%s on %u series%s%s%s"), arm->name, ps->len,
                           arm->metrics_object != NULL &&
                           json_object_get_boolean_member_with_default (arm->metrics_object,
                                                                        "one_model_per_series",
                                                                        FALSE)
                           ? _(", one model per series") : _(", one pooled model"),
                           macro_text != NULL ? " · " : "",
                           macro_text != NULL ? macro_text : "");
  gtk_label_set_text (self->series_title, title);

  grid_add (self->series_grid, 0, row, C_("column", "Series"), "heading");
  grid_add (self->series_grid, 1, row, C_("column", "Rows"), "heading");
  grid_add (self->series_grid, 2, row, C_("column", "Positives"), "heading");
  grid_add (self->series_grid, 3, row, C_("column", "Precision"), "heading");
  grid_add (self->series_grid, 4, row, C_("column", "Recall"), "heading");
  grid_add (self->series_grid, 5, row, C_("column", "F1"), "heading");
  grid_add (self->series_grid, 6, row, C_("column", "AP"), "heading");
  row++;
  for (guint i = 0; i < ps->len; i++, row++)
    {
      const FlStoredSeriesMetrics *sm = &g_array_index (ps, FlStoredSeriesMetrics, i);
      const char *label = series_label (self, sm->series_id);
      g_autofree char *fallback = g_strdup_printf (_("series %lld"), (long long) sm->series_id);

      grid_add_row (self->series_grid, row, label != NULL ? label : fallback, TRUE, sm->rows,
                    sm->positives, sm->precision, sm->recall, sm->f1, sm->average_precision,
                    NULL);
    }
  if (has_macro)
    grid_add_row (self->series_grid, row++, _("Macro average"), FALSE, 0, 0, macro.precision,
                  macro.recall, macro.f1, macro.average_precision, "dim-label");
  grid_add_row (self->series_grid, row++, _("Overall (micro, pooled rows)"), FALSE, 0, 0,
                arm->metrics.precision, arm->metrics.recall, arm->metrics.f1,
                arm->metrics.average_precision, "dim-label");
}

/* The selected arm's gain importance, when it has one. */
static void
update_importance (FlResultsPage *self)
{
  FlArmItem *item = selected_item (self);
  g_autoptr(GArray) imp = NULL;
  g_autofree char *summary = NULL;
  const FlStoredArm *arm;
  int color;

  g_clear_pointer (&self->importance_chart, fl_importance_chart_free);
  if (item == NULL)
    {
      gtk_stack_page_set_visible (self->importance_page, FALSE);
      return;
    }
  arm = fl_arm_item_get_arm (item);
  imp = fl_stored_arm_get_importance (arm, "gain");
  color = fl_arm_item_get_color_index (item);
  self->importance_chart = fl_importance_chart_new (arm->name, color >= 0 ? (guint) color : 0,
                                                    (const FlStoredImportance *) (gpointer)
                                                    imp->data, imp->len, N_IMPORTANCE_BARS);
  gtk_stack_page_set_visible (self->importance_page, imp->len > 0);
  summary = fl_importance_chart_describe (self->importance_chart);
  set_area_summary (self->importance_area, summary);
}

static void
selection_changed_cb (FlResultsPage *self)
{
  FlArmItem *item = selected_item (self);

  /* A new arm starts at its run's threshold. */
  if (item != NULL && isfinite (fl_arm_item_get_arm (item)->metrics.threshold))
    gtk_adjustment_set_value (self->threshold_adjustment,
                              fl_arm_item_get_arm (item)->metrics.threshold);
  update_confusion (self);
  update_series_table (self);
  update_importance (self);
}

static void
threshold_changed_cb (FlResultsPage *self)
{
  update_confusion (self);
}

/* ---- the comparison table ------------------------------------------------- */

static void
set_italic (GtkLabel *label,
            gboolean  italic)
{
  PangoAttrList *attrs = NULL;

  if (italic)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
    }
  gtk_label_set_attributes (label, attrs);
  g_clear_pointer (&attrs, pango_attr_list_unref);
}

static void
swatch_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  FlArmItem *item = g_object_get_data (G_OBJECT (area), "item");
  FlChartStyle style;
  double rgb[3];
  int index;

  if (item == NULL || (index = fl_arm_item_get_color_index (item)) < 0)
    return;
  /* The colour the charts draw this arm in (lighter in the dark style). */
  fl_chart_style_init (&style, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  fl_curve_chart_arm_color_on ((guint) index, &style, rgb);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* "▲" / "▼" for an arm significantly better / worse in average precision
 * than the compared arm (the run's `vs_baseline` marker "v" / "*"), with
 * the p-values as @tip; NULL when not significant or not compared. */
static const char *
significance_marker (const FlStoredArm  *arm,
                     char              **tip)
{
  JsonObject *vs;
  const char *marker;
  GString *s;

  *tip = NULL;
  if (arm->metrics_object == NULL || !json_object_has_member (arm->metrics_object, "vs_baseline"))
    return NULL;
  vs = json_object_get_object_member (arm->metrics_object, "vs_baseline");
  if (vs == NULL)
    return NULL;
  marker = json_object_get_string_member_with_default (vs, "marker", "");

  s = g_string_new (NULL);
  if (json_object_has_member (vs, "ap_difference"))
    g_string_append_printf (s, _("Average precision difference to the compared arm: %+.3f"),
                            json_object_get_double_member_with_default (vs, "ap_difference", NAN));
  if (json_object_has_member (vs, "p_corrected_ttest"))
    g_string_append_printf (s, _("\nCorrected resampled t-test over folds: p = %.3g"),
                            json_object_get_double_member_with_default (vs, "p_corrected_ttest",
                                                                        NAN));
  if (json_object_has_member (vs, "p_paired_bootstrap"))
    g_string_append_printf (s, _("\nPaired block bootstrap: p = %.3g"),
                            json_object_get_double_member_with_default (vs, "p_paired_bootstrap",
                                                                        NAN));
  *tip = g_string_free (s, FALSE);

  if (g_strcmp0 (marker, "v") == 0)
    return "▲";
  if (g_strcmp0 (marker, "*") == 0)
    return "▼";
  return NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);

  if (column == COLUMN_PLOT)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *swatch = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 10);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 10);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw_cb, NULL, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (swatch),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Curve colour"), -1);
      gtk_box_append (GTK_BOX (box), check);
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_list_item_set_child (list_item, box);
      gtk_list_item_set_activatable (list_item, FALSE);
    }
  else if (column == COLUMN_ARM)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name = gtk_label_new (NULL);
      GtkWidget *tag = gtk_label_new (_("baseline"));
      GtkWidget *badge = gtk_label_new (_("insufficient events"));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (tag, "caption");
      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_add_css_class (badge, "caption");
      gtk_widget_add_css_class (badge, "warning");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), tag);
      gtk_box_append (GTK_BOX (box), badge);
      gtk_list_item_set_child (list_item, box);
    }
  else
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      gtk_list_item_set_child (list_item, label);
    }
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  FlArmItem *item = gtk_list_item_get_item (list_item);
  const FlStoredArm *arm = fl_arm_item_get_arm (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_PLOT:
      {
        GtkWidget *check = gtk_widget_get_first_child (child);
        GtkWidget *swatch = gtk_widget_get_next_sibling (check);
        g_autofree char *label = g_strdup_printf (_("Plot %s"), arm->name);
        GBinding *binding;

        binding = g_object_bind_property (item, "plotted", check, "active",
                                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
        g_object_set_data (G_OBJECT (check), "binding", binding);
        gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        gtk_widget_set_tooltip_text (check, label);
        g_object_set_data (G_OBJECT (swatch), "item", item);
        g_signal_connect_object (item, "notify::color-index",
                                 G_CALLBACK (gtk_widget_queue_draw), swatch, G_CONNECT_SWAPPED);
        gtk_widget_queue_draw (swatch);
      }
      return;

    case COLUMN_ARM:
      {
        GtkWidget *name = gtk_widget_get_first_child (child);
        GtkWidget *tag = gtk_widget_get_next_sibling (name);
        GtkWidget *badge = gtk_widget_get_next_sibling (tag);

        gtk_label_set_text (GTK_LABEL (name), arm->name);
        set_italic (GTK_LABEL (name), arm->is_baseline);
        gtk_widget_set_visible (tag, arm->is_baseline);
        gtk_widget_set_visible (badge, arm->events.insufficient_events);
        if (arm->events.insufficient_events)
          {
            g_autofree char *tip =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Only %u event in the test rows (fewer than %d): "
                                            "treat precision and recall as anecdotal",
                                            "Only %u events in the test rows (fewer than %d): "
                                            "treat precision and recall as anecdotal",
                                            arm->events.n_events),
                               arm->events.n_events, FL_MIN_TEST_EVENTS);

            gtk_widget_set_tooltip_text (badge, tip);
          }
      }
      return;

    case COLUMN_PRECISION:
      text = format_with_interval (arm->metrics.precision, &arm->precision_ci);
      break;
    case COLUMN_RECALL:
      text = format_with_interval (arm->metrics.recall, &arm->recall_ci);
      break;
    case COLUMN_F1:
      text = format_with_interval (arm->metrics.f1, &arm->f1_ci);
      break;
    case COLUMN_AP:
      {
        g_autofree char *value = format_with_interval (arm->metrics.average_precision,
                                                       &arm->average_precision_ci);
        g_autofree char *tip = NULL;
        const char *marker = significance_marker (arm, &tip);

        /* Weka-style: ▲ better / ▼ worse than the compared arm. */
        text = marker != NULL ? g_strdup_printf ("%s %s", marker, value) : g_steal_pointer (&value);
        gtk_widget_set_tooltip_text (child, tip);
      }
      break;
    case COLUMN_MCC:
      text = format_value (arm->metrics.mcc, 3);
      break;
    case COLUMN_EVENT_RECALL:
      text = format_value (arm->events.event_recall, 3);
      break;
    case COLUMN_FALSE_ALARMS:
    case N_COLUMNS:
    default:
      text = format_value (arm->events.false_alarms_per_day, 1);
      break;
    }

  /* The interval in smaller type: the value is what is compared. */
  {
    const char *paren = strchr (text, '(');
    g_autofree char *markup = NULL;

    if (paren != NULL)
      {
        g_autofree char *value = g_strndup (text, paren - text);

        markup = g_markup_printf_escaped ("%s<span size=\"small\">%s</span>", value, paren);
      }
    else
      markup = g_markup_escape_text (text, -1);
    if (arm->is_baseline)
      {
        char *italic = g_strconcat ("<i>", markup, "</i>", NULL);

        g_free (markup);
        markup = italic;
      }
    gtk_label_set_markup (GTK_LABEL (child), markup);
  }
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  FlArmItem *item = gtk_list_item_get_item (list_item);

  if (column == COLUMN_PLOT)
    {
      GtkWidget *check = gtk_widget_get_first_child (child);
      GtkWidget *swatch = gtk_widget_get_next_sibling (check);
      GBinding *binding = g_object_steal_data (G_OBJECT (check), "binding");

      if (binding != NULL)
        g_binding_unbind (binding);
      if (item != NULL)
        g_signal_handlers_disconnect_by_func (item, gtk_widget_queue_draw, swatch);
      g_object_set_data (G_OBJECT (swatch), "item", NULL);
    }
}

static void
add_column (FlResultsPage *self,
            Column         column,
            const char    *title,
            const char    *property,
            gboolean       expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (property != NULL)
    {
      GtkExpression *expr = gtk_property_expression_new (FL_TYPE_ARM_ITEM, NULL, property);
      GtkSorter *sorter;

      if (g_str_equal (property, "name"))
        sorter = GTK_SORTER (gtk_string_sorter_new (expr));
      else
        sorter = GTK_SORTER (gtk_numeric_sorter_new (expr));
      gtk_column_view_column_set_sorter (col, sorter);
      g_object_unref (sorter);
    }
  gtk_column_view_append_column (self->arms_view, col);
}

/* ---- showing a run ---------------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
plotted_changed_cb (FlResultsPage *self)
{
  rebuild_chart (self);
}

static void
show_run (FlResultsPage *self,
          LoadedRun     *loaded)
{
  FlStoredRun *run = loaded->run;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *details = NULL;
  g_autofree char *label = NULL;
  g_autofree gpointer *arms = NULL;
  g_autofree gpointer *curves = NULL;
  gsize n_arms = 0, n_curves = 0;
  int best_learned = -1, best_baseline = -1;
  guint n_plotted = 0;

  /* Items take the arms and their curves. */
  arms = g_ptr_array_steal (run->arms, &n_arms);
  curves = g_ptr_array_steal (loaded->curves, &n_curves);
  for (gsize i = 0; i < n_curves; i++)
    if (i >= n_arms)
      fl_arm_curves_free (curves[i]);
  for (gsize i = 0; i < n_arms; i++)
    {
      FlArmItem *item = fl_arm_item_new (arms[i], i < n_curves ? curves[i] : NULL);

      g_signal_connect_object (item, "notify::plotted", G_CALLBACK (plotted_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (items, item);
    }

  /* Plot the first arm, the best learned arm and the best baseline by AP. */
  for (guint i = 0; i < items->len; i++)
    {
      const FlStoredArm *a = fl_arm_item_get_arm (g_ptr_array_index (items, i));
      int *best = a->is_baseline ? &best_baseline : &best_learned;

      if (!isfinite (a->metrics.average_precision))
        continue;
      if (*best < 0 ||
          a->metrics.average_precision >
          fl_arm_item_get_arm (g_ptr_array_index (items, *best))->metrics.average_precision)
        *best = (int) i;
    }
  for (guint i = 0; i < items->len && n_plotted < N_DEFAULT_PLOTTED; i++)
    if (i == 0 || (int) i == best_learned || (int) i == best_baseline)
      {
        FlArmItem *item = g_ptr_array_index (items, i);

        g_signal_handlers_block_by_func (item, plotted_changed_cb, self);
        fl_arm_item_set_plotted (item, TRUE);
        g_signal_handlers_unblock_by_func (item, plotted_changed_cb, self);
        n_plotted++;
      }

  /* The per-series view follows the series of the first arm with several;
   * the noise view is shown first for a noise sweep. */
  g_clear_pointer (&self->series_labels, g_hash_table_unref);
  self->series_labels = g_steal_pointer (&loaded->series_labels);
  g_array_set_size (self->series_ids, 0);
  {
    gboolean has_noise = FALSE;

    for (guint i = 0; i < items->len; i++)
      {
        const FlStoredArm *a = fl_arm_item_get_arm (g_ptr_array_index (items, i));
        g_autoptr(GArray) ps = fl_stored_arm_get_per_series (a);
        g_autoptr(GArray) noise = fl_stored_arm_get_noise (a);

        if (self->series_ids->len == 0 && ps->len > 1)
          for (guint j = 0; j < ps->len; j++)
            g_array_append_val (self->series_ids,
                                g_array_index (ps, FlStoredSeriesMetrics, j).series_id);
        has_noise |= noise->len > 0;
      }
    gtk_widget_set_visible (GTK_WIDGET (self->series_box), self->series_ids->len > 1);
    gtk_stack_page_set_visible (self->noise_page, has_noise);
    if (has_noise)
      {
        g_autofree char *caption = NULL;
        JsonObject *noise = NULL;
        g_autoptr(JsonNode) config = json_from_string (run->config_json, NULL);

        if (config != NULL && JSON_NODE_HOLDS_OBJECT (config) &&
            json_object_has_member (json_node_get_object (config), "noise") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (config),
                                                            "noise")))
          noise = json_object_get_object_member (json_node_get_object (config), "noise");
        {
          gboolean operating = config != NULL && JSON_NODE_HOLDS_OBJECT (config) &&
                               json_object_has_member (json_node_get_object (config),
                                                       "operating_threshold");
          g_autofree char *where = operating
            /* Translators: part of the noise caption */
            ? g_strdup (_("at the operating thresholds chosen on each fold’s equally noisy "
                          "validation rows"))
            /* Translators: part of the noise caption, "at threshold 0.50" */
            : g_strdup_printf (_("at threshold %.2f"),
                               isfinite (run->threshold) ? run->threshold : 0.5);

          /* Translators: "Noise: gaussian on train, 10 seeds per level; precision, recall
           * and F1 at threshold 0.50; the band is …" */
          caption = g_strdup_printf (_("Noise: %s on %s, %lld seeds per level; precision, recall "
                                       "and F1 %s; the band is the 95 %% t-interval of the mean "
                                       "over seeds"),
                                     noise != NULL
                                     ? json_object_get_string_member_with_default (noise, "jitter",
                                                                                   "?")
                                     : "?",
                                     noise != NULL
                                     ? json_object_get_string_member_with_default (noise,
                                                                                   "apply_to", "?")
                                     : "?",
                                     noise != NULL
                                     ? (long long) json_object_get_int_member_with_default (noise,
                                                                                            "seeds",
                                                                                            0)
                                     : 0LL,
                                     where);
        }
        gtk_label_set_text (self->noise_caption, caption);
        gtk_stack_set_visible_child_name (self->curve_stack, "noise");
      }
  }

  g_list_store_splice (self->arms, 0, g_list_model_get_n_items (G_LIST_MODEL (self->arms)),
                       items->pdata, items->len);
  /* A list view only measures the rows it has built: ask for room for all
   * rows (up to the scroller's maximum) so that a short table does not
   * scroll. */
  gtk_scrolled_window_set_min_content_height (self->table_scroller,
                                              MIN (TABLE_HEADER_PX + TABLE_ROW_PX * (int) items->len,
                                                   gtk_scrolled_window_get_max_content_height (
                                                     self->table_scroller)));

  g_clear_pointer (&self->run, fl_stored_run_free);
  self->run = g_steal_pointer (&loaded->run);
  self->run_id = self->run->id;
  run = self->run;

  /* Translators: "Run 3 · trace:11119" */
  title = g_strdup_printf (_("Run %lld · %s"), (long long) run->id,
                           run->series_key != NULL ? run->series_key : _("unknown series"));
  gtk_label_set_text (self->title_label, title);

  when = format_time (run->created_at);
  {
    g_autofree char *folds = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u fold",
                                                           "%u folds", run->n_folds),
                                              run->n_folds);
    g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%llu test row",
                                                          "%llu test rows",
                                                          (gulong) run->test_rows),
                                             (unsigned long long) run->test_rows);
    g_autofree char *events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%llu event",
                                                            "%llu events",
                                                            (gulong) run->test_events),
                                               (unsigned long long) run->test_events);
    double share = run->test_rows > 0 ? 100.0 * run->test_positives / run->test_rows : 0;
    g_autofree char *arms_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u arm",
                                                               "%u arms", (gulong) n_arms),
                                                  (guint) n_arms);

    /* Translators: "23 Nov 2026 18:25 · 14 arms · 3 folds · 7455 test rows,
     * 631 positive (8.5 %), 111 events" */
    details = g_strdup_printf (_("%s · %s · %s · %s, %llu positive (%.1f %%), %s"),
                               when, arms_text, folds, rows,
                               (unsigned long long) run->test_positives, share, events);
  }
  gtk_label_set_text (self->details_label, details);

  /* Translators: what the run predicts, "Label: rtt_mean_ms > … within 5 steps ahead" */
  label = g_strdup_printf (_("Label: %s"), run->label_description != NULL &&
                                           run->label_description[0] != '\0'
                                           ? run->label_description : _("not recorded"));
  gtk_label_set_text (self->label_label, label);

  clear_box (self->warnings_box);
  for (guint i = 0; run->warnings != NULL && run->warnings[i] != NULL; i++)
    {
      GtkWidget *w = gtk_label_new (run->warnings[i]);

      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_selectable (GTK_LABEL (w), TRUE);
      gtk_widget_add_css_class (w, "warning");
      gtk_box_append (self->warnings_box, w);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_box),
                          run->warnings != NULL && run->warnings[0] != NULL);

  rebuild_chart (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  selection_changed_cb (self);
  gtk_stack_set_visible_child_name (self->state_stack, "run");
}

/* Scrolls the page so that the curves start at the top, once the new run
 * has been laid out (two frames later). */
static gboolean
reveal_curves_tick_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  FlResultsPage *self = FL_RESULTS_PAGE (widget);
  GtkWidget *content;
  graphene_point_t p;

  if (++self->reveal_ticks < 2)
    return G_SOURCE_CONTINUE;
  content = gtk_widget_get_parent (self->curves_heading);
  while (content != NULL && gtk_widget_get_parent (content) != NULL &&
         !GTK_IS_VIEWPORT (gtk_widget_get_parent (content)))
    content = gtk_widget_get_parent (content);
  if (content != NULL &&
      gtk_widget_compute_point (self->curves_heading, content, &GRAPHENE_POINT_INIT (0, 0), &p))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->page_scroller),
                              MAX (p.y - 12, 0));
  return G_SOURCE_REMOVE;
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  FlResultsPage *self = FL_RESULTS_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadedRun *loaded;

  pending_changed (self, -1);
  loaded = g_task_propagate_pointer (G_TASK (res), &error);
  /* Stale: another run was chosen, or the project changed. */
  if (!fl_task_is_current (G_TASK (res), self->run_cancellable))
    {
      g_clear_pointer (&loaded, loaded_run_free);
      return;
    }
  if (loaded == NULL)
    {
      g_warning ("Could not load the run: %s", error->message);
      gtk_label_set_text (self->title_label, _("Could not load the run"));
      gtk_label_set_text (self->details_label, error->message);
      return;
    }
  show_run (self, loaded);
  loaded_run_free (loaded);
  /* A noise sweep that just finished: its curves are the result. */
  if (self->reveal_noise && gtk_stack_page_get_visible (self->noise_page))
    {
      self->reveal_ticks = 0;
      gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_curves_tick_cb, NULL, NULL);
    }
  self->reveal_noise = FALSE;
}

static void
load_run (FlResultsPage *self,
          gint64         run_id)
{
  g_autoptr(GTask) task = NULL;
  RunRequest *req;

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->project == NULL)
    return;

  self->run_cancellable = g_cancellable_new ();
  req = g_new0 (RunRequest, 1);
  req->path = g_strdup (fl_project_get_path (self->project));
  req->run_id = run_id;
  task = g_task_new (self, self->run_cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, load_run);
  g_task_set_task_data (task, req, run_request_free);
  g_task_set_check_cancellable (task, FALSE);
  pending_changed (self, +1);
  g_task_run_in_thread (task, run_worker);
}

static void
run_selected_cb (FlResultsPage *self)
{
  guint index = gtk_drop_down_get_selected (self->run_dropdown);

  if (self->filling || self->run_ids == NULL || index >= self->run_ids->len)
    return;
  if (g_array_index (self->run_ids, gint64, index) == self->run_id)
    return;
  load_run (self, g_array_index (self->run_ids, gint64, index));
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  FlResultsPage *self = FL_RESULTS_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  gint64 newest_before, wanted;
  guint select = 0;

  pending_changed (self, -1);
  entries = g_task_propagate_pointer (G_TASK (res), &error);
  if (!fl_task_is_current (G_TASK (res), self->list_cancellable))
    return;
  if (entries == NULL)
    {
      g_warning ("Could not list the runs: %s", error->message);
      return;
    }

  newest_before = self->run_ids->len > 0 ? g_array_index (self->run_ids, gint64, 0) : -1;
  wanted = self->wanted_run_id >= 0 ? self->wanted_run_id : self->run_id;
  /* A run that appeared since the last listing is the one to look at. */
  if (self->wanted_run_id < 0 && entries->len > 0 &&
      ((RunEntry *) g_ptr_array_index (entries, 0))->id > newest_before)
    {
      wanted = ((RunEntry *) g_ptr_array_index (entries, 0))->id;
      self->reveal_noise = TRUE;
    }
  self->wanted_run_id = -1;

  g_array_set_size (self->run_ids, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      RunEntry *e = g_ptr_array_index (entries, i);

      g_array_append_val (self->run_ids, e->id);
      g_ptr_array_add (texts, e->text);
      if (e->id == wanted)
        select = i;
    }
  g_ptr_array_add (texts, NULL);

  self->filling = TRUE;
  gtk_string_list_splice (self->run_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->run_model)),
                          (const char * const *) texts->pdata);
  if (entries->len > 0)
    gtk_drop_down_set_selected (self->run_dropdown, select);
  self->filling = FALSE;

  if (entries->len == 0)
    {
      self->run_id = -1;
      g_list_store_remove_all (self->arms);
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
      return;
    }
  if (self->run_ids->len > 0 && g_array_index (self->run_ids, gint64, select) != self->run_id)
    load_run (self, g_array_index (self->run_ids, gint64, select));
}

/**
 * fl_results_page_reload:
 * @self: a #FlResultsPage
 *
 * Lists the project's runs again (in a worker). The run shown stays shown,
 * unless a newer run appeared since the last listing: then that one is
 * shown, so that a finished experiment opens on its results.
 */
void
fl_results_page_reload (FlResultsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FL_IS_RESULTS_PAGE (self));

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->project == NULL)
    return;

  self->list_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->list_cancellable, list_done_cb, NULL);
  g_task_set_source_tag (task, fl_results_page_reload);
  g_task_set_task_data (task, g_strdup (fl_project_get_path (self->project)), g_free);
  g_task_set_check_cancellable (task, FALSE);
  pending_changed (self, +1);
  g_task_run_in_thread (task, list_worker);
}

/**
 * fl_results_page_select_run:
 * @self: a #FlResultsPage
 * @run_id: a run id
 *
 * Shows the run @run_id (loaded in a worker). When the run is not listed
 * yet, it is shown after the next reload.
 *
 * Returns: %TRUE if the run is listed and is being shown
 */
gboolean
fl_results_page_select_run (FlResultsPage *self,
                            gint64         run_id)
{
  g_return_val_if_fail (FL_IS_RESULTS_PAGE (self), FALSE);

  for (guint i = 0; i < self->run_ids->len; i++)
    if (g_array_index (self->run_ids, gint64, i) == run_id)
      {
        gtk_drop_down_set_selected (self->run_dropdown, i);
        if (self->run_id != run_id)
          load_run (self, run_id);
        return TRUE;
      }
  self->wanted_run_id = run_id;
  return FALSE;
}

/**
 * fl_results_page_get_run_id:
 * @self: a #FlResultsPage
 *
 * Returns: the id of the run shown, -1 when none
 */
gint64
fl_results_page_get_run_id (FlResultsPage *self)
{
  g_return_val_if_fail (FL_IS_RESULTS_PAGE (self), -1);

  return self->run_id;
}

/**
 * fl_results_page_get_n_runs:
 * @self: a #FlResultsPage
 *
 * Returns: the number of runs in the picker
 */
guint
fl_results_page_get_n_runs (FlResultsPage *self)
{
  g_return_val_if_fail (FL_IS_RESULTS_PAGE (self), 0);

  return self->run_ids->len;
}

/**
 * fl_results_page_get_busy:
 * @self: a #FlResultsPage
 *
 * Returns: whether the run list or a run is being loaded
 */
gboolean
fl_results_page_get_busy (FlResultsPage *self)
{
  g_return_val_if_fail (FL_IS_RESULTS_PAGE (self), FALSE);

  return self->n_pending > 0;
}

/**
 * fl_results_page_set_project:
 * @self: a #FlResultsPage
 * @project: (nullable): the open project
 *
 * Shows the runs of @project, newest first.
 */
void
fl_results_page_set_project (FlResultsPage *self,
                             FlProject     *project)
{
  g_return_if_fail (FL_IS_RESULTS_PAGE (self));

  if (self->project == project)
    return;

  g_set_object (&self->project, project);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_array_set_size (self->run_ids, 0);
  self->run_id = -1;
  self->wanted_run_id = -1;
  self->filling = TRUE;
  gtk_string_list_splice (self->run_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->run_model)), NULL);
  self->filling = FALSE;
  g_list_store_remove_all (self->arms);
  g_clear_pointer (&self->run, fl_stored_run_free);
  g_array_set_size (self->series_ids, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->series_box), FALSE);
  gtk_stack_page_set_visible (self->noise_page, FALSE);
  rebuild_chart (self);
  gtk_stack_set_visible_child_name (self->state_stack, "empty");
  fl_results_page_reload (self);
}

/* ---- GObject ------------------------------------------------------------------ */

static void
fl_results_page_dispose (GObject *object)
{
  FlResultsPage *self = (FlResultsPage *) object;

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->run_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_RESULTS_PAGE);
  self->state_stack = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->arms);
  g_clear_object (&self->project);
  g_clear_pointer (&self->chart, fl_curve_chart_free);
  g_clear_pointer (&self->series_chart, fl_series_chart_free);
  g_clear_pointer (&self->noise_chart, fl_noise_chart_free);
  g_clear_pointer (&self->importance_chart, fl_importance_chart_free);
  g_clear_pointer (&self->series_labels, g_hash_table_unref);
  g_clear_pointer (&self->run, fl_stored_run_free);

  G_OBJECT_CLASS (fl_results_page_parent_class)->dispose (object);
}

static void
fl_results_page_finalize (GObject *object)
{
  FlResultsPage *self = (FlResultsPage *) object;

  g_clear_pointer (&self->run_ids, g_array_unref);
  g_clear_pointer (&self->series_ids, g_array_unref);

  G_OBJECT_CLASS (fl_results_page_parent_class)->finalize (object);
}

static void
fl_results_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlResultsPage *self = FL_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->n_pending > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_results_page_class_init (FlResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_results_page_dispose;
  object_class->finalize = fl_results_page_finalize;
  object_class->get_property = fl_results_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_CONFUSION_VIEW);
  g_type_ensure (FL_TYPE_ARM_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, run_model);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, label_label);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, table_scroller);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, arms_view);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, cm_title);
  /**
   * FlResultsPage::show-buckets:
   * @self: the page
   * @run_id: the run shown
   * @arm: index of the selected arm
   * @threshold: threshold of the confusion matrix shown
   * @actual: 0 for actual normal, 1 for actual degraded
   * @predicted: 0 for predicted normal, 1 for predicted degraded
   *
   * Emitted when the user activates a confusion-matrix cell: the window
   * shows those buckets on the Explore page.
   */
  signals[SIGNAL_SHOW_BUCKETS] =
    g_signal_new ("show-buckets", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_DOUBLE,
                  G_TYPE_UINT, G_TYPE_UINT);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, threshold_scale);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, threshold_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, threshold_metrics_label);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, curve_stack);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, pr_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, roc_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, calibration_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, sweep_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, series_box);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, series_title);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, series_grid);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, series_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, noise_page);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, noise_metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, noise_caption);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, noise_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, importance_page);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, importance_area);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, FlResultsPage, curves_heading);
}

static void
fl_results_page_init (FlResultsPage *self)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child is not a bound template child: disposing the
   * template would leave AdwBin with a dangling child. */
  self->state_stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  self->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->series_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->run_id = -1;
  self->wanted_run_id = -1;
  self->arms = g_list_store_new (FL_TYPE_ARM_ITEM);

  add_column (self, COLUMN_PLOT, C_("column", "Plot"), NULL, FALSE);
  add_column (self, COLUMN_ARM, C_("column", "Arm"), "name", TRUE);
  add_column (self, COLUMN_PRECISION, C_("column", "Precision"), "precision", FALSE);
  add_column (self, COLUMN_RECALL, C_("column", "Recall"), "recall", FALSE);
  add_column (self, COLUMN_F1, C_("column", "F1"), "f1", FALSE);
  add_column (self, COLUMN_AP, C_("column", "AP"), "average-precision", FALSE);
  add_column (self, COLUMN_MCC, C_("column", "MCC"), "mcc", FALSE);
  add_column (self, COLUMN_EVENT_RECALL, C_("column", "Event recall"), "event-recall", FALSE);
  add_column (self, COLUMN_FALSE_ALARMS, C_("column", "False alarms / day"),
              "false-alarms-per-day", FALSE);

  sorter = gtk_column_view_get_sorter (self->arms_view);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->arms)),
                                    sorter != NULL ? g_object_ref (sorter) : NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (sorted)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->arms_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->run_dropdown, "notify::selected",
                           G_CALLBACK (run_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->threshold_adjustment, "value-changed",
                           G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->confusion_view, "cell-activated",
                           G_CALLBACK (cell_activated_cb), self, G_CONNECT_SWAPPED);

  for (FlCurveChartKind kind = FL_CURVE_CHART_PR; kind <= FL_CURVE_CHART_SWEEP; kind++)
    {
      GtkDrawingArea *area = area_for_kind (self, kind);

      g_object_set_data (G_OBJECT (area), "kind", GINT_TO_POINTER (kind));
      gtk_drawing_area_set_draw_func (area, draw_curve_cb, self, NULL);
    }
  gtk_widget_set_name (GTK_WIDGET (self->pr_area), "precision-recall");
  gtk_widget_set_name (GTK_WIDGET (self->roc_area), "roc");
  gtk_widget_set_name (GTK_WIDGET (self->calibration_area), "calibration");
  gtk_widget_set_name (GTK_WIDGET (self->sweep_area), "threshold-sweep");
  gtk_drawing_area_set_draw_func (self->series_area, draw_breakdown_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->noise_area, draw_breakdown_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->importance_area, draw_breakdown_cb, self, NULL);
  gtk_widget_set_name (GTK_WIDGET (self->series_area), "per-series");
  gtk_widget_set_name (GTK_WIDGET (self->noise_area), "noise");
  gtk_widget_set_name (GTK_WIDGET (self->importance_area), "feature-importance");
  g_signal_connect_object (self->noise_metric_dropdown, "notify::selected",
                           G_CALLBACK (rebuild_breakdown_charts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild_chart (self);
  update_confusion (self);
}
