/* fl-experiment-config.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-experiment"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-experiment.h"

#define EXPERIMENT_KIND "comparison"

static const char * const evaluation_names[] = {
  [FL_EVALUATION_POOLED] = "pooled",
  [FL_EVALUATION_PER_SERIES_SPLIT] = "per-series-split",
  [FL_EVALUATION_LEAVE_SERIES_OUT] = "leave-series-out",
  [FL_EVALUATION_TRAIN_TEST] = "train-test",
  [FL_EVALUATION_PER_SERIES_MODELS] = "per-series-models",
};

/**
 * fl_evaluation_to_string:
 * @evaluation: a #FlEvaluation
 *
 * Returns: (transfer none): `"pooled"`, `"per-series-split"`,
 *   `"leave-series-out"`, `"train-test"` or `"per-series-models"`
 */
const char *
fl_evaluation_to_string (FlEvaluation evaluation)
{
  return evaluation <= FL_EVALUATION_PER_SERIES_MODELS ? evaluation_names[evaluation] : "pooled";
}

/**
 * fl_evaluation_from_string:
 * @name: a name as fl_evaluation_to_string() gives
 * @out: (out): the evaluation
 *
 * Returns: %TRUE when @name is known
 */
gboolean
fl_evaluation_from_string (const char   *name,
                           FlEvaluation *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (evaluation_names); i++)
    if (g_strcmp0 (name, evaluation_names[i]) == 0)
      {
        *out = (FlEvaluation)i;
        return TRUE;
      }
  return FALSE;
}

static void
selection_clear (FlSeriesSelection *s)
{
  g_clear_pointer (&s->keys, g_strfreev);
  g_clear_pointer (&s->prefix, g_free);
  g_clear_pointer (&s->sources, g_strfreev);
  g_clear_pointer (&s->tag_file, g_free);
  g_clear_pointer (&s->tag_column, g_free);
  g_clear_pointer (&s->tag_values, g_strfreev);
}

static void
selection_copy (FlSeriesSelection       *dest,
                const FlSeriesSelection *src)
{
  dest->keys = g_strdupv (src->keys);
  dest->prefix = g_strdup (src->prefix);
  dest->sources = g_strdupv (src->sources);
  dest->tag_file = g_strdup (src->tag_file);
  dest->tag_column = g_strdup (src->tag_column);
  dest->tag_values = g_strdupv (src->tag_values);
}

/**
 * fl_experiment_config_init_default:
 * @config: (out caller-allocates): the config to fill
 *
 * The defaults: the NetProphet feature set and label in the honest
 * pipeline (60 s buckets, 60-bucket baseline, k 2.5, horizon 5 buckets), the
 * most active series, chronological split with the last 20 % for test,
 * SMOTE with k = 5, XGBoost 200 rounds / eta 0.1 / depth 5 / 2 threads,
 * seed 42, threshold 0.5, 1000 bootstrap resamples. The recipe, label and
 * cross-validation members hold their own defaults for when they are
 * switched on.
 */
void
fl_experiment_config_init_default (FlExperimentConfig *config)
{
  memset (config, 0, sizeof *config);
  fl_pipeline_params_init_default (&config->pipeline);
  config->split = FL_SPLIT_CHRONOLOGICAL;
  config->test_fraction = 0.2;
  config->seed = 42;
  config->smote = TRUE;
  config->smote_k = 5;
  fl_xgb_params_init_default (&config->xgb);
  config->threshold = 0.5;
  fl_recipe_spec_init_default (&config->recipes);
  fl_label_spec_init_default (&config->label);
  fl_cv_params_init_default (&config->cv);
  config->bootstrap_resamples = 1000;
  config->evaluation = FL_EVALUATION_POOLED;
  config->operating.rule = FL_THRESHOLD_MAX_F1;
  config->operating.beta = 1.0;
  config->operating.cost_fp = 1.0;
  config->operating.cost_fn = 1.0;
  config->operating.max_false_alarms_per_day = 1.0;
  config->noise.n_seeds = 10;
  fl_tuning_params_init_default (&config->tuning, FL_MODEL_XGBOOST);
  fl_label_spec_init_default (&config->rule_baseline);
}

/**
 * fl_experiment_config_clear:
 * @config: a config
 *
 * Frees what a config owns (not the struct itself).
 */
void
fl_experiment_config_clear (FlExperimentConfig *config)
{
  g_clear_pointer (&config->series_key, g_free);
  g_clear_pointer (&config->series_keys, g_strfreev);
  fl_recipe_spec_clear (&config->recipes);
  fl_label_spec_clear (&config->label);
  g_clear_pointer (&config->treatments, g_array_unref);
  g_clear_pointer (&config->models, g_array_unref);
  selection_clear (&config->select);
  selection_clear (&config->test_select);
  g_clear_pointer (&config->compare_to, g_free);
  g_clear_pointer (&config->noise.levels, g_array_unref);
  fl_label_spec_clear (&config->rule_baseline);
}

static void
config_copy (FlExperimentConfig       *dest,
             const FlExperimentConfig *src)
{
  *dest = *src;
  dest->series_key = g_strdup (src->series_key);
  dest->series_keys = g_strdupv (src->series_keys);
  dest->recipes.columns = g_strdupv (src->recipes.columns);
  dest->recipes.extra_levels = g_strdupv (src->recipes.extra_levels);
  fl_label_spec_copy (&dest->label, &src->label);
  dest->treatments = src->treatments ? g_array_copy (src->treatments) : NULL;
  dest->models = src->models ? g_array_copy (src->models) : NULL;
  selection_copy (&dest->select, &src->select);
  dest->compare_to = g_strdup (src->compare_to);
  dest->noise.levels = src->noise.levels ? g_array_copy (src->noise.levels) : NULL;
  selection_copy (&dest->test_select, &src->test_select);
  fl_label_spec_copy (&dest->rule_baseline, &src->rule_baseline);
}

