/* fl-run-store.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-core"

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "fl-error.h"
#include "fl-run-store.h"

/* ---- JSON helpers ------------------------------------------------------- */

static double
get_double (JsonObject *o,
            const char *name)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, name))
    return NAN;
  node = json_object_get_member (o, name);
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_DOUBLE || t == G_TYPE_INT64)
        return json_node_get_double (node);
    }
  return NAN;
}

static guint64
get_uint (JsonObject *o,
          const char *name)
{
  double v = get_double (o, name);

  return isfinite (v) && v > 0 ? (guint64) llround (v) : 0;
}

static char *
dup_string (JsonObject *o,
            const char *name)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, name))
    return NULL;
  node = json_object_get_member (o, name);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static JsonObject *
get_object (JsonObject *o,
            const char *name)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, name))
    return NULL;
  node = json_object_get_member (o, name);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *o,
           const char *name)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, name))
    return NULL;
  node = json_object_get_member (o, name);
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static double
element_double (JsonArray *a,
                guint      i)
{
  JsonNode *node = json_array_get_element (a, i);

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_DOUBLE || t == G_TYPE_INT64)
        return json_node_get_double (node);
    }
  return NAN;
}

/* Intervals are stored as `[lower, upper]` (null bounds when undefined);
 * `{"lower": …, "upper": …}` is accepted too. */
static void
get_interval (JsonObject *intervals,
              const char *name,
              FlInterval *out)
{
  JsonNode *node;

  out->lower = out->upper = NAN;
  if (intervals == NULL || !json_object_has_member (intervals, name))
    return;
  node = json_object_get_member (intervals, name);
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
    {
      out->lower = element_double (json_node_get_array (node), 0);
      out->upper = element_double (json_node_get_array (node), 1);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      out->lower = get_double (json_node_get_object (node), "lower");
      out->upper = get_double (json_node_get_object (node), "upper");
    }
}

static GStrv
get_strv (JsonObject *o,
          const char *name)
{
  JsonArray *a = get_array (o, name);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonNode *node = json_array_get_element (a, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (b, json_node_get_string (node));
    }
  return g_strv_builder_end (b);
}

static JsonNode *
parse_json (const char  *text,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &local))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s: %s", what, local->message);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* Fills @arm from one stored arm object (arm_to_json() in fl-experiment.c). */
static void
arm_from_object (FlStoredArm *arm,
                 JsonObject  *o)
{
  FlMetrics *m = &arm->metrics;
  JsonObject *intervals = get_object (o, "intervals");
  JsonObject *events = get_object (o, "events");
  JsonArray *folds = get_array (o, "folds");
  JsonNode *baseline;

  g_free (arm->name);
  arm->name = dup_string (o, "name");
  if (arm->name == NULL)
    arm->name = g_strdup_printf ("arm %u", arm->index);
  arm->model = dup_string (o, "model");
  arm->treatment = dup_string (o, "treatment");
  baseline = json_object_get_member (o, "baseline");
  arm->is_baseline = baseline != NULL && JSON_NODE_HOLDS_VALUE (baseline) &&
                     json_node_get_value_type (baseline) == G_TYPE_BOOLEAN &&
                     json_node_get_boolean (baseline);

  m->threshold = get_double (o, "threshold");
  m->n = get_uint (o, "n");
  m->n_positive = get_uint (o, "n_positive");
  m->cm.tn = get_uint (o, "tn");
  m->cm.fp = get_uint (o, "fp");
  m->cm.fn = get_uint (o, "fn");
  m->cm.tp = get_uint (o, "tp");
  m->accuracy = get_double (o, "accuracy");
  m->precision = get_double (o, "precision");
  m->recall = get_double (o, "recall");
  m->specificity = get_double (o, "specificity");
  m->f1 = get_double (o, "f1");
  m->mcc = get_double (o, "mcc");
  m->balanced_accuracy = get_double (o, "balanced_accuracy");
  m->roc_auc = get_double (o, "roc_auc");
  m->average_precision = get_double (o, "average_precision");
  m->brier = get_double (o, "brier");
  m->log_loss = get_double (o, "log_loss");

  get_interval (intervals, "precision", &arm->precision_ci);
  get_interval (intervals, "recall", &arm->recall_ci);
  get_interval (intervals, "specificity", &arm->specificity_ci);
  get_interval (intervals, "f1", &arm->f1_ci);
  get_interval (intervals, "average_precision", &arm->average_precision_ci);

  arm->events.n_events = (guint) get_uint (events, "n_events");
  arm->events.n_detected = (guint) get_uint (events, "n_detected");
  arm->events.event_recall = get_double (events, "event_recall");
  arm->events.lead_time_median_s = get_double (events, "lead_time_median_s");
  arm->events.lead_time_mean_s = get_double (events, "lead_time_mean_s");
  arm->events.n_alarm_runs = (guint) get_uint (events, "n_alarm_runs");
  arm->events.n_false_alarm_runs = (guint) get_uint (events, "n_false_alarm_runs");
  arm->events.span_days = get_double (events, "span_days");
  arm->events.false_alarms_per_day = get_double (events, "false_alarms_per_day");
  if (events != NULL && json_object_has_member (events, "insufficient_events"))
    {
      JsonNode *flag = json_object_get_member (events, "insufficient_events");

      arm->events.insufficient_events = JSON_NODE_HOLDS_VALUE (flag) &&
                                        json_node_get_value_type (flag) == G_TYPE_BOOLEAN &&
                                        json_node_get_boolean (flag);
    }

  arm->n_folds = folds != NULL ? json_array_get_length (folds) : 0;
  g_strfreev (arm->warnings);
  arm->warnings = get_strv (o, "warnings");
  g_clear_pointer (&arm->metrics_object, json_object_unref);
  arm->metrics_object = json_object_ref (o);
}

