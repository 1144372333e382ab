/* fl-walkthroughs-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fl-walkthroughs-page.h"

/**
 * FlWalkthroughsPage:
 *
 * Guided re-runs of the experiments in `samples/experiments`: each story is
 * a list of steps (what to do and why, and a button that does it on the
 * open project: import a file, run a config, open a page) and ends with
 * what the numbers do and do not show. The page only asks; the window
 * performs the steps through #FlWalkthroughsPage::import-file,
 * #FlWalkthroughsPage::run-config and #FlWalkthroughsPage::show-page.
 */

typedef enum
{
  STEP_IMPORT,
  STEP_RUN,
  STEP_PAGE,
} StepKind;

typedef struct
{
  StepKind    kind;
  const char *title;
  const char *body;
  const char *button;
  const char *arg;      /* "samples:<path>", "shared:<path>", a page name */
  const char *series;   /* the series the step imports or needs */
} Step;

typedef struct
{
  const char *title;
  const char *description;
  const Step *steps;
  guint       n_steps;
  const char *closing;
} Story;

static const Step netprophet_steps[] = {
  { STEP_IMPORT, N_("Import the NetProphet feature table"),
    N_("training_data.csv, the 952 one-minute rows the NetProphet scripts trained on (RIPE Atlas "
       "measurement 1001). Map the time column and keep the other columns as values."),
    N_("Import"), "shared:networkdeg-ripe1001-features/training_data.csv", "kpi:training_data" },
  { STEP_RUN, N_("Run the published protocol"),
    N_("netprophet-original.json: a random stratified 80/20 split, SMOTE with k = 3 on the "
       "training rows, XGBoost (learning rate 0.1, depth 5, 200 rounds), rows with a missing "
       "value dropped as the scripts do."),
    N_("Run"), "samples:experiments/netprophet-original.json", "kpi:training_data" },
  { STEP_RUN, N_("Run it again in time order"),
    N_("netprophet-chronological.json: the same model with the last 20 % in time as the test "
       "block, next to persistence, always alarm and never alarm."),
    N_("Run"), "samples:experiments/netprophet-chronological.json", "kpi:training_data" },
  { STEP_PAGE, N_("Compare the two runs"),
    N_("On the Results page, pick each run in turn: precision, recall, F1 and average precision "
       "with their intervals, and the baselines next to the model."),
    N_("Open Results"), "results", NULL },
};

static const Step trace_steps[] = {
  { STEP_IMPORT, N_("Import RTT trace 11119"),
    N_("samples/rtt-traces/11119.csv, a bundled RIPE Atlas RTT trace at its native 240 s step."),
    N_("Import"), "samples:rtt-traces/11119.csv", "trace:11119" },
  { STEP_PAGE, N_("Look at the label"),
    N_("On the Label page: a z-score label (k = 2.5 over the past 60 buckets), predicted 5 "
       "buckets ahead. The shaded events are what the models must anticipate."),
    N_("Open Label"), "label", "trace:11119" },
  { STEP_RUN, N_("Run three treatments × three models"),
    N_("trace-11119-comparison.json: no treatment, SMOTE and class weights with XGBoost, "
       "logistic regression and random forest, against isolation forest and four baselines, "
       "on 3 expanding time-ordered folds with past-only features."),
    N_("Run"), "samples:experiments/trace-11119-comparison.json", "trace:11119" },
  { STEP_PAGE, N_("Read the table"),
    N_("On the Results page: which arms beat the rule and persistence on average precision "
       "(▲ / ▼ markers), and what SMOTE does to precision and false alarms per day."),
    N_("Open Results"), "results", NULL },
};

static const Step noise_steps[] = {
  { STEP_IMPORT, N_("Import the synthetic fault KPI table"),
    N_("samples/fault-kpi-synthetic.csv: a synthetic table in the layout of the fault-pipeline "
       "project's signal_metrics.csv (timestamp, locality, signal strength and quality, "
       "throughput, latency, network type, three receiver measurements), generated with a fixed "
       "seed by samples/generators/make-fault-kpi.py within the published column ranges. The "
       "columns and units are detected automatically: accept the mapping as shown."),
    N_("Import"), "samples:fault-kpi-synthetic.csv", "kpi:fault-kpi-synthetic" },
  { STEP_RUN, N_("Run the noise sweep"),
    N_("fault-kpi-synthetic-noise.json: the project's rule label (`Latency` > 200 and "
       "`Data Throughput` < 1, or `Signal Strength` < −100) on its own inputs, its random "
       "stratified 80/20 split, class-weighted logistic regression and random forest next to "
       "always alarm, with multiplicative jitter of 0, 1, 2, 5, 10 and 20 % on every feature of "
       "the training and test rows (labels clean), 10 seeds per level."),
    N_("Run"), "samples:experiments/fault-kpi-synthetic-noise.json", "kpi:fault-kpi-synthetic" },
  { STEP_PAGE, N_("Read the noise curves"),
    N_("On the Results page, the Noise view: recall against the noise level with the 95 % "
       "interval of the mean over seeds per arm; switch the metric to precision or F1 to see "
       "what the jitter really costs."),
    N_("Open Results"), "results", NULL },
};

