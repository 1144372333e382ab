/* test-experiment.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "fl-error.h"
#include "fl-experiment.h"
#include "fl-experiment-private.h"
#include "fl-project-kpi.h"
#include "fl-sample-store.h"

/* The OpenMP runtime the build links for XGBoost (meson.build, omp_dep). */
#if FL_LLVM_OPENMP
#define EXPECTED_OPENMP "libomp.so.5"
#else
#define EXPECTED_OPENMP "libgomp.so.1"
#endif

/* One project with the bundled samples, shared by the tests below. */
static char *dir;
static char *project_path;

static char *
sample (const char *rel)
{
  return g_build_filename (g_getenv ("FL_SAMPLES_DIR"), rel, NULL);
}

static FlProject *
open_sample_project (void)
{
  g_autoptr(GError) error = NULL;
  FlProject *p;

  p = fl_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);
  return p;
}

static gint64
count_rows (FlProject  *p,
            const char *sql,
            gint64      arg)
{
  sqlite3_stmt *st = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (fl_project_get_db (p), sql, -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (st, 1, arg);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return n;
}

static void
check_consistent (const FlExperimentResult *r)
{
  const FlConfusionMatrix *cm = &r->cm;
  gsize pos = 0;

  g_assert_cmpuint (cm->tn + cm->fp + cm->fn + cm->tp, ==, r->test_rows);
  g_assert_cmpuint (cm->fn + cm->tp, ==, r->test_positives);
  for (gsize i = 0; i < r->test_rows; i++)
    {
      pos += r->test_y[i];
      g_assert_true (r->test_score[i] >= 0 && r->test_score[i] <= 1);
    }
  g_assert_cmpuint (pos, ==, r->test_positives);
  g_assert_cmpfloat_with_epsilon (r->precision, fl_precision (cm), 1e-15);
  g_assert_cmpfloat_with_epsilon (r->recall, fl_recall (cm), 1e-15);
}

/* End to end: import the samples, run the default (honest, chronological)
 * experiment, and check what is stored. */
static void
test_end_to_end_honest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  FlExperimentConfig config;

  fl_experiment_config_init_default (&config);
  config.series_key = g_strdup ("trace:11119");
  config.xgb.n_rounds = 60;
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);

  g_assert_cmpstr (r->series_key, ==, "trace:11119");
  g_assert_cmpuint (r->imputed_rows, ==, 0);
  g_assert_cmpuint (r->test_rows, >, 1000);
  g_assert_cmpuint (r->test_positives, >, 0);
  g_assert_cmpuint (r->synthetic_rows, >, 0);
  /* chronological: every training row precedes every test row */
  g_assert_cmpfloat (r->split_train_end_s, <, r->split_test_start_s);
  for (gsize i = 0; i < r->test_rows; i++)
    g_assert_cmpfloat (r->test_ts_s[i], >=, r->split_test_start_s);
  /* rows are split 80/20 */
  g_assert_cmpuint (r->test_rows, ==, r->feature_rows - (gsize)floor (r->feature_rows * 0.8));
  check_consistent (r);

  runs = fl_project_list_runs (p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((FlRunInfo *)g_ptr_array_index (runs, 0))->id, ==, r->run_id);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM predictions WHERE run_id = ?", r->run_id),
                   ==, (gint64)r->test_rows);
  g_assert_cmpint (count_rows (p, "SELECT tp FROM results WHERE run_id = ?", r->run_id), ==,
                   (gint64)r->cm.tp);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM runs WHERE id = ? AND "
                                  "json_extract(manifest_json, '$.libraries.xgboost') = '1.7.4'",
                               r->run_id), ==, 1);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM runs WHERE id = ? AND "
                                  "json_extract(manifest_json, '$.libraries.openmp') = '"
                                  EXPECTED_OPENMP "'",
                               r->run_id), ==, 1);

  /* The stored model reproduces the predictions bit for bit. */
  {
    sqlite3_stmt *st = NULL;
    g_autoptr(GBytes) blob = NULL;
    g_autoptr(FlXgbModel) model = NULL;
    g_autoptr(FlSeriesInfo) info = fl_project_find_series (p, "trace:11119", NULL);
    g_autoptr(FlSeriesData) d = fl_project_load_series (p, info->id, NULL);
    g_autoptr(FlFeatureTable) t = fl_features_compute (d->ts_s, d->rtt_ms, d->n,
                                                       &config.pipeline, NULL);
    g_autofree float *again = NULL;
    gsize first_test = t->n_rows - r->test_rows;

    sqlite3_prepare_v2 (fl_project_get_db (p), "SELECT data FROM models WHERE run_id = ?", -1,
                        &st, NULL);
    sqlite3_bind_int64 (st, 1, r->run_id);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
    blob = g_bytes_new (sqlite3_column_blob (st, 0), sqlite3_column_bytes (st, 0));
    sqlite3_finalize (st);

    model = fl_xgb_model_new_from_bytes (blob, &error);
    g_assert_no_error (error);
    again = fl_xgb_model_predict (model, &t->X[first_test * FL_N_FEATURES], r->test_rows,
                                  FL_N_FEATURES, &error);
    g_assert_no_error (error);
    g_assert_cmpint (memcmp (again, r->test_score, r->test_rows * sizeof (float)), ==, 0);
  }

  fl_experiment_config_clear (&config);
}

