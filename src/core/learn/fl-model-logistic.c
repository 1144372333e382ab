/* fl-model-logistic.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <linear.h>
#include <math.h>
#include <stdlib.h>

#include "fl-error.h"
#include "fl-model-private.h"

/* liblinear's stopping tolerance for L2R_LR: tighter than its command-line
 * default (0.01) so the optimum is reproducible to ~1e-6. */
#define LOGISTIC_EPS 1e-6
#define LOGISTIC_BIAS 1.0

static void
quiet_print (const char *s)
{
  /* liblinear prints solver progress to stdout by default. */
}

static void
ensure_quiet (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      set_print_string_function (quiet_print);
      g_once_init_leave (&done, 1);
    }
}

static inline double
standardise (const FlModel *self,
             double         v,
             gsize          j)
{
  if (!isfinite (v))
    v = self->mean[j];
  return (v - self->mean[j]) / self->scale[j];
}

/* Feature nodes of one row: d values (1-based indices), the bias node at
 * index d + 1, the terminator. */
static void
fill_row (const FlModel      *self,
          const double       *row,
          struct feature_node *x)
{
  gsize d = self->d;

  for (gsize j = 0; j < d; j++)
    {
      x[j].index = (int) j + 1;
      x[j].value = standardise (self, row[j], j);
    }
  x[d].index = (int) d + 1;
  x[d].value = LOGISTIC_BIAS;
  x[d + 1].index = -1;
  x[d + 1].value = 0.0;
}

/* Class-1 weights and intercept from liblinear's w, whose sign refers to
 * model->label[0] (the class of the first training row). */
static void
derive_coefficients (FlModel *self)
{
  double sign = self->linear->label[0] == 1 ? 1.0 : -1.0;

  g_free (self->coef);
  self->coef = g_new (double, self->d + 1);
  for (gsize j = 0; j <= self->d; j++)
    self->coef[j] = sign * self->linear->w[j];
  self->coef[self->d] *= LOGISTIC_BIAS;
}

/**
 * fl_model_logistic_fit: (skip)
 *
 * Logistic-regression part of fl_model_fit(): standardise, then liblinear
 * L2R_LR. Instance weights must be constant within each class (liblinear
 * 2.3's `struct problem` has no instance weights); they become class
 * weights through `param.weight_label` / `param.weight`.
 */
gboolean
fl_model_logistic_fit (FlModel       *self,
                       const double  *X,
                       const guint8  *y,
                       const double  *weights,
                       gsize          n,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gsize d = self->d;
  g_autofree struct feature_node *space = NULL;
  g_autofree struct feature_node **rows = NULL;
  g_autofree double *labels = NULL;
  g_autofree gsize *count = NULL;
  struct problem prob = { 0 };
  struct parameter param = { 0 };
  int weight_label[2] = { 0, 1 };
  double class_weight[2] = { NAN, NAN };
  const char *msg;

  if (n > G_MAXINT32 || d + 1 >= G_MAXINT32)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Too many rows or columns for liblinear");
      return FALSE;
    }

  if (weights != NULL)
    {
      for (gsize i = 0; i < n; i++)
        {
          int c = y[i] != 0;

          if (isnan (class_weight[c]))
            class_weight[c] = weights[i];
          else if (class_weight[c] != weights[i])
            {
              g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                                   "liblinear 2.3 has no per-row weights: the logistic "
                                   "regression accepts only weights that are the same for "
                                   "every row of a class (class weights)");
              return FALSE;
            }
        }
      if (!(class_weight[0] > 0.0 && class_weight[1] > 0.0))
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "The logistic regression needs a positive weight for both classes");
          return FALSE;
        }
    }

  /* Mean over the non-missing values, then the population standard
   * deviation of the mean-imputed column. */
  self->mean = g_new0 (double, d);
  self->scale = g_new0 (double, d);
  count = g_new0 (gsize, d);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < d; j++)
      if (isfinite (X[i * d + j]))
        {
          self->mean[j] += X[i * d + j];
          count[j]++;
        }
  for (gsize j = 0; j < d; j++)
    self->mean[j] = count[j] > 0 ? self->mean[j] / count[j] : 0.0;
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < d; j++)
      if (isfinite (X[i * d + j]))
        {
          double dev = X[i * d + j] - self->mean[j];

          self->scale[j] += dev * dev;
        }
  for (gsize j = 0; j < d; j++)
    {
      double s = sqrt (self->scale[j] / n);

      /* scikit-learn's StandardScaler: a zero variance gets scale 1 */
      self->scale[j] = s > 0.0 && isfinite (s) ? s : 1.0;
    }

  space = g_new (struct feature_node, n * (d + 2));
  rows = g_new (struct feature_node *, n);
  labels = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      rows[i] = &space[i * (d + 2)];
      fill_row (self, &X[i * d], rows[i]);
      labels[i] = y[i] ? 1.0 : 0.0;
    }

  prob.l = (int) n;
  prob.n = (int) d + 1;
  prob.y = labels;
  prob.x = rows;
  prob.bias = LOGISTIC_BIAS;

  param.solver_type = L2R_LR;
  param.eps = LOGISTIC_EPS;
  param.C = self->params.C;
  param.p = 0.1;
  if (weights != NULL)
    {
      param.nr_weight = 2;
      param.weight_label = weight_label;
      param.weight = class_weight;
    }

  msg = check_parameter (&prob, &param);
  if (msg != NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "liblinear: %s", msg);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  ensure_quiet ();
  self->linear = train (&prob, &param);
  if (self->linear == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_MODEL, "liblinear: training failed");
      return FALSE;
    }
  /* The model keeps a shallow copy of param: drop pointers to our stack. */
  self->linear->param.weight_label = NULL;
  self->linear->param.weight = NULL;
  self->linear->param.nr_weight = 0;
  self->linear->param.init_sol = NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (self->linear->nr_class != 2 || self->linear->nr_feature != (int) d)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_MODEL,
                           "liblinear returned a model of an unexpected shape");
      return FALSE;
    }
  derive_coefficients (self);
  return TRUE;
}

