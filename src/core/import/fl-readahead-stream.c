/* fl-readahead-stream.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A stream that reads its base stream ahead on a thread of its own, so
 * that the importer's thread only parses: the kernel's copy of a file
 * (about 0.1 s for 327 MB) and, for a .gz file, zlib's inflation (about
 * as long as parsing) happen beside it. A parser can also take the blocks
 * themselves and parse them in place (fl_readahead_stream_next_block()),
 * which saves copying them into a buffer of its own (3 % of the RIPE
 * parser's time). */

#define G_LOG_DOMAIN "faultline-core"

#include "config.h"

#include <string.h>

#include "fl-readahead-stream.h"

typedef struct
{
  guint8  *data;    /* after FL_READAHEAD_HEADROOM writable bytes */
  gsize    len;
  gboolean last;    /* nothing follows: the end of the input, or error */
  GError  *error;   /* the read error after data[len - 1], if any */
} Block;

struct _FlReadaheadStream
{
  GFilterInputStream parent_instance;

  GInputStream *base;     /* the filter's base stream */
  gsize         block_size;
  guint         n_blocks;
  Block        *blocks;
  GAsyncQueue  *full;     /* blocks read, in input order */
  GAsyncQueue  *empty;    /* blocks to read into; &stop_block ends the thread */
  GCancellable *stop;     /* cancels the thread's read when closing */
  GThread      *thread;
  FlReadaheadBlockFunc block_func;
  gpointer      block_data;

  /* reader side */
  Block        *cur;
  gsize         cur_pos;
  Block        *held[2];  /* blocks given out by fl_readahead_stream_next_block () */
  gboolean      ended;    /* the last block was given out there */
  GError       *end_error;
};

G_DEFINE_FINAL_TYPE (FlReadaheadStream, fl_readahead_stream, G_TYPE_FILTER_INPUT_STREAM)

static Block stop_block;

static gpointer
readahead_thread (gpointer data)
{
  FlReadaheadStream *self = data;

  for (;;)
    {
      Block *b = g_async_queue_pop (self->empty);

      if (b == &stop_block)
        break;
      b->len = 0;
      g_clear_error (&b->error);
      b->last = !g_input_stream_read_all (self->base, b->data, self->block_size, &b->len,
                                          self->stop, &b->error) ||
                b->len < self->block_size;
      if (self->block_func != NULL && b->len > 0)
        self->block_func (b->data, b->len, self->block_data);
      g_async_queue_push (self->full, b);
      if (b->last)
        break;
    }
  return NULL;
}

static void
stop_thread (FlReadaheadStream *self)
{
  if (self->thread == NULL)
    return;
  g_cancellable_cancel (self->stop);
  g_async_queue_push (self->empty, &stop_block);
  g_thread_join (g_steal_pointer (&self->thread));
}

/* Gives a block back to the thread, unless it is the last one (which
 * stays, with its error, for the reads after it). */
static void
recycle (FlReadaheadStream *self,
         Block             *b)
{
  if (b != NULL && !b->last)
    g_async_queue_push (self->empty, b);
}

static void
release_held (FlReadaheadStream *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    recycle (self, g_steal_pointer (&self->held[i]));
}

/* After the end: the read error that ended the input, again, if any. */
static gboolean
end_error (FlReadaheadStream  *self,
           GError            **error)
{
  if (self->end_error == NULL)
    return FALSE;
  g_propagate_error (error, g_error_copy (self->end_error));
  return TRUE;
}

static gssize
fl_readahead_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  FlReadaheadStream *self = FL_READAHEAD_STREAM (stream);
  gsize n;

  /* blocks given out whole were read by their taker */
  release_held (self);
  if (self->ended)
    return end_error (self, error) ? -1 : 0;
  if (self->cur == NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      self->cur = g_async_queue_pop (self->full);
      self->cur_pos = 0;
    }
  if (self->cur_pos == self->cur->len)
    {
      /* only the last block stays current once read */
      if (self->cur->error != NULL)
        {
          g_propagate_error (error, g_error_copy (self->cur->error));
          return -1;
        }
      return 0;
    }
  n = MIN (count, self->cur->len - self->cur_pos);
  memcpy (buffer, self->cur->data + self->cur_pos, n);
  self->cur_pos += n;
  if (self->cur_pos == self->cur->len && !self->cur->last)
    {
      g_async_queue_push (self->empty, self->cur);
      self->cur = NULL;
    }
  return (gssize) n;
}

static gboolean
fl_readahead_stream_close (GInputStream  *stream,
                           GCancellable  *cancellable,
                           GError       **error)
{
  FlReadaheadStream *self = FL_READAHEAD_STREAM (stream);

  stop_thread (self);
  return G_INPUT_STREAM_CLASS (fl_readahead_stream_parent_class)->close_fn (stream, cancellable,
                                                                             error);
}

static void
fl_readahead_stream_finalize (GObject *object)
{
  FlReadaheadStream *self = FL_READAHEAD_STREAM (object);

  stop_thread (self);
  for (guint i = 0; i < self->n_blocks; i++)
    {
      g_free (self->blocks[i].data - FL_READAHEAD_HEADROOM);
      g_clear_error (&self->blocks[i].error);
    }
  g_free (self->blocks);
  g_clear_error (&self->end_error);
  g_async_queue_unref (self->full);
  g_async_queue_unref (self->empty);
  g_clear_object (&self->stop);
  G_OBJECT_CLASS (fl_readahead_stream_parent_class)->finalize (object);
}