/* The same config twice gives bit-identical predictions. */
static void
test_deterministic (void)
{
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) a = NULL;
  g_autoptr(FlExperimentResult) b = NULL;
  FlExperimentConfig config;

  fl_experiment_config_init_default (&config);
  config.series_key = g_strdup ("trace:11180");
  config.xgb.n_rounds = 30;
  a = fl_experiment_run (p, &config, NULL, NULL, NULL, NULL);
  b = fl_experiment_run (p, &config, NULL, NULL, NULL, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (a->run_id, !=, b->run_id);
  g_assert_cmpuint (a->test_rows, ==, b->test_rows);
  g_assert_cmpint (memcmp (a->test_score, b->test_score, a->test_rows * sizeof (float)), ==, 0);
  fl_experiment_config_clear (&config);
}

/* The seed's protocol: forward-fill, random stratified split. */
static void
test_seed_compat_random (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  FlExperimentConfig config;
  gboolean warned_split = FALSE, warned_ffill = FALSE;

  fl_experiment_config_init_default (&config);
  config.series_key = g_strdup ("trace:11119");
  config.pipeline.mode = FL_PIPELINE_SEED_COMPAT;
  /* one RTT per 240 s: with 60 s buckets every jitter is NaN and dropna()
   * keeps nothing, exactly as in pandas; 600 s buckets hold 2–3 samples */
  g_assert_null (fl_experiment_run (p, &config, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_assert_nonnull (strstr (error->message, "dropna"));
  g_clear_error (&error);
  config.pipeline.bucket_s = 600;
  config.split = FL_SPLIT_RANDOM_STRATIFIED;
  config.smote_k = 3;
  config.xgb.n_rounds = 40;
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (r->feature_rows, >, 3000);
  check_consistent (r);
  for (guint i = 0; i < r->warnings->len; i++)
    {
      const char *w = g_ptr_array_index (r->warnings, i);

      warned_split |= strstr (w, "Random split") != NULL;
      warned_ffill |= strstr (w, "forward-filled") != NULL;
    }
  g_assert_true (warned_split);
  g_assert_true (warned_ffill == (r->imputed_rows > 0));
  fl_experiment_config_clear (&config);
}

/* With no series key the series with the most replies is used. */
static void
test_most_active_series (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  FlExperimentConfig config;

  fl_experiment_config_init_default (&config);
  config.xgb.n_rounds = 10;
  config.smote = FALSE;
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* 11119: 10,001 rows, 8 lost — more than the other traces and the RIPE probes */
  g_assert_cmpstr (r->series_key, ==, "trace:11119");
  g_assert_cmpuint (r->synthetic_rows, ==, 0);
  fl_experiment_config_clear (&config);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FlExperimentConfig config;
  gint64 runs_before = count_rows (p, "SELECT count(*) FROM runs", 0);

  fl_experiment_config_init_default (&config);
  config.series_key = g_strdup ("trace:does-not-exist");
  g_assert_null (fl_experiment_run (p, &config, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* 22 days in one-day buckets: nothing is left after the 60-bucket warm-up */
  g_free (config.series_key);
  config.series_key = g_strdup ("trace:11180");
  config.pipeline.bucket_s = 86400;
  g_assert_null (fl_experiment_run (p, &config, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA);
  g_clear_error (&error);
  config.pipeline.bucket_s = 60;

  /* 32 results over 2 h of one RIPE probe: it runs, and says how little it shows */
  {
    g_autoptr(FlExperimentResult) r = NULL;
    gboolean insufficient = FALSE;

    g_free (config.series_key);
    config.series_key = g_strdup ("ripe:26858348:6798");
    r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    check_consistent (r);
    for (guint i = 0; i < r->warnings->len; i++)
      insufficient |= g_str_has_prefix (g_ptr_array_index (r->warnings, i), "Insufficient events");
    g_assert_true (insufficient);
    runs_before++;
  }

  g_free (config.series_key);
  config.series_key = g_strdup ("trace:11180");
  g_cancellable_cancel (cancellable);
  g_assert_null (fl_experiment_run (p, &config, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM runs", 0), ==, runs_before);
  fl_experiment_config_clear (&config);
}

static void
test_config_json (void)
{
  g_autoptr(GError) error = NULL;
  FlExperimentConfig a, b;
  g_autofree char *text = NULL;
  static const char *bad[] = {
    "not json",
    "[1, 2]",
    "{\"pipeline\": {\"mode\": \"magic\"}}",
    "{\"pipeline\": {\"bucket_s\": -5}}",
    "{\"pipeline\": {\"bucket_s\": 1.5}}",
    "{\"split\": {\"kind\": \"random\"}}",
    "{\"split\": {\"test_fraction\": 1.5}}",
    "{\"smote\": {\"enabled\": \"yes\"}}",
    "{\"xgboost\": {\"eta\": \"fast\"}}",
    "{\"threshold\": 2}",
    "{\"series\": 5}",
    "{\"smote\": 3}",
  };

  fl_experiment_config_init_default (&a);
  a.series_key = g_strdup ("trace:11119");
  a.pipeline.mode = FL_PIPELINE_SEED_COMPAT;
  a.pipeline.bucket_s = 240;
  a.split = FL_SPLIT_RANDOM_STRATIFIED;
  a.smote_k = 3;
  a.smote = FALSE;
  a.xgb.eta = 0.3;
  a.threshold = 0.25;
  text = fl_experiment_config_to_json (&a);

  fl_experiment_config_init_default (&b);
  g_assert_true (fl_experiment_config_from_json (&b, text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (b.series_key, ==, "trace:11119");
  g_assert_cmpint (b.pipeline.mode, ==, FL_PIPELINE_SEED_COMPAT);
  g_assert_cmpuint (b.pipeline.bucket_s, ==, 240);
  g_assert_cmpint (b.split, ==, FL_SPLIT_RANDOM_STRATIFIED);
  g_assert_cmpuint (b.smote_k, ==, 3);
  g_assert_false (b.smote);
  g_assert_cmpfloat (b.xgb.eta, ==, 0.3);
  g_assert_cmpfloat (b.threshold, ==, 0.25);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (fl_experiment_config_from_json (&b, bad[i], &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
      g_clear_error (&error);
      /* unchanged on failure */
      g_assert_cmpuint (b.pipeline.bucket_s, ==, 240);
    }
  fl_experiment_config_clear (&a);
  fl_experiment_config_clear (&b);
}

static FlArmResult *
find_arm (FlExperimentResult *r,
          const char         *name)
{
  for (guint i = 0; i < r->arms->len; i++)
    {
      FlArmResult *a = g_ptr_array_index (r->arms, i);

      if (g_str_equal (a->name, name))
        return a;
    }
  g_error ("no arm %s", name);
  return NULL;
}

/* Treatments × models plus baselines over expanding folds with a purge gap;
 * every arm is scored on the same rows, and everything is stored. */
static void
test_comparison_cv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  FlExperimentConfig config;
  FlArmResult *always, *never, *persist, *xgb;
  const char *json =
    "{ \"series\": \"trace:11180\", \"pipeline\": { \"bucket_s\": 240 },"
    "  \"features\": { \"set\": \"recipes\" },"
    "  \"label\": { \"kind\": \"zscore\", \"k_sigma\": 2.5, \"window_rows\": 30, \"horizon\": 3 },"
    "  \"split\": { \"kind\": \"expanding\", \"folds\": 3 },"
    "  \"treatments\": [ { \"kind\": \"none\" }, { \"kind\": \"random-under\" } ],"
    "  \"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 20 }, { \"kind\": \"persistence\" },"
    "               { \"kind\": \"always-alarm\" }, { \"kind\": \"never-alarm\" } ],"
    "  \"bootstrap_resamples\": 50 }";

  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, json, &error));
  g_assert_no_error (error);
  g_assert_true (config.use_recipes);
  g_assert_true (config.use_cv);
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (r->n_folds, ==, 3);
  g_assert_cmpuint (r->arms->len, ==, 5);
  xgb = find_arm (r, "xgboost");
  g_assert_nonnull (find_arm (r, "xgboost + random-under"));
  persist = find_arm (r, "persistence");
  always = find_arm (r, "always-alarm");
  never = find_arm (r, "never-alarm");

  for (guint i = 0; i < r->arms->len; i++)
    {
      FlArmResult *a = g_ptr_array_index (r->arms, i);

      /* same test rows for every arm, in the same order */
      g_assert_cmpuint (a->n, ==, xgb->n);
      g_assert_cmpint (memcmp (a->y, xgb->y, a->n), ==, 0);
      g_assert_cmpuint (a->fold_metrics->len, ==, 3);
      g_assert_cmpuint (a->metrics.cm.tn + a->metrics.cm.fp + a->metrics.cm.fn + a->metrics.cm.tp,
                        ==, a->n);
    }
  /* the baselines are what they say */
  g_assert_cmpfloat (always->metrics.recall, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (always->metrics.precision,
                                  (double)always->metrics.n_positive / always->n, 1e-12);
  g_assert_cmpfloat (never->metrics.recall, ==, 0.0);
  g_assert_cmpuint (never->metrics.cm.fp, ==, 0);
  for (gsize i = 0; i < persist->n; i++)
    g_assert_true (persist->score[i] == 0.0f || persist->score[i] == 1.0f);
  /* the label reads rtt_mean_ms, which is also a feature */
  {
    gboolean warned = FALSE;

    for (guint i = 0; i < r->warnings->len; i++)
      warned |= strstr (g_ptr_array_index (r->warnings, i), "model's own inputs") != NULL;
    g_assert_true (warned);
  }
  /* intervals bracket the point values */
  g_assert_cmpfloat (xgb->recall_ci.lower, <=, xgb->metrics.recall);
  g_assert_cmpfloat (xgb->recall_ci.upper, >=, xgb->metrics.recall);

  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM run_arms WHERE run_id = ?", r->run_id), ==,
                   5);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM predictions WHERE run_id = ?", r->run_id),
                   ==, (gint64)(5 * xgb->n));
  g_assert_cmpint (count_rows (p, "SELECT count(DISTINCT fold) FROM predictions WHERE run_id = ?",
                               r->run_id), ==, 3);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM run_arms WHERE run_id = ? AND "
                                  "json_extract(curves_json, '$.pr') IS NOT NULL", r->run_id), ==, 5);
  /* split bounds are in the manifest, with the purge gap */
  g_assert_cmpint (count_rows (p, "SELECT json_array_length(manifest_json, '$.folds') FROM runs "
                                  "WHERE id = ?", r->run_id), ==, 3);
  g_assert_cmpint (count_rows (p, "SELECT json_extract(manifest_json, '$.purge_s') >= 33 * 240 "
                                  "FROM runs WHERE id = ?", r->run_id), ==, 1);
  fl_experiment_config_clear (&config);
}

/* The NetProphet feature table (../shared, no licence): the published
 * protocol gives a table of the published order; split in time order, the
 * skill is gone. */
static void
test_netprophet_protocols (void)
{
  const char *shared = g_getenv ("FL_SHARED_DATA");
  g_autofree char *csv = shared ? g_build_filename (shared, "networkdeg-ripe1001-features",
                                                    "training_data.csv", NULL) : NULL;
  g_autofree char *proj = NULL;
  g_autofree char *cfg_random = NULL;
  g_autofree char *cfg_chrono = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = NULL;
  g_autoptr(FlExperimentResult) random = NULL;
  g_autoptr(FlExperimentResult) chrono = NULL;
  FlExperimentConfig config;
  char *text = NULL;

  if (csv == NULL || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/networkdeg-ripe1001-features is not available");
      return;
    }
  proj = g_build_filename (dir, "netprophet.faultline", NULL);
  p = fl_project_open (proj, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (p, csv, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  cfg_random = sample ("experiments/netprophet-original.json");
  g_assert_true (g_file_get_contents (cfg_random, &text, NULL, NULL));
  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, text, &error));
  g_free (text);
  random = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);
  /* published: P 0.27 / R 0.40 / F1 0.32 on 190 rows with 10 positives */
  g_assert_cmpuint (random->test_rows, ==, 190);
  g_assert_cmpuint (random->test_positives, ==, 10);
  g_assert_cmpfloat (random->f1, >, 0.15);
  g_assert_cmpfloat (random->f1, <, 0.7);

  cfg_chrono = sample ("experiments/netprophet-chronological.json");
  g_assert_true (g_file_get_contents (cfg_chrono, &text, NULL, NULL));
  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, text, &error));
  g_free (text);
  chrono = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);
  g_assert_cmpuint (chrono->test_rows, ==, 190);
  /* no better than always alarm */
  g_assert_cmpfloat (find_arm (chrono, "xgboost + smote")->metrics.f1, <=,
                     find_arm (chrono, "always-alarm")->metrics.f1);
  g_assert_cmpfloat (chrono->f1, <, random->f1);
}

