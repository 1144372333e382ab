/* fl-experiment.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-experiment"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "fl-error.h"
#include "fl-experiment.h"
#include "fl-project-private.h"
#include "fl-smote.h"

#define EXPERIMENT_KIND "smote-xgboost"
/* Below this many test positives a result is flagged (methodology.md §7.3, 7). */
#define MIN_TEST_EVENTS 20

/**
 * fl_experiment_config_init_default:
 * @config: (out caller-allocates): the config to fill
 *
 * The defaults: honest pipeline (60 s buckets, 60-bucket baseline, k 2.5,
 * horizon 5 buckets), the most active series, chronological split with the
 * last 20 % for test, SMOTE with k = 5, XGBoost 200 rounds / eta 0.1 /
 * depth 5 / 2 threads, seed 42, threshold 0.5.
 */
void
fl_experiment_config_init_default (FlExperimentConfig *config)
{
  memset (config, 0, sizeof *config);
  fl_pipeline_params_init_default (&config->pipeline);
  config->series_key = NULL;
  config->split = FL_SPLIT_CHRONOLOGICAL;
  config->test_fraction = 0.2;
  config->seed = 42;
  config->smote = TRUE;
  config->smote_k = 5;
  fl_xgb_params_init_default (&config->xgb);
  config->threshold = 0.5;
}

/**
 * fl_experiment_config_clear:
 * @config: a config
 *
 * Frees the strings a config owns (not the struct itself).
 */
void
fl_experiment_config_clear (FlExperimentConfig *config)
{
  g_clear_pointer (&config->series_key, g_free);
}

/**
 * fl_experiment_config_to_json:
 * @config: a config
 *
 * Returns: (transfer full): the config as pretty-printed JSON, the format
 *   fl_experiment_config_from_json() reads
 */
char *
fl_experiment_config_to_json (const FlExperimentConfig *config)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, EXPERIMENT_KIND);
  json_builder_set_member_name (b, "series");
  if (config->series_key != NULL)
    json_builder_add_string_value (b, config->series_key);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "pipeline");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, fl_pipeline_mode_to_string (config->pipeline.mode));
  json_builder_set_member_name (b, "bucket_s");
  json_builder_add_int_value (b, config->pipeline.bucket_s);
  json_builder_set_member_name (b, "window_buckets");
  json_builder_add_int_value (b, config->pipeline.window_buckets);
  json_builder_set_member_name (b, "k_sigma");
  json_builder_add_double_value (b, config->pipeline.k_sigma);
  json_builder_set_member_name (b, "horizon_buckets");
  json_builder_add_int_value (b, config->pipeline.horizon_buckets);
  json_builder_set_member_name (b, "change_lag_buckets");
  json_builder_add_int_value (b, config->pipeline.change_lag_buckets);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "split");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, fl_split_kind_to_string (config->split));
  json_builder_set_member_name (b, "test_fraction");
  json_builder_add_double_value (b, config->test_fraction);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64)config->seed);

  json_builder_set_member_name (b, "smote");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, config->smote);
  json_builder_set_member_name (b, "k_neighbors");
  json_builder_add_int_value (b, config->smote_k);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "xgboost");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_rounds");
  json_builder_add_int_value (b, config->xgb.n_rounds);
  json_builder_set_member_name (b, "eta");
  json_builder_add_double_value (b, config->xgb.eta);
  json_builder_set_member_name (b, "max_depth");
  json_builder_add_int_value (b, config->xgb.max_depth);
  json_builder_set_member_name (b, "nthread");
  json_builder_add_int_value (b, config->xgb.nthread);
  json_builder_set_member_name (b, "scale_pos_weight");
  json_builder_add_double_value (b, config->xgb.scale_pos_weight);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "threshold");
  json_builder_add_double_value (b, config->threshold);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static gboolean
