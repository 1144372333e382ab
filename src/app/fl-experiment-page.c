/* fl-experiment-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fl-confusion-view.h"
#include "fl-experiment-page.h"
#include "fl-job.h"

/**
 * FlExperimentPage:
 *
 * The Experiment page. It starts with three cards — compare models,
 * compare imbalance treatments, noise injection (the last only when the
 * engine's config has a noise sweep) — and the run history (re-run, open
 * results). A card opens a form of grouped rows (data and label, split,
 * arms, evaluation) filled with sensible defaults for that kind, with the
 * equivalent JSON config for the CLI. Run works in a worker thread with
 * progress and Cancel; a finished run emits #FlExperimentPage::finished.
 */
struct _FlExperimentPage
{
  AdwBin           parent_instance;

  FlProject       *project;
  GPtrArray       *series;   /* FlSeriesInfo */
  FlJob           *job;
  char            *kind;     /* "models", "treatments", "noise" */
  guint            json_source;

  FlLabelSpec      label;
  gboolean         label_from_page;

  GtkStack        *stack;
  GtkListBox      *cards_box;
  GtkWidget       *noise_card;
  GtkListBox      *history_list;
  AdwPreferencesGroup *history_group;
  GtkLabel        *form_title;
  GtkLabel        *form_error;
  AdwComboRow     *selection_row;
  AdwComboRow     *series_row;
  GtkStringList   *series_model;
  AdwEntryRow     *prefix_row;
  AdwComboRow     *evaluation_row;
  AdwActionRow    *label_row;
  GtkSpinButton   *bucket_spin;
  AdwComboRow     *split_row;
  AdwActionRow    *folds_row;
  GtkSpinButton   *folds_spin;
  AdwActionRow    *test_fraction_row;
  GtkSpinButton   *test_fraction_spin;
  GtkSpinButton   *purge_spin;
  GtkSpinButton   *validation_spin;
  AdwExpanderRow  *treatments_row;
  AdwExpanderRow  *models_row;
  GtkCheckButton  *treatment_checks[8];
  GtkCheckButton  *model_checks[8];
  AdwPreferencesGroup *noise_group;
  AdwComboRow     *noise_kind_row;
  AdwEntryRow     *noise_levels_row;
  GtkSpinButton   *noise_seeds_spin;
  GtkSwitch       *noise_test_switch;
  AdwComboRow     *threshold_row;
  AdwComboRow     *compare_row;
  GtkStringList   *compare_model;
  GtkTextView     *json_view;
  GtkRevealer     *progress_revealer;
  GtkProgressBar  *progress_bar;
  GtkWidget       *result_box;
  GtkLabel        *result_subtitle;
  FlConfusionView *confusion_view;
  gint64           shown_run_id;    /* run of the matrix shown, 0 for none */
  double           shown_threshold;
  GtkLabel        *precision_label;
  GtkLabel        *recall_label;
  GtkLabel        *f1_label;
  GtkLabel        *ap_label;
  GtkLabel        *test_rows_label;
  GtkLabel        *positives_label;
  GtkBox          *warnings_box;
};

