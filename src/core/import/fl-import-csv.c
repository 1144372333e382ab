/* fl-import-csv.c
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
#include "fl-import.h"
#include "fl-import-private.h"

/* Streaming CSV importers over libcsv. The input is fed to libcsv one
 * physical line at a time, so that every record callback knows its line
 * number and a single over-long "line" (binary data) cannot make the
 * parser buffer the whole file. Numbers are parsed with g_ascii_strtod()
 * after a strict syntax check, so the locale never matters and "nan",
 * "inf" or hexadecimal floats are rejected. */

#define CHUNK_SIZE     (256 * 1024)
#define PROGRESS_STEP  (1024 * 1024)
#define MAX_LINE_LEN   (64 * 1024)
#define MAX_FIELDS     256
#define MAX_PROBE_LEN  64
#define MIN_TIMESTAMP  631152000.0   /* 1990-01-01T00:00:00Z */
#define MAX_TIMESTAMP  4102444800.0  /* 2100-01-01T00:00:00Z */
#define MAX_RTT_MS     600000.0

/* “ and ” */
#define LQ "\342\200\234"
#define RQ "\342\200\235"

typedef struct _CsvCtx CsvCtx;

typedef void (*RowFunc) (CsvCtx *ctx);

struct _CsvCtx
{
  const char     *name;
  FlSampleSink   *sink;
  FlImportCounts  counts;        /* added to the caller's at the end */
  RowFunc         row;

  guint64         line;          /* physical line being parsed, from 1 */
  GPtrArray      *fields;        /* of GString, reused */
  guint           n_fields;
  gboolean        too_many_fields;
  gboolean        header_seen;
  guint64         data_rows;
  GError         *error;

  /* Trace CSV */
  char           *stem;
  gint64          trace_series;

  /* Plain RTT CSV */
  guint           n_columns;
  int             col_timestamp;
  int             col_probe;
  int             col_rtt;
  GHashTable     *series;        /* key (char *) → gint64 * */
};

static void csv_fail (CsvCtx     *ctx,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static void
csv_fail (CsvCtx     *ctx,
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
               "%s: line %" G_GUINT64_FORMAT ": %s", ctx->name, ctx->line,
               msg);
}


static const char *
field (CsvCtx *ctx,
       guint   i)
{
  return ((GString *) g_ptr_array_index (ctx->fields, i))->str;
}

static gboolean
row_is_blank (CsvCtx *ctx)
{
  for (guint i = 0; i < ctx->n_fields; i++)
    if (field (ctx, i)[0] != '\0')
      return FALSE;
  return TRUE;
}

/* Strict decimal syntax: [+-]digits[.digits][(e|E)[+-]digits], at least one
 * digit in the mantissa; finite. */
static gboolean
parse_decimal (const char *s,
               double     *out)
{
  const char *p = s;
  char *end = NULL;
  guint digits = 0;
  double v;

  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    p++, digits++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits++;
    }
  if (digits == 0)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      guint exp_digits = 0;

      p++;
      if (*p == '+' || *p == '-')
        p++;
      while (g_ascii_isdigit (*p))
        p++, exp_digits++;
      if (exp_digits == 0)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;

  v = g_ascii_strtod (s, &end);
  if (end != p || !isfinite (v))
    return FALSE;

  *out = v;
  return TRUE;
}

static gboolean
parse_digits (const char *s,
              guint       n,
              int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }

  *out = v;
  return TRUE;
}

static gboolean
timestamp_in_range (double ts)
{
  return ts >= MIN_TIMESTAMP && ts < MAX_TIMESTAMP;
}

static gboolean
utc_to_unix (int     year,
             int     month,
             int     day,
             int     hour,
             int     minute,
             int     second,
             double *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59)
    return FALSE;

  dt = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (dt == NULL)
    return FALSE;

  *out = (double) g_date_time_to_unix (dt);
  return TRUE;
}

