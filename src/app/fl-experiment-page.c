/* fl-experiment-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-confusion-view.h"
#include "fl-experiment-page.h"
#include "fl-job.h"

/**
 * FlExperimentPage:
 *
 * The Experiment page: a form for one SMOTE + XGBoost experiment, a Run
 * button that runs it in a worker thread (own project connection), and the
 * result: confusion matrix, headline metrics and warnings.
 */
struct _FlExperimentPage
{
  AdwBin           parent_instance;

  FlProject       *project;
  GPtrArray       *series;   /* FlSeriesInfo */
  FlJob           *job;

  AdwComboRow     *series_row;
  GtkStringList   *series_model;
  AdwComboRow     *pipeline_row;
  GtkSpinButton   *bucket_spin;
  AdwComboRow     *split_row;
  GtkSpinButton   *test_fraction_spin;
  GtkSwitch       *smote_switch;
  GtkSpinButton   *smote_k_spin;
  GtkSpinButton   *rounds_spin;
  GtkRevealer     *progress_revealer;
  GtkProgressBar  *progress_bar;
  GtkStack        *result_stack;
  GtkLabel        *result_subtitle;
  FlConfusionView *confusion_view;
  GtkLabel        *precision_label;
  GtkLabel        *recall_label;
  GtkLabel        *f1_label;
  GtkLabel        *ap_label;
  GtkLabel        *test_rows_label;
  GtkLabel        *positives_label;
  GtkBox          *warnings_box;

  gboolean         has_label;
  FlLabelSpec      label;
  guint            label_bucket_s;
  char            *label_series_key;
};

G_DEFINE_FINAL_TYPE (FlExperimentPage, fl_experiment_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char               *project_path;
  FlExperimentConfig  config;
  FlJob              *job;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *d = data;

  g_free (d->project_path);
  fl_experiment_config_clear (&d->config);
  g_clear_object (&d->job);
  g_free (d);
}

static void
add_toast (FlExperimentPage *self,
           const char       *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/**
 * fl_experiment_page_get_config:
 * @self: a #FlExperimentPage
 * @config: (out caller-allocates): where to store the configuration; clear
 *   it with fl_experiment_config_clear()
 *
 * Reads the form into @config, starting from the defaults.
 */
void
fl_experiment_page_get_config (FlExperimentPage   *self,
                               FlExperimentConfig *config)
{
  guint series_index;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (config != NULL);

  fl_experiment_config_init_default (config);

  series_index = adw_combo_row_get_selected (self->series_row);
  g_clear_pointer (&config->series_key, g_free);
  if (series_index > 0 && self->series != NULL && series_index - 1 < self->series->len)
    {
      const FlSeriesInfo *info = g_ptr_array_index (self->series, series_index - 1);

      config->series_key = g_strdup (info->key);
    }

  config->pipeline.mode = adw_combo_row_get_selected (self->pipeline_row) == 1
                          ? FL_PIPELINE_SEED_COMPAT : FL_PIPELINE_HONEST;
  config->pipeline.bucket_s = (guint) gtk_spin_button_get_value_as_int (self->bucket_spin);
  config->split = adw_combo_row_get_selected (self->split_row) == 1
                  ? FL_SPLIT_RANDOM_STRATIFIED : FL_SPLIT_CHRONOLOGICAL;
  config->test_fraction = gtk_spin_button_get_value (self->test_fraction_spin);
  config->smote = gtk_switch_get_active (self->smote_switch);
  config->smote_k = (guint) gtk_spin_button_get_value_as_int (self->smote_k_spin);
  config->xgb.n_rounds = (guint) gtk_spin_button_get_value_as_int (self->rounds_spin);

  if (self->has_label)
    {
      config->use_recipes = TRUE;
      fl_label_spec_clear (&config->label);
      fl_label_spec_copy (&config->label, &self->label);
      config->pipeline.bucket_s = self->label_bucket_s;
      if (self->label_series_key != NULL)
        {
          g_free (config->series_key);
          config->series_key = g_strdup (self->label_series_key);
        }
    }
}

/**
 * fl_experiment_page_set_label:
 * @self: a #FlExperimentPage
 * @label: the label rule for the next runs (copied)
 * @bucket_s: bucket width the label was designed at, in s
 * @series_key: (nullable): the series it was designed on
 *
 * Makes the next runs use the feature recipes with @label, as the Label
 * page's "Use in Experiment" asks.
 */
void
fl_experiment_page_set_label (FlExperimentPage  *self,
                              const FlLabelSpec *label,
                              guint              bucket_s,
                              const char        *series_key)
{
  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (label != NULL);

  if (self->has_label)
    fl_label_spec_clear (&self->label);
  fl_label_spec_copy (&self->label, label);
  self->has_label = TRUE;
  self->label_bucket_s = bucket_s;
  g_free (self->label_series_key);
  self->label_series_key = g_strdup (series_key);
}

static void
set_value (GtkLabel *label,
           double    value)
{
  g_autofree char *text = g_strdup_printf ("%.3f", value);

  gtk_label_set_text (label, text);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/**
 * fl_experiment_page_show_result:
 * @self: a #FlExperimentPage
 * @result: the result of an experiment run
 *
 * Shows the confusion matrix, the metrics and the warnings of @result.
 */
void
fl_experiment_page_show_result (FlExperimentPage         *self,
                                const FlExperimentResult *result)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;
  double share;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (result != NULL);

  /* Translators: "Run 3 on trace:11119, threshold 0.50" */
  subtitle = g_strdup_printf (_("Run %lld on %s, threshold %.2f"),
                              (long long) result->run_id,
                              result->series_key != NULL ? result->series_key : "?",
                              result->threshold);
  gtk_label_set_text (self->result_subtitle, subtitle);

  fl_confusion_view_set_matrix (self->confusion_view, &result->cm);
  set_value (self->precision_label, result->precision);
  set_value (self->recall_label, result->recall);
  set_value (self->f1_label, result->f1);
  set_value (self->ap_label, result->average_precision);

  text = g_strdup_printf ("%" G_GSIZE_FORMAT, result->test_rows);
  gtk_label_set_text (self->test_rows_label, text);
  g_free (text);
  share = result->test_rows > 0 ? 100.0 * result->test_positives / result->test_rows : 0.0;
  text = g_strdup_printf ("%zu (%.1f %%)", result->test_positives, share);
  gtk_label_set_text (self->positives_label, text);

  clear_box (self->warnings_box);
  for (guint i = 0; result->warnings != NULL && i < result->warnings->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (result->warnings, i));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (self->warnings_box, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_box),
                          result->warnings != NULL && result->warnings->len > 0);

  gtk_stack_set_visible_child_name (self->result_stack, "result");
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(FlProject) project = NULL;
  FlExperimentResult *result;
  GError *error = NULL;

  project = fl_project_open (data->project_path, FALSE, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = fl_experiment_run (project, &data->config, fl_job_progress_cb, data->job,
                              cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) fl_experiment_result_free);
}

