/* test-import-fast.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The RIPE importer's simdjson path against its yajl path: for every RIPE
 * file the project has (fixtures, the malformed corpus, samples/,
 * ../shared/data), for hand-written edge cases and for randomly damaged
 * documents, both must hand the sink the same calls with the same values
 * (bit for bit) and end with the same counts and the same error (domain,
 * code and message, so the same line and byte). The fast path runs with
 * its default window and with small ones, so that the window's edge falls
 * everywhere and the hand-over to yajl happens in every state. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "fl-error.h"
#include "fl-import.h"
#include "fl-import-file.h"
#include "fl-import-private.h"
#include "fl-json-dom.h"
#include "fl-readahead-stream.h"

typedef struct
{
  GChecksum *sum;
  GPtrArray *keys;
  guint64    calls;
} Recorder;

static void
put (Recorder   *r,
     const void *data,
     gsize       len)
{
  g_checksum_update (r->sum, data, (gssize) len);
}

static void
put_str (Recorder   *r,
         const char *s)
{
  guint32 len = s != NULL ? (guint32) strlen (s) : G_MAXUINT32;

  put (r, &len, sizeof len);
  if (s != NULL)
    put (r, s, strlen (s));
}

static gint64
rec_series (gpointer     user_data,
            const char  *key,
            const char  *label,
            gint64       probe_id,
            GError     **error)
{
  Recorder *r = user_data;

  r->calls++;
  put (r, "S", 1);
  put_str (r, key);
  put_str (r, label);
  put (r, &probe_id, sizeof probe_id);
  for (guint i = 0; i < r->keys->len; i++)
    if (g_str_equal (r->keys->pdata[i], key))
      return i + 1;
  g_ptr_array_add (r->keys, g_strdup (key));
  return r->keys->len;
}

static gboolean
rec_add (gpointer        user_data,
         const FlSample *s,
         GError        **error)
{
  Recorder *r = user_data;

  r->calls++;
  put (r, "A", 1);
  /* field by field: the struct's padding is not data */
  put (r, &s->series_id, sizeof s->series_id);
  put (r, &s->ts_s, sizeof s->ts_s);
  put (r, &s->rtt_ms, sizeof s->rtt_ms);
  put (r, &s->sent, sizeof s->sent);
  put (r, &s->rcvd, sizeof s->rcvd);
  put (r, &s->flags, sizeof s->flags);
  return TRUE;
}

static gint64
rec_result (gpointer            user_data,
            const FlResultInfo *info,
            GError            **error)
{
  Recorder *r = user_data;

  r->calls++;
  put (r, "R", 1);
  put (r, &info->series_id, sizeof info->series_id);
  put (r, &info->ts_s, sizeof info->ts_s);
  put (r, &info->msm_id, sizeof info->msm_id);
  put (r, &info->probe_id, sizeof info->probe_id);
  put_str (r, info->dst_addr);
  put (r, &info->af, sizeof info->af);
  put (r, &info->sent, sizeof info->sent);
  put (r, &info->rcvd, sizeof info->rcvd);
  put (r, &info->dups, sizeof info->dups);
  put (r, &info->errors, sizeof info->errors);
  put_str (r, info->error_text);
  put (r, &info->fw, sizeof info->fw);
  put (r, &info->lts, sizeof info->lts);
  return (gint64) r->calls;
}

typedef struct
{
  gboolean        ok;
  char           *error;   /* "domain code message", or NULL */
  FlImportCounts  counts;
  char           *digest;  /* of every sink call */
  guint64         calls;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_free (o->error);
  g_free (o->digest);
}

/* Imports @data (RIPE JSON or NDJSON) with the fast path on or off; with
 * @block > 0 through a read-ahead stream of @block-byte blocks, whose
 * blocks the fast path parses in place, carrying at most @carry bytes (0:
 * the default) of an unfinished result into the next block; with batches
 * of @batch bytes (0: the default) for simdjson. */