read_number (JsonObject  *obj,
             const char  *member,
             const char  *path,
             double       min,
             double       max,
             gboolean     integer,
             double      *out,
             GError     **error)
{
  JsonNode *node;
  double v;

  if (obj == NULL || !json_object_has_member (obj, member))
    return TRUE;
  node = json_object_get_member (obj, member);
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “%s%s” must be a number", path, member);
      return FALSE;
    }
  v = json_node_get_double (node);
  if (!(v >= min && v <= max) || (integer && v != floor (v)))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “%s%s” = %g is out of range (%s %g … %g)",
                   path, member, v, integer ? "an integer in" : "", min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static JsonObject *
read_object (JsonObject  *obj,
             const char  *member,
             gboolean    *ok,
             GError     **error)
{
  JsonNode *node;

  if (!json_object_has_member (obj, member))
    return NULL;
  node = json_object_get_member (obj, member);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “%s” must be an object", member);
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_string (JsonObject  *obj,
             const char  *member,
             const char  *path,
             const char **out,
             GError     **error)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, member))
    return TRUE;
  node = json_object_get_member (obj, member);
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “%s%s” must be a string", path, member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/**
 * fl_experiment_config_from_json:
 * @config: a config holding the values to keep for members the JSON leaves out
 *   (usually the defaults)
 * @json: the JSON text (see fl_experiment_config_to_json())
 * @error: return location for a #GError
 *
 * Reads an experiment config. Members that are absent keep their value in
 * @config; unknown members are ignored.
 *
 * Returns: %TRUE on success; %FL_ERROR_INVALID for malformed JSON, wrong
 *   types or out-of-range values (the message names the member). @config is
 *   unchanged on failure.
 */
gboolean
fl_experiment_config_from_json (FlExperimentConfig  *config,
                                const char          *json,
                                GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  FlExperimentConfig c = *config;
  JsonObject *root, *o;
  const char *s = NULL;
  gboolean ok = TRUE;
  double v;

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config is not valid JSON: %s", local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Experiment config must be a JSON object");
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  s = c.series_key;
  if (!read_string (root, "series", "", &s, error))
    return FALSE;
  c.series_key = g_strdup (s);

#define NUM(obj, name, path, lo, hi, integer, field, type) \
  G_STMT_START { \
    v = (double)(field); \
    if (!read_number (obj, name, path, lo, hi, integer, &v, error)) \
      goto fail; \
    field = (type)v; \
  } G_STMT_END

  o = read_object (root, "pipeline", &ok, error);
  if (!ok)
    goto fail;
  if (o != NULL)
    {
      s = NULL;
      if (!read_string (o, "mode", "pipeline.", &s, error))
        goto fail;
      if (s != NULL && !fl_pipeline_mode_from_string (s, &c.pipeline.mode))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: pipeline.mode “%s” is not “honest” or “seed-compat”", s);
          goto fail;
        }
      NUM (o, "bucket_s", "pipeline.", 1, 86400, TRUE, c.pipeline.bucket_s, guint);
      NUM (o, "window_buckets", "pipeline.", 2, 100000, TRUE, c.pipeline.window_buckets, guint);
      NUM (o, "k_sigma", "pipeline.", 0.01, 100, FALSE, c.pipeline.k_sigma, double);
      NUM (o, "horizon_buckets", "pipeline.", 1, 100000, TRUE, c.pipeline.horizon_buckets, guint);
      NUM (o, "change_lag_buckets", "pipeline.", 1, 100000, TRUE,
           c.pipeline.change_lag_buckets, guint);
    }
  o = read_object (root, "split", &ok, error);
  if (!ok)
    goto fail;
  if (o != NULL)
    {
      s = NULL;
      if (!read_string (o, "kind", "split.", &s, error))
        goto fail;
      if (s != NULL && !fl_split_kind_from_string (s, &c.split))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: split.kind “%s” is not “chronological” or "
                       "“random-stratified”", s);
          goto fail;
        }
      NUM (o, "test_fraction", "split.", 0.01, 0.99, FALSE, c.test_fraction, double);
    }
  NUM (root, "seed", "", 0, 4294967295.0, TRUE, c.seed, guint64);
  o = read_object (root, "smote", &ok, error);
  if (!ok)
    goto fail;
  if (o != NULL)
    {
      if (json_object_has_member (o, "enabled"))
        {
          JsonNode *node = json_object_get_member (o, "enabled");

          if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
              json_node_get_value_type (node) != G_TYPE_BOOLEAN)
            {
              g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                           "Experiment config: “smote.enabled” must be true or false");
              goto fail;
            }
          c.smote = json_node_get_boolean (node);
        }
      NUM (o, "k_neighbors", "smote.", 1, 100, TRUE, c.smote_k, guint);
    }
  o = read_object (root, "xgboost", &ok, error);
  if (!ok)
    goto fail;
  if (o != NULL)
    {
      NUM (o, "n_rounds", "xgboost.", 1, 100000, TRUE, c.xgb.n_rounds, guint);
      NUM (o, "eta", "xgboost.", 1e-6, 1, FALSE, c.xgb.eta, double);
      NUM (o, "max_depth", "xgboost.", 1, 32, TRUE, c.xgb.max_depth, guint);
      NUM (o, "nthread", "xgboost.", 1, 256, TRUE, c.xgb.nthread, guint);
      NUM (o, "scale_pos_weight", "xgboost.", 1e-6, 1e6, FALSE, c.xgb.scale_pos_weight, double);
    }
  NUM (root, "threshold", "", 0, 1, FALSE, c.threshold, double);

