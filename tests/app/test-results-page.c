/* test-results-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-confusion-view.h"
#include "fl-experiment.h"
#include "fl-project-kpi.h"
#include "fl-results-page.h"
#include "fl-run-store.h"
#include "app-test-util.h"

static gboolean have_display;

static const char *config_json =
  "{ \"series\": \"trace:11119\", \"pipeline\": { \"bucket_s\": 240 },"
  "  \"features\": { \"set\": \"recipes\" },"
  "  \"label\": { \"kind\": \"zscore\", \"k_sigma\": 2.5, \"window_rows\": 60, \"horizon\": 5 },"
  "  \"split\": { \"kind\": \"expanding\", \"folds\": 2 },"
  "  \"treatments\": [ { \"kind\": \"none\" } ],"
  "  \"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 10 }, { \"kind\": \"persistence\" },"
  "               { \"kind\": \"always-alarm\" } ],"
  "  \"xgboost\": { \"nthread\": 1 },"
  "  \"bootstrap_resamples\": 20 }";

typedef struct
{
  gint64 run_id;
  guint  arm;
  double threshold;
  guint  actual;
  guint  predicted;
} ShowBuckets;

static void
show_buckets_cb (ShowBuckets *got,
                 gint64       run_id,
                 guint        arm,
                 double       threshold,
                 guint        actual,
                 guint        predicted)
{
  got->run_id = run_id;
  got->arm = arm;
  got->threshold = threshold;
  got->actual = actual;
  got->predicted = predicted;
}

static void
wait_until_idle (FlResultsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (fl_results_page_get_busy (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fl_results_page_get_busy (page));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static FlExperimentResult *
run_experiment (FlProject *project)
{
  g_autoptr(GError) error = NULL;
  FlExperimentConfig config;
  FlExperimentResult *r;

  fl_experiment_config_init_default (&config);
  fl_experiment_config_from_json (&config, config_json, &error);
  g_assert_no_error (error);
  r = fl_experiment_run (project, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);
  return r;
}

static void
assert_cell (FlConfusionView *view,
             guint            actual,
             guint            predicted,
             guint64          count)
{
  g_autofree char *text = fl_confusion_view_dup_cell_description (view, actual, predicted);
  g_autofree char *expected = g_strdup_printf (": %llu (", (unsigned long long) count);

  g_test_message ("cell %u/%u: %s", actual, predicted, text);
  g_assert_nonnull (strstr (text, expected));
}

static void
test_results_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(FlExperimentResult) first = NULL;
  g_autoptr(FlExperimentResult) second = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *title = NULL;
  FlResultsPage *page;
  GtkWidget *window;
  GtkColumnView *view;
  GtkSelectionModel *model;
  FlConfusionView *cm_view;
  GtkRange *scale;
  GtkWidget *area;
  const FlArmResult *persistence;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  sample = g_build_filename (g_getenv ("FL_SAMPLES_DIR"), "rtt-traces", "11119.csv", NULL);
  dir = g_dir_make_tmp ("fl-results-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "results.faultline", NULL);
  project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  fl_project_import_file (project, sample, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  page = g_object_ref_sink (g_object_new (FL_TYPE_RESULTS_PAGE, NULL));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  /* A project without runs: the empty state. */
  fl_results_page_set_project (page, project);
  wait_until_idle (page);
  g_assert_cmpuint (fl_results_page_get_n_runs (page), ==, 0);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, -1);
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "No Results Yet"));

  /* One run: it is listed and shown, one row per arm. */
  first = run_experiment (project);
  g_assert_cmpuint (first->arms->len, ==, 3);
  fl_results_page_reload (page);
  wait_until_idle (page);
  g_assert_cmpuint (fl_results_page_get_n_runs (page), ==, 1);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, first->run_id);

  view = GTK_COLUMN_VIEW (fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, NULL));
  g_assert_nonnull (view);
  model = gtk_column_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==, 9);
  title = g_strdup_printf ("Run %lld · trace:11119", (long long) first->run_id);
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), title));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "xgboost"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "persistence"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "always-alarm"));
  g_assert_true (gtk_selection_model_is_selected (model, 0));

  /* The first arm's confusion matrix. */
  cm_view = FL_CONFUSION_VIEW (fl_test_find_widget (GTK_WIDGET (page), FL_TYPE_CONFUSION_VIEW, NULL));
  g_assert_nonnull (cm_view);
  {
    const FlArmResult *xgb = g_ptr_array_index (first->arms, 0);

    assert_cell (cm_view, 0, 0, xgb->metrics.cm.tn);
    assert_cell (cm_view, 0, 1, xgb->metrics.cm.fp);
    assert_cell (cm_view, 1, 0, xgb->metrics.cm.fn);
    assert_cell (cm_view, 1, 1, xgb->metrics.cm.tp);
    g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "xgboost at threshold 0.50"));
  }

  /* Selecting another row shows that arm's matrix. */
  persistence = g_ptr_array_index (first->arms, 1);
  g_assert_cmpstr (persistence->name, ==, "persistence");
  gtk_selection_model_select_item (model, 1, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_cell (cm_view, 0, 1, persistence->metrics.cm.fp);
  assert_cell (cm_view, 1, 1, persistence->metrics.cm.tp);
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "persistence at threshold 0.50"));

  /* Threshold 0: every row is an alarm. */
  scale = GTK_RANGE (fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_SCALE, NULL));
  g_assert_nonnull (scale);
  gtk_range_set_value (scale, 0.0);
  assert_cell (cm_view, 1, 0, 0);
  assert_cell (cm_view, 0, 0, 0);
  assert_cell (cm_view, 1, 1, persistence->metrics.n_positive);
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "persistence at threshold 0.00"));

  /* Activating a cell asks for its buckets: run, arm, the threshold shown
   * and the cell. */
  {
    ShowBuckets got = { -1, 99, NAN, 9, 9 };
    GtkWidget *cell = fl_test_find_button_by_tooltip (GTK_WIDGET (cm_view), "False negatives:");

    g_assert_nonnull (cell);
    g_signal_connect_swapped (page, "show-buckets", G_CALLBACK (show_buckets_cb), &got);
    /* A button's activation shows it pressed for a moment, then clicks. */
    gtk_widget_activate (cell);
    {
      gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

      while (got.run_id < 0 && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
    g_assert_cmpint (got.run_id, ==, first->run_id);
    g_assert_cmpuint (got.arm, ==, 1);
    g_assert_cmpfloat (got.threshold, ==, 0.0);
    g_assert_cmpuint (got.actual, ==, 1);
    g_assert_cmpuint (got.predicted, ==, 0);
  }

  /* The curves describe themselves for assistive technologies; plotted by
   * default: the first arm (also the only learned one) and the baseline
   * with the best AP. */
  area = fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DRAWING_AREA, "precision-recall");
  g_assert_nonnull (area);
  g_test_message ("%s", gtk_widget_get_tooltip_text (area));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (area),
                                   "Precision–recall curves of 2 arms (prevalence "));

  /* A newer run is shown after a reload. */
  second = run_experiment (project);
  fl_results_page_reload (page);
  wait_until_idle (page);
  g_assert_cmpuint (fl_results_page_get_n_runs (page), ==, 2);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, second->run_id);
  /* … and the older one can be chosen again. */
  g_assert_true (fl_results_page_select_run (page, first->run_id));
  wait_until_idle (page);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, first->run_id);

  /* No project: back to the empty state. */
  fl_results_page_set_project (page, NULL);
  wait_until_idle (page);
  g_assert_cmpuint (fl_results_page_get_n_runs (page), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (page);

  g_clear_object (&project);
  fl_test_remove_project (path);
  g_rmdir (dir);
}