static FlStoredArm *
stored_arm_new (guint index)
{
  FlStoredArm *arm = g_new0 (FlStoredArm, 1);
  FlInterval nan_interval = { NAN, NAN };

  arm->index = index;
  arm->metrics.threshold = NAN;
  arm->precision_ci = arm->recall_ci = arm->specificity_ci = nan_interval;
  arm->f1_ci = arm->average_precision_ci = nan_interval;
  arm->events.event_recall = NAN;
  arm->events.false_alarms_per_day = NAN;
  arm->events.lead_time_median_s = NAN;
  arm->events.lead_time_mean_s = NAN;
  arm->events.span_days = NAN;
  return arm;
}

/**
 * fl_stored_arm_free:
 * @arm: (nullable) (transfer full): an arm
 *
 * Frees @arm.
 */
void
fl_stored_arm_free (FlStoredArm *arm)
{
  if (arm == NULL)
    return;
  g_free (arm->name);
  g_free (arm->model);
  g_free (arm->treatment);
  g_strfreev (arm->warnings);
  g_clear_pointer (&arm->metrics_object, json_object_unref);
  g_free (arm->curves_json);
  g_free (arm);
}

/**
 * fl_stored_run_free:
 * @run: (nullable) (transfer full): a run
 *
 * Frees @run and its arms.
 */
void
fl_stored_run_free (FlStoredRun *run)
{
  if (run == NULL)
    return;
  g_free (run->kind);
  g_free (run->status);
  g_free (run->config_json);
  g_free (run->manifest_json);
  g_free (run->summary_json);
  g_free (run->series_key);
  g_free (run->label_description);
  g_strfreev (run->warnings);
  g_clear_pointer (&run->arms, g_ptr_array_unref);
  g_free (run);
}

static gboolean
db_error (sqlite3     *db,
          FlProject   *project,
          const char  *what,
          GError     **error)
{
  g_set_error (error, FL_ERROR, FL_ERROR_PROJECT, "%s: %s failed: %s",
               fl_project_get_path (project), what, sqlite3_errmsg (db));
  return FALSE;
}

static char *
column_dup (sqlite3_stmt *st,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (st, col));
}

