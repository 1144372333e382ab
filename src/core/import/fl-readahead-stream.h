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

/* Writable bytes before and after the data of
 * fl_readahead_stream_next_block(). */
#define FL_READAHEAD_HEADROOM (64 * 1024)
#define FL_READAHEAD_PADDING 128

GInputStream *fl_readahead_stream_new           (GInputStream          *base,
                                                 gsize                  block_size,
                                                 guint                  n_blocks,
                                                 FlReadaheadBlockFunc   block_func,
                                                 gpointer               user_data);
guint8       *fl_readahead_stream_next_block    (FlReadaheadStream     *self,
                                                 gsize                 *len,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
void          fl_readahead_stream_release_block (FlReadaheadStream     *self,
                                                 const guint8          *data);

G_END_DECLS
