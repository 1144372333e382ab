/* fl-model-baseline.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>

#include "fl-error.h"
#include "fl-model-private.h"

static float
rule_to_score (double r)
{
  float s;

  if (isnan (r))
    return 0.0f;
  s = (float) (1.0 / (1.0 + exp (-r)));
  /* Keep the 0.5 threshold on the rule's own boundary after rounding to
   * float: fire (≥ 0.5, > 0.5) exactly when r > 0. */
  if (r > 0.0 && s <= 0.5f)
    s = nextafterf (0.5f, 1.0f);
  else if (r <= 0.0 && s >= 0.5f)
    s = nextafterf (0.5f, 0.0f);
  return s;
}

/**
 * fl_model_baseline_predict: (skip)
 *
 * Scores of the baselines (see fl_model_predict()).
 */
float *
fl_model_baseline_predict (FlModel             *self,
                           const FlModelInput  *input,
                           GError             **error)
{
  float *out;

  if (self->kind == FL_MODEL_PERSISTENCE && input->label_now == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The persistence baseline needs each row's current label");
      return NULL;
    }
  if (self->kind == FL_MODEL_RULE && input->rule_score == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The rule baseline needs each row's rule score");
      return NULL;
    }

  out = g_new (float, input->n);
  for (gsize i = 0; i < input->n; i++)
    switch (self->kind)
      {
      case FL_MODEL_PERSISTENCE:
        out[i] = input->label_now[i] ? 1.0f : 0.0f;
        break;
      case FL_MODEL_RULE:
        out[i] = rule_to_score (input->rule_score[i]);
        break;
      case FL_MODEL_ALWAYS:
        out[i] = 1.0f;
        break;
      case FL_MODEL_NEVER:
      case FL_MODEL_XGBOOST:
      case FL_MODEL_LOGISTIC:
      case FL_MODEL_RANDOM_FOREST:
      case FL_MODEL_ISOLATION_FOREST:
      default:
        out[i] = 0.0f;
        break;
      }
  return out;
}