/**
 * fl_project_load_run:
 * @project: a #FlProject
 * @run_id: id of a stored run (see fl_project_list_runs())
 * @error: return location for a #GError
 *
 * Reads one stored run back: its config, manifest and summary JSON as
 * stored, the run-level facts of the summary (series, label, folds, test
 * rows, warnings) and one #FlStoredArm per row of `run_arms` (metrics,
 * intervals and event metrics parsed from `metrics_json`, curves kept as
 * JSON text). Runs stored before per-arm rows existed get their arms from
 * the summary's `arms` array, without curves. Parsing all arms of a
 * 14-arm run takes a few milliseconds; this may run in a worker thread on
 * the worker's own #FlProject.
 *
 * Returns: (transfer full): the run, or %NULL with %FL_ERROR_NOT_FOUND (no
 *   such run), %FL_ERROR_PROJECT (SQLite) or %FL_ERROR_PARSE (stored JSON is
 *   malformed)
 */
FlStoredRun *
fl_project_load_run (FlProject  *project,
                     gint64      run_id,
                     GError    **error)
{
  g_autoptr(FlStoredRun) run = NULL;
  g_autoptr(JsonNode) summary = NULL;
  JsonObject *so = NULL;
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = fl_project_get_db (project);
  if (sqlite3_prepare_v2 (db, "SELECT id, created_at, kind, status, config_json, manifest_json,"
                              " summary_json FROM runs WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    {
      db_error (db, project, "reading the run", error);
      return NULL;
    }
  sqlite3_bind_int64 (st, 1, run_id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (st);
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "%s has no run %" G_GINT64_FORMAT,
                   fl_project_get_path (project), run_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      db_error (db, project, "reading the run", error);
      sqlite3_finalize (st);
      return NULL;
    }

  run = g_new0 (FlStoredRun, 1);
  run->id = sqlite3_column_int64 (st, 0);
  run->created_at = sqlite3_column_int64 (st, 1);
  run->kind = column_dup (st, 2);
  run->status = column_dup (st, 3);
  run->config_json = column_dup (st, 4);
  run->manifest_json = column_dup (st, 5);
  run->summary_json = column_dup (st, 6);
  run->threshold = NAN;
  run->arms = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_stored_arm_free);
  sqlite3_finalize (st);
  st = NULL;

  if (run->summary_json != NULL && run->summary_json[0] != '\0')
    {
      g_autofree char *what = g_strdup_printf ("summary of run %" G_GINT64_FORMAT, run_id);

      summary = parse_json (run->summary_json, what, error);
      if (summary == NULL)
        return NULL;
      if (JSON_NODE_HOLDS_OBJECT (summary))
        so = json_node_get_object (summary);
    }
  if (so != NULL)
    {
      run->series_key = dup_string (so, "series");
      run->label_description = dup_string (so, "label");
      run->threshold = get_double (so, "threshold");
      run->n_folds = (guint) get_uint (so, "folds");
      run->test_rows = get_uint (so, "test_rows");
      run->test_positives = get_uint (so, "test_positives");
      run->test_events = get_uint (so, "test_events");
      run->warnings = get_strv (so, "warnings");
    }
  else
    run->warnings = g_new0 (char *, 1);

  if (sqlite3_prepare_v2 (db, "SELECT arm, name, metrics_json, curves_json FROM run_arms"
                              " WHERE run_id = ? ORDER BY arm", -1, &st, NULL) != SQLITE_OK)
    {
      db_error (db, project, "reading the run's arms", error);
      return NULL;
    }
  sqlite3_bind_int64 (st, 1, run_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(FlStoredArm) arm = stored_arm_new ((guint) sqlite3_column_int64 (st, 0));
      const char *metrics = (const char *) sqlite3_column_text (st, 2);

      arm->name = column_dup (st, 1);
      arm->curves_json = column_dup (st, 3);
      if (metrics != NULL)
        {
          g_autofree char *what = g_strdup_printf ("metrics of arm %u of run %" G_GINT64_FORMAT,
                                                   arm->index, run_id);
          g_autoptr(JsonNode) node = parse_json (metrics, what, error);

          if (node == NULL)
            {
              sqlite3_finalize (st);
              return NULL;
            }
          if (JSON_NODE_HOLDS_OBJECT (node))
            arm_from_object (arm, json_node_get_object (node));
        }
      if (arm->warnings == NULL)
        arm->warnings = g_new0 (char *, 1);
      g_ptr_array_add (run->arms, g_steal_pointer (&arm));
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      db_error (db, project, "reading the run's arms", error);
      return NULL;
    }

  /* Older runs: the arms only live in the summary. */
  if (run->arms->len == 0 && so != NULL)
    {
      JsonArray *arms = get_array (so, "arms");

      for (guint i = 0; arms != NULL && i < json_array_get_length (arms); i++)
        {
          JsonNode *node = json_array_get_element (arms, i);
          FlStoredArm *arm;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          arm = stored_arm_new (i);
          arm_from_object (arm, json_node_get_object (node));
          g_ptr_array_add (run->arms, arm);
        }
    }

  return g_steal_pointer (&run);
}