static void
run_through (const guint8 *data,
             gsize         len,
             gboolean      fast,
             gsize         window,
             FlRipeScan    scan,
             gsize         block,
             gsize         carry,
             gsize         batch,
             Outcome      *out)
{
  g_autoptr(GInputStream) memory =
    g_memory_input_stream_new_from_data (g_memdup2 (data, len), (gssize) len, g_free);
  g_autoptr(GInputStream) stream =
    block > 0 ? fl_readahead_stream_new (memory, block, 3, NULL, NULL) : g_object_ref (memory);
  g_autoptr(GError) error = NULL;
  Recorder r = { g_checksum_new (G_CHECKSUM_SHA256), g_ptr_array_new_with_free_func (g_free), 0 };
  FlSampleSink sink = { 0 };

  sink.series = rec_series;
  sink.add = rec_add;
  sink.result = rec_result;
  sink.user_data = &r;
  memset (out, 0, sizeof *out);
  _fl_import_ripe_set_fast_path (fast, window);
  _fl_import_ripe_set_carry_max (carry);
  _fl_import_ripe_set_batch_bytes (batch);
  g_assert_true (_fl_import_ripe_set_scan (scan));
  out->ok = fl_import_ripe_json (stream, "input.json", len, &sink, &out->counts, NULL, NULL,
                                 NULL, &error);
  _fl_import_ripe_set_fast_path (TRUE, 0);
  _fl_import_ripe_set_carry_max (0);
  _fl_import_ripe_set_batch_bytes (0);
  _fl_import_ripe_set_scan (FL_RIPE_SCAN_AUTO);
  if (error != NULL)
    out->error = g_strdup_printf ("%s %d %s", g_quark_to_string (error->domain), error->code,
                                  error->message);
  out->digest = g_strdup (g_checksum_get_string (r.sum));
  out->calls = r.calls;
  g_checksum_free (r.sum);
  g_ptr_array_unref (r.keys);
}

static void
run (const guint8 *data,
     gsize         len,
     gboolean      fast,
     gsize         window,
     FlRipeScan    scan,
     Outcome      *out)
{
  run_through (data, len, fast, window, scan, 0, 0, 0, out);
}

static const gsize windows[] = { 0, 65536, 4096, 333, 64 };

/* Read-ahead streams: block size, most bytes carried into the next block
 * (0: the default), window for what is not carried. */
static const struct
{
  gsize block;
  gsize carry;
  gsize window;
} aheads[] = {
  { 64, 0, 0 }, { 333, 0, 0 }, { 4096, 0, 0 }, { 64, 50, 333 }, { 333, 50, 64 }, { 4096, 50, 0 },
};

/* Batches for simdjson (the default is larger than every test input):
 * bytes per batch, and the window and read-ahead blocks they run with. */
static const struct
{
  gsize batch;
  gsize window;
  gsize block;
} batches[] = {
  { 1, 0, 0 }, { 700, 333, 0 }, { 700, 0, 333 }, { 1500, 0, 4096 },
};

/* The kernels of the fast path's object scan; the ones this CPU lacks are
 * skipped. The default and the smallest window run with each. */
static const FlRipeScan scans[] = { FL_RIPE_SCAN_AUTO, FL_RIPE_SCAN_SCALAR, FL_RIPE_SCAN_SSE2,
                                    FL_RIPE_SCAN_AVX2, FL_RIPE_SCAN_AVX512 };

/* Fails the test when @o (the fast path set up as @how says) differs from
 * @ref (yajl alone) in its result, error, sink calls or counts; frees @o. */
static void
expect_same (const char    *what,
             const char    *how,
             const Outcome *ref,
             Outcome       *o,
             const guint8  *data,
             gsize          len)
{
  if (o->ok != ref->ok || g_strcmp0 (o->error, ref->error) != 0 ||
      g_strcmp0 (o->digest, ref->digest) != 0 ||
      memcmp (&o->counts, &ref->counts, sizeof o->counts) != 0)
    {
      g_test_message ("%s, %s: yajl %s (%" G_GUINT64_FORMAT " calls), simdjson %s (%"
                      G_GUINT64_FORMAT " calls)", what, how, ref->error ? ref->error : "ok",
                      ref->calls, o->error ? o->error : "ok", o->calls);
      g_test_message ("input: %.*s", (int) MIN (len, 300), (const char *) data);
      g_test_fail ();
    }
  outcome_clear (o);
}

