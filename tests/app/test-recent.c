/* test-recent.c
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
#include <sqlite3.h>
#include <string.h>

#include "app-test-util.h"
#include "fl-recent-projects.h"
#include "fl-window.h"

#define SCHEMA_ID "io.github.faultline.Faultline"

static gboolean have_display;

#define REQUIRE_DISPLAY() FL_TEST_REQUIRE_DISPLAY (have_display)

static char *
make_project (const char *dir,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  char *path = g_build_filename (dir, name, NULL);

  project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);

  return path;
}

static void
flush_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The store: most recent first, no duplicates, missing files dropped, at
 * most FL_RECENT_PROJECTS_MAX; labels disambiguate equal file names. */
static void
test_store (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("faultline-recent-XXXXXX", &error);
  g_autofree char *sub = NULL;
  g_autofree char *twin = NULL;
  g_auto(GStrv) got = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();

  g_assert_no_error (error);
  g_settings_reset (settings, FL_RECENT_PROJECTS_KEY);
  got = fl_recent_projects_get (settings);
  g_assert_cmpuint (g_strv_length (got), ==, 0);
  g_clear_pointer (&got, g_strfreev);

  for (guint i = 0; i < FL_RECENT_PROJECTS_MAX + 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u.faultline", i);

      g_ptr_array_add (paths, make_project (dir, name));
      fl_recent_projects_add (settings, g_ptr_array_index (paths, i));
    }

  /* Capped, newest first. */
  got = fl_recent_projects_get (settings);
  g_assert_cmpuint (g_strv_length (got), ==, FL_RECENT_PROJECTS_MAX);
  g_assert_cmpstr (got[0], ==, g_ptr_array_index (paths, FL_RECENT_PROJECTS_MAX + 1));
  g_assert_cmpstr (got[FL_RECENT_PROJECTS_MAX - 1], ==, g_ptr_array_index (paths, 2));
  g_clear_pointer (&got, g_strfreev);

  /* Re-opening moves to the front without a duplicate. */
  fl_recent_projects_add (settings, g_ptr_array_index (paths, 5));
  got = fl_recent_projects_get (settings);
  g_assert_cmpuint (g_strv_length (got), ==, FL_RECENT_PROJECTS_MAX);
  g_assert_cmpstr (got[0], ==, g_ptr_array_index (paths, 5));
  g_assert_cmpstr (got[1], ==, g_ptr_array_index (paths, FL_RECENT_PROJECTS_MAX + 1));
  for (guint i = 1; got[i] != NULL; i++)
    g_assert_cmpstr (got[i], !=, g_ptr_array_index (paths, 5));
  g_clear_pointer (&got, g_strfreev);

  /* A deleted file is not listed, and the next add drops it from the key. */
  fl_test_remove_project (g_ptr_array_index (paths, 9));
  got = fl_recent_projects_get (settings);
  g_assert_cmpuint (g_strv_length (got), ==, FL_RECENT_PROJECTS_MAX - 1);
  for (guint i = 0; got[i] != NULL; i++)
    g_assert_cmpstr (got[i], !=, g_ptr_array_index (paths, 9));
  g_clear_pointer (&got, g_strfreev);
  fl_recent_projects_add (settings, g_ptr_array_index (paths, 0));
  got = g_settings_get_strv (settings, FL_RECENT_PROJECTS_KEY);
  g_assert_false (g_strv_contains ((const char * const *) got, g_ptr_array_index (paths, 9)));
  g_assert_cmpstr (got[0], ==, g_ptr_array_index (paths, 0));
  g_clear_pointer (&got, g_strfreev);

  /* Two projects with one file name: the folder tells them apart. */
  sub = g_build_filename (dir, "other_dir", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  twin = make_project (sub, "p0.faultline");
  fl_recent_projects_add (settings, twin);
  got = fl_recent_projects_get (settings);
  g_assert_cmpstr (got[0], ==, twin);
  g_assert_cmpstr (got[1], ==, g_ptr_array_index (paths, 0));
  {
    g_autofree char *label0 = fl_recent_projects_dup_label ((const char * const *) got, 0);
    g_autofree char *label1 = fl_recent_projects_dup_label ((const char * const *) got, 1);
    g_autofree char *label2 = fl_recent_projects_dup_label ((const char * const *) got, 2);
    g_autofree char *dir_base = g_path_get_basename (dir);
    g_autofree char *expected1 = g_strdup_printf ("p0 — %s", dir_base);

    g_assert_cmpstr (label0, ==, "p0 — other_dir");
    g_assert_cmpstr (label1, ==, expected1);
    g_assert_cmpstr (label2, ==, "p5");
  }

  /* The menu: one item per path, underscores kept literal, the path as target. */
  fl_recent_projects_fill_menu (menu, (const char * const *) got, "win.open-recent");
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (menu)), ==, (int) g_strv_length (got));
  {
    g_autofree char *label = NULL;
    g_autofree char *action = NULL;
    g_autoptr(GVariant) target = NULL;

    g_assert_true (g_menu_model_get_item_attribute (G_MENU_MODEL (menu), 0, "label", "s", &label));
    g_assert_cmpstr (label, ==, "p0 — other__dir");
    g_assert_true (g_menu_model_get_item_attribute (G_MENU_MODEL (menu), 0, "action", "s", &action));
    g_assert_cmpstr (action, ==, "win.open-recent");
    target = g_menu_model_get_item_attribute_value (G_MENU_MODEL (menu), 0, "target",
                                                     G_VARIANT_TYPE_STRING);
    g_assert_nonnull (target);
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, twin);
  }

  /* No recent projects: one insensitive placeholder item without an action. */
  fl_recent_projects_fill_menu (menu, (const char * const[]) { NULL }, "win.open-recent");
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (menu)), ==, 1);
  {
    g_autofree char *action = NULL;

    g_assert_false (g_menu_model_get_item_attribute (G_MENU_MODEL (menu), 0, "action", "s", &action));
  }

  g_clear_pointer (&got, g_strfreev);
  g_settings_reset (settings, FL_RECENT_PROJECTS_KEY);
  for (guint i = 0; i < paths->len; i++)
    fl_test_remove_project (g_ptr_array_index (paths, i));
  fl_test_remove_project (twin);
  g_rmdir (sub);
  g_rmdir (dir);
}

