/* fl-import-ripe.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include <yajl/yajl_parse.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "fl-error.h"
#include "fl-import.h"
#include "fl-import-private.h"
#include "fl-json-dom.h"
#include "fl-readahead-stream.h"

/* A streaming importer for RIPE Atlas ping results (a JSON array of result
 * objects, or NDJSON with one result object per line), written against
 * yajl's SAX interface so that memory use does not grow with the file.
 *
 * Keys come in any order, and `result` usually comes before `msm_id`,
 * `prb_id` and `timestamp`, so the packets of one result are buffered in a
 * small array and emitted when the result object closes. Type errors inside
 * a result are also deferred to that point: a non-ping result (a DNS
 * result's `result` is an object, say) is skipped, not rejected. */

#define CHUNK_SIZE        (256 * 1024)
#define PROGRESS_STEP     (1024 * 1024)
#define MAX_DEPTH         128
/* sent/rcvd are guint16 in FlSample; a result never holds more packets. */
#define MAX_PACKETS       G_MAXUINT16
/* Sanity limits shared with the CSV importers. */
#define MIN_TIMESTAMP     631152000.0   /* 1990-01-01T00:00:00Z */
#define MAX_TIMESTAMP     4102444800.0  /* 2100-01-01T00:00:00Z */
#define MAX_RTT_MS        600000.0
/* Longest address kept (an IPv6 address with zone fits easily). */
#define MAX_ADDR_LEN      63
/* Longest error text kept with a ping result (FlStoredResult.error_text). */
#define MAX_ERROR_TEXT    255

typedef enum
{
  KEY_OTHER,
  KEY_TYPE,
  KEY_MSM_ID,
  KEY_PRB_ID,
  KEY_TIMESTAMP,
  KEY_RESULT,
  KEY_AVG,
  KEY_SENT,
  KEY_RCVD,
  KEY_DUP,
  KEY_FW,
  KEY_LTS,
  KEY_AF,
  KEY_PF,
  KEY_MODE,
  KEY_DST_ADDR,
  KEY_ADDR,
  KEY_MSM_NAME,
  KEY_ERROR,
} ResultKey;

typedef enum
{
  PKEY_OTHER,
  PKEY_RTT,
  PKEY_DUP,
  PKEY_X,
  PKEY_ERROR,
} PacketKey;

typedef enum
{
  PLACE_TOP,          /* outside any container */
  PLACE_TOP_ARRAY,    /* directly inside the top-level array */
  PLACE_RESULT,       /* directly inside a result object */
  PLACE_RESULT_ARRAY, /* directly inside a result's `result` array */
  PLACE_PACKET,       /* directly inside an element of `result` */
  PLACE_SKIP,         /* inside something we do not need */
} Place;

/* The kind of a scalar value. */
typedef enum
{
  VAL_NULL,
  VAL_BOOL,
  VAL_INTEGER,
  VAL_DOUBLE,
  VAL_STRING,
} ValueType;

typedef enum
{
  PACKET_REPLY,
  PACKET_LOST,
  PACKET_ERROR,
} PacketKind;

typedef struct
{
  double     rtt_ms;
  PacketKind kind;
  gboolean   dup;
} Packet;

typedef struct
{
  yajl_handle     handle;
  const char     *name;
  FlSampleSink   *sink;
  FlImportCounts *counts;
  GHashTable     *series;      /* set of SeriesEntry */

  /* Position of the chunk being parsed, for error messages. */
  const guint8   *chunk;
  guint64         chunk_offset;  /* file offset of chunk[0] */
  guint64         chunk_lines;   /* newlines before chunk[0] */

  /* Structure. */
  guint           depth;         /* open containers */
  guint           result_depth;  /* depth of the result object, 0 if none */
  guint           skip_depth;    /* depth of a skipped container, 0 if none */
  gboolean        top_array;
  gboolean        in_result_array;
  gboolean        in_packet;
  ResultKey       key;
  PacketKey       pkey;

  /* The result object being read. */
  gboolean        has_type;
  gboolean        is_ping;
  gboolean        has_msm_id;
  gboolean        has_prb_id;
  gboolean        has_timestamp;
  gboolean        has_avg;
  gboolean        has_sent;
  gboolean        has_rcvd;
  gboolean        has_result_array;
  gint64          msm_id;
  gint64          prb_id;
  double          timestamp;
  double          avg;
  gint64          sent;
  gint64          rcvd;
  gboolean        has_dup;
  gboolean        has_fw;
  gboolean        has_lts;
  gboolean        not_ping_name; /* `msm_name` present and not "Ping" */
  gboolean        ping_keys;     /* `rtt`, `x` or `error` in a `result` element */
  gint64          dup;
  gint64          fw;
  gint64          lts;
  gint            af;            /* from `af` */
  gint            mode_af;       /* from `mode` ("ICMP4", "UDP6", …) */
  gint            pf;            /* from `pf` (old firmware) */
  char            dst_addr[MAX_ADDR_LEN + 1];  /* `dst_addr`, "" if none */
  char            addr[MAX_ADDR_LEN + 1];      /* `addr` (fw < 4460) */
  GString        *error_text;    /* first error text, "" if none */
  GArray         *packets;       /* of Packet, reused */
  char           *deferred;      /* first type error in this result */

  /* The packet being read. */
  gboolean        p_rtt_set;
  gboolean        p_dup;
  gboolean        p_x;
  gboolean        p_error;
  double          p_rtt;

  /* A number parsed by simdjson (fl_json_dom_walk()), not text. */
  gboolean        num_set;
  gboolean        num_i_valid;
  double          num_d;
  gint64          num_i;
  /* Events yajl reports for the bytes that put it back where the fast
   * path stopped (ripe_fast()); ignored. */
  gboolean        muted;

  GError         *error;
} RipeCtx;