static const Story stories[] = {
  { N_("Re-run the NetProphet XGBoost+SMOTE Table — and in Time Order"),
    N_("The published result (precision 0.27, recall 0.40, F1 0.32) came from a random split. "
       "Re-run it as published, then with the test rows after the training rows in time."),
    netprophet_steps, G_N_ELEMENTS (netprophet_steps),
    N_("What the numbers show: with the random split the model scores in the range of the "
       "published table, because 75 % of the rows are forward-filled copies and 178 of the 190 "
       "test rows (all 10 positives) have an identical twin in the training rows — the model "
       "recognises rows it has seen. In time order the skill disappears: precision and recall "
       "fall to a few percent and average precision to about the share of positive rows, no "
       "better than always alarming.\n\n"
       "What they do not show: that XGBoost or SMOTE cannot predict degradation. The table has "
       "one day of one probe, 49 positive rows from only 13 episodes and about 8 in the test "
       "block, so every interval is wide; the label is a threshold on the rolling mean and "
       "standard deviation that are also model inputs.") },
  { N_("Trace 11119: Treatments and Models in Time Order"),
    N_("An honest comparison on a bundled trace: features from past buckets only, a purge gap "
       "between training and test, every arm on the same folds."),
    trace_steps, G_N_ELEMENTS (trace_steps),
    N_("What the numbers show: how much each model and treatment adds over the label rule "
       "itself, persistence and always alarm on the same test rows, with intervals and a "
       "corrected significance test against a chosen arm. SMOTE and class weights trade "
       "precision for recall: more events caught, many more false alarms per day.\n\n"
       "What they do not show: a general ranking. This is one trace and one label rule; the "
       "z-score label reads the mean RTT that the features also contain, so part of any skill "
       "is persistence, and the threshold of 0.5 is arbitrary for resampled models — compare "
       "average precision, or choose the threshold on validation rows.") },
  { N_("Does 5 % Jitter Really Cost a Third of the Recall?"),
    N_("The fault-pipeline project reports that “a 5 % random jitter drops recall to 67 %”, "
       "without saying what was jittered, where, or how often. Re-run the claim with a stated "
       "specification, on a bundled synthetic table with the published column ranges."),
    noise_steps, G_N_ELEMENTS (noise_steps),
    N_("The table is synthetic: samples/generators/make-fault-kpi.py generated it with a fixed "
       "seed within the column ranges the fault-pipeline project published (its own table, also "
       "synthetic, has no licence to redistribute). It stands in for that table; it is not a "
       "measurement of any network.\n\n"
       "What the numbers show, on this table with this specification (multiplicative jitter on "
       "every feature of training and test rows, clean labels, 10 seeds per level, mean and 95 % "
       "t-interval): at 5 % jitter logistic regression keeps a recall of about 0.92 "
       "(0.89–0.95) and random forest about 0.83 (0.80–0.86), while F1 falls from 0.80 and 0.96 "
       "to about 0.44 and 0.54 — because precision collapses, not recall. The published "
       "“recall drops to 67 % at 5 %” is not reproduced under this reading; recall only "
       "reaches that region at 10–20 % jitter. Switch the metric to precision or F1 to see "
       "where the cost really is.\n\n"
       "What they support: the label is a threshold on one input (`Signal Strength` < −100; "
       "the other clause never fires in this table), the models recover that threshold almost "
       "perfectly without noise, and jitter hurts exactly as much as it moves rows across it. "
       "That is a statement about the threshold, not about predicting faults.") },
};

struct _FlWalkthroughsPage
{
  AdwBin      parent_instance;

  FlProject  *project;
  char       *samples_dir;
  char       *shared_dir;
  GPtrArray  *rows;       /* AdwActionRow per step, story-major */
  GPtrArray  *buttons;    /* GtkButton per step */
  GPtrArray  *status;     /* char * per step */

  GtkBox     *stories_box;
  GtkLabel   *samples_label;
};

