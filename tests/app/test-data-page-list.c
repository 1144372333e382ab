/* test-data-page-list.c
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

#include "fl-data-page.h"
#include "app-test-util.h"

static gboolean have_display;

static GtkWidget *
find_expander_row (GtkWidget  *widget,
                   const char *title)
{
  if (ADW_IS_EXPANDER_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_expander_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
count_signal (guint *count)
{
  (*count)++;
}

/* Iterates until @label appears under @widget or 30 s pass. */
static GtkWidget *
wait_for_label (GtkWidget  *widget,
                const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkWidget *found;

  while ((found = fl_test_find_label_containing (widget, text)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return found;
}

/* The bundled samples hold 35 series: the page lists the 30 with the most
 * samples (the three traces first) and says how many more there are; after
 * an import through the page the list, built in a worker, grows. Quality rows
 * of a collapsed source are hidden and shown when it is expanded. A source
 * is removed after a confirmation. */
static void
test_series_list (void)
{
  const char *samples = g_getenv ("FL_SAMPLES_DIR");
  g_autofree char *ndjson = NULL;
  g_autofree char *t11180 = NULL;
  g_autofree char *t11323 = NULL;
  g_autofree char *t11119 = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *page;
  GtkWidget *window;
  GtkWidget *source;
  GtkWidget *warning;
  gint64 deadline;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }
  if (samples == NULL)
    {
      g_test_skip ("FL_SAMPLES_DIR is not set");
      return;
    }
  ndjson = g_build_filename (samples, "ripe-anchor-mesh", "msm26858348_ping_anchor_mesh.ndjson", NULL);
  t11180 = g_build_filename (samples, "rtt-traces", "11180.csv", NULL);
  t11323 = g_build_filename (samples, "rtt-traces", "11323.csv", NULL);
  t11119 = g_build_filename (samples, "rtt-traces", "11119.csv", NULL);

  dir = g_dir_make_tmp ("faultline-data-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "list.faultline", NULL);
  project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_file (project, ndjson, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fl_project_import_file (project, t11180, NULL, NULL, NULL, NULL, &error));
  g_assert_true (fl_project_import_file (project, t11323, NULL, NULL, NULL, NULL, &error));

  page = g_object_ref_sink (g_object_new (FL_TYPE_DATA_PAGE, NULL));
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  /* 34 series: 30 listed, the traces (8001 samples each) among them; the
   * rows arrive a few per main-loop turn, the page busy meanwhile. */
  fl_data_page_set_project (FL_DATA_PAGE (page), project);
  g_assert_true (fl_data_page_get_busy (FL_DATA_PAGE (page)));
  g_assert_nonnull (fl_test_find_label_containing (page, "Trace 11180"));
  g_assert_null (fl_test_find_label_containing (page, "more series with fewer samples"));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (fl_data_page_get_busy (FL_DATA_PAGE (page)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fl_data_page_get_busy (FL_DATA_PAGE (page)));
  g_assert_nonnull (fl_test_find_label_containing (page, "Trace 11180"));
  g_assert_nonnull (fl_test_find_label_containing (page, "Trace 11323"));
  g_assert_nonnull (fl_test_find_label_containing (page, "… and 4 more series with fewer samples"));

  /* An import through the page: busy until the new list is in. */
  file = g_file_new_for_path (t11119);
  fl_data_page_import_files (FL_DATA_PAGE (page), &file, 1);
  g_assert_true (fl_data_page_get_busy (FL_DATA_PAGE (page)));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (fl_data_page_get_busy (FL_DATA_PAGE (page)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fl_data_page_get_busy (FL_DATA_PAGE (page)));
  g_assert_nonnull (fl_test_find_label_containing (page, "Trace 11119"));
  g_assert_nonnull (fl_test_find_label_containing (page, "… and 5 more series with fewer samples"));
  g_assert_null (fl_test_find_label_containing (page, "… and 4 more series"));

  /* The quality report of 11323 arrives in a worker; its rows stay hidden
   * while the source is collapsed. */
  source = find_expander_row (page, "11323.csv");
  g_assert_nonnull (source);
  warning = wait_for_label (source, "outliers beyond median");
  g_assert_nonnull (warning);
  g_assert_false (gtk_widget_get_visible (warning));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (source), TRUE);
  g_assert_true (gtk_widget_get_visible (warning));

  /* Removing 11323.csv: Cancel in the confirmation keeps it; Remove takes
   * the source and its series away, in a worker, and says so. */
  {
    g_autoptr(GPtrArray) sources = NULL;
    GtkWidget *remove = fl_test_find_button_by_tooltip (source, "Remove Source");
    GtkWindow *dialog;
    guint changed = 0;

    g_signal_connect_swapped (page, "changed", G_CALLBACK (count_signal), &changed);
    g_assert_nonnull (remove);
    g_assert_true (gtk_widget_is_sensitive (remove));

    g_signal_emit_by_name (remove, "clicked");
    dialog = fl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                     "Remove “11323.csv”?");
    g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                     "It brought 8001 results in 1 series. Its samples"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    gtk_window_destroy (dialog);
    fl_test_iterate (50);
    g_assert_false (fl_data_page_get_busy (FL_DATA_PAGE (page)));
    g_assert_nonnull (find_expander_row (page, "11323.csv"));
    g_assert_cmpuint (changed, ==, 0);

    g_signal_emit_by_name (remove, "clicked");
    dialog = fl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
    gtk_window_destroy (dialog);
    g_assert_true (fl_data_page_get_busy (FL_DATA_PAGE (page)));
    deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while ((fl_data_page_get_busy (FL_DATA_PAGE (page)) ||
            find_expander_row (page, "11323.csv") != NULL) &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (fl_data_page_get_busy (FL_DATA_PAGE (page)));
    g_assert_null (find_expander_row (page, "11323.csv"));
    g_assert_nonnull (find_expander_row (page, "11180.csv"));
    g_assert_null (fl_test_find_label_containing (page, "Trace 11323"));
    g_assert_nonnull (fl_test_find_label_containing (page, "Trace 11180"));
    g_assert_cmpuint (changed, ==, 1);

    /* the page's own connection sees it too */
    sources = fl_project_list_sources (project, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, ==, 3);
  }

  gtk_window_set_child (GTK_WINDOW (window), NULL);
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

  g_test_add_func ("/faultline/data-page/series-list", test_series_list);

  return g_test_run ();
}