static guint64
count_newlines (const guint8 *data,
                gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;
  guint64 n = 0;

  while (p < end && (p = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      n++;
      p++;
    }

  return n;
}

/* "name: line L, byte B" for the parser's current position. */
static char *
ctx_position (RipeCtx *ctx)
{
  guint64 consumed = 0;
  guint64 line = ctx->chunk_lines + 1;

  if (ctx->chunk != NULL)
    {
      consumed = yajl_get_bytes_consumed (ctx->handle);
      line += count_newlines (ctx->chunk, consumed);
    }

  return g_strdup_printf ("%s: line %" G_GUINT64_FORMAT ", byte %"
                          G_GUINT64_FORMAT, ctx->name, line,
                          ctx->chunk_offset + consumed);
}

static void ctx_fail (RipeCtx    *ctx,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

/* Sets a fatal FL_ERROR_PARSE at the current position. */
static void
ctx_fail (RipeCtx    *ctx,
          const char *format,
          ...)
{
  g_autofree char *pos = NULL;
  g_autofree char *msg = NULL;
  va_list args;

  if (ctx->error != NULL)
    return;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  pos = ctx_position (ctx);
  g_set_error (&ctx->error, FL_ERROR, FL_ERROR_PARSE, "%s: %s", pos, msg);
}

static void ctx_defer (RipeCtx    *ctx,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

/* Remembers a type error in the current result; it becomes fatal only if
 * the result turns out to be a ping result. */
static void
ctx_defer (RipeCtx    *ctx,
           const char *format,
           ...)
{
  g_autofree char *pos = NULL;
  g_autofree char *msg = NULL;
  va_list args;

  if (ctx->deferred != NULL)
    return;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  pos = ctx_position (ctx);
  ctx->deferred = g_strdup_printf ("%s: %s", pos, msg);
}

static const char *
result_key_name (ResultKey key)
{
  switch (key)
    {
    case KEY_TYPE: return "type";
    case KEY_MSM_ID: return "msm_id";
    case KEY_PRB_ID: return "prb_id";
    case KEY_TIMESTAMP: return "timestamp";
    case KEY_RESULT: return "result";
    case KEY_AVG: return "avg";
    case KEY_SENT: return "sent";
    case KEY_RCVD: return "rcvd";
    case KEY_DUP: return "dup";
    case KEY_FW: return "fw";
    case KEY_LTS: return "lts";
    case KEY_AF: return "af";
    case KEY_PF: return "pf";
    case KEY_MODE: return "mode";
    case KEY_DST_ADDR: return "dst_addr";
    case KEY_ADDR: return "addr";
    case KEY_MSM_NAME: return "msm_name";
    case KEY_ERROR: return "error";
    case KEY_OTHER:
    default:
      return "?";
    }
}

static const char *
packet_key_name (PacketKey key)
{
  switch (key)
    {
    case PKEY_RTT: return "rtt";
    case PKEY_DUP: return "dup";
    case PKEY_X: return "x";
    case PKEY_ERROR: return "error";
    case PKEY_OTHER:
    default:
      return "?";
    }
}

#define KEY_IS(k, l, lit) ((l) == sizeof (lit) - 1 && memcmp ((k), (lit), (l)) == 0)

/* Called for every key of every result: dispatch on the length first. */
static ResultKey
lookup_result_key (const unsigned char *k,
                   size_t               l)
{
  switch (l)
    {
    case 2:
      if (KEY_IS (k, l, "fw"))
        return KEY_FW;
      if (KEY_IS (k, l, "af"))
        return KEY_AF;
      if (KEY_IS (k, l, "pf"))
        return KEY_PF;
      break;
    case 3:
      if (KEY_IS (k, l, "avg"))
        return KEY_AVG;
      if (KEY_IS (k, l, "lts"))
        return KEY_LTS;
      if (KEY_IS (k, l, "dup"))
        return KEY_DUP;
      break;
    case 4:
      if (KEY_IS (k, l, "sent"))
        return KEY_SENT;
      if (KEY_IS (k, l, "rcvd"))
        return KEY_RCVD;
      if (KEY_IS (k, l, "type"))
        return KEY_TYPE;
      if (KEY_IS (k, l, "addr"))
        return KEY_ADDR;
      if (KEY_IS (k, l, "mode"))
        return KEY_MODE;
      break;
    case 5:
      if (KEY_IS (k, l, "error"))
        return KEY_ERROR;
      break;
    case 6:
      if (KEY_IS (k, l, "result"))
        return KEY_RESULT;
      if (KEY_IS (k, l, "msm_id"))
        return KEY_MSM_ID;
      if (KEY_IS (k, l, "prb_id"))
        return KEY_PRB_ID;
      break;
    case 8:
      if (KEY_IS (k, l, "dst_addr"))
        return KEY_DST_ADDR;
      if (KEY_IS (k, l, "msm_name"))
        return KEY_MSM_NAME;
      break;
    case 9:
      if (KEY_IS (k, l, "timestamp"))
        return KEY_TIMESTAMP;
      break;
    default:
      break;
    }
  return KEY_OTHER;
}

static PacketKey
lookup_packet_key (const unsigned char *k,
                   size_t               l)
{
  if (KEY_IS (k, l, "rtt"))
    return PKEY_RTT;
  if (KEY_IS (k, l, "dup"))
    return PKEY_DUP;
  if (KEY_IS (k, l, "x"))
    return PKEY_X;
  if (KEY_IS (k, l, "error"))
    return PKEY_ERROR;
  return PKEY_OTHER;
}

static Place
ctx_place (RipeCtx *ctx)
{
  if (ctx->skip_depth > 0)
    return PLACE_SKIP;
  if (ctx->result_depth == 0)
    return ctx->depth == 0 ? PLACE_TOP : PLACE_TOP_ARRAY;
  if (ctx->depth == ctx->result_depth)
    return PLACE_RESULT;
  if (ctx->in_packet && ctx->depth == ctx->result_depth + 2)
    return PLACE_PACKET;
  if (ctx->in_result_array && ctx->depth == ctx->result_depth + 1)
    return PLACE_RESULT_ARRAY;
  return PLACE_SKIP;
}

/* Exact powers of ten (all representable in a double). */
static const double pow10_exact[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The common case of a JSON number, `-?digits(.digits)?` with at most 15
 * significant digits and at most 22 of them after the point: the digits as
 * an integer m < 2^53 and the power of ten are both exact doubles, so one
 * IEEE multiplication or division gives the correctly rounded value, the
 * same as strtod() (Clinger, "How to read floating point numbers
 * accurately", PLDI 1990). FALSE for anything else (exponents, long
 * mantissas), which goes to g_ascii_strtod(). */
static gboolean
parse_double_fast (const char *s,
                   size_t      len,
                   double     *out)
{
  const char *p = s, *end = s + len;
  gboolean negative = FALSE;
  guint64 m = 0;
  guint digits = 0, frac = 0;
  double v;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p == end || !g_ascii_isdigit (*p))
    return FALSE;
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      m = m * 10 + (guint64) (*p - '0');
      if (m != 0)
        digits++;
    }
  if (p < end && *p == '.')
    {
      p++;
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          m = m * 10 + (guint64) (*p - '0');
          if (m != 0)
            digits++;
          frac++;
        }
    }
  if (p != end || digits > 15 || frac > 22)
    return FALSE;

  v = frac > 0 ? (double) m / pow10_exact[frac] : (double) m;
  /* An integer is converted as an integer: "-0" is 0, as simdjson has it
   * (the fast path), while "-0.0" stays -0.0 in both. */
  *out = negative && (frac > 0 || m != 0) ? -v : v;
  return TRUE;
}

/* JSON numbers as yajl hands them over (valid JSON number syntax). */
static gboolean
parse_double (const char *s,
              size_t      len,
              double     *out)
{
  char buf[64];
  g_autofree char *copy = NULL;
  const char *text;
  char *end = NULL;
  double v;

  if (parse_double_fast (s, len, out))
    return TRUE;

  if (len < sizeof buf)
    {
      memcpy (buf, s, len);
      buf[len] = '\0';
      text = buf;
    }
  else
    {
      copy = g_strndup (s, len);
      text = copy;
    }

  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;

  *out = v;
  return TRUE;
}

static gboolean
parse_int (const char *s,
           size_t      len,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  char buf[32];

  /* Fast path: up to 18 digits, optionally negative (no overflow). */
  if (len > 0 && len <= 18)
    {
      gboolean negative = s[0] == '-';
      gint64 v = 0;
      size_t i = negative ? 1 : 0;

      if (i < len)
        {
          for (; i < len && g_ascii_isdigit (s[i]); i++)
            v = v * 10 + (s[i] - '0');
          if (i == len)
            {
              if (negative)
                v = -v;
              if (v < min || v > max)
                return FALSE;
              *out = v;
              return TRUE;
            }
        }
    }

  if (len == 0 || len >= sizeof buf)
    return FALSE;
  memcpy (buf, s, len);
  buf[len] = '\0';

  return g_ascii_string_to_signed (buf, 10, min, max, out, NULL);
}

/* A number of the current event as a double: simdjson's value (fast
 * path) or yajl's text parsed. */
static gboolean
scalar_double (RipeCtx    *ctx,
               const char *s,
               size_t      len,
               double     *out)
{
  if (ctx->num_set)
    {
      if (!isfinite (ctx->num_d))
        return FALSE;
      *out = ctx->num_d;
      return TRUE;
    }
  return parse_double (s, len, out);
}

/* An integer of the current event in [min, max], as scalar_double(). */
static gboolean
scalar_int (RipeCtx    *ctx,
            const char *s,
            size_t      len,
            gint64      min,
            gint64      max,
            gint64     *out)
{
  if (ctx->num_set)
    {
      if (!ctx->num_i_valid || ctx->num_i < min || ctx->num_i > max)
        return FALSE;
      *out = ctx->num_i;
      return TRUE;
    }
  return parse_int (s, len, min, max, out);
}

/* Keeps the first error text of a result, cut at a character boundary. */
static void
keep_error_text (RipeCtx    *ctx,
                 const char *s,
                 size_t      len)
{
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

static void
reset_result (RipeCtx *ctx)
{
  ctx->has_type = FALSE;
  ctx->is_ping = FALSE;
  ctx->has_msm_id = FALSE;
  ctx->has_prb_id = FALSE;
  ctx->has_timestamp = FALSE;
  ctx->has_avg = FALSE;
  ctx->has_sent = FALSE;
  ctx->has_rcvd = FALSE;
  ctx->has_result_array = FALSE;
  ctx->has_dup = FALSE;
  ctx->has_fw = FALSE;
  ctx->has_lts = FALSE;
  ctx->not_ping_name = FALSE;
  ctx->ping_keys = FALSE;
  ctx->af = 0;
  ctx->mode_af = 0;
  ctx->pf = 0;
  ctx->dst_addr[0] = '\0';
  ctx->addr[0] = '\0';
  g_string_truncate (ctx->error_text, 0);
  ctx->in_result_array = FALSE;
  ctx->in_packet = FALSE;
  ctx->key = KEY_OTHER;
  g_array_set_size (ctx->packets, 0);
  g_clear_pointer (&ctx->deferred, g_free);
}

static void
reset_packet (RipeCtx *ctx)
{
  ctx->p_rtt_set = FALSE;
  ctx->p_dup = FALSE;
  ctx->p_x = FALSE;
  ctx->p_error = FALSE;
  ctx->p_rtt = NAN;
  ctx->pkey = PKEY_OTHER;
}

static gboolean
ctx_push (RipeCtx *ctx)
{
  if (ctx->depth >= MAX_DEPTH)
    {
      ctx_fail (ctx, "JSON nested more than %d levels deep", MAX_DEPTH);
      return FALSE;
    }
  ctx->depth++;
  return TRUE;
}

/* Opens a container we do not need; everything in it is ignored. */
static int
ctx_skip_container (RipeCtx *ctx)
{
  if (!ctx_push (ctx))
    return 0;
  ctx->skip_depth = ctx->depth;
  return 1;
}

/* Key of the series cache: a series is one (msm_id, prb_id). */
typedef struct
{
  gint64 msm_id;
  gint64 prb_id;
  gint64 series_id;
} SeriesEntry;

static guint
series_entry_hash (gconstpointer p)
{
  const SeriesEntry *e = p;
  guint64 h = (guint64) e->msm_id * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^
              (guint64) e->prb_id;

  return (guint) (h ^ (h >> 32));
}

static gboolean
series_entry_equal (gconstpointer a,
                    gconstpointer b)
{
  const SeriesEntry *x = a, *y = b;

  return x->msm_id == y->msm_id && x->prb_id == y->prb_id;
}

static gint64
resolve_series (RipeCtx  *ctx,
                GError  **error)
{
  char key[96];
  SeriesEntry probe = { ctx->msm_id, ctx->prb_id, 0 };
  SeriesEntry *cached;
  g_autofree char *label = NULL;
  gint64 id;

  /* Looked up for every result: integers, not the formatted key. */
  cached = g_hash_table_lookup (ctx->series, &probe);
  if (cached != NULL)
    return cached->series_id;

  g_snprintf (key, sizeof key, "ripe:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
              ctx->msm_id, ctx->prb_id);

  label = g_strdup_printf ("Probe %" G_GINT64_FORMAT " \302\267 msm %"
                           G_GINT64_FORMAT, ctx->prb_id, ctx->msm_id);
  id = ctx->sink->series (ctx->sink->user_data, key, label, ctx->prb_id,
                          error);
  if (id <= 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                     "%s: could not create series %s", ctx->name, key);
      return -1;
    }

  cached = g_new (SeriesEntry, 1);
  *cached = probe;
  cached->series_id = id;
  g_hash_table_add (ctx->series, cached);
  ctx->counts->series++;

  return id;
}

static gboolean
emit (RipeCtx *ctx,
      gint64   series_id,
      double   rtt_ms,
      guint    sent,
      guint    rcvd,
      guint32  flags)
{
  FlSample sample = {
    .series_id = series_id,
    .ts_s = ctx->timestamp,
    .rtt_ms = rtt_ms,
    .sent = (guint16) sent,
    .rcvd = (guint16) rcvd,
    .flags = flags,
  };

  return ctx->sink->add (ctx->sink->user_data, &sample, &ctx->error);
}

/* The address family: `af` (fw >= 4460), else `mode` (fw 4400), else `pf`
 * (older firmware), else from the address itself (methodology §5.1). */
static gint
result_af (RipeCtx    *ctx,
           const char *addr)
{
  if (ctx->af != 0)
    return ctx->af;
  if (ctx->mode_af != 0)
    return ctx->mode_af;
  if (ctx->pf != 0)
    return ctx->pf;
  if (addr != NULL && strchr (addr, ':') != NULL)
    return 6;
  if (addr != NULL && strchr (addr, '.') != NULL)
    return 4;
  return 0;
}

/* Whether the result is a ping result: its `type`, or for old firmware
 * without `type`, `msm_name`, or else the presence of the ping summary keys
 * or of ping replies (`rtt`, `x`, `error`) directly in `result` (a
 * traceroute's `result` holds hops, a DNS result's is an object). */
static gboolean
result_is_ping (RipeCtx *ctx)
{
  if (ctx->has_type)
    return ctx->is_ping;
  if (ctx->not_ping_name)
    return FALSE;
  return ctx->has_sent || ctx->has_rcvd || ctx->has_avg || ctx->ping_keys;
}

/* The result object closed: check it and emit its samples. */
static int
finish_result (RipeCtx *ctx)
{
  FlImportCounts *counts = ctx->counts;
  FlResultInfo info = { 0 };
  guint n_replies = 0, n_dups = 0, n_errors = 0, n_lost = 0;
  gint64 series_id;
  const char *addr;

  if (!result_is_ping (ctx))
    {
      counts->skipped++;
      return 1;
    }

  if (ctx->deferred != NULL)
    {
      g_set_error_literal (&ctx->error, FL_ERROR, FL_ERROR_PARSE,
                           ctx->deferred);
      return 0;
    }
  if (!ctx->has_msm_id || !ctx->has_prb_id || !ctx->has_timestamp)
    {
      ctx_fail (ctx, "ping result without \342\200\234%s\342\200\235",
                !ctx->has_msm_id ? "msm_id" :
                !ctx->has_prb_id ? "prb_id" : "timestamp");
      return 0;
    }
  if (ctx->timestamp < MIN_TIMESTAMP || ctx->timestamp >= MAX_TIMESTAMP)
    {
      ctx_fail (ctx, "timestamp %.0f is not between 1990 and 2100",
                ctx->timestamp);
      return 0;
    }
  if (ctx->packets->len == 0 && !ctx->has_sent)
    {
      ctx_fail (ctx, "ping result has neither a \342\200\234result\342\200\235 "
                "array nor \342\200\234sent\342\200\235");
      return 0;
    }
  if (ctx->has_sent && ctx->has_rcvd && ctx->rcvd > ctx->sent)
    {
      ctx_fail (ctx, "ping result with rcvd = %" G_GINT64_FORMAT " > sent = %"
                G_GINT64_FORMAT, ctx->rcvd, ctx->sent);
      return 0;
    }
  if (ctx->packets->len == 0 && ctx->has_rcvd && ctx->rcvd > 0 &&
      (!ctx->has_avg || ctx->avg < 0))
    {
      ctx_fail (ctx, "ping result with rcvd = %" G_GINT64_FORMAT
                " has no valid \342\200\234avg\342\200\235", ctx->rcvd);
      return 0;
    }

  counts->results++;
  series_id = resolve_series (ctx, &ctx->error);
  if (series_id <= 0)
    return 0;

  for (guint i = 0; i < ctx->packets->len; i++)
    {
      const Packet *p = &g_array_index (ctx->packets, Packet, i);

      if (p->kind == PACKET_REPLY && p->dup)
        n_dups++;
      else if (p->kind == PACKET_REPLY)
        n_replies++;
      else if (p->kind == PACKET_ERROR)
        n_errors++;
      else
        n_lost++;
    }

  addr = ctx->dst_addr[0] != '\0' ? ctx->dst_addr :
         ctx->addr[0] != '\0' ? ctx->addr : NULL;
  info.series_id = series_id;
  info.ts_s = ctx->timestamp;
  info.msm_id = ctx->msm_id;
  info.probe_id = ctx->prb_id;
  info.dst_addr = addr;
  info.af = result_af (ctx, addr);
  if (ctx->packets->len > 0)
    {
      info.sent = ctx->has_sent ? (guint) ctx->sent : n_replies + n_lost + n_errors;
      info.rcvd = ctx->has_rcvd ? (guint) ctx->rcvd : n_replies;
      info.dups = ctx->has_dup ? (guint) ctx->dup : n_dups;
    }
  else
    {
      info.sent = (guint) ctx->sent;
      info.rcvd = ctx->has_rcvd ? (guint) ctx->rcvd : 0;
      info.dups = ctx->has_dup ? (guint) ctx->dup : 0;
    }
  info.errors = n_errors;
  if (n_errors == 0 && ctx->error_text->len > 0)
    info.errors = 1;
  info.error_text = ctx->error_text->len > 0 ? ctx->error_text->str : NULL;
  info.fw = ctx->has_fw ? ctx->fw : -1;
  info.lts = ctx->has_lts ? ctx->lts : -1;

  if (ctx->sink->result != NULL)
    {
      gint64 result_id = ctx->sink->result (ctx->sink->user_data, &info,
                                            &ctx->error);

      if (result_id < 0)
        {
          if (ctx->error == NULL)
            ctx_fail (ctx, "the result could not be stored");
          return 0;
        }
      if (result_id == 0)
        {
          /* Stored before (an overlapping download): keep the old copy. */
          counts->already_present++;
          return 1;
        }
    }

  if (ctx->packets->len > 0)
    {
      for (guint i = 0; i < ctx->packets->len; i++)
        {
          const Packet *p = &g_array_index (ctx->packets, Packet, i);
          gboolean ok;

          switch (p->kind)
            {
            case PACKET_REPLY:
              ok = emit (ctx, series_id, p->rtt_ms, 1, 1,
                         p->dup ? FL_SAMPLE_DUP : FL_SAMPLE_NONE);
              counts->replies++;
              if (p->dup)
                counts->dups++;
              break;
            case PACKET_ERROR:
              ok = emit (ctx, series_id, NAN, 1, 0,
                         FL_SAMPLE_LOST | FL_SAMPLE_ERROR);
              counts->errors++;
              counts->lost++;
              break;
            case PACKET_LOST:
            default:
              ok = emit (ctx, series_id, NAN, 1, 0, FL_SAMPLE_LOST);
              counts->lost++;
              break;
            }
          if (!ok)
            return 0;
        }
      return 1;
    }

  /* No per-packet entries (fw 1, or an empty `result`): one aggregate row. */
  {
    gint64 sent = ctx->sent;
    gint64 rcvd = ctx->has_rcvd ? ctx->rcvd : 0;

    if (rcvd > 0)
      {
        if (!emit (ctx, series_id, ctx->avg, (guint) sent, (guint) rcvd,
                   FL_SAMPLE_AGGREGATE))
          return 0;
        counts->replies += (guint64) rcvd;
        if (sent > rcvd)
          counts->lost += (guint64) (sent - rcvd);
      }
    else if (sent > 0)
      {
        if (!emit (ctx, series_id, NAN, (guint) sent, 0,
                   FL_SAMPLE_LOST | FL_SAMPLE_AGGREGATE))
          return 0;
        counts->lost += (guint64) sent;
      }
  }

  return 1;
}

static void
finish_packet (RipeCtx *ctx)
{
  Packet p = { .rtt_ms = NAN, .dup = FALSE };

  if (ctx->p_rtt_set)
    {
      p.kind = PACKET_REPLY;
      p.rtt_ms = ctx->p_rtt;
      p.dup = ctx->p_dup;
    }
  else if (ctx->p_error)
    p.kind = PACKET_ERROR;
  else if (ctx->p_x)
    p.kind = PACKET_LOST;
  else
    return; /* an element we do not know (e.g. only "src_addr") */

  g_array_append_val (ctx->packets, p);
}

static int
on_scalar_in_result (RipeCtx    *ctx,
                     ValueType   type,
                     const char *s,
                     size_t      len)
{
  const char *k = result_key_name (ctx->key);

  switch (ctx->key)
    {
    case KEY_TYPE:
      if (type == VAL_STRING)
        {
          ctx->has_type = TRUE;
          ctx->is_ping = KEY_IS (s, len, "ping");
        }
      else if (type != VAL_NULL)
        {
          /* Reported as an error rather than skipped as "not ping". */
          ctx->has_type = TRUE;
          ctx->is_ping = TRUE;
          ctx_defer (ctx, "\342\200\234type\342\200\235 is not a string");
        }
      break;

    case KEY_MSM_ID:
    case KEY_PRB_ID:
      {
        gint64 v;

        if (type != VAL_INTEGER || !scalar_int (ctx, s, len, 0, G_MAXINT64, &v))
          {
            ctx_defer (ctx, "\342\200\234%s\342\200\235 is not a non-negative "
                       "integer", k);
            break;
          }
        if (ctx->key == KEY_MSM_ID)
          {
            ctx->msm_id = v;
            ctx->has_msm_id = TRUE;
          }
        else
          {
            ctx->prb_id = v;
            ctx->has_prb_id = TRUE;
          }
      }
      break;

    case KEY_TIMESTAMP:
      if ((type != VAL_INTEGER && type != VAL_DOUBLE) ||
          !scalar_double (ctx, s, len, &ctx->timestamp))
        ctx_defer (ctx, "\342\200\234timestamp\342\200\235 is not a number");
      else
        ctx->has_timestamp = TRUE;
      break;

    case KEY_AVG:
      if (type == VAL_NULL)
        ctx->has_avg = FALSE;
      else if ((type != VAL_INTEGER && type != VAL_DOUBLE) ||
               !scalar_double (ctx, s, len, &ctx->avg))
        ctx_defer (ctx, "\342\200\234avg\342\200\235 is not a number");
      else if (ctx->avg > MAX_RTT_MS)
        ctx_defer (ctx, "\342\200\234avg\342\200\235 %g ms is absurd", ctx->avg);
      else
        ctx->has_avg = TRUE;
      break;

    case KEY_SENT:
    case KEY_RCVD:
      {
        gint64 v;

        if (type == VAL_NULL)
          break;
        if (type != VAL_INTEGER || !scalar_int (ctx, s, len, 0, G_MAXUINT16, &v))
          {
            ctx_defer (ctx, "\342\200\234%s\342\200\235 is not an integer "
                       "between 0 and %u", k, G_MAXUINT16);
            break;
          }
        if (ctx->key == KEY_SENT)
          {
            ctx->sent = v;
            ctx->has_sent = TRUE;
          }
        else
          {
            ctx->rcvd = v;
            ctx->has_rcvd = TRUE;
          }
      }
      break;

    case KEY_RESULT:
      if (type != VAL_NULL)
        ctx_defer (ctx, "\342\200\234result\342\200\235 is not an array");
      break;

    case KEY_DUP:
    case KEY_FW:
      {
        gint64 v;

        if (type == VAL_NULL)
          break;
        if (type != VAL_INTEGER ||
            !scalar_int (ctx, s, len, 0, ctx->key == KEY_DUP ? G_MAXUINT16 : G_MAXINT32, &v))
          {
            ctx_defer (ctx, "\342\200\234%s\342\200\235 is not a "
                       "non-negative integer", k);
            break;
          }
        if (ctx->key == KEY_DUP)
          {
            ctx->dup = v;
            ctx->has_dup = TRUE;
          }
        else
          {
            ctx->fw = v;
            ctx->has_fw = TRUE;
          }
      }
      break;

    case KEY_LTS:
      /* Seconds since the last clock sync; -1 = unknown (sagan: None). */
      if (type == VAL_NULL)
        break;
      if (type != VAL_INTEGER ||
          !scalar_int (ctx, s, len, G_MININT32, G_MAXINT32, &ctx->lts))
        ctx_defer (ctx, "\342\200\234lts\342\200\235 is not an integer");
      else
        ctx->has_lts = ctx->lts >= 0;
      break;

    case KEY_AF:
    case KEY_PF:
      {
        gint64 v;

        if (type == VAL_NULL)
          break;
        if (type != VAL_INTEGER || !scalar_int (ctx, s, len, 0, 255, &v) ||
            (v != 4 && v != 6))
          {
            ctx_defer (ctx, "\342\200\234%s\342\200\235 is neither 4 nor 6", k);
            break;
          }
        if (ctx->key == KEY_AF)
          ctx->af = (gint) v;
        else
          ctx->pf = (gint) v;
      }
      break;

    case KEY_MODE:
      /* fw 4400–4459: "ICMP4", "ICMP6", "UDP4", "TCP6", … */
      if (type == VAL_STRING && len > 0 && (s[len - 1] == '4' || s[len - 1] == '6'))
        ctx->mode_af = s[len - 1] - '0';
      else if (type != VAL_STRING && type != VAL_NULL)
        ctx_defer (ctx, "\342\200\234mode\342\200\235 is not a string");
      break;

    case KEY_DST_ADDR:
    case KEY_ADDR:
      {
        char *dest = ctx->key == KEY_DST_ADDR ? ctx->dst_addr : ctx->addr;

        if (type == VAL_NULL)
          break;
        if (type != VAL_STRING)
          ctx_defer (ctx, "\342\200\234%s\342\200\235 is not a string", k);
        else if (len > MAX_ADDR_LEN || memchr (s, '\0', len) != NULL)
          ctx_defer (ctx, "\342\200\234%s\342\200\235 is not an address", k);
        else
          {
            memcpy (dest, s, len);
            dest[len] = '\0';
          }
      }
      break;

    case KEY_MSM_NAME:
      if (type == VAL_STRING)
        ctx->not_ping_name = !KEY_IS (s, len, "Ping");
      break;

    case KEY_ERROR:
      /* A result-level error (old firmware); kept as text. */
      if (type == VAL_STRING && ctx->error_text->len == 0)
        keep_error_text (ctx, s, len);
      break;

    case KEY_OTHER:
    default:
      break;
    }

  return 1;
}

static int
on_scalar_in_packet (RipeCtx    *ctx,
                     ValueType   type,
                     const char *s,
                     size_t      len)
{
  switch (ctx->pkey)
    {
    case PKEY_RTT:
      if ((type != VAL_INTEGER && type != VAL_DOUBLE) ||
          !scalar_double (ctx, s, len, &ctx->p_rtt))
        ctx_defer (ctx, "\342\200\234rtt\342\200\235 is not a number");
      else if (ctx->p_rtt < 0 || ctx->p_rtt > MAX_RTT_MS)
        ctx_defer (ctx, "\342\200\234rtt\342\200\235 %g ms is out of range",
                   ctx->p_rtt);
      else
        ctx->p_rtt_set = TRUE;
      break;

    case PKEY_DUP:
      if (type == VAL_BOOL)
        ctx->p_dup = KEY_IS (s, len, "true");
      else if (type == VAL_INTEGER || type == VAL_DOUBLE)
        {
          double v = 0;

          ctx->p_dup = scalar_double (ctx, s, len, &v) && v != 0;
        }
      else if (type != VAL_NULL)
        ctx_defer (ctx, "\342\200\234dup\342\200\235 is not a number");
      break;

    case PKEY_X:
      ctx->p_x = TRUE;
      break;

    case PKEY_ERROR:
      ctx->p_error = TRUE;
      if (type == VAL_STRING && ctx->error_text->len == 0)
        keep_error_text (ctx, s, len);
      break;

    case PKEY_OTHER:
    default:
      break;
    }

  return 1;
}

static int
on_scalar (RipeCtx    *ctx,
           ValueType   type,
           const char *s,
           size_t      len)
{
  if (ctx->muted)
    return 1;
  switch (ctx_place (ctx))
    {
    case PLACE_SKIP:
      return 1;
    case PLACE_TOP:
    case PLACE_TOP_ARRAY:
      ctx_fail (ctx, "expected a result object");
      return 0;
    case PLACE_RESULT:
      return on_scalar_in_result (ctx, type, s, len);
    case PLACE_RESULT_ARRAY:
      ctx_defer (ctx, "an element of \342\200\234result\342\200\235 is not an "
                 "object");
      return 1;
    case PLACE_PACKET:
      return on_scalar_in_packet (ctx, type, s, len);
    default:
      break;
    }

  g_return_val_if_reached (0);
}

static int
cb_null (void *data)
{
  return on_scalar (data, VAL_NULL, NULL, 0);
}

static int
cb_boolean (void *data,
            int   value)
{
  return on_scalar (data, VAL_BOOL, value ? "true" : "false",
                    value ? 4 : 5);
}

static int
cb_number (void       *data,
           const char *s,
           size_t      len)
{
  /* JSON numbers without fraction or exponent are integers. */
  ValueType type = VAL_INTEGER;

  for (size_t i = 0; i < len; i++)
    if (s[i] == '.' || s[i] == 'e' || s[i] == 'E')
      {
        type = VAL_DOUBLE;
        break;
      }

  return on_scalar (data, type, s, len);
}

static int
cb_string (void                *data,
           const unsigned char *s,
           size_t               len)
{
  return on_scalar (data, VAL_STRING, (const char *) s, len);
}

/* A key: the state it sets, and whether its value is needed (1) or is
 * ignored when it is a scalar (FL_JSON_DOM_SKIP_SCALAR: an unknown key of a
 * result or a packet, or anything inside a skipped container). */
static inline int
on_map_key (RipeCtx             *ctx,
            const unsigned char *key,
            size_t               len)
{
  switch (ctx_place (ctx))
    {
    case PLACE_RESULT:
      ctx->key = lookup_result_key (key, len);
      return ctx->key == KEY_OTHER ? FL_JSON_DOM_SKIP_SCALAR : 1;
    case PLACE_PACKET:
      ctx->pkey = lookup_packet_key (key, len);
      if (ctx->pkey != PKEY_OTHER && ctx->pkey != PKEY_DUP)
        ctx->ping_keys = TRUE;
      return ctx->pkey == PKEY_OTHER ? FL_JSON_DOM_SKIP_SCALAR : 1;
    case PLACE_SKIP:
      return FL_JSON_DOM_SKIP_SCALAR;
    case PLACE_TOP:
    case PLACE_TOP_ARRAY:
    case PLACE_RESULT_ARRAY:
    default:
      return 1;
    }
}

static int
cb_map_key (void                *data,
            const unsigned char *key,
            size_t               len)
{
  RipeCtx *ctx = data;

  if (!ctx->muted)
    on_map_key (ctx, key, len);
  return 1;
}

/* A container opens as the value of the current key of a result or a
 * packet: only `result` may be an array; anything else known is a type
 * error; unknown keys are skipped. */
static int
open_value_container (RipeCtx  *ctx,
                      gboolean  is_array)
{
  Place place = ctx_place (ctx);

  if (place == PLACE_RESULT)
    {
      if (ctx->key == KEY_RESULT && is_array)
        {
          if (!ctx_push (ctx))
            return 0;
          ctx->in_result_array = TRUE;
          ctx->has_result_array = TRUE;
          return 1;
        }
      if (ctx->key == KEY_TYPE)
        {
          ctx->has_type = TRUE;
          ctx->is_ping = TRUE;
        }
      if (ctx->key == KEY_RESULT)
        ctx_defer (ctx, "\342\200\234result\342\200\235 is not an array");
      else if (ctx->key != KEY_OTHER)
        ctx_defer (ctx, "\342\200\234%s\342\200\235 has the wrong type",
                   result_key_name (ctx->key));
      return ctx_skip_container (ctx);
    }

  /* PLACE_PACKET */
  if (ctx->pkey == PKEY_X)
    ctx->p_x = TRUE;
  else if (ctx->pkey == PKEY_ERROR)
    ctx->p_error = TRUE;
  else if (ctx->pkey != PKEY_OTHER)
    ctx_defer (ctx, "\342\200\234%s\342\200\235 is not a number",
               packet_key_name (ctx->pkey));
  return ctx_skip_container (ctx);
}

static int
cb_start_map (void *data)
{
  RipeCtx *ctx = data;

  if (ctx->muted)
    return 1;
  switch (ctx_place (ctx))
    {
    case PLACE_SKIP:
      return ctx_push (ctx);

    case PLACE_TOP:
    case PLACE_TOP_ARRAY:
      if (!ctx_push (ctx))
        return 0;
      reset_result (ctx);
      ctx->result_depth = ctx->depth;
      return 1;

    case PLACE_RESULT:
      return open_value_container (ctx, FALSE);

    case PLACE_RESULT_ARRAY:
      if (ctx->packets->len >= MAX_PACKETS)
        {
          ctx_fail (ctx, "more than %u packets in one result", MAX_PACKETS);
          return 0;
        }
      if (!ctx_push (ctx))
        return 0;
      reset_packet (ctx);
      ctx->in_packet = TRUE;
      return 1;

    case PLACE_PACKET:
      return open_value_container (ctx, FALSE);

    default:
      break;
    }

  g_return_val_if_reached (0);
}

static int
cb_start_array (void *data)
{
  RipeCtx *ctx = data;

  if (ctx->muted)
    return 1;
  switch (ctx_place (ctx))
    {
    case PLACE_SKIP:
      return ctx_push (ctx);

    case PLACE_TOP:
      if (!ctx_push (ctx))
        return 0;
      ctx->top_array = TRUE;
      return 1;

    case PLACE_TOP_ARRAY:
      ctx_fail (ctx, "expected a result object, found an array");
      return 0;

    case PLACE_RESULT:
      return open_value_container (ctx, TRUE);

    case PLACE_RESULT_ARRAY:
      ctx_defer (ctx, "an element of \342\200\234result\342\200\235 is not an "
                 "object");
      return ctx_skip_container (ctx);

    case PLACE_PACKET:
      return open_value_container (ctx, TRUE);

    default:
      break;
    }

  g_return_val_if_reached (0);
}

static int
cb_end_map (void *data)
{
  RipeCtx *ctx = data;
  int ret = 1;

  if (ctx->muted)
    return 1;
  if (ctx->skip_depth > 0)
    {
      if (ctx->depth == ctx->skip_depth)
        ctx->skip_depth = 0;
    }
  else if (ctx->in_packet && ctx->depth == ctx->result_depth + 2)
    {
      finish_packet (ctx);
      ctx->in_packet = FALSE;
    }
  else if (ctx->result_depth > 0 && ctx->depth == ctx->result_depth)
    {
      ret = finish_result (ctx);
      ctx->result_depth = 0;
    }

  ctx->depth--;
  return ret;
}

static int
cb_end_array (void *data)
{
  RipeCtx *ctx = data;

  if (ctx->muted)
    return 1;
  if (ctx->skip_depth > 0)
    {
      if (ctx->depth == ctx->skip_depth)
        ctx->skip_depth = 0;
    }
  else if (ctx->in_result_array && ctx->depth == ctx->result_depth + 1)
    ctx->in_result_array = FALSE;
  else if (ctx->top_array && ctx->result_depth == 0 && ctx->depth == 1)
    ctx->top_array = FALSE;

  ctx->depth--;
  return 1;
}

static const yajl_callbacks ripe_callbacks = {
  .yajl_null = cb_null,
  .yajl_boolean = cb_boolean,
  .yajl_number = cb_number,
  .yajl_string = cb_string,
  .yajl_start_map = cb_start_map,
  .yajl_map_key = cb_map_key,
  .yajl_end_map = cb_end_map,
  .yajl_start_array = cb_start_array,
  .yajl_end_array = cb_end_array,
};

/* Turns a yajl parse error into FL_ERROR_PARSE at the current position. */
static void
set_yajl_error (RipeCtx      *ctx,
                const guint8 *data,
                gsize         len,
                GError      **error)
{
  unsigned char *raw = yajl_get_error (ctx->handle, 0, data, len);
  g_autofree char *msg = g_strstrip (g_strdup ((const char *) raw));
  g_autofree char *pos = NULL;

  yajl_free_error (ctx->handle, raw);
  pos = ctx_position (ctx);
  g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s: invalid JSON (%s)",
               pos, msg);
}

