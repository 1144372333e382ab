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
#include <string.h>

#include <glib.h>

#include "fl-bytes-private.h"

G_BEGIN_DECLS

gboolean _fl_store_db_error (sqlite3     *db,
                             GError     **error,
                             const char  *what);
gboolean _fl_store_exec     (sqlite3     *db,
                             const char  *sql,
                             GError     **error);

/* Bytes of a chunk blob's header: 4 magic bytes and the count (uint32). */
#define FL_CHUNK_HEADER_BYTES 8

/* What is wrong with the header of a chunk blob (@size bytes) that should
 * start with @magic and hold @n items, at most @max; NULL if nothing. */
static inline const char *
fl_chunk_header_problem (const guint8 *blob,
                         gsize         size,
                         const char   *magic,
                         gint64        n,
                         gint64        max)
{
  if (blob == NULL || size < FL_CHUNK_HEADER_BYTES || memcmp (blob, magic, 4) != 0)
    return "an unknown format";
  if (n <= 0 || n > max || fl_get_u32 (blob + 4) != (guint64) n)
    return "a wrong count";
  return NULL;
}

G_END_DECLS
