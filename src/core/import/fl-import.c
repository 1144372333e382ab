/* fl-import.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-import"

#include "config.h"

#include <string.h>

#include "fl-error.h"
#include "fl-import.h"
#include "fl-import-private.h"
#include "fl-import-file.h"

/* How much of a file fl_import_open_file() peeks at to sniff its format. */
#define SNIFF_HEAD_SIZE 4096
/* Buffer of the stream returned by fl_import_open_file(). */
#define OPEN_BUFFER_SIZE (64 * 1024)

/**
 * fl_format_to_string:
 * @format: a #FlFormat
 *
 * Returns the stable name of @format, as used on the command line and stored
 * in projects: `"ripe-json"`, `"rtt-trace-csv"`, `"rtt-csv"` or `"unknown"`.
 *
 * Returns: (transfer none): a static string; never %NULL. No error is set.
 */
const char *
fl_format_to_string (FlFormat format)
{
  switch (format)
    {
    case FL_FORMAT_RIPE_JSON:
      return "ripe-json";
    case FL_FORMAT_RTT_TRACE_CSV:
      return "rtt-trace-csv";
    case FL_FORMAT_RTT_CSV:
      return "rtt-csv";
    case FL_FORMAT_PING_LOG:
      return "ping-log";
    case FL_FORMAT_KPI_CSV:
      return "kpi-csv";
    case FL_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

/**
 * fl_format_from_string:
 * @name: (nullable): a format name as returned by fl_format_to_string()
 *
 * Parses a format name (ASCII case-insensitive).
 *
 * Returns: the #FlFormat, or %FL_FORMAT_UNKNOWN for %NULL, `"unknown"` or an
 *   unrecognised name. No error is set.
 */
FlFormat
fl_format_from_string (const char *name)
{
  if (name == NULL)
    return FL_FORMAT_UNKNOWN;
  if (g_ascii_strcasecmp (name, "ripe-json") == 0)
    return FL_FORMAT_RIPE_JSON;
  if (g_ascii_strcasecmp (name, "rtt-trace-csv") == 0)
    return FL_FORMAT_RTT_TRACE_CSV;
  if (g_ascii_strcasecmp (name, "rtt-csv") == 0)
    return FL_FORMAT_RTT_CSV;
  if (g_ascii_strcasecmp (name, "ping-log") == 0)
    return FL_FORMAT_PING_LOG;
  if (g_ascii_strcasecmp (name, "kpi-csv") == 0)
    return FL_FORMAT_KPI_CSV;
  return FL_FORMAT_UNKNOWN;
}

/* Guess from the file name alone; only JSON can be told apart this way. */
static FlFormat
format_from_filename (const char *filename)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;
  gsize len;

  if (filename == NULL)
    return FL_FORMAT_UNKNOWN;

  base = g_path_get_basename (filename);
  lower = g_ascii_strdown (base, -1);
  len = strlen (lower);
  if (len > 3 && g_str_has_suffix (lower, ".gz"))
    lower[len - 3] = '\0';

  if (g_str_has_suffix (lower, ".json") ||
      g_str_has_suffix (lower, ".ndjson") ||
      g_str_has_suffix (lower, ".jsonl"))
    return FL_FORMAT_RIPE_JSON;

  return FL_FORMAT_UNKNOWN;
}

/* Splits @line at @delim, trims every field, removes one level of double
 * quotes and lower-cases it. */
static char **
split_header (const char *line,
              const char *delim)
{
  char **fields = g_strsplit (line, delim, -1);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *f = g_strstrip (fields[i]); /* in place: f == fields[i] */
      gsize len = strlen (f);

      if (len >= 2 && f[0] == '"' && f[len - 1] == '"')
        {
          memmove (f, f + 1, len - 2);
          f[len - 2] = '\0';
          g_strstrip (f);
        }
      for (char *p = f; *p != '\0'; p++)
        *p = g_ascii_tolower (*p);
    }

  return fields;
}

static gboolean
is_trace_header (const char *line)
{
  g_auto(GStrv) fields = split_header (line, ";");

  return g_strv_length (fields) == 3 &&
         strcmp (fields[0], "epoch") == 0 &&
         strcmp (fields[1], "rtt") == 0 &&
         strcmp (fields[2], "cp") == 0;
}

/* iputils ping output: "PING host (addr) …", possibly after a first line
 * holding only the start time (digits). */
