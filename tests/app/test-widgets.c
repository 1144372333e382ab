/* test-widgets.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-confusion-view.h"
#include "fl-experiment-page.h"
#include "fl-explore-page.h"
#include "fl-data-page.h"
#include "fl-job.h"
#include "app-test-util.h"

static gboolean have_display;

#define REQUIRE_DISPLAY() FL_TEST_REQUIRE_DISPLAY (have_display)

static void
record_cell_cb (guint *activated,
                guint  actual,
                guint  predicted)
{
  activated[0] = actual;
  activated[1] = predicted;
}

static void
test_confusion_view (void)
{
  FlConfusionMatrix cm = { .tn = 123, .fp = 3, .fn = 4, .tp = 6 };
  FlConfusionView *view;
  g_autofree char *tn = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *fn = NULL;
  g_autofree char *tp = NULL;

  REQUIRE_DISPLAY ();

  view = g_object_ref_sink (FL_CONFUSION_VIEW (fl_confusion_view_new ()));
  fl_confusion_view_set_matrix (view, &cm);

  tn = fl_confusion_view_dup_cell_description (view, 0, 0);
  fp = fl_confusion_view_dup_cell_description (view, 0, 1);
  fn = fl_confusion_view_dup_cell_description (view, 1, 0);
  tp = fl_confusion_view_dup_cell_description (view, 1, 1);
  g_assert_cmpstr (tn, ==, "True negatives: 123 (97.6 % of actual normal, 96.9 % of predicted normal)");
  g_assert_cmpstr (fp, ==, "False positives: 3 (2.4 % of actual normal, 33.3 % of predicted degraded)");
  g_assert_cmpstr (fn, ==, "False negatives: 4 (40.0 % of actual degraded, 3.1 % of predicted normal)");
  g_assert_cmpstr (tp, ==, "True positives: 6 (60.0 % of actual degraded, 66.7 % of predicted degraded)");

  /* Each cell is a button that reports which cell it is. */
  {
    guint activated[2] = { 9, 9 };
    GtkWidget *button = fl_test_find_button_by_tooltip (GTK_WIDGET (view), "False negatives:");

    g_assert_nonnull (button);
    g_signal_connect_swapped (view, "cell-activated", G_CALLBACK (record_cell_cb), activated);
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpuint (activated[0], ==, 1);
    g_assert_cmpuint (activated[1], ==, 0);
  }

  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (view), "Predicted: normal"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (view), "Predicted: degraded"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (view), "Actual: normal"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (view), "Actual: degraded"));

  g_assert_finalize_object (view);
}

static void
test_confusion_view_empty_row (void)
{
  FlConfusionMatrix cm = { .tn = 10, .fp = 0, .fn = 0, .tp = 0 };
  FlConfusionView *view;
  g_autofree char *tp = NULL;

  REQUIRE_DISPLAY ();

  view = g_object_ref_sink (FL_CONFUSION_VIEW (fl_confusion_view_new ()));
  fl_confusion_view_set_matrix (view, &cm);
  tp = fl_confusion_view_dup_cell_description (view, 1, 1);
  g_assert_cmpstr (tp, ==, "True positives: 0 (no actual degraded rows, no predicted degraded rows)");
  g_assert_finalize_object (view);
}

static void
test_experiment_page (void)
{
  FlExperimentPage *page;
  FlExperimentConfig config;
  FlExperimentResult result = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new ();

  REQUIRE_DISPLAY ();

  page = g_object_ref_sink (g_object_new (FL_TYPE_EXPERIMENT_PAGE, NULL));
  g_assert_false (fl_experiment_page_get_busy (page));

  /* Without a project the form still yields the defaults, "most active series". */
  fl_experiment_page_get_config (page, &config);
  g_assert_null (config.series_key);
  g_assert_cmpuint (config.smote_k, >, 0);
  g_assert_cmpuint (config.pipeline.bucket_s, >, 0);
  fl_experiment_config_clear (&config);

  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "Run Experiment"));

  g_ptr_array_add (warnings, (gpointer) "Only 3 positive rows in the test block");
  result.run_id = 7;
  result.series_key = (char *) "trace:11119";
  result.cm = (FlConfusionMatrix) { 50, 2, 1, 3 };
  result.threshold = 0.5;
  result.precision = 0.6;
  result.recall = 0.75;
  result.f1 = 2 * 0.6 * 0.75 / 1.35;
  result.average_precision = 0.7;
  result.test_rows = 56;
  result.test_positives = 4;
  result.warnings = warnings;
  fl_experiment_page_show_result (page, &result);

  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "0.600"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "0.750"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "56"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page),
                                          "Only 3 positive rows in the test block"));
  g_assert_true (gtk_widget_has_css_class (fl_test_find_label (GTK_WIDGET (page),
                                                                 "Only 3 positive rows in the test block"),
                                           "warning"));

  g_assert_finalize_object (page);
}