static GMenuModel *
find_submenu (GMenuModel *model,
              const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_label = NULL;
      GMenuModel *found;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);

      if (submenu != NULL &&
          g_menu_model_get_item_attribute (model, i, "label", "s", &item_label) &&
          g_strcmp0 (item_label, label) == 0)
        return g_steal_pointer (&submenu);
      if (section != NULL && (found = find_submenu (section, label)) != NULL)
        return found;
    }

  return NULL;
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The rows of the empty state's recent list, in order. */
static void
collect_recent_rows (GtkWidget *widget,
                     GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget) && g_object_get_data (G_OBJECT (widget), "path") != NULL)
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_recent_rows (child, rows);
}

static GPtrArray *
get_recent_rows (FlWindow *window)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_recent_rows (GTK_WIDGET (window), rows);
  return rows;
}

static char *
menu_target (GMenuModel *menu,
             int         index)
{
  g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, index, "target",
                                                                        G_VARIANT_TYPE_STRING);

  return target != NULL ? g_variant_dup_string (target, NULL) : NULL;
}

/* The window: two projects opened show up in the Open Recent submenu and
 * as rows of the empty state, newest first; a row and the menu action open
 * their project; a deleted project is dropped. */
static void
test_window (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *a_path = NULL;
  g_autofree char *b_path = NULL;
  g_autoptr(GFile) a_file = NULL;
  g_autoptr(GFile) b_file = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  FlWindow *first;
  FlWindow *second;
  GtkMenuButton *button;
  g_autoptr(GMenuModel) recent = NULL;
  AdwMessageDialog *dialog;

  REQUIRE_DISPLAY ();

  settings = g_settings_new (SCHEMA_ID);
  g_settings_reset (settings, FL_RECENT_PROJECTS_KEY);
  dir = g_dir_make_tmp ("faultline-recent-XXXXXX", &error);
  g_assert_no_error (error);
  a_path = make_project (dir, "alpha.faultline");
  b_path = make_project (dir, "beta_2.faultline");
  a_file = g_file_new_for_path (a_path);
  b_file = g_file_new_for_path (b_path);

  /* Nothing opened yet: the empty state lists nothing. */
  first = g_object_ref (fl_window_new (NULL));
  flush_main_context ();
  rows = get_recent_rows (first);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  button = find_menu_button (GTK_WIDGET (first));
  g_assert_nonnull (button);
  recent = find_submenu (gtk_menu_button_get_menu_model (button), "Open _Recent");
  g_assert_nonnull (recent);
  g_assert_cmpint (g_menu_model_get_n_items (recent), ==, 1);

  /* Open alpha, then beta. */
  g_assert_true (fl_window_open_file (first, a_file, FALSE));
  g_assert_true (fl_window_open_file (first, b_file, FALSE));
  flush_main_context ();

  g_assert_cmpint (g_menu_model_get_n_items (recent), ==, 2);
  {
    g_autofree char *t0 = menu_target (recent, 0);
    g_autofree char *t1 = menu_target (recent, 1);
    g_autofree char *l0 = NULL;
    g_autofree char *l1 = NULL;

    g_assert_cmpstr (t0, ==, b_path);
    g_assert_cmpstr (t1, ==, a_path);
    g_assert_true (g_menu_model_get_item_attribute (recent, 0, "label", "s", &l0));
    g_assert_true (g_menu_model_get_item_attribute (recent, 1, "label", "s", &l1));
    g_assert_cmpstr (l0, ==, "beta__2");
    g_assert_cmpstr (l1, ==, "alpha");
  }

  /* A second, empty window lists them as rows with the path as subtitle. */
  second = g_object_ref (fl_window_new (NULL));
  flush_main_context ();
  g_assert_null (fl_window_get_project (second));
  rows = get_recent_rows (second);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "beta_2");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)), ==, "alpha");
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (g_ptr_array_index (rows, 1)),
                                   "/alpha.faultline"));
  g_assert_true (gtk_list_box_row_get_activatable (g_ptr_array_index (rows, 1)));
  g_assert_true (gtk_widget_get_focusable (g_ptr_array_index (rows, 1)));

  /* Activating the alpha row opens alpha and makes it the most recent. */
  g_assert_true (gtk_widget_activate (g_ptr_array_index (rows, 1)));
  g_clear_pointer (&rows, g_ptr_array_unref);
  flush_main_context ();
  g_assert_nonnull (fl_window_get_project (second));
  g_assert_cmpstr (fl_project_get_path (fl_window_get_project (second)), ==, a_path);
  {
    g_autofree char *t0 = menu_target (recent, 0);

    g_assert_cmpstr (t0, ==, a_path);
  }

  /* The menu's action opens beta (no application: in this window). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "win.open-recent", "s", b_path));
  flush_main_context ();
  g_assert_cmpstr (fl_project_get_path (fl_window_get_project (second)), ==, b_path);

  /* Beta is deleted: choosing it says so and it leaves the list. */
  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_finalize_object (second);
  fl_test_remove_project (b_path);
  second = g_object_ref (fl_window_new (NULL));
  flush_main_context ();
  rows = get_recent_rows (second);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "alpha");
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (first), "win.open-recent", "s", b_path));
  flush_main_context ();
  dialog = ADW_MESSAGE_DIALOG (fl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no longer exists"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (g_menu_model_get_n_items (recent), ==, 1);
  {
    g_autofree char *t0 = menu_target (recent, 0);

    g_assert_cmpstr (t0, ==, a_path);
  }

  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_finalize_object (second);
  gtk_window_destroy (GTK_WINDOW (first));
  g_assert_finalize_object (first);

  g_settings_reset (settings, FL_RECENT_PROJECTS_KEY);
  fl_test_remove_project (a_path);
  fl_test_remove_project (b_path);
  g_rmdir (dir);
}

