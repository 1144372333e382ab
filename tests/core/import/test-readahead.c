/* test-readahead.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "fl-readahead-stream.h"

/* The read-ahead stream hands over its base stream's bytes, end and errors
 * unchanged, whatever its block size and the caller's read sizes. */

static GBytes *
random_bytes (gsize n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (data, n);
}

/* Reads @stream to its end in reads of @chunk bytes (rotating through a few
 * sizes when 0). */
static GByteArray *
read_to_end (GInputStream  *stream,
             gsize          chunk,
             GError       **error)
{
  static const gsize sizes[] = { 1, 13, 4096, 65536, 3 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buf[65536];

  for (guint k = 0;; k++)
    {
      gsize want = chunk > 0 ? chunk : sizes[k % G_N_ELEMENTS (sizes)];
      gssize n = g_input_stream_read (stream, buf, want, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (out, buf, (guint) n);
    }
  return g_steal_pointer (&out);
}

static void
collect_block (const guint8 *data,
               gsize         len,
               gpointer      user_data)
{
  g_byte_array_append (user_data, data, (guint) len);
}

/* Every byte, in order, to the caller and to the block function. */
static void
test_bytes (void)
{
  g_autoptr(GBytes) data = random_bytes (1000003);
  const gsize blocks[] = { 1, 7, 4096, 1 << 20, 2 << 20 };
  const guint counts[] = { 1, 3 };
  const gsize chunks[] = { 0, 1 << 16 };

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
      for (guint r = 0; r < G_N_ELEMENTS (chunks); r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (data);
          g_autoptr(GInputStream) ahead = NULL;
          g_autoptr(GByteArray) out = NULL;
          g_autoptr(GByteArray) seen = g_byte_array_new ();
          gsize len;

          /* byte-by-byte blocks are slow: a shorter input for those */
          if (blocks[b] < 64)
            {
              g_autoptr(GBytes) part = g_bytes_new_from_bytes (data, 0, 20011);

              g_clear_object (&base);
              base = g_memory_input_stream_new_from_bytes (part);
            }
          ahead = fl_readahead_stream_new (base, blocks[b], counts[c], collect_block, seen);
          out = read_to_end (ahead, chunks[r], &error);
          g_assert_no_error (error);
          len = blocks[b] < 64 ? 20011 : g_bytes_get_size (data);
          g_assert_cmpmem (out->data, out->len, g_bytes_get_data (data, NULL), len);
          /* the end stays the end */
          g_assert_cmpint (g_input_stream_read (ahead, out->data, 1, NULL, &error), ==, 0);
          g_assert_true (g_input_stream_close (ahead, NULL, &error));
          g_assert_no_error (error);
          g_assert_true (g_input_stream_is_closed (base));
          g_assert_cmpmem (seen->data, seen->len, g_bytes_get_data (data, NULL), len);
        }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GInputStream) base = g_memory_input_stream_new ();
    g_autoptr(GInputStream) ahead = fl_readahead_stream_new (base, 4096, 2, NULL, NULL);
    g_autoptr(GByteArray) out = read_to_end (ahead, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (out->len, ==, 0);
  }
}

/* The first half of @data gzip-compressed: a gzip stream cut short. */
static GBytes *
gzip_cut_short (GBytes *data)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GInputStream) zipping = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) gz = read_to_end (zipping, 0, &error);

  g_assert_no_error (error);
  return g_bytes_new (gz->data, gz->len / 2);
}

/* A stream inflating @gz. */
static GInputStream *
gunzip (GBytes *gz)
{
  g_autoptr(GZlibDecompressor) d = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (gz);

  return g_converter_input_stream_new (raw, G_CONVERTER (d));
}

/* A gzip stream cut short: the bytes before the error, then the error,
 * as reading the stream directly gives them, and the error again. */
static void
test_error (void)
{
  g_autoptr(GBytes) data = random_bytes (300000);
  g_autoptr(GBytes) cut = gzip_cut_short (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) direct = g_byte_array_new ();
  g_autoptr(GError) direct_error = NULL;

  /* directly */
  {
    g_autoptr(GInputStream) unzip = gunzip (cut);
    guint8 buf[4096];
    gssize n;

    while ((n = g_input_stream_read (unzip, buf, sizeof buf, NULL, &direct_error)) > 0)
      g_byte_array_append (direct, buf, (guint) n);
    g_assert_cmpint (n, ==, -1);
    g_assert_nonnull (direct_error);
    g_assert_cmpuint (direct->len, >, 1000);
    g_assert_cmpuint (direct->len, <, 300000);
  }

  for (gsize block = 1000; block <= 1 << 20; block *= 32)
    {
      g_autoptr(GInputStream) unzip = gunzip (cut);
      g_autoptr(GInputStream) ahead = fl_readahead_stream_new (unzip, block, 2, NULL, NULL);
      g_autofree guint8 *buf = g_malloc (400000);
      gsize n_read = 0;
      guint8 one;

      g_assert_false (g_input_stream_read_all (ahead, buf, 400000, &n_read, NULL, &error));
      g_assert_error (error, direct_error->domain, direct_error->code);
      g_assert_cmpstr (error->message, ==, direct_error->message);
      g_assert_cmpmem (buf, n_read, direct->data, direct->len);
      g_clear_error (&error);
      g_assert_cmpint (g_input_stream_read (ahead, &one, 1, NULL, &error), ==, -1);
      g_assert_error (error, direct_error->domain, direct_error->code);
      g_clear_error (&error);
    }
}

/* A cancelled read says so; closing (or dropping) the stream while its
 * thread waits for a free block neither hangs nor leaks, and closes the
 * base stream. */
