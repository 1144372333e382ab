/* fl-window.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fl-data-page.h"
#include "fl-experiment-page.h"
#include "fl-explore-page.h"
#include "fl-job.h"
#include "fl-label-page.h"
#include "fl-recent-projects.h"
#include "fl-results-page.h"
#include "fl-walkthroughs-page.h"
#include "fl-window.h"

#define SCHEMA_ID "io.github.faultline.Faultline"

/**
 * FlWindow:
 *
 * The main window: an empty state when no project is open, otherwise a
 * leaflet with the page sidebar (Data, Explore, Experiment) and the pages.
 */
struct _FlWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  FlProject            *project;
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;
  GMenu                *recent_menu;
  guint                 stale_pages;  /* bit i: page_names[i] missed a data change */
  char                **recent_paths;
  AdwLeaflet           *leaflet;
  AdwHeaderBar         *sidebar_header;
  AdwHeaderBar         *content_header;
  AdwWindowTitle       *project_title;
  AdwWindowTitle       *page_title;
  GtkButton            *back_button;
  GtkListBox           *sidebar_list;
  GtkStack             *page_stack;
  FlDataPage           *data_page;
  FlExplorePage        *explore_page;
  FlLabelPage          *label_page;
  FlExperimentPage     *experiment_page;
  FlResultsPage        *results_page;
  FlWalkthroughsPage   *walkthroughs_page;

  GCancellable         *upgrade_cancel;  /* an older project being upgraded */
  AdwStatusPage        *upgrading_page;
};