/* `YYYY-MM-DD HH:MM:SS` or `DD/MM/YYYY HH:MM`, UTC. */
static gboolean
parse_trace_time (const char *s,
                  double     *out)
{
  gsize len = strlen (s);
  int year, month, day, hour, minute, second = 0;

  if (len == 19 && s[4] == '-' && s[7] == '-' && s[10] == ' ' &&
      s[13] == ':' && s[16] == ':')
    {
      if (!parse_digits (s, 4, &year) || !parse_digits (s + 5, 2, &month) ||
          !parse_digits (s + 8, 2, &day) || !parse_digits (s + 11, 2, &hour) ||
          !parse_digits (s + 14, 2, &minute) ||
          !parse_digits (s + 17, 2, &second))
        return FALSE;
    }
  else if (len == 16 && s[2] == '/' && s[5] == '/' && s[10] == ' ' &&
           s[13] == ':')
    {
      if (!parse_digits (s, 2, &day) || !parse_digits (s + 3, 2, &month) ||
          !parse_digits (s + 6, 4, &year) || !parse_digits (s + 11, 2, &hour) ||
          !parse_digits (s + 14, 2, &minute))
        return FALSE;
    }
  else
    return FALSE;

  return utc_to_unix (year, month, day, hour, minute, second, out);
}

/* Epoch seconds (integer or fractional) or ISO 8601 (UTC unless the text
 * has an offset). */
static gboolean
parse_csv_time (const char *s,
                double     *out)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (parse_decimal (s, out))
    return TRUE;

  /* Require the date to look like YYYY-MM-DD before handing it to GLib, which
   * also accepts week and ordinal dates. */
  if (strlen (s) < 11 || !g_ascii_isdigit (s[0]) || s[4] != '-' || s[7] != '-')
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (s, utc);
  if (dt == NULL)
    return FALSE;

  *out = (double) g_date_time_to_unix (dt) +
         (double) g_date_time_get_microsecond (dt) / G_USEC_PER_SEC;
  return TRUE;
}

/* Lower-cased, trimmed, without a UTF-8 BOM. */
static char *
header_name (const char *s)
{
  if ((guchar) s[0] == 0xef && (guchar) s[1] == 0xbb && (guchar) s[2] == 0xbf)
    s += 3;

  return g_strstrip (g_ascii_strdown (s, -1));
}

static gboolean
csv_add (CsvCtx  *ctx,
         gint64   series_id,
         double   ts,
         double   rtt,
         guint32  flags)
{
  gboolean lost = (flags & FL_SAMPLE_LOST) != 0;
  FlSample sample = {
    .series_id = series_id,
    .ts_s = ts,
    .rtt_ms = lost ? NAN : rtt,
    .sent = 1,
    .rcvd = lost ? 0 : 1,
    .flags = flags,
  };

  if (!ctx->sink->add (ctx->sink->user_data, &sample, &ctx->error))
    return FALSE;

  ctx->counts.results++;
  if (lost)
    ctx->counts.lost++;
  else
    ctx->counts.replies++;
  if (flags & FL_SAMPLE_CHANGEPOINT)
    ctx->counts.changepoints++;
  ctx->data_rows++;

  return TRUE;
}

static gint64
csv_series (CsvCtx     *ctx,
            const char *key,
            const char *label,
            gint64      probe_id)
{
  gint64 id;

  id = ctx->sink->series (ctx->sink->user_data, key, label, probe_id,
                          &ctx->error);
  if (id <= 0)
    {
      if (ctx->error == NULL)
        g_set_error (&ctx->error, FL_ERROR, FL_ERROR_INVALID,
                     "%s: could not create series %s", ctx->name, key);
      return -1;
    }

  ctx->counts.series++;
  return id;
}