G_DEFINE_FINAL_TYPE (FlExperimentPage, fl_experiment_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  FINISHED,
  OPEN_RUN,
  SHOW_BUCKETS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Engine names, in the order of the check rows. */
static const char * const treatment_names[8] = {
  "none", "smote", "borderline-smote-1", "borderline-smote-2", "adasyn",
  "random-over", "random-under", "class-weight",
};
static const char * const model_names[8] = {
  "xgboost", "logistic-regression", "random-forest", "isolation-forest",
  "persistence", "rule", "always-alarm", "never-alarm",
};
static const gboolean model_is_baseline[8] = {
  FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE,
};
/* Order of the split combo. */
static const char * const split_names[] = {
  "chronological", "expanding", "sliding", "group-day", "group-event",
  "random-kfold", "random-stratified",
};
/* Order of the evaluation combo. */
static const char * const evaluation_names[] = {
  "pooled", "per-series-split", "leave-series-out", "per-series-models",
};

static const char *
treatment_title (guint i)
{
  switch (i)
    {
    case 0: return _("None");
    case 1: return _("SMOTE");
    case 2: return _("Borderline-SMOTE 1");
    case 3: return _("Borderline-SMOTE 2");
    case 4: return _("ADASYN");
    case 5: return _("Random over-sampling");
    case 6: return _("Random under-sampling");
    default: return _("Class weights");
    }
}

static const char *
model_title (guint i)
{
  switch (i)
    {
    case 0: return _("XGBoost");
    case 1: return _("Logistic regression");
    case 2: return _("Random forest");
    case 3: return _("Isolation forest");
    case 4: return _("Persistence (label now)");
    case 5: return _("The label rule itself");
    case 6: return _("Always alarm");
    default: return _("Never alarm");
    }
}

/**
 * fl_experiment_page_has_noise:
 *
 * Whether the experiment engine's config has a noise sweep (a `noise`
 * member), which the Noise Injection card needs.
 *
 * Returns: %TRUE when the engine reads `noise`
 */
gboolean
fl_experiment_page_has_noise (void)
{
  FlExperimentConfig config;
  g_autofree char *json = NULL;
  gboolean has;

  fl_experiment_config_init_default (&config);
  if (!fl_experiment_config_from_json (&config,
                                       "{\"noise\": {\"jitter\": \"gaussian\", "
                                       "\"levels\": [0, 0.1], \"seeds\": 2}}", NULL))
    {
      fl_experiment_config_clear (&config);
      return FALSE;
    }
  json = fl_experiment_config_to_json (&config);
  has = strstr (json, "\"noise\"") != NULL;
  fl_experiment_config_clear (&config);
  return has;
}

typedef struct
{
  char               *project_path;
  FlExperimentConfig  config;
  gint64              rerun_id;
  FlJob              *job;
  FlRerunReport       report;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *d = data;

  g_free (d->project_path);
  fl_experiment_config_clear (&d->config);
  fl_rerun_report_clear (&d->report);
  g_clear_object (&d->job);
  g_free (d);
}

static void
add_toast (FlExperimentPage *self,
           AdwToast         *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error (FlExperimentPage *self,
            const char       *heading,
            const char       *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the form as JSON ------------------------------------------------- */

static guint
selected (AdwComboRow *row,
          guint        n)
{
  return MIN (adw_combo_row_get_selected (row), n - 1);
}

static GPtrArray *
arm_names (FlExperimentPage *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean any_treatment = FALSE;

  for (guint t = 0; t < 8; t++)
    any_treatment |= gtk_check_button_get_active (self->treatment_checks[t]);

  for (guint m = 0; m < 8; m++)
    {
      if (!gtk_check_button_get_active (self->model_checks[m]))
        continue;
      if (model_is_baseline[m])
        {
          g_ptr_array_add (names, g_strdup (model_names[m]));
          continue;
        }
      if (!any_treatment)
        g_ptr_array_add (names, g_strdup_printf ("%s + smote", model_names[m]));
      for (guint t = 0; t < 8; t++)
        if (gtk_check_button_get_active (self->treatment_checks[t]))
          g_ptr_array_add (names, t == 0 ? g_strdup (model_names[m])
                                         : g_strdup_printf ("%s + %s", model_names[m],
                                                            treatment_names[t]));
    }
  return names;
}

static void
add_label_json (JsonBuilder       *b,
                const FlLabelSpec *l)
{
  json_builder_set_member_name (b, "label");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, fl_label_kind_to_string (l->kind));
  if (l->column != NULL)
    {
      json_builder_set_member_name (b, "column");
      json_builder_add_string_value (b, l->column);
    }
  json_builder_set_member_name (b, "k_sigma");
  json_builder_add_double_value (b, l->k_sigma);
  json_builder_set_member_name (b, "window_rows");
  json_builder_add_int_value (b, l->window_rows);
  if (l->expression != NULL)
    {
      json_builder_set_member_name (b, "expression");
      json_builder_add_string_value (b, l->expression);
    }
  json_builder_set_member_name (b, "loss_pct");
  json_builder_add_double_value (b, l->loss_pct);
  json_builder_set_member_name (b, "tolerance_rows");
  json_builder_add_int_value (b, l->tolerance_rows);
  json_builder_set_member_name (b, "horizon");
  json_builder_add_int_value (b, l->horizon);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, l->target == FL_TARGET_AT ? "at" : "within");
  json_builder_end_object (b);
}

/* The form in the documented JSON config format. */
static char *
form_to_json (FlExperimentPage *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) arms = NULL;
  guint selection = selected (self->selection_row, 4);
  guint split = selected (self->split_row, G_N_ELEMENTS (split_names));
  guint threshold = selected (self->threshold_row, 4);
  guint compare = adw_combo_row_get_selected (self->compare_row);
  double purge = gtk_spin_button_get_value (self->purge_spin);
  double validation = gtk_spin_button_get_value (self->validation_spin);
  gboolean any_treatment = FALSE;

  json_builder_begin_object (b);

  if (selection == 1)
    {
      guint i = adw_combo_row_get_selected (self->series_row);

      if (self->series != NULL && i < self->series->len)
        {
          json_builder_set_member_name (b, "series");
          json_builder_add_string_value (b, ((FlSeriesInfo *) g_ptr_array_index (self->series,
                                                                                  i))->key);
        }
    }
  else if (selection >= 2)
    {
      json_builder_set_member_name (b, "select");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "prefix");
      json_builder_add_string_value (b, selection == 2
                                     ? gtk_editable_get_text (GTK_EDITABLE (self->prefix_row))
                                     : "");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "evaluation");
      json_builder_add_string_value (b, evaluation_names[selected (self->evaluation_row,
                                                                   G_N_ELEMENTS (evaluation_names))]);
    }

  json_builder_set_member_name (b, "pipeline");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bucket_s");
  json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (self->bucket_spin));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "features");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "set");
  json_builder_add_string_value (b, "recipes");
  json_builder_end_object (b);
  add_label_json (b, &self->label);

  json_builder_set_member_name (b, "split");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, split_names[split]);
  if (split == 0 || split == 6)
    {
      json_builder_set_member_name (b, "test_fraction");
      json_builder_add_double_value (b, gtk_spin_button_get_value (self->test_fraction_spin));
    }
  else
    {
      json_builder_set_member_name (b, "folds");
      json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (self->folds_spin));
    }
  if (purge > 0)
    {
      json_builder_set_member_name (b, "purge_s");
      json_builder_add_double_value (b, purge);
    }
  if (validation > 0)
    {
      json_builder_set_member_name (b, "validation_fraction");
      json_builder_add_double_value (b, validation);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "treatments");
  json_builder_begin_array (b);
  for (guint t = 0; t < 8; t++)
    if (gtk_check_button_get_active (self->treatment_checks[t]))
      {
        any_treatment = TRUE;
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "kind");
        json_builder_add_string_value (b, treatment_names[t]);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  if (!any_treatment)
    {
      /* Empty treatments mean the "smote" member: say so explicitly. */
      json_builder_set_member_name (b, "smote");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "enabled");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "models");
  json_builder_begin_array (b);
  for (guint m = 0; m < 8; m++)
    if (gtk_check_button_get_active (self->model_checks[m]))
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "kind");
        json_builder_add_string_value (b, model_names[m]);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);

  if (threshold > 0)
    {
      json_builder_set_member_name (b, "operating_threshold");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, threshold == 1 ? "max-f1"
                                        : threshold == 2 ? "max-fbeta" : "alarm-budget");
      if (threshold == 2)
        {
          json_builder_set_member_name (b, "beta");
          json_builder_add_double_value (b, 2.0);
        }
      if (threshold == 3)
        {
          json_builder_set_member_name (b, "max_false_alarms_per_day");
          json_builder_add_double_value (b, 1.0);
        }
      json_builder_end_object (b);
    }

  arms = arm_names (self);
  if (compare > 0 && compare - 1 < arms->len)
    {
      json_builder_set_member_name (b, "compare_to");
      json_builder_add_string_value (b, g_ptr_array_index (arms, compare - 1));
    }

  if (g_strcmp0 (self->kind, "noise") == 0)
    {
      guint kind = selected (self->noise_kind_row, 4);
      g_auto(GStrv) parts = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->noise_levels_row)),
                                            ", ;", -1);

      json_builder_set_member_name (b, "noise");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "jitter");
      json_builder_add_string_value (b, kind == 0 ? "gaussian" : kind == 1 ? "multiplicative"
                                                                             : "none");
      json_builder_set_member_name (b, "flip");
      json_builder_add_string_value (b, kind == 2 ? "symmetric" : kind == 3 ? "positives"
                                                                              : "none");
      json_builder_set_member_name (b, "levels");
      json_builder_begin_array (b);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *end = NULL;
          double v;

          if (*parts[i] == '\0')
            continue;
          v = g_ascii_strtod (parts[i], &end);
          if (end == parts[i] || *end != '\0')
            json_builder_add_string_value (b, parts[i]);   /* rejected by the parser */
          else
            json_builder_add_double_value (b, v);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "seeds");
      json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (self->noise_seeds_spin));
      json_builder_set_member_name (b, "apply_to");
      json_builder_add_string_value (b, gtk_switch_get_active (self->noise_test_switch)
                                        ? "train-test" : "train");
      json_builder_end_object (b);
    }

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
form_to_config (FlExperimentPage   *self,
                FlExperimentConfig *config,
                GError            **error)
{
  g_autofree char *json = form_to_json (self);
  gboolean any_model = FALSE;

  for (guint m = 0; m < 8; m++)
    any_model |= gtk_check_button_get_active (self->model_checks[m]);

  fl_experiment_config_init_default (config);
  if (!any_model)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose at least one model or baseline"));
      return FALSE;
    }
  if (adw_combo_row_get_selected (self->threshold_row) > 0 &&
      gtk_spin_button_get_value (self->validation_spin) <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An operating threshold is chosen on validation rows: "
                             "set a validation fraction above 0"));
      return FALSE;
    }
  return fl_experiment_config_from_json (config, json, error);
}