/**
 * fl_stored_predictions_free:
 * @predictions: (nullable) (transfer full): predictions
 *
 * Frees @predictions.
 */
void
fl_stored_predictions_free (FlStoredPredictions *predictions)
{
  if (predictions == NULL)
    return;
  g_free (predictions->series_id);
  g_free (predictions->ts_s);
  g_free (predictions->y_true);
  g_free (predictions->score);
  g_free (predictions->fold);
  g_free (predictions);
}

static gint64
count_rows (sqlite3    *db,
            const char *sql,
            gint64      run_id,
            gboolean   *ok)
{
  sqlite3_stmt *st = NULL;
  gint64 n = -1;

  *ok = FALSE;
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (st, 1, run_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      n = sqlite3_column_int64 (st, 0);
      *ok = TRUE;
    }
  sqlite3_finalize (st);
  return n;
}

/**
 * fl_project_load_predictions:
 * @project: a #FlProject
 * @run_id: id of a stored run
 * @arm: arm index (`FlStoredArm.index`; 0 for runs with a single model)
 * @error: return location for a #GError
 *
 * Reads the per-row test predictions of one arm of a run, in stored order
 * (fold by fold, time order within a fold). All arms of a run are scored on
 * the same rows, so the `ts_s` and `y_true` arrays agree across arms. A run
 * of 7,455 test rows loads in about 5 ms; call it from a worker for large
 * runs.
 *
 * Returns: (transfer full): the predictions (possibly with @n = 0 when the
 *   arm was stored without any), or %NULL with %FL_ERROR_NOT_FOUND (no such
 *   run or arm) or %FL_ERROR_PROJECT (SQLite)
 */
FlStoredPredictions *
fl_project_load_predictions (FlProject  *project,
                             gint64      run_id,
                             guint       arm,
                             GError    **error)
{
  g_autoptr(FlStoredPredictions) p = NULL;
  g_autoptr(GArray) series = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr(GArray) score = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) fold = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  gboolean ok;
  gint64 n_runs, n_arms;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = fl_project_get_db (project);
  n_runs = count_rows (db, "SELECT COUNT(*) FROM runs WHERE id = ?", run_id, &ok);
  if (!ok)
    {
      db_error (db, project, "reading predictions", error);
      return NULL;
    }
  if (n_runs == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "%s has no run %" G_GINT64_FORMAT,
                   fl_project_get_path (project), run_id);
      return NULL;
    }
  n_arms = count_rows (db, "SELECT COUNT(*) FROM run_arms WHERE run_id = ?", run_id, &ok);
  if (!ok)
    {
      db_error (db, project, "reading predictions", error);
      return NULL;
    }
  if ((gint64) arm >= MAX (n_arms, 1))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " has no arm %u (it has %" G_GINT64_FORMAT ")",
                   run_id, arm, MAX (n_arms, 1));
      return NULL;
    }

  if (sqlite3_prepare_v2 (db, "SELECT series_id, ts_s, y_true, score, fold FROM predictions"
                              " WHERE run_id = ? AND arm = ? ORDER BY rowid", -1, &st,
                          NULL) != SQLITE_OK)
    {
      db_error (db, project, "reading predictions", error);
      return NULL;
    }
  sqlite3_bind_int64 (st, 1, run_id);
  sqlite3_bind_int64 (st, 2, arm);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 sid = sqlite3_column_int64 (st, 0);
      double t = sqlite3_column_double (st, 1);
      guint8 yt = sqlite3_column_int (st, 2) != 0;
      float s = (float) sqlite3_column_double (st, 3);
      guint f = (guint) sqlite3_column_int (st, 4);

      g_array_append_val (series, sid);
      g_array_append_val (ts, t);
      g_array_append_val (y, yt);
      g_array_append_val (score, s);
      g_array_append_val (fold, f);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      db_error (db, project, "reading predictions", error);
      return NULL;
    }

  p = g_new0 (FlStoredPredictions, 1);
  p->n = ts->len;
  p->series_id = (gint64 *) (void *) g_array_free (g_steal_pointer (&series), FALSE);
  p->ts_s = (double *) (void *) g_array_free (g_steal_pointer (&ts), FALSE);
  p->y_true = (guint8 *) (void *) g_array_free (g_steal_pointer (&y), FALSE);
  p->score = (float *) (void *) g_array_free (g_steal_pointer (&score), FALSE);
  p->fold = (guint *) (void *) g_array_free (g_steal_pointer (&fold), FALSE);
  return g_steal_pointer (&p);
}

