/* fl-isolation-forest.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fl-types.h"

G_BEGIN_DECLS

typedef struct _FlIsolationForest FlIsolationForest;

double             fl_isolation_forest_average_path_length (gsize                     n);
FlIsolationForest *fl_isolation_forest_fit                 (const double             *X,
                                                            gsize                     n,
                                                            gsize                     d,
                                                            guint                     n_trees,
                                                            gsize                     max_samples,
                                                            guint64                   seed,
                                                            FlProgressFunc            progress,
                                                            gpointer                  progress_data,
                                                            GCancellable             *cancellable,
                                                            GError                  **error);
gboolean           fl_isolation_forest_score               (const FlIsolationForest  *self,
                                                            const double             *X,
                                                            gsize                     n,
                                                            gsize                     d,
                                                            double                   *out,
                                                            GError                  **error);
gsize              fl_isolation_forest_get_n_features      (const FlIsolationForest  *self);
gsize              fl_isolation_forest_get_max_samples     (const FlIsolationForest  *self);
guint              fl_isolation_forest_get_n_trees         (const FlIsolationForest  *self);
JsonNode          *fl_isolation_forest_to_json             (const FlIsolationForest  *self);
FlIsolationForest *fl_isolation_forest_new_from_json       (JsonNode                 *node,
                                                            GError                  **error);
void               fl_isolation_forest_free                (FlIsolationForest        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlIsolationForest, fl_isolation_forest_free)

G_END_DECLS