/**
 * fl_experiment_page_get_config:
 * @self: a #FlExperimentPage
 * @config: (out caller-allocates): where to store the configuration; clear
 *   it with fl_experiment_config_clear()
 *
 * Reads the form into @config, starting from the defaults. When the form
 * holds an invalid value, @config holds the defaults.
 */
void
fl_experiment_page_get_config (FlExperimentPage   *self,
                               FlExperimentConfig *config)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (config != NULL);

  if (!form_to_config (self, config, &error))
    {
      fl_experiment_config_clear (config);
      fl_experiment_config_init_default (config);
    }
}

/**
 * fl_experiment_page_get_json:
 * @self: a #FlExperimentPage
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the form's experiment as the JSON
 *   config faultline-cli reads (fl_experiment_config_to_json()), or %NULL
 *   with %FL_ERROR_INVALID or %G_IO_ERROR_INVALID_ARGUMENT when the form
 *   holds an invalid value
 */
char *
fl_experiment_page_get_json (FlExperimentPage  *self,
                             GError           **error)
{
  FlExperimentConfig config;
  char *json;

  g_return_val_if_fail (FL_IS_EXPERIMENT_PAGE (self), NULL);

  if (!form_to_config (self, &config, error))
    {
      fl_experiment_config_clear (&config);
      return NULL;
    }
  json = fl_experiment_config_to_json (&config);
  fl_experiment_config_clear (&config);
  return json;
}