/* ---- curves ------------------------------------------------------------- */

/**
 * fl_arm_curves_free:
 * @curves: (nullable) (transfer full): curves
 *
 * Frees @curves.
 */
void
fl_arm_curves_free (FlArmCurves *curves)
{
  if (curves == NULL)
    return;
  g_clear_pointer (&curves->pr, fl_curve_free);
  g_clear_pointer (&curves->roc, fl_curve_free);
  g_clear_pointer (&curves->calibration, fl_curve_free);
  g_clear_pointer (&curves->sweep, fl_threshold_sweep_free);
  g_free (curves);
}

/* Reads the array @name of @o into a new array of @n doubles (NaN for
 * null); FALSE when it is missing or of another length. */
static gboolean
read_doubles (JsonObject  *o,
              const char  *name,
              gsize        n,
              double     **out)
{
  JsonArray *a = get_array (o, name);

  *out = NULL;
  if (a == NULL || json_array_get_length (a) != n)
    return FALSE;
  *out = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    (*out)[i] = element_double (a, (guint) i);
  return TRUE;
}

static gboolean
read_uints (JsonObject  *o,
            const char  *name,
            gsize        n,
            guint64    **out)
{
  JsonArray *a = get_array (o, name);

  *out = NULL;
  if (a == NULL || json_array_get_length (a) != n)
    return FALSE;
  *out = g_new (guint64, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      double v = element_double (a, (guint) i);

      (*out)[i] = isfinite (v) && v > 0 ? (guint64) llround (v) : 0;
    }
  return TRUE;
}

static FlCurve *
read_curve (JsonObject   *o,
            FlCurveKind   kind,
            const char   *x,
            const char   *y,
            const char   *threshold,
            GError      **error)
{
  g_autoptr(FlCurve) curve = g_new0 (FlCurve, 1);
  JsonArray *xa = get_array (o, x);
  gsize n = xa != NULL ? json_array_get_length (xa) : 0;

  curve->kind = kind;
  curve->n_points = n;
  if (!read_doubles (o, x, n, &curve->x) || !read_doubles (o, y, n, &curve->y) ||
      !read_doubles (o, threshold, n, &curve->threshold) ||
      (kind == FL_CURVE_CALIBRATION && !read_uints (o, "count", n, &curve->count)))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE,
                   "Stored %s curve: the arrays %s, %s and %s are missing or differ in length",
                   kind == FL_CURVE_PR ? "precision–recall"
                   : kind == FL_CURVE_ROC ? "ROC" : "calibration",
                   x, y, threshold);
      return NULL;
    }
  return g_steal_pointer (&curve);
}

/**
 * fl_arm_curves_from_json:
 * @json: an arm's `curves_json` (objects `pr`, `roc`, `calibration` as
 *   written by fl_curve_to_json() and `threshold_sweep` as written by
 *   fl_threshold_sweep_to_json())
 * @error: return location for a #GError
 *
 * Parses stored curves back into #FlCurve and #FlThresholdSweep arrays
 * (`null` entries become NaN). A curve missing from @json stays %NULL. Pure;
 * may run in a worker thread.
 *
 * Returns: (transfer full): the curves, or %NULL with %FL_ERROR_PARSE
 */
