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

G_END_DECLS
