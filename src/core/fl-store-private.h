/* fl-store-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Private to the core library: what the chunk stores (fl-sample-store.c,
 * fl-result-store.c) share. */

#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

gboolean _fl_store_db_error (sqlite3     *db,
                             GError     **error,
                             const char  *what);
gboolean _fl_store_exec     (sqlite3     *db,
                             const char  *sql,
                             GError     **error);

G_END_DECLS