static void
test_pages_without_project (void)
{
  GtkWidget *data;
  GtkWidget *explore;

  REQUIRE_DISPLAY ();

  data = g_object_ref_sink (g_object_new (FL_TYPE_DATA_PAGE, NULL));
  explore = g_object_ref_sink (g_object_new (FL_TYPE_EXPLORE_PAGE, NULL));

  g_assert_false (fl_data_page_get_busy (FL_DATA_PAGE (data)));
  g_assert_null (fl_explore_page_get_summary (FL_EXPLORE_PAGE (explore)));
  g_assert_nonnull (fl_test_find_label (data, "No Sources Yet"));
  g_assert_nonnull (fl_test_find_label (explore, "No RTT Series"));

  g_assert_finalize_object (data);
  g_assert_finalize_object (explore);
}

static void
flag_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

static void
wait_until_idle (FlDataPage *page)
{
  while (fl_data_page_get_busy (page))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_data_page_import (void)
{
  g_autofree char *sample = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *bad_path = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GFile) good = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  FlDataPage *page;
  gboolean changed = FALSE;

  REQUIRE_DISPLAY ();

  sample = g_build_filename (g_getenv ("FL_SHARED_DATA") ? g_getenv ("FL_SHARED_DATA") : ".",
                             "ripe-rtt-changepoint-shao2017", "raw", "11119.csv", NULL);
  if (!g_file_test (sample, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No sample trace (FL_SHARED_DATA)");
      return;
    }

  dir = g_dir_make_tmp ("faultline-test-XXXXXX", &error);
  g_assert_no_error (error);
  project_path = g_build_filename (dir, "test.faultline", NULL);
  bad_path = g_build_filename (dir, "bad.csv", NULL);
  g_file_set_contents (bad_path, "this is not a measurement file\n\1\2\3", -1, &error);
  g_assert_no_error (error);
  project = fl_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);

  page = g_object_ref_sink (g_object_new (FL_TYPE_DATA_PAGE, NULL));
  g_signal_connect_swapped (page, "changed", G_CALLBACK (flag_cb), &changed);
  fl_data_page_set_project (page, project);
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "No Sources Yet"));

  /* A good file: imported in the worker, the list shows it. */
  good = g_file_new_for_path (sample);
  fl_data_page_import_files (page, &good, 1);
  g_assert_true (fl_data_page_get_busy (page));
  wait_until_idle (page);
  g_assert_true (changed);
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "11119.csv"));
  g_assert_nonnull (fl_test_find_label (GTK_WIDGET (page), "Trace 11119"));
  g_assert_null (ADW_MESSAGE_DIALOG (fl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));

  /* A bad file: an error dialog saying nothing was imported. */
  changed = FALSE;
  bad = g_file_new_for_path (bad_path);
  fl_data_page_import_files (page, &bad, 1);
  wait_until_idle (page);
  g_assert_false (changed);
  dialog = ADW_MESSAGE_DIALOG (fl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_test_message ("error dialog: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "Nothing was imported from this file; the project is unchanged."));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_finalize_object (page);
  g_clear_object (&project);

  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *path = g_strconcat (project_path, suffix, NULL);

      g_unlink (path);
    }
  g_unlink (bad_path);
  g_rmdir (dir);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static gpointer
progress_thread (gpointer data)
{
  for (guint i = 1; i <= 1000; i++)
    fl_job_progress_cb (i / 1000.0, i == 1000 ? "done" : "working", data);
  return NULL;
}

static void
test_job (void)
{
  g_autoptr(FlJob) job = fl_job_new ();
  GThread *thread;
  guint notifies = 0;

  g_signal_connect (job, "notify::fraction", G_CALLBACK (notify_count_cb), &notifies);
  thread = g_thread_new ("progress", progress_thread, job);
  g_thread_join (thread);

  /* One pending idle at most: everything is coalesced into few notifies. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpfloat (fl_job_get_fraction (job), ==, 1.0);
  g_assert_cmpstr (fl_job_get_message (job), ==, "done");
  g_assert_cmpuint (notifies, >=, 1);
  g_assert_cmpuint (notifies, <, 1000);

  g_assert_false (g_cancellable_is_cancelled (fl_job_get_cancellable (job)));
  fl_job_cancel (job);
  g_assert_true (g_cancellable_is_cancelled (fl_job_get_cancellable (job)));
}

int
main (int   argc,
      char *argv[])
{
  /* What gtk_test_init() does, but gtk_test_init() aborts without a
   * display while gtk_init_check() lets the GTK tests skip. */
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/faultline/widgets/confusion-view", test_confusion_view);
  g_test_add_func ("/faultline/widgets/confusion-view-empty-row", test_confusion_view_empty_row);
  g_test_add_func ("/faultline/widgets/experiment-page", test_experiment_page);
  g_test_add_func ("/faultline/widgets/pages-without-project", test_pages_without_project);
  g_test_add_func ("/faultline/widgets/job", test_job);
  g_test_add_func ("/faultline/widgets/data-page-import", test_data_page_import);

  return g_test_run ();
}
