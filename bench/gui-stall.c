/* gui-stall.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Main-loop stalls of the app while it imports and trains.
 *
 * Opens an FlWindow on a new project in a temp dir, imports FILE... through
 * the Data page (fl_data_page_import_files(), the path of the Import button
 * and of drag-and-drop), then runs the experiment config CONFIG.json through
 * the Experiment page (fl_experiment_page_run_config(), the path of the Run
 * button and of the walkthroughs). Meanwhile a G_PRIORITY_HIGH timeout every
 * 5 ms records the time between its calls: whatever the main thread does in
 * one go (a callback, a layout, a paint) delays the next call, so a gap of
 * 5 ms + d means the main loop was blocked for d. The main thread's own CPU
 * time during each gap (CLOCK_THREAD_CPUTIME_ID) tells work done on the main
 * thread (a stall the app causes) from time the thread merely waited for a
 * core (the workers and other processes had both cores). Each phase lasts until the
 * page is idle again plus a settle time (FAULTLINE_STALL_SETTLE_MS, default
 * 2000 ms) that covers what the window does after the job (the other pages'
 * reloads, the quality report, the Results page).
 *
 * Prints per phase: duration, number of ticks, p99 and max of the gaps (wall
 * clock) and of the main thread's CPU time within one gap, with the largest
 * of each and their time in the phase; exit status 0 when the main thread
 * never worked more than FAULTLINE_STALL_GOAL_MS (default 50 ms) in one go,
 * 1 otherwise, 2 on a usage or run error. Needs a display (run it under
 * xvfb-run -a dbus-run-session, see bench/gui-stall.sh).
 *
 * usage: gui-stall CONFIG.json FILE...
 */

#define G_LOG_DOMAIN "faultline-bench"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fl-data-page.h"
#include "fl-experiment-page.h"
#include "fl-window.h"

#define PERIOD_MS 5

typedef struct
{
  gint64  at_us;       /* since the phase started */
  double  gap_ms;
  double  cpu_ms;      /* main-thread CPU time within the gap */
} Gap;

static GArray *gaps;          /* Gap, of the current phase */
static gint64  phase_start_us;
static gint64  last_tick_us;
static gint64  last_cpu_ns;

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_ns ();

  if (last_tick_us > 0)
    {
      Gap gap = { now - phase_start_us, (now - last_tick_us) / 1000.0,
                  (cpu - last_cpu_ns) / 1e6 };

      g_array_append_val (gaps, gap);
    }
  last_tick_us = now;
  last_cpu_ns = cpu;

  return G_SOURCE_CONTINUE;
}

static int
compare_gap_desc (gconstpointer a,
                  gconstpointer b)
{
  double x = ((const Gap *) a)->gap_ms;
  double y = ((const Gap *) b)->gap_ms;

  return (x < y) - (x > y);
}