/* A row of a trace CSV: `epoch;rtt;cp`. */
static void
trace_row (CsvCtx *ctx)
{
  const char *ts_text, *rtt_text, *cp_text;
  double ts, rtt;
  guint32 flags = FL_SAMPLE_NONE;

  if (!ctx->header_seen)
    {
      g_autofree char *f0 = NULL;
      g_autofree char *f1 = NULL;
      g_autofree char *f2 = NULL;

      if (ctx->n_fields == 3)
        {
          f0 = header_name (field (ctx, 0));
          f1 = header_name (field (ctx, 1));
          f2 = header_name (field (ctx, 2));
        }
      if (f0 == NULL || strcmp (f0, "epoch") != 0 ||
          strcmp (f1, "rtt") != 0 || strcmp (f2, "cp") != 0)
        {
          csv_fail (ctx, "expected the header " LQ "epoch;rtt;cp" RQ);
          return;
        }
      ctx->header_seen = TRUE;
      return;
    }

  if (row_is_blank (ctx))
    return;

  if (ctx->n_fields != 3)
    {
      csv_fail (ctx, "expected 3 fields (epoch;rtt;cp), found %u%s",
                ctx->n_fields, ctx->too_many_fields ? " or more" : "");
      return;
    }

  ts_text = field (ctx, 0);
  rtt_text = field (ctx, 1);
  cp_text = field (ctx, 2);

  if (!parse_trace_time (ts_text, &ts))
    {
      g_autofree char *shown = _fl_import_printable (ts_text);

      csv_fail (ctx, "invalid timestamp " LQ "%s" RQ " (expected "
                "YYYY-MM-DD HH:MM:SS or DD/MM/YYYY HH:MM)", shown);
      return;
    }
  if (!timestamp_in_range (ts))
    {
      csv_fail (ctx, "timestamp " LQ "%s" RQ " is not between 1990 and 2100",
                ts_text);
      return;
    }

  if (!parse_decimal (rtt_text, &rtt))
    {
      g_autofree char *shown = _fl_import_printable (rtt_text);

      csv_fail (ctx, "invalid rtt " LQ "%s" RQ " (expected a number of ms)",
                shown);
      return;
    }
  if (rtt > MAX_RTT_MS)
    {
      csv_fail (ctx, "rtt %s ms is out of range", rtt_text);
      return;
    }
  if (rtt < 0)
    flags |= FL_SAMPLE_LOST;

  if (strcmp (cp_text, "1") == 0)
    flags |= FL_SAMPLE_CHANGEPOINT;
  else if (strcmp (cp_text, "0") != 0)
    {
      g_autofree char *shown = _fl_import_printable (cp_text);

      csv_fail (ctx, "invalid cp " LQ "%s" RQ " (expected 0 or 1)", shown);
      return;
    }

  if (ctx->trace_series <= 0)
    {
      g_autofree char *key = g_strconcat ("trace:", ctx->stem, NULL);
      g_autofree char *label = g_strconcat ("Trace ", ctx->stem, NULL);
      gint64 probe_id = -1;
      gboolean digits = ctx->stem[0] != '\0';

      for (const char *p = ctx->stem; *p != '\0'; p++)
        digits = digits && g_ascii_isdigit (*p);
      if (!digits ||
          !g_ascii_string_to_signed (ctx->stem, 10, 0, G_MAXINT64, &probe_id,
                                     NULL))
        probe_id = -1;

      ctx->trace_series = csv_series (ctx, key, label, probe_id);
      if (ctx->trace_series <= 0)
        return;
    }

  csv_add (ctx, ctx->trace_series, ts, rtt, flags);
}

/* The header of a plain RTT CSV: find the three columns. */
static void
rtt_header (CsvCtx *ctx)
{
  static const char * const required[] = { "timestamp", "probe_id", "rtt" };
  int *cols[] = { &ctx->col_timestamp, &ctx->col_probe, &ctx->col_rtt };

  ctx->col_timestamp = ctx->col_probe = ctx->col_rtt = -1;

  for (guint i = 0; i < ctx->n_fields; i++)
    {
      g_autofree char *name = header_name (field (ctx, i));

      for (guint r = 0; r < G_N_ELEMENTS (required); r++)
        {
          if (strcmp (name, required[r]) != 0)
            continue;
          if (*cols[r] >= 0)
            {
              csv_fail (ctx, "the column " LQ "%s" RQ " appears twice",
                        required[r]);
              return;
            }
          *cols[r] = (int) i;
        }
    }

  for (guint r = 0; r < G_N_ELEMENTS (required); r++)
    if (*cols[r] < 0)
      {
        csv_fail (ctx, "missing column " LQ "%s" RQ " (the header needs "
                  "timestamp, probe_id and rtt)", required[r]);
        return;
      }

  ctx->n_columns = ctx->n_fields;
  ctx->header_seen = TRUE;
}