static gboolean
is_ping_log (const guint8 *text,
             gsize         len)
{
  gsize i = 0;

  while (i < len && g_ascii_isdigit (text[i]))
    i++;
  if (i > 0)
    {
      if (i < len && text[i] == '\r')
        i++;
      if (i >= len || text[i] != '\n')
        return FALSE;
      i++;
    }
  return len - i >= 5 && memcmp (text + i, "PING ", 5) == 0;
}

/* Fields of @line split at @delim outside double quotes. */
static guint
count_fields (const char *line,
              gsize       len,
              char        delim)
{
  gboolean quoted = FALSE;
  guint n = 1;

  for (gsize k = 0; k < len; k++)
    if (line[k] == '"')
      quoted = !quoted;
    else if (line[k] == delim && !quoted)
      n++;
  return n;
}

/* A KPI table: text (no control bytes but tab, CR, LF) whose first two
 * complete lines split into the same number (at least two) of fields at
 * one of , ; tab |. */
static gboolean
is_kpi_csv (const guint8 *text,
            gsize         len)
{
  const char *t = (const char *) text;
  const char *nl1, *nl2;
  gsize len1, len2;

  for (gsize k = 0; k < len; k++)
    if (text[k] < 0x20 && text[k] != '\t' && text[k] != '\r' && text[k] != '\n')
      return FALSE;
  nl1 = memchr (t, '\n', len);
  if (nl1 == NULL)
    return FALSE;
  nl2 = memchr (nl1 + 1, '\n', len - (gsize) (nl1 + 1 - t));
  len1 = (gsize) (nl1 - t);
  len2 = nl2 != NULL ? (gsize) (nl2 - (nl1 + 1)) : len - (gsize) (nl1 + 1 - t);
  if (len2 == 0 || (nl2 == NULL && len >= 4096))
    return FALSE;
  for (const char *d = ",;\t|"; *d != '\0'; d++)
    {
      guint n1 = count_fields (t, len1, *d);

      if (n1 >= 2 && count_fields (nl1 + 1, len2, *d) == n1)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_rtt_csv_header (const char *line)
{
  g_auto(GStrv) fields = split_header (line, ",");

  return g_strv_contains ((const char * const *) fields, "timestamp") &&
         g_strv_contains ((const char * const *) fields, "probe_id") &&
         g_strv_contains ((const char * const *) fields, "rtt");
}

/**
 * fl_import_sniff:
 * @head: (array length=len) (nullable): the first bytes of the (already
 *   decompressed) input; a few KiB are plenty
 * @len: the number of bytes in @head
 * @filename: (nullable): the file name, used only when @head is empty,
 *   blank or still gzip-compressed
 *
 * Recognises an input format from its first bytes: a leading `[` or `{`
 * (after an optional UTF-8 BOM and white space) is RIPE JSON (an array or
 * NDJSON); a first line `epoch;rtt;cp` is a labelled RTT trace; a
 * comma-separated header with the columns `timestamp`, `probe_id` and `rtt`
 * (any order, extra columns allowed) is a plain RTT CSV; `PING host …`
 * (optionally after a first line of digits, the start time) is iputils
 * `ping` output; any other table whose first two lines split into the same
 * number (≥ 2) of fields at `,` `;` tab or `|` is a KPI CSV. When @head starts
 * with the gzip magic bytes or holds nothing but white space, the file name
 * (minus `.gz`) decides: `.json`, `.ndjson` and `.jsonl` are RIPE JSON.
 *
 * Returns: the recognised #FlFormat or %FL_FORMAT_UNKNOWN. No error is set.
 */
FlFormat
fl_import_sniff (const guint8 *head,
                 gsize         len,
                 const char   *filename)
{
  const guint8 *line_end;
  g_autofree char *line = NULL;
  gsize i = 0;
  gsize line_len;

  if (head == NULL)
    len = 0;

  if (len >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    return format_from_filename (filename);

  if (len >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
    i = 3;
  while (i < len && (head[i] == ' ' || head[i] == '\t' ||
                     head[i] == '\r' || head[i] == '\n'))
    i++;

  if (i == len)
    return format_from_filename (filename);

  if (head[i] == '[' || head[i] == '{')
    return FL_FORMAT_RIPE_JSON;

  line_end = memchr (head + i, '\n', len - i);
  line_len = line_end != NULL ? (gsize) (line_end - (head + i)) : len - i;
  if (memchr (head + i, '\0', line_len) != NULL)
    return FL_FORMAT_UNKNOWN;
  line = g_strndup ((const char *) head + i, line_len);
  if (!g_utf8_validate (line, -1, NULL))
    return FL_FORMAT_UNKNOWN;

  if (is_ping_log (head + i, len - i))
    return FL_FORMAT_PING_LOG;
  if (is_trace_header (line))
    return FL_FORMAT_RTT_TRACE_CSV;
  if (is_rtt_csv_header (line))
    return FL_FORMAT_RTT_CSV;
  if (is_kpi_csv (head + i, len - i))
    return FL_FORMAT_KPI_CSV;

  return FL_FORMAT_UNKNOWN;
}

/**
 * fl_import_stream:
 * @format: the input's format, usually from fl_import_sniff()
 * @stream: the (already decompressed) input
 * @name: the file name (with or without directories) used in error messages
 *   and, for traces, to derive the series key
 * @total_bytes: the expected number of bytes in @stream for progress, or 0
 *   if unknown
 * @sink: where the samples go
 * @counts: (nullable): counters that are added to (not reset)
 * @progress: (nullable) (scope call): progress callback, called with the
 *   fraction of @total_bytes read
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports @stream with the importer for @format. The samples go to @sink
 * as they are parsed; nothing is rolled back on failure (wrap the call in a
 * transaction if that matters).
 *
 * Returns: %TRUE on success. On failure %FALSE with @error set:
 *   %FL_ERROR_FORMAT for %FL_FORMAT_UNKNOWN, %FL_ERROR_PARSE for malformed
 *   input, %G_IO_ERROR_CANCELLED when cancelled, a #GIOError when reading
 *   fails, or the sink's error unchanged.
 */
gboolean
fl_import_stream (FlFormat        format,
                  GInputStream   *stream,
                  const char     *name,
                  guint64         total_bytes,
                  FlSampleSink   *sink,
                  FlImportCounts *counts,
                  FlProgressFunc  progress,
                  gpointer        progress_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (format)
    {
    case FL_FORMAT_RIPE_JSON:
      return fl_import_ripe_json (stream, name, total_bytes, sink, counts,
                                  progress, progress_data, cancellable, error);
    case FL_FORMAT_RTT_TRACE_CSV:
      return fl_import_rtt_trace_csv (stream, name, total_bytes, sink, counts,
                                      progress, progress_data, cancellable,
                                      error);
    case FL_FORMAT_RTT_CSV:
      return fl_import_rtt_csv (stream, name, total_bytes, sink, counts,
                                progress, progress_data, cancellable, error);
    case FL_FORMAT_PING_LOG:
      return fl_import_ping_log (stream, name, total_bytes, sink, counts,
                                 progress, progress_data, cancellable, error);
    case FL_FORMAT_KPI_CSV:
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "%s: a KPI table, not RTT measurements; it is imported with "
                   "a column mapping (fl_project_import_kpi_file(), "
                   "faultline-cli import [--mapping FILE.json])",
                   name != NULL ? name : "input");
      return FALSE;
    case FL_FORMAT_UNKNOWN:
    default:
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "%s: the file format is not recognised (expected RIPE "
                   "Atlas ping JSON, an epoch;rtt;cp trace or a "
                   "timestamp,probe_id,rtt CSV)",
                   name != NULL ? name : "input");
      return FALSE;
    }
}

/* Fills @buffered until it holds at least @want bytes or the input ends. */
static gboolean
fill_head (GBufferedInputStream  *buffered,
           gsize                  want,
           GError               **error)
{
  while (g_buffered_input_stream_get_available (buffered) < want)
    {
      gsize avail = g_buffered_input_stream_get_available (buffered);
      gssize n = g_buffered_input_stream_fill (buffered, want - avail,
                                               NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
    }

  return TRUE;
}

/* Reads the gzip trailer's ISIZE (uncompressed size modulo 2^32) from a
 * separate handle on the file. Returns 0 if it cannot be read. */
static guint64
gzip_isize (GFileInputStream *tail,
            guint64           file_size)
{
  guint8 trailer[4];
  gsize n = 0;

  if (file_size < 18 ||
      !g_seekable_seek (G_SEEKABLE (tail), -4, G_SEEK_END, NULL, NULL) ||
      !g_input_stream_read_all (G_INPUT_STREAM (tail), trailer, 4, &n, NULL,
                                NULL) ||
      n != 4)
    return 0;

  return (guint64) trailer[0] | ((guint64) trailer[1] << 8) |
         ((guint64) trailer[2] << 16) | ((guint64) trailer[3] << 24);
}

/**
 * fl_import_open_file:
 * @path: a file name in the GLib file name encoding
 * @size_out: (out) (optional): the expected number of bytes the returned
 *   stream yields, for progress: the file size, or for a gzip file the
 *   uncompressed size from the gzip trailer (modulo 4 GiB, 0 if unknown)
 * @format_out: (out) (optional): the format sniffed from the first 4 KiB
 *   of the decompressed content and the file name (see fl_import_sniff());
 *   %FL_FORMAT_UNKNOWN if not recognised, which is not an error here
 * @error: return location for a #GError
 *
 * Opens a file for fl_import_stream(). A gzip file (recognised by its magic
 * bytes 1f 8b, whatever its name) is transparently decompressed. The
 * returned stream is buffered and positioned at the start of the content.
 *
 * Works on pipes too (then @size_out is 0 for gzip input).
 *
 * Returns: (transfer full): a new #GInputStream, or %NULL with @error set
 *   to a #GIOError in the %G_IO_ERROR domain (%G_IO_ERROR_NOT_FOUND,
 *   %G_IO_ERROR_IS_DIRECTORY, %G_IO_ERROR_INVALID_DATA for corrupt gzip
 *   data, …) whose message names the file. Corruption further into a gzip
 *   file is reported by the importer reading the stream.
 */
GInputStream *
fl_import_open_file (const char *path,
                     guint64    *size_out,
                     FlFormat   *format_out,
                     GError    **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) raw = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GInputStream) raw_buffered = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  guint64 size = 0;
  guint64 file_size = 0;
  gboolean gzip = FALSE;
  const guint8 *head;
  gsize head_len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  file = g_file_new_for_path (path);

  /* GIO's message already names the file. */
  raw = g_file_read (file, NULL, error);
  if (raw == NULL)
    return NULL;

  info = g_file_input_stream_query_info (raw, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         NULL, NULL);
  if (info != NULL &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    file_size = size = (guint64) g_file_info_get_size (info);

  /* Peek at the magic bytes through a buffer, so that pipes work too. */
  raw_buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (raw),
                                                    OPEN_BUFFER_SIZE);
  if (!fill_head (G_BUFFERED_INPUT_STREAM (raw_buffered), 2, &local_error))
    goto fail;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (raw_buffered),
                                              &head_len);
  gzip = head_len >= 2 && head[0] == 0x1f && head[1] == 0x8b;

  if (gzip)
    {
      g_autoptr(GZlibDecompressor) decompressor = NULL;
      g_autoptr(GInputStream) converter = NULL;

      /* For progress, the uncompressed size from the trailer, read with a
       * second handle (the first one is positioned by the buffer). */
      size = 0;
      if (g_seekable_can_seek (G_SEEKABLE (raw)))
        {
          g_autoptr(GFileInputStream) tail = g_file_read (file, NULL, NULL);

          if (tail != NULL)
            size = gzip_isize (tail, file_size);
        }

      decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      converter = g_converter_input_stream_new (raw_buffered,
                                                G_CONVERTER (decompressor));
      buffered = g_buffered_input_stream_new_sized (converter, OPEN_BUFFER_SIZE);
    }
  else
    buffered = g_object_ref (raw_buffered);

  if (!fill_head (G_BUFFERED_INPUT_STREAM (buffered), SNIFF_HEAD_SIZE,
                  &local_error))
    goto fail;

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered),
                                              &head_len);

  if (format_out != NULL)
    {
      g_autofree char *sniff_name = g_strdup (path);
      gsize len = strlen (sniff_name);

      /* The content is decompressed: sniff the name without `.gz`. */
      if (gzip && len > 3 && g_ascii_strcasecmp (sniff_name + len - 3, ".gz") == 0)
        sniff_name[len - 3] = '\0';
      *format_out = fl_import_sniff (head, head_len, sniff_name);
    }
  if (size_out != NULL)
    *size_out = size;

  return g_steal_pointer (&buffered);

fail:
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                              "%s: ", display);
  return NULL;
}

/**
 * _fl_import_printable:
 * @s: a field's text as read from a file (any bytes)
 *
 * Returns: (transfer full): the text made printable for an error message:
 *   valid UTF-8, control characters as `\xNN`, cut after 40 characters
 */
char *
_fl_import_printable (const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);
  GString *out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 40)
        {
          g_string_append (out, "\342\200\246");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
