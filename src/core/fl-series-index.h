/* fl-series-index.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FlSeriesIndex FlSeriesIndex;

FlSeriesIndex *fl_series_index_new          (const double        *ts_s,
                                             const double        *rtt_ms,
                                             gsize                n);
gsize          fl_series_index_valid_before (const FlSeriesIndex *self,
                                             gsize                i);
double         fl_series_index_kth          (const FlSeriesIndex *self,
                                             gsize                lo,
                                             gsize                hi,
                                             gsize                k);
void           fl_series_index_kth_many     (const FlSeriesIndex *self,
                                             gsize                n_queries,
                                             const gsize         *lo,
                                             const gsize         *hi,
                                             const gsize         *k,
                                             double              *out);
gsize          fl_series_index_get_size     (const FlSeriesIndex *self);
void           fl_series_index_free         (FlSeriesIndex       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSeriesIndex, fl_series_index_free)

G_END_DECLS
