/* test-explore-page.c
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
#include <math.h>
#include <string.h>

#include "fl-experiment.h"
#include "fl-error.h"
#include "fl-explore-page.h"
#include "fl-run-store.h"
#include "app-test-util.h"

static gboolean have_display;

#define REQUIRE_DISPLAY() FL_TEST_REQUIRE_DISPLAY (have_display)

static const char *config_json =
  "{ \"series\": \"trace:11119\", \"pipeline\": { \"bucket_s\": 240 },"
  "  \"features\": { \"set\": \"recipes\" },"
  "  \"label\": { \"kind\": \"zscore\", \"k_sigma\": 2.5, \"window_rows\": 60, \"horizon\": 5 },"
  "  \"split\": { \"kind\": \"expanding\", \"folds\": 2 },"
  "  \"treatments\": [ { \"kind\": \"none\" } ],"
  "  \"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 10 }, { \"kind\": \"persistence\" } ],"
  "  \"xgboost\": { \"nthread\": 1 },"
  "  \"bootstrap_resamples\": 20 }";

typedef struct
{
  char      *dir;
  FlProject *project;
} Fixture;

/* A project in a temp dir with the bundled traces 11119 and 11180. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *samples = g_getenv ("FL_SAMPLES_DIR");
  const char *names[] = { "11119.csv", "11180.csv" };

  if (samples == NULL)
    return;

  f->dir = g_dir_make_tmp ("faultline-explore-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.faultline", NULL);
  f->project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *csv = g_build_filename (samples, "rtt-traces", names[i], NULL);

      g_assert_true (fl_project_import_file (f->project, csv, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->project != NULL)
    {
      g_autofree char *path = g_strdup (fl_project_get_path (f->project));

      g_assert_finalize_object (f->project);
      fl_test_remove_project (path);
    }
  if (f->dir != NULL)
    g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
chart_loaded (gpointer data)
{
  return fl_explore_page_get_chart (data) != NULL;
}

/* The chart has been rebuilt with the band "p10-p90" (quantile 0.1) or
 * "min-max" (0): rebuilding follows the property change asynchronously. */
static gboolean
band_is_p10 (gpointer data)
{
  const FlRttChart *chart = fl_explore_page_get_chart (data);

  return chart != NULL && chart->band_quantile == 0.1;
}

static gboolean
band_is_min_max (gpointer data)
{
  const FlRttChart *chart = fl_explore_page_get_chart (data);

  return chart != NULL && chart->band_quantile == 0;
}

/* The summary follows a rebuilt chart in an idle of its own (a draw can
 * rebuild the chart first): wait for it to say @text, or not to. */
typedef struct
{
  FlExplorePage *page;
  const char    *text;
  gboolean       present;
} SummaryWait;

static gboolean
summary_says (gpointer data)
{
  const SummaryWait *w = data;
  const char *summary = fl_explore_page_get_summary (w->page);

  return summary != NULL && (strstr (summary, w->text) != NULL) == w->present;
}

static gboolean
wait_summary (FlExplorePage *page,
              const char    *text,
              gboolean       present)
{
  SummaryWait w = { page, text, present };

  return fl_test_wait_until (summary_says, &w, 30);
}

static gboolean
has_overlay (gpointer data)
{
  const FlRttChart *chart = fl_explore_page_get_chart (data);

  return chart != NULL && chart->n_overlays == 1;
}

static gboolean
has_highlight (gpointer data)
{
  const FlRttChart *chart = fl_explore_page_get_chart (data);

  return chart != NULL && chart->n_highlight > 0 && chart->show_alarms;
}