/* Features and labels are computed per series: a series' rows are the same
 * whether or not another series is pooled with it. */
static void
test_no_cross_series_leak (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlDataset) alone = NULL;
  g_autoptr(FlDataset) pooled = NULL;
  g_autoptr(FlSeriesInfo) info = NULL;
  FlExperimentConfig config;
  const char *json =
    "{ \"pipeline\": { \"bucket_s\": 240 }, \"features\": { \"set\": \"recipes\" },"
    "  \"label\": { \"kind\": \"zscore\", \"window_rows\": 30, \"horizon\": 3 } }";
  const char * const one[] = { "trace:11180", NULL };
  const char * const two[] = { "trace:11119", "trace:11180", NULL };
  gsize k = 0, d;

  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, json, &error));
  config.select.keys = g_strdupv ((char **)one);
  alone = _fl_experiment_build_dataset (p, &config, &error);
  g_assert_no_error (error);
  g_strfreev (config.select.keys);
  config.select.keys = g_strdupv ((char **)two);
  pooled = _fl_experiment_build_dataset (p, &config, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);

  info = fl_project_find_series (p, "trace:11180", NULL);
  d = alone->n_features;
  g_assert_cmpuint (pooled->n_features, ==, d);
  /* 11119 (Oct–Nov) ends before 11180 (Nov–Dec) starts... */
  g_assert_cmpuint (pooled->n_rows, >, alone->n_rows);
  for (gsize i = 0; i < pooled->n_rows; i++)
    {
      if (pooled->group[i] != info->id)
        continue;
      g_assert_cmpuint (k, <, alone->n_rows);
      g_assert_cmpfloat (pooled->ts_s[i], ==, alone->ts_s[k]);
      g_assert_cmpuint (pooled->y[i], ==, alone->y[k]);
      g_assert_cmpuint (pooled->label_now[i], ==, alone->label_now[k]);
      for (gsize f = 0; f < d; f++)
        {
          double a = pooled->X[i * d + f], b = alone->X[k * d + f];

          g_assert_true ((isnan (a) && isnan (b)) || a == b);
        }
      k++;
    }
  g_assert_cmpuint (k, ==, alone->n_rows);
  /* ...and its first row comes after its own 30-step warm-up, not earlier
   * with a baseline made from the end of 11119 */
  g_assert_cmpfloat (alone->ts_s[0], >=, floor (info->first_ts_s / 240) * 240 + 30 * 240);
}