G_DEFINE_FINAL_TYPE (FlWindow, fl_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = {
  "data", "explore", "label", "experiment", "results", "walkthroughs",
};

static void
show_error (FlWindow   *self,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * fl_window_add_toast:
 * @self: a #FlWindow
 * @toast: (transfer full): the toast
 *
 * Shows @toast over the window content.
 */
void
fl_window_add_toast (FlWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (FL_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * fl_window_show_page:
 * @self: a #FlWindow
 * @name: "data", "explore", "label", "experiment", "results" or "walkthroughs"
 *
 * Switches to the page @name and selects its sidebar row.
 */
void
fl_window_show_page (FlWindow   *self,
                     const char *name)
{
  g_return_if_fail (FL_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_strcmp0 (page_names[i], name) == 0)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, (int) i);

        gtk_list_box_select_row (self->sidebar_list, row);
        return;
      }

  g_warning ("No page called %s", name);
}

/* After an import the hidden Explore, Label and Experiment pages are only
 * marked stale and reload when they are shown: each reload lists the series
 * on the main thread, and all of them at once blocked the main loop for
 * ~0.7 s at the end of a 100 MB import (bench/gui-stall.sh). */
static void
ensure_page_fresh (FlWindow   *self,
                   const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if ((self->stale_pages & (1u << i)) != 0 && g_strcmp0 (page_names[i], name) == 0)
      {
        self->stale_pages &= ~(1u << i);
        if (g_str_equal (name, "explore"))
          fl_explore_page_reload (self->explore_page);
        else if (g_str_equal (name, "label"))
          fl_label_page_reload (self->label_page);
        else if (g_str_equal (name, "experiment"))
          fl_experiment_page_reload (self->experiment_page);
      }
}

static void
sidebar_row_selected_cb (FlWindow      *self,
                         GtkListBoxRow *row)
{
  GtkStackPage *page;
  int index;

  if (row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || index >= (int) G_N_ELEMENTS (page_names))
    return;

  ensure_page_fresh (self, page_names[index]);
  gtk_stack_set_visible_child_name (self->page_stack, page_names[index]);
  page = gtk_stack_get_page (self->page_stack, gtk_stack_get_visible_child (self->page_stack));
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (FlWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
data_changed_cb (FlWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_str_equal (page_names[i], "explore") || g_str_equal (page_names[i], "label") ||
        g_str_equal (page_names[i], "experiment"))
      self->stale_pages |= 1u << i;
  ensure_page_fresh (self, gtk_stack_get_visible_child_name (self->page_stack));
  fl_walkthroughs_page_reload (self->walkthroughs_page);
}

static void
walkthrough_import_cb (FlWindow   *self,
                       const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  fl_window_show_page (self, "data");
  fl_data_page_import_files (self->data_page, &file, 1);
}

static void
walkthrough_run_cb (FlWindow   *self,
                    const char *path)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  FlExperimentConfig config;

  fl_experiment_config_init_default (&config);
  if (!g_file_get_contents (path, &json, NULL, &error) ||
      !fl_experiment_config_from_json (&config, json, &error))
    {
      g_autofree char *body = g_strdup_printf ("%s\n\n%s", path, error->message);

      show_error (self, _("Could Not Read the Experiment"), body);
      fl_experiment_config_clear (&config);
      return;
    }
  fl_window_show_page (self, "experiment");
  fl_experiment_page_run_config (self->experiment_page, &config);
  fl_experiment_config_clear (&config);
}

static void
walkthrough_show_page_cb (FlWindow   *self,
                          const char *page,
                          const char *series)
{
  ensure_page_fresh (self, page);
  if (series != NULL && g_strcmp0 (page, "label") == 0)
    fl_label_page_select_series (self->label_page, series);
  fl_window_show_page (self, page);
}

static void
label_use_cb (FlWindow *self)
{
  FlLabelSpec spec;

  ensure_page_fresh (self, "experiment");
  fl_label_page_get_spec (self->label_page, &spec);
  fl_experiment_page_set_label (self->experiment_page, &spec,
                                fl_label_page_get_bucket_s (self->label_page),
                                fl_label_page_get_series_key (self->label_page));
  fl_label_spec_clear (&spec);
  fl_window_show_page (self, "experiment");
}

static void
experiment_finished_cb (FlWindow *self)
{
  fl_results_page_reload (self->results_page);
  fl_window_show_page (self, "results");
}

/* A confusion-matrix cell was activated: show its buckets on Explore. */
static void
results_show_buckets_cb (FlWindow *self,
                         gint64    run_id,
                         guint     arm,
                         double    threshold,
                         guint     actual,
                         guint     predicted)
{
  ensure_page_fresh (self, "explore");
  fl_explore_page_show_buckets (self->explore_page, run_id, arm, threshold, actual, predicted);
  fl_window_show_page (self, "explore");
}

static void
experiment_open_run_cb (FlWindow *self,
                        gint64    run_id)
{
  if (!fl_results_page_select_run (self->results_page, run_id))
    fl_results_page_reload (self->results_page);
  fl_window_show_page (self, "results");
}

static GtkWidget *
recent_row_new (const char * const *paths,
                guint               index)
{
  g_autofree char *label = fl_recent_projects_dup_label (paths, index);
  g_autofree char *shown_path = NULL;
  const char *home = g_get_home_dir ();
  g_autofree char *home_slash = g_strconcat (home, G_DIR_SEPARATOR_S, NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* The path as the subtitle, the home folder shown as "~". */
  if (g_str_has_prefix (paths[index], home_slash))
    shown_path = g_strconcat ("~", paths[index] + strlen (home), NULL);
  else
    shown_path = g_strdup (paths[index]);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (paths[index]), g_free);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_path);
  gtk_widget_set_tooltip_text (row, paths[index]);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, paths[index],
                                  -1);

  return row;
}

/* The "Open Recent" submenu and the rows of the empty state follow the
 * recent-projects key. */
static void
recent_projects_changed_cb (FlWindow *self)
{
  g_auto(GStrv) paths = fl_recent_projects_get (self->settings);
  GtkWidget *child;

  if (self->recent_paths != NULL &&
      g_strv_equal ((const char * const *) paths, (const char * const *) self->recent_paths))
    return;
  g_strfreev (self->recent_paths);
  self->recent_paths = g_strdupv (paths);

  fl_recent_projects_fill_menu (self->recent_menu, (const char * const *) paths,
                                "win.open-recent");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  for (guint i = 0; paths[i] != NULL; i++)
    gtk_list_box_append (self->recent_list,
                         recent_row_new ((const char * const *) paths, i));
  gtk_widget_set_visible (self->recent_box, paths[0] != NULL);
}

