/* fl-application.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-application.h"
#include "fl-window.h"

/**
 * FlApplication:
 *
 * The Faultline application: opens `.faultline` projects given on the
 * command line, one window each.
 */
struct _FlApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FlApplication, fl_application, ADW_TYPE_APPLICATION)

/* The active window if it has no project yet, else a new one. */
static FlWindow *
get_empty_window (FlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (FL_IS_WINDOW (window) && fl_window_get_project (FL_WINDOW (window)) == NULL)
    return FL_WINDOW (window);

  return fl_window_new (GTK_APPLICATION (self));
}

static void
fl_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fl_window_new (GTK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
fl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FlApplication *self = FL_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      FlWindow *window = get_empty_window (self);

      fl_window_open_file (window, files[i], FALSE);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  GList *copy = g_list_copy (windows);

  /* Close the windows so that they save their state. */
  for (GList *l = copy; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (copy);

  g_application_quit (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Faultline authors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);

  adw_show_about_window (window,
                         "application-name", _("Faultline"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Faultline authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Import network latency measurements, explore them "
                                       "and test whether degraded periods can be predicted"),
                         "developers", developers,
                         "copyright", "© 2026 The Faultline authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
new_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  FlWindow *window = get_empty_window (FL_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  fl_window_choose_new (window);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FlWindow *window = get_empty_window (FL_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  fl_window_choose_open (window);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "new", new_action },
  { "open", open_action },
};

static void
fl_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (fl_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.open",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static void
fl_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (fl_application_parent_class)->constructed (object);

  /* The resources keep their path in development builds (app id .Devel). */
  g_application_set_resource_base_path (G_APPLICATION (object), RESOURCE_PATH);
}

static void
fl_application_class_init (FlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = fl_application_constructed;

  app_class->activate = fl_application_activate;
  app_class->open = fl_application_open;
  app_class->startup = fl_application_startup;
}

static void
fl_application_init (FlApplication *self)
{
}

/**
 * fl_application_new:
 *
 * Creates the application. It opens the project files given on the command
 * line and does not try to be a single instance.
 *
 * Returns: (transfer full): a new #FlApplication
 */
FlApplication *
fl_application_new (void)
{
  return g_object_new (FL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