static gboolean
has_content (const guint8 *data,
             gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return TRUE;
  return FALSE;
}

/* Reads @size bytes into @buf (fewer only at the end of the input); a read
 * error says where in the (decompressed) data it happened, @offset being
 * the position of @buf[0]. */
static gboolean
read_input (RipeCtx       *ctx,
            GInputStream  *stream,
            guint8        *buf,
            gsize          size,
            gsize         *n_read,
            guint64        offset,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) read_error = NULL;

  *n_read = 0;
  if (g_input_stream_read_all (stream, buf, size, n_read, cancellable, &read_error))
    return TRUE;
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&read_error));
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                "%s: after byte %" G_GUINT64_FORMAT
                                " of the (decompressed) data: ",
                                ctx->name, offset + *n_read);
  return FALSE;
}

/* Calls @progress at most once per PROGRESS_STEP bytes read. */
static void
report_progress (FlProgressFunc  progress,
                 gpointer        progress_data,
                 guint64         total_bytes,
                 guint64         bytes_read,
                 guint64        *last_progress)
{
  if (progress != NULL && total_bytes > 0 && bytes_read - *last_progress >= PROGRESS_STEP)
    {
      progress (MIN (1.0, (double) bytes_read / (double) total_bytes), NULL, progress_data);
      *last_progress = bytes_read;
    }
}