static void open_recent (FlWindow   *self,
                         const char *path);

static void
recent_row_activated_cb (FlWindow      *self,
                         GtkListBoxRow *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  if (path != NULL)
    open_recent (self, path);
}

static void
set_project (FlWindow  *self,
             FlProject *project)
{
  g_set_object (&self->project, project);
  self->stale_pages = 0;

  fl_data_page_set_project (self->data_page, project);
  fl_explore_page_set_project (self->explore_page, project);
  fl_label_page_set_project (self->label_page, project);
  fl_experiment_page_set_project (self->experiment_page, project);
  fl_results_page_set_project (self->results_page, project);
  fl_walkthroughs_page_set_project (self->walkthroughs_page, project);

  if (project != NULL)
    {
      g_autofree char *name = g_path_get_basename (fl_project_get_path (project));
      g_autofree char *title = NULL;

      if (g_str_has_suffix (name, ".faultline"))
        name[strlen (name) - strlen (".faultline")] = '\0';
      adw_window_title_set_title (self->project_title, name);
      adw_window_title_set_subtitle (self->project_title, NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->project_title), fl_project_get_path (project));
      /* Translators: window title, "<project> — Faultline" */
      title = g_strdup_printf (_("%s — Faultline"), name);
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_stack_set_visible_child_name (self->main_stack, "project");
      fl_window_show_page (self, "data");
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Faultline"));
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      recent_projects_changed_cb (self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run-experiment", project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", project != NULL);
}

/* After fl_project_open() succeeded. */
static void
opened (FlWindow   *self,
        FlProject  *project,
        const char *path)
{
  set_project (self, project);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "recent-project", path);
  fl_recent_projects_add (self->settings, path);
}

static void
open_failed (FlWindow     *self,
             const char   *path,
             gboolean      create,
             const GError *error)
{
  g_autofree char *body = g_strdup_printf ("%s\n\n%s", path, error->message);

  show_error (self, create ? _("Could Not Create the Project")
                           : _("Could Not Open the Project"),
              body);
}

static void
upgrade_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  FlProject *project = fl_project_open (task_data, FALSE, &error);

  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

static void
upgrade_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FlWindow *self = FL_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = g_task_propagate_pointer (G_TASK (result), &error);

  /* Another project was opened meanwhile, or the window is closing. */
  if (!fl_task_is_current (G_TASK (result), self->upgrade_cancel))
    return;
  g_clear_object (&self->upgrade_cancel);

  if (project == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack,
                                        self->project != NULL ? "project" : "welcome");
      open_failed (self, path, FALSE, error);
      return;
    }
  opened (self, project, path);
  fl_window_add_toast (self, adw_toast_new (_("The project was upgraded to this version’s format")));
}

/* Opens a project written by an older Faultline in a worker: the upgrade
 * rewrites its samples (about a second per million). */
static void
open_with_upgrade (FlWindow   *self,
                   const char *path)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *description = NULL;

  if (self->upgrade_cancel != NULL)
    g_cancellable_cancel (self->upgrade_cancel);
  g_set_object (&self->upgrade_cancel, g_cancellable_new ());
  /* Translators: %s is a project file name */
  description = g_strdup_printf (_("%s was written by an older Faultline. Its samples are being "
                                   "rewritten in this version’s format, which takes about a "
                                   "second per million samples."), base);
  adw_status_page_set_description (self->upgrading_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "upgrading");

  task = g_task_new (self, self->upgrade_cancel, upgrade_done_cb, NULL);
  g_task_set_source_tag (task, open_with_upgrade);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, upgrade_worker);
}

