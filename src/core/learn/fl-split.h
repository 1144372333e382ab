/* fl-split.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlSplitKind:
 * @FL_SPLIT_CHRONOLOGICAL: the last fraction of the (time-ordered) rows is the
 *   test block; every training row precedes every test row
 * @FL_SPLIT_RANDOM_STRATIFIED: a seeded random split that keeps the class
 *   ratio (the original NetProphet protocol; leaks on time series)
 */
typedef enum
{
  FL_SPLIT_CHRONOLOGICAL,
  FL_SPLIT_RANDOM_STRATIFIED,
} FlSplitKind;

const char *fl_split_kind_to_string   (FlSplitKind  kind);
gboolean    fl_split_kind_from_string (const char  *name,
                                       FlSplitKind *out);
gboolean    fl_split_holdout          (FlSplitKind   kind,
                                       const guint8 *y,
                                       gsize         n,
                                       double        test_fraction,
                                       guint64       seed,
                                       guint8       *is_test,
                                       GError      **error);

G_END_DECLS