/* Feeds @len bytes, found at input offset @offset, to yajl. */
static gboolean
feed_yajl (RipeCtx       *ctx,
           const guint8  *data,
           gsize          len,
           guint64        offset,
           gboolean      *saw_content,
           GError       **error)
{
  yajl_status st;

  ctx->chunk = data;
  ctx->chunk_offset = offset;
  if (!*saw_content)
    *saw_content = has_content (data, len);
  if (len == 0)
    return TRUE;
  st = yajl_parse (ctx->handle, data, len);
  if (st == yajl_status_client_canceled)
    {
      if (ctx->error == NULL)
        ctx_fail (ctx, "import aborted");
      g_propagate_error (error, g_steal_pointer (&ctx->error));
      return FALSE;
    }
  if (st != yajl_status_ok)
    {
      set_yajl_error (ctx, data, len, error);
      return FALSE;
    }
  ctx->chunk_lines += count_newlines (data, len);
  return TRUE;
}

/* ---- fast path --------------------------------------------------------
 *
 * yajl reads about 350 MB/s here. The fast path finds each top-level
 * result object with a vectorised scan (strings, escapes and brackets
 * only), has simdjson parse and validate it whole, and walks it through
 * the same callbacks as yajl (fl-json-dom.cc), so the state machine above
 * sees the same events with the same values. It handles the shapes that
 * RIPE Atlas writes: `[` result objects separated by commas `]`, or result
 * objects separated by whitespace (NDJSON). At anything else (invalid
 * JSON, a callback error, an element that is not an object, a raw control
 * character in a string, a result larger than the window, the end of the
 * input in the middle of a result) it hands over to yajl: yajl is first
 * fed a few muted bytes that put it in the state the fast path reached
 * ("[", "[{}", "[]" or "{}") and then the input from the end of the last
 * result the fast path took. Errors are therefore yajl's and the state
 * machine's, at the same positions, whichever path met them. */