static void
test_series_modes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  const char *base =
    "\"pipeline\": { \"bucket_s\": 240 }, \"features\": { \"set\": \"recipes\" },"
    "\"label\": { \"kind\": \"changepoint\", \"tolerance_rows\": 1, \"horizon\": 0 },"
    "\"rule_baseline\": { \"kind\": \"zscore\", \"k_sigma\": 3, \"window_rows\": 30, \"horizon\": 0 },"
    "\"treatments\": [ { \"kind\": \"none\" } ],"
    "\"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 15 }, { \"kind\": \"rule\" },"
    "              { \"kind\": \"always-alarm\" } ], \"bootstrap_resamples\": 20";
  g_autoptr(FlSeriesInfo) a = fl_project_find_series (p, "trace:11119", NULL);
  g_autoptr(FlSeriesInfo) b = fl_project_find_series (p, "trace:11180", NULL);

  /* train on one trace, test on another */
  {
    g_autofree char *json = g_strdup_printf ("{ %s, \"evaluation\": \"train-test\","
                                             " \"select\": { \"keys\": [\"trace:11119\"] },"
                                             " \"test_select\": { \"keys\": [\"trace:11180\"] } }",
                                             base);
    g_autoptr(FlExperimentResult) r = NULL;
    FlExperimentConfig config;

    fl_experiment_config_init_default (&config);
    g_assert_true (fl_experiment_config_from_json (&config, json, &error));
    g_assert_no_error (error);
    r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    fl_experiment_config_clear (&config);
    for (guint i = 0; i < r->arms->len; i++)
      {
        FlArmResult *arm = g_ptr_array_index (r->arms, i);

        for (gsize j = 0; j < arm->n; j++)
          g_assert_cmpint (arm->group[j], ==, b->id);
        g_assert_cmpuint (arm->per_series->len, ==, 1);
      }
    /* the change-point label reads no column the model sees */
    for (guint i = 0; i < r->warnings->len; i++)
      g_assert_null (strstr (g_ptr_array_index (r->warnings, i), "own inputs"));
  }

  /* leave series out: each fold tests on series absent from its training rows */
  {
    g_autofree char *json = g_strdup_printf ("{ %s, \"evaluation\": \"leave-series-out\","
                                             " \"select\": { \"prefix\": \"trace:\" },"
                                             " \"split\": { \"kind\": \"expanding\", \"folds\": 3 } }",
                                             base);
    g_autoptr(FlExperimentResult) r = NULL;
    FlExperimentConfig config;
    FlArmResult *arm;

    fl_experiment_config_init_default (&config);
    g_assert_true (fl_experiment_config_from_json (&config, json, &error));
    r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    fl_experiment_config_clear (&config);
    g_assert_cmpuint (r->n_folds, ==, 2);       /* two traces in this project */
    arm = g_ptr_array_index (r->arms, 0);
    for (gsize j = 0; j < arm->n; j++)
      g_assert_cmpint (arm->group[j], ==, arm->fold[j] == 0 ? a->id : b->id);
    g_assert_true (isfinite (arm->macro.f1));
  }

  /* one model per series next to the pooled model */
  {
    g_autofree char *json = g_strdup_printf ("{ %s, \"evaluation\": \"per-series-models\","
                                             " \"select\": { \"prefix\": \"trace:\" } }", base);
    g_autoptr(FlExperimentResult) r = NULL;
    FlExperimentConfig config;
    gboolean found = FALSE;

    fl_experiment_config_init_default (&config);
    g_assert_true (fl_experiment_config_from_json (&config, json, &error));
    r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    fl_experiment_config_clear (&config);
    for (guint i = 0; i < r->arms->len; i++)
      {
        FlArmResult *arm = g_ptr_array_index (r->arms, i);

        if (arm->per_series_models)
          {
            found = TRUE;
            g_assert_cmpstr (arm->name, ==, "xgboost (one model per series)");
            g_assert_cmpuint (arm->n, ==, ((FlArmResult *)g_ptr_array_index (r->arms, 0))->n);
          }
        g_assert_cmpuint (arm->per_series->len, ==, 2);
      }
    g_assert_true (found);
  }

  /* a selection nothing matches */
  {
    g_autoptr(FlExperimentResult) r = NULL;
    FlExperimentConfig config;

    fl_experiment_config_init_default (&config);
    g_assert_true (fl_experiment_config_from_json (&config,
                                                   "{ \"select\": { \"prefix\": \"nope:\" } }",
                                                   &error));
    r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
    g_assert_null (r);
    g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
    fl_experiment_config_clear (&config);
  }
}