/* ---- writing ---------------------------------------------------------- */

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, v);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *v)
{
  json_builder_set_member_name (b, name);
  if (v != NULL)
    json_builder_add_string_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_strv (JsonBuilder        *b,
          const char         *name,
          const char * const *v)
{
  json_builder_set_member_name (b, name);
  if (v == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; v[i] != NULL; i++)
    json_builder_add_string_value (b, v[i]);
  json_builder_end_array (b);
}

static void
add_label (JsonBuilder       *b,
           const FlLabelSpec *l)
{
  json_builder_begin_object (b);
  add_string (b, "kind", fl_label_kind_to_string (l->kind));
  add_string (b, "column", l->column);
  add_double (b, "k_sigma", l->k_sigma);
  add_int (b, "window_rows", l->window_rows);
  add_string (b, "expression", l->expression);
  add_double (b, "loss_pct", l->loss_pct);
  add_int (b, "tolerance_rows", l->tolerance_rows);
  add_int (b, "horizon", l->horizon);
  add_string (b, "target", l->target == FL_TARGET_AT ? "at" : "within");
  add_string (b, "persistence_column", l->persistence_column);
  json_builder_end_object (b);
}

static void
add_selection (JsonBuilder             *b,
               const char              *name,
               const FlSeriesSelection *s)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_strv (b, "keys", (const char * const *)s->keys);
  add_string (b, "prefix", s->prefix);
  add_strv (b, "sources", (const char * const *)s->sources);
  add_string (b, "tag_file", s->tag_file);
  add_string (b, "tag_column", s->tag_column);
  add_strv (b, "tag_values", (const char * const *)s->tag_values);
  json_builder_end_object (b);
}

/**
 * fl_experiment_config_to_json:
 * @config: a config
 *
 * Returns: (transfer full): the config as pretty-printed JSON, the format
 *   fl_experiment_config_from_json() reads (documented there)
 */
