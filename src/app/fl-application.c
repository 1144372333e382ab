/* fl-application.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* Milliseconds since the kernel started this process, from the start time in
 * /proc/self/stat (field 22, clock ticks since boot, proc(5)) and
 * CLOCK_BOOTTIME; -1 where /proc is not available. The resolution is one
 * clock tick (10 ms at USER_HZ = 100). */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  unsigned long long start_ticks;
  struct timespec now;
  long ticks_per_s = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || ticks_per_s <= 0 ||
      clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  /* The command name (field 2) may hold spaces: count from its closing ')'. */
  p = strrchr (stat, ')');
  if (p == NULL)
    return -1;
  for (int field = 2; field < 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p + 1, "%llu", &start_ticks) != 1)
    return -1;

  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / ticks_per_s) * 1000.0;
}

static void
first_frame_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, app);
  /* The realtime stamp lets bench/gui-startup.sh measure from its own
   * fork/exec with microsecond resolution. */
  g_printerr ("faultline-bench: first-frame realtime_us=%" G_GINT64_FORMAT
              " since_process_start_ms=%.0f\n",
              g_get_real_time (), ms_since_process_start ());
  g_application_quit (app);
}

/* With FAULTLINE_BENCH_FIRST_FRAME=1 the app reports when the first frame of
 * @window has been painted, then quits (bench/gui-startup.sh). */
static void
maybe_watch_first_frame (GApplication *app,
                         GtkWindow    *window)
{
  GdkFrameClock *clock;

  if (g_strcmp0 (g_getenv ("FAULTLINE_BENCH_FIRST_FRAME"), "1") != 0 ||
      g_object_get_data (G_OBJECT (app), "bench-watching") != NULL)
    return;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (clock == NULL)
    {
      g_warning ("FAULTLINE_BENCH_FIRST_FRAME: the window has no frame clock");
      return;
    }
  g_object_set_data (G_OBJECT (app), "bench-watching", GINT_TO_POINTER (1));
  g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_cb), app);
}

static void
fl_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fl_window_new (GTK_APPLICATION (app)));

  gtk_window_present (window);
  maybe_watch_first_frame (app, window);
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
      maybe_watch_first_frame (app, GTK_WINDOW (window));
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