#define WINDOW_SIZE (4 * 1024 * 1024)

/* What a test set with _fl_import_ripe_set_fast_path(). */
static gboolean fast_enabled = TRUE;
static gsize window_size = WINDOW_SIZE;

/**
 * _fl_import_ripe_set_fast_path:
 * @enabled: whether fl_import_ripe_json() tries the simdjson path first
 * @window: bytes the fast path reads at a time; 0 restores the default
 *   (4 MiB). A result larger than the window goes to yajl.
 *
 * For tests, which compare both paths and put the window's edges
 * everywhere. Not thread safe: call it while no import runs.
 */
void
_fl_import_ripe_set_fast_path (gboolean enabled,
                               gsize    window)
{
  fast_enabled = enabled;
  window_size = window > 0 ? window : WINDOW_SIZE;
}

/* The most bytes of an unfinished result the fast path puts in front of a
 * read-ahead stream's next block (its headroom, less the byte before that
 * a batch writes: see batch_fill()); more go to the window. */
#define CARRY_MAX (FL_READAHEAD_HEADROOM - 16)

static gsize carry_max = CARRY_MAX;

G_STATIC_ASSERT (FL_READAHEAD_PADDING >= FL_JSON_DOM_PADDING + 16);

/**
 * _fl_import_ripe_set_carry_max:
 * @max: at most %FL_READAHEAD_HEADROOM - 16; 0 restores that default
 *
 * For tests, which make the fast path switch between parsing a read-ahead
 * stream's blocks in place and copying into its window. Not thread safe.
 */
void
_fl_import_ripe_set_carry_max (gsize max)
{
  carry_max = max > 0 ? MIN (max, CARRY_MAX) : CARRY_MAX;
}

/* Finding where a result object ends, before simdjson parses it: four
 * kernels of one algorithm (scalar; SSE2, the x86-64 baseline, 16 bytes at
 * a time; AVX2 with POPCNT, 32 bytes, and AVX-512BW, 64 bytes at a time,
 * when the CPU has them), chosen at run time. Each, from p[0] (`{`), finds
 * the end of that object: *end = its length. IRREGULAR for a raw control
 * character in a string or a control character other than tab, newline and
 * carriage return outside one (yajl rejects both; simdjson would not
 * look). The vector kernels read up to 63 bytes past @n (the window's
 * padding, FL_JSON_DOM_PADDING + 16). */

static FlRipeScan scan_choice = FL_RIPE_SCAN_AUTO;

static FlRipeScanResult
scan_object_scalar (const guint8 *p,
                    gsize         n,
                    gsize        *end)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guint8 c = p[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          else if (c < 0x20)
            return FL_RIPE_SCAN_IRREGULAR;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (--depth == 0)
            {
              *end = i + 1;
              return FL_RIPE_SCAN_COMPLETE;
            }
        }
      else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return FL_RIPE_SCAN_IRREGULAR;
    }
  return FL_RIPE_SCAN_INCOMPLETE;
}

/* Bit k of the result: the parity of bits 0 … k of @x. */
static inline guint64
prefix_xor (guint64 x)
{
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

/* The vector kernels' work on one block of BITS bytes at offset i, given
 * its masks (bit k = byte k): the quotes, backslashes (bslash), opening and
 * closing brackets, control characters, tab/newline/carriage return
 * (space), and the bytes that are in the input (valid). Returns from the
 * kernel when the object ends (*end set) or is irregular; otherwise goes on
 * with the next block, with in_string, depth and skip_first carried. */
#define SCAN_BLOCK(BITS, MASK_T, POPCOUNT, CTZ)                                            \
  G_STMT_START {                                                                          \
    if ((bslash & valid) == 0 && skip_first == 0)                                         \
      {                                                                                   \
        /* No escape in the block (most blocks): bit k of `inside` is the parity of      \
         * the quotes up to k, flipped when a string is open at the start, i.e.         \
         * whether byte k is in a string or is its opening quote. */                     \
        MASK_T inside = (MASK_T) prefix_xor ((guint64) (quote & valid)) & all;            \
        MASK_T brackets, bad;                                                             \
                                                                                          \
        if (in_string)                                                                    \
          inside ^= all;                                                                  \
        /* control characters that end the scan, if they come before the end */         \
        bad = control & valid & (inside | ~space);                                        \
        open &= valid & ~inside;                                                          \
        close &= valid & ~inside;                                                         \
        brackets = open | close;                                                          \
        if (close == 0)                                                                   \
          depth += POPCOUNT (open);                                                       \
        else                                                                              \
          while (brackets != 0)                                                           \
            {                                                                             \
              guint b = (guint) CTZ (brackets);                                           \
                                                                                          \
              brackets &= brackets - 1;                                                   \
              if (open & ((MASK_T) 1 << b))                                               \
                depth++;                                                                  \
              else if (--depth == 0)                                                      \
                {                                                                         \
                  if ((bad & (b + 1 >= (BITS) ? all : ((MASK_T) 1 << (b + 1)) - 1)) != 0)   \
                    return FL_RIPE_SCAN_IRREGULAR;                                        \
                  *end = i + b + 1;                                                       \
                  return FL_RIPE_SCAN_COMPLETE;                                           \
                }                                                                         \
            }                                                                             \
        if (bad != 0)                                                                     \
          return FL_RIPE_SCAN_IRREGULAR;                                                  \
        in_string = (inside >> ((BITS) - 1)) & 1;                                         \
        continue;                                                                         \
      }                                                                                   \
                                                                                          \
    /* A block with a backslash: byte by byte through its events. */                     \
    {                                                                                     \
      MASK_T events = (quote | bslash | open | close | control) & valid & ~skip_first;    \
                                                                                          \
      skip_first = 0;                                                                     \
      while (events != 0)                                                                 \
        {                                                                                 \
          guint b = (guint) CTZ (events);                                                 \
          MASK_T bit = (MASK_T) 1 << b;                                                   \
                                                                                          \
          events &= events - 1;                                                           \
          if (in_string)                                                                  \
            {                                                                             \
              if (bslash & bit)                                                           \
                {                                                                         \
                  if (b == (BITS) - 1)                                                    \
                    skip_first = 1;                                                       \
                  else                                                                    \
                    events &= ~(bit << 1);                                                \
                }                                                                         \
              else if (quote & bit)                                                       \
                in_string = FALSE;                                                        \
              else if (control & bit)                                                     \
                return FL_RIPE_SCAN_IRREGULAR;                                            \
            }                                                                             \
          else if (quote & bit)                                                           \
            in_string = TRUE;                                                             \
          else if (open & bit)                                                            \
            depth++;                                                                      \
          else if (close & bit)                                                           \
            {                                                                             \
              if (--depth == 0)                                                           \
                {                                                                         \
                  *end = i + b + 1;                                                       \
                  return FL_RIPE_SCAN_COMPLETE;                                           \
                }                                                                         \
            }                                                                             \
          else if (control & bit)                                                         \
            {                                                                             \
              guint8 c = p[i + b];                                                        \
                                                                                          \
              if (c != '\t' && c != '\n' && c != '\r')                                    \
                return FL_RIPE_SCAN_IRREGULAR;                                            \
            }                                                                             \
        }                                                                                 \
    }                                                                                     \
  } G_STMT_END

#ifdef __SSE2__
/* Bits set in a 16-bit mask, without a libgcc call (the x86-64 baseline
 * has no POPCNT). */
static inline guint
popcount16 (guint32 x)
{
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0f0fu;
  return (x + (x >> 8)) & 0x1fu;
}

static inline guint32
mask_eq (__m128i v,
         char    c)
{
  return (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (c)));
}

