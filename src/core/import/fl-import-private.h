/* fl-import-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_fl_import_printable (const char *s);

void  _fl_import_ripe_set_fast_path (gboolean enabled,
                                     gsize    window);
void  _fl_import_ripe_set_carry_max (gsize    max);
void  _fl_import_ripe_set_batch_bytes (gsize  bytes);

typedef enum
{
  FL_RIPE_SCAN_AUTO,
  FL_RIPE_SCAN_SCALAR,
  FL_RIPE_SCAN_SSE2,
  FL_RIPE_SCAN_AVX2,
  FL_RIPE_SCAN_AVX512,
} FlRipeScan;

typedef enum
{
  FL_RIPE_SCAN_COMPLETE = 1,
  FL_RIPE_SCAN_INCOMPLETE,
  FL_RIPE_SCAN_IRREGULAR,
} FlRipeScanResult;

gboolean _fl_import_ripe_set_scan    (FlRipeScan    scan);
int      _fl_import_ripe_scan_object (FlRipeScan    scan,
                                      const guint8 *p,
                                      gsize         n,
                                      gsize        *end);

G_END_DECLS