#undef NUM

  g_free (config->series_key);
  *config = c;
  return TRUE;

fail:
  g_free (c.series_key);
  return FALSE;
}

/* ---- running ---------------------------------------------------------- */

typedef struct
{
  FlProgressFunc func;
  gpointer       data;
  double         lo;
  double         hi;
} Stage;

static void
stage_progress_cb (double      fraction,
                   const char *message,
                   gpointer    user_data)
{
  Stage *s = user_data;

  if (s->func != NULL)
    s->func (s->lo + (s->hi - s->lo) * CLAMP (fraction, 0, 1), message, s->data);
}

static void
report (FlProgressFunc  func,
        gpointer        data,
        double          fraction,
        const char     *message)
{
  if (func != NULL)
    func (fraction, message, data);
}

static FlSeriesInfo *
pick_series (FlProject                *project,
             const FlExperimentConfig *config,
             GError                  **error)
{
  g_autoptr(GPtrArray) all = NULL;
  FlSeriesInfo *best = NULL;
  guint best_i = 0;

  if (config->series_key != NULL)
    return fl_project_find_series (project, config->series_key, error);

  all = fl_project_list_series (project, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      FlSeriesInfo *s = g_ptr_array_index (all, i);

      if (best == NULL || s->n_samples - s->n_lost > best->n_samples - best->n_lost)
        {
          best = s;
          best_i = i;
        }
    }
  if (best == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                   "The project has no measurements yet; import a source first");
      return NULL;
    }
  return g_ptr_array_steal_index (all, best_i);
}

/* Rows of the test block whose feature vector occurs exactly in the
 * training block (the forward-fill leak of methodology.md §0). */
static gsize
count_test_twins (const FlFeatureTable *t,
                  const guint8         *is_test)
{
  g_autoptr(GHashTable) train = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify)g_bytes_unref, NULL);
  gsize row_bytes = t->n_features * sizeof (double);
  gsize twins = 0;

  for (gsize i = 0; i < t->n_rows; i++)
    if (!is_test[i])
      g_hash_table_add (train, g_bytes_new (&t->X[i * t->n_features], row_bytes));
  for (gsize i = 0; i < t->n_rows; i++)
    if (is_test[i])
      {
        g_autoptr(GBytes) key = g_bytes_new_static (&t->X[i * t->n_features], row_bytes);

        twins += g_hash_table_contains (train, key);
      }
  return twins;
}

