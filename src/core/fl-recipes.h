/* fl-recipes.h
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
 * FlRecipe:
 * @FL_RECIPE_LEVEL: the column's value at t
 * @FL_RECIPE_BASELINE: mean and standard deviation over the past window
 *   [t − window, t), current row excluded
 * @FL_RECIPE_MOMENTUM: value at t minus the latest value at least `lag`
 *   steps earlier (and within the window)
 * @FL_RECIPE_VOLATILITY: standard deviation over the last `short` steps,
 *   t included
 * @FL_RECIPE_LOSS: `loss_pct` at t and its mean over the past window (RTT)
 * @FL_RECIPE_COUNT: `replies` and `sent` at t (RTT)
 * @FL_RECIPE_AGE: `last_reply_age_s` at t (RTT)
 *
 * Feature recipes; every one reads rows at or before t only.
 */
typedef enum
{
  FL_RECIPE_LEVEL      = 1 << 0,
  FL_RECIPE_BASELINE   = 1 << 1,
  FL_RECIPE_MOMENTUM   = 1 << 2,
  FL_RECIPE_VOLATILITY = 1 << 3,
  FL_RECIPE_LOSS       = 1 << 4,
  FL_RECIPE_COUNT      = 1 << 5,
  FL_RECIPE_AGE        = 1 << 6,
  FL_RECIPE_ALL        = 0x7f,
} FlRecipe;

/**
 * FlRecipeSpec:
 * @recipes: #FlRecipe flags
 * @columns: (nullable) (array zero-terminated=1): base columns the level,
 *   baseline, momentum and volatility recipes apply to; %NULL = `rtt_mean_ms`
 *   for RTT tables, every column but the label's for others
 * @extra_levels: (nullable) (array zero-terminated=1): further columns
 *   taken as levels only; %NULL = `rtt_std_ms`, `rtt_min_ms`, `rtt_max_ms`
 *   for RTT tables
 * @window_rows: baseline window in steps (default 60)
 * @lag_rows: momentum lag in steps (default 5)
 * @short_rows: volatility window in steps (default 5)
 *
 * Clear with fl_recipe_spec_clear().
 */
typedef struct
{
  guint  recipes;
  GStrv  columns;
  GStrv  extra_levels;
  guint  window_rows;
  guint  lag_rows;
  guint  short_rows;
} FlRecipeSpec;

void        fl_recipe_spec_init_default (FlRecipeSpec       *spec);
void        fl_recipe_spec_clear        (FlRecipeSpec       *spec);
const char *fl_recipe_to_string         (FlRecipe            recipe);
gboolean    fl_recipe_from_string       (const char         *name,
                                         FlRecipe           *out);
gboolean    fl_recipes_compute          (const FlTable      *table,
                                         const FlRecipeSpec *spec,
                                         const char * const *exclude,
                                         GPtrArray         **names_out,
                                         double            **X_out,
                                         GError            **error);

G_END_DECLS