G_DEFINE_FINAL_TYPE (FlWalkthroughsPage, fl_walkthroughs_page, ADW_TYPE_BIN)

enum {
  IMPORT_FILE,
  RUN_CONFIG,
  SHOW_PAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_dir (const char *path)
{
  return path != NULL && g_file_test (path, G_FILE_TEST_IS_DIR);
}

/**
 * fl_walkthroughs_find_samples_dir:
 *
 * Finds the `samples` directory: `$FL_SAMPLES_DIR`, the source tree the
 * app was built from, then the installed data dirs
 * (`<datadir>/faultline/samples`).
 *
 * Returns: (transfer full) (nullable): its path, %NULL when none exists
 */
char *
fl_walkthroughs_find_samples_dir (void)
{
  const char *env = g_getenv ("FL_SAMPLES_DIR");
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *installed = g_build_filename (PKGDATADIR, "samples", NULL);

  if (is_dir (env))
    return g_strdup (env);
  if (is_dir (SAMPLES_DIR))
    return g_strdup (SAMPLES_DIR);
  if (is_dir (installed))
    return g_steal_pointer (&installed);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "faultline", "samples", NULL);

      if (is_dir (path))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/**
 * fl_walkthroughs_find_shared_dir:
 *
 * Finds the shared data sets (not bundled): `$FL_SHARED_DATA`, else
 * `../shared/data` next to the source tree.
 *
 * Returns: (transfer full) (nullable): its path, %NULL when none exists
 */
char *
fl_walkthroughs_find_shared_dir (void)
{
  const char *env = g_getenv ("FL_SHARED_DATA");
  g_autofree char *root = g_path_get_dirname (SAMPLES_DIR);
  g_autofree char *parent = g_path_get_dirname (root);
  g_autofree char *sibling = g_build_filename (parent, "shared", "data", NULL);

  if (is_dir (env))
    return g_strdup (env);
  if (is_dir (sibling))
    return g_steal_pointer (&sibling);
  return NULL;
}

/* The file a step names, or NULL when its base directory is unknown. */
static char *
step_path (FlWalkthroughsPage *self,
           const Step         *step)
{
  if (g_str_has_prefix (step->arg, "samples:"))
    return self->samples_dir != NULL
           ? g_build_filename (self->samples_dir, step->arg + strlen ("samples:"), NULL) : NULL;
  if (g_str_has_prefix (step->arg, "shared:"))
    return self->shared_dir != NULL
           ? g_build_filename (self->shared_dir, step->arg + strlen ("shared:"), NULL) : NULL;
  return NULL;
}

static gboolean
has_series (FlWalkthroughsPage *self,
            const char         *key)
{
  g_autoptr(FlSeriesInfo) info = NULL;

  if (self->project == NULL || key == NULL)
    return FALSE;
  info = fl_project_find_series (self->project, key, NULL);
  return info != NULL;
}

static const Step *
get_step (guint  story,
          guint  step,
          guint *index)
{
  guint k = 0;

  if (story >= G_N_ELEMENTS (stories) || step >= stories[story].n_steps)
    return NULL;
  for (guint s = 0; s < story; s++)
    k += stories[s].n_steps;
  if (index != NULL)
    *index = k + step;
  return &stories[story].steps[step];
}

static void
refresh (FlWalkthroughsPage *self)
{
  for (guint s = 0; s < G_N_ELEMENTS (stories); s++)
    for (guint i = 0; i < stories[s].n_steps; i++)
      {
        guint k;
        const Step *step = get_step (s, i, &k);
        g_autofree char *path = step_path (self, step);
        gboolean exists = path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
        gboolean sensitive = self->project != NULL;
        char *status;

        switch (step->kind)
          {
          case STEP_IMPORT:
            if (has_series (self, step->series))
              {
                status = g_strdup_printf (_("Done: %s is in the project"), step->series);
                sensitive = FALSE;
              }
            else if (exists)
              status = g_strdup_printf (_("Imports %s"), path);
            else
              {
                status = g_strdup_printf (_("Not found: %s. It is not bundled (no licence to "
                                            "redistribute); put the shared data sets next to "
                                            "the source tree or set FL_SHARED_DATA, or import "
                                            "the file on the Data page."),
                                          path != NULL ? path : step->arg);
                sensitive = FALSE;
              }
            break;

          case STEP_RUN:
            if (!exists)
              {
                status = g_strdup_printf (_("Not found: %s (set FL_SAMPLES_DIR)"),
                                          path != NULL ? path : step->arg);
                sensitive = FALSE;
              }
            else if (step->series != NULL && !has_series (self, step->series))
              {
                status = g_strdup_printf (_("Needs the series %s: do the import step first"),
                                          step->series);
                sensitive = FALSE;
              }
            else
              status = g_strdup_printf (_("Runs %s"), path);
            break;

          case STEP_PAGE:
          default:
            status = g_strdup ("");
            break;
          }

        {
          g_autofree char *markup = *status != '\0'
            ? g_markup_printf_escaped ("%s\n<i>%s</i>", _(step->body), status)
            : g_markup_escape_text (_(step->body), -1);

          adw_action_row_set_subtitle (g_ptr_array_index (self->rows, k), markup);
        }
        gtk_widget_set_sensitive (g_ptr_array_index (self->buttons, k), sensitive);
        g_free (g_ptr_array_index (self->status, k));
        g_ptr_array_index (self->status, k) = status;
      }
}

/**
 * fl_walkthroughs_page_do_step:
 * @self: a #FlWalkthroughsPage
 * @story: story index
 * @step: step index in @story
 *
 * Performs a step: emits #FlWalkthroughsPage::import-file,
 * #FlWalkthroughsPage::run-config (with the file's path) or
 * #FlWalkthroughsPage::show-page.
 *
 * Returns: %FALSE when the step cannot be done now (no project, file
 *   missing, series not imported yet, or no such step)
 */
gboolean
fl_walkthroughs_page_do_step (FlWalkthroughsPage *self,
                              guint               story,
                              guint               step)
{
  const Step *s;
  guint k;
  g_autofree char *path = NULL;

  g_return_val_if_fail (FL_IS_WALKTHROUGHS_PAGE (self), FALSE);

  s = get_step (story, step, &k);
  if (s == NULL || self->project == NULL)
    return FALSE;
  refresh (self);
  if (!gtk_widget_get_sensitive (g_ptr_array_index (self->buttons, k)))
    return FALSE;

  path = step_path (self, s);
  switch (s->kind)
    {
    case STEP_IMPORT:
      g_signal_emit (self, signals[IMPORT_FILE], 0, path);
      break;
    case STEP_RUN:
      g_signal_emit (self, signals[RUN_CONFIG], 0, path);
      break;
    case STEP_PAGE:
    default:
      if (s->series != NULL)
        g_signal_emit (self, signals[SHOW_PAGE], 0, s->arg, s->series);
      else
        g_signal_emit (self, signals[SHOW_PAGE], 0, s->arg, NULL);
      break;
    }
  return TRUE;
}

/**
 * fl_walkthroughs_page_get_n_steps:
 * @self: a #FlWalkthroughsPage
 * @story: story index
 *
 * Returns: the steps of @story, 0 when there is no such story
 */
guint
fl_walkthroughs_page_get_n_steps (FlWalkthroughsPage *self,
                                  guint               story)
{
  g_return_val_if_fail (FL_IS_WALKTHROUGHS_PAGE (self), 0);

  return story < G_N_ELEMENTS (stories) ? stories[story].n_steps : 0;
}

/**
 * fl_walkthroughs_page_get_step_status:
 * @self: a #FlWalkthroughsPage
 * @story: story index
 * @step: step index
 *
 * Returns: (transfer none) (nullable): what the step will do or why it
 *   cannot, as shown under its title
 */
const char *
fl_walkthroughs_page_get_step_status (FlWalkthroughsPage *self,
                                      guint               story,
                                      guint               step)
{
  guint k;

  g_return_val_if_fail (FL_IS_WALKTHROUGHS_PAGE (self), NULL);

  if (get_step (story, step, &k) == NULL)
    return NULL;
  return g_ptr_array_index (self->status, k);
}

/**
 * fl_walkthroughs_page_reload:
 * @self: a #FlWalkthroughsPage
 *
 * Checks again which steps are done or possible (after an import).
 */
void
fl_walkthroughs_page_reload (FlWalkthroughsPage *self)
{
  g_return_if_fail (FL_IS_WALKTHROUGHS_PAGE (self));

  refresh (self);
}

/**
 * fl_walkthroughs_page_set_project:
 * @self: a #FlWalkthroughsPage
 * @project: (nullable): the open project
 *
 * Performs the steps on @project.
 */
void
fl_walkthroughs_page_set_project (FlWalkthroughsPage *self,
                                  FlProject          *project)
{
  g_return_if_fail (FL_IS_WALKTHROUGHS_PAGE (self));

  g_set_object (&self->project, project);
  refresh (self);
}

static void
step_clicked_cb (GtkButton          *button,
                 FlWalkthroughsPage *self)
{
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  guint story = 0;

  while (story < G_N_ELEMENTS (stories) && k >= stories[story].n_steps)
    k -= stories[story++].n_steps;
  fl_walkthroughs_page_do_step (self, story, k);
}

static void
build_stories (FlWalkthroughsPage *self)
{
  guint k = 0;

  for (guint s = 0; s < G_N_ELEMENTS (stories); s++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *closing = adw_expander_row_new ();
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *text = gtk_label_new (_(stories[s].closing));

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(stories[s].title));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _(stories[s].description));

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

