/* fl-import-kpi.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include <csv.h>

#include "fl-error.h"
#include "fl-import-kpi.h"
#include "fl-import-private.h"

/* Streaming KPI CSV importer over libcsv, driven by a #FlKpiMapping. Like
 * the RTT CSV importers it feeds libcsv one physical line at a time, so
 * that every record knows its line number and a binary "line" cannot make
 * the parser buffer the whole file. */

#define CHUNK_SIZE     (256 * 1024)
#define PROGRESS_STEP  (1024 * 1024)
#define MAX_LINE_LEN   (256 * 1024)
#define MAX_FIELDS     4096

/* “ and ” */
#define LQ "\342\200\234"
#define RQ "\342\200\235"

typedef struct
{
  const FlKpiColumnMap *map;
  guint                 file_index;
  gint64                column_id;
  gboolean              categorical;
  GHashTable           *codes;       /* text → code + 1, categorical only */
  char                 *display;     /* for messages */
} DataColumn;

typedef struct
{
  const char         *name;
  const FlKpiMapping *mapping;
  FlKpiSink          *sink;
  GTimeZone          *tz;
  char               *prefix;
  FlImportCounts      counts;

  guint64             line;
  GPtrArray          *fields;        /* of GString, reused */
  guint               n_fields;
  gboolean            too_many_fields;
  gboolean            resolved;
  guint               n_header;      /* fields in the header, 0 without */
  GError             *error;

  guint               time_index;
  char               *time_display;
  GArray             *key_index;     /* guint */
  GArray             *columns;       /* DataColumn */
  gint64             *column_ids;
  double             *values;
  guint               max_index;
  GHashTable         *series;        /* key → gint64 * */
  GString            *key;
  GString            *label;
} KpiCtx;