/* Both paths, every window and scan kernel, read-ahead and batch set-up:
 * the same outcome. Returns whether the yajl path imported @data. */
static gboolean
check_same (const char   *what,
            const guint8 *data,
            gsize         len)
{
  Outcome ref, o;

  run (data, len, FALSE, 0, FL_RIPE_SCAN_AUTO, &ref);
  for (guint k = 0; k < G_N_ELEMENTS (windows) * G_N_ELEMENTS (scans); k++)
    {
      guint w = k % G_N_ELEMENTS (windows);
      FlRipeScan scan = scans[k / G_N_ELEMENTS (windows)];
      g_autofree char *how = NULL;

      if (scan != FL_RIPE_SCAN_AUTO && windows[w] != 0 && windows[w] != 64)
        continue;
      if (!_fl_import_ripe_set_scan (scan))
        continue;
      _fl_import_ripe_set_scan (FL_RIPE_SCAN_AUTO);
      run (data, len, TRUE, windows[w], scan, &o);
      how = g_strdup_printf ("window %" G_GSIZE_FORMAT ", scan %d", windows[w], scan);
      expect_same (what, how, &ref, &o, data, len);
    }
  for (guint a = 0; a < G_N_ELEMENTS (aheads); a++)
    {
      g_autofree char *how = NULL;

      run_through (data, len, TRUE, aheads[a].window, FL_RIPE_SCAN_AUTO, aheads[a].block,
                   aheads[a].carry, 0, &o);
      how = g_strdup_printf ("read-ahead blocks of %" G_GSIZE_FORMAT ", carry %" G_GSIZE_FORMAT
                             ", window %" G_GSIZE_FORMAT, aheads[a].block, aheads[a].carry,
                             aheads[a].window);
      expect_same (what, how, &ref, &o, data, len);
    }
  for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
    {
      g_autofree char *how = NULL;

      run_through (data, len, TRUE, batches[b].window, FL_RIPE_SCAN_AUTO, batches[b].block, 0,
                   batches[b].batch, &o);
      how = g_strdup_printf ("batches of %" G_GSIZE_FORMAT " bytes, window %" G_GSIZE_FORMAT
                             ", read-ahead blocks of %" G_GSIZE_FORMAT, batches[b].batch,
                             batches[b].window, batches[b].block);
      expect_same (what, how, &ref, &o, data, len);
    }
  outcome_clear (&ref);
  return ref.ok;
}

static void
check_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint64 size = 0;
  FlFormat format = FL_FORMAT_UNKNOWN;
  guint8 buf[65536];
  gssize n;

  stream = fl_import_open_file (path, &size, &format, &error);
  if (stream == NULL)
    return;  /* the open itself fails (a broken gzip header): no parse to compare */
  while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error)) > 0)
    g_byte_array_append (bytes, buf, (guint) n);
  if (n < 0)
    return;  /* a damaged gzip stream */
  check_same (path, bytes->data, bytes->len);
}

static void
check_dir (const char *dir,
           gboolean    recurse,
           guint      *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (recurse && g_file_test (path, G_FILE_TEST_IS_DIR))
        check_dir (path, TRUE, n_files);
      else if ((g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".ndjson") ||
                g_str_has_suffix (name, ".json.gz") || g_str_has_suffix (name, ".ndjson.gz")) &&
               !g_str_has_prefix (name, "ping-") && !g_str_has_prefix (name, "rtt-") &&
               !g_str_has_prefix (name, "trace-"))
        {
          check_file (path);
          (*n_files)++;
        }
    }
}

static void
test_files (void)
{
  g_autofree char *fixtures = g_build_filename (FL_IMPORT_TEST_DIR, "fixtures", NULL);
  g_autofree char *malformed = g_build_filename (FL_IMPORT_TEST_DIR, "malformed", NULL);
  const char *shared = g_getenv ("FL_SHARED_DATA");
  guint n_files = 0, n_shared = 0;

  check_dir (fixtures, FALSE, &n_files);
  check_dir (malformed, FALSE, &n_files);
  check_dir (SAMPLES_DIR, TRUE, &n_files);
  g_assert_cmpuint (n_files, >=, 30);
  if (shared != NULL)
    check_dir (shared, TRUE, &n_shared);
  if (n_shared == 0)
    g_test_message ("../shared/data is absent: only the repository's files were compared");
  g_test_message ("%u files compared", n_files + n_shared);
}