/* Rewrites the stored samples of series @key without every tenth one, as
 * an edited input file would leave them. */
static void
drop_every_tenth (FlProject  *p,
                  const char *key)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = fl_project_get_db (p);
  g_auto(FlStoredSamples) s = { 0 };
  g_autofree FlSample *kept = NULL;
  g_autofree gint64 *rids = NULL;
  sqlite3_stmt *st = NULL, *insert = NULL;
  gint64 series_id, source_id;
  gsize n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT c.series_id, c.source_id FROM sample_chunks c"
                                       " JOIN series s ON s.id = c.series_id WHERE s.key = ?"
                                       " LIMIT 1", -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  series_id = sqlite3_column_int64 (st, 0);
  source_id = sqlite3_column_int64 (st, 1);
  sqlite3_finalize (st);

  g_assert_true (_fl_sample_store_read (db, series_id, -1, FL_SAMPLE_READ_ALL, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.n, >, 10);
  kept = g_new (FlSample, s.n);
  rids = g_new (gint64, s.n);
  for (gsize i = 0; i < s.n; i++)
    if (i % 10 != 0)
      {
        kept[n] = (FlSample) { series_id, s.ts_s[i], s.rtt_ms[i], s.sent[i], s.rcvd[i],
                               s.flags[i] };
        rids[n++] = s.result_id[i];
      }
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "DELETE FROM sample_chunks WHERE series_id = ?",
                                       -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (st, 1, series_id);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
  sqlite3_finalize (st);
  insert = _fl_sample_store_prepare (db, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i += FL_SAMPLE_CHUNK_MAX)
    g_assert_true (_fl_sample_store_write (db, insert, source_id, series_id, kept + i, rids + i,
                                           MIN (n - i, FL_SAMPLE_CHUNK_MAX), &error));
  g_assert_no_error (error);
  sqlite3_finalize (insert);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A stored run re-runs bit for bit; after the data changes, the manifest
 * comparison names the data hash and the predictions differ. */
static void
test_rerun (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  g_autoptr(FlExperimentResult) again = NULL;
  g_autoptr(FlExperimentResult) changed = NULL;
  FlExperimentConfig config;
  FlRerunReport report;
  gboolean data_named = FALSE;

  fl_experiment_config_init_default (&config);
  config.series_key = g_strdup ("trace:11180");
  config.xgb.n_rounds = 25;
  config.bootstrap_resamples = 20;
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);

  again = fl_experiment_rerun (p, r->run_id, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report.predictions_identical);
  g_assert_cmpuint (report.n_predictions, ==, r->test_rows);
  g_assert_cmpuint (report.differences->len, ==, 0);
  g_assert_cmpint (memcmp (again->test_score, r->test_score, r->test_rows * sizeof (float)), ==, 0);
  fl_rerun_report_clear (&report);

  /* change the input: drop every tenth reply of the series */
  drop_every_tenth (p, "trace:11180");
  changed = fl_experiment_rerun (p, r->run_id, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_false (report.predictions_identical);
  for (guint i = 0; i < report.differences->len; i++)
    data_named |= g_str_has_prefix (g_ptr_array_index (report.differences, i), "data_sha256");
  g_assert_true (data_named);
  fl_rerun_report_clear (&report);

  g_assert_null (fl_experiment_rerun (p, 99999, NULL, NULL, NULL, &report, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  fl_rerun_report_clear (&report);
}

/* The noise sweep on the bundled synthetic KPI table (the fault-pipeline
 * project's published column ranges): the rule label is recovered without
 * noise, jitter costs F1, every level has all seeds, and the warnings say
 * that the label is a function of the inputs. */
static void
test_noise_sweep (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *proj = g_build_filename (dir, "noise.faultline", NULL);
  g_autofree char *csv = sample ("fault-kpi-synthetic.csv");
  g_autofree char *cfg = sample ("experiments/fault-kpi-synthetic-noise.json");
  g_autofree char *text = NULL;
  g_autoptr(FlProject) p = fl_project_open (proj, TRUE, &error);
  g_autoptr(FlExperimentResult) r = NULL;
  FlExperimentConfig config;
  gboolean warned = FALSE;

  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (p, csv, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cfg, &text, NULL, NULL));
  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, text, &error));
  g_assert_no_error (error);
  config.noise.n_seeds = 4;
  config.bootstrap_resamples = 50;
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < r->arms->len; i++)
    {
      FlArmResult *arm = g_ptr_array_index (r->arms, i);
      const FlNoisePoint *first, *last;

      g_assert_nonnull (arm->noise);
      g_assert_cmpuint (arm->noise->len, ==, config.noise.levels->len);
      first = &g_array_index (arm->noise, FlNoisePoint, 0);
      last = &g_array_index (arm->noise, FlNoisePoint, arm->noise->len - 1);
      g_assert_cmpuint (first->n_seeds, ==, 4);
      /* level 0 does not depend on the seed */
      g_assert_cmpfloat_with_epsilon (first->f1.lower, first->f1.upper, 1e-12);
      g_assert_cmpfloat_with_epsilon (first->f1.mean, arm->metrics.f1, 1e-9);
      if (!arm->is_baseline)
        {
          g_assert_cmpfloat (first->recall.mean, >, 0.95);
          g_assert_cmpfloat (last->f1.upper, <, first->f1.mean);
        }
      else
        g_assert_cmpfloat_with_epsilon (last->f1.mean, first->f1.mean, 1e-12);
    }
  for (guint i = 0; i < r->warnings->len; i++)
    warned |= strstr (g_ptr_array_index (r->warnings, i), "model's own inputs") != NULL;
  g_assert_true (warned);
  fl_experiment_config_clear (&config);
}