/**
 * fl_window_open_file:
 * @self: a #FlWindow
 * @file: a `.faultline` project file
 * @create: whether to create the project if it does not exist
 *
 * Opens @file in this window, or shows an error dialog. A project written
 * by an older Faultline is upgraded in a worker (the window says so, with a
 * spinner) and shown when that is done; fl_window_is_opening() tells
 * meanwhile.
 *
 * Returns: %TRUE if the project was opened or is being upgraded
 */
gboolean
fl_window_open_file (FlWindow *self,
                     GFile    *file,
                     gboolean  create)
{
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (FL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Could Not Open the Project"),
                  _("Only local project files can be opened."));
      return FALSE;
    }

  /* A pending upgrade of another file no longer counts. */
  if (self->upgrade_cancel != NULL)
    {
      g_cancellable_cancel (self->upgrade_cancel);
      g_clear_object (&self->upgrade_cancel);
      gtk_stack_set_visible_child_name (self->main_stack,
                                        self->project != NULL ? "project" : "welcome");
    }

  {
    gint64 version = fl_project_peek_schema_version (path);

    if (version > 0 && version < FL_PROJECT_SCHEMA_VERSION)
      {
        open_with_upgrade (self, path);
        return TRUE;
      }
  }

  project = fl_project_open (path, create, &error);
  if (project == NULL)
    {
      open_failed (self, path, create, error);
      return FALSE;
    }
  opened (self, project, path);
  return TRUE;
}

/**
 * fl_window_is_opening:
 * @self: a #FlWindow
 *
 * Returns: whether a project written by an older Faultline is being
 *   upgraded before it is shown
 */
gboolean
fl_window_is_opening (FlWindow *self)
{
  g_return_val_if_fail (FL_IS_WINDOW (self), FALSE);

  return self->upgrade_cancel != NULL;
}

/**
 * fl_window_get_project:
 * @self: a #FlWindow
 *
 * Returns: (transfer none) (nullable): the open project
 */
FlProject *
fl_window_get_project (FlWindow *self)
{
  g_return_val_if_fail (FL_IS_WINDOW (self), NULL);

  return self->project;
}

static void
new_response_cb (GtkNativeDialog *native,
                 int              response,
                 gpointer         user_data)
{
  FlWindow *self = FL_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (chosen);
      g_autoptr(GFile) file = NULL;

      if (path != NULL && !g_str_has_suffix (path, ".faultline"))
        {
          char *with_suffix = g_strconcat (path, ".faultline", NULL);

          g_free (path);
          path = with_suffix;
        }

      if (path != NULL)
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);

          /* The chooser confirmed overwriting: start from an empty project. */
          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
          file = g_file_new_for_path (path);
          fl_window_open_file (self, file, TRUE);
        }
    }

  g_clear_object (&self->chooser);
}

/**
 * fl_window_choose_new:
 * @self: a #FlWindow
 *
 * Asks where to create a new project and opens it.
 */