static void
refresh_compare_model (FlExperimentPage *self)
{
  g_autoptr(GPtrArray) arms = arm_names (self);
  g_autofree char *current = NULL;
  guint index = adw_combo_row_get_selected (self->compare_row);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->compare_model));
  guint keep = 0;

  if (index != GTK_INVALID_LIST_POSITION && index < n && index > 0)
    current = g_strdup (gtk_string_list_get_string (self->compare_model, index));

  g_ptr_array_insert (arms, 0, g_strdup (_("The first arm")));
  for (guint i = 1; i < arms->len; i++)
    if (g_strcmp0 (g_ptr_array_index (arms, i), current) == 0)
      keep = i;
  g_ptr_array_add (arms, NULL);
  gtk_string_list_splice (self->compare_model, 0, n, (const char * const *) arms->pdata);
  adw_combo_row_set_selected (self->compare_row, keep);
}

static gboolean
update_json_cb (gpointer user_data)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  guint selection = selected (self->selection_row, 4);
  guint split = selected (self->split_row, G_N_ELEMENTS (split_names));

  self->json_source = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->series_row), selection == 1);
  gtk_widget_set_visible (GTK_WIDGET (self->prefix_row), selection == 2);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluation_row), selection >= 2);
  gtk_widget_set_visible (GTK_WIDGET (self->folds_row), split != 0 && split != 6);
  gtk_widget_set_visible (GTK_WIDGET (self->test_fraction_row), split == 0 || split == 6);

  json = fl_experiment_page_get_json (self, &error);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->json_view),
                            json != NULL ? json : "", -1);
  gtk_label_set_text (self->form_error, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.run",
                                 json != NULL && self->job == NULL && self->project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.copy-json", json != NULL);

  return G_SOURCE_REMOVE;
}

static void
form_changed_cb (FlExperimentPage *self)
{
  if (self->json_source == 0)
    self->json_source = g_idle_add (update_json_cb, self);
}

static void
arms_changed_cb (FlExperimentPage *self)
{
  refresh_compare_model (self);
  form_changed_cb (self);
}

static void
update_label_row (FlExperimentPage *self)
{
  g_autofree char *text = fl_label_spec_describe (&self->label);
  g_autofree char *subtitle = NULL;

  subtitle = self->label_from_page
             ? g_strdup_printf (_("%s (from the Label page)"), text)
             : g_strdup (text);
  adw_action_row_set_subtitle (self->label_row, subtitle);
}

/**
 * fl_experiment_page_set_label:
 * @self: a #FlExperimentPage
 * @label: the label rule for the next runs (copied)
 * @bucket_s: bucket width the label was designed at, in s
 * @series_key: (nullable): the series it was designed on
 *
 * Makes the next runs label the rows with @label (with the feature
 * recipes), at @bucket_s, on @series_key, as the Label page's "Use in
 * Experiment" asks. Opens the form when the start cards are shown.
 */
void
fl_experiment_page_set_label (FlExperimentPage  *self,
                              const FlLabelSpec *label,
                              guint              bucket_s,
                              const char        *series_key)
{
  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (label != NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "start") == 0)
    fl_experiment_page_start (self, "models");

  fl_label_spec_clear (&self->label);
  fl_label_spec_copy (&self->label, label);
  self->label_from_page = TRUE;
  update_label_row (self);
  gtk_spin_button_set_value (self->bucket_spin, bucket_s);

  for (guint i = 0; series_key != NULL && self->series != NULL && i < self->series->len; i++)
    if (g_strcmp0 (((FlSeriesInfo *) g_ptr_array_index (self->series, i))->key, series_key) == 0)
      {
        adw_combo_row_set_selected (self->selection_row, 1);
        adw_combo_row_set_selected (self->series_row, i);
      }
  form_changed_cb (self);
}

