/* fl-labels.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fl-table.h"

G_BEGIN_DECLS

/**
 * FlLabelKind:
 * @FL_LABEL_ZSCORE: adaptive z-score: x(t) > mean + k·std of the column over
 *   the past window (current row excluded); rows before the window is warm
 *   are undefined
 * @FL_LABEL_RULE: a rule expression over the table's columns at t (see
 *   fl_expr_parse())
 * @FL_LABEL_LOSS: packet loss: `loss_pct` ≥ a threshold (%)
 * @FL_LABEL_CHANGEPOINT: a labelled change point within ± tolerance rows
 * @FL_LABEL_COLUMN: an existing 0/1 column (values > 0.5 are positive)
 */
typedef enum
{
  FL_LABEL_ZSCORE,
  FL_LABEL_RULE,
  FL_LABEL_LOSS,
  FL_LABEL_CHANGEPOINT,
  FL_LABEL_COLUMN,
} FlLabelKind;

/**
 * FlTargetMode:
 * @FL_TARGET_WITHIN: target(t) = 1 when any row in (t, t + h·step] is
 *   labelled positive, 0 when rows there exist and none is; undefined when
 *   no labelled row falls in the horizon
 * @FL_TARGET_AT: target(t) = the label of the row exactly h steps later
 *   (the NetProphet `shift(-h)`); undefined when that row does not exist
 *
 * With a horizon of 0, target(t) = label(t) in both modes.
 */
typedef enum
{
  FL_TARGET_WITHIN,
  FL_TARGET_AT,
} FlTargetMode;

/**
 * FlLabelSpec:
 * @kind: #FlLabelKind
 * @column: (nullable): the column a z-score or column label reads (default
 *   `rtt_mean_ms` for z-scores)
 * @k_sigma: z-score threshold in standard deviations (default 2.5)
 * @window_rows: z-score baseline window, in steps of the table (default 60)
 * @expression: (nullable): rule expression (%FL_LABEL_RULE)
 * @loss_pct: loss threshold in % (default 50)
 * @tolerance_rows: change-point tolerance in rows (default 1)
 * @horizon: prediction horizon in steps of the table (default 5)
 * @target: #FlTargetMode
 * @persistence_column: (nullable): a column holding the label at t when the
 *   label comes from a precomputed target column (for the persistence
 *   baseline); %NULL = the label itself
 *
 * How rows are labelled and what is predicted. Clear with
 * fl_label_spec_clear().
 */
typedef struct
{
  FlLabelKind   kind;
  char         *column;
  double        k_sigma;
  guint         window_rows;
  char         *expression;
  double        loss_pct;
  guint         tolerance_rows;
  guint         horizon;
  FlTargetMode  target;
  char         *persistence_column;
} FlLabelSpec;

/**
 * FlLabels:
 * @n: rows (= the table's)
 * @label: (array length=n): label at t: 1, 0, or -1 when undefined
 *   (warm-up, missing inputs)
 * @label_now: (array length=n): what the persistence baseline sees at t
 * @rule_score: (array length=n): the rule's own score at t (z-score
 *   minus k, loss minus threshold, ±1 for rules), NaN when undefined
 * @target: (array length=n): 1, 0, or -1 when undefined
 * @inputs: (array zero-terminated=1): table columns the label reads at t
 * @n_events: runs of consecutive positive labels (rows with a defined label)
 * @n_positive: rows labelled positive
 *
 * Free with fl_labels_free().
 */
typedef struct
{
  gsize    n;
  gint8   *label;
  gint8   *label_now;
  double  *rule_score;
  gint8   *target;
  GStrv    inputs;
  gsize    n_events;
  gsize    n_positive;
} FlLabels;

void        fl_label_spec_init_default   (FlLabelSpec       *spec);
void        fl_label_spec_clear          (FlLabelSpec       *spec);
void        fl_label_spec_copy           (FlLabelSpec       *dest,
                                          const FlLabelSpec *src);
const char *fl_label_kind_to_string      (FlLabelKind        kind);
gboolean    fl_label_kind_from_string    (const char        *name,
                                          FlLabelKind       *out);
char       *fl_label_spec_describe       (const FlLabelSpec *spec);
FlLabels   *fl_labels_compute            (const FlTable     *table,
                                          const FlLabelSpec *spec,
                                          GError           **error);
void        fl_labels_free               (FlLabels          *labels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlLabels, fl_labels_free)

G_END_DECLS