/* With an operating threshold in the config, the noise sweep takes
 * precision, recall and F1 at thresholds chosen on each fold's validation
 * rows, as the main run does: without noise they equal the run's metrics at
 * the operating thresholds (not those at 0.5), and average precision stays
 * that of the scores. */
static void
test_noise_operating_threshold (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  FlExperimentConfig config;
  gboolean differs = FALSE;
  const char *json =
    "{ \"series\": \"trace:11119\", \"pipeline\": { \"bucket_s\": 240 },"
    "  \"features\": { \"set\": \"recipes\" },"
    "  \"label\": { \"kind\": \"zscore\", \"k_sigma\": 2.5, \"window_rows\": 60, \"horizon\": 5 },"
    "  \"split\": { \"kind\": \"expanding\", \"folds\": 2, \"validation_fraction\": 0.25 },"
    "  \"operating_threshold\": { \"rule\": \"max-f1\" },"
    "  \"treatments\": [ { \"kind\": \"class-weight\" } ],"
    "  \"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 20 },"
    "                { \"kind\": \"logistic-regression\" } ],"
    "  \"noise\": { \"jitter\": \"gaussian\", \"levels\": [0, 0.5], \"seeds\": 3,"
    "               \"apply_to\": \"train\" },"
    "  \"bootstrap_resamples\": 20 }";

  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, json, &error));
  g_assert_no_error (error);
  g_assert_true (config.use_operating_threshold);
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);

  for (guint i = 0; i < r->arms->len; i++)
    {
      FlArmResult *arm = g_ptr_array_index (r->arms, i);
      const FlNoisePoint *first;

      g_assert_nonnull (arm->noise);
      g_assert_cmpuint (arm->noise->len, ==, 2);
      g_assert_true (arm->has_operating);
      first = &g_array_index (arm->noise, FlNoisePoint, 0);
      g_assert_cmpuint (first->n_seeds, ==, 3);
      g_assert_cmpfloat_with_epsilon (first->recall.lower, first->recall.upper, 1e-12);
      g_assert_cmpfloat_with_epsilon (first->recall.mean, arm->at_operating.recall, 1e-9);
      g_assert_cmpfloat_with_epsilon (first->precision.mean, arm->at_operating.precision, 1e-9);
      g_assert_cmpfloat_with_epsilon (first->f1.mean, arm->at_operating.f1, 1e-9);
      g_assert_cmpfloat_with_epsilon (first->average_precision.mean,
                                      arm->metrics.average_precision, 1e-9);
      differs |= fabs (arm->at_operating.recall - arm->metrics.recall) > 1e-6;
    }
  /* Otherwise the test could not tell the two thresholds apart. */
  g_assert_true (differs);
}