char *
fl_experiment_config_to_json (const FlExperimentConfig *config)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_string (b, "kind", EXPERIMENT_KIND);
  add_string (b, "series", config->series_key);
  add_strv (b, "series_list", (const char * const *)config->series_keys);
  add_selection (b, "select", &config->select);
  add_selection (b, "test_select", &config->test_select);
  add_string (b, "evaluation", fl_evaluation_to_string (config->evaluation));
  add_string (b, "compare_to", config->compare_to);
  if (config->noise.enabled)
    {
      json_builder_set_member_name (b, "noise");
      json_builder_begin_object (b);
      add_string (b, "jitter", fl_jitter_kind_to_string (config->noise.jitter));
      add_string (b, "flip", fl_flip_kind_to_string (config->noise.flip));
      json_builder_set_member_name (b, "levels");
      json_builder_begin_array (b);
      for (guint i = 0; config->noise.levels != NULL && i < config->noise.levels->len; i++)
        json_builder_add_double_value (b, g_array_index (config->noise.levels, double, i));
      json_builder_end_array (b);
      add_int (b, "seeds", config->noise.n_seeds);
      add_string (b, "apply_to", config->noise.test_too ? "train-test" : "train");
      json_builder_end_object (b);
    }
  if (config->use_tuning)
    {
      const FlTuningParams *t = &config->tuning;

      json_builder_set_member_name (b, "tuning");
      json_builder_begin_object (b);
      add_string (b, "search", t->search == FL_TUNING_RANDOM ? "random" : "grid");
      add_string (b, "metric", t->metric == FL_TUNING_F1 ? "f1" : "average_precision");
      add_int (b, "inner_folds", t->inner.n_folds);
      json_builder_set_member_name (b, "grid");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n_rounds");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->grid.n_n_rounds; i++)
        json_builder_add_int_value (b, t->grid.n_rounds[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "eta");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->grid.n_eta; i++)
        json_builder_add_double_value (b, t->grid.eta[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "max_depth");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->grid.n_max_depth; i++)
        json_builder_add_int_value (b, t->grid.max_depth[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "scale_pos_weight");
      json_builder_begin_array (b);
      for (guint i = 0; i < t->grid.n_scale_pos_weight; i++)
        json_builder_add_double_value (b, t->grid.scale_pos_weight[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "random");
      json_builder_begin_object (b);
      add_int (b, "n_draws", t->random.n_draws);
      add_int (b, "n_rounds_min", t->random.n_rounds_min);
      add_int (b, "n_rounds_max", t->random.n_rounds_max);
      add_double (b, "eta_min", t->random.eta_min);
      add_double (b, "eta_max", t->random.eta_max);
      add_int (b, "max_depth_min", t->random.max_depth_min);
      add_int (b, "max_depth_max", t->random.max_depth_max);
      add_double (b, "scale_pos_weight_min", t->random.scale_pos_weight_min);
      add_double (b, "scale_pos_weight_max", t->random.scale_pos_weight_max);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  if (config->use_operating_threshold)
    {
      json_builder_set_member_name (b, "operating_threshold");
      json_builder_begin_object (b);
      add_string (b, "rule", fl_threshold_rule_to_string (config->operating.rule));
      add_double (b, "beta", config->operating.beta);
      add_double (b, "cost_fp", config->operating.cost_fp);
      add_double (b, "cost_fn", config->operating.cost_fn);
      add_double (b, "max_false_alarms_per_day", config->operating.max_false_alarms_per_day);
      json_builder_end_object (b);
    }
  if (config->use_rule_baseline)
    {
      json_builder_set_member_name (b, "rule_baseline");
      add_label (b, &config->rule_baseline);
    }

  json_builder_set_member_name (b, "pipeline");
  json_builder_begin_object (b);
  add_string (b, "mode", fl_pipeline_mode_to_string (config->pipeline.mode));
  add_int (b, "bucket_s", config->pipeline.bucket_s);
  add_int (b, "window_buckets", config->pipeline.window_buckets);
  add_double (b, "k_sigma", config->pipeline.k_sigma);
  add_int (b, "horizon_buckets", config->pipeline.horizon_buckets);
  add_int (b, "change_lag_buckets", config->pipeline.change_lag_buckets);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "features");
  json_builder_begin_object (b);
  add_string (b, "set", config->use_recipes ? "recipes" : "netprophet");
  json_builder_set_member_name (b, "recipes");
  json_builder_begin_array (b);
  for (guint i = 0; i < 7; i++)
    if (config->recipes.recipes & (1u << i))
      json_builder_add_string_value (b, fl_recipe_to_string ((FlRecipe)(1u << i)));
  json_builder_end_array (b);
  add_strv (b, "columns", (const char * const *)config->recipes.columns);
  add_strv (b, "extra_levels", (const char * const *)config->recipes.extra_levels);
  add_int (b, "window_rows", config->recipes.window_rows);
  add_int (b, "lag_rows", config->recipes.lag_rows);
  add_int (b, "short_rows", config->recipes.short_rows);
  json_builder_set_member_name (b, "drop_incomplete_rows");
  json_builder_add_boolean_value (b, config->drop_incomplete_rows);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "label");
  add_label (b, &config->label);

  json_builder_set_member_name (b, "split");
  json_builder_begin_object (b);
  if (config->use_cv)
    {
      add_string (b, "kind", fl_cv_kind_to_string (config->cv.kind));
      add_double (b, "test_fraction", config->cv.test_fraction);
      add_int (b, "folds", config->cv.n_folds);
      add_double (b, "purge_s", config->cv.purge_s);
      add_double (b, "validation_fraction", config->cv.validation_fraction);
    }
  else
    {
      add_string (b, "kind", fl_split_kind_to_string (config->split));
      add_double (b, "test_fraction", config->test_fraction);
    }
  json_builder_end_object (b);

  add_int (b, "seed", (gint64)config->seed);

  json_builder_set_member_name (b, "smote");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, config->smote);
  add_int (b, "k_neighbors", config->smote_k);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "xgboost");
  json_builder_begin_object (b);
  add_int (b, "n_rounds", config->xgb.n_rounds);
  add_double (b, "eta", config->xgb.eta);
  add_int (b, "max_depth", config->xgb.max_depth);
  add_int (b, "nthread", config->xgb.nthread);
  add_double (b, "scale_pos_weight", config->xgb.scale_pos_weight);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "treatments");
  json_builder_begin_array (b);
  for (guint i = 0; config->treatments != NULL && i < config->treatments->len; i++)
    {
      const FlSamplerParams *t = &g_array_index (config->treatments, FlSamplerParams, i);

      json_builder_begin_object (b);
      add_string (b, "kind", fl_sampler_kind_to_string (t->kind));
      add_int (b, "k_neighbors", t->k_neighbors);
      add_int (b, "m_neighbors", t->m_neighbors);
      add_double (b, "sampling_ratio", t->sampling_ratio);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "models");
  json_builder_begin_array (b);
  for (guint i = 0; config->models != NULL && i < config->models->len; i++)
    {
      const FlModelParams *m = &g_array_index (config->models, FlModelParams, i);

      json_builder_begin_object (b);
      add_string (b, "kind", fl_model_kind_to_string (m->kind));
      add_int (b, "n_rounds", m->n_rounds);
      add_double (b, "eta", m->eta);
      add_int (b, "max_depth", m->max_depth);
      add_int (b, "early_stopping_rounds", m->early_stopping_rounds);
      add_double (b, "scale_pos_weight", m->scale_pos_weight);
      add_int (b, "n_trees", m->n_trees);
      add_double (b, "subsample", m->subsample);
      add_double (b, "colsample", m->colsample);
      add_double (b, "C", m->C);
      add_int (b, "nthread", m->nthread);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_double (b, "threshold", config->threshold);
  add_int (b, "bootstrap_resamples", config->bootstrap_resamples);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* ---- reading ---------------------------------------------------------- */

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

static gboolean
read_object (JsonObject  *obj,
             const char  *member,
             JsonObject **out,
             GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (obj == NULL || !json_object_has_member (obj, member))
    return TRUE;
  node = json_object_get_member (obj, member);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “%s” must be an object", member);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
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

static gboolean
read_owned_string (JsonObject  *obj,
                   const char  *member,
                   const char  *path,
                   char       **field,
                   GError     **error)
{
  const char *s = *field;

  if (!read_string (obj, member, path, &s, error))
    return FALSE;
  if (s != *field)
    {
      char *copy = g_strdup (s);

      g_free (*field);
      *field = copy;
    }
  return TRUE;
}

static gboolean
read_bool (JsonObject  *obj,
           const char  *member,
           const char  *path,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, member))
    return TRUE;
  node = json_object_get_member (obj, member);
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “%s%s” must be true or false", path, member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_strv (JsonObject  *obj,
           const char  *member,
           const char  *path,
           GStrv       *field,
           GError     **error)
{
  JsonNode *node;
  JsonArray *arr;
  g_autoptr(GStrvBuilder) sb = NULL;

  if (obj == NULL || !json_object_has_member (obj, member))
    return TRUE;
  node = json_object_get_member (obj, member);
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (field, g_strfreev);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  arr = json_node_get_array (node);
  sb = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);

      if (JSON_NODE_TYPE (el) != JSON_NODE_VALUE || json_node_get_value_type (el) != G_TYPE_STRING)
        goto bad;
      g_strv_builder_add (sb, json_node_get_string (el));
    }
  g_strfreev (*field);
  *field = g_strv_builder_end (sb);
  return TRUE;

