/* fl-import-ping.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-import"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl-error.h"
#include "fl-import.h"

/* An importer for the text output of Linux iputils `ping` (one run per
 * file), line by line. The replies of a run are kept until its summary has
 * been read, because only the summary says how many requests were sent
 * (the lost ones at the end leave no line) and how long the run took. A run
 * holds a few hundred replies in practice; memory grows by 24 bytes per
 * reply. */

#define MAX_LINE          4096
#define READ_SIZE         (64 * 1024)
#define MIN_TIMESTAMP     631152000.0   /* 1990-01-01T00:00:00Z */
#define MAX_TIMESTAMP     4102444800.0  /* 2100-01-01T00:00:00Z */
#define MAX_RTT_MS        600000.0
/* More requests than this in one log is not a ping log we understand. */
#define MAX_SEQ           100000000
#define MAX_ERROR_TEXT    255
#define DEFAULT_INTERVAL  1.0           /* s, iputils' default `-i` */

typedef struct
{
  guint32 seq;     /* unwrapped icmp_seq */
  guint32 order;   /* arrival order, for a stable sort */
  double  rtt_ms;
  double  sent_s;  /* send time from a `-D` prefix (receive time - rtt), or NaN */
  gboolean dup;
} Reply;

typedef struct
{
  const char     *name;
  guint64         line_no;
  guint64         line_offset;   /* byte offset of the current line */

  gboolean        saw_header;
  gboolean        saw_stats_header;
  gboolean        saw_counts;
  gboolean        saw_rtt;
  gboolean        has_epoch;
  double          epoch_s;       /* first-line start time */
  char           *host;
  char           *addr;

  GArray         *replies;       /* of Reply */
  GArray         *error_seqs;    /* of guint32 */
  GString        *error_text;
  guint32         last_raw_seq;
  guint32         wrap;          /* multiples of 65536 added to icmp_seq */
  gboolean        any_seq;

  guint64         transmitted;
  guint64         received;
  guint64         duplicates;
  guint64         errors;
  double          time_ms;
  gboolean        has_time;

  GError         *error;
} PingCtx;

static void ping_fail (PingCtx    *ctx,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
ping_fail (PingCtx    *ctx,
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
               "%s: line %" G_GUINT64_FORMAT ", byte %" G_GUINT64_FORMAT ": %s",
               ctx->name, ctx->line_no, ctx->line_offset, msg);
}

/* Parses an unsigned decimal at *p, advancing it. */
static gboolean
take_uint (const char **p,
           guint64      max,
           guint64     *out)
{
  const char *s = *p;
  guint64 v = 0;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    {
      v = v * 10 + (guint64) (*s - '0');
      if (v > max)
        return FALSE;
      s++;
    }
  *p = s;
  *out = v;
  return TRUE;
}

/* Parses a plain decimal number (digits, optional fraction) at *p. */
static gboolean
take_number (const char **p,
             double      *out)
{
  const char *s = *p;
  char *end = NULL;
  double v;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  v = g_ascii_strtod (s, &end);
  if (end == s || !isfinite (v))
    return FALSE;
  /* No exponents, hex or the like: only what ping prints. */
  for (const char *q = s; q < end; q++)
    if (!g_ascii_isdigit (*q) && *q != '.')
      return FALSE;
  *p = end;
  *out = v;
  return TRUE;
}