static void
set_checks (GtkCheckButton          **checks,
            const char * const       *names,
            const char * const       *on)
{
  for (guint i = 0; i < 8; i++)
    gtk_check_button_set_active (checks[i], g_strv_contains (on, names[i]));
}

/**
 * fl_experiment_page_start:
 * @self: a #FlExperimentPage
 * @kind: `"models"`, `"treatments"` or `"noise"`
 *
 * Opens the form for one experiment kind with its defaults: a z-score
 * label 5 buckets ahead (or the Label page's), 3 expanding time-ordered
 * folds with a validation block, the operating threshold at the best F1 on
 * validation, and the arms the kind compares.
 */
void
fl_experiment_page_start (FlExperimentPage *self,
                          const char       *kind)
{
  static const char * const none[] = { "none", NULL };
  static const char * const models[] = {
    "xgboost", "logistic-regression", "random-forest", "persistence", "rule",
    "always-alarm", NULL
  };
  static const char * const treatments[] = {
    "none", "smote", "borderline-smote-1", "adasyn", "random-under", "class-weight", NULL
  };
  static const char * const treatment_models[] = { "xgboost", "persistence", "always-alarm", NULL };
  static const char * const noise_models[] = { "xgboost", "logistic-regression", NULL };
  const char *title;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));
  g_return_if_fail (kind != NULL);

  if (g_str_equal (kind, "noise") && !fl_experiment_page_has_noise ())
    kind = "models";

  g_free (self->kind);
  self->kind = g_strdup (kind);

  adw_combo_row_set_selected (self->split_row, 1);
  gtk_spin_button_set_value (self->folds_spin, 3);
  gtk_spin_button_set_value (self->test_fraction_spin, 0.2);
  gtk_spin_button_set_value (self->purge_spin, 0);
  gtk_spin_button_set_value (self->validation_spin, 0.2);
  adw_combo_row_set_selected (self->threshold_row, 1);

  if (g_str_equal (kind, "treatments"))
    {
      title = _("Compare Imbalance Treatments");
      set_checks (self->treatment_checks, treatment_names, treatments);
      set_checks (self->model_checks, model_names, treatment_models);
    }
  else if (g_str_equal (kind, "noise"))
    {
      title = _("Noise Injection");
      set_checks (self->treatment_checks, treatment_names, none);
      set_checks (self->model_checks, model_names, noise_models);
      /* Ten seeds × levels × folds: one chronological holdout keeps it short. */
      adw_combo_row_set_selected (self->split_row, 0);
      adw_combo_row_set_selected (self->noise_kind_row, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->noise_levels_row), "0, 0.05, 0.1, 0.2");
      gtk_spin_button_set_value (self->noise_seeds_spin, 10);
      gtk_switch_set_active (self->noise_test_switch, FALSE);
    }
  else
    {
      title = _("Compare Models");
      set_checks (self->treatment_checks, treatment_names, none);
      set_checks (self->model_checks, model_names, models);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->noise_group), g_str_equal (kind, "noise"));
  gtk_label_set_text (self->form_title, title);

  refresh_compare_model (self);
  if (g_str_equal (kind, "models"))
    {
      /* Learned models against persistence: the bar a model must clear. */
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->compare_model)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->compare_model, i), "persistence") == 0)
          adw_combo_row_set_selected (self->compare_row, i);
    }
  else if (g_str_equal (kind, "treatments"))
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->compare_model)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->compare_model, i), "xgboost") == 0)
          adw_combo_row_set_selected (self->compare_row, i);
    }

  gtk_stack_set_visible_child_name (self->stack, "form");
  form_changed_cb (self);
}

/**
 * fl_experiment_page_get_kind:
 * @self: a #FlExperimentPage
 *
 * Returns: (transfer none) (nullable): the kind of the open form, %NULL on
 *   the start cards
 */