bad:
  g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
               "Experiment config: “%s%s” must be a list of strings", path, member);
  return FALSE;
}

#define NUM(obj, name, path, lo, hi, integer, field, type) \
  G_STMT_START { \
    double v_ = (double)(field); \
    if (!read_number (obj, name, path, lo, hi, integer, &v_, error)) \
      return FALSE; \
    field = (type)v_; \
  } G_STMT_END

static gboolean
read_treatments (JsonObject          *root,
                 FlExperimentConfig  *c,
                 GError             **error)
{
  JsonNode *node;
  JsonArray *arr;

  if (!json_object_has_member (root, "treatments"))
    return TRUE;
  node = json_object_get_member (root, "treatments");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: “treatments” must be a list");
      return FALSE;
    }
  arr = json_node_get_array (node);
  g_clear_pointer (&c->treatments, g_array_unref);
  c->treatments = g_array_new (FALSE, FALSE, sizeof (FlSamplerParams));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      JsonObject *o;
      FlSamplerParams t;
      const char *kind = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: treatments[%u] must be an object", i);
          return FALSE;
        }
      o = json_node_get_object (el);
      fl_sampler_params_init_default (&t);
      t.seed = c->seed;
      t.adapt_k = TRUE;
      if (!read_string (o, "kind", "treatments[].", &kind, error))
        return FALSE;
      if (kind == NULL || !fl_sampler_kind_from_string (kind, &t.kind))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: treatments[%u].kind “%s” is unknown (none, smote, "
                       "borderline-smote-1, borderline-smote-2, adasyn, random-over, "
                       "random-under, class-weight)", i, kind ? kind : "");
          return FALSE;
        }
      NUM (o, "k_neighbors", "treatments[].", 1, 100, TRUE, t.k_neighbors, guint);
      NUM (o, "m_neighbors", "treatments[].", 1, 100, TRUE, t.m_neighbors, guint);
      NUM (o, "sampling_ratio", "treatments[].", 0.01, 1, FALSE, t.sampling_ratio, double);
      g_array_append_val (c->treatments, t);
    }
  return TRUE;
}

static gboolean
read_models (JsonObject          *root,
             FlExperimentConfig  *c,
             GError             **error)
{
  JsonNode *node;
  JsonArray *arr;

  if (!json_object_has_member (root, "models"))
    return TRUE;
  node = json_object_get_member (root, "models");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Experiment config: “models” must be a list");
      return FALSE;
    }
  arr = json_node_get_array (node);
  g_clear_pointer (&c->models, g_array_unref);
  c->models = g_array_new (FALSE, FALSE, sizeof (FlModelParams));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      JsonObject *o;
      FlModelParams m;
      FlModelKind kind;
      const char *name = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: models[%u] must be an object", i);
          return FALSE;
        }
      o = json_node_get_object (el);
      if (!read_string (o, "kind", "models[].", &name, error))
        return FALSE;
      if (name == NULL || !fl_model_kind_from_string (name, &kind))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: models[%u].kind “%s” is unknown (xgboost, "
                       "logistic-regression, random-forest, isolation-forest, persistence, rule, "
                       "always-alarm, never-alarm)", i, name ? name : "");
          return FALSE;
        }
      fl_model_params_init_default (&m, kind);
      m.seed = c->seed;
      NUM (o, "n_rounds", "models[].", 1, 100000, TRUE, m.n_rounds, guint);
      NUM (o, "eta", "models[].", 1e-6, 1, FALSE, m.eta, double);
      NUM (o, "max_depth", "models[].", 1, 32, TRUE, m.max_depth, guint);
      NUM (o, "early_stopping_rounds", "models[].", 0, 100000, TRUE, m.early_stopping_rounds,
           guint);
      NUM (o, "scale_pos_weight", "models[].", 1e-6, 1e6, FALSE, m.scale_pos_weight, double);
      NUM (o, "n_trees", "models[].", 1, 100000, TRUE, m.n_trees, guint);
      NUM (o, "subsample", "models[].", 0, 1e9, FALSE, m.subsample, double);
      NUM (o, "colsample", "models[].", 0, 1, FALSE, m.colsample, double);
      NUM (o, "C", "models[].", 1e-9, 1e9, FALSE, m.C, double);
      NUM (o, "nthread", "models[].", 1, 256, TRUE, m.nthread, guint);
      g_array_append_val (c->models, m);
    }
  return TRUE;
}