static gboolean
probe_text_ok (const char *s)
{
  if (s[0] == '\0' || strlen (s) > MAX_PROBE_LEN ||
      !g_utf8_validate (s, -1, NULL))
    return FALSE;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* A row of a plain RTT CSV. */
static void
rtt_row (CsvCtx *ctx)
{
  const char *ts_text, *probe_text, *rtt_text;
  double ts, rtt = NAN;
  guint32 flags = FL_SAMPLE_NONE;
  char key[MAX_PROBE_LEN + 8];
  gint64 *cached;

  if (!ctx->header_seen)
    {
      rtt_header (ctx);
      return;
    }

  if (row_is_blank (ctx))
    return;

  if (ctx->n_fields != ctx->n_columns || ctx->too_many_fields)
    {
      csv_fail (ctx, "expected %u fields like the header, found %u%s",
                ctx->n_columns, ctx->n_fields,
                ctx->too_many_fields ? " or more" : "");
      return;
    }

  ts_text = field (ctx, (guint) ctx->col_timestamp);
  probe_text = field (ctx, (guint) ctx->col_probe);
  rtt_text = field (ctx, (guint) ctx->col_rtt);

  if (!parse_csv_time (ts_text, &ts))
    {
      g_autofree char *shown = _fl_import_printable (ts_text);

      csv_fail (ctx, "invalid timestamp " LQ "%s" RQ " (expected epoch "
                "seconds or ISO 8601)", shown);
      return;
    }
  if (!timestamp_in_range (ts))
    {
      csv_fail (ctx, "timestamp " LQ "%s" RQ " is not between 1990 and 2100",
                ts_text);
      return;
    }

  if (!probe_text_ok (probe_text))
    {
      g_autofree char *shown = _fl_import_printable (probe_text);

      csv_fail (ctx, "invalid probe_id " LQ "%s" RQ, shown);
      return;
    }

  if (rtt_text[0] == '\0')
    flags |= FL_SAMPLE_LOST;
  else if (!parse_decimal (rtt_text, &rtt))
    {
      g_autofree char *shown = _fl_import_printable (rtt_text);

      csv_fail (ctx, "invalid rtt " LQ "%s" RQ " (expected a number of ms)",
                shown);
      return;
    }
  else if (rtt > MAX_RTT_MS)
    {
      csv_fail (ctx, "rtt %s ms is out of range", rtt_text);
      return;
    }
  else if (rtt < 0)
    flags |= FL_SAMPLE_LOST;

  g_snprintf (key, sizeof key, "csv:%s", probe_text);
  cached = g_hash_table_lookup (ctx->series, key);
  if (cached == NULL)
    {
      g_autofree char *label = g_strconcat ("Probe ", probe_text, NULL);
      gint64 probe_id;
      gint64 id;

      if (!g_ascii_string_to_signed (probe_text, 10, 0, G_MAXINT64, &probe_id,
                                     NULL) ||
          !g_ascii_isdigit (probe_text[0]))
        probe_id = -1;

      id = csv_series (ctx, key, label, probe_id);
      if (id <= 0)
        return;
      cached = g_new (gint64, 1);
      *cached = id;
      g_hash_table_insert (ctx->series, g_strdup (key), cached);
    }

  csv_add (ctx, *cached, ts, rtt, flags);
}

static void
cb_field (void   *s,
          size_t  len,
          void   *data)
{
  CsvCtx *ctx = data;
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
  CsvCtx *ctx = data;

  if (ctx->error == NULL)
    {
      if (ctx->too_many_fields && ctx->header_seen)
        csv_fail (ctx, "more than %d fields", MAX_FIELDS);
      else if (ctx->too_many_fields)
        csv_fail (ctx, "the header has more than %d columns", MAX_FIELDS);
      else
        ctx->row (ctx);
    }

  ctx->n_fields = 0;
  ctx->too_many_fields = FALSE;
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Reads @stream to the end, feeding libcsv line by line. */
static gboolean
csv_run (CsvCtx         *ctx,
         unsigned char   delim,
         GInputStream   *stream,
         guint64         total_bytes,
         FlProgressFunc  progress,
         gpointer        progress_data,
         GCancellable   *cancellable,
         GError        **error)
{
  struct csv_parser parser;
  g_autofree guint8 *buf = NULL;
  guint64 bytes_read = 0;
  guint64 last_progress = 0;
  gsize line_len = 0;
  gboolean ok = FALSE;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%s: cannot initialise the CSV parser", ctx->name);
      return FALSE;
    }
  csv_set_delim (&parser, delim);

  ctx->line = 1;
  buf = g_malloc (CHUNK_SIZE);

  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      const guint8 *p, *end;
      gsize n_read = 0;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      /* read_all: full chunks (except the last) whatever the stream. */
      if (!g_input_stream_read_all (stream, buf, CHUNK_SIZE, &n_read,
                                    cancellable, &read_error))
        {
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&read_error));
          else
            g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                        "%s: ", ctx->name);
          goto out;
        }
      n = (gssize) n_read;
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
              csv_fail (ctx, "binary data (a NUL byte); this is not a "
                        "text CSV file");
              goto fail;
            }
          line_len += seg_len;
          if (line_len > MAX_LINE_LEN)
            {
              csv_fail (ctx, "the line is longer than %d bytes; this is not "
                        "a CSV file of the expected kind", MAX_LINE_LEN);
              goto fail;
            }

          if (csv_parse (&parser, p, seg_len, cb_field, cb_row, ctx) != seg_len)
            {
              csv_fail (ctx, "malformed CSV (%s)",
                        csv_strerror (csv_error (&parser)));
              goto fail;
            }
          if (ctx->error != NULL)
            goto fail;

          if (nl != NULL)
            {
              ctx->line++;
              line_len = 0;
            }
          p = seg_end;
        }

      bytes_read += (guint64) n;
      if (progress != NULL && total_bytes > 0 &&
          bytes_read - last_progress >= PROGRESS_STEP)
        {
          progress (MIN (1.0, (double) bytes_read / (double) total_bytes),
                    NULL, progress_data);
          last_progress = bytes_read;
        }
    }

  if (csv_fini (&parser, cb_field, cb_row, ctx) != 0)
    {
      csv_fail (ctx, "malformed CSV (unterminated quoted field)");
      goto fail;
    }
  if (ctx->error != NULL)
    goto fail;

  if (ctx->data_rows == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE,
                   "%s contains no data rows", ctx->name);
      goto out;
    }

  if (progress != NULL && total_bytes > 0)
    progress (1.0, NULL, progress_data);

  ok = TRUE;
  goto out;