const char *
fl_experiment_page_get_kind (FlExperimentPage *self)
{
  g_return_val_if_fail (FL_IS_EXPERIMENT_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") != 0)
    return NULL;
  return self->kind;
}

/* ---- the last run ------------------------------------------------------ */

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

static void
cell_activated_cb (FlExperimentPage *self,
                   guint             actual,
                   guint             predicted)
{
  if (self->shown_run_id <= 0)
    return;
  g_signal_emit (self, signals[SHOW_BUCKETS], 0, self->shown_run_id, 0u,
                 isfinite (self->shown_threshold) ? self->shown_threshold : 0.5,
                 actual, predicted);
}

/**
 * fl_experiment_page_show_result:
 * @self: a #FlExperimentPage
 * @result: the result of an experiment run
 *
 * Shows the first arm's confusion matrix, metrics and the warnings of
 * @result under "Last Run".
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
  self->shown_run_id = result->run_id;
  self->shown_threshold = result->threshold;
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
  gtk_widget_set_visible (self->result_box, TRUE);
}

/* ---- running ----------------------------------------------------------- */

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

  if (data->rerun_id > 0)
    result = fl_experiment_rerun (project, data->rerun_id, fl_job_progress_cb, data->job,
                                  cancellable, &data->report, &error);
  else
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.cancel", job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.rerun",
                                 job == NULL && self->project != NULL);
  form_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_rerun_report (FlExperimentPage    *self,
                   gint64               old_id,
                   const FlRerunReport *report)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;

  if (report->predictions_identical && (report->differences == NULL ||
                                        report->differences->len == 0))
    {
      g_autofree char *title =
        g_strdup_printf (_("Run %lld re-run as run %lld: identical predictions"),
                         (long long) old_id, (long long) report->new_run_id);

      add_toast (self, adw_toast_new (title));
      return;
    }

  heading = g_strdup_printf (_("Run %lld Re-run as Run %lld"),
                             (long long) old_id, (long long) report->new_run_id);
  if (report->predictions_identical)
    g_string_append_printf (body, _("All %zu predictions are identical."), report->n_predictions);
  else
    g_string_append_printf (body,
                            _("%zu of %zu predictions changed (largest difference %.3g), "
                              "%zu have no counterpart."),
                            report->n_changed, report->n_predictions, report->max_abs_diff,
                            report->n_missing);
  if (report->differences != NULL && report->differences->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("What differs:"));
      for (guint i = 0; i < report->differences->len; i++)
        g_string_append_printf (body, "\n• %s",
                                (const char *) g_ptr_array_index (report->differences, i));
    }
  show_error (self, heading, body->str);
}

static void reload_history (FlExperimentPage *self);

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
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          add_toast (self, adw_toast_new (_("Experiment cancelled")));
          return;
        }
      show_error (self, data->rerun_id > 0 ? _("Re-run Failed") : _("Experiment Failed"),
                  error->message);
      return;
    }

  fl_experiment_page_show_result (self, result);
  /* Only the history changed: listing the series again took ~150 ms on the
   * main thread with 263 series (bench/gui-stall.sh). */
  reload_history (self);
  if (data->rerun_id > 0)
    show_rerun_report (self, data->rerun_id, &data->report);
  else
    {
      g_autofree char *title = g_strdup_printf (_("Run %lld done"),
                                                (long long) result->run_id);

      add_toast (self, adw_toast_new (title));
    }
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
start_job (FlExperimentPage *self,
           RunData          *data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FlJob) job = fl_job_new ();

  data->project_path = g_strdup (fl_project_get_path (self->project));
  data->job = g_object_ref (job);

  set_job (self, job);
  fl_job_progress_cb (0, _("Starting…"), job);

  task = g_task_new (self, fl_job_get_cancellable (job), run_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, data, run_data_free);
  g_task_run_in_thread (task, run_worker);
}

/**
 * fl_experiment_page_run:
 * @self: a #FlExperimentPage
 *
 * Starts the experiment configured in the form (the "Compare Models"
 * defaults when no form is open). An invalid form shows an error dialog.
 */
void
fl_experiment_page_run (FlExperimentPage *self)
{
  g_autoptr(GError) error = NULL;
  RunData *data;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));

  if (self->project == NULL || self->job != NULL)
    return;
  if (self->kind == NULL)
    fl_experiment_page_start (self, "models");

  data = g_new0 (RunData, 1);
  if (!form_to_config (self, &data->config, &error))
    {
      run_data_free (data);
      show_error (self, _("Experiment Not Started"), error->message);
      return;
    }
  start_job (self, data);
}

/**
 * fl_experiment_page_run_config:
 * @self: a #FlExperimentPage
 * @config: an experiment (copied through its JSON form)
 *
 * Runs @config in a worker, as fl_experiment_page_run() runs the form.
 *
 * Returns: %TRUE if the run started (%FALSE without a project or while
 *   another run is going)
 */
gboolean
fl_experiment_page_run_config (FlExperimentPage         *self,
                               const FlExperimentConfig *config)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  RunData *data;

  g_return_val_if_fail (FL_IS_EXPERIMENT_PAGE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (self->project == NULL || self->job != NULL)
    return FALSE;

  data = g_new0 (RunData, 1);
  fl_experiment_config_init_default (&data->config);
  json = fl_experiment_config_to_json (config);
  if (!fl_experiment_config_from_json (&data->config, json, &error))
    {
      run_data_free (data);
      show_error (self, _("Experiment Not Started"), error->message);
      return FALSE;
    }
  start_job (self, data);
  return TRUE;
}

/**
 * fl_experiment_page_rerun:
 * @self: a #FlExperimentPage
 * @run_id: a stored run
 *
 * Runs @run_id again from its stored config in a worker
 * (fl_experiment_rerun()) and tells whether every prediction came out
 * identical (a toast) or what differs (a dialog).
 */