static char *
data_hash (const FlSeriesData *d)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *)d->ts_s, d->n * sizeof (double));
  g_checksum_update (sum, (const guchar *)d->rtt_ms, d->n * sizeof (double));
  return g_strdup (g_checksum_get_string (sum));
}

static char *
manifest_json (const FlExperimentConfig *config,
               const FlSeriesInfo       *series,
               const char               *hash,
               const FlExperimentResult *r,
               guint                     smote_k_used)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *glib_version = g_strdup_printf ("%u.%u.%u", glib_major_version,
                                                   glib_minor_version, glib_micro_version);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "faultline");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "libraries");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "xgboost");
  json_builder_add_string_value (b, fl_xgb_version_string ());
  json_builder_set_member_name (b, "sqlite");
  json_builder_add_string_value (b, sqlite3_libversion ());
  json_builder_set_member_name (b, "glib");
  json_builder_add_string_value (b, glib_version);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "seeds");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "split");
  json_builder_add_int_value (b, (gint64)config->seed);
  json_builder_set_member_name (b, "smote");
  json_builder_add_int_value (b, (gint64)config->seed);
  json_builder_set_member_name (b, "xgboost");
  json_builder_add_int_value (b, (gint64)config->xgb.seed);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "smote_k_used");
  json_builder_add_int_value (b, smote_k_used);
  json_builder_set_member_name (b, "series");
  json_builder_add_string_value (b, series->key);
  json_builder_set_member_name (b, "data_sha256");
  json_builder_add_string_value (b, hash);
  json_builder_set_member_name (b, "split_bounds");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, fl_split_kind_to_string (config->split));
  json_builder_set_member_name (b, "train_end_s");
  json_builder_add_double_value (b, r->split_train_end_s);
  json_builder_set_member_name (b, "test_start_s");
  json_builder_add_double_value (b, r->split_test_start_s);
  json_builder_set_member_name (b, "train_rows");
  json_builder_add_int_value (b, r->train_rows);
  json_builder_set_member_name (b, "test_rows");
  json_builder_add_int_value (b, r->test_rows);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/**
 * fl_experiment_run:
 * @project: the project holding the measurements; the run is stored in it
 * @config: the experiment
 * @progress: (nullable) (scope call): progress callback (called on this thread)
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable, checked between stages and
 *   between boosting rounds
 * @error: return location for a #GError
 *
 * Runs one SMOTE + XGBoost experiment on one series: bucket features and
 * labels (fl_features_compute()), a holdout split in time order or the
 * original random stratified split, SMOTE on the training rows only, an
 * XGBoost model, predictions on the test rows, the confusion matrix at
 * @config->threshold, precision, recall, F1 and average precision. The run
 * (config, manifest with library versions, seeds and split bounds), the
 * model (UBJSON), the metrics and per-row test predictions are stored in
 * @project. Call it from a worker thread in a GUI.
 *
 * When the training minority has no more rows than SMOTE's k, k is lowered
 * to minority − 1 with a warning; with fewer than two minority rows SMOTE is
 * skipped with a warning.
 *
 * Returns: (transfer full): the result, or %NULL with @error set:
 *   %FL_ERROR_NOT_FOUND (unknown series), %FL_ERROR_INSUFFICIENT_DATA (too few
 *   rows or a single class), %FL_ERROR_INVALID, %FL_ERROR_MODEL,
 *   %FL_ERROR_PROJECT, or %G_IO_ERROR_CANCELLED
 */