static gboolean
parse_label (JsonObject   *o,
             const char   *path,
             FlLabelSpec  *l,
             GError      **error)
{
  const char *s = NULL;

  if (o == NULL)
    return TRUE;
  if (!read_string (o, "kind", path, &s, error))
    return FALSE;
  if (s != NULL && !fl_label_kind_from_string (s, &l->kind))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: %skind “%s” is unknown (zscore, rule, loss, "
                   "changepoint, column)", path, s);
      return FALSE;
    }
  if (!read_owned_string (o, "column", path, &l->column, error) ||
      !read_owned_string (o, "expression", path, &l->expression, error) ||
      !read_owned_string (o, "persistence_column", path, &l->persistence_column, error))
    return FALSE;
  NUM (o, "k_sigma", path, 0.01, 100, FALSE, l->k_sigma, double);
  NUM (o, "window_rows", path, 2, 100000, TRUE, l->window_rows, guint);
  NUM (o, "loss_pct", path, 0, 100, FALSE, l->loss_pct, double);
  NUM (o, "tolerance_rows", path, 0, 100000, TRUE, l->tolerance_rows, guint);
  NUM (o, "horizon", path, 0, 100000, TRUE, l->horizon, guint);
  s = NULL;
  if (!read_string (o, "target", path, &s, error))
    return FALSE;
  if (s != NULL && !g_str_equal (s, "within") && !g_str_equal (s, "at"))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: %starget “%s” is not “within” or “at”", path, s);
      return FALSE;
    }
  if (s != NULL)
    l->target = g_str_equal (s, "at") ? FL_TARGET_AT : FL_TARGET_WITHIN;
  return TRUE;
}

static gboolean
parse_selection (JsonObject         *o,
                 const char         *path,
                 FlSeriesSelection  *sel,
                 GError            **error)
{
  if (o == NULL)
    return TRUE;
  return read_strv (o, "keys", path, &sel->keys, error) &&
         read_owned_string (o, "prefix", path, &sel->prefix, error) &&
         read_strv (o, "sources", path, &sel->sources, error) &&
         read_owned_string (o, "tag_file", path, &sel->tag_file, error) &&
         read_owned_string (o, "tag_column", path, &sel->tag_column, error) &&
         read_strv (o, "tag_values", path, &sel->tag_values, error);
}

/* A list of up to FL_TUNING_MAX_VALUES numbers into @values. */
static gboolean
read_number_list (JsonObject  *o,
                  const char  *member,
                  double       lo,
                  double       hi,
                  gboolean     integer,
                  double      *values,
                  guint       *n,
                  GError     **error)
{
  JsonNode *node;
  JsonArray *arr;

  if (o == NULL || !json_object_has_member (o, member))
    return TRUE;
  node = json_object_get_member (o, member);
  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length ((arr = json_node_get_array (node))) == 0 ||
      json_array_get_length (arr) > FL_TUNING_MAX_VALUES)
    goto bad;
  *n = 0;
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      double v;

      if (JSON_NODE_TYPE (el) != JSON_NODE_VALUE ||
          (json_node_get_value_type (el) != G_TYPE_DOUBLE &&
           json_node_get_value_type (el) != G_TYPE_INT64))
        goto bad;
      v = json_node_get_double (el);
      if (!(v >= lo && v <= hi) || (integer && v != floor (v)))
        goto bad;
      values[(*n)++] = v;
    }
  return TRUE;

bad:
  g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
               "Experiment config: tuning.grid.%s must be a list of 1 to %d %s in [%g, %g]",
               member, FL_TUNING_MAX_VALUES, integer ? "integers" : "numbers", lo, hi);
  return FALSE;
}

static gboolean
parse_tuning (JsonObject          *o,
              FlExperimentConfig  *c,
              GError             **error)
{
  FlTuningParams *t = &c->tuning;
  JsonObject *g = NULL, *r = NULL;
  const char *s = NULL;
  double v[FL_TUNING_MAX_VALUES];
  guint n = 0;

  if (o == NULL)
    return TRUE;
  c->use_tuning = TRUE;
  if (!read_string (o, "search", "tuning.", &s, error))
    return FALSE;
  if (s != NULL && !g_str_equal (s, "grid") && !g_str_equal (s, "random"))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: tuning.search “%s” is not “grid” or “random”", s);
      return FALSE;
    }
  if (s != NULL)
    t->search = g_str_equal (s, "random") ? FL_TUNING_RANDOM : FL_TUNING_GRID;
  s = NULL;
  if (!read_string (o, "metric", "tuning.", &s, error))
    return FALSE;
  if (s != NULL && !g_str_equal (s, "average_precision") && !g_str_equal (s, "f1"))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: tuning.metric “%s” is not “average_precision” or “f1”", s);
      return FALSE;
    }
  if (s != NULL)
    t->metric = g_str_equal (s, "f1") ? FL_TUNING_F1 : FL_TUNING_AVERAGE_PRECISION;
  NUM (o, "inner_folds", "tuning.", 2, 20, TRUE, t->inner.n_folds, guint);
  if (!read_object (o, "grid", &g, error) || !read_object (o, "random", &r, error))
    return FALSE;
  if (g != NULL)
    {
      n = 0;
      if (!read_number_list (g, "n_rounds", 1, 100000, TRUE, v, &n, error))
        return FALSE;
      if (n > 0)
        {
          t->grid.n_n_rounds = n;
          for (guint i = 0; i < n; i++)
            t->grid.n_rounds[i] = (guint)v[i];
        }
      n = 0;
      if (!read_number_list (g, "max_depth", 1, 32, TRUE, v, &n, error))
        return FALSE;
      if (n > 0)
        {
          t->grid.n_max_depth = n;
          for (guint i = 0; i < n; i++)
            t->grid.max_depth[i] = (guint)v[i];
        }
      n = 0;
      if (!read_number_list (g, "eta", 1e-6, 1, FALSE, t->grid.eta, &n, error))
        return FALSE;
      if (n > 0)
        t->grid.n_eta = n;
      n = 0;
      if (!read_number_list (g, "scale_pos_weight", 1e-6, 1e6, FALSE, t->grid.scale_pos_weight,
                             &n, error))
        return FALSE;
      if (n > 0)
        t->grid.n_scale_pos_weight = n;
    }
  if (r != NULL)
    {
      NUM (r, "n_draws", "tuning.random.", 1, 10000, TRUE, t->random.n_draws, guint);
      NUM (r, "n_rounds_min", "tuning.random.", 1, 100000, TRUE, t->random.n_rounds_min, guint);
      NUM (r, "n_rounds_max", "tuning.random.", 1, 100000, TRUE, t->random.n_rounds_max, guint);
      NUM (r, "eta_min", "tuning.random.", 1e-6, 1, FALSE, t->random.eta_min, double);
      NUM (r, "eta_max", "tuning.random.", 1e-6, 1, FALSE, t->random.eta_max, double);
      NUM (r, "max_depth_min", "tuning.random.", 1, 32, TRUE, t->random.max_depth_min, guint);
      NUM (r, "max_depth_max", "tuning.random.", 1, 32, TRUE, t->random.max_depth_max, guint);
      NUM (r, "scale_pos_weight_min", "tuning.random.", 1e-6, 1e6, FALSE,
           t->random.scale_pos_weight_min, double);
      NUM (r, "scale_pos_weight_max", "tuning.random.", 1e-6, 1e6, FALSE,
           t->random.scale_pos_weight_max, double);
    }
  return TRUE;
}