void
fl_experiment_page_rerun (FlExperimentPage *self,
                          gint64            run_id)
{
  RunData *data;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));

  if (self->project == NULL || self->job != NULL)
    return;

  data = g_new0 (RunData, 1);
  fl_experiment_config_init_default (&data->config);
  data->rerun_id = run_id;
  start_job (self, data);
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

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  fl_experiment_page_start (FL_EXPERIMENT_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "start");
}

static void
copy_json_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FlExperimentPage *self = FL_EXPERIMENT_PAGE (widget);
  g_autofree char *json = fl_experiment_page_get_json (self, NULL);

  if (json == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), json);
  add_toast (self, adw_toast_new (_("Configuration copied")));
}

static void
rerun_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  fl_experiment_page_rerun (FL_EXPERIMENT_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
open_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[OPEN_RUN], 0, g_variant_get_int64 (parameter));
}

/* ---- history ----------------------------------------------------------- */

static char *
run_headline (const FlRunInfo *run)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (run->created_at);
  GString *s = g_string_new (NULL);

  when = dt != NULL ? g_date_time_format (dt, "%e %b %Y, %H:%M") : g_strdup ("?");
  g_string_append_printf (s, "%s · %s", g_strcmp0 (run->status, "done") == 0
                                        ? _("done") : run->status, g_strstrip (when));

  if (run->summary_json != NULL &&
      json_parser_load_from_data (parser, run->summary_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      o = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (o, "series") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "series")))
        g_string_append_printf (s, " · %s", json_object_get_string_member (o, "series"));
      if (json_object_has_member (o, "average_precision"))
        {
          JsonNode *n = json_object_get_member (o, "average_precision");

          if (JSON_NODE_HOLDS_VALUE (n))
            g_string_append_printf (s, " · %s %.3f", _("AP"), json_node_get_double (n));
        }
    }
  return g_string_free (s, FALSE);
}

static void
reload_history (FlExperimentPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  if (self->project != NULL)
    {
      runs = fl_project_list_runs (self->project, &error);
      if (runs == NULL)
        g_warning ("Could not list runs: %s", error->message);
    }

  /* Newest first. */
  for (guint k = runs != NULL ? runs->len : 0; k > 0 && shown < 50; k--)
    {
      const FlRunInfo *run = g_ptr_array_index (runs, k - 1);
      g_autofree char *title = g_strdup_printf (_("Run %lld"), (long long) run->id);
      g_autofree char *subtitle = run_headline (run);
      g_autofree char *rerun_name = g_strdup_printf (_("Re-run run %lld"), (long long) run->id);
      g_autofree char *open_name = g_strdup_printf (_("Open results of run %lld"),
                                                    (long long) run->id);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *rerun = gtk_button_new_with_label (_("Re-run"));
      GtkWidget *open = gtk_button_new_with_label (_("Open Results"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (rerun, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (rerun, rerun_name);
      gtk_widget_set_tooltip_text (open, open_name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (rerun), "experiment.rerun");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (rerun), "x", (gint64) run->id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "experiment.open-run");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x", (gint64) run->id);
      gtk_widget_set_sensitive (rerun, g_strcmp0 (run->status, "done") == 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), rerun);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (self->history_list, row);
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No runs yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Pick an experiment above; finished runs appear here"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->history_list, row);
    }
}

/**
 * fl_experiment_page_reload:
 * @self: a #FlExperimentPage
 *
 * Lists the series and the runs of the project again.
 */
void
fl_experiment_page_reload (FlExperimentPage *self)
{
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *selected_key = NULL;
  guint selected_index = 0;
  guint index;

  g_return_if_fail (FL_IS_EXPERIMENT_PAGE (self));

  index = adw_combo_row_get_selected (self->series_row);
  if (self->series != NULL && index < self->series->len)
    selected_key = g_strdup (((FlSeriesInfo *) g_ptr_array_index (self->series, index))->key);

  if (self->project != NULL)
    {
      series = fl_project_list_series (self->project, &error);
      if (series == NULL)
        g_warning ("Could not list series: %s", error->message);
    }

  for (guint i = 0; series != NULL && i < series->len; i++)
    {
      const FlSeriesInfo *info = g_ptr_array_index (series, i);

      g_ptr_array_add (labels, g_strdup (info->label));
      if (g_strcmp0 (info->key, selected_key) == 0)
        selected_index = i;
    }
  g_ptr_array_add (labels, NULL);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  self->series = series != NULL ? g_ptr_array_ref (series) : NULL;

  gtk_string_list_splice (self->series_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->series_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->series_row, selected_index);

  reload_history (self);
  form_changed_cb (self);
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
  gtk_widget_set_visible (self->result_box, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "start");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.rerun", project != NULL);
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

static GtkCheckButton *
add_check_row (AdwExpanderRow *expander,
               const char     *title,
               const char     *subtitle,
               GCallback       callback,
               gpointer        user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", callback, user_data);
  adw_expander_row_add_row (expander, row);
  return GTK_CHECK_BUTTON (check);
}

static void
fl_experiment_page_dispose (GObject *object)
{
  FlExperimentPage *self = (FlExperimentPage *) object;

  g_clear_handle_id (&self->json_source, g_source_remove);
  if (self->job != NULL)
    {
      fl_job_cancel (self->job);
      g_signal_handlers_disconnect_by_data (self->job, self);
    }
  g_clear_object (&self->job);
  g_clear_object (&self->project);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  /* The stack is both AdwBin's child and a template child: drop it once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_EXPERIMENT_PAGE);

  G_OBJECT_CLASS (fl_experiment_page_parent_class)->dispose (object);
}

static void
fl_experiment_page_finalize (GObject *object)
{
  FlExperimentPage *self = (FlExperimentPage *) object;

  g_free (self->kind);
  fl_label_spec_clear (&self->label);

  G_OBJECT_CLASS (fl_experiment_page_parent_class)->finalize (object);
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
  object_class->finalize = fl_experiment_page_finalize;
  object_class->get_property = fl_experiment_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlExperimentPage::finished:
   *
   * Emitted when a run (or re-run) finished and was stored.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * FlExperimentPage::open-run:
   * @run_id: the stored run
   *
   * Emitted when the user asks for the results of a run in the history.
   */
  signals[OPEN_RUN] = g_signal_new ("open-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * FlExperimentPage::show-buckets:
   * @run_id: the run of the matrix shown
   * @arm: the arm (0: the first, whose matrix the page shows)
   * @threshold: the run's decision threshold
   * @actual: 0 for actual normal, 1 for actual degraded
   * @predicted: 0 for predicted normal, 1 for predicted degraded
   *
   * Emitted when the user activates a cell of the last run's confusion
   * matrix: the window shows those buckets on the Explore page.
   */
  signals[SHOW_BUCKETS] = g_signal_new ("show-buckets", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 5,
                                        G_TYPE_INT64, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_UINT,
                                        G_TYPE_UINT);

  g_type_ensure (FL_TYPE_CONFUSION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-experiment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, noise_card);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, form_error);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, selection_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, series_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, series_model);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, evaluation_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, label_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, bucket_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, split_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, folds_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, folds_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, test_fraction_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, test_fraction_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, purge_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, validation_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, treatments_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, models_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, noise_group);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, noise_kind_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, noise_levels_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, noise_seeds_spin);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, noise_test_switch);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, compare_row);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, compare_model);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, json_view);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlExperimentPage, result_box);
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
  gtk_widget_class_install_action (widget_class, "experiment.start", "s", start_action);
  gtk_widget_class_install_action (widget_class, "experiment.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "experiment.copy-json", NULL, copy_json_action);
  gtk_widget_class_install_action (widget_class, "experiment.rerun", "x", rerun_action);
  gtk_widget_class_install_action (widget_class, "experiment.open-run", "x", open_run_action);
}