      for (guint i = 0; i < stories[s].n_steps; i++, k++)
        {
          const Step *step = &stories[s].steps[i];
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *number = gtk_label_new (NULL);
          GtkWidget *button = gtk_button_new_with_label (_(step->button));
          g_autofree char *n = g_strdup_printf ("%u", i + 1);
          g_autofree char *tip = g_strdup_printf ("%s: %s", _(step->button), _(step->title));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(step->title));
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
          gtk_label_set_text (GTK_LABEL (number), n);
          gtk_widget_add_css_class (number, "title-3");
          gtk_widget_add_css_class (number, "dim-label");
          gtk_widget_set_size_request (number, 24, -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, tip);
          g_object_set_data (G_OBJECT (button), "step", GUINT_TO_POINTER (k));
          g_signal_connect (button, "clicked", G_CALLBACK (step_clicked_cb), self);
          if (step->kind != STEP_PAGE)
            gtk_widget_add_css_class (button, "suggested-action");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          gtk_list_box_append (GTK_LIST_BOX (list), row);

          g_ptr_array_add (self->rows, row);
          g_ptr_array_add (self->buttons, button);
          g_ptr_array_add (self->status, NULL);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (closing),
                                     _("What the numbers do and do not show"));
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_widget_set_margin_start (text, 12);
      gtk_widget_set_margin_end (text, 12);
      gtk_widget_set_margin_top (text, 12);
      gtk_widget_set_margin_bottom (text, 12);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (closing), text);
      gtk_list_box_append (GTK_LIST_BOX (list), closing);

      gtk_box_append (self->stories_box, group);
    }
}