static FlRipeScanResult
scan_object_sse2 (const guint8 *p,
                  gsize         n,
                  gsize        *end)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  guint32 skip_first = 0;  /* the first byte of the next block is escaped */
  const guint32 all = 0xffffu;
  const __m128i ctl = _mm_set1_epi8 (0x1f);

  for (gsize i = 0; i < n; i += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) (p + i));
      guint32 quote = mask_eq (v, '"');
      guint32 bslash = mask_eq (v, '\\');
      guint32 open = mask_eq (v, '{') | mask_eq (v, '[');
      guint32 close = mask_eq (v, '}') | mask_eq (v, ']');
      guint32 control = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_max_epu8 (v, ctl), ctl));
      guint32 space = mask_eq (v, '\t') | mask_eq (v, '\n') | mask_eq (v, '\r');
      guint32 valid = n - i >= 16 ? all : (1u << (n - i)) - 1u;

      SCAN_BLOCK (16, guint32, popcount16, __builtin_ctz);
    }
  return FL_RIPE_SCAN_INCOMPLETE;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_SCAN_AVX2 1

__attribute__ ((target ("avx2,popcnt"))) static inline guint32
mask_eq32 (__m256i v,
           char    c)
{
  return (guint32) _mm256_movemask_epi8 (_mm256_cmpeq_epi8 (v, _mm256_set1_epi8 (c)));
}

__attribute__ ((target ("avx2,popcnt"))) static FlRipeScanResult
scan_object_avx2 (const guint8 *p,
                  gsize         n,
                  gsize        *end)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  guint32 skip_first = 0;  /* the first byte of the next block is escaped */
  const guint32 all = 0xffffffffu;
  const __m256i ctl = _mm256_set1_epi8 (0x1f);

  for (gsize i = 0; i < n; i += 32)
    {
      __m256i v = _mm256_loadu_si256 ((const __m256i *) (const void *) (p + i));
      guint32 quote = mask_eq32 (v, '"');
      guint32 bslash = mask_eq32 (v, '\\');
      guint32 open = mask_eq32 (v, '{') | mask_eq32 (v, '[');
      guint32 close = mask_eq32 (v, '}') | mask_eq32 (v, ']');
      guint32 control = (guint32) _mm256_movemask_epi8 (
        _mm256_cmpeq_epi8 (_mm256_max_epu8 (v, ctl), ctl));
      guint32 space = mask_eq32 (v, '\t') | mask_eq32 (v, '\n') | mask_eq32 (v, '\r');
      guint32 valid = n - i >= 32 ? all : (1u << (n - i)) - 1u;

      SCAN_BLOCK (32, guint32, __builtin_popcount, __builtin_ctz);
    }
  return FL_RIPE_SCAN_INCOMPLETE;
}

/* AVX-512BW compares give their 64-bit masks directly. */
__attribute__ ((target ("avx512f,avx512bw,popcnt"))) static FlRipeScanResult
scan_object_avx512 (const guint8 *p,
                    gsize         n,
                    gsize        *end)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  guint64 skip_first = 0;  /* the first byte of the next block is escaped */
  const guint64 all = G_MAXUINT64;
  const __m512i quote_c = _mm512_set1_epi8 ('"');
  const __m512i bslash_c = _mm512_set1_epi8 ('\\');
  const __m512i open_c = _mm512_set1_epi8 ('{');
  const __m512i open2_c = _mm512_set1_epi8 ('[');
  const __m512i close_c = _mm512_set1_epi8 ('}');
  const __m512i close2_c = _mm512_set1_epi8 (']');
  const __m512i ctl = _mm512_set1_epi8 (0x1f);
  const __m512i tab_c = _mm512_set1_epi8 ('\t');
  const __m512i nl_c = _mm512_set1_epi8 ('\n');
  const __m512i cr_c = _mm512_set1_epi8 ('\r');

  for (gsize i = 0; i < n; i += 64)
    {
      __m512i v = _mm512_loadu_si512 ((const void *) (p + i));
      guint64 quote = _mm512_cmpeq_epi8_mask (v, quote_c);
      guint64 bslash = _mm512_cmpeq_epi8_mask (v, bslash_c);
      guint64 open = _mm512_cmpeq_epi8_mask (v, open_c) | _mm512_cmpeq_epi8_mask (v, open2_c);
      guint64 close = _mm512_cmpeq_epi8_mask (v, close_c) | _mm512_cmpeq_epi8_mask (v, close2_c);
      guint64 control = _mm512_cmple_epu8_mask (v, ctl);
      guint64 space = _mm512_cmpeq_epi8_mask (v, tab_c) | _mm512_cmpeq_epi8_mask (v, nl_c) |
                      _mm512_cmpeq_epi8_mask (v, cr_c);
      guint64 valid = n - i >= 64 ? all : ((guint64) 1 << (n - i)) - 1;

      SCAN_BLOCK (64, guint64, __builtin_popcountll, __builtin_ctzll);
    }
  return FL_RIPE_SCAN_INCOMPLETE;
}
#endif

typedef FlRipeScanResult (*ScanFunc) (const guint8 *p,
                                      gsize         n,
                                      gsize        *end);

/* Kernel @scan, or NULL when this build or CPU lacks it;
 * FL_RIPE_SCAN_AUTO is the fastest one there is. */
static ScanFunc
scan_kernel (FlRipeScan scan)
{
  switch (scan)
    {
    case FL_RIPE_SCAN_SCALAR:
      return scan_object_scalar;
    case FL_RIPE_SCAN_SSE2:
#ifdef __SSE2__
      return scan_object_sse2;
#else
      return NULL;
#endif
    case FL_RIPE_SCAN_AVX2:
#ifdef HAVE_SCAN_AVX2
      if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("popcnt"))
        return scan_object_avx2;
#endif
      return NULL;
    case FL_RIPE_SCAN_AVX512:
#ifdef HAVE_SCAN_AVX2
      if (__builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("popcnt"))
        return scan_object_avx512;
#endif
      return NULL;
    case FL_RIPE_SCAN_AUTO:
    default:
      {
        static const FlRipeScan fastest_first[] = {
          FL_RIPE_SCAN_AVX512, FL_RIPE_SCAN_AVX2, FL_RIPE_SCAN_SSE2, FL_RIPE_SCAN_SCALAR,
        };

        for (guint i = 0; i < G_N_ELEMENTS (fastest_first); i++)
          if (scan_kernel (fastest_first[i]) != NULL)
            return scan_kernel (fastest_first[i]);
        return NULL;
      }
    }
}

/**
 * _fl_import_ripe_set_scan:
 * @scan: the kernel fl_import_ripe_json() finds result objects with;
 *   %FL_RIPE_SCAN_AUTO (the default) picks the fastest this CPU runs
 *
 * For tests, which run every kernel. Not thread safe: call it while no
 * import runs.
 *
 * Returns: whether this build and CPU have @scan
 */
gboolean
_fl_import_ripe_set_scan (FlRipeScan scan)
{
  if (scan_kernel (scan) == NULL)
    return FALSE;
  scan_choice = scan;
  return TRUE;
}

/**
 * _fl_import_ripe_scan_object:
 * @scan: a kernel
 * @p: (array length=n): input starting with `{`, followed by 64 readable
 *   bytes of padding
 * @n: bytes of input
 * @end: (out) (optional): the object's length, when complete
 *
 * Runs one kernel of the fast path's object scan (for tests that compare
 * them).
 *
 * Returns: 0 when this build and CPU lack @scan, otherwise the
 *   #FlRipeScanResult
 */
int
_fl_import_ripe_scan_object (FlRipeScan    scan,
                             const guint8 *p,
                             gsize         n,
                             gsize        *end)
{
  ScanFunc kernel = scan_kernel (scan);
  gsize ignored = 0;

  return kernel != NULL ? (int) kernel (p, n, end != NULL ? end : &ignored) : 0;
}

static int
dom_number (gpointer data,
            gboolean is_integer,
            double   d,
            gint64   i,
            gboolean i_valid)
{
  RipeCtx *ctx = data;
  int ret;

  ctx->num_set = TRUE;
  ctx->num_d = d;
  ctx->num_i = i;
  ctx->num_i_valid = i_valid;
  ret = on_scalar (ctx, is_integer ? VAL_INTEGER : VAL_DOUBLE, NULL, 0);
  ctx->num_set = FALSE;
  return ret;
}

static int
dom_string (gpointer    data,
            const char *s,
            gsize       len)
{
  return cb_string (data, (const unsigned char *) s, len);
}

/* As cb_map_key(), but a scalar value that on_scalar() would ignore is
 * not sent at all (see on_map_key()). */
static int
dom_map_key (gpointer    data,
             const char *s,
             gsize       len)
{
  return on_map_key (data, (const unsigned char *) s, len);
}

static const FlJsonDomCallbacks dom_callbacks = {
  .null = cb_null,
  .boolean = cb_boolean,
  .number = dom_number,
  .string = dom_string,
  .start_map = cb_start_map,
  .map_key = dom_map_key,
  .end_map = cb_end_map,
  .start_array = cb_start_array,
  .end_array = cb_end_array,
};