static void
fl_experiment_page_init (FlExperimentPage *self)
{
  static const char * const treatment_subtitles[8] = {
    NULL, N_("Synthetic minority rows between neighbours"),
    N_("SMOTE near the class border only"), NULL, N_("More synthetic rows where it is hard"),
    NULL, N_("Drop majority rows"), N_("Weight positive rows, no new rows"),
  };
  static const char * const model_subtitles[8] = {
    NULL, NULL, NULL, N_("Unsupervised anomaly score"), N_("Baseline"), N_("Baseline"),
    N_("Baseline"), N_("Baseline"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->confusion_view, "cell-activated",
                           G_CALLBACK (cell_activated_cb), self, G_CONNECT_SWAPPED);

  fl_label_spec_init_default (&self->label);
  update_label_row (self);

  for (guint i = 0; i < 8; i++)
    {
      self->treatment_checks[i] =
        add_check_row (self->treatments_row, treatment_title (i),
                       treatment_subtitles[i] != NULL ? _(treatment_subtitles[i]) : NULL,
                       G_CALLBACK (arms_changed_cb), self);
      self->model_checks[i] =
        add_check_row (self->models_row, model_title (i),
                       model_subtitles[i] != NULL ? _(model_subtitles[i]) : NULL,
                       G_CALLBACK (arms_changed_cb), self);
    }

  /* The noise card only when the engine can run a noise sweep. */
  gtk_widget_set_visible (self->noise_card, fl_experiment_page_has_noise ());

  g_signal_connect_swapped (self->selection_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->series_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->prefix_row, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->evaluation_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->bucket_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->split_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->folds_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->test_fraction_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->purge_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->validation_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->noise_kind_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->noise_levels_row, "changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->noise_seeds_spin, "value-changed",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->noise_test_switch, "notify::active",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->threshold_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->compare_row, "notify::selected",
                            G_CALLBACK (form_changed_cb), self);

  fl_experiment_page_start (self, "models");
  gtk_stack_set_visible_child_name (self->stack, "start");
  fl_experiment_page_reload (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.run", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiment.rerun", FALSE);
}