static gboolean
file_starts_with (const char *path,
                  const char *magic,
                  gsize       len)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return FALSE;

  return size > len && memcmp (contents, magic, len) == 0;
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_zoom_relative_compare_export (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *bad = NULL;
  GtkWidget *window;
  FlExplorePage *page;
  const FlRttChart *chart;
  double full_lo, full_hi, zoom_lo, zoom_hi, abs_min;
  g_autofree char *readout = NULL;
  GtkToggleButton *relative;

  REQUIRE_DISPLAY ();
  if (f->project == NULL)
    {
      g_test_skip ("FL_SAMPLES_DIR not set");
      return;
    }

  page = g_object_new (FL_TYPE_EXPLORE_PAGE, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  g_object_ref (page);
  gtk_window_present (GTK_WINDOW (window));

  fl_explore_page_set_project (page, f->project);
  g_assert_true (fl_test_wait_until (chart_loaded, page, 30));
  fl_test_iterate (200);
  chart = fl_explore_page_get_chart (page);
  g_assert_nonnull (chart);
  /* One column per pixel of the plot: fewer columns than the 10,001 samples. */
  g_assert_cmpuint (chart->n_columns, >, 100);
  g_assert_cmpuint (chart->n_columns, <, 1000);
  g_assert_cmpuint (chart->n_samples, ==, 10001);
  g_assert_cmpuint (chart->n_lost, ==, 8);
  g_assert_true (isnan (chart->baseline_ms));
  full_lo = chart->t_start_s;
  full_hi = chart->t_end_s;
  abs_min = chart->y_min;
  g_assert_true (wait_summary (page, "8 lost packets", TRUE));

  /* Zoom in twice around the centre: a third... a ninth-ish of the span,
   * centred, with fewer samples. */
  gtk_widget_activate_action (GTK_WIDGET (page), "explore.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "explore.zoom-in", NULL);
  fl_test_iterate (100);
  chart = fl_explore_page_get_chart (page);
  zoom_lo = chart->t_start_s;
  zoom_hi = chart->t_end_s;
  g_assert_cmpfloat_with_epsilon ((zoom_hi - zoom_lo) * 2.25, full_hi - full_lo, 1.0);
  g_assert_cmpfloat_with_epsilon ((zoom_lo + zoom_hi) / 2, (full_lo + full_hi) / 2, 1.0);
  g_assert_cmpuint (chart->n_samples, <, 10001);
  g_assert_cmpuint (chart->n_samples, >, 3000);

  /* Pan right by a tenth of the window, then to the right edge (clamped). */
  gtk_widget_activate_action (GTK_WIDGET (page), "explore.pan-right", NULL);
  fl_test_iterate (50);
  chart = fl_explore_page_get_chart (page);
  g_assert_cmpfloat_with_epsilon (chart->t_start_s - zoom_lo, 0.1 * (zoom_hi - zoom_lo), 1.0);
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (page), "explore.pan-right", NULL);
  fl_test_iterate (50);
  chart = fl_explore_page_get_chart (page);
  g_assert_cmpfloat_with_epsilon (chart->t_end_s, full_hi, 1e-6);

  /* The read-out of a column names its RTT. */
  readout = fl_rtt_chart_describe_column (chart, (int) chart->n_columns / 2);
  g_assert_nonnull (strstr (readout, "UTC"));
  g_assert_true (strstr (readout, "RTT min") != NULL || strstr (readout, "no reply") != NULL);

  /* Home: the whole series again. */
  gtk_widget_activate_action (GTK_WIDGET (page), "explore.zoom-reset", NULL);
  fl_test_iterate (50);
  chart = fl_explore_page_get_chart (page);
  g_assert_cmpfloat (chart->t_start_s, ==, full_lo);
  g_assert_cmpfloat (chart->t_end_s, ==, full_hi);

  /* Bands: the drop-down switches to the 10th–90th percentile (the
   * property follows and notifies, the summary says so, the band lies
   * within min–max and the y range does not grow); the property goes back
   * to min–max (the drop-down follows). */
  {
    GtkDropDown *band = GTK_DROP_DOWN (fl_test_find_by_tooltip (GTK_WIDGET (page),
                                                                GTK_TYPE_DROP_DOWN,
                                                                "The spread drawn"));
    double minmax_range = chart->y_max - chart->y_min;
    guint notified = 0;
    gulong id;

    g_assert_nonnull (band);
    g_assert_cmpstr (fl_explore_page_get_band (page), ==, "min-max");
    g_assert_cmpfloat (chart->band_quantile, ==, 0);
    id = g_signal_connect_swapped (page, "notify::band", G_CALLBACK (count_notify), &notified);
    gtk_drop_down_set_selected (band, 1);
    fl_test_iterate (50);
    g_assert_true (fl_test_wait_until (band_is_p10, page, 30));
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpstr (fl_explore_page_get_band (page), ==, "p10-p90");
    chart = fl_explore_page_get_chart (page);
    g_assert_cmpfloat (chart->band_quantile, ==, 0.1);
    g_assert_cmpfloat (chart->y_max - chart->y_min, <=, minmax_range);
    for (gsize c = 0; c < chart->n_columns; c++)
      if (!isnan (chart->rtt_median[c]))
        {
          g_assert_cmpfloat (chart->band_lo[c], >=, chart->rtt_min[c]);
          g_assert_cmpfloat (chart->band_hi[c], <=, chart->rtt_max[c]);
        }
    g_assert_true (wait_summary (page, "10th to 90th percentile", TRUE));
    g_object_set (page, "band", "min-max", NULL);
    fl_test_iterate (50);
    g_assert_true (fl_test_wait_until (band_is_min_max, page, 30));
    g_assert_cmpuint (gtk_drop_down_get_selected (band), ==, 0);
    g_assert_cmpuint (notified, ==, 2);
    chart = fl_explore_page_get_chart (page);
    g_assert_cmpfloat (chart->band_quantile, ==, 0);
    g_assert_true (wait_summary (page, "percentile", FALSE));
    g_signal_handler_disconnect (page, id);
  }

  /* Relative to the baseline: the 5th percentile is subtracted, so the
   * smallest value is at or below zero and the summary names the baseline. */
  relative = GTK_TOGGLE_BUTTON (fl_test_find_button (GTK_WIDGET (page), "_Relative"));
  g_assert_nonnull (relative);
  gtk_toggle_button_set_active (relative, TRUE);
  fl_test_iterate (50);
  chart = fl_explore_page_get_chart (page);
  g_assert_false (isnan (chart->baseline_ms));
  g_assert_cmpfloat (chart->baseline_ms, >=, abs_min);
  g_assert_cmpfloat_with_epsilon (chart->y_min, abs_min - chart->baseline_ms, 1e-9);
  g_assert_cmpfloat (chart->y_min, <=, 0);
  g_assert_true (wait_summary (page, "baseline", TRUE));

  /* Compare with the other trace: one overlay, labelled. */
  {
    GtkListBox *list = GTK_LIST_BOX (fl_test_find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, NULL));
    GtkListBoxRow *row;
    GtkCheckButton *check = NULL;

    /* The popover's list is not mapped: find it through the menu button. */
    if (list == NULL)
      {
        GtkMenuButton *button = GTK_MENU_BUTTON (fl_test_find_widget (GTK_WIDGET (page),
                                                                      GTK_TYPE_MENU_BUTTON,
                                                                      NULL));
        GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));

        list = GTK_LIST_BOX (fl_test_find_widget (popover, GTK_TYPE_LIST_BOX, NULL));
      }
    g_assert_nonnull (list);
    for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
      {
        GtkWidget *child = gtk_list_box_row_get_child (row);

        if (gtk_widget_get_sensitive (child))
          check = GTK_CHECK_BUTTON (child);
        else
          /* The series shown cannot be compared with itself. */
          g_assert_cmpint (i, ==, 0);
      }
    g_assert_nonnull (check);
    gtk_check_button_set_active (check, TRUE);
    g_assert_true (fl_test_wait_until (has_overlay, page, 30));
    chart = fl_explore_page_get_chart (page);
    g_assert_cmpstr (chart->overlays[0].label, ==,
                     gtk_check_button_get_label (check));
    g_assert_false (isnan (chart->overlays[0].baseline_ms));
  }
  fl_test_save_screenshots (window, "explore-compare");

  /* Export in all three formats; a wrong extension is an error. */
  png = g_build_filename (f->dir, "chart.png", NULL);
  svg = g_build_filename (f->dir, "chart.svg", NULL);
  pdf = g_build_filename (f->dir, "chart.PDF", NULL);
  bad = g_build_filename (f->dir, "chart.jpg", NULL);
  g_assert_true (fl_explore_page_export (page, png, &error));
  g_assert_no_error (error);
  g_assert_true (fl_explore_page_export (page, svg, &error));
  g_assert_no_error (error);
  g_assert_true (fl_explore_page_export (page, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (file_starts_with (png, "\x89PNG", 4));
  g_assert_true (file_starts_with (svg, "<?xml", 5));
  g_assert_true (file_starts_with (pdf, "%PDF", 4));
  g_assert_false (fl_explore_page_export (page, bad, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);

  gtk_window_destroy (GTK_WINDOW (window));
  fl_test_wait_last_ref (page);
  g_assert_finalize_object (page);
}

static void
test_confusion_cell (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStoredPredictions) p = NULL;
  g_autoptr(FlStoredRun) run = NULL;
  FlExperimentConfig config;
  FlExperimentResult *r;
  GtkWidget *window;
  FlExplorePage *page;
  const FlRttChart *chart;
  gint64 run_id;
  guint expected = 0;
  double threshold = 0.5;

  REQUIRE_DISPLAY ();
  if (f->project == NULL)
    {
      g_test_skip ("FL_SAMPLES_DIR not set");
      return;
    }

  /* The page is open before the run exists, as in the app. */
  page = g_object_new (FL_TYPE_EXPLORE_PAGE, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  g_object_ref (page);
  gtk_window_present (GTK_WINDOW (window));
  fl_explore_page_set_project (page, f->project);
  g_assert_true (fl_test_wait_until (chart_loaded, page, 30));
  fl_test_iterate (200);

  fl_experiment_config_init_default (&config);
  fl_experiment_config_from_json (&config, config_json, &error);
  g_assert_no_error (error);
  r = fl_experiment_run (f->project, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);
  run_id = r->run_id;
  fl_experiment_result_free (r);

  /* The false negatives of the XGBoost arm at 0.5, counted from the stored
   * predictions: all on trace 11119. */
  p = fl_project_load_predictions (f->project, run_id, 0, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < p->n; i++)
    if (p->y_true[i] == 1 && p->score[i] < threshold)
      expected++;
  g_assert_cmpuint (expected, >, 0);


  /* Trace 11180 is listed after 11119? Either way the page must end on the
   * series that holds the false negatives. */
  fl_explore_page_show_buckets (page, run_id, 0, threshold, 1, 0);
  g_assert_true (fl_test_wait_until (has_highlight, page, 30));
  fl_test_iterate (100);
  g_assert_cmpuint (fl_explore_page_get_highlight_count (page), ==, expected);
  chart = fl_explore_page_get_chart (page);
  g_assert_cmpstr (chart->label, ==, "Trace 11119");
  g_assert_cmpuint (chart->n_highlight, >=, 1);
  g_assert_cmpuint (chart->n_highlight, <=, expected);
  g_assert_cmpuint (chart->n_shade, >, 0);
  g_assert_true (wait_summary (page, "labelled positive periods", TRUE));
  fl_test_save_screenshots (window, "explore-cell");

  /* Next: zooms to the first highlighted bucket, which lies in the window. */
  {
    GtkWidget *next = fl_test_find_button_by_icon (GTK_WIDGET (page), "go-next-symbolic");

    g_assert_nonnull (next);
    g_assert_true (gtk_widget_get_sensitive (next));
    g_signal_emit_by_name (next, "clicked");
    fl_test_iterate (100);
    chart = fl_explore_page_get_chart (page);
    g_assert_cmpuint (chart->n_highlight, >=, 1);
    g_assert_cmpfloat (chart->highlight_end_s[0], >, chart->t_start_s);
    g_assert_cmpfloat (chart->highlight_start_s[0], <, chart->t_end_s);
    g_assert_cmpfloat (chart->t_end_s - chart->t_start_s, <=, 60 * 240 + 1);
    fl_test_save_screenshots (window, "explore-cell-zoomed");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  fl_test_wait_last_ref (page);
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add ("/faultline/explore/zoom-relative-compare-export", Fixture, NULL,
              fixture_set_up, test_zoom_relative_compare_export, fixture_tear_down);
  g_test_add ("/faultline/explore/confusion-cell", Fixture, NULL,
              fixture_set_up, test_confusion_cell, fixture_tear_down);

  return g_test_run ();
}
