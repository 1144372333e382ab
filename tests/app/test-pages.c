/* test-pages.c
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

#include "fl-experiment-page.h"
#include "fl-label-page.h"
#include "fl-project-kpi.h"
#include "fl-walkthroughs-page.h"
#include "app-test-util.h"

static gboolean have_display;

#define REQUIRE_DISPLAY() FL_TEST_REQUIRE_DISPLAY (have_display)

typedef struct
{
  char      *dir;
  FlProject *project;
} Fixture;

/* A project in a temp dir with the bundled trace 11119 imported. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  const char *samples = g_getenv ("FL_SAMPLES_DIR");

  if (samples == NULL)
    return;
  csv = g_build_filename (samples, "rtt-traces", "11119.csv", NULL);
  if (!g_file_test (csv, G_FILE_TEST_EXISTS))
    return;

  f->dir = g_dir_make_tmp ("faultline-pages-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.faultline", NULL);
  f->project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_file (f->project, csv, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
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

/* Runs the main loop until the label page has labelled the series. */
static void
wait_labelled (FlLabelPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The debounce timer starts the worker: wait for it to start too. */
  while (!fl_label_page_get_busy (page) && g_get_monotonic_time () < deadline &&
         fl_label_page_get_summary (page) == NULL)
    g_main_context_iteration (NULL, FALSE);
  while (fl_label_page_get_busy (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fl_label_page_get_busy (page));
}

static void
test_label_page (Fixture       *f,
                 gconstpointer  data)
{
  FlLabelPage *page;
  FlLabelSpec spec;
  gssize loose, strict;

  REQUIRE_DISPLAY ();
  if (f->project == NULL)
    {
      g_test_skip ("No samples (FL_SAMPLES_DIR)");
      return;
    }

  page = g_object_ref_sink (g_object_new (FL_TYPE_LABEL_PAGE, NULL));
  fl_label_page_set_project (page, f->project);
  /* The series are listed in a worker, then labelled. */
  wait_labelled (page);
  g_assert_cmpstr (fl_label_page_get_series_key (page), ==, "trace:11119");

  /* The trace's own 240 s step is taken, and a z-score finds events. */
  g_assert_cmpuint (fl_label_page_get_bucket_s (page), ==, 240);
  loose = fl_label_page_get_n_events (page);
  g_assert_cmpint (loose, >, 0);
  g_assert_true (g_str_has_suffix (fl_label_page_get_summary (page), "% of buckets"));

  /* A stricter k flags fewer events. */
  fl_label_page_get_spec (page, &spec);
  g_assert_cmpint (spec.kind, ==, FL_LABEL_ZSCORE);
  spec.k_sigma = 6;
  fl_label_page_set_spec (page, &spec);
  fl_label_spec_clear (&spec);
  wait_labelled (page);
  strict = fl_label_page_get_n_events (page);
  g_assert_cmpint (strict, >=, 0);
  g_assert_cmpint (strict, <, loose);

  /* A broken rule is refused before any work, a valid one labels. */
  fl_label_spec_init_default (&spec);
  spec.kind = FL_LABEL_RULE;
  spec.expression = g_strdup ("loss_pct >");
  fl_label_page_set_spec (page, &spec);
  wait_labelled (page);
  g_assert_cmpstr (fl_label_page_get_summary (page), ==, "Fix the rule expression");
  g_assert_cmpint (fl_label_page_get_n_events (page), ==, -1);
  g_free (spec.expression);
  spec.expression = g_strdup ("loss_pct > 20");
  fl_label_page_set_spec (page, &spec);
  wait_labelled (page);
  g_assert_cmpint (fl_label_page_get_n_events (page), >, 0);
  fl_label_page_get_spec (page, &spec);
  g_assert_cmpstr (spec.expression, ==, "loss_pct > 20");
  fl_label_spec_clear (&spec);

  fl_test_wait_last_ref (page);
  g_assert_finalize_object (page);
}

static void
test_experiment_forms (void)
{
  FlExperimentPage *page;
  FlExperimentConfig config;
  FlLabelSpec label;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  REQUIRE_DISPLAY ();

  page = g_object_ref_sink (g_object_new (FL_TYPE_EXPERIMENT_PAGE, NULL));
  g_assert_null (fl_experiment_page_get_kind (page));

  /* Compare models: learned models and baselines on time-ordered folds. */
  fl_experiment_page_start (page, "models");
  g_assert_cmpstr (fl_experiment_page_get_kind (page), ==, "models");
  json = fl_experiment_page_get_json (page, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"expanding\""));
  g_assert_nonnull (strstr (json, "\"persistence\""));
  g_assert_nonnull (strstr (json, "\"random-forest\""));
  g_assert_nonnull (strstr (json, "\"compare_to\" : \"persistence\""));
  g_assert_null (strstr (json, "borderline-smote-1"));
  g_clear_pointer (&json, g_free);

  fl_experiment_page_get_config (page, &config);
  g_assert_true (config.use_recipes);
  g_assert_true (config.use_cv);
  g_assert_cmpuint (config.cv.n_folds, ==, 3);
  g_assert_true (config.use_operating_threshold);
  g_assert_cmpuint (config.models->len, ==, 6);
  fl_experiment_config_clear (&config);

  /* Treatments: every SMOTE variant is an arm, compared with plain XGBoost. */
  fl_experiment_page_start (page, "treatments");
  json = fl_experiment_page_get_json (page, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"borderline-smote-1\""));
  g_assert_nonnull (strstr (json, "\"class-weight\""));
  g_assert_nonnull (strstr (json, "\"compare_to\" : \"xgboost\""));
  g_clear_pointer (&json, g_free);

  /* Noise: only when the engine has the sweep. */
  fl_experiment_page_start (page, "noise");
  json = fl_experiment_page_get_json (page, &error);
  g_assert_no_error (error);
  if (fl_experiment_page_has_noise ())
    {
      g_assert_cmpstr (fl_experiment_page_get_kind (page), ==, "noise");
      g_assert_nonnull (strstr (json, "\"noise\""));
    }
  else
    g_assert_cmpstr (fl_experiment_page_get_kind (page), ==, "models");
  g_clear_pointer (&json, g_free);

  /* The Label page's rule reaches the config. */
  fl_label_spec_init_default (&label);
  label.kind = FL_LABEL_LOSS;
  label.loss_pct = 30;
  label.horizon = 2;
  fl_experiment_page_set_label (page, &label, 240, NULL);
  fl_label_spec_clear (&label);
  fl_experiment_page_get_config (page, &config);
  g_assert_cmpint (config.label.kind, ==, FL_LABEL_LOSS);
  g_assert_cmpfloat (config.label.loss_pct, ==, 30);
  g_assert_cmpuint (config.label.horizon, ==, 2);
  g_assert_cmpuint (config.pipeline.bucket_s, ==, 240);
  fl_experiment_config_clear (&config);

  g_assert_finalize_object (page);
}