fail:
  g_propagate_error (error, g_steal_pointer (&ctx->error));

out:
  csv_free (&parser);
  return ok;
}

static void
csv_ctx_init (CsvCtx       *ctx,
              const char   *name,
              FlSampleSink *sink,
              RowFunc       row)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->name = name != NULL ? name : "input";
  ctx->sink = sink;
  ctx->row = row;
  ctx->fields = g_ptr_array_new_with_free_func (free_string);
  ctx->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
csv_ctx_finish (CsvCtx         *ctx,
                FlImportCounts *counts)
{
  if (counts != NULL)
    {
      counts->results += ctx->counts.results;
      counts->replies += ctx->counts.replies;
      counts->lost += ctx->counts.lost;
      counts->dups += ctx->counts.dups;
      counts->errors += ctx->counts.errors;
      counts->skipped += ctx->counts.skipped;
      counts->changepoints += ctx->counts.changepoints;
      counts->series += ctx->counts.series;
    }

  g_clear_error (&ctx->error);
  g_ptr_array_unref (ctx->fields);
  g_hash_table_unref (ctx->series);
  g_free (ctx->stem);
}

/* `dir/11119.csv.gz` → `11119` */
static char *
trace_stem (const char *name)
{
  g_autofree char *base = g_path_get_basename (name);
  gsize len = strlen (base);

  if (len > 3 && g_ascii_strcasecmp (base + len - 3, ".gz") == 0)
    base[len -= 3] = '\0';
  if (len > 4 && g_ascii_strcasecmp (base + len - 4, ".csv") == 0)
    base[len -= 4] = '\0';

  return g_steal_pointer (&base);
}

