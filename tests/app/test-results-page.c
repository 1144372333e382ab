/* test-results-page.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-confusion-view.h"
#include "fl-experiment.h"
#include "fl-results-page.h"
#include "fl-run-store.h"

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

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type,
             const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
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
  g_assert_nonnull (find_label (GTK_WIDGET (page), "No Results Yet"));

  /* One run: it is listed and shown, one row per arm. */
  first = run_experiment (project);
  g_assert_cmpuint (first->arms->len, ==, 3);
  fl_results_page_reload (page);
  wait_until_idle (page);
  g_assert_cmpuint (fl_results_page_get_n_runs (page), ==, 1);
  g_assert_cmpint (fl_results_page_get_run_id (page), ==, first->run_id);

  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, NULL));
  g_assert_nonnull (view);
  model = gtk_column_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==, 9);
  title = g_strdup_printf ("Run %lld · trace:11119", (long long) first->run_id);
  g_assert_nonnull (find_label (GTK_WIDGET (page), title));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "xgboost"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "persistence"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "always-alarm"));
  g_assert_true (gtk_selection_model_is_selected (model, 0));

  /* The first arm's confusion matrix. */
  cm_view = FL_CONFUSION_VIEW (find_widget (GTK_WIDGET (page), FL_TYPE_CONFUSION_VIEW, NULL));
  g_assert_nonnull (cm_view);
  {
    const FlArmResult *xgb = g_ptr_array_index (first->arms, 0);

    assert_cell (cm_view, 0, 0, xgb->metrics.cm.tn);
    assert_cell (cm_view, 0, 1, xgb->metrics.cm.fp);
    assert_cell (cm_view, 1, 0, xgb->metrics.cm.fn);
    assert_cell (cm_view, 1, 1, xgb->metrics.cm.tp);
    g_assert_nonnull (find_label (GTK_WIDGET (page), "xgboost at threshold 0.50"));
  }

  /* Selecting another row shows that arm's matrix. */
  persistence = g_ptr_array_index (first->arms, 1);
  g_assert_cmpstr (persistence->name, ==, "persistence");
  gtk_selection_model_select_item (model, 1, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_cell (cm_view, 0, 1, persistence->metrics.cm.fp);
  assert_cell (cm_view, 1, 1, persistence->metrics.cm.tp);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "persistence at threshold 0.50"));

  /* Threshold 0: every row is an alarm. */
  scale = GTK_RANGE (find_widget (GTK_WIDGET (page), GTK_TYPE_SCALE, NULL));
  g_assert_nonnull (scale);
  gtk_range_set_value (scale, 0.0);
  assert_cell (cm_view, 1, 0, 0);
  assert_cell (cm_view, 0, 0, 0);
  assert_cell (cm_view, 1, 1, persistence->metrics.n_positive);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "persistence at threshold 0.00"));

  /* The curves describe themselves for assistive technologies; plotted by
   * default: the first arm (also the only learned one) and the baseline
   * with the best AP. */
  area = find_widget (GTK_WIDGET (page), GTK_TYPE_DRAWING_AREA, "precision-recall");
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
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *p = g_strconcat (path, suffix, NULL);

      g_unlink (p);
    }
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

  return g_test_run ();
}