static FlExperimentResult *
run_json (FlProject  *project,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  FlExperimentConfig config;
  FlExperimentResult *r;

  fl_experiment_config_init_default (&config);
  fl_experiment_config_from_json (&config, json, &error);
  g_assert_no_error (error);
  r = fl_experiment_run (project, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);
  return r;
}

/* A run over the three bundled traces with one model per series shows a
 * row per series (with the macro and overall values) and the per-series
 * chart; a noise sweep on the synthetic KPI table opens on the Noise view;
 * the XGBoost arm has its gain importance. */
static void
test_series_and_noise (void)
{
  static const char *series_json =
    "{ \"select\": { \"prefix\": \"trace:\" }, \"evaluation\": \"per-series-models\","
    "  \"pipeline\": { \"bucket_s\": 240 }, \"features\": { \"set\": \"recipes\" },"
    "  \"label\": { \"kind\": \"zscore\", \"k_sigma\": 2.5, \"window_rows\": 60, \"horizon\": 5 },"
    "  \"split\": { \"kind\": \"chronological\", \"test_fraction\": 0.3 },"
    "  \"treatments\": [ { \"kind\": \"none\" } ],"
    "  \"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 10 }, { \"kind\": \"persistence\" } ],"
    "  \"xgboost\": { \"nthread\": 1 }, \"bootstrap_resamples\": 20 }";
  static const char *noise_json =
    "{ \"series\": \"kpi:fault-kpi-synthetic\","
    "  \"features\": { \"set\": \"recipes\", \"recipes\": [\"level\"],"
    "    \"columns\": [\"Signal Strength\", \"Latency\", \"Data Throughput\"], \"extra_levels\": [] },"
    "  \"label\": { \"kind\": \"rule\","
    "    \"expression\": \"(`Latency` > 200 && `Data Throughput` < 1) || `Signal Strength` < -100\","
    "    \"horizon\": 0 },"
    "  \"split\": { \"kind\": \"random-stratified\", \"test_fraction\": 0.2 },"
    "  \"treatments\": [ { \"kind\": \"class-weight\" } ],"
    "  \"models\": [ { \"kind\": \"logistic-regression\" }, { \"kind\": \"always-alarm\" } ],"
    "  \"noise\": { \"jitter\": \"multiplicative\", \"levels\": [0, 0.05, 0.2], \"seeds\": 2,"
    "             \"apply_to\": \"train-test\" },"
    "  \"bootstrap_resamples\": 20 }";
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(FlExperimentResult) series_run = NULL;
  g_autoptr(FlExperimentResult) noise_run = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *kpi = NULL;
  const char *traces[] = { "11119", "11180", "11323" };
  FlResultsPage *page;
  GtkWidget *window, *grid, *area, *stack, *dropdown;
  guint n_series_rows = 0;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  dir = g_dir_make_tmp ("fl-results-series-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "series.faultline", NULL);
  project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.csv", traces[i]);
      g_autofree char *sample = g_build_filename (g_getenv ("FL_SAMPLES_DIR"), "rtt-traces",
                                                  file, NULL);

      fl_project_import_file (project, sample, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  kpi = g_build_filename (g_getenv ("FL_SAMPLES_DIR"), "fault-kpi-synthetic.csv", NULL);
  fl_project_import_kpi_file (project, kpi, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  series_run = run_json (project, series_json);
  page = g_object_ref_sink (g_object_new (FL_TYPE_RESULTS_PAGE, NULL));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100,
                               g_getenv ("FL_TEST_SCREENSHOT_DIR") != NULL ? 2300 : 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  if (g_getenv ("FL_TEST_SCREENSHOT_DIR") != NULL)
    gtk_widget_set_size_request (GTK_WIDGET (page), 1100, 2300);
  gtk_window_present (GTK_WINDOW (window));
  fl_results_page_set_project (page, project);
  wait_until_idle (page);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, series_run->run_id);

  /* One row per trace, labelled as in the project, then the macro average
   * and the overall values. */
  grid = fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_GRID, "per-series-table");
  g_assert_nonnull (grid);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (grid)));
  series = fl_project_list_series (project, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < series->len; i++)
    {
      const FlSeriesInfo *info = g_ptr_array_index (series, i);

      if (!g_str_has_prefix (info->key, "trace:"))
        continue;
      g_test_message ("series %s: %s", info->key, info->label);
      g_assert_nonnull (fl_test_find_label (grid, info->label != NULL && info->label[0] != '\0'
                                          ? info->label : info->key));
      n_series_rows++;
    }
  g_assert_cmpuint (n_series_rows, ==, 3);
  g_assert_nonnull (fl_test_find_label (grid, "Macro average"));
  g_assert_nonnull (fl_test_find_label (grid, "Overall (micro, pooled rows)"));
  /* Header, 3 series, macro, overall: 6 rows of 7 cells. */
  {
    guint n_cells = 0;

    for (GtkWidget *c = gtk_widget_get_first_child (grid); c != NULL;
         c = gtk_widget_get_next_sibling (c))
      n_cells++;
    g_assert_cmpuint (n_cells, ==, 6 * 7);
  }
  area = fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DRAWING_AREA, "per-series");
  g_assert_nonnull (area);
  fl_test_save_screenshots (window, "results-series");
  g_test_message ("%s", gtk_widget_get_tooltip_text (area));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (area),
                                   "Average precision and F1 per series of 2 arms on 3 series"));
  /* The XGBoost arm (selected first) has its gain importance. */
  stack = fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_STACK, "curve-stack");
  g_assert_nonnull (stack);
  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (stack),
                   gtk_stack_get_child_by_name (GTK_STACK (stack), "importance"))));
  g_assert_false (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (stack),
                    gtk_stack_get_child_by_name (GTK_STACK (stack), "noise"))));

  /* The noise run opens on the Noise view, recall first. */
  noise_run = run_json (project, noise_json);
  fl_results_page_reload (page);
  wait_until_idle (page);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, noise_run->run_id);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (grid)));
  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (stack),
                   gtk_stack_get_child_by_name (GTK_STACK (stack), "noise"))));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "noise");
  area = fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DRAWING_AREA, "noise");
  g_assert_nonnull (area);
  g_test_message ("%s", gtk_widget_get_tooltip_text (area));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (area),
                                   "Recall against noise level of 2 arms"));
  /* Another metric from the dropdown. */
  dropdown = fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, "noise-metric");
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FL_NOISE_METRIC_AVERAGE_PRECISION);
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (area),
                                   "Average precision against noise level of 2 arms"));
  /* Let it draw once. */
  gtk_widget_queue_draw (area);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FL_NOISE_METRIC_RECALL);
  fl_test_save_screenshots (window, "results-noise");
  if (g_getenv ("FL_TEST_SCREENSHOT_DIR") != NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "importance");
      fl_results_page_select_run (page, series_run->run_id);
      wait_until_idle (page);
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "importance");
      fl_test_save_screenshots (window, "results-importance");
    }

  fl_results_page_set_project (page, NULL);
  wait_until_idle (page);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (page);
  g_clear_object (&project);
  fl_test_remove_project (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/faultline/results-page/runs-arms-matrix", test_results_page);
  g_test_add_func ("/faultline/results-page/series-and-noise", test_series_and_noise);

  return g_test_run ();
}