static gboolean
take_literal (const char **p,
              const char  *lit)
{
  gsize n = strlen (lit);

  if (strncmp (*p, lit, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

/* icmp_seq is 16 bits on the wire; iputils prints it modulo 65536. */
static guint32
unwrap_seq (PingCtx *ctx,
            guint32  raw)
{
  if (ctx->any_seq && raw + 32768 < ctx->last_raw_seq)
    ctx->wrap += 65536;
  ctx->last_raw_seq = raw;
  ctx->any_seq = TRUE;
  return raw + ctx->wrap;
}

static void
keep_error_text (PingCtx    *ctx,
                 const char *s)
{
  gsize len = strlen (s);

  if (ctx->error_text->len > 0)
    return;
  if (len > MAX_ERROR_TEXT)
    {
      len = MAX_ERROR_TEXT;
      while (len > 0 && ((guchar) s[len] & 0xc0) == 0x80)
        len--;
    }
  g_string_append_len (ctx->error_text, s, (gssize) len);
}

/* "PING host (addr) 56(84) bytes of data." or "PING host(addr) 56 data bytes" */
static gboolean
parse_header (PingCtx    *ctx,
              const char *line)
{
  const char *p = line + 5;
  const char *open, *close;

  if (ctx->saw_header)
    {
      ping_fail (ctx, "a second PING header: one file must hold one ping run");
      return FALSE;
    }
  open = strchr (p, '(');
  close = open != NULL ? strchr (open, ')') : NULL;
  if (open == NULL || close == NULL || open == p || close == open + 1 ||
      (strstr (close, "bytes of data") == NULL && strstr (close, "data bytes") == NULL))
    {
      ping_fail (ctx, "not a ping header (expected \342\200\234PING host (address) "
                 "N(M) bytes of data.\342\200\235)");
      return FALSE;
    }
  ctx->host = g_strstrip (g_strndup (p, (gsize) (open - p)));
  ctx->addr = g_strndup (open + 1, (gsize) (close - open - 1));
  if (ctx->host[0] == '\0' || strchr (ctx->host, ' ') != NULL ||
      strchr (ctx->addr, ' ') != NULL)
    {
      ping_fail (ctx, "not a ping header (host or address contains spaces)");
      return FALSE;
    }
  ctx->saw_header = TRUE;
  return TRUE;
}

/* "N bytes from A: icmp_seq=S ttl=T time=R ms [(DUP!)]" after an optional
 * "[epoch.frac] " prefix (already removed; @stamp is NaN without one). */
static gboolean
parse_reply (PingCtx    *ctx,
             const char *line,
             double      stamp)
{
  const char *p = strstr (line, "icmp_seq=");
  guint64 seq = 0;
  double rtt = 0;
  Reply r = { 0 };

  if (p == NULL)
    p = strstr (line, "icmp_req=");
  if (p == NULL || !(p += 9, take_uint (&p, 65535, &seq)))
    {
      ping_fail (ctx, "a reply without a valid icmp_seq");
      return FALSE;
    }
  p = strstr (p, "time=");
  if (p == NULL || !(p += 5, take_number (&p, &rtt)) ||
      (!take_literal (&p, " ms") && !take_literal (&p, "ms")))
    {
      ping_fail (ctx, "a reply without a valid \342\200\234time=\342\200\246 ms\342\200\235");
      return FALSE;
    }
  if (rtt > MAX_RTT_MS)
    {
      ping_fail (ctx, "RTT %g ms is out of range", rtt);
      return FALSE;
    }
  while (*p == ' ')
    p++;
  r.dup = take_literal (&p, "(DUP!)");
  /* iputils may add "(BAD CHECKSUM!)", "(truncated)", … : ignored. */

  r.seq = unwrap_seq (ctx, (guint32) seq);
  if (r.seq > MAX_SEQ)
    {
      ping_fail (ctx, "more than %d requests in one run", MAX_SEQ);
      return FALSE;
    }
  r.order = ctx->replies->len;
  r.rtt_ms = rtt;
  r.sent_s = isnan (stamp) ? NAN : stamp - rtt / 1000.0;
  g_array_append_val (ctx->replies, r);
  return TRUE;
}

/* "From A icmp_seq=S Destination Host Unreachable" */
static gboolean
parse_icmp_error (PingCtx    *ctx,
                  const char *line)
{
  const char *p = strstr (line, "icmp_seq=");
  guint64 seq = 0;
  guint32 s;

  if (p == NULL || !(p += 9, take_uint (&p, 65535, &seq)))
    {
      ping_fail (ctx, "an ICMP error line without a valid icmp_seq");
      return FALSE;
    }
  while (*p == ' ')
    p++;
  keep_error_text (ctx, *p != '\0' ? p : line);
  s = unwrap_seq (ctx, (guint32) seq);
  g_array_append_val (ctx->error_seqs, s);
  return TRUE;
}

/* "100 packets transmitted, 98 received, +1 duplicates, +2 errors, 2% packet
 * loss, time 19871ms" */
static gboolean
parse_counts (PingCtx    *ctx,
              const char *line)
{
  const char *p = line;
  g_auto(GStrv) parts = NULL;

  if (!take_uint (&p, MAX_SEQ, &ctx->transmitted) ||
      !take_literal (&p, " packets transmitted, ") ||
      !take_uint (&p, MAX_SEQ, &ctx->received) ||
      (!take_literal (&p, " received") && !take_literal (&p, " packets received")))
    {
      ping_fail (ctx, "a malformed \342\200\234packets transmitted\342\200\235 summary");
      return FALSE;
    }
  parts = g_strsplit (p, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *f = g_strstrip (parts[i]);
      guint64 v = 0;
      double t = 0;

      if (f[0] == '\0')
        continue;
      if (f[0] == '+' && (f++, take_uint (&f, MAX_SEQ, &v)))
        {
          if (take_literal (&f, " duplicates") || take_literal (&f, " duplicate"))
            ctx->duplicates = v;
          else if (take_literal (&f, " errors") || take_literal (&f, " error"))
            ctx->errors = v;
          else
            goto bad;
        }
      else if (take_literal (&f, "time "))
        {
          if (!take_number (&f, &t) || !take_literal (&f, "ms"))
            goto bad;
          ctx->time_ms = t;
          ctx->has_time = TRUE;
        }
      else if (g_ascii_isdigit (f[0]) && strstr (f, "% packet loss") != NULL)
        continue;
      else
        goto bad;
      if (*f != '\0')
        goto bad;
    }
  if (ctx->received > ctx->transmitted)
    {
      ping_fail (ctx, "%" G_GUINT64_FORMAT " received but only %" G_GUINT64_FORMAT
                 " transmitted", ctx->received, ctx->transmitted);
      return FALSE;
    }
  ctx->saw_counts = TRUE;
  return TRUE;

bad:
  ping_fail (ctx, "a malformed \342\200\234packets transmitted\342\200\235 summary");
  return FALSE;
}

/* "rtt min/avg/max/mdev = a/b/c/d ms[, pipe N]" (or "round-trip …") */
static gboolean
parse_rtt_summary (PingCtx    *ctx,
                   const char *line)
{
  const char *p = strchr (line, '=');
  double v;

  if (p == NULL)
    goto bad;
  p++;
  while (*p == ' ')
    p++;
  for (guint i = 0; i < 4; i++)
    {
      if (!take_number (&p, &v))
        {
          /* busybox prints min/avg/max only */
          if (i == 3)
            break;
          goto bad;
        }
      if (i < 3 && *p == '/')
        p++;
      else if (i < 3)
        goto bad;
    }
  if (!take_literal (&p, " ms"))
    goto bad;
  ctx->saw_rtt = TRUE;
  return TRUE;

bad:
  ping_fail (ctx, "a malformed \342\200\234rtt min/avg/max/mdev\342\200\235 summary");
  return FALSE;
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
parse_line (PingCtx *ctx,
            char    *line)
{
  double stamp = NAN;
  gsize len = strlen (line);

  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';
  if (!g_utf8_validate (line, (gssize) len, NULL))
    {
      ping_fail (ctx, "not UTF-8 text");
      return FALSE;
    }
  if (len == 0)
    return TRUE;

  /* The first line may be the start time, epoch ms (or s). */
  if (ctx->line_no == 1 && all_digits (line))
    {
      guint64 v = 0;
      const char *p = line;

      if (!take_uint (&p, G_MAXINT64 / 2, &v))
        {
          ping_fail (ctx, "the start time is out of range");
          return FALSE;
        }
      ctx->epoch_s = v > 100000000000ULL ? (double) v / 1000.0 : (double) v;
      if (ctx->epoch_s < MIN_TIMESTAMP || ctx->epoch_s >= MAX_TIMESTAMP)
        {
          ping_fail (ctx, "start time %s is not between 1990 and 2100", line);
          return FALSE;
        }
      ctx->has_epoch = TRUE;
      return TRUE;
    }

  /* `ping -D`: "[1660000000.123456] …" */
  if (line[0] == '[')
    {
      const char *p = line + 1;

      if (!take_number (&p, &stamp) || *p != ']')
        {
          ping_fail (ctx, "a malformed [epoch] prefix");
          return FALSE;
        }
      if (stamp < MIN_TIMESTAMP || stamp >= MAX_TIMESTAMP)
        {
          ping_fail (ctx, "time stamp %.0f is not between 1990 and 2100", stamp);
          return FALSE;
        }
      line = (char *) p + 1;
      while (*line == ' ')
        line++;
    }

  if (g_str_has_prefix (line, "PING "))
    return parse_header (ctx, line);

  if (!ctx->saw_header)
    {
      ping_fail (ctx, "expected the \342\200\234PING host (address) \342\200\246\342\200\235 header");
      return FALSE;
    }

  if (ctx->saw_stats_header)
    {
      if (!ctx->saw_counts && g_ascii_isdigit (line[0]))
        return parse_counts (ctx, line);
      if (ctx->saw_counts && !ctx->saw_rtt &&
          (g_str_has_prefix (line, "rtt ") || g_str_has_prefix (line, "round-trip ")))
        return parse_rtt_summary (ctx, line);
      ping_fail (ctx, "unexpected text after the statistics");
      return FALSE;
    }

  if (g_str_has_prefix (line, "--- ") && g_str_has_suffix (line, " ping statistics ---"))
    {
      ctx->saw_stats_header = TRUE;
      return TRUE;
    }
  if (g_ascii_isdigit (line[0]) && strstr (line, " bytes from ") != NULL)
    return parse_reply (ctx, line, stamp);
  if (g_str_has_prefix (line, "From ") && strstr (line, "icmp_seq=") != NULL)
    return parse_icmp_error (ctx, line);
  if (g_str_has_prefix (line, "no answer yet for icmp_seq=") ||
      g_str_has_prefix (line, "Request timeout for icmp_seq"))
    return TRUE; /* lost: found from the gaps in icmp_seq */
  if (g_str_has_prefix (line, "ping: "))
    {
      keep_error_text (ctx, line + 6);
      return TRUE;
    }
  if (g_ascii_strncasecmp (line, "warning:", 8) == 0)
    return TRUE;

  ping_fail (ctx, "not a line of ping output");
  return FALSE;
}

static int
compare_replies (gconstpointer a,
                 gconstpointer b)
{
  const Reply *x = a, *y = b;

  if (x->seq != y->seq)
    return x->seq < y->seq ? -1 : 1;
  if (x->dup != y->dup)
    return x->dup ? 1 : -1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* The modification time of the file under @stream, if it is a file. */
static gboolean
stream_mtime (GInputStream *stream,
              double       *out)
{
  GInputStream *s = stream;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) dt = NULL;

  while (G_IS_FILTER_INPUT_STREAM (s))
    s = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (s));
  if (!G_IS_FILE_INPUT_STREAM (s))
    return FALSE;
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (s),
                                         G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                         G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                         NULL, NULL);
  if (info == NULL ||
      !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    return FALSE;
  dt = g_file_info_get_modification_date_time (info);
  if (dt == NULL)
    return FALSE;
  *out = (double) g_date_time_to_unix (dt) + g_date_time_get_microsecond (dt) / 1e6;
  return TRUE;
}

/* "run_ping_14_49.out" → "run_ping_14_49" */
static char *
series_stem (const char *name)
{
  g_autofree char *base = g_path_get_basename (name);
  char *dot;

  if (g_str_has_suffix (base, ".gz"))
    base[strlen (base) - 3] = '\0';
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static gboolean
emit_run (PingCtx        *ctx,
          GInputStream   *stream,
          FlSampleSink   *sink,
          FlImportCounts *counts)
{
  g_autofree char *stem = series_stem (ctx->name);
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;
  FlResultInfo info = { 0 };
  double interval, start = NAN;
  guint64 unique = 0;
  gint64 series_id;
  guint ri = 0, ei = 0;

  if (!ctx->saw_header)
    {
      ping_fail (ctx, "contains no ping output");
      return FALSE;
    }
  if (!ctx->saw_counts)
    {
      ping_fail (ctx, "the ping statistics are missing (the log is truncated)");
      return FALSE;
    }
  if (ctx->received > 0 && !ctx->saw_rtt)
    {
      ping_fail (ctx, "the rtt min/avg/max summary is missing (the log is truncated)");
      return FALSE;
    }
  if (ctx->transmitted == 0)
    {
      ping_fail (ctx, "no request was transmitted");
      return FALSE;
    }

  g_array_sort (ctx->replies, compare_replies);
  g_array_sort (ctx->error_seqs, compare_u32);
  for (guint i = 0; i < ctx->replies->len; i++)
    {
      const Reply *r = &g_array_index (ctx->replies, Reply, i);

      if (r->seq == 0 || r->seq > ctx->transmitted)
        {
          ping_fail (ctx, "a reply with icmp_seq %u, but %" G_GUINT64_FORMAT
                     " requests were transmitted", r->seq, ctx->transmitted);
          return FALSE;
        }
      if (!r->dup && (i == 0 || g_array_index (ctx->replies, Reply, i - 1).seq != r->seq))
        unique++;
    }
  if (unique != ctx->received)
    {
      ping_fail (ctx, "the statistics say %" G_GUINT64_FORMAT " received, but %"
                 G_GUINT64_FORMAT " replies are listed", ctx->received, unique);
      return FALSE;
    }

  /* The interval between requests, from the run time. */
  interval = ctx->has_time && ctx->transmitted > 1 ?
             ctx->time_ms / 1000.0 / (double) (ctx->transmitted - 1) : DEFAULT_INTERVAL;

  /* The start time: `-D` stamps, else the first line, else the file's
   * modification time taken as the end of the run. */
  for (guint i = 0; i < ctx->replies->len && isnan (start); i++)
    {
      const Reply *r = &g_array_index (ctx->replies, Reply, i);

      if (!isnan (r->sent_s))
        start = r->sent_s - (double) (r->seq - 1) * interval;
    }
  if (isnan (start) && ctx->has_epoch)
    start = ctx->epoch_s;
  if (isnan (start))
    {
      double mtime;

      if (!stream_mtime (stream, &mtime))
        {
          ping_fail (ctx, "the run has no start time (no epoch first line, no "
                     "ping -D time stamps, and no file modification time)");
          return FALSE;
        }
      start = mtime - (ctx->has_time ? ctx->time_ms / 1000.0 :
                       (double) (ctx->transmitted - 1) * interval);
    }
  if (start < MIN_TIMESTAMP || start >= MAX_TIMESTAMP)
    {
      ping_fail (ctx, "start time %.0f is not between 1990 and 2100", start);
      return FALSE;
    }

  /* One series per run: the file name alone is not unique (the cellular
   * drives reuse run_ping_HH_MM.out across carriers and days). */
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) floor (start));
    g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");

    key = g_strdup_printf ("ping:%s:%" G_GINT64_FORMAT ":%s", ctx->host, (gint64) floor (start),
                           stem);
    label = g_strdup_printf ("%s \302\267 %s \302\267 %s", ctx->host, stem, when);
  }
  series_id = sink->series (sink->user_data, key, label, -1, &ctx->error);
  if (series_id <= 0)
    {
      if (ctx->error == NULL)
        ping_fail (ctx, "could not create series %s", key);
      return FALSE;
    }
  counts->series++;
  counts->results++;

  info.series_id = series_id;
  info.ts_s = start;
  info.msm_id = -1;
  info.probe_id = -1;
  info.dst_addr = ctx->addr;
  info.af = strchr (ctx->addr, ':') != NULL ? 6 : strchr (ctx->addr, '.') != NULL ? 4 : 0;
  info.sent = (guint) ctx->transmitted;
  info.rcvd = (guint) ctx->received;
  info.dups = (guint) ctx->duplicates;
  info.errors = (guint) MAX (ctx->errors, ctx->error_seqs->len);
  info.error_text = ctx->error_text->len > 0 ? ctx->error_text->str : NULL;
  info.fw = -1;
  info.lts = -1;
  if (sink->result != NULL)
    {
      gint64 id = sink->result (sink->user_data, &info, &ctx->error);

      if (id < 0)
        {
          if (ctx->error == NULL)
            ping_fail (ctx, "the run could not be stored");
          return FALSE;
        }
      if (id == 0)
        {
          counts->already_present++;
          return TRUE;
        }
    }

  for (guint64 seq = 1; seq <= ctx->transmitted; seq++)
    {
      double ts = start + (double) (seq - 1) * interval;
      gboolean replied = FALSE;
      gboolean is_error = FALSE;

      while (ri < ctx->replies->len &&
             g_array_index (ctx->replies, Reply, ri).seq == seq)
        {
          const Reply *r = &g_array_index (ctx->replies, Reply, ri);
          FlSample s = {
            .series_id = series_id,
            .ts_s = isnan (r->sent_s) ? ts : r->sent_s,
            .rtt_ms = r->rtt_ms,
            .sent = 1,
            .rcvd = 1,
            .flags = r->dup ? FL_SAMPLE_DUP : FL_SAMPLE_NONE,
          };

          if (!sink->add (sink->user_data, &s, &ctx->error))
            return FALSE;
          counts->replies++;
          if (r->dup)
            counts->dups++;
          replied = TRUE;
          ri++;
        }
      while (ei < ctx->error_seqs->len &&
             g_array_index (ctx->error_seqs, guint32, ei) <= seq)
        {
          is_error = is_error || g_array_index (ctx->error_seqs, guint32, ei) == seq;
          ei++;
        }
      if (!replied)
        {
          FlSample s = {
            .series_id = series_id,
            .ts_s = ts,
            .rtt_ms = NAN,
            .sent = 1,
            .rcvd = 0,
            .flags = FL_SAMPLE_LOST | (is_error ? FL_SAMPLE_ERROR : 0),
          };

          if (!sink->add (sink->user_data, &s, &ctx->error))
            return FALSE;
          counts->lost++;
          if (is_error)
            counts->errors++;
        }
    }

  return TRUE;
}

/**
 * fl_import_ping_log:
 * @stream: the (already decompressed) input
 * @name: the file name, used in error messages and for the series key
 * @total_bytes: the expected number of bytes in @stream, or 0 if unknown
 * @sink: where the samples go
 * @counts: (nullable): counters that are added to (not reset)
 * @progress: (nullable) (scope call): called with the fraction of
 *   @total_bytes read
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked before every block of input
 * @error: return location for a #GError
 *
 * Imports the output of one run of Linux iputils `ping`: an optional first
 * line with the run's start time (epoch ms; a value below 10^11 is taken as
 * epoch s), the `PING host (address) …` header, one line per reply
 * (`N bytes from A: icmp_seq=S ttl=T time=R ms`, optionally with a `ping -D`
 * `[epoch.frac]` prefix and a `(DUP!)` suffix), `From A icmp_seq=S …` ICMP
 * errors, `no answer yet for icmp_seq=S` lines (`ping -O`), and the
 * statistics (`N packets transmitted, M received[, +D duplicates][, +E
 * errors], L% packet loss, time Tms` and, when M > 0, `rtt
 * min/avg/max/mdev = … ms`).
 *
 * The run becomes one series `ping:<host>:<start epoch s>:<file stem>` (label
 * `<host> · <stem> · <start>`,
 * no probe id) and one result (#FlSampleSink.result: destination address,
 * af from the address, sent = N, rcvd = M, dups = D, errors, the first
 * error text). Every request 1…N becomes a sample in icmp_seq order: a
 * reply (duplicates flagged %FL_SAMPLE_DUP), or a lost packet
 * (%FL_SAMPLE_LOST, and %FL_SAMPLE_ERROR when an ICMP error came back)
 * when its icmp_seq never appears. icmp_seq wrap-around at 65536 is undone.
 *
 * Times: ping does not print send times, so they are derived, assuming
 * requests went out at a fixed interval of T / (N - 1) ms (the run time
 * of the statistics line; 1 s, ping's default, when there is none) with
 * icmp_seq 1 at the start: with `-D` stamps, a reply's time is its stamp
 * minus its RTT (the send time) and lost requests are placed on the fixed
 * interval from the first stamped reply; else request S is at start +
 * (S - 1) × interval, the start being the first line's epoch or, when the
 * log has none, the file's modification time minus the run time (the log
 * was last written when the run ended).
 *
 * Returns: %TRUE on success. On failure %FALSE with @error set:
 *   %FL_ERROR_PARSE ("name: line L, byte B: …") for lines that are not
 *   ping output, malformed numbers, a missing header or statistics (a
 *   truncated log), a reply count that disagrees with the statistics, or a
 *   run without any time reference; %G_IO_ERROR_CANCELLED when cancelled; a
 *   #GIOError when reading fails; or the sink's error unchanged. Samples
 *   are only added once the whole log has been read and checked.
 */
gboolean
fl_import_ping_log (GInputStream   *stream,
                    const char     *name,
                    guint64         total_bytes,
                    FlSampleSink   *sink,
                    FlImportCounts *counts,
                    FlProgressFunc  progress,
                    gpointer        progress_data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  PingCtx ctx = { 0 };
  FlImportCounts local = { 0 };
  g_autofree char *buf = g_malloc (READ_SIZE);
  g_autoptr(GString) line = g_string_sized_new (256);
  guint64 offset = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (sink != NULL && sink->series != NULL && sink->add != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.name = name != NULL ? name : "input";
  ctx.replies = g_array_new (FALSE, FALSE, sizeof (Reply));
  ctx.error_seqs = g_array_new (FALSE, FALSE, sizeof (guint32));
  ctx.error_text = g_string_new (NULL);
  ctx.line_no = 1;

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, &ctx.error))
        goto out;
      n = g_input_stream_read (stream, buf, READ_SIZE, cancellable, &ctx.error);
      if (n < 0)
        {
          if (!g_error_matches (ctx.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&ctx.error, "%s: ", ctx.name);
          goto out;
        }
      if (n == 0)
        break;
      for (gssize i = 0; i < n; i++)
        {
          char c = buf[i];

          if (c == '\n')
            {
              if (!parse_line (&ctx, line->str))
                goto out;
              offset += line->len + 1;
              g_string_truncate (line, 0);
              ctx.line_no++;
              ctx.line_offset = offset;
              continue;
            }
          if (c == '\0')
            {
              ctx.line_offset = offset + line->len;
              ping_fail (&ctx, "a NUL byte: this is not a text file");
              goto out;
            }
          if (line->len >= MAX_LINE)
            {
              ping_fail (&ctx, "a line longer than %d bytes", MAX_LINE);
              goto out;
            }
          g_string_append_c (line, c);
        }
      if (progress != NULL && total_bytes > 0)
        progress (MIN (1.0, (double) (offset + line->len) / (double) total_bytes),
                  NULL, progress_data);
    }
  /* A last line without a newline. */
  if (line->len > 0)
    {
      if (!parse_line (&ctx, line->str))
        goto out;
      offset += line->len;
      ctx.line_no++;
      ctx.line_offset = offset;
    }

  if (!emit_run (&ctx, stream, sink, &local))
    goto out;
  if (progress != NULL && total_bytes > 0)
    progress (1.0, NULL, progress_data);
  ok = TRUE;

out:
  if (counts != NULL)
    {
      counts->results += local.results;
      counts->replies += local.replies;
      counts->lost += local.lost;
      counts->dups += local.dups;
      counts->errors += local.errors;
      counts->series += local.series;
      counts->already_present += local.already_present;
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&ctx.error));
  g_clear_error (&ctx.error);
  g_free (ctx.host);
  g_free (ctx.addr);
  g_array_unref (ctx.replies);
  g_array_unref (ctx.error_seqs);
  g_string_free (ctx.error_text, TRUE);
  return ok;
}