/* Where the fast path stopped, for yajl to go on from. */
typedef struct
{
  guint8     *buf;        /* window_size + padding, 16 bytes writable before it */
  gsize       len;        /* bytes in buf */
  gsize       start;      /* first byte for yajl */
  guint64     offset;     /* input offset of buf[0] */
  guint64     lines;      /* newlines before buf[start] */
  const char *bootstrap;  /* muted bytes that put yajl in the fast path's state */
  gboolean    eof;        /* the input ends at buf[len] */
  gboolean    took;       /* the fast path took anything (so there is content) */
} Handoff;

typedef enum
{
  FAST_START,        /* nothing read but the byte order mark */
  FAST_ARRAY_OPEN,   /* after `[` */
  FAST_ARRAY_AFTER,  /* after a result in the array */
  FAST_ARRAY_NEXT,   /* after a `,` in the array */
  FAST_ARRAY_CLOSED, /* after `]` */
  FAST_STREAM,       /* between results of NDJSON */
} FastState;

typedef enum
{
  FAST_DONE,
  FAST_HANDOFF,
  FAST_FAILED,
} FastStatus;

/* The state machine's structure, saved before a result so that a result
 * the fast path gives up on is replayed by yajl from its start. */
typedef struct
{
  guint     depth;
  guint     result_depth;
  guint     skip_depth;
  gboolean  top_array;
  gboolean  in_result_array;
  gboolean  in_packet;
} Structure;

static void
structure_save (RipeCtx   *ctx,
                Structure *s)
{
  s->depth = ctx->depth;
  s->result_depth = ctx->result_depth;
  s->skip_depth = ctx->skip_depth;
  s->top_array = ctx->top_array;
  s->in_result_array = ctx->in_result_array;
  s->in_packet = ctx->in_packet;
}

static void
structure_restore (RipeCtx         *ctx,
                   const Structure *s)
{
  ctx->depth = s->depth;
  ctx->result_depth = s->result_depth;
  ctx->skip_depth = s->skip_depth;
  ctx->top_array = s->top_array;
  ctx->in_result_array = s->in_result_array;
  ctx->in_packet = s->in_packet;
  g_clear_error (&ctx->error);
  g_clear_pointer (&ctx->deferred, g_free);
}