static void
job_notify_cb (FlJob      *job,
               GParamSpec *pspec,
               gpointer    user_data)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (user_data);

  gtk_progress_bar_set_fraction (self->progress_bar, fl_job_get_fraction (job));
  gtk_progress_bar_set_text (self->progress_bar, fl_job_get_message (job));
}

static void
set_job (FlExperimentPage *self,
         FlJob            *job)
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.run",
                                 job == NULL && self->project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.cancel", job != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (object);
  RunData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(FlExperimentResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);

  /* Stale: another run, another project, or the page went away. */
  if (self->job != data->job)
    return;
  set_job (self, NULL);
  if (self->project == NULL ||
      g_strcmp0 (fl_project_get_path (self->project), data->project_path) != 0)
    return;

  if (result == NULL)
    {
      GtkRoot *root;
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          add_toast (self, _("Experiment cancelled"));
          return;
        }

      root = gtk_widget_get_root (GTK_WIDGET (self));
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Experiment Failed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  fl_experiment_page_show_result (self, result);
  {
    g_autofree char *title = g_strdup_printf (_("Run %lld done"),
                                              (long long) result->run_id);

    add_toast (self, title);
  }
  g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * fl_experiment_page_run:
 * @self: a #FlExperimentPage
 *
 * Starts the experiment configured in the form.
 */
void
fl_experiment_page_run (FlExperimentPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FlJob) job = NULL;
  RunData *data;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));

  if (self->project == NULL || self->job != NULL)
    return;

  job = fl_job_new ();
  data = g_new0 (RunData, 1);
  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->job = g_object_ref (job);
  fl_experiment_page_get_config (self, &data->config);

  set_job (self, job);
  fl_job_progress_cb (0, _("Starting…"), job);

  task = g_task_new (self, fl_job_get_cancellable (job), run_done_cb, NULL);
  g_task_set_source_tag (task, fl_experiment_page_run);
  g_task_set_task_data (task, data, run_data_free);
  g_task_run_in_thread (task, run_worker);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fl_experiment_page_run (FL_EXPERIMENT_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (widget);

  if (self->job != NULL)
    fl_job_cancel (self->job);
}