static void
fl_walkthroughs_page_dispose (GObject *object)
{
  FlWalkthroughsPage *self = (FlWalkthroughsPage *) object;

  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_WALKTHROUGHS_PAGE);

  G_OBJECT_CLASS (fl_walkthroughs_page_parent_class)->dispose (object);
}

static void
fl_walkthroughs_page_finalize (GObject *object)
{
  FlWalkthroughsPage *self = (FlWalkthroughsPage *) object;

  g_free (self->samples_dir);
  g_free (self->shared_dir);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->buttons);
  g_ptr_array_unref (self->status);

  G_OBJECT_CLASS (fl_walkthroughs_page_parent_class)->finalize (object);
}

static void
fl_walkthroughs_page_class_init (FlWalkthroughsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_walkthroughs_page_dispose;
  object_class->finalize = fl_walkthroughs_page_finalize;

  /**
   * FlWalkthroughsPage::import-file:
   * @path: the file to import into the open project
   */
  signals[IMPORT_FILE] = g_signal_new ("import-file", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FlWalkthroughsPage::run-config:
   * @path: an experiment config (JSON) to run on the open project
   */
  signals[RUN_CONFIG] = g_signal_new ("run-config", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FlWalkthroughsPage::show-page:
   * @page: a page name ("label", "results", …)
   * @series: (nullable): the series the page should show
   */
  signals[SHOW_PAGE] = g_signal_new ("show-page", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-walkthroughs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlWalkthroughsPage, stories_box);
  gtk_widget_class_bind_template_child (widget_class, FlWalkthroughsPage, samples_label);
}

static void
fl_walkthroughs_page_init (FlWalkthroughsPage *self)
{
  g_autofree char *where = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->buttons = g_ptr_array_new ();
  self->status = g_ptr_array_new_with_free_func (g_free);
  self->samples_dir = fl_walkthroughs_find_samples_dir ();
  self->shared_dir = fl_walkthroughs_find_shared_dir ();

  where = g_strdup_printf (_("Bundled samples: %s. Shared data sets: %s."),
                           self->samples_dir != NULL ? self->samples_dir : _("not found"),
                           self->shared_dir != NULL ? self->shared_dir : _("not found"));
  gtk_label_set_text (self->samples_label, where);

  build_stories (self);
  refresh (self);
}
