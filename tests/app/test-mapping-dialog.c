/* test-mapping-dialog.c
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
#include "fl-mapping-dialog.h"
#include "fl-project-kpi.h"
#include "app-test-util.h"

/* Set FL_UI_SCREENSHOT_DIR to save PNGs of the dialog and the Data page. */

static gboolean have_display;

#define REQUIRE_DISPLAY() FL_TEST_REQUIRE_DISPLAY (have_display)

static const char *csv =
  "timeslot;router;load (Mbps);state\n"
  "19/07/2025 10:19;r1;12.5;up\n"
  "19/07/2025 10:19;r2;0.5;down\n"
  "19/07/2025 10:20;r1;13;up\n"
  "19/07/2025 10:20;r2;0.75;up\n"
  "19/07/2025 10:21;r1;13.5;up\n"
  "19/07/2025 10:30;r1;14;up\n";

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("FL_UI_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int w, h;

  if (dir == NULL)
    return;
  fl_test_iterate (300);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_init (&bounds, 0, 0, w, h);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, w, h);
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fl-mapping-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (dir);
}

/* The dialog detects the mapping, validates role changes and produces a
 * mapping the project imports. */
static void
test_dialog (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *project_path = NULL;
  g_autoptr(FlKpiMapping) m = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(GError) error = NULL;
  FlMappingDialog *dialog;

  REQUIRE_DISPLAY ();

  dir = make_dir ();
  path = g_build_filename (dir, "load.csv", NULL);
  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);

  dialog = fl_mapping_dialog_new (NULL, path);
  /* Tall enough for the screenshot to show the column roles too. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 900, 1040);
  gtk_window_present (GTK_WINDOW (dialog));
  fl_test_iterate (100);
  g_assert_true (fl_mapping_dialog_is_valid (dialog));
  g_assert_nonnull (fl_test_find_label_containing (GTK_WIDGET (dialog), "6 rows previewed"));
  g_assert_nonnull (fl_test_find_label_containing (GTK_WIDGET (dialog), "2025-07-19 10:19:00 UTC"));
  /* The preview shows the cells. */
  g_assert_nonnull (fl_test_find_label_containing (GTK_WIDGET (dialog), "0.75"));
  screenshot (GTK_WIDGET (dialog), "mapping-dialog.png");

  /* Without a time column the mapping cannot be imported. */
  g_assert_true (fl_mapping_dialog_set_role (dialog, 0, FL_KPI_ROLE_IGNORE));
  g_assert_false (fl_mapping_dialog_is_valid (dialog));
  g_assert_nonnull (fl_test_find_label_containing (GTK_WIDGET (dialog), "exactly one time column"));
  g_assert_true (fl_mapping_dialog_set_role (dialog, 0, FL_KPI_ROLE_TIME));
  g_assert_true (fl_mapping_dialog_is_valid (dialog));
  /* A value column that is text: still valid here (the preview does not
   * parse values), but the key becomes a value and the import says why. */
  g_assert_false (fl_mapping_dialog_set_role (dialog, 9, FL_KPI_ROLE_TIME));

  m = fl_mapping_dialog_get_mapping (dialog);
  g_assert_cmpint (m->delimiter, ==, ';');
  g_assert_cmpint (m->time_format, ==, FL_KPI_TIME_DMY_SLASH);
  g_assert_cmpstr (m->time_zone, ==, "UTC");
  g_assert_cmpuint (m->columns->len, ==, 4);
  for (guint i = 0; i < m->columns->len; i++)
    {
      FlKpiColumnMap *c = g_ptr_array_index (m->columns, i);

      if (g_strcmp0 (c->source, "load (Mbps)") == 0)
        {
          g_assert_cmpint (c->role, ==, FL_KPI_ROLE_VALUE);
          g_assert_cmpstr (c->unit, ==, "Mbps");   /* from the header, editable */
          g_assert_false (c->zero_is_missing);
        }
      if (g_strcmp0 (c->source, "router") == 0)
        g_assert_cmpint (c->role, ==, FL_KPI_ROLE_KEY);
    }

  project_path = g_build_filename (dir, "p.faultline", NULL);
  project = fl_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (project, path, m, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (src->counts.results, ==, 6);
  g_assert_cmpuint (src->counts.series, ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&project);
  remove_dir (dir);
}

static void
expand_all (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    expand_all (c);
}

/* Dropping a KPI CSV on the Data page opens the dialog; accepting it
 * imports in the worker; the source shows its quality report. */
static void
test_data_page_kpi (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *project_path = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *shared = g_getenv ("FL_SHARED_DATA");
  g_autofree char *device = shared ? g_build_filename (shared, "network-load-anomaly-nimmi",
                                                       "device_data.csv", NULL) : NULL;
  FlMappingDialog *dialog;
  GtkWidget *window, *page;
  gint64 deadline;

  REQUIRE_DISPLAY ();

  dir = make_dir ();
  path = g_build_filename (dir, "load.csv", NULL);
  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);
  project_path = g_build_filename (dir, "p.faultline", NULL);
  project = fl_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);
  /* Real data for the screenshot when available. */
  if (device != NULL && g_file_test (device, G_FILE_TEST_EXISTS))
    {
      g_assert_true (fl_project_import_kpi_file (project, device, NULL, NULL, NULL, NULL, NULL,
                                                 &error));
      g_assert_no_error (error);
    }

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  page = g_object_new (FL_TYPE_DATA_PAGE, NULL);
  adw_window_set_content (ADW_WINDOW (window), page);
  fl_data_page_set_project (FL_DATA_PAGE (page), project);
  gtk_window_present (GTK_WINDOW (window));
  /* the series rows arrive a few per main-loop turn */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (fl_data_page_get_busy (FL_DATA_PAGE (page)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  file = g_file_new_for_path (path);
  fl_data_page_import_files (FL_DATA_PAGE (page), &file, 1);
  dialog = FL_MAPPING_DIALOG (fl_test_find_toplevel (FL_TYPE_MAPPING_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_false (fl_data_page_get_busy (FL_DATA_PAGE (page)));
  fl_mapping_dialog_accept (dialog);

  /* The import runs in the worker, then the quality report fills in. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((fl_test_find_label_containing (page, "load.csv") == NULL || fl_test_find_label_containing (page, "r1") == NULL ||
          fl_test_find_label_containing (page, "1 gaps (intervals") == NULL) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (fl_test_find_label_containing (page, "load.csv"));
  g_assert_nonnull (fl_test_find_label_containing (page, "r1"));
  /* The quality report: r1 has a 60 s step and a 9 min hole: one gap. */
  g_assert_nonnull (fl_test_find_label_containing (page, "1 gaps (intervals longer than 3 × the native step"));

  /* Expand the sources for the screenshot. */
  expand_all (page);
  screenshot (window, "data-page-quality.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&project);
  remove_dir (dir);
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

  g_test_add_func ("/faultline/mapping-dialog/dialog", test_dialog);
  g_test_add_func ("/faultline/mapping-dialog/data-page-kpi", test_data_page_kpi);

  return g_test_run ();
}