FlArmCurves *
fl_arm_curves_from_json (const char  *json,
                         GError     **error)
{
  g_autoptr(FlArmCurves) curves = g_new0 (FlArmCurves, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *part;

  g_return_val_if_fail (json != NULL, NULL);

  root = parse_json (json, "Stored curves", error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_PARSE, "Stored curves: not a JSON object");
      return NULL;
    }
  o = json_node_get_object (root);

  if ((part = get_object (o, "pr")) != NULL &&
      (curves->pr = read_curve (part, FL_CURVE_PR, "recall", "precision", "threshold",
                                error)) == NULL)
    return NULL;
  if ((part = get_object (o, "roc")) != NULL &&
      (curves->roc = read_curve (part, FL_CURVE_ROC, "fpr", "tpr", "threshold", error)) == NULL)
    return NULL;
  if ((part = get_object (o, "calibration")) != NULL &&
      (curves->calibration = read_curve (part, FL_CURVE_CALIBRATION, "mean_predicted",
                                         "fraction_positive", "bin_lower", error)) == NULL)
    return NULL;
  if ((part = get_object (o, "threshold_sweep")) != NULL)
    {
      g_autoptr(FlThresholdSweep) s = g_new0 (FlThresholdSweep, 1);
      JsonArray *t = get_array (part, "threshold");
      gsize n = t != NULL ? json_array_get_length (t) : 0;

      s->n_points = n;
      if (!read_doubles (part, "threshold", n, &s->threshold) ||
          !read_doubles (part, "precision", n, &s->precision) ||
          !read_doubles (part, "recall", n, &s->recall) ||
          !read_doubles (part, "f1", n, &s->f1) ||
          !read_uints (part, "tp", n, &s->tp) ||
          !read_uints (part, "fp", n, &s->fp))
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_PARSE,
                               "Stored threshold sweep: arrays are missing or differ in length");
          return NULL;
        }
      if (!read_doubles (part, "false_alarms_per_day", n, &s->false_alarms_per_day))
        {
          s->false_alarms_per_day = g_new (double, MAX (n, 1));
          for (gsize i = 0; i < n; i++)
            s->false_alarms_per_day[i] = NAN;
        }
      curves->sweep = g_steal_pointer (&s);
    }

  return g_steal_pointer (&curves);
}

/* ---- per-series, noise and importance -------------------------------------- */

/**
 * fl_stored_arm_get_per_series:
 * @arm: a stored arm
 *
 * Reads the arm's `per_series` array (one entry per series of the test
 * rows, in stored order). Entries that are not objects are skipped.
 *
 * Returns: (transfer full) (element-type FlStoredSeriesMetrics): the
 *   entries, empty when the arm has none
 */
GArray *
fl_stored_arm_get_per_series (const FlStoredArm *arm)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (FlStoredSeriesMetrics));
  JsonArray *a;

  g_return_val_if_fail (arm != NULL, out);

  a = get_array (arm->metrics_object, "per_series");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      JsonObject *o;
      FlStoredSeriesMetrics sm;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      sm.series_id = (gint64) llround (get_double (o, "series_id"));
      sm.rows = get_uint (o, "rows");
      sm.positives = get_uint (o, "positives");
      sm.precision = get_double (o, "precision");
      sm.recall = get_double (o, "recall");
      sm.f1 = get_double (o, "f1");
      sm.average_precision = get_double (o, "average_precision");
      g_array_append_val (out, sm);
    }
  return out;
}

/**
 * fl_stored_arm_get_macro:
 * @arm: a stored arm
 * @macro: (out caller-allocates): the macro averages (unweighted means
 *   over series), NaN where absent
 *
 * Reads the arm's `macro` object, stored when the test rows span several
 * series.
 *
 * Returns: %TRUE when the arm has macro averages
 */