static void kpi_fail (KpiCtx     *ctx,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static void
kpi_fail (KpiCtx     *ctx,
          const char *format,
          ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (ctx->error != NULL)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (&ctx->error, FL_ERROR, FL_ERROR_PARSE,
               "%s: line %" G_GUINT64_FORMAT ": %s", ctx->name, ctx->line, msg);
}


static const char *
field (KpiCtx *ctx,
       guint   i)
{
  return ((GString *) g_ptr_array_index (ctx->fields, i))->str;
}

static gboolean
row_is_blank (KpiCtx *ctx)
{
  for (guint i = 0; i < ctx->n_fields; i++)
    if (field (ctx, i)[0] != '\0')
      return FALSE;
  return TRUE;
}

static gboolean
is_missing (KpiCtx     *ctx,
            const char *s)
{
  for (guint i = 0; ctx->mapping->missing != NULL && ctx->mapping->missing[i] != NULL; i++)
    if (g_ascii_strcasecmp (s, ctx->mapping->missing[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
column_display (const FlKpiColumnMap *c)
{
  if (c->source != NULL)
    return g_strdup (c->source);
  return g_strdup_printf ("column %d", c->index + 1);
}

/* Finds the file position of every mapped column (from the header or the
 * mapping's indices) and resolves the KPI columns through the sink. */
static gboolean
resolve_columns (KpiCtx *ctx)
{
  const FlKpiMapping *m = ctx->mapping;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char **header = NULL;

  if (m->has_header)
    {
      ctx->n_header = ctx->n_fields;
      header = g_new0 (char *, ctx->n_fields + 1);
      for (guint i = 0; i < ctx->n_fields; i++)
        {
          GString *f = g_ptr_array_index (ctx->fields, i);

          if (i == 0 && g_str_has_prefix (f->str, "\357\273\277"))
            g_string_erase (f, 0, 3);
          header[i] = f->str;
        }
    }

  for (guint i = 0; i < m->columns->len; i++)
    {
      const FlKpiColumnMap *c = g_ptr_array_index (m->columns, i);
      g_autofree char *display = column_display (c);
      int idx = c->index;

      if (c->role == FL_KPI_ROLE_IGNORE)
        continue;
      if (idx < 0)
        {
          for (guint j = 0; header != NULL && header[j] != NULL && idx < 0; j++)
            {
              g_autofree char *h = g_strstrip (g_strdup (header[j]));
              g_autofree char *s = g_strstrip (g_strdup (c->source));

              if (g_ascii_strcasecmp (h, s) == 0)
                idx = (int) j;
            }
          if (idx < 0)
            {
              g_autoptr(GString) have = g_string_new (NULL);

              for (guint j = 0; header != NULL && header[j] != NULL; j++)
                {
                  g_autofree char *h = _fl_import_printable (header[j]);

                  g_string_append_printf (have, "%s" LQ "%s" RQ, j ? ", " : "", h);
                }
              kpi_fail (ctx, "missing column " LQ "%s" RQ " (the header has %s)",
                        display, have->str);
              return FALSE;
            }
        }
      else if (m->has_header && (guint) idx >= ctx->n_header)
        {
          kpi_fail (ctx, "the mapping's column %d is beyond the header's %u columns",
                    idx + 1, ctx->n_header);
          return FALSE;
        }
      ctx->max_index = MAX (ctx->max_index, (guint) idx);

      switch (c->role)
        {
        case FL_KPI_ROLE_TIME:
          ctx->time_index = (guint) idx;
          ctx->time_display = g_steal_pointer (&display);
          break;
        case FL_KPI_ROLE_KEY:
          {
            guint u = (guint) idx;

            g_array_append_val (ctx->key_index, u);
          }
          break;
        case FL_KPI_ROLE_VALUE:
        case FL_KPI_ROLE_CATEGORICAL:
          {
            DataColumn dc = { 0 };
            g_autofree char *name = NULL;
            g_autofree char *unit = NULL;
            const char *base = c->source != NULL ? c->source : display;

            if (c->source == NULL && header != NULL && (guint) idx < ctx->n_header &&
                *header[idx] != '\0')
              base = header[idx];
            if (c->role == FL_KPI_ROLE_VALUE)
              fl_kpi_split_unit (base, &name, &unit);
            else
              name = g_strstrip (g_strdup (base));
            if (c->name != NULL)
              {
                g_free (name);
                name = g_strdup (c->name);
              }
            if (c->unit != NULL)
              {
                g_free (unit);
                unit = g_strdup (c->unit);
              }
            if (unit != NULL && *unit == '\0')
              g_clear_pointer (&unit, g_free);
            if (name == NULL || *name == '\0')
              {
                kpi_fail (ctx, "the column " LQ "%s" RQ " has no name", display);
                return FALSE;
              }
            if (!g_hash_table_add (stored, g_strdup (name)))
              {
                kpi_fail (ctx, "two mapped columns are both called " LQ "%s" RQ, name);
                return FALSE;
              }
            dc.map = c;
            dc.file_index = (guint) idx;
            dc.categorical = c->role == FL_KPI_ROLE_CATEGORICAL;
            dc.display = g_steal_pointer (&display);
            dc.column_id = ctx->sink->column (ctx->sink->user_data, name, unit,
                                              dc.categorical, &ctx->error);
            if (dc.categorical)
              dc.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
            g_array_append_val (ctx->columns, dc);
            if (dc.column_id <= 0)
              {
                if (ctx->error == NULL)
                  kpi_fail (ctx, "could not create the KPI column " LQ "%s" RQ, dc.display);
                else
                  g_prefix_error (&ctx->error, "%s: ", ctx->name);
                return FALSE;
              }
          }
          break;
        case FL_KPI_ROLE_IGNORE:
        default:
          break;
        }
    }
  ctx->column_ids = g_new (gint64, ctx->columns->len);
  ctx->values = g_new (double, ctx->columns->len);
  for (guint i = 0; i < ctx->columns->len; i++)
    ctx->column_ids[i] = g_array_index (ctx->columns, DataColumn, i).column_id;
  ctx->resolved = TRUE;
  return TRUE;
}

static gint64
series_for_row (KpiCtx *ctx)
{
  gint64 *cached;
  gint64 id;

  g_string_assign (ctx->key, "kpi:");
  g_string_append (ctx->key, ctx->prefix);
  g_string_truncate (ctx->label, 0);
  for (guint i = 0; i < ctx->key_index->len; i++)
    {
      const char *v = field (ctx, g_array_index (ctx->key_index, guint, i));

      g_string_append_c (ctx->key, i == 0 ? ':' : '|');
      g_string_append (ctx->key, v);
      if (i > 0)
        g_string_append (ctx->label, " / ");
      g_string_append (ctx->label, v);
    }
  if (ctx->key_index->len == 0)
    g_string_assign (ctx->label, ctx->prefix);

  cached = g_hash_table_lookup (ctx->series, ctx->key->str);
  if (cached != NULL)
    return *cached;

  id = ctx->sink->series (ctx->sink->user_data, ctx->key->str, ctx->label->str, &ctx->error);
  if (id <= 0)
    {
      if (ctx->error == NULL)
        kpi_fail (ctx, "could not create the series %s", ctx->key->str);
      return -1;
    }
  g_hash_table_insert (ctx->series, g_strdup (ctx->key->str), g_memdup2 (&id, sizeof id));
  ctx->counts.series++;
  return id;
}

static void
kpi_row (KpiCtx *ctx)
{
  const char *ts_text;
  double ts;
  gint64 series_id;

  if (!ctx->resolved)
    {
      if (ctx->mapping->has_header)
        {
          if (!row_is_blank (ctx))
            resolve_columns (ctx);
          return;
        }
      if (!resolve_columns (ctx))
        return;
    }

  if (row_is_blank (ctx))
    {
      ctx->counts.skipped++;
      return;
    }

  if (ctx->n_header > 0 && ctx->n_fields != ctx->n_header)
    {
      gboolean extra_empty = ctx->n_fields > ctx->n_header;

      for (guint i = ctx->n_header; extra_empty && i < ctx->n_fields; i++)
        if (field (ctx, i)[0] != '\0')
          extra_empty = FALSE;
      if (!extra_empty)
        {
          kpi_fail (ctx, "expected %u fields like the header, found %u%s", ctx->n_header,
                    ctx->n_fields, ctx->too_many_fields ? " or more" : "");
          return;
        }
    }
  if (ctx->n_fields <= ctx->max_index)
    {
      kpi_fail (ctx, "expected at least %u fields, found %u", ctx->max_index + 1,
                ctx->n_fields);
      return;
    }

  ts_text = field (ctx, ctx->time_index);
  if (!fl_kpi_parse_time (ts_text, ctx->mapping->time_format, ctx->tz, &ts))
    {
      g_autofree char *s = _fl_import_printable (ts_text);

      kpi_fail (ctx, "invalid timestamp " LQ "%s" RQ " in " LQ "%s" RQ " (expected %s, "
                "between 1980 and 2100)", s, ctx->time_display,
                ctx->mapping->time_format == FL_KPI_TIME_AUTO
                  ? "epoch s/ms, ISO 8601, DD-MM-YYYY HH:MM or DD/MM/YYYY HH:MM"
                  : fl_kpi_time_format_to_string (ctx->mapping->time_format));
      return;
    }

  series_id = series_for_row (ctx);
  if (series_id <= 0)
    return;

  for (guint i = 0; i < ctx->columns->len; i++)
    {
      DataColumn *dc = &g_array_index (ctx->columns, DataColumn, i);
      const char *text = field (ctx, dc->file_index);
      double v = NAN;

      if (is_missing (ctx, text))
        v = NAN;
      else if (dc->categorical)
        {
          gpointer code = g_hash_table_lookup (dc->codes, text);

          if (code == NULL)
            {
              gint64 c = ctx->sink->category (ctx->sink->user_data, dc->column_id, text,
                                              &ctx->error);

              if (c < 0)
                {
                  if (ctx->error == NULL)
                    kpi_fail (ctx, "could not store the category " LQ "%s" RQ, text);
                  return;
                }
              code = GSIZE_TO_POINTER ((gsize) c + 1);
              g_hash_table_insert (dc->codes, g_strdup (text), code);
            }
          v = (double) (GPOINTER_TO_SIZE (code) - 1);
        }
      else if (!fl_kpi_parse_number (text, &v))
        {
          g_autofree char *s = _fl_import_printable (text);

          kpi_fail (ctx, "column " LQ "%s" RQ ": " LQ "%s" RQ " is not a number", dc->display,
                    s);
          return;
        }
      else if (dc->map->zero_is_missing && v == 0.0)
        v = NAN;

      if (isnan (v))
        ctx->counts.lost++;
      else
        ctx->counts.replies++;
      ctx->values[i] = v;
    }

  if (!ctx->sink->row (ctx->sink->user_data, series_id, ts, ctx->columns->len,
                       ctx->column_ids, ctx->values, &ctx->error))
    return;
  ctx->counts.results++;
}

static void
cb_field (void   *s,
          size_t  len,
          void   *data)
{
  KpiCtx *ctx = data;
  GString *f;

  if (ctx->error != NULL)
    return;
  if (ctx->n_fields >= MAX_FIELDS)
    {
      ctx->too_many_fields = TRUE;
      return;
    }
  if (ctx->n_fields >= ctx->fields->len)
    g_ptr_array_add (ctx->fields, g_string_sized_new (32));
  f = g_ptr_array_index (ctx->fields, ctx->n_fields);
  g_string_truncate (f, 0);
  g_string_append_len (f, s, (gssize) len);
  g_strstrip (f->str);
  f->len = strlen (f->str);
  ctx->n_fields++;
}

static void
cb_row (int   c,
        void *data)
{
  KpiCtx *ctx = data;

  if (ctx->error == NULL)
    {
      if (ctx->too_many_fields)
        kpi_fail (ctx, "more than %d fields", MAX_FIELDS);
      else
        kpi_row (ctx);
    }
  ctx->n_fields = 0;
  ctx->too_many_fields = FALSE;
}

static int
only_space (unsigned char c)
{
  return c == ' ';
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

static char *
default_prefix (const char *name)
{
  g_autofree char *base = g_path_get_basename (name != NULL ? name : "kpi");
  char *dot;

  while ((dot = strrchr (base, '.')) != NULL && dot != base)
    {
      g_autofree char *lower = g_ascii_strdown (dot, -1);

      if (!g_str_equal (lower, ".gz") && !g_str_equal (lower, ".csv") &&
          !g_str_equal (lower, ".tsv") && !g_str_equal (lower, ".txt"))
        break;
      *dot = '\0';
    }
  return g_steal_pointer (&base);
}

/**
 * fl_import_kpi_csv:
 * @stream: the (already decompressed) CSV input
 * @name: the file name used in error messages and, without its extensions
 *   (`.csv`, `.tsv`, `.txt`, `.gz`), as the default series prefix
 * @total_bytes: expected bytes in @stream for progress, or 0 if unknown
 * @mapping: the column mapping (validated here with
 *   fl_kpi_mapping_validate())
 * @sink: where series, columns, categories and rows go
 * @counts: (nullable): counters that are added to: @results = data rows,
 *   @replies = values stored, @lost = missing values (empty, a missing
 *   marker, or 0 in a zero-means-missing column), @skipped = blank lines,
 *   @series = distinct series
 * @progress: (nullable) (scope call): progress callback (fraction of
 *   @total_bytes read)
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Streams a KPI CSV file through libcsv, one row at a time, into @sink.
 * One series per combination of key column values (key
 * `kpi:PREFIX:V1|V2…`, label `V1 / V2…`; without key columns `kpi:PREFIX`).
 * Nothing is rolled back on failure: wrap the call in a transaction.
 *
 * Returns: %TRUE on success. Errors: %FL_ERROR_INVALID for an invalid
 *   mapping; %FL_ERROR_PARSE naming the file and line for malformed CSV,
 *   a missing column, a wrong field count, a bad timestamp or number, an
 *   empty file or one without data rows; %G_IO_ERROR_CANCELLED; a #GIOError
 *   when reading fails; the sink's errors (prefixed with the file name).
 */
gboolean
fl_import_kpi_csv (GInputStream       *stream,
                   const char         *name,
                   guint64             total_bytes,
                   const FlKpiMapping *mapping,
                   FlKpiSink          *sink,
                   FlImportCounts     *counts,
                   FlProgressFunc      progress,
                   gpointer            progress_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autofree char *display = NULL;
  g_autofree guint8 *buf = NULL;
  struct csv_parser parser;
  KpiCtx ctx = { 0 };
  guint64 bytes_read = 0, last_progress = 0;
  gsize line_len = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_path_get_basename (name != NULL ? name : "input");
  if (!fl_kpi_mapping_validate (mapping, error))
    {
      g_prefix_error (error, "%s: invalid column mapping: ", display);
      return FALSE;
    }

  ctx.name = display;
  ctx.mapping = mapping;
  ctx.sink = sink;
  ctx.tz = fl_kpi_time_zone_new (mapping->time_zone, NULL);
  ctx.prefix = mapping->series_prefix != NULL && *mapping->series_prefix != '\0'
                 ? g_strdup (mapping->series_prefix) : default_prefix (name);
  ctx.fields = g_ptr_array_new_with_free_func (free_string);
  ctx.key_index = g_array_new (FALSE, FALSE, sizeof (guint));
  ctx.columns = g_array_new (FALSE, TRUE, sizeof (DataColumn));
  ctx.series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.key = g_string_new (NULL);
  ctx.label = g_string_new (NULL);
  ctx.line = 1;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%s: cannot initialise the CSV parser", display);
      goto cleanup;
    }
  csv_set_delim (&parser, (unsigned char) mapping->delimiter);
  csv_set_space_func (&parser, only_space);
  buf = g_malloc (CHUNK_SIZE);

  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      const guint8 *p, *end;
      gsize n = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (!g_input_stream_read_all (stream, buf, CHUNK_SIZE, &n, cancellable, &read_error))
        {
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&read_error));
          else
            g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                        "%s: line %" G_GUINT64_FORMAT ": ", display, ctx.line);
          goto out;
        }
      if (n == 0)
        break;

      p = buf;
      end = buf + n;
      while (p < end)
        {
          const guint8 *nl = memchr (p, '\n', (gsize) (end - p));
          const guint8 *seg_end = nl != NULL ? nl + 1 : end;
          gsize seg_len = (gsize) (seg_end - p);

          if (memchr (p, '\0', seg_len) != NULL)
            {
              kpi_fail (&ctx, "binary data (a NUL byte); this is not a text CSV file");
              goto fail;
            }
          line_len += seg_len;
          if (line_len > MAX_LINE_LEN)
            {
              kpi_fail (&ctx, "the line is longer than %d bytes; this is not a CSV table",
                        MAX_LINE_LEN);
              goto fail;
            }
          if (csv_parse (&parser, p, seg_len, cb_field, cb_row, &ctx) != seg_len)
            {
              kpi_fail (&ctx, "malformed CSV (%s)", csv_strerror (csv_error (&parser)));
              goto fail;
            }
          if (ctx.error != NULL)
            goto fail;
          if (nl != NULL)
            {
              ctx.line++;
              line_len = 0;
            }
          p = seg_end;
        }

      bytes_read += n;
      if (progress != NULL && total_bytes > 0 && bytes_read - last_progress >= PROGRESS_STEP)
        {
          progress (MIN (1.0, (double) bytes_read / (double) total_bytes), NULL, progress_data);
          last_progress = bytes_read;
        }
    }

  if (csv_fini (&parser, cb_field, cb_row, &ctx) != 0)
    {
      kpi_fail (&ctx, "malformed CSV at the end of the file (%s; an unterminated quote?)",
                csv_strerror (csv_error (&parser)));
      goto fail;
    }
  if (ctx.error != NULL)
    goto fail;

  if (!ctx.resolved)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s: line %" G_GUINT64_FORMAT
                   ": the file is empty (no header and no data rows)", display, ctx.line);
      goto out;
    }
  if (ctx.counts.results == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s: line %" G_GUINT64_FORMAT
                   ": no data rows after the header", display, ctx.line);
      goto out;
    }

  if (counts != NULL)
    {
      counts->results += ctx.counts.results;
      counts->replies += ctx.counts.replies;
      counts->lost += ctx.counts.lost;
      counts->skipped += ctx.counts.skipped;
      counts->series += ctx.counts.series;
    }
  if (progress != NULL)
    progress (1.0, NULL, progress_data);
  ok = TRUE;
  goto out;

fail:
  g_propagate_error (error, g_steal_pointer (&ctx.error));

out:
  csv_free (&parser);
cleanup:
  g_clear_error (&ctx.error);
  for (guint i = 0; i < ctx.columns->len; i++)
    {
      DataColumn *dc = &g_array_index (ctx.columns, DataColumn, i);

      g_clear_pointer (&dc->codes, g_hash_table_unref);
      g_free (dc->display);
    }
  g_array_unref (ctx.columns);
  g_array_unref (ctx.key_index);
  g_ptr_array_unref (ctx.fields);
  g_hash_table_unref (ctx.series);
  g_string_free (ctx.key, TRUE);
  g_string_free (ctx.label, TRUE);
  g_free (ctx.column_ids);
  g_free (ctx.values);
  g_free (ctx.prefix);
  g_free (ctx.time_display);
  g_clear_pointer (&ctx.tz, g_time_zone_unref);
  return ok;
}