static void
test_cancel_close (void)
{
  g_autoptr(GBytes) data = random_bytes (1 << 20);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint8 buf[16];

  {
    g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (data);
    g_autoptr(GInputStream) ahead = fl_readahead_stream_new (base, 64, 2, NULL, NULL);

    g_assert_cmpint (g_input_stream_read (ahead, buf, 10, NULL, &error), ==, 10);
    g_assert_cmpmem (buf, 10, g_bytes_get_data (data, NULL), 10);
    g_cancellable_cancel (cancellable);
    /* the rest of the current block comes without waiting … */
    g_assert_cmpint (g_input_stream_read (ahead, buf, 16, cancellable, &error), ==, 16);
    g_assert_cmpint (g_input_stream_read (ahead, buf, 16, cancellable, &error), ==, 16);
    g_assert_cmpint (g_input_stream_read (ahead, buf, 16, cancellable, &error), ==, 16);
    g_assert_cmpint (g_input_stream_read (ahead, buf, 16, cancellable, &error), ==, 6);
    /* … the next block is not taken */
    g_assert_cmpint (g_input_stream_read (ahead, buf, 16, cancellable, &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_true (g_input_stream_close (ahead, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_input_stream_is_closed (base));
  }
  {
    g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (data);
    GInputStream *ahead = fl_readahead_stream_new (base, 64, 2, NULL, NULL);

    g_assert_cmpint (g_input_stream_read (ahead, buf, 1, NULL, &error), ==, 1);
    g_object_unref (ahead);
    g_assert_true (g_input_stream_is_closed (base));
  }
}

/* Blocks taken in place: the same bytes in order, mixed with reads; the
 * headroom before and the padding after a block can be written without
 * touching the input; the end comes as an empty block, again and again. */
static void
test_blocks (void)
{
  g_autoptr(GBytes) data = random_bytes (100003);
  const guint8 *want = g_bytes_get_data (data, NULL);
  const gsize blocks[] = { 1, 64, 4096, 1 << 20 };

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (data);
      g_autoptr(GInputStream) ahead = fl_readahead_stream_new (base, blocks[b], 3, NULL, NULL);
      FlReadaheadStream *self = FL_READAHEAD_STREAM (ahead);
      guint8 *prev = NULL;
      gsize pos = 0;
      guint k = 0;

      while (pos < 100003)
        {
          gsize len = 0;
          guint8 *p;

          if (k++ % 3 == 2)
            {
              /* a read in between: it gives the blocks out back */
              guint8 buf[100];
              gssize n = g_input_stream_read (ahead, buf, MIN (sizeof buf, 100003 - pos), NULL,
                                              &error);

              g_assert_no_error (error);
              g_assert_cmpint (n, >, 0);
              g_assert_cmpmem (buf, n, want + pos, n);
              pos += (gsize) n;
              prev = NULL;
              continue;
            }
          p = fl_readahead_stream_next_block (self, &len, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (p);
          g_assert_cmpuint (len, >, 0);
          g_assert_cmpuint (len, <=, blocks[b]);
          g_assert_cmpmem (p, len, want + pos, len);
          memset (p - FL_READAHEAD_HEADROOM, 0xa5, FL_READAHEAD_HEADROOM);
          memset (p + len, 0x5a, FL_READAHEAD_PADDING);
          g_assert_cmpmem (p, len, want + pos, len);
          /* two out at a time */
          fl_readahead_stream_release_block (self, prev);
          prev = p;
          pos += len;
        }
      for (guint i = 0; i < 3; i++)
        {
          gsize len = 1;
          guint8 one;

          g_assert_nonnull (fl_readahead_stream_next_block (self, &len, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (len, ==, 0);
          g_assert_cmpint (g_input_stream_read (ahead, &one, 1, NULL, &error), ==, 0);
          g_assert_no_error (error);
        }
    }
}

/* A read error reaches the taker of blocks after the bytes before it, and
 * again at every later call. */
static void
test_blocks_error (void)
{
  g_autoptr(GBytes) data = random_bytes (300000);
  g_autoptr(GBytes) cut = gzip_cut_short (data);
  g_autoptr(GInputStream) unzip = gunzip (cut);
  g_autoptr(GInputStream) ahead = fl_readahead_stream_new (unzip, 4096, 2, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  guint8 *prev = NULL;

  for (;;)
    {
      gsize len = 0;
      guint8 *p = fl_readahead_stream_next_block (FL_READAHEAD_STREAM (ahead), &len, NULL,
                                                  &error);

      if (p == NULL)
        break;
      g_assert_cmpuint (len, >, 0);
      g_byte_array_append (got, p, (guint) len);
      fl_readahead_stream_release_block (FL_READAHEAD_STREAM (ahead), prev);
      prev = p;
    }
  g_assert_nonnull (error);
  g_assert_cmpuint (got->len, >, 1000);
  g_assert_cmpmem (got->data, got->len, g_bytes_get_data (data, NULL), got->len);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) again = NULL;
      gsize len = 0;
      guint8 one;

      g_assert_null (fl_readahead_stream_next_block (FL_READAHEAD_STREAM (ahead), &len, NULL,
                                                     &again));
      g_assert_error (again, error->domain, error->code);
      g_clear_error (&again);
      g_assert_cmpint (g_input_stream_read (ahead, &one, 1, NULL, &again), ==, -1);
      g_assert_error (again, error->domain, error->code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readahead/bytes", test_bytes);
  g_test_add_func ("/readahead/error", test_error);
  g_test_add_func ("/readahead/cancel-close", test_cancel_close);
  g_test_add_func ("/readahead/blocks", test_blocks);
  g_test_add_func ("/readahead/blocks-error", test_blocks_error);
  return g_test_run ();
}