#define RES(extra) "{\"fw\":5020,\"type\":\"ping\",\"prb_id\":7,\"msm_id\":1001," \
  "\"timestamp\":1600000000" extra ",\"result\":[{\"rtt\":1.25},{\"x\":\"*\"}]," \
  "\"sent\":2,\"rcvd\":1,\"dst_addr\":\"192.0.2.1\",\"af\":4}"
#define RES2 "{\"fw\":5020,\"type\":\"ping\",\"prb_id\":8,\"msm_id\":1001," \
  "\"timestamp\":1600000240,\"result\":[{\"rtt\":2.5},{\"rtt\":2.5,\"dup\":1}],\"sent\":1," \
  "\"rcvd\":1,\"lts\":30}"

static void
test_edge_cases (void)
{
  static const char *const docs[] = {
    /* shapes */
    "[" RES("") "," RES2 "]",
    "[" RES("") "," RES2 "]\n\n",
    "\xef\xbb\xbf[" RES("") "]",
    "\xef\xbb\xbf" RES("") "\n" RES2,
    "  \n[ " RES("") " ,\n " RES2 " ] ",
    RES("") RES2,
    RES("") "\n" RES2 "\n",
    RES("") "\n" RES2,
    "[]",
    "[ ]",
    "",
    "   \n",
    "[" RES("") "," RES2 "] [" RES2 "]",
    "[" RES("") "," RES2 "] {}",
    "[" RES("") "][]",
    /* separators out of place */
    "[" RES("") ",," RES2 "]",
    "[," RES("") "]",
    "[" RES("") ",]",
    "[" RES("") " " RES2 "]",
    "[" RES("") "," RES2,
    "[" RES("") ",",
    "[" RES("") "] x",
    RES("") ", " RES2,
    RES("") " ] ",
    /* elements that are not result objects */
    "[" RES("") ",1," RES2 "]",
    "[" RES("") ",\"x\"]",
    "[" RES("") ",[" RES2 "]]",
    "[[]]",
    "[null]",
    "1",
    "\"text\"",
    /* numbers */
    "[" RES(",\"lts\":-0") "]",
    "[" RES(",\"lts\":1.0") "]",
    "[" RES(",\"lts\":1e2") "]",
    "[" RES(",\"lts\":99999999999999999999") "]",
    "[" RES(",\"lts\":18446744073709551615") "]",
    "[" RES(",\"lts\":-9223372036854775808") "]",
    "[" RES(",\"avg\":-0.0") "]",
    "[" RES(",\"avg\":1e999") "]",
    "[" RES(",\"avg\":1e-400") "]",
    "[" RES(",\"avg\":5e-324") "]",
    "[" RES(",\"avg\":0.1000000000000000055511151231257827") "]",
    "[" RES(",\"avg\":123456789012345678901234567890") "]",
    "[" RES(",\"avg\":01") "]",
    "[" RES(",\"avg\":1.") "]",
    "[" RES(",\"avg\":-") "]",
    "[" RES(",\"avg\":NaN") "]",
    "[{\"type\":\"ping\",\"prb_id\":1,\"msm_id\":2,\"timestamp\":1600000000,"
    "\"result\":[{\"rtt\":-0},{\"rtt\":0},{\"rtt\":-0.0},{\"rtt\":1E1}],\"sent\":4,\"rcvd\":4}]",
    /* strings */
    "[" RES(",\"note\":\"a\\\\\\\"b{[}]\\\"\"") "]",
    "[" RES(",\"note\":\"\\\\\"") "]",
    "[" RES(",\"note\":\"\\u00e9\\ud83d\\ude00\\u0000\"") "]",
    "[" RES(",\"note\":\"\\ud800\"") "]",
    "[" RES(",\"note\":\"\\x\"") "]",
    "[" RES(",\"note\":\"tab\there\"") "]",
    "[" RES(",\"note\":\"new\nline\"") "]",
    "[" RES(",\"note\":\"\xc3\x28\"") "]",
    "[" RES(",\"note\":\"\xe2\x82\xac\"") "]",
    "[" RES("") ",\x01" RES2 "]",
    "[" RES(",\"error\":\"no route\",\"dst_addr\":\"2001:db8::1\"") "]",
    /* literals and structure */
    "[" RES(",\"flag\":tru") "]",
    "[" RES(",\"flag\":true,\"other\":false,\"n\":null") "]",
    "[" RES(",\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
           "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]"
           "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
           "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]") "]",
    "[" RES(",\"o\":{\"a\":{\"b\":[1,{\"c\":\"}\"}]}}") "]",
    "[{\"type\":\"traceroute\",\"msm_id\":5,\"prb_id\":1,\"timestamp\":1600000000,"
    "\"result\":[{\"hop\":1,\"result\":[{\"rtt\":1}]}]}," RES("") "]",
    "[{\"type\":\"dns\",\"msm_id\":5,\"prb_id\":1,\"timestamp\":1600000000,\"result\":{\"rt\":1}}]",
    "[" RES(",\"timestamp\":\"1600000000\"") "]",
    "[{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":1600000000,\"result\":[],\"sent\":0,"
    "\"rcvd\":0}]",
    "[" RES(",\"rcvd\":9") "]",
    "[" RES(",\"af\":7") "]",
    "[" RES("") "," RES(",\"x\":1") "]",
    /* batches: separators, and trouble after the first result of one */
    "[" RES("") " , " RES2 "\t,\n" RES("") "]",
    RES("") "\r\n" RES2 "\r\n" RES(""),
    RES("") RES2 "\n" RES("") " " RES2 RES(""),
    "[" RES("") "," RES(",\"avg\":NaN") "," RES2 "]",
    "[" RES("") "," RES2 "," RES(",\"timestamp\":\"1600000000\"") "," RES("") "]",
    RES("") "\n" RES2 "\n" RES(",\"timestamp\":\"x\"") "\n" RES(""),
    "[" RES("") "," RES("") "," RES(",\"note\":\"new\nline\"") "," RES2 "]",
    "[" RES("") "," RES2 ",1," RES("") "]",
    RES("") "\n" RES2 "\n]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autofree char *what = g_strdup_printf ("edge case %u", i);

      check_same (what, (const guint8 *) docs[i], strlen (docs[i]));
    }

  /* more objects than a batch holds (1024), in an array and in NDJSON */
  for (guint ndjson = 0; ndjson < 2; ndjson++)
    {
      g_autoptr(GString) many = g_string_new (ndjson ? RES("") : "[" RES(""));

      for (guint i = 0; i < 2500; i++)
        g_string_append (many, ndjson ? (i % 7 == 0 ? "\n{}" : " {}") : (i % 7 == 0 ? ",\n{}" : ",{}"));
      g_string_append (many, ndjson ? "\n" RES2 "\n" : "," RES2 "]");
      check_same (ndjson ? "2500 objects, NDJSON" : "2500 objects", (const guint8 *) many->str,
                  many->len);
    }
}