static inline gboolean
is_json_space (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Batches: the fast path hands simdjson many results at once (about 5 %
 * less time than one parse per result). A batch is a run of complete result
 * objects in the buffer, between their separators (a `,` in an array,
 * whitespace in NDJSON); for the parse, the byte before the first becomes
 * `[`, each separator `,` and the byte after the last `]`, so that simdjson
 * sees one array. Those bytes are put back right after the parse (simdjson
 * keeps copies of the strings), so the buffer stays the input as read.
 * (A helper thread that scanned and parsed the next batch while one was
 * walked was slower on a 2-core machine: 1.9 s against 1.65 s.) */

#define BATCH_BYTES       (64 * 1024)
#define BATCH_MAX_OBJECTS 1024

static gsize batch_bytes = BATCH_BYTES;

/**
 * _fl_import_ripe_set_batch_bytes:
 * @bytes: the fast path's batches end after the object that reaches @bytes
 *   (1: one object per batch); 0 restores the default (64 KiB)
 *
 * For tests, which put batch edges everywhere. Not thread safe: call it
 * while no import runs.
 */
void
_fl_import_ripe_set_batch_bytes (gsize bytes)
{
  batch_bytes = bytes > 0 ? bytes : BATCH_BYTES;
}

typedef struct
{
  guint      n;                         /* objects found */
  gsize      start[BATCH_MAX_OBJECTS];  /* offset of each in the buffer */
  gsize      end[BATCH_MAX_OBJECTS];    /* offset after each */
  gsize      gap[BATCH_MAX_OBJECTS];    /* the byte made `,` before object i > 0 */
  guint8     saved[BATCH_MAX_OBJECTS];  /* what it was */
  gboolean   irregular;  /* the scan refused the object after them (see
                          * scan_object_scalar()); without it, a batch
                          * ends at batch_bytes or BATCH_MAX_OBJECTS, at
                          * an unfinished object or the buffer's end, or
                          * at anything but a separator and an object */
  gboolean   parsed;  /* @dom holds them (else at least one is invalid) */
} Batch;

/* Finds the complete objects from buf[@from] (a `{`) on, up to
 * batch_bytes, and parses them with @dom. @array: they are separated by
 * `,` (else by whitespace). buf[-1] and buf[@have] must be writable: the
 * window's and the read-ahead blocks' headroom and padding. */
static void
batch_fill (Batch     *b,
            guint8    *buf,
            gsize      from,
            gsize      have,
            gboolean   array,
            ScanFunc   scan,
            FlJsonDom *dom)
{
  gsize pos = from;
  guint8 before_first, after_last;

  b->n = 0;
  b->parsed = FALSE;
  b->irregular = FALSE;
  for (;;)
    {
      gsize gap = 0, len = 0;
      FlRipeScanResult r;

      if (b->n > 0)
        {
          /* the separator */
          if (array)
            {
              while (pos < have && is_json_space (buf[pos]))
                pos++;
              if (pos < have && buf[pos] != ',')
                break;
              gap = pos++;
            }
          else if (pos < have && is_json_space (buf[pos]))
            gap = pos++;
          else if (pos < have)
            break;  /* `}{`: the objects of a batch need a byte between them */
        }
      while (pos < have && is_json_space (buf[pos]))
        pos++;
      if (pos >= have || buf[pos] != '{')
        break;
      r = scan (buf + pos, have - pos, &len);
      if (r != FL_RIPE_SCAN_COMPLETE)
        {
          b->irregular = r == FL_RIPE_SCAN_IRREGULAR;
          break;
        }
      b->start[b->n] = pos;
      b->end[b->n] = pos + len;
      b->gap[b->n] = gap;
      b->n++;
      pos += len;
      if (b->n == BATCH_MAX_OBJECTS || pos - from >= batch_bytes)
        break;
    }
  if (b->n == 0)
    return;

  before_first = buf[from - 1];
  after_last = buf[b->end[b->n - 1]];
  buf[from - 1] = '[';
  for (guint i = 1; i < b->n; i++)
    {
      b->saved[i] = buf[b->gap[i]];
      buf[b->gap[i]] = ',';
    }
  buf[b->end[b->n - 1]] = ']';
  b->parsed = fl_json_dom_parse (dom, buf + from - 1, b->end[b->n - 1] - from + 2) ==
              FL_JSON_DOM_OK;
  buf[b->end[b->n - 1]] = after_last;
  for (guint i = b->n - 1; i >= 1; i--)
    buf[b->gap[i]] = b->saved[i];
  buf[from - 1] = before_first;
}

/* What the state machine looked like before a batch's element. */
typedef struct
{
  RipeCtx   *ctx;
  Structure  saved;
} ElementStart;

static void
save_before_element (gpointer data,
                     guint    index)
{
  ElementStart *es = data;

  structure_save (es->ctx, &es->saved);
}

/* Runs the fast path over @stream until the end (DONE), a read error or
 * cancellation (FAILED, @error set) or something for yajl (HANDOFF, @h
 * filled in). */
static FastStatus
ripe_fast (RipeCtx        *ctx,
           FlJsonDom      *dom,
           GInputStream   *stream,
           guint64         total_bytes,
           FlProgressFunc  progress,
           gpointer        progress_data,
           guint64        *last_progress,
           GCancellable   *cancellable,
           Handoff        *h,
           GError        **error)
{
  guint8 *window = h->buf;
  guint8 *buf = window;
  /* a read-ahead stream's blocks are parsed in place: buf then points
   * into the block taken last (into its headroom, where the unfinished end
   * of the one before was put) */
  FlReadaheadStream *ahead = FL_IS_READAHEAD_STREAM (stream) ? FL_READAHEAD_STREAM (stream)
                                                             : NULL;
  guint8 *block = NULL;
  ScanFunc scan = scan_kernel (scan_choice);
  g_autofree Batch *batch = g_new (Batch, 1);
  ElementStart es = { ctx };
  gsize have = 0, pos = 0, resume = 0;
  guint64 offset = 0, lines = 0;
  const char *boot = "";
  FastState state = FAST_START;
  gboolean eof = FALSE, took = FALSE;

  for (;;)
    {
      gboolean need_more = FALSE;

      /* Whitespace between results. */
      while (pos < have && is_json_space (buf[pos]))
        pos++;

      if (pos < have)
        {
          guint8 c = buf[pos];

          if (state == FAST_START)
            {
              if (offset == 0 && pos == 0 && have >= 3 &&
                  buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf)
                {
                  /* a UTF-8 byte order mark is not JSON; yajl skips it too */
                  pos = resume = 3;
                  continue;
                }
              if (c == '[')
                {
                  if (!cb_start_array (ctx))
                    break;
                  took = TRUE;
                  state = FAST_ARRAY_OPEN;
                  resume = ++pos;
                  boot = "[";
                  continue;
                }
              if (c != '{')
                break;
              state = FAST_STREAM;
              resume = pos;
            }

          if (c == ']' && (state == FAST_ARRAY_OPEN || state == FAST_ARRAY_AFTER))
            {
              if (!cb_end_array (ctx))
                break;
              state = FAST_ARRAY_CLOSED;
              resume = ++pos;
              boot = "[]";
              continue;
            }
          if (c == ',' && state == FAST_ARRAY_AFTER)
            {
              state = FAST_ARRAY_NEXT;
              pos++;
              continue;
            }
          if (c == '{' && (state == FAST_ARRAY_OPEN || state == FAST_ARRAY_NEXT ||
                           state == FAST_STREAM))
            {
              gboolean array = state != FAST_STREAM;
              guint stopped = 0;

              batch_fill (batch, buf, pos, have, array, scan, dom);
              if (batch->n == 0)
                {
                  /* the object at pos is refused, or not complete yet */
                  if (batch->irregular)
                    break;
                  need_more = TRUE;
                }
              else
                {
                  if (batch->parsed)
                    {
                      if (fl_json_dom_walk_elements (dom, &dom_callbacks, ctx, save_before_element,
                                                     &es, &stopped) == FL_JSON_DOM_OK)
                        stopped = batch->n;
                    }
                  else
                    {
                      /* one of them is invalid: one at a time, so that yajl
                       * takes over at that one */
                      for (stopped = 0; stopped < batch->n; stopped++)
                        {
                          structure_save (ctx, &es.saved);
                          if (fl_json_dom_walk (dom, buf + batch->start[stopped],
                                                batch->end[stopped] - batch->start[stopped],
                                                &dom_callbacks, ctx) != FL_JSON_DOM_OK)
                            break;
                        }
                    }
                  if (stopped > 0)
                    {
                      took = TRUE;
                      pos = resume = batch->end[stopped - 1];
                      if (array)
                        {
                          state = FAST_ARRAY_AFTER;
                          boot = "[{}";
                        }
                      else
                        boot = "{}";
                    }
                  if (stopped < batch->n)
                    {
                      /* yajl goes on from the start of that one */
                      structure_restore (ctx, &es.saved);
                      break;
                    }
                  continue;
                }
            }
          else
            break;
        }
      else
        need_more = TRUE;

      g_assert (need_more);
      if (eof)
        {
          if (state == FAST_ARRAY_CLOSED || (state == FAST_STREAM && pos == have))
            {
              h->took = took;
              return FAST_DONE;
            }
          break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FAST_FAILED;
      if (ahead != NULL && have - resume <= carry_max)
        {
          /* The next block, in place, with what is not taken yet put in
           * front of it. */
          g_autoptr(GError) read_error = NULL;
          gsize n_read = 0, tail = have - resume;
          guint8 *next = fl_readahead_stream_next_block (ahead, &n_read, cancellable,
                                                         &read_error);

          if (next == NULL)
            {
              if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_propagate_error (error, g_steal_pointer (&read_error));
              else
                g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                            "%s: after byte %" G_GUINT64_FORMAT
                                            " of the (decompressed) data: ", ctx->name,
                                            offset + have);
              return FAST_FAILED;
            }
          if (n_read == 0)
            eof = TRUE;
          else
            {
              lines += count_newlines (buf, resume);
              memcpy (next - tail, buf + resume, tail);
              fl_readahead_stream_release_block (ahead, block);
              block = next;
              buf = next - tail;
              offset += resume;
              have = tail + n_read;
              pos -= resume;
              resume = 0;
            }
        }
      else
        {
          /* Keep what is not taken yet in the window; read more. */
          gsize n_read = 0;

          if (have - resume >= window_size)
            break;  /* one result larger than the window */
          lines += count_newlines (buf, resume);
          if (buf != window || resume > 0)
            memmove (window, buf + resume, have - resume);
          /* the read gives the blocks back */
          buf = window;
          block = NULL;
          offset += resume;
          have -= resume;
          pos -= resume;
          resume = 0;
          if (!read_input (ctx, stream, buf + have, window_size - have, &n_read, offset + have,
                           cancellable, error))
            return FAST_FAILED;
          have += n_read;
          eof = have < window_size;
        }
      report_progress (progress, progress_data, total_bytes, offset + have, last_progress);
    }

  h->buf = buf;
  h->len = have;
  h->start = resume;
  h->offset = offset;
  h->lines = lines + count_newlines (buf, resume);
  h->bootstrap = boot;
  h->eof = eof;
  h->took = took;
  return FAST_HANDOFF;
}

/**
 * fl_import_ripe_json:
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
 * Imports RIPE Atlas ping results: a JSON array of result objects or NDJSON
 * (one result object per line), any firmware version. Parsing is streaming,
 * so memory use does not depend on the file size: the input is read in
 * 4 MiB windows (a #FlReadaheadStream's blocks are parsed in place) and
 * the result objects are parsed whole by simdjson, up to 64 KiB of them at a
 * time; at
 * anything unusual (invalid JSON, a type error, a result larger than the
 * window) yajl takes over from the last result taken and reads the rest in
 * 256 KiB chunks, so errors and their positions are yajl's either way. The
 * environment variable `FAULTLINE_IMPORT_NO_SIMDJSON` (any value) leaves
 * everything to yajl, for comparisons.
 *
 * Every ping result goes to the series `ripe:<msm_id>:<prb_id>` (label
 * `Probe <prb_id> · msm <msm_id>`, probe id `prb_id`) with `ts_s` =
 * `timestamp` (s). Each element of `result` becomes one sample: `{"rtt": ms}`
 * a reply (sent 1, rcvd 1; %FL_SAMPLE_DUP with `"dup": 1`), `{"x": "*"}` a
 * lost packet (rtt NaN, sent 1, rcvd 0, %FL_SAMPLE_LOST), `{"error": …}` a
 * lost packet flagged %FL_SAMPLE_LOST | %FL_SAMPLE_ERROR. Results without
 * per-packet entries (firmware 1, or an empty `result`) become one
 * %FL_SAMPLE_AGGREGATE sample: rtt `avg` (ms) with `sent`/`rcvd`, or a
 * lost sample with rcvd 0 when nothing came back. Results whose `type` is
 * not `"ping"` are counted in @counts->skipped and otherwise ignored; for
 * old firmware without `type`, a result is a ping result when it has
 * `sent`, `rcvd` or `avg`, or `rtt`/`x`/`error` entries in `result`, and
 * `msm_name` is absent or "Ping" (a traceroute's `result` holds hops, an
 * old DNS result's is an object).
 *
 * Before its samples, each ping result is described to @sink's `result`
 * callback (when set, see #FlResultInfo): `msm_id`, `prb_id`, `timestamp`,
 * the destination (`dst_addr`, or `addr` before fw 4460), af (`af`, else the
 * digit of fw 4400's `mode`, else `pf`, else from the address), `sent` and
 * `rcvd` (counted from `result` when absent), `dup` (or the dup replies),
 * the `error` entries and the first error text, `fw`, and `lts` (-1 =
 * unknown, methodology §5.1). When the callback returns 0 the result is
 * already stored: its samples are not added, and it is counted in
 * @counts->already_present.
 * For aggregate samples @counts->replies grows by `rcvd` and
 * @counts->lost by `sent - rcvd`.
 *
 * Returns: %TRUE on success. On failure %FALSE with @error set:
 *   %FL_ERROR_PARSE (message "name: line L, byte B: …") for malformed or
 *   truncated JSON, wrong value types, a missing `msm_id`/`prb_id`/
 *   `timestamp`, out-of-range values, or input without any result;
 *   %FL_ERROR_FORMAT if there were results but none was a ping result;
 *   %G_IO_ERROR_CANCELLED when cancelled; a #GIOError when reading fails;
 *   or the sink's error unchanged. Samples already added stay added.
 */
gboolean
fl_import_ripe_json (GInputStream   *stream,
                     const char     *name,
                     guint64         total_bytes,
                     FlSampleSink   *sink,
                     FlImportCounts *counts,
                     FlProgressFunc  progress,
                     gpointer        progress_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  FlImportCounts local = { 0 };
  RipeCtx ctx = { 0 };
  g_autofree guint8 *buf = NULL;
  guint64 bytes_read = 0;
  guint64 last_progress = 0;
  gboolean saw_content = FALSE;
  gboolean ok = FALSE;
  yajl_status st;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (sink != NULL && sink->series != NULL &&
                        sink->add != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.name = name != NULL ? name : "input";
  ctx.sink = sink;
  ctx.counts = &local;
  ctx.series = g_hash_table_new_full (series_entry_hash, series_entry_equal, g_free, NULL);
  ctx.packets = g_array_sized_new (FALSE, FALSE, sizeof (Packet), 8);
  ctx.error_text = g_string_new (NULL);
  ctx.handle = yajl_alloc (&ripe_callbacks, NULL, &ctx);
  yajl_config (ctx.handle, yajl_allow_multiple_values, 1);

  /* The fast path first; yajl goes on where it stops, if it does. */
  {
    /* a batch may write the byte before the window (see batch_fill()) */
    g_autofree guint8 *window_mem = g_malloc0 (16 + window_size + FL_JSON_DOM_PADDING + 16);
    Handoff h = { window_mem + 16 };
    FlJsonDom *dom = fl_json_dom_new ();
    FastStatus fs = FAST_HANDOFF;

    if (dom != NULL && fast_enabled && g_getenv ("FAULTLINE_IMPORT_NO_SIMDJSON") == NULL)
      fs = ripe_fast (&ctx, dom, stream, total_bytes, progress, progress_data, &last_progress,
                      cancellable, &h, error);
    fl_json_dom_free (dom);
    saw_content = h.took;
    if (fs == FAST_FAILED)
      goto out;
    if (fs == FAST_DONE)
      goto parsed;
    if (h.bootstrap != NULL && h.bootstrap[0] != '\0')
      {
        ctx.muted = TRUE;
        st = yajl_parse (ctx.handle, (const unsigned char *) h.bootstrap, strlen (h.bootstrap));
        ctx.muted = FALSE;
        g_assert (st == yajl_status_ok);
      }
    ctx.chunk_lines = h.lines;
    if (!feed_yajl (&ctx, h.buf + h.start, h.len - h.start, h.offset + h.start, &saw_content,
                    error))
      goto out;
    bytes_read = h.offset + h.len;
  }

  buf = g_malloc (CHUNK_SIZE);

  for (;;)
    {
      const guint8 *data = buf;
      gsize n_read = 0;
      gssize n;
      gsize len;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      /* read_all: full chunks (except the last) whatever the stream. */
      if (!read_input (&ctx, stream, buf, CHUNK_SIZE, &n_read, bytes_read, cancellable, error))
        goto out;
      n = (gssize) n_read;
      if (n == 0)
        break;

      len = (gsize) n;
      /* A UTF-8 byte order mark is not JSON; skip it. */
      if (bytes_read == 0 && len >= 3 &&
          buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf)
        {
          data += 3;
          len -= 3;
        }

      if (!feed_yajl (&ctx, data, len, bytes_read + (guint64) (data - buf), &saw_content,
                      error))
        goto out;
      bytes_read += (guint64) n;
      report_progress (progress, progress_data, total_bytes, bytes_read, &last_progress);
    }

  ctx.chunk = NULL;
  ctx.chunk_offset = bytes_read;

  if (!saw_content)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s contains no results",
                   ctx.name);
      goto out;
    }

  st = yajl_complete_parse (ctx.handle);
  if (st == yajl_status_client_canceled)
    {
      g_propagate_error (error, g_steal_pointer (&ctx.error));
      goto out;
    }
  if (st != yajl_status_ok)
    {
      set_yajl_error (&ctx, NULL, 0, error);
      goto out;
    }

parsed:

  if (local.results == 0 && local.skipped > 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "%s contains no ping results (%" G_GUINT64_FORMAT
                   " other results skipped)", ctx.name, local.skipped);
      goto out;
    }
  if (local.results == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE, "%s contains no results",
                   ctx.name);
      goto out;
    }

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
      counts->skipped += local.skipped;
      counts->changepoints += local.changepoints;
      counts->series += local.series;
      counts->already_present += local.already_present;
    }
  g_clear_error (&ctx.error);
  g_free (ctx.deferred);
  yajl_free (ctx.handle);
  g_array_unref (ctx.packets);
  g_string_free (ctx.error_text, TRUE);
  g_hash_table_unref (ctx.series);

  return ok;
}