gboolean
fl_stored_arm_get_macro (const FlStoredArm *arm,
                         FlStoredMacro     *macro)
{
  JsonObject *o;

  g_return_val_if_fail (arm != NULL, FALSE);
  g_return_val_if_fail (macro != NULL, FALSE);

  o = get_object (arm->metrics_object, "macro");
  macro->precision = get_double (o, "precision");
  macro->recall = get_double (o, "recall");
  macro->f1 = get_double (o, "f1");
  macro->average_precision = get_double (o, "average_precision");
  macro->mcc = get_double (o, "mcc");
  macro->roc_auc = get_double (o, "roc_auc");
  return o != NULL;
}

/**
 * fl_stored_arm_get_noise:
 * @arm: a stored arm
 *
 * Reads the arm's `noise` array: per noise level the mean over seeds and
 * the 95 % t-interval of precision, recall, F1 and average precision (NaN
 * where absent), sorted by level.
 *
 * Returns: (transfer full) (element-type FlStoredNoisePoint): the levels,
 *   empty when the run had no noise sweep
 */
GArray *
fl_stored_arm_get_noise (const FlStoredArm *arm)
{
  static const char *names[FL_N_NOISE_METRICS] = {
    "precision", "recall", "f1", "average_precision",
  };
  GArray *out = g_array_new (FALSE, TRUE, sizeof (FlStoredNoisePoint));
  JsonArray *a;

  g_return_val_if_fail (arm != NULL, out);

  a = get_array (arm->metrics_object, "noise");
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      FlStoredNoisePoint pt;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      pt.level = get_double (o, "level");
      if (!isfinite (pt.level))
        continue;
      pt.n_seeds = (guint) get_uint (o, "seeds");
      for (guint m = 0; m < FL_N_NOISE_METRICS; m++)
        {
          JsonObject *s = get_object (o, names[m]);

          pt.mean[m] = get_double (s, "mean");
          pt.lower[m] = get_double (s, "lower");
          pt.upper[m] = get_double (s, "upper");
        }
      g_array_append_val (out, pt);
    }
  for (guint i = 1; i < out->len; i++)
    for (guint j = i; j > 0 &&
         g_array_index (out, FlStoredNoisePoint, j - 1).level >
         g_array_index (out, FlStoredNoisePoint, j).level; j--)
      {
        FlStoredNoisePoint t = g_array_index (out, FlStoredNoisePoint, j);

        g_array_index (out, FlStoredNoisePoint, j) = g_array_index (out, FlStoredNoisePoint, j - 1);
        g_array_index (out, FlStoredNoisePoint, j - 1) = t;
      }
  return out;
}

static void
importance_clear (gpointer data)
{
  FlStoredImportance *imp = data;

  g_free (imp->feature);
}

static int
importance_cmp (gconstpointer a,
                gconstpointer b)
{
  const FlStoredImportance *x = a, *y = b;

  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return g_strcmp0 (x->feature, y->feature);
}

/**
 * fl_stored_arm_get_importance:
 * @arm: a stored arm
 * @kind: `gain` or `cover` (XGBoost's importance types, see
 *   `XGBoosterFeatureScore`)
 *
 * Reads the arm's `importance_<kind>` map, largest first (ties by name).
 * Features with a non-finite value are skipped.
 *
 * Returns: (transfer full) (element-type FlStoredImportance): the features,
 *   empty when the arm has no such map; the array frees the names
 */
GArray *
fl_stored_arm_get_importance (const FlStoredArm *arm,
                              const char        *kind)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (FlStoredImportance));
  g_autofree char *member = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *o;

  g_array_set_clear_func (out, importance_clear);
  g_return_val_if_fail (arm != NULL, out);
  g_return_val_if_fail (kind != NULL, out);

  member = g_strconcat ("importance_", kind, NULL);
  o = get_object (arm->metrics_object, member);
  if (o == NULL)
    return out;
  names = json_object_get_members (o);
  for (GList *l = names; l != NULL; l = l->next)
    {
      FlStoredImportance imp;

      imp.value = get_double (o, l->data);
      if (!isfinite (imp.value))
        continue;
      imp.feature = g_strdup (l->data);
      g_array_append_val (out, imp);
    }
  g_array_sort (out, importance_cmp);
  return out;
}