/* Nested tuning: every grid point of every fold is recorded, and the arm is
 * fitted with the chosen one. */
static void
test_nested_tuning (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = open_sample_project ();
  g_autoptr(FlExperimentResult) r = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  FlExperimentConfig config;
  FlArmResult *arm;
  JsonObject *t;
  const char *json =
    "{ \"series\": \"trace:11180\", \"pipeline\": { \"bucket_s\": 240 },"
    "  \"features\": { \"set\": \"recipes\" },"
    "  \"split\": { \"kind\": \"expanding\", \"folds\": 2 },"
    "  \"treatments\": [ { \"kind\": \"none\" } ], \"models\": [ { \"kind\": \"xgboost\" } ],"
    "  \"tuning\": { \"grid\": { \"n_rounds\": [10, 20], \"max_depth\": [2, 4], \"eta\": [0.3],"
    "                            \"scale_pos_weight\": [1] }, \"inner_folds\": 2 },"
    "  \"bootstrap_resamples\": 20 }";

  fl_experiment_config_init_default (&config);
  g_assert_true (fl_experiment_config_from_json (&config, json, &error));
  g_assert_no_error (error);
  g_assert_true (config.use_tuning);
  r = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);

  arm = g_ptr_array_index (r->arms, 0);
  g_assert_nonnull (arm->tuning_json);
  g_assert_cmpuint (arm->tuning_json->len, ==, 2);      /* one search per outer fold */
  g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (arm->tuning_json, 0), -1,
                                             NULL));
  t = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "points")), ==, 4);
  g_assert_cmpint (json_object_get_int_member (t, "best"), <, 4);
  g_assert_cmpint (json_object_get_int_member (t, "inner_folds"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FlProject) p = NULL;
  const char *files[] = {
    "rtt-traces/11119.csv",
    "rtt-traces/11180.csv",
    "ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson",
  };
  int ret;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("fl-experiment-XXXXXX", NULL);
  project_path = g_build_filename (dir, "samples.faultline", NULL);
  p = fl_project_open (project_path, TRUE, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *f = sample (files[i]);

      fl_project_import_file (p, f, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&p);

  g_test_add_func ("/experiment/config-json", test_config_json);
  g_test_add_func ("/experiment/end-to-end/honest", test_end_to_end_honest);
  g_test_add_func ("/experiment/deterministic", test_deterministic);
  g_test_add_func ("/experiment/seed-compat/random-split", test_seed_compat_random);
  g_test_add_func ("/experiment/most-active-series", test_most_active_series);
  g_test_add_func ("/experiment/errors", test_errors);
  g_test_add_func ("/experiment/comparison-cv", test_comparison_cv);
  g_test_add_func ("/experiment/no-cross-series-leak", test_no_cross_series_leak);
  g_test_add_func ("/experiment/series-modes", test_series_modes);
  g_test_add_func ("/experiment/noise-sweep", test_noise_sweep);
  g_test_add_func ("/experiment/noise-operating-threshold", test_noise_operating_threshold);
  g_test_add_func ("/experiment/nested-tuning", test_nested_tuning);
  g_test_add_func ("/experiment/rerun", test_rerun);
  g_test_add_func ("/experiment/netprophet-protocols", test_netprophet_protocols);
  ret = g_test_run ();

  {
    g_autofree char *wal = g_strconcat (project_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project_path, "-shm", NULL);

    g_remove (project_path);
    g_remove (wal);
    g_remove (shm);
    g_rmdir (dir);
  }
  g_free (project_path);
  g_free (dir);
  return ret;
}