/**
 * fl_experiment_page_reload:
 * @self: a #FlExperimentPage
 *
 * Lists the series of the project again for the series picker.
 */
void
fl_experiment_page_reload (FlExperimentPage *self)
{
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *selected_key = NULL;
  guint selected = 0;
  guint index;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));

  index = adw_combo_row_get_selected (self->series_row);
  if (self->series != NULL && index > 0 && index - 1 < self->series->len)
    selected_key = g_strdup (((FlSeriesInfo *) g_ptr_array_index (self->series, index - 1))->key);

  if (self->project != NULL)
    {
      series = fl_project_list_series (self->project, &error);
      if (series == NULL)
        g_warning ("Could not list series: %s", error->message);
    }

  g_ptr_array_add (labels, g_strdup (_("Most active series")));
  for (guint i = 0; series != NULL && i < series->len; i++)
    {
      const FlSeriesInfo *info = g_ptr_array_index (series, i);

      g_ptr_array_add (labels, g_strdup (info->label));
      if (g_strcmp0 (info->key, selected_key) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  self->series = series != NULL ? g_ptr_array_ref (series) : NULL;

  gtk_string_list_splice (self->series_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->series_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->series_row, selected);
}

/**
 * fl_experiment_page_set_project:
 * @self: a #FlExperimentPage
 * @project: (nullable): the open project
 *
 * Uses @project for new runs. A run on another project is cancelled.
 */
void
fl_experiment_page_set_project (FlExperimentPage *self,
                                FlProject        *project)
{
  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));

  if (self->project == project)
    return;

  if (self->job != NULL)
    {
      fl_job_cancel (self->job);
      set_job (self, NULL);
    }
  g_set_object (&self->project, project);
  gtk_stack_set_visible_child_name (self->result_stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.run", project != NULL);
  fl_experiment_page_reload (self);
}

/**
 * fl_experiment_page_get_busy:
 * @self: a #FlExperimentPage
 *
 * Returns: whether an experiment is running
 */
gboolean
fl_experiment_page_get_busy (FlExperimentPage *self)
{
  g_return_val_if_fail (FL_IS_EXPERIMENT_PAGE (self), FALSE);

  return self->job != NULL;
}

static void
load_defaults (FlExperimentPage *self)
{
  FlExperimentConfig config;

  fl_experiment_config_init_default (&config);
  adw_combo_row_set_selected (self->pipeline_row,
                              config.pipeline.mode == FL_PIPELINE_SEED_COMPAT ? 1 : 0);
  gtk_spin_button_set_value (self->bucket_spin, config.pipeline.bucket_s);
  adw_combo_row_set_selected (self->split_row,
                              config.split == FL_SPLIT_RANDOM_STRATIFIED ? 1 : 0);
  gtk_spin_button_set_value (self->test_fraction_spin, config.test_fraction);
  gtk_switch_set_active (self->smote_switch, config.smote);
  gtk_spin_button_set_value (self->smote_k_spin, config.smote_k);
  gtk_spin_button_set_value (self->rounds_spin, config.xgb.n_rounds);
  fl_experiment_config_clear (&config);
}

static void
fl_experiment_page_dispose (GObject *object)
{
  FlExperimentPage *self = (FlExperimentPage *) object;

  if (self->job != NULL)
    {
      fl_job_cancel (self->job);
      g_signal_handlers_disconnect_by_data (self->job, self);
    }
  g_clear_object (&self->job);
  g_clear_object (&self->project);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_EXPERIMENT_PAGE);

  G_OBJECT_CLASS (fl_experiment_page_parent_class)->dispose (object);
}

static void
fl_experiment_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->job != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_experiment_page_class_init (FlExperimentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_experiment_page_dispose;
  object_class->get_property = fl_experiment_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlExperimentPage::finished:
   *
   * Emitted when a run finished and its result is shown.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FL_TYPE_CONFUSION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-experiment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, series_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, series_model);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, pipeline_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, bucket_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, split_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, test_fraction_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, smote_switch);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, smote_k_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, rounds_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, result_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, precision_label);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, recall_label);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, f1_label);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, ap_label);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, test_rows_label);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, positives_label);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, warnings_box);

  gtk_widget_class_install_action (widget_class, "experiment.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "experiment.cancel", NULL, cancel_action);
}

static void
fl_experiment_page_init (FlExperimentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self->smote_switch, "active", self->smote_k_spin, "sensitive",
                          G_BINDING_SYNC_CREATE);
  load_defaults (self);
  fl_experiment_page_reload (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.run", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.cancel", FALSE);
}
