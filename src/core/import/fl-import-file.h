/* fl-import-file.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-import.h"

G_BEGIN_DECLS

GInputStream *fl_import_open_file (const char *path,
                                   guint64    *size_out,
                                   FlFormat   *format_out,
                                   GError    **error);

G_END_DECLS