/**
 * fl_import_rtt_trace_csv:
 * @stream: the (already decompressed) input
 * @name: the file name; it names the file in error messages and its stem
 *   (without directories and `.csv`/`.csv.gz`) names the series
 * @total_bytes: the expected number of bytes in @stream, or 0 if unknown
 * @sink: where the samples go
 * @counts: (nullable): counters that are added to (not reset)
 * @progress: (nullable) (scope call): called with the fraction of
 *   @total_bytes read, at most about once per MiB and once at the end
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked before every chunk of input
 * @error: return location for a #GError
 *
 * Imports a labelled RTT trace (Shao et al. 2017): `;`-separated with the
 * header `epoch;rtt;cp`. `epoch` is `YYYY-MM-DD HH:MM:SS` or
 * `DD/MM/YYYY HH:MM`, both UTC; `rtt` is in ms, and a negative value (the
 * traces use -3 and -4) is a lost sample (rtt NaN, rcvd 0,
 * %FL_SAMPLE_LOST); `cp` 1 adds %FL_SAMPLE_CHANGEPOINT. All rows go to one
 * series `trace:<stem>`, label `Trace <stem>`, probe id the stem if it is
 * all digits, else -1. Each row is one sample with sent 1.
 *
 * Returns: %TRUE on success. On failure %FALSE with @error set:
 *   %FL_ERROR_PARSE (message "name: line N: …") for a missing header, a
 *   wrong field count, an invalid number, timestamp or cp, NaN/Infinity,
 *   rtt above 600000 ms, a timestamp outside 1990–2100, binary data, or no
 *   data rows; %G_IO_ERROR_CANCELLED when cancelled; a #GIOError when
 *   reading fails; or the sink's error unchanged. Samples already added
 *   stay added.
 */
gboolean
fl_import_rtt_trace_csv (GInputStream   *stream,
                         const char     *name,
                         guint64         total_bytes,
                         FlSampleSink   *sink,
                         FlImportCounts *counts,
                         FlProgressFunc  progress,
                         gpointer        progress_data,
                         GCancellable   *cancellable,
                         GError        **error)
{
  CsvCtx ctx;
  gboolean ok;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (sink != NULL && sink->series != NULL &&
                        sink->add != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv_ctx_init (&ctx, name, sink, trace_row);
  ctx.stem = trace_stem (ctx.name);

  ok = csv_run (&ctx, ';', stream, total_bytes, progress, progress_data,
                cancellable, error);

  csv_ctx_finish (&ctx, counts);
  return ok;
}

/**
 * fl_import_rtt_csv:
 * @stream: the (already decompressed) input
 * @name: the file name used in error messages
 * @total_bytes: the expected number of bytes in @stream, or 0 if unknown
 * @sink: where the samples go
 * @counts: (nullable): counters that are added to (not reset)
 * @progress: (nullable) (scope call): called with the fraction of
 *   @total_bytes read, at most about once per MiB and once at the end
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked before every chunk of input
 * @error: return location for a #GError
 *
 * Imports a plain comma-separated RTT CSV whose header has the columns
 * `timestamp`, `probe_id` and `rtt` in any order (other columns are
 * ignored). `timestamp` is epoch seconds (integer or fractional) or ISO 8601
 * (UTC unless it has an offset); `rtt` is in ms, and an empty or negative
 * value is a lost sample (rtt NaN, rcvd 0, %FL_SAMPLE_LOST). Rows go to
 * the series `csv:<probe_id>`, label `Probe <probe_id>`, probe id
 * `probe_id` if it is an integer, else -1. Each row is one sample with
 * sent 1.
 *
 * Returns: %TRUE on success. On failure %FALSE with @error set:
 *   %FL_ERROR_PARSE (message "name: line N: …") for a missing column, a
 *   field count different from the header's, an invalid number or
 *   timestamp, NaN/Infinity, rtt above 600000 ms, a timestamp outside
 *   1990–2100, binary data, or no data rows; %G_IO_ERROR_CANCELLED when
 *   cancelled; a #GIOError when reading fails; or the sink's error
 *   unchanged. Samples already added stay added.
 */
gboolean
fl_import_rtt_csv (GInputStream   *stream,
                   const char     *name,
                   guint64         total_bytes,
                   FlSampleSink   *sink,
                   FlImportCounts *counts,
                   FlProgressFunc  progress,
                   gpointer        progress_data,
                   GCancellable   *cancellable,
                   GError        **error)
{
  CsvCtx ctx;
  gboolean ok;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (sink != NULL && sink->series != NULL &&
                        sink->add != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv_ctx_init (&ctx, name, sink, rtt_row);

  ok = csv_run (&ctx, ',', stream, total_bytes, progress, progress_data,
                cancellable, error);

  csv_ctx_finish (&ctx, counts);
  return ok;
}
