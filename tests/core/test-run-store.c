/* test-run-store.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "fl-error.h"
#include "fl-experiment.h"
#include "fl-run-store.h"

/* One project with two sample traces and one real comparison run, shared by
 * the tests below (each test that changes the project works on a copy). */
static char *dir;
static char *project_path;
static FlExperimentResult *result;

static const char *config_json =
  "{ \"series\": \"trace:11119\", \"pipeline\": { \"bucket_s\": 240 },"
  "  \"features\": { \"set\": \"recipes\" },"
  "  \"label\": { \"kind\": \"zscore\", \"k_sigma\": 2.5, \"window_rows\": 60, \"horizon\": 5 },"
  "  \"split\": { \"kind\": \"expanding\", \"folds\": 3 },"
  "  \"treatments\": [ { \"kind\": \"none\" }, { \"kind\": \"smote\", \"k_neighbors\": 5 } ],"
  "  \"models\": [ { \"kind\": \"xgboost\", \"n_rounds\": 15 }, { \"kind\": \"persistence\" },"
  "               { \"kind\": \"always-alarm\" } ],"
  "  \"xgboost\": { \"nthread\": 1 },"
  "  \"bootstrap_resamples\": 50 }";

static void
exec_sql (FlProject  *p,
          const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (fl_project_get_db (p), sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

static const FlStoredArm *
find_stored_arm (const FlStoredRun *run,
                 const char        *name)
{
  for (guint i = 0; i < run->arms->len; i++)
    {
      const FlStoredArm *a = g_ptr_array_index (run->arms, i);

      if (g_strcmp0 (a->name, name) == 0)
        return a;
    }
  return NULL;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat_with_epsilon (a, b, 1e-12 * MAX (1.0, fabs (b)));
}

/* Every arm comes back with the metrics, intervals and events it was
 * computed with, in the same order. */
static void
test_load_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (project_path, FALSE, &error);
  g_autoptr(FlStoredRun) run = NULL;

  g_assert_no_error (error);
  run = fl_project_load_run (p, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);

  g_assert_cmpint (run->id, ==, result->run_id);
  g_assert_cmpstr (run->kind, ==, "comparison");
  g_assert_cmpstr (run->status, ==, "done");
  g_assert_cmpint (run->created_at, >, 1700000000);
  g_assert_cmpint (run->created_at, <=, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_nonnull (strstr (run->config_json, "\"smote\""));
  g_assert_nonnull (strstr (run->manifest_json, "\"data_sha256\""));
  g_assert_nonnull (run->summary_json);
  g_assert_cmpstr (run->series_key, ==, "trace:11119");
  g_assert_cmpstr (run->label_description, ==, result->label_description);
  g_assert_cmpuint (run->n_folds, ==, 3);
  g_assert_cmpuint (run->test_rows, ==, result->test_rows);
  g_assert_cmpuint (run->test_positives, ==, result->test_positives);
  g_assert_cmpuint (run->test_events, ==, result->n_events);
  g_assert_cmpfloat (run->threshold, ==, 0.5);
  g_assert_cmpuint (g_strv_length (run->warnings), ==, result->warnings->len);

  /* none × xgboost, smote × xgboost, persistence, always-alarm */
  g_assert_cmpuint (run->arms->len, ==, result->arms->len);
  g_assert_cmpuint (run->arms->len, ==, 4);
  for (guint i = 0; i < run->arms->len; i++)
    {
      const FlStoredArm *s = g_ptr_array_index (run->arms, i);
      const FlArmResult *r = g_ptr_array_index (result->arms, i);

      g_test_message ("arm %u: %s", i, s->name);
      g_assert_cmpuint (s->index, ==, i);
      g_assert_cmpstr (s->name, ==, r->name);
      g_assert_cmpstr (s->model, ==, r->model);
      g_assert_cmpstr (s->treatment, ==, r->treatment);
      g_assert_cmpint (s->is_baseline, ==, r->is_baseline);
      g_assert_cmpuint (s->metrics.cm.tn, ==, r->metrics.cm.tn);
      g_assert_cmpuint (s->metrics.cm.fp, ==, r->metrics.cm.fp);
      g_assert_cmpuint (s->metrics.cm.fn, ==, r->metrics.cm.fn);
      g_assert_cmpuint (s->metrics.cm.tp, ==, r->metrics.cm.tp);
      g_assert_cmpuint (s->metrics.n, ==, r->n);
      g_assert_cmpuint (s->metrics.n_positive, ==, r->metrics.n_positive);
      assert_same_double (s->metrics.precision, r->metrics.precision);
      assert_same_double (s->metrics.recall, r->metrics.recall);
      assert_same_double (s->metrics.f1, r->metrics.f1);
      assert_same_double (s->metrics.mcc, r->metrics.mcc);
      assert_same_double (s->metrics.average_precision, r->metrics.average_precision);
      assert_same_double (s->metrics.roc_auc, r->metrics.roc_auc);
      assert_same_double (s->metrics.brier, r->metrics.brier);
      assert_same_double (s->precision_ci.lower, r->precision_ci.lower);
      assert_same_double (s->precision_ci.upper, r->precision_ci.upper);
      assert_same_double (s->recall_ci.lower, r->recall_ci.lower);
      assert_same_double (s->recall_ci.upper, r->recall_ci.upper);
      assert_same_double (s->f1_ci.lower, r->bootstrap.f1.lower);
      assert_same_double (s->f1_ci.upper, r->bootstrap.f1.upper);
      assert_same_double (s->average_precision_ci.lower,
                          r->bootstrap.average_precision.lower);
      assert_same_double (s->average_precision_ci.upper,
                          r->bootstrap.average_precision.upper);
      g_assert_cmpuint (s->events.n_events, ==, r->events.n_events);
      g_assert_cmpint (s->events.insufficient_events, ==, r->events.insufficient_events);
      assert_same_double (s->events.event_recall, r->events.event_recall);
      assert_same_double (s->events.false_alarms_per_day, r->events.false_alarms_per_day);
      g_assert_cmpuint (s->n_folds, ==, r->fold_metrics->len);
      g_assert_cmpuint (g_strv_length (s->warnings), ==, r->warnings->len);
      g_assert_nonnull (s->metrics_object);
      g_assert_cmpstr (s->curves_json, ==, r->curves_json);
    }

  /* Learned arms carry their gain importance; baselines do not. */
  g_assert_true (json_object_has_member (find_stored_arm (run, "xgboost")->metrics_object,
                                         "importance_gain"));
  g_assert_true (find_stored_arm (run, "persistence")->is_baseline);
  g_assert_false (find_stored_arm (run, "xgboost + smote")->is_baseline);
  /* Always alarm: recall 1, precision = prevalence. */
  {
    const FlStoredArm *always = find_stored_arm (run, "always-alarm");

    g_assert_cmpfloat (always->metrics.recall, ==, 1.0);
    g_assert_cmpuint (always->metrics.cm.tn, ==, 0);
  }
}

/* The stored curves parse back; the sweep at threshold 0.5 gives the
 * confusion matrix of the arm's metrics, and the PR curve ends at recall
 * 0, precision 1. */
static void
test_curves (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (project_path, FALSE, &error);
  g_autoptr(FlStoredRun) run = fl_project_load_run (p, result->run_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < run->arms->len; i++)
    {
      const FlStoredArm *s = g_ptr_array_index (run->arms, i);
      g_autoptr(FlArmCurves) c = fl_arm_curves_from_json (s->curves_json, &error);
      guint half;

      g_assert_no_error (error);
      g_assert_nonnull (c->pr);
      g_assert_nonnull (c->roc);
      g_assert_nonnull (c->calibration);
      g_assert_nonnull (c->sweep);
      g_assert_cmpint (c->pr->kind, ==, FL_CURVE_PR);
      g_assert_cmpuint (c->pr->n_points, >=, 2);
      g_assert_cmpuint (c->pr->n_points, <=, 400);
      g_assert_cmpfloat (c->pr->x[c->pr->n_points - 1], ==, 0.0);
      g_assert_cmpfloat (c->pr->y[c->pr->n_points - 1], ==, 1.0);
      g_assert_true (isnan (c->pr->threshold[c->pr->n_points - 1]));
      g_assert_cmpint (c->roc->kind, ==, FL_CURVE_ROC);
      g_assert_cmpfloat (c->roc->x[0], ==, 0.0);
      g_assert_cmpfloat (c->roc->x[c->roc->n_points - 1], ==, 1.0);
      g_assert_cmpfloat (c->roc->y[c->roc->n_points - 1], ==, 1.0);
      g_assert_nonnull (c->calibration->count);
      {
        guint64 rows = 0;

        for (gsize k = 0; k < c->calibration->n_points; k++)
          rows += c->calibration->count[k];
        g_assert_cmpuint (rows, ==, s->metrics.n);
      }
      g_assert_cmpuint (c->sweep->n_points, ==, FL_SWEEP_N_POINTS);
      half = 50;
      g_assert_cmpfloat_with_epsilon (c->sweep->threshold[half], 0.5, 1e-12);
      g_assert_cmpuint (c->sweep->tp[half], ==, s->metrics.cm.tp);
      g_assert_cmpuint (c->sweep->fp[half], ==, s->metrics.cm.fp);
      assert_same_double (c->sweep->f1[half], s->metrics.f1);
      /* threshold 0: everything is an alarm */
      g_assert_cmpuint (c->sweep->tp[0], ==, s->metrics.n_positive);
    }
}

/* Predictions of each arm: the same rows and scores as computed. */
static void
test_predictions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (project_path, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < result->arms->len; i++)
    {
      const FlArmResult *r = g_ptr_array_index (result->arms, i);
      g_autoptr(FlStoredPredictions) pr = fl_project_load_predictions (p, result->run_id, i,
                                                                       &error);
      guint64 positives = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (pr->n, ==, r->n);
      g_assert_cmpuint (pr->n, >, 1000);
      for (gsize k = 0; k < pr->n; k++)
        {
          g_assert_cmpfloat (pr->ts_s[k], ==, r->ts_s[k]);
          g_assert_cmpuint (pr->y_true[k], ==, r->y[k]);
          g_assert_cmpfloat (pr->score[k], ==, r->score[k]);
          g_assert_cmpuint (pr->fold[k], ==, r->fold[k]);
          g_assert_cmpint (pr->series_id[k], ==, r->group[k]);
          positives += pr->y_true[k];
        }
      g_assert_cmpuint (positives, ==, r->metrics.n_positive);
      /* three folds, in order */
      g_assert_cmpuint (pr->fold[0], ==, 0);
      g_assert_cmpuint (pr->fold[pr->n - 1], ==, 2);
    }
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (project_path, FALSE, &error);
  g_autoptr(FlStoredRun) run = NULL;
  g_autoptr(FlStoredPredictions) pr = NULL;

  g_assert_no_error (error);
  run = fl_project_load_run (p, result->run_id + 1000, &error);
  g_assert_null (run);
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pr = fl_project_load_predictions (p, result->run_id + 1000, 0, &error);
  g_assert_null (pr);
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pr = fl_project_load_predictions (p, result->run_id, result->arms->len, &error);
  g_assert_null (pr);
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
}

static char *
copy_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) src = g_file_new_for_path (project_path);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) dst = g_file_new_for_path (path);

  /* The shared project is closed between tests: no WAL content is left. */
  g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_project (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Damaged JSON gives FL_ERROR_PARSE naming the arm; nothing crashes. */
static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = copy_project ("malformed.faultline");
  g_autoptr(FlProject) p = fl_project_open (path, FALSE, &error);
  g_autoptr(FlStoredRun) run = NULL;
  g_autoptr(FlArmCurves) curves = NULL;
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE run_arms SET metrics_json = '{\"name\": \"x\", ' "
                         "WHERE run_id = %" G_GINT64_FORMAT " AND arm = 1", result->run_id);
  exec_sql (p, sql);
  run = fl_project_load_run (p, result->run_id, &error);
  g_assert_null (run);
  g_assert_error (error, FL_ERROR, FL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "arm 1"));
  g_clear_error (&error);

  curves = fl_arm_curves_from_json ("[1, 2]", &error);
  g_assert_null (curves);
  g_assert_error (error, FL_ERROR, FL_ERROR_PARSE);
  g_clear_error (&error);
  curves = fl_arm_curves_from_json ("{\"pr\": {\"recall\": [1, 0.5], \"precision\": [0.1],"
                                    " \"threshold\": [0.1, 0.2]}}", &error);
  g_assert_null (curves);
  g_assert_error (error, FL_ERROR, FL_ERROR_PARSE);
  g_clear_error (&error);
  curves = fl_arm_curves_from_json ("{\"roc\": {\"fpr\": [0, 1], \"tpr\": [0, null],"
                                    " \"threshold\": [2, 0]}}", &error);
  g_assert_no_error (error);
  g_assert_null (curves->pr);
  g_assert_cmpuint (curves->roc->n_points, ==, 2);
  g_assert_true (isnan (curves->roc->y[1]));

  g_clear_object (&p);
  remove_project (path);
}