static gboolean
parse_noise (JsonObject    *o,
             FlNoiseSweep  *n,
             GError       **error)
{
  const char *s = NULL;
  JsonNode *node;

  if (o == NULL)
    return TRUE;
  n->enabled = TRUE;
  if (!read_string (o, "jitter", "noise.", &s, error))
    return FALSE;
  if (s != NULL && !fl_jitter_kind_from_string (s, &n->jitter))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: noise.jitter “%s” is unknown", s);
      return FALSE;
    }
  s = NULL;
  if (!read_string (o, "flip", "noise.", &s, error))
    return FALSE;
  if (s != NULL && !fl_flip_kind_from_string (s, &n->flip))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: noise.flip “%s” is unknown", s);
      return FALSE;
    }
  if (n->jitter == FL_JITTER_NONE && n->flip == FL_FLIP_NONE)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: noise needs a jitter or a flip kind");
      return FALSE;
    }
  NUM (o, "seeds", "noise.", 2, 1000, TRUE, n->n_seeds, guint);
  s = NULL;
  if (!read_string (o, "apply_to", "noise.", &s, error))
    return FALSE;
  if (s != NULL && !g_str_equal (s, "train") && !g_str_equal (s, "train-test"))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: noise.apply_to “%s” is not “train” or “train-test”", s);
      return FALSE;
    }
  if (s != NULL)
    n->test_too = g_str_equal (s, "train-test");
  node = json_object_get_member (o, "levels");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: noise.levels must be a non-empty list of numbers");
      return FALSE;
    }
  g_clear_pointer (&n->levels, g_array_unref);
  n->levels = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *el = json_array_get_element (json_node_get_array (node), i);
      double v;

      if (JSON_NODE_TYPE (el) != JSON_NODE_VALUE ||
          (json_node_get_value_type (el) != G_TYPE_DOUBLE &&
           json_node_get_value_type (el) != G_TYPE_INT64) ||
          !((v = json_node_get_double (el)) >= 0) || v > 10)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: noise.levels[%u] must be a number in [0, 10]", i);
          return FALSE;
        }
      g_array_append_val (n->levels, v);
    }
  return TRUE;
}