/* Random damage to valid documents: flipped bytes, cuts, doubled spans. */
static void
test_differential_fuzz (void)
{
  static const char *const docs[] = {
    "[" RES("") ",\n " RES2 ",{\"type\":\"dns\",\"result\":{\"a\":[1,2]}}]\n",
    RES("") "\n" RES2 "\n" RES(",\"error\":\"x\\\"y\"") "\n",
  };
  GRand *rand = g_rand_new_with_seed (20261206);
  guint n_ok = 0, n_failed = 0;

  for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
    {
      gsize len = strlen (docs[d]);

      for (guint iter = 0; iter < 400; iter++)
        {
          GString *copy = g_string_new (docs[d]);
          guint edits = (guint) g_rand_int_range (rand, 1, 4);

          for (guint k = 0; k < edits; k++)
            {
              gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) copy->len);

              switch (g_rand_int_range (rand, 0, 4))
                {
                case 0:
                  copy->str[at] = (char) g_rand_int_range (rand, 0, 256);
                  break;
                case 1:
                  copy->str[at] = "{}[],:\"\\ \n0-.e"[g_rand_int_range (rand, 0, 15)];
                  break;
                case 2:
                  g_string_truncate (copy, at);
                  break;
                default:
                  {
                    gsize span = MIN ((gsize) g_rand_int_range (rand, 1, 40), copy->len - at);
                    g_autofree char *dup = g_strndup (copy->str + at, span);

                    g_string_insert (copy, (gssize) at, dup);
                  }
                  break;
                }
              if (copy->len == 0)
                break;
            }
          if (check_same ("fuzz", (const guint8 *) copy->str, copy->len))
            n_ok++;
          else
            n_failed++;
          g_string_free (copy, TRUE);
        }
      (void) len;
    }
  g_test_message ("%u damaged documents imported, %u refused, the same way on both paths",
                  n_ok, n_failed);
  g_assert_cmpuint (n_ok, >, 0);
  g_assert_cmpuint (n_failed, >, 0);
  g_rand_free (rand);
}