FlExperimentResult *
fl_experiment_run (FlProject                 *project,
                   const FlExperimentConfig  *config,
                   FlProgressFunc             progress,
                   gpointer                   progress_data,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(FlExperimentResult) r = NULL;
  g_autoptr(FlSeriesInfo) series = NULL;
  g_autoptr(FlSeriesData) data = NULL;
  g_autoptr(FlFeatureTable) table = NULL;
  g_autoptr(FlXgbModel) model = NULL;
  g_autoptr(GBytes) model_bytes = NULL;
  g_autofree guint8 *is_test = NULL;
  g_autofree double *X_train = NULL;
  g_autofree guint8 *y_train = NULL;
  g_autofree double *X_test = NULL;
  g_autofree double *X_fit = NULL;
  g_autofree guint8 *y_fit = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *config_json = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *names_json = NULL;
  gsize n_fit, d = FL_N_FEATURES, n_train = 0, n_test = 0, n_pos_train = 0, n_neg_train;
  gsize twins;
  guint smote_k_used = 0;
  Stage stage = { progress, progress_data, 0, 0 };
  FlRunRecord rec = { 0 };

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  r = g_new0 (FlExperimentResult, 1);
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  r->threshold = config->threshold;

  report (progress, progress_data, 0.0, "Loading measurements");
  series = pick_series (project, config, error);
  if (series == NULL)
    return NULL;
  r->series_key = g_strdup (series->key);
  data = fl_project_load_series (project, series->id, error);
  if (data == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  report (progress, progress_data, 0.05, "Computing bucket features and labels");
  table = fl_features_compute (data->ts_s, data->rtt_ms, data->n, &config->pipeline, error);
  if (table == NULL)
    return NULL;
  r->feature_rows = table->n_rows;
  for (gsize i = 0; i < table->n_rows; i++)
    r->imputed_rows += table->imputed[i];
  if (table->n_rows < 10)
    {
      if (config->pipeline.mode == FL_PIPELINE_SEED_COMPAT)
        g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                     "%s gives only %" G_GSIZE_FORMAT " feature rows with %u s buckets: the "
                     "seed pipeline's dropna() removed %" G_GSIZE_FORMAT " rows with a missing "
                     "value (jitter is undefined in buckets with fewer than two replies). "
                     "Use larger buckets or the honest pipeline",
                     series->label, table->n_rows, config->pipeline.bucket_s,
                     table->n_warmup_dropped);
      else
        g_set_error (error, FL_ERROR, FL_ERROR_INSUFFICIENT_DATA,
                     "%s gives only %" G_GSIZE_FORMAT " feature rows with %u s buckets after "
                     "dropping %" G_GSIZE_FORMAT " warm-up rows (a %u-bucket baseline); an "
                     "experiment needs more data",
                     series->label, table->n_rows, config->pipeline.bucket_s,
                     table->n_warmup_dropped, config->pipeline.window_buckets);
      return NULL;
    }

  is_test = g_new0 (guint8, table->n_rows);
  if (!fl_split_holdout (config->split, table->target, table->n_rows, config->test_fraction,
                         config->seed, is_test, error))
    return NULL;

  X_train = g_new (double, table->n_rows * d);
  y_train = g_new (guint8, table->n_rows);
  X_test = g_new (double, table->n_rows * d);
  r->test_ts_s = g_new (double, table->n_rows);
  r->test_y = g_new (guint8, table->n_rows);
  r->split_train_end_s = -INFINITY;
  r->split_test_start_s = INFINITY;
  for (gsize i = 0; i < table->n_rows; i++)
    {
      const double *row = &table->X[i * d];

      if (is_test[i])
        {
          memcpy (&X_test[n_test * d], row, d * sizeof (double));
          r->test_ts_s[n_test] = table->bucket_start_s[i];
          r->test_y[n_test] = table->target[i];
          r->test_positives += table->target[i];
          r->split_test_start_s = MIN (r->split_test_start_s, table->bucket_start_s[i]);
          n_test++;
        }
      else
        {
          memcpy (&X_train[n_train * d], row, d * sizeof (double));
          y_train[n_train] = table->target[i];
          n_pos_train += table->target[i];
          r->split_train_end_s = MAX (r->split_train_end_s, table->bucket_start_s[i]);
          n_train++;
        }
    }
  r->train_rows = n_train;
  r->train_positives = n_pos_train;
  r->test_rows = n_test;
  n_neg_train = n_train - n_pos_train;

  if (config->split == FL_SPLIT_RANDOM_STRATIFIED)
    g_ptr_array_add (r->warnings,
                     g_strdup ("Random split on a time series: neighbouring, nearly identical "
                               "buckets land in both training and test, so these scores "
                               "overstate what the model can predict."));
  if (r->imputed_rows > 0)
    g_ptr_array_add (r->warnings,
                     g_strdup_printf ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " rows (%.0f %%) "
                                      "are forward-filled copies of earlier buckets.",
                                      r->imputed_rows, table->n_rows,
                                      100.0 * r->imputed_rows / table->n_rows));
  twins = count_test_twins (table, is_test);
  if (twins > 0)
    g_ptr_array_add (r->warnings,
                     g_strdup_printf ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " test rows have "
                                      "an identical feature vector in the training rows.",
                                      twins, n_test));
  if (r->test_positives < MIN_TEST_EVENTS)
    g_ptr_array_add (r->warnings,
                     g_strdup_printf ("Insufficient events: only %" G_GSIZE_FORMAT " positive test "
                                      "rows (fewer than %d); treat precision and recall as "
                                      "anecdotal.", r->test_positives, MIN_TEST_EVENTS));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* SMOTE on the training rows only. */
  if (config->smote)
    {
      gsize minority = MIN (n_pos_train, n_neg_train);
      FlSmoteParams sp;

      report (progress, progress_data, 0.1, "Resampling the training rows with SMOTE");
      fl_smote_params_init_default (&sp);
      sp.seed = config->seed;
      sp.k_neighbors = config->smote_k;
      if (minority < 2)
        {
          g_ptr_array_add (r->warnings,
                           g_strdup_printf ("SMOTE skipped: the training rows hold only %"
                                            G_GSIZE_FORMAT " minority rows.", minority));
          sp.k_neighbors = 0;
        }
      else if (minority <= sp.k_neighbors)
        {
          g_ptr_array_add (r->warnings,
                           g_strdup_printf ("SMOTE k lowered from %u to %" G_GSIZE_FORMAT
                                            ": the training rows hold only %" G_GSIZE_FORMAT
                                            " minority rows.", sp.k_neighbors, minority - 1,
                                            minority));
          sp.k_neighbors = (guint)(minority - 1);
        }
      if (sp.k_neighbors > 0)
        {
          if (!fl_smote_resample (X_train, y_train, n_train, d, &sp, &X_fit, &y_fit, &n_fit,
                                  NULL, NULL, error))
            return NULL;
          smote_k_used = sp.k_neighbors;
          r->synthetic_rows = n_fit - n_train;
        }
    }
  if (X_fit == NULL)
    {
      X_fit = g_steal_pointer (&X_train);
      y_fit = g_steal_pointer (&y_train);
      n_fit = n_train;
    }

  stage.lo = 0.15;
  stage.hi = 0.9;
  model = fl_xgb_model_train (X_fit, y_fit, n_fit, d, fl_feature_names, &config->xgb,
                              stage_progress_cb, &stage, cancellable, error);
  if (model == NULL)
    return NULL;

  report (progress, progress_data, 0.9, "Predicting the test rows");
  r->test_score = fl_xgb_model_predict (model, X_test, n_test, d, error);
  if (r->test_score == NULL)
    return NULL;

  fl_confusion_matrix_compute (r->test_y, r->test_score, n_test, config->threshold, &r->cm);
  r->precision = fl_precision (&r->cm);
  r->recall = fl_recall (&r->cm);
  r->f1 = fl_f1 (&r->cm);
  r->average_precision = fl_average_precision (r->test_y, r->test_score, n_test);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  report (progress, progress_data, 0.95, "Saving the run");
  model_bytes = fl_xgb_model_to_bytes (model, error);
  if (model_bytes == NULL)
    return NULL;
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_array (b);
    for (guint f = 0; f < FL_N_FEATURES; f++)
      json_builder_add_string_value (b, fl_feature_names[f]);
    json_builder_end_array (b);
    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    names_json = json_generator_to_data (gen, NULL);
  }

  hash = data_hash (data);
  config_json = fl_experiment_config_to_json (config);
  manifest = manifest_json (config, series, hash, r, smote_k_used);
  summary = fl_experiment_result_to_json (r);

  rec.kind = EXPERIMENT_KIND;
  rec.config_json = config_json;
  rec.manifest_json = manifest;
  rec.summary_json = summary;
  rec.metrics_json = summary;
  rec.model = model_bytes;
  rec.model_library = "xgboost";
  rec.feature_names_json = names_json;
  rec.threshold = config->threshold;
  rec.cm = r->cm;
  rec.series_id = series->id;
  rec.n_predictions = n_test;
  rec.pred_ts_s = r->test_ts_s;
  rec.pred_y = r->test_y;
  rec.pred_score = r->test_score;
  r->run_id = _fl_project_store_run (project, &rec, error);
  if (r->run_id < 0)
    return NULL;

  report (progress, progress_data, 1.0, "Done");
  return g_steal_pointer (&r);
}