static gboolean
parse_into (FlExperimentConfig  *c,
            JsonObject          *root,
            GError             **error)
{
  JsonObject *o;
  const char *s;

  if (!read_owned_string (root, "series", "", &c->series_key, error) ||
      !read_strv (root, "series_list", "", &c->series_keys, error))
    return FALSE;

  if (!read_object (root, "pipeline", &o, error))
    return FALSE;
  s = NULL;
  if (!read_string (o, "mode", "pipeline.", &s, error))
    return FALSE;
  if (s != NULL && !fl_pipeline_mode_from_string (s, &c->pipeline.mode))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: pipeline.mode “%s” is not “honest” or “seed-compat”", s);
      return FALSE;
    }
  NUM (o, "bucket_s", "pipeline.", 1, 86400, TRUE, c->pipeline.bucket_s, guint);
  NUM (o, "window_buckets", "pipeline.", 2, 100000, TRUE, c->pipeline.window_buckets, guint);
  NUM (o, "k_sigma", "pipeline.", 0.01, 100, FALSE, c->pipeline.k_sigma, double);
  NUM (o, "horizon_buckets", "pipeline.", 1, 100000, TRUE, c->pipeline.horizon_buckets, guint);
  NUM (o, "change_lag_buckets", "pipeline.", 1, 100000, TRUE, c->pipeline.change_lag_buckets,
       guint);

  if (!read_object (root, "features", &o, error))
    return FALSE;
  if (o != NULL)
    {
      s = NULL;
      if (!read_string (o, "set", "features.", &s, error))
        return FALSE;
      if (s != NULL && !g_str_equal (s, "recipes") && !g_str_equal (s, "netprophet"))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: features.set “%s” is not “netprophet” or “recipes”", s);
          return FALSE;
        }
      if (s != NULL)
        c->use_recipes = g_str_equal (s, "recipes");
      if (json_object_has_member (o, "recipes"))
        {
          g_auto(GStrv) names = NULL;

          if (!read_strv (o, "recipes", "features.", &names, error))
            return FALSE;
          c->recipes.recipes = 0;
          for (guint i = 0; names != NULL && names[i] != NULL; i++)
            {
              FlRecipe r;

              if (!fl_recipe_from_string (names[i], &r))
                {
                  g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                               "Experiment config: features.recipes: “%s” is unknown (level, "
                               "baseline, momentum, volatility, loss, count, age)", names[i]);
                  return FALSE;
                }
              c->recipes.recipes |= r;
            }
        }
      if (!read_strv (o, "columns", "features.", &c->recipes.columns, error) ||
          !read_strv (o, "extra_levels", "features.", &c->recipes.extra_levels, error))
        return FALSE;
      NUM (o, "window_rows", "features.", 2, 100000, TRUE, c->recipes.window_rows, guint);
      NUM (o, "lag_rows", "features.", 1, 100000, TRUE, c->recipes.lag_rows, guint);
      NUM (o, "short_rows", "features.", 2, 100000, TRUE, c->recipes.short_rows, guint);
      if (!read_bool (o, "drop_incomplete_rows", "features.", &c->drop_incomplete_rows, error))
        return FALSE;
    }

  if (!read_object (root, "label", &o, error) || !parse_label (o, "label.", &c->label, error))
    return FALSE;
  if (!read_object (root, "rule_baseline", &o, error))
    return FALSE;
  if (o != NULL)
    {
      c->use_rule_baseline = TRUE;
      if (!parse_label (o, "rule_baseline.", &c->rule_baseline, error))
        return FALSE;
    }
  if (!read_object (root, "select", &o, error) ||
      !parse_selection (o, "select.", &c->select, error) ||
      !read_object (root, "test_select", &o, error) ||
      !parse_selection (o, "test_select.", &c->test_select, error))
    return FALSE;
  if (!read_owned_string (root, "compare_to", "", &c->compare_to, error))
    return FALSE;
  if (!read_object (root, "noise", &o, error) || !parse_noise (o, &c->noise, error))
    return FALSE;
  if (!read_object (root, "tuning", &o, error) || !parse_tuning (o, c, error))
    return FALSE;
  if (!read_object (root, "operating_threshold", &o, error))
    return FALSE;
  if (o != NULL)
    {
      s = NULL;
      c->use_operating_threshold = TRUE;
      if (!read_string (o, "rule", "operating_threshold.", &s, error))
        return FALSE;
      if (s != NULL && !fl_threshold_rule_from_string (s, &c->operating.rule))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Experiment config: operating_threshold.rule “%s” is unknown", s);
          return FALSE;
        }
      NUM (o, "beta", "operating_threshold.", 0.01, 100, FALSE, c->operating.beta, double);
      NUM (o, "cost_fp", "operating_threshold.", 0, 1e9, FALSE, c->operating.cost_fp, double);
      NUM (o, "cost_fn", "operating_threshold.", 0, 1e9, FALSE, c->operating.cost_fn, double);
      NUM (o, "max_false_alarms_per_day", "operating_threshold.", 0, 1e9, FALSE,
           c->operating.max_false_alarms_per_day, double);
    }
  s = NULL;
  if (!read_string (root, "evaluation", "", &s, error))
    return FALSE;
  if (s != NULL && !fl_evaluation_from_string (s, &c->evaluation))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Experiment config: evaluation “%s” is unknown (pooled, per-series-split, "
                   "leave-series-out, train-test, per-series-models)", s);
      return FALSE;
    }

  if (!read_object (root, "split", &o, error))
    return FALSE;
  if (o != NULL)
    {
      s = NULL;
      if (!read_string (o, "kind", "split.", &s, error))
        return FALSE;
      if (s != NULL)
        {
          FlCvKind kind;

          if (!fl_cv_kind_from_string (s, &kind))
            {
              g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                           "Experiment config: split.kind “%s” is unknown (chronological, "
                           "expanding, sliding, group-day, group-event, random-kfold, "
                           "random-stratified)", s);
              return FALSE;
            }
          c->cv.kind = kind;
          c->use_cv = kind != FL_CV_HOLDOUT && kind != FL_CV_RANDOM_HOLDOUT;
          c->split = kind == FL_CV_RANDOM_HOLDOUT ? FL_SPLIT_RANDOM_STRATIFIED
                                                  : FL_SPLIT_CHRONOLOGICAL;
        }
      NUM (o, "test_fraction", "split.", 0.01, 0.99, FALSE, c->test_fraction, double);
      c->cv.test_fraction = c->test_fraction;
      NUM (o, "folds", "split.", 2, 100, TRUE, c->cv.n_folds, guint);
      NUM (o, "purge_s", "split.", 0, 1e9, FALSE, c->cv.purge_s, double);
      NUM (o, "validation_fraction", "split.", 0, 0.9, FALSE, c->cv.validation_fraction, double);
      if (json_object_has_member (o, "purge_s") || json_object_has_member (o, "validation_fraction"))
        c->use_cv = TRUE;
    }
  NUM (root, "seed", "", 0, 4294967295.0, TRUE, c->seed, guint64);
  c->cv.seed = c->seed;

  if (!read_object (root, "smote", &o, error))
    return FALSE;
  if (!read_bool (o, "enabled", "smote.", &c->smote, error))
    return FALSE;
  NUM (o, "k_neighbors", "smote.", 1, 100, TRUE, c->smote_k, guint);

  if (!read_object (root, "xgboost", &o, error))
    return FALSE;
  NUM (o, "n_rounds", "xgboost.", 1, 100000, TRUE, c->xgb.n_rounds, guint);
  NUM (o, "eta", "xgboost.", 1e-6, 1, FALSE, c->xgb.eta, double);
  NUM (o, "max_depth", "xgboost.", 1, 32, TRUE, c->xgb.max_depth, guint);
  NUM (o, "nthread", "xgboost.", 1, 256, TRUE, c->xgb.nthread, guint);
  NUM (o, "scale_pos_weight", "xgboost.", 1e-6, 1e6, FALSE, c->xgb.scale_pos_weight, double);
  c->xgb.seed = c->seed;

  if (!read_treatments (root, c, error) || !read_models (root, c, error))
    return FALSE;
  NUM (root, "threshold", "", 0, 1, FALSE, c->threshold, double);
  NUM (root, "bootstrap_resamples", "", 0, 100000, TRUE, c->bootstrap_resamples, guint);
  return TRUE;
}