/* fl_json_dom_walk_elements(): the elements of a parsed array, one by one,
 * with the index of each before its events and of the one that stopped. */
typedef struct
{
  GString *events;
  int      stop_at_key;  /* 0: never; else the n-th map key stops */
  int      keys;
} DomLog;

/* Logs a structural event or null. */
static int
log_event (gpointer    data,
           const char *text)
{
  g_string_append (((DomLog *) data)->events, text);
  return 1;
}

static int
log_null (gpointer data)
{
  return log_event (data, "n ");
}

static int
log_boolean (gpointer data,
             int      value)
{
  return log_event (data, value ? "t " : "f ");
}

static int
log_number (gpointer data,
            gboolean is_integer,
            double   d,
            gint64   i,
            gboolean i_valid)
{
  g_string_append_printf (((DomLog *) data)->events, "%s%g ", is_integer ? "i" : "d", d);
  return 1;
}

static int
log_string (gpointer    data,
            const char *s,
            gsize       len)
{
  g_string_append_printf (((DomLog *) data)->events, "s%.*s ", (int) len, s);
  return 1;
}

static int
log_start_map (gpointer data)
{
  return log_event (data, "{ ");
}

static int
log_map_key (gpointer    data,
             const char *s,
             gsize       len)
{
  DomLog *log = data;

  g_string_append_printf (log->events, "k%.*s ", (int) len, s);
  return ++log->keys != log->stop_at_key;
}

static int
log_end_map (gpointer data)
{
  return log_event (data, "} ");
}

static int
log_start_array (gpointer data)
{
  return log_event (data, "[ ");
}

static int
log_end_array (gpointer data)
{
  return log_event (data, "] ");
}

static void
log_element (gpointer data,
             guint    index)
{
  g_string_append_printf (((DomLog *) data)->events, "#%u ", index);
}