void
fl_window_choose_new (FlWindow *self)
{
  g_return_if_fail (FL_IS_WINDOW (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Create"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     _("Untitled.faultline"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (new_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_response_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  FlWindow *self = FL_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        fl_window_open_file (self, file, FALSE);
    }

  g_clear_object (&self->chooser);
}

/**
 * fl_window_choose_open:
 * @self: a #FlWindow
 *
 * Asks for a project file and opens it.
 */
void
fl_window_choose_open (FlWindow *self)
{
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (FL_IS_WINDOW (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (projects, _("Faultline Projects"));
  gtk_file_filter_add_pattern (projects, "*.faultline");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), projects);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect (self->chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A recent project opens in this window when it has no project yet, else in
 * a new window, as New and Open do. A file that has gone is dropped from the
 * list with a dialog saying so. */
static void
open_recent (FlWindow   *self,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  FlWindow *target = self;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *body = g_strdup_printf (_("%s no longer exists. It was removed from the recent projects."),
                                               path);

      show_error (self, _("Could Not Open the Project"), body);
      recent_projects_changed_cb (self);
      return;
    }

  if (self->project != NULL && app != NULL)
    target = fl_window_new (app);
  if (fl_window_open_file (target, file, FALSE))
    gtk_window_present (GTK_WINDOW (target));
  else if (target != self)
    gtk_window_destroy (GTK_WINDOW (target));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_recent (FL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  fl_window_show_page (self, "data");
  fl_data_page_import (self->data_page);
}

static void
run_experiment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  fl_window_show_page (self, "experiment");
  fl_experiment_page_run (self->experiment_page);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  fl_window_show_page (FL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
fl_window_close_request (GtkWindow *window)
{
  FlWindow *self = FL_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (fl_window_parent_class)->close_request (window);
}

static void
fl_window_dispose (GObject *object)
{
  FlWindow *self = (FlWindow *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->upgrade_cancel != NULL)
    g_cancellable_cancel (self->upgrade_cancel);
  g_clear_object (&self->upgrade_cancel);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_WINDOW);

  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->recent_paths, g_strfreev);

  G_OBJECT_CLASS (fl_window_parent_class)->dispose (object);
}

static void
fl_window_class_init (FlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fl_window_dispose;
  window_class->close_request = fl_window_close_request;

  g_type_ensure (FL_TYPE_DATA_PAGE);
  g_type_ensure (FL_TYPE_EXPLORE_PAGE);
  g_type_ensure (FL_TYPE_LABEL_PAGE);
  g_type_ensure (FL_TYPE_EXPERIMENT_PAGE);
  g_type_ensure (FL_TYPE_RESULTS_PAGE);
  g_type_ensure (FL_TYPE_WALKTHROUGHS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/fl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, upgrading_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, project_title);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, data_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, explore_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, label_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, experiment_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, walkthroughs_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, data_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, experiment_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_use_cb);
  gtk_widget_class_bind_template_callback (widget_class, experiment_open_run_cb);
  gtk_widget_class_bind_template_callback (widget_class, walkthrough_import_cb);
  gtk_widget_class_bind_template_callback (widget_class, walkthrough_run_cb);
  gtk_widget_class_bind_template_callback (widget_class, walkthrough_show_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.run-experiment", NULL,
                                   run_experiment_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.run-experiment", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "data");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "explore");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "label");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "experiment");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK,
                                       "win.show-page", "s", "results");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK,
                                       "win.show-page", "s", "walkthroughs");
}

static void
fl_window_init (FlWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  adw_status_page_set_icon_name (self->welcome_page, APP_ID);
  g_signal_connect_object (self->results_page, "show-buckets",
                           G_CALLBACK (results_show_buckets_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->experiment_page, "show-buckets",
                           G_CALLBACK (results_show_buckets_cb), self, G_CONNECT_SWAPPED);

  /* Walkthroughs sit apart from the workflow pages. */
  gtk_list_box_row_set_header (gtk_list_box_get_row_at_index (self->sidebar_list, 5),
                               gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  g_object_bind_property (self->leaflet, "folded", self->sidebar_header,
                          "show-end-title-buttons", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", self->content_header,
                          "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", self->back_button,
                          "visible", G_BINDING_SYNC_CREATE);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (SCHEMA_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (self->settings, "explore-band", self->explore_page, "band",
                       G_SETTINGS_BIND_DEFAULT);
    }
  else
    g_warning ("GSettings schema %s is not installed; window state is not saved", SCHEMA_ID);

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::" FL_RECENT_PROJECTS_KEY,
                             G_CALLBACK (recent_projects_changed_cb), self,
                             G_CONNECT_SWAPPED);
  /* Files can vanish while the app runs: check again when the window
   * becomes active (and whenever the empty state is shown). */
  g_signal_connect (self, "notify::is-active", G_CALLBACK (recent_projects_changed_cb), NULL);

  set_project (self, NULL);
}

/**
 * fl_window_new:
 * @application: the application
 *
 * Creates a window without a project.
 *
 * Returns: (transfer full): a new #FlWindow
 */
FlWindow *
fl_window_new (GtkApplication *application)
{
  return g_object_new (FL_TYPE_WINDOW, "application", application, NULL);
}