static void
on_run_config (FlWalkthroughsPage *page,
               const char         *path,
               char              **out)
{
  g_free (*out);
  *out = g_strdup (path);
}

static void
test_walkthroughs (Fixture       *f,
                   gconstpointer  data)
{
  FlWalkthroughsPage *page;
  g_autofree char *ran = NULL;
  g_autofree char *shared = fl_walkthroughs_find_shared_dir ();
  g_autofree char *csv = NULL;

  REQUIRE_DISPLAY ();
  if (f->project == NULL)
    {
      g_test_skip ("No samples (FL_SAMPLES_DIR)");
      return;
    }

  page = g_object_ref_sink (g_object_new (FL_TYPE_WALKTHROUGHS_PAGE, NULL));
  g_signal_connect (page, "run-config", G_CALLBACK (on_run_config), &ran);

  /* Without a project nothing can be done. */
  g_assert_false (fl_walkthroughs_page_do_step (page, 1, 2));
  g_assert_null (ran);

  fl_walkthroughs_page_set_project (page, f->project);
  g_assert_cmpuint (fl_walkthroughs_page_get_n_steps (page, 1), ==, 4);

  /* Trace story: the trace is imported, the run step runs the sample. */
  g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, 1, 0),
                                   "Done: trace:11119"));
  g_assert_true (fl_walkthroughs_page_do_step (page, 1, 2));
  g_assert_nonnull (ran);
  g_assert_true (g_str_has_suffix (ran, "trace-11119-comparison.json"));
  g_assert_true (g_file_test (ran, G_FILE_TEST_IS_REGULAR));

  /* NetProphet story: its runs wait for the KPI table. */
  g_clear_pointer (&ran, g_free);
  g_assert_false (fl_walkthroughs_page_do_step (page, 0, 1));
  g_assert_null (ran);
  g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, 0, 1),
                                   "Needs the series kpi:training_data"));
  if (shared != NULL)
    csv = g_build_filename (shared, "networkdeg-ripe1001-features", "training_data.csv", NULL);
  if (csv != NULL && g_file_test (csv, G_FILE_TEST_EXISTS))
    g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, 0, 0),
                                     "Imports "));
  else
    g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, 0, 0),
                                     "Not found"));

  g_assert_false (fl_walkthroughs_page_do_step (page, 7, 0));
  g_assert_finalize_object (page);
}

static void
on_import_file (FlWalkthroughsPage *page,
                const char         *path,
                char              **out)
{
  g_free (*out);
  *out = g_strdup (path);
}