static void
test_dom_elements (void)
{
  static const FlJsonDomCallbacks cb = {
    log_null, log_boolean, log_number, log_string, log_start_map, log_map_key, log_end_map,
    log_start_array, log_end_array,
  };
  static const struct
  {
    const char *doc;
    int         stop_at_key;
    int         result;
    guint       index;
    const char *events;
  } cases[] = {
    { "[{\"a\":1},{\"b\":[true,null]},{\"c\":\"x\"}]", 0, FL_JSON_DOM_OK, 0,
      "#0 { ka i1 } #1 { kb [ t n ] } #2 { kc sx } " },
    { "[{\"a\":1},{\"b\":2.5,\"c\":3},{\"d\":4}]", 3, FL_JSON_DOM_STOPPED, 1,
      "#0 { ka i1 } #1 { kb d2.5 kc " },
    { "[]", 0, FL_JSON_DOM_OK, 0, "" },
    { "{\"a\":1}", 0, FL_JSON_DOM_INVALID, 0, "" },
    { "[{\"a\":1},{\"b\":]", 0, FL_JSON_DOM_INVALID, 0, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FlJsonDom *dom = fl_json_dom_new ();
      gsize len = strlen (cases[i].doc);
      g_autofree guint8 *doc = g_malloc0 (len + FL_JSON_DOM_PADDING);
      DomLog log = { g_string_new (NULL), cases[i].stop_at_key, 0 };
      guint index = 0;
      FlJsonDomResult parsed, walked;

      memcpy (doc, cases[i].doc, len);
      parsed = fl_json_dom_parse (dom, doc, len);
      /* the parse keeps what it needs: the input may change */
      memset (doc, ' ', len);
      walked = fl_json_dom_walk_elements (dom, &cb, &log, log_element, &log, &index);
      g_assert_cmpint (walked, ==, cases[i].result);
      g_assert_cmpint (parsed, ==, cases[i].result == FL_JSON_DOM_INVALID &&
                       cases[i].doc[0] == '[' ? FL_JSON_DOM_INVALID : FL_JSON_DOM_OK);
      if (walked == FL_JSON_DOM_STOPPED)
        g_assert_cmpuint (index, ==, cases[i].index);
      g_assert_cmpstr (log.events->str, ==, cases[i].events);
      g_string_free (log.events, TRUE);
      fl_json_dom_free (dom);
    }
}

/* The vector kernels of the object scan agree with the scalar one on
 * random strings of brackets, quotes, backslashes and control characters,
 * at every length around their block sizes. */
static void
test_scan_kernels (void)
{
  static const char alphabet[] = "{}[]\"\\a ,\n\t\r\x01\x1f:";
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  guint8 buf[300 + 64];  /* the vector kernels read up to 63 bytes past the input */
  guint n_kernels = 0, n_complete = 0, n_irregular = 0;

  for (FlRipeScan k = FL_RIPE_SCAN_SCALAR; k <= FL_RIPE_SCAN_AVX512; k++)
    n_kernels += _fl_import_ripe_scan_object (k, (const guint8 *) "{}", 0, NULL) != 0;
  g_test_message ("%u scan kernels on this CPU", n_kernels);
  g_assert_cmpuint (n_kernels, >=, 1);

  for (guint t = 0; t < 200000; t++)
    {
      gsize n = 1 + (gsize) g_rand_int_range (rand, 0, 300);
      /* mostly ordinary text, sometimes nothing but the special bytes */
      gboolean dense = g_rand_boolean (rand);
      gsize want_end = 0;
      int want;

      memset (buf, 'x', sizeof buf);
      buf[0] = '{';
      for (gsize i = 1; i < n; i++)
        if (dense || g_rand_int_range (rand, 0, 4) == 0)
          buf[i] = (guint8) alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      /* garbage after the input must not matter */
      for (gsize i = n; i < n + 40; i++)
        buf[i] = (guint8) alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

      want = _fl_import_ripe_scan_object (FL_RIPE_SCAN_SCALAR, buf, n, &want_end);
      n_complete += want == FL_RIPE_SCAN_COMPLETE;
      n_irregular += want == FL_RIPE_SCAN_IRREGULAR;
      for (FlRipeScan k = FL_RIPE_SCAN_SSE2; k <= FL_RIPE_SCAN_AVX512; k++)
        {
          gsize end = 0;
          int got = _fl_import_ripe_scan_object (k, buf, n, &end);

          if (got == 0)
            continue;
          if (got != want || (want == FL_RIPE_SCAN_COMPLETE && end != want_end))
            {
              g_test_message ("kernel %d on %.*s: %d/%" G_GSIZE_FORMAT ", scalar %d/%"
                              G_GSIZE_FORMAT, k, (int) n, (const char *) buf, got, end, want,
                              want_end);
              g_test_fail ();
              return;
            }
        }
    }
  /* the inputs reach every outcome */
  g_assert_cmpuint (n_complete, >, 1000);
  g_assert_cmpuint (n_irregular, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-fast/scan-kernels", test_scan_kernels);
  g_test_add_func ("/import-fast/dom-elements", test_dom_elements);
  g_test_add_func ("/import-fast/files", test_files);
  g_test_add_func ("/import-fast/edge-cases", test_edge_cases);
  g_test_add_func ("/import-fast/differential-fuzz", test_differential_fuzz);
  return g_test_run ();
}