#undef NUM

/**
 * fl_experiment_config_from_json:
 * @config: a config holding the values to keep for members the JSON leaves out
 *   (usually the defaults)
 * @json: the JSON text
 * @error: return location for a #GError
 *
 * Reads an experiment config. The format (every member optional):
 * |[
 * { "series": "trace:11119", "series_list": ["trace:1", "trace:2"],
 *   "pipeline": { "mode": "honest", "bucket_s": 60, "window_buckets": 60,
 *                 "k_sigma": 2.5, "horizon_buckets": 5, "change_lag_buckets": 5 },
 *   "features": { "set": "netprophet" | "recipes",
 *                 "recipes": ["level", "baseline", "momentum", "volatility",
 *                             "loss", "count", "age"],
 *                 "columns": [...], "extra_levels": [...],
 *                 "window_rows": 60, "lag_rows": 5, "short_rows": 5,
 *                 "drop_incomplete_rows": false },
 *   "label": { "kind": "zscore" | "rule" | "loss" | "changepoint" | "column",
 *              "column": "rtt_mean_ms", "k_sigma": 2.5, "window_rows": 60,
 *              "expression": "loss_pct > 20 || rtt_max_ms > 400",
 *              "loss_pct": 50, "tolerance_rows": 1, "horizon": 5,
 *              "target": "within" | "at", "persistence_column": null },
 *   "split": { "kind": "chronological" | "expanding" | "sliding" | "group-day" |
 *                      "group-event" | "random-kfold" | "random-stratified",
 *              "test_fraction": 0.2, "folds": 5, "purge_s": 0,
 *              "validation_fraction": 0 },
 *   "seed": 42,
 *   "smote": { "enabled": true, "k_neighbors": 5 },
 *   "xgboost": { "n_rounds": 200, "eta": 0.1, "max_depth": 5, "nthread": 2,
 *                "scale_pos_weight": 1 },
 *   "treatments": [ { "kind": "smote", "k_neighbors": 5 }, { "kind": "none" } ],
 *   "models": [ { "kind": "xgboost", "early_stopping_rounds": 20 },
 *               { "kind": "persistence" }, { "kind": "always-alarm" } ],
 *   "threshold": 0.5, "bootstrap_resamples": 1000,
 *   "select": { "keys": [...], "prefix": "trace:", "sources": ["a.json"],
 *               "tag_file": "probes.csv", "tag_column": "technology_group",
 *               "tag_values": ["starlink"] },
 *   "test_select": { ... },
 *   "evaluation": "pooled" | "per-series-split" | "leave-series-out" |
 *                 "train-test" | "per-series-models",
 *   "rule_baseline": { a label spec whose score the rule baseline uses },
 *   "compare_to": "always-alarm",
 *   "operating_threshold": { "rule": "max-f1" | …, "beta": 1, "cost_fp": 1,
 *                            "cost_fn": 1, "max_false_alarms_per_day": 1 },
 *   "noise": { "jitter": "gaussian" | "multiplicative" | "none",
 *              "flip": "symmetric" | "positives" | "none",
 *              "levels": [0, 0.05, 0.1], "seeds": 10,
 *              "apply_to": "train" | "train-test" },
 *   "tuning": { "search": "grid" | "random", "metric": "average_precision" | "f1",
 *               "inner_folds": 3,
 *               "grid": { "n_rounds": [100, 200], "eta": [0.05, 0.1],
 *                         "max_depth": [3, 5], "scale_pos_weight": [1, 3] },
 *               "random": { "n_draws": 20, "eta_min": 0.01, "eta_max": 0.3, … } } }
 * ]|
 * `label` and the recipes apply when `features.set` is `recipes`; the
 * NetProphet set uses `pipeline`. Empty `treatments` / `models` mean the
 * `smote` and `xgboost` members. Unknown members are ignored.
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
  FlExperimentConfig c;

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

  config_copy (&c, config);
  if (!parse_into (&c, json_node_get_object (json_parser_get_root (parser)), error))
    {
      fl_experiment_config_clear (&c);
      return FALSE;
    }
  fl_experiment_config_clear (config);
  *config = c;
  return TRUE;
}
