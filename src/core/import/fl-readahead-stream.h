/* fl-readahead-stream.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FL_TYPE_READAHEAD_STREAM (fl_readahead_stream_get_type ())

G_DECLARE_FINAL_TYPE (FlReadaheadStream, fl_readahead_stream, FL, READAHEAD_STREAM,
                      GFilterInputStream)

typedef void (*FlReadaheadBlockFunc) (const guint8 *data,
                                      gsize         len,
                                      gpointer      user_data);

GInputStream *fl_readahead_stream_new (GInputStream         *base,
                                       gsize                 block_size,
                                       guint                 n_blocks,
                                       FlReadaheadBlockFunc  block_func,
                                       gpointer              user_data);

G_END_DECLS