/* A project written by an older Faultline (schema 1) is upgraded in a
 * worker: the window says so and shows the project when that is done. */
static void
test_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "data", "project-v1.sql", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) series = NULL;
  sqlite3 *db = NULL;
  FlWindow *window;
  gint64 deadline;

  REQUIRE_DISPLAY ();

  settings = g_settings_new (SCHEMA_ID);
  dir = g_dir_make_tmp ("faultline-upgrade-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "old.faultline", NULL);
  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  window = g_object_ref (fl_window_new (NULL));
  file = g_file_new_for_path (path);
  g_assert_true (fl_window_open_file (window, file, FALSE));
  g_assert_true (fl_window_is_opening (window));
  g_assert_null (fl_window_get_project (window));
  g_assert_nonnull (fl_test_find_label_containing (GTK_WIDGET (window), "old.faultline was written by an older Faultline"));

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (fl_window_is_opening (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fl_window_is_opening (window));
  g_assert_nonnull (fl_window_get_project (window));
  g_assert_cmpint (fl_project_peek_schema_version (path), ==, FL_PROJECT_SCHEMA_VERSION);
  series = fl_project_list_series (fl_window_get_project (window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpint (((FlSeriesInfo *) g_ptr_array_index (series, 0))->n_samples, ==, 2);

  /* a current project opens at once */
  g_assert_true (fl_window_open_file (window, file, FALSE));
  g_assert_false (fl_window_is_opening (window));
  g_assert_nonnull (fl_window_get_project (window));

  gtk_window_destroy (GTK_WINDOW (window));
  flush_main_context ();
  g_assert_finalize_object (window);
  g_settings_reset (settings, FL_RECENT_PROJECTS_KEY);
  fl_test_remove_project (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Never touch the user's settings, even when run outside meson. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/faultline/recent/store", test_store);
  g_test_add_func ("/faultline/recent/window", test_window);
  g_test_add_func ("/faultline/recent/upgrade", test_upgrade);

  return g_test_run ();
}