static void
fl_readahead_stream_class_init (FlReadaheadStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = fl_readahead_stream_finalize;
  stream_class->read_fn = fl_readahead_stream_read;
  stream_class->close_fn = fl_readahead_stream_close;
}

static void
fl_readahead_stream_init (FlReadaheadStream *self)
{
}

/**
 * fl_readahead_stream_new:
 * @base: the stream to read from; from now on only the new stream's
 *   thread reads it (GIO refuses other operations on it while a read
 *   runs: %G_IO_ERROR_PENDING)
 * @block_size: bytes per read of @base (> 0)
 * @n_blocks: most blocks read ahead (> 0); the stream holds
 *   @n_blocks × @block_size bytes
 * @block_func: (nullable) (scope notified): called on the stream's thread
 *   with the bytes of each read of @base, in order, before the caller can
 *   read them (a checksum of the input, say)
 * @user_data: closure for @block_func; it may be read safely once the
 *   stream is closed
 *
 * Wraps @base in a stream whose thread reads @base ahead, @block_size
 * bytes at a time, into up to @n_blocks buffers, while the caller reads
 * what is already there. The bytes, their order, the end of the input and
 * a read error (after the bytes read before it) are @base's; the error is
 * returned again by later reads. The caller's cancellable is checked
 * before each block; closing the stream (or dropping the last reference)
 * cancels the thread's read, waits for the thread and closes @base. A
 * #GFilterInputStream, so that @base can be found (a file's modification
 * time, say) once the input has been read to its end.
 *
 * Returns: (transfer full): the stream
 */
GInputStream *
fl_readahead_stream_new (GInputStream         *base,
                         gsize                 block_size,
                         guint                 n_blocks,
                         FlReadaheadBlockFunc  block_func,
                         gpointer              user_data)
{
  FlReadaheadStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (block_size > 0 && n_blocks > 0, NULL);

  self = g_object_new (FL_TYPE_READAHEAD_STREAM, "base-stream", base, NULL);
  self->base = base;
  self->block_size = block_size;
  self->n_blocks = n_blocks;
  self->block_func = block_func;
  self->block_data = user_data;
  self->blocks = g_new0 (Block, n_blocks);
  self->full = g_async_queue_new ();
  self->empty = g_async_queue_new ();
  self->stop = g_cancellable_new ();
  for (guint i = 0; i < n_blocks; i++)
    {
      self->blocks[i].data = (guint8 *) g_malloc (FL_READAHEAD_HEADROOM + block_size +
                                                  FL_READAHEAD_PADDING) + FL_READAHEAD_HEADROOM;
      g_async_queue_push (self->empty, &self->blocks[i]);
    }
  self->thread = g_thread_new ("fl-readahead", readahead_thread, self);
  return G_INPUT_STREAM (self);
}

/**
 * fl_readahead_stream_next_block:
 * @self: a #FlReadaheadStream
 * @len: (out): bytes returned; 0 at the end of the input
 * @cancellable: (nullable): checked before waiting for a block
 * @error: return location for a #GError
 *
 * Reads without copying: the input that follows what was read so far (the
 * rest of a block that a read began, or the next block), in place. The
 * %FL_READAHEAD_HEADROOM bytes before the returned data, the data and the
 * %FL_READAHEAD_PADDING bytes after it may be written to (a parser can put
 * the unfinished end of the previous block in front of it; simdjson reads
 * past a document; nothing reads the data again). The data stay valid until
 * fl_readahead_stream_release_block() or a read of the stream; at most
 * two blocks are out at a time: release one before taking a third.
 *
 * Returns: (transfer none): the data; at the end a non-%NULL pointer with
 *   *@len 0, around which nothing may be written; or %NULL with @error
 *   set: the base stream's read error (after the bytes read before it) or
 *   %G_IO_ERROR_CANCELLED
 */
guint8 *
fl_readahead_stream_next_block (FlReadaheadStream  *self,
                                gsize              *len,
                                GCancellable       *cancellable,
                                GError            **error)
{
  Block *b;
  guint slot;
  guint8 *data;

  g_return_val_if_fail (FL_IS_READAHEAD_STREAM (self), NULL);
  g_return_val_if_fail (self->held[0] == NULL || self->held[1] == NULL, NULL);

  *len = 0;
  if (self->ended)
    return end_error (self, error) ? NULL : self->blocks[0].data;
  b = self->cur;
  if (b == NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      b = g_async_queue_pop (self->full);
      self->cur_pos = 0;
    }
  self->cur = NULL;
  data = b->data + self->cur_pos;
  *len = b->len - self->cur_pos;
  if (b->last)
    {
      self->ended = TRUE;
      if (b->error != NULL)
        self->end_error = g_error_copy (b->error);
      if (*len == 0)
        return end_error (self, error) ? NULL : data;
      /* its error comes with the next call */
    }
  slot = self->held[0] == NULL ? 0 : 1;
  self->held[slot] = b;
  return data;
}

/**
 * fl_readahead_stream_release_block:
 * @self: a #FlReadaheadStream
 * @data: (nullable): data from fl_readahead_stream_next_block(), or %NULL
 *
 * Gives the block holding @data back for reading ahead into.
 */
void
fl_readahead_stream_release_block (FlReadaheadStream *self,
                                   const guint8      *data)
{
  g_return_if_fail (FL_IS_READAHEAD_STREAM (self));

  if (data == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    if (self->held[i] != NULL && data >= self->held[i]->data &&
        data <= self->held[i]->data + self->held[i]->len)
      {
        recycle (self, g_steal_pointer (&self->held[i]));
        return;
      }
}