/* Runs stored before per-arm rows existed: the arms come from the summary. */
static void
test_summary_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = copy_project ("legacy.faultline");
  g_autoptr(FlProject) p = fl_project_open (path, FALSE, &error);
  g_autoptr(FlStoredRun) run = NULL;
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("DELETE FROM run_arms WHERE run_id = %" G_GINT64_FORMAT,
                         result->run_id);
  exec_sql (p, sql);
  run = fl_project_load_run (p, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->arms->len, ==, result->arms->len);
  for (guint i = 0; i < run->arms->len; i++)
    {
      const FlStoredArm *s = g_ptr_array_index (run->arms, i);
      const FlArmResult *r = g_ptr_array_index (result->arms, i);

      g_assert_cmpstr (s->name, ==, r->name);
      g_assert_null (s->curves_json);
      g_assert_cmpuint (s->metrics.cm.tp, ==, r->metrics.cm.tp);
      assert_same_double (s->metrics.average_precision, r->metrics.average_precision);
    }

  g_clear_object (&p);
  remove_project (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FlProject) p = NULL;
  g_autoptr(GError) error = NULL;
  FlExperimentConfig config;
  const char *files[] = { "rtt-traces/11119.csv", "rtt-traces/11180.csv" };
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FL_SAMPLES_DIR") == NULL)
    g_error ("FL_SAMPLES_DIR is not set");
  dir = g_dir_make_tmp ("fl-run-store-XXXXXX", &error);
  g_assert_no_error (error);
  project_path = g_build_filename (dir, "samples.faultline", NULL);
  p = fl_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *f = g_build_filename (g_getenv ("FL_SAMPLES_DIR"), files[i], NULL);

      fl_project_import_file (p, f, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  fl_experiment_config_init_default (&config);
  fl_experiment_config_from_json (&config, config_json, &error);
  g_assert_no_error (error);
  result = fl_experiment_run (p, &config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fl_experiment_config_clear (&config);
  g_clear_object (&p);

  g_test_add_func ("/run-store/load-run", test_load_run);
  g_test_add_func ("/run-store/curves", test_curves);
  g_test_add_func ("/run-store/predictions", test_predictions);
  g_test_add_func ("/run-store/not-found", test_not_found);
  g_test_add_func ("/run-store/malformed", test_malformed);
  g_test_add_func ("/run-store/summary-fallback", test_summary_fallback);

  ret = g_test_run ();

  fl_experiment_result_free (result);
  remove_project (project_path);
  g_rmdir (dir);
  g_free (project_path);
  g_free (dir);
  return ret;
}