/**
 * fl_model_logistic_predict: (skip)
 *
 * liblinear predict_probability() for label 1 on standardised rows.
 */
float *
fl_model_logistic_predict (FlModel             *self,
                           const FlModelInput  *input,
                           GError             **error)
{
  gsize d = self->d;
  g_autofree struct feature_node *x = g_new (struct feature_node, d + 2);
  int pos = self->linear->label[0] == 1 ? 0 : 1;
  float *out = g_new (float, input->n);

  for (gsize i = 0; i < input->n; i++)
    {
      double prob[2] = { 0.0, 0.0 };

      fill_row (self, &input->X[i * d], x);
      predict_probability (self->linear, x, prob);
      out[i] = (float) prob[pos];
    }
  return out;
}

/**
 * fl_model_logistic_serialize: (skip)
 *
 * Adds `solver`, `C`, `bias`, `mean`, `scale`, `labels` (liblinear's class
 * order) and `w` (liblinear's d + 1 weights, last = bias weight) to the
 * open object of @builder.
 */
void
fl_model_logistic_serialize (FlModel     *self,
                             JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "solver");
  json_builder_add_string_value (builder, "L2R_LR");
  json_builder_set_member_name (builder, "C");
  json_builder_add_double_value (builder, self->params.C);
  json_builder_set_member_name (builder, "bias");
  json_builder_add_double_value (builder, self->linear->bias);
  fl_model_json_add_doubles (builder, "mean", self->mean, self->d);
  fl_model_json_add_doubles (builder, "scale", self->scale, self->d);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, self->linear->label[0]);
  json_builder_add_int_value (builder, self->linear->label[1]);
  json_builder_end_array (builder);
  fl_model_json_add_doubles (builder, "w", self->linear->w, self->d + 1);
}

/**
 * fl_model_logistic_load: (skip)
 *
 * Rebuilds the liblinear model (malloc'ed, as liblinear frees it) from a
 * document written by fl_model_logistic_serialize().
 */
gboolean
fl_model_logistic_load (FlModel     *self,
                        JsonObject  *root,
                        GError     **error)
{
  gsize d = self->d;
  double labels[2];
  double bias = json_object_get_double_member_with_default (root, "bias", NAN);
  g_autofree double *w = g_new (double, d + 1);
  struct model *m;

  self->params.C = json_object_get_double_member_with_default (root, "C", 1.0);
  self->mean = g_new (double, MAX (d, 1));
  self->scale = g_new (double, MAX (d, 1));
  if (d == 0
      || !fl_model_json_read_doubles (root, "mean", self->mean, d, error)
      || !fl_model_json_read_doubles (root, "scale", self->scale, d, error)
      || !fl_model_json_read_doubles (root, "labels", labels, 2, error)
      || !fl_model_json_read_doubles (root, "w", w, d + 1, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT,
                             "The stored logistic regression has no features");
      return FALSE;
    }
  if (bias != LOGISTIC_BIAS
      || !((labels[0] == 0 && labels[1] == 1) || (labels[0] == 1 && labels[1] == 0)))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT,
                           "The stored logistic regression has an unexpected bias or labels");
      return FALSE;
    }
  for (gsize j = 0; j < d; j++)
    if (!isfinite (self->mean[j]) || !(self->scale[j] > 0.0))
      {
        g_set_error_literal (error, FL_ERROR, FL_ERROR_FORMAT,
                             "The stored logistic regression has an invalid mean or scale");
        return FALSE;
      }

  m = calloc (1, sizeof *m);
  m->w = malloc ((d + 1) * sizeof (double));
  m->label = malloc (2 * sizeof (int));
  if (m->w == NULL || m->label == NULL)
    g_error ("Out of memory");
  m->param.solver_type = L2R_LR;
  m->param.C = self->params.C;
  m->param.eps = LOGISTIC_EPS;
  m->nr_class = 2;
  m->nr_feature = (int) d;
  m->bias = bias;
  m->label[0] = (int) labels[0];
  m->label[1] = (int) labels[1];
  for (gsize j = 0; j <= d; j++)
    m->w[j] = w[j];
  self->linear = m;
  derive_coefficients (self);
  return TRUE;
}

/**
 * fl_model_logistic_clear: (skip)
 *
 * Frees the liblinear model and the standardisation.
 */
void
fl_model_logistic_clear (FlModel *self)
{
  if (self->linear != NULL)
    free_and_destroy_model (&self->linear);
  g_clear_pointer (&self->mean, g_free);
  g_clear_pointer (&self->scale, g_free);
  g_clear_pointer (&self->coef, g_free);
}