static int
compare_cpu_desc (gconstpointer a,
                  gconstpointer b)
{
  double x = ((const Gap *) a)->cpu_ms;
  double y = ((const Gap *) b)->cpu_ms;

  return (x < y) - (x > y);
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
iterate_for (gint64 duration_us)
{
  gint64 end = g_get_monotonic_time () + duration_us;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
phase_begin (void)
{
  g_array_set_size (gaps, 0);
  phase_start_us = g_get_monotonic_time ();
  last_tick_us = 0;
}

/* Prints the phase's figures; returns its largest main-thread CPU time
 * within one gap in ms (the stall the app itself causes). */
static double
phase_report (const char *name,
              gint64      busy_us)
{
  g_autoptr(GArray) sorted = g_array_copy (gaps);
  double p99, max, cpu_p99, cpu_max;
  guint n = sorted->len;

  if (n == 0)
    {
      g_print ("%s: no ticks recorded\n", name);
      return 0;
    }

  g_array_sort (sorted, compare_gap_desc);
  max = g_array_index (sorted, Gap, 0).gap_ms;
  /* Nearest-rank p99 of the gaps. */
  p99 = g_array_index (sorted, Gap, (guint) ((n - 1) * 0.01)).gap_ms;

  g_print ("%s: %.2f s busy + %.1f s settle, %u ticks of %d ms\n",
           name, busy_us / 1e6, (g_get_monotonic_time () - phase_start_us - busy_us) / 1e6,
           n, PERIOD_MS);
  g_print ("  gap between ticks (wall): p99 %.1f ms, max %.1f ms; largest:", p99, max);
  for (guint i = 0; i < MIN (n, 5); i++)
    g_print (" %.0f ms (cpu %.0f) at %.2f s%s", g_array_index (sorted, Gap, i).gap_ms,
             g_array_index (sorted, Gap, i).cpu_ms,
             g_array_index (sorted, Gap, i).at_us / 1e6, i + 1 < MIN (n, 5) ? "," : "\n");

  g_array_sort (sorted, compare_cpu_desc);
  cpu_max = g_array_index (sorted, Gap, 0).cpu_ms;
  cpu_p99 = g_array_index (sorted, Gap, (guint) ((n - 1) * 0.01)).cpu_ms;
  g_print ("  main-thread work within one gap: p99 %.1f ms, max %.1f ms; largest:",
           cpu_p99, cpu_max);
  for (guint i = 0; i < MIN (n, 5); i++)
    g_print (" %.0f ms (wall %.0f) at %.2f s%s", g_array_index (sorted, Gap, i).cpu_ms,
             g_array_index (sorted, Gap, i).gap_ms,
             g_array_index (sorted, Gap, i).at_us / 1e6, i + 1 < MIN (n, 5) ? "," : "\n");

  return cpu_max;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GFile) project_file = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *settle_env = g_getenv ("FAULTLINE_STALL_SETTLE_MS");
  const char *goal_env = g_getenv ("FAULTLINE_STALL_GOAL_MS");
  gint64 settle_us = (settle_env != NULL ? g_ascii_strtoll (settle_env, NULL, 10) : 2000) * 1000;
  double goal_ms = goal_env != NULL ? g_ascii_strtod (goal_env, NULL) : 50;
  FlExperimentConfig config;
  FlWindow *window;
  FlDataPage *data_page;
  FlExperimentPage *experiment_page;
  gint64 t0, busy_us;
  double worst = 0;
  double phase_max;
  guint tick_id;

  setlocale (LC_ALL, "");
  /* Line-buffered, so that no child process flushes a copy of the report. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc < 3)
    {
      g_printerr ("usage: %s CONFIG.json FILE...\n", argv[0]);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under xvfb-run -a dbus-run-session\n");
      return 2;
    }
  adw_init ();

  fl_experiment_config_init_default (&config);
  if (!g_file_get_contents (argv[1], &json, NULL, &error) ||
      !fl_experiment_config_from_json (&config, json, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 2;
    }
  for (int i = 2; i < argc; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (argv[i]));

  dir = g_dir_make_tmp ("faultline-stall-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  project_path = g_build_filename (dir, "stall.faultline", NULL);
  project_file = g_file_new_for_path (project_path);

  window = fl_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  if (!fl_window_open_file (window, project_file, TRUE))
    return 2;
  data_page = FL_DATA_PAGE (find_widget_of_type (GTK_WIDGET (window), FL_TYPE_DATA_PAGE));
  experiment_page = FL_EXPERIMENT_PAGE (find_widget_of_type (GTK_WIDGET (window),
                                                             FL_TYPE_EXPERIMENT_PAGE));
  g_assert (data_page != NULL && experiment_page != NULL);
  iterate_for (500 * 1000);

  gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, PERIOD_MS, tick_cb, NULL, NULL);

  /* Import, as the Data page does it. */
  phase_begin ();
  t0 = g_get_monotonic_time ();
  fl_window_show_page (window, "data");
  fl_data_page_import_files (data_page, (GFile **) files->pdata, files->len);
  while (fl_data_page_get_busy (data_page))
    g_main_context_iteration (NULL, TRUE);
  busy_us = g_get_monotonic_time () - t0;
  iterate_for (settle_us);
  phase_max = phase_report ("import", busy_us);
  worst = MAX (worst, phase_max);

  /* Training, as the Experiment page does it. */
  phase_begin ();
  t0 = g_get_monotonic_time ();
  fl_window_show_page (window, "experiment");
  if (!fl_experiment_page_run_config (experiment_page, &config))
    {
      g_printerr ("The Experiment page did not start the run\n");
      return 2;
    }
  while (fl_experiment_page_get_busy (experiment_page))
    g_main_context_iteration (NULL, TRUE);
  busy_us = g_get_monotonic_time () - t0;
  iterate_for (settle_us);
  phase_max = phase_report ("training", busy_us);
  worst = MAX (worst, phase_max);

  g_source_remove (tick_id);
  g_print ("goal: no main-thread work over %.0f ms in one go: %s\n", goal_ms,
           worst <= goal_ms ? "met" : "NOT met");

  fl_experiment_config_clear (&config);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (gaps);
  remove_tree (dir);

  return worst <= goal_ms ? 0 : 1;
}