static void
add_metric (JsonBuilder *b,
            const char  *name,
            double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

/**
 * fl_experiment_result_to_json:
 * @result: a result
 *
 * The CLI contract: one JSON object with `run_id`, `series`,
 * `confusion_matrix` {`tn`, `fp`, `fn`, `tp`}, `threshold`, `precision`,
 * `recall`, `f1`, `average_precision` (null when the test block has no
 * positives), `feature_rows`, `train_rows`, `train_positives`,
 * `synthetic_rows`, `test_rows`, `test_positives`, `imputed_rows`,
 * `split` {`train_end_s`, `test_start_s`} and `warnings`.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
fl_experiment_result_to_json (const FlExperimentResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "run_id");
  json_builder_add_int_value (b, result->run_id);
  json_builder_set_member_name (b, "series");
  json_builder_add_string_value (b, result->series_key);
  json_builder_set_member_name (b, "confusion_matrix");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tn");
  json_builder_add_int_value (b, (gint64)result->cm.tn);
  json_builder_set_member_name (b, "fp");
  json_builder_add_int_value (b, (gint64)result->cm.fp);
  json_builder_set_member_name (b, "fn");
  json_builder_add_int_value (b, (gint64)result->cm.fn);
  json_builder_set_member_name (b, "tp");
  json_builder_add_int_value (b, (gint64)result->cm.tp);
  json_builder_end_object (b);
  add_metric (b, "threshold", result->threshold);
  add_metric (b, "precision", result->precision);
  add_metric (b, "recall", result->recall);
  add_metric (b, "f1", result->f1);
  add_metric (b, "average_precision", result->average_precision);
  json_builder_set_member_name (b, "feature_rows");
  json_builder_add_int_value (b, result->feature_rows);
  json_builder_set_member_name (b, "train_rows");
  json_builder_add_int_value (b, result->train_rows);
  json_builder_set_member_name (b, "train_positives");
  json_builder_add_int_value (b, result->train_positives);
  json_builder_set_member_name (b, "synthetic_rows");
  json_builder_add_int_value (b, result->synthetic_rows);
  json_builder_set_member_name (b, "test_rows");
  json_builder_add_int_value (b, result->test_rows);
  json_builder_set_member_name (b, "test_positives");
  json_builder_add_int_value (b, result->test_positives);
  json_builder_set_member_name (b, "imputed_rows");
  json_builder_add_int_value (b, result->imputed_rows);
  json_builder_set_member_name (b, "split");
  json_builder_begin_object (b);
  add_metric (b, "train_end_s", result->split_train_end_s);
  add_metric (b, "test_start_s", result->split_test_start_s);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; result->warnings != NULL && i < result->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (result->warnings, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/**
 * fl_experiment_result_free:
 * @result: (nullable) (transfer full): a result
 *
 * Frees @result.
 */
void
fl_experiment_result_free (FlExperimentResult *result)
{
  if (result == NULL)
    return;
  g_free (result->series_key);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result->test_ts_s);
  g_free (result->test_y);
  g_free (result->test_score);
  g_free (result);
}