static void
on_show_page (FlWalkthroughsPage *page,
              const char         *name,
              const char         *series,
              char              **out)
{
  g_free (*out);
  *out = g_strdup (name);
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

/* With FL_TEST_SCREENSHOT_DIR set, shows @page in a tall window and saves
 * it as walkthroughs-light.png and walkthroughs-dark.png (for looking at
 * the page, not checked). */
static void
save_screenshots (GtkWidget *page)
{
  const char *dir = g_getenv ("FL_TEST_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *window;

  if (dir == NULL)
    return;
  window = gtk_window_new ();
  gtk_widget_set_size_request (page, 1000, 2600);
  gtk_window_set_child (GTK_WINDOW (window), page);
  expand_all (page);
  gtk_window_present (GTK_WINDOW (window));
  for (int dark = 0; dark <= 1; dark++)
    {
      g_autofree char *file = g_strdup_printf ("walkthroughs-%s.png", dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot;
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
      int w, h;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      w = gtk_widget_get_width (window);
      h = gtk_widget_get_height (window);
      paintable = gtk_widget_paintable_new (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        continue;
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                             node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      gdk_texture_save_to_png (texture, path);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The noise story: import the synthetic KPI table (detected mapping), run
 * the noise config once it is in the project, end on Results. */
static void
test_noise_walkthrough (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FlWalkthroughsPage *page;
  g_autofree char *imported = NULL;
  g_autofree char *ran = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *csv = NULL;
  const guint story = 2;

  REQUIRE_DISPLAY ();
  if (f->project == NULL)
    {
      g_test_skip ("No samples (FL_SAMPLES_DIR)");
      return;
    }

  page = g_object_ref_sink (g_object_new (FL_TYPE_WALKTHROUGHS_PAGE, NULL));
  g_signal_connect (page, "import-file", G_CALLBACK (on_import_file), &imported);
  g_signal_connect (page, "run-config", G_CALLBACK (on_run_config), &ran);
  g_signal_connect (page, "show-page", G_CALLBACK (on_show_page), &shown);
  fl_walkthroughs_page_set_project (page, f->project);
  g_assert_cmpuint (fl_walkthroughs_page_get_n_steps (page, story), ==, 3);

  /* Before the import: the import step names the bundled file; the run
   * waits for the series. */
  g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, story, 0),
                                   "Imports "));
  g_assert_true (g_str_has_suffix (fl_walkthroughs_page_get_step_status (page, story, 0),
                                   "fault-kpi-synthetic.csv"));
  g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, story, 1),
                                   "Needs the series kpi:fault-kpi-synthetic"));
  g_assert_false (fl_walkthroughs_page_do_step (page, story, 1));
  g_assert_null (ran);
  g_assert_true (fl_walkthroughs_page_do_step (page, story, 0));
  g_assert_nonnull (imported);
  g_assert_true (g_str_has_suffix (imported, "fault-kpi-synthetic.csv"));

  /* What the window does with that file: the detected mapping. */
  csv = g_build_filename (g_getenv ("FL_SAMPLES_DIR"), "fault-kpi-synthetic.csv", NULL);
  g_assert_cmpstr (imported, ==, csv);
  fl_project_import_kpi_file (f->project, imported, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_walkthroughs_page_reload (page);
  g_assert_true (g_str_has_prefix (fl_walkthroughs_page_get_step_status (page, story, 0),
                                   "Done: kpi:fault-kpi-synthetic"));
  g_assert_false (fl_walkthroughs_page_do_step (page, story, 0));

  /* The run step now runs the bundled noise config. */
  g_assert_true (fl_walkthroughs_page_do_step (page, story, 1));
  g_assert_nonnull (ran);
  g_assert_true (g_str_has_suffix (ran, "fault-kpi-synthetic-noise.json"));
  g_assert_true (g_file_test (ran, G_FILE_TEST_IS_REGULAR));

  /* It ends on the Results page. */
  g_assert_true (fl_walkthroughs_page_do_step (page, story, 2));
  g_assert_cmpstr (shown, ==, "results");
  save_screenshots (GTK_WIDGET (page));

  g_assert_finalize_object (page);
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

  g_test_add ("/faultline/pages/label", Fixture, NULL,
              fixture_set_up, test_label_page, fixture_tear_down);
  g_test_add_func ("/faultline/pages/experiment-forms", test_experiment_forms);
  g_test_add ("/faultline/pages/walkthroughs", Fixture, NULL,
              fixture_set_up, test_walkthroughs, fixture_tear_down);
  g_test_add ("/faultline/pages/noise-walkthrough", Fixture, NULL,
              fixture_set_up, test_noise_walkthrough, fixture_tear_down);

  return g_test_run ();
}
