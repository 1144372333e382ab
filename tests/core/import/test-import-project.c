/* test-import-project.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fl-error.h"
#include "fl-import.h"
#include "fl-import-file.h"
#include "fl-project.h"
#include "fl-project-private.h"
#include "fl-result-store.h"
#include "fl-sample-store.h"

/* Imports into real projects and checks what was stored: one hand-written
 * RIPE Atlas fixture per firmware generation (methodology §5.1), the merge
 * of overlapping downloads, iputils ping logs, and every RIPE/ping/trace
 * fixture of ../shared/data against the figures of its PROVENANCE.md. */

static char *tmp_dir;
static guint tmp_counter;

static char *
tmp_path (const char *name)
{
  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("faultline-test-import-project-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (tmp_dir, name, NULL);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_unlink (p);
    }
  g_rmdir (path);
}

static FlProject *
new_project (void)
{
  g_autofree char *name = g_strdup_printf ("p%u.faultline", tmp_counter++);
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  FlProject *p = fl_project_open (path, TRUE, &error);

  g_assert_no_error (error);
  return p;
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (FL_IMPORT_TEST_DIR, "fixtures", name, NULL);
}

static gint64
query_int (FlProject  *p,
           const char *sql)
{
  sqlite3 *db = fl_project_get_db (p);
  sqlite3_stmt *st = NULL;
  gint64 v;

  if (strstr (sql, "measurements") != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* the samples, one row each (temp.measurements) */
      g_assert_true (_fl_sample_store_materialize (fl_project_get_db (p), &error));
      g_assert_no_error (error);
    }
  if (strstr (sql, "ping_results") != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* the ping results, one row each (temp.ping_results) */
      g_assert_true (_fl_result_store_materialize (fl_project_get_db (p), &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  v = sqlite3_column_type (st, 0) == SQLITE_NULL ? G_MININT64 : sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return v;
}

static FlSourceInfo *
import_ok (FlProject  *p,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  FlSourceInfo *src = NULL;

  g_test_message ("importing %s", path);
  g_assert_true (fl_project_import_file (p, path, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_nonnull (src);
  return src;
}

static char *
shared_path (const char *relative)
{
  const char *dir = g_getenv ("FL_SHARED_DATA");
  g_autofree char *path = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("FL_SHARED_DATA is not set or not a directory");
      return NULL;
    }
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf ("%s is missing", path);

      g_test_skip (msg);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* ------------------------------------------------------------------------ */
/* One fixture per firmware generation                                      */

#define NONE G_MININT64 /* SQL NULL */

typedef struct
{
  gint64      ts, msm, probe;
  const char *dst;        /* NULL = SQL NULL */
  gint64      af;         /* NONE = NULL */
  gint64      sent, rcvd, dups, errors;
  const char *error_text; /* substring, NULL = SQL NULL */
  gint64      fw, lts;    /* NONE = NULL */
  /* measurement rows linked to the result: all, flagged dup, lost, error */
  gint64      n_rows, n_dup, n_lost, n_error;
  double      rtt_sum;    /* sum of the RTTs of non-dup rows */
} ExpectedResult;

typedef struct
{
  const char     *file;
  guint64         results, skipped, replies, lost, dups, errors;
  guint           n_expected;
  ExpectedResult  expected[6];
} FirmwareCase;

static const FirmwareCase firmware_cases[] = {
  /* fw 1: no `result` array, addr/name/srcaddr, af from the address;
   * nothing came back in the second (avg = -1). */
  { "ripe-fw1.ndjson", 3, 0, 3 + 0 + 2, 0 + 3 + 1, 0, 0, 3, {
      { 1288000000, 1001, 10, "193.0.14.129", 4, 3, 3, 0, 0, NULL, 1, NONE, 1, 0, 0, 0, 25.345 },
      { 1288000240, 1001, 10, "193.0.14.129", 4, 3, 0, 0, 0, NULL, 1, NONE, 1, 0, 1, 0, 0 },
      { 1288000300, 2001, 10, "2001:7fd::1", 6, 3, 2, 1, 0, NULL, 1, NONE, 1, 0, 0, 0, 40.0 } } },
  /* fw 4400: mode ICMP4/ICMP6, x:"*", error entries, rtt+ttl+dup. */
  { "ripe-fw4400.json", 2, 0, 3, 1 + 3, 1, 2, 2, {
      { 1300000000, 1001, 11, "193.0.14.129", 4, 3, 2, 1, 0, NULL, 4400, NONE, 4, 1, 1, 0, 29.5 + 31.0 },
      { 1300000240, 2001, 11, "2001:7fd::1", 6, 3, 0, 0, 2, "sendto failed", 4400, NONE, 3, 0, 3, 2, 0 } } },
  /* fw 4460: renamed keys, the deprecated ones kept; af given. */
  { "ripe-fw4460.ndjson", 2, 0, 4, 2, 0, 0, 2, {
      { 1320000000, 1001, 12, "193.0.14.129", 4, 3, 3, 0, 0, NULL, 4460, NONE, 3, 0, 0, 0, 37.5 },
      { 1320000240, 2001, 12, "2001:7fd::1", 6, 3, 1, 0, 0, NULL, 4460, NONE, 3, 0, 2, 0, 22.0 } } },
  /* fw 4540: lts; -1 means unknown. */
  { "ripe-fw4540.ndjson", 2, 0, 3, 0, 0, 0, 2, {
      { 1350000000, 1001, 13, "193.0.14.129", 4, 2, 2, 0, 0, NULL, 4540, 12, 2, 0, 0, 0, 17.0 },
      { 1350000240, 1001, 13, "193.0.14.129", 4, 1, 1, 0, 0, NULL, 4540, NONE, 1, 0, 0, 0, 8.7 } } },
  /* fw 4570–4749: a DNS failure (no dst_addr) and two dup replies. */
  { "ripe-fw4610.ndjson", 2, 0, 4, 1, 2, 1, 2, {
      { 1400000000, 3001, 14, NULL, 4, 0, 0, 0, 1, "dns resolution failed", 4610, 30, 1, 0, 1, 1, 0 },
      { 1400000240, 3002, 14, "192.0.2.1", 4, 2, 2, 2, 0, NULL, 4610, 31, 4, 2, 0, 0, 110.0 } } },
  /* fw 4750: msm_name, group_id, bundle; a traceroute next to it. */
  { "ripe-fw4750.json", 1, 1, 2, 1, 0, 0, 1, {
      { 1450000000, 4001, 15, "2001:500:2f::f", 6, 3, 2, 0, 0, NULL, 4750, 5, 3, 0, 1, 0, 203.0 } } },
  /* fw >= 5000 with mver, stored_timestamp, step. */
  { "ripe-fw5020.ndjson", 2, 0, 3, 3, 0, 0, 2, {
      { 1599523340, 26858348, 6798, "203.119.111.139", 4, 3, 3, 0, 0, NULL, 5020, 43, 3, 0, 0, 0, 31.47 + 31.6 + 31.512 },
      { 1599523580, 26858348, 6798, "203.119.111.139", 4, 3, 0, 0, 0, NULL, 5080, NONE, 3, 0, 3, 0, 0 } } },
  /* Mixed firmware in one file, with an old DNS result (no type, result
   * object) and a new one: both skipped. */
  { "ripe-mixed.ndjson", 4, 2, 1 + 1 + 1 + 3, 1, 1, 0, 4, {
      { 1288000000, 1001, 20, "193.0.14.129", 4, 1, 1, 0, 0, NULL, 1, NONE, 1, 0, 0, 0, 25.0 },
      { 1300000000, 1001, 20, "193.0.14.129", 4, 2, 1, 0, 0, NULL, 4400, NONE, 2, 0, 1, 0, 26.0 },
      { 1320000000, 1001, 20, "193.0.14.129", 4, 1, 1, 0, 0, NULL, 4460, NONE, 1, 0, 0, 0, 27.0 },
      { 1599523340, 1001, 20, "193.0.14.129", 4, 2, 2, 1, 0, NULL, 5080, 7, 3, 1, 0, 0, 57.0 } } },
};

static void
assert_column_int (sqlite3_stmt *st,
                   int           col,
                   gint64        expected,
                   const char   *what)
{
  if (expected == NONE)
    {
      if (sqlite3_column_type (st, col) != SQLITE_NULL)
        g_error ("%s: expected NULL, got %lld", what, (long long) sqlite3_column_int64 (st, col));
    }
  else
    {
      if (sqlite3_column_type (st, col) == SQLITE_NULL)
        g_error ("%s: expected %" G_GINT64_FORMAT ", got NULL", what, expected);
      g_assert_cmpint (sqlite3_column_int64 (st, col), ==, expected);
    }
}

static void
check_firmware_case (gconstpointer data)
{
  const FirmwareCase *c = data;
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *path = fixture_path (c->file);
  g_autoptr(FlSourceInfo) src = import_ok (p, path);
  sqlite3 *db = fl_project_get_db (p);
  sqlite3_stmt *st = NULL;
  guint i = 0;

  g_assert_cmpuint (src->counts.results, ==, c->results);
  g_assert_cmpuint (src->counts.skipped, ==, c->skipped);
  g_assert_cmpuint (src->counts.replies, ==, c->replies);
  g_assert_cmpuint (src->counts.lost, ==, c->lost);
  g_assert_cmpuint (src->counts.dups, ==, c->dups);
  g_assert_cmpuint (src->counts.errors, ==, c->errors);
  g_assert_cmpuint (src->counts.already_present, ==, 0);

  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, c->n_expected);
  /* Every measurement belongs to a result. */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements WHERE result_id IS NULL"), ==, 0);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                   "SELECT r.ts_s, r.msm_id, r.probe_id, r.dst_addr, r.af, r.sent, r.rcvd, r.dups,"
                   " r.errors, r.error_text, r.fw, r.lts,"
                   " (SELECT count(*) FROM measurements m WHERE m.result_id = r.id),"
                   " (SELECT count(*) FROM measurements m WHERE m.result_id = r.id AND m.flags & 2),"
                   " (SELECT count(*) FROM measurements m WHERE m.result_id = r.id AND m.flags & 1),"
                   " (SELECT count(*) FROM measurements m WHERE m.result_id = r.id AND m.flags & 4),"
                   " (SELECT coalesce(sum(rtt_ms), 0) FROM measurements m WHERE m.result_id = r.id"
                   "  AND (m.flags & 2) = 0)"
                   " FROM ping_results r ORDER BY r.id", -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const ExpectedResult *e = &c->expected[i++];
      const char *dst = (const char *) sqlite3_column_text (st, 3);
      const char *etext = (const char *) sqlite3_column_text (st, 9);

      g_test_message ("%s: result %u", c->file, i);
      g_assert_cmpfloat (sqlite3_column_double (st, 0), ==, (double) e->ts);
      assert_column_int (st, 1, e->msm, "msm_id");
      assert_column_int (st, 2, e->probe, "probe_id");
      g_assert_cmpstr (dst, ==, e->dst);
      assert_column_int (st, 4, e->af, "af");
      assert_column_int (st, 5, e->sent, "sent");
      assert_column_int (st, 6, e->rcvd, "rcvd");
      assert_column_int (st, 7, e->dups, "dups");
      assert_column_int (st, 8, e->errors, "errors");
      if (e->error_text == NULL)
        g_assert_null (etext);
      else
        g_assert_nonnull (strstr (etext, e->error_text));
      assert_column_int (st, 10, e->fw, "fw");
      assert_column_int (st, 11, e->lts, "lts");
      assert_column_int (st, 12, e->n_rows, "rows");
      assert_column_int (st, 13, e->n_dup, "dup rows");
      assert_column_int (st, 14, e->n_lost, "lost rows");
      assert_column_int (st, 15, e->n_error, "error rows");
      g_assert_cmpfloat_with_epsilon (sqlite3_column_double (st, 16), e->rtt_sum, 1e-9);
    }
  sqlite3_finalize (st);
  g_assert_cmpuint (i, ==, c->n_expected);
}

/* Dup replies are stored, but the series loader leaves them out. */
static void
test_dup_excluded_from_series (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *path = fixture_path ("ripe-fw4610.ndjson");
  g_autoptr(FlSourceInfo) src = import_ok (p, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSeriesInfo) info = fl_project_find_series (p, "ripe:3002:14", &error);
  g_autoptr(FlSeriesData) data = NULL;

  g_assert_no_error (error);
  data = fl_project_load_series (p, info->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->n, ==, 2);
  g_assert_cmpfloat (data->rtt_ms[0], ==, 53.0);
  g_assert_cmpfloat (data->rtt_ms[1], ==, 57.0);
}

/* ------------------------------------------------------------------------ */
/* Overlapping downloads                                                    */

/* Writes results [from, to) of a synthetic measurement (2 probes, one
 * result every 240 s, 3 packets each) as a JSON array. */
static char *
write_download (const char *name,
                guint       from,
                guint       to)
{
  g_autoptr(GString) s = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  for (guint i = from; i < to; i++)
    for (guint probe = 1; probe <= 2; probe++)
      g_string_append_printf (s, "%s{\"fw\":5080,\"type\":\"ping\",\"msm_id\":777,\"prb_id\":%u,"
                              "\"timestamp\":%u,\"af\":4,\"dst_addr\":\"192.0.2.9\","
                              "\"sent\":3,\"rcvd\":3,\"dup\":0,\"avg\":%u.5,"
                              "\"result\":[{\"rtt\":%u.0},{\"rtt\":%u.5},{\"rtt\":%u.0}]}",
                              s->len > 1 ? "," : "", probe, 1600000000 + i * 240,
                              10 + i % 7, 10 + i % 7, 10 + i % 7, 11 + i % 7);
  g_string_append (s, "]");
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_overlap (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *a = write_download ("dl-a.json", 0, 100);
  g_autofree char *b = write_download ("dl-b.json", 50, 150);
  g_autoptr(FlSourceInfo) sa = NULL;
  g_autoptr(FlSourceInfo) sb = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  FlSourceInfo *again = NULL;

  sa = import_ok (p, a);
  g_assert_cmpuint (sa->counts.results, ==, 200);
  g_assert_cmpuint (sa->counts.already_present, ==, 0);
  g_assert_cmpuint (sa->counts.replies, ==, 600);

  /* The second download overlaps the first by half. */
  sb = import_ok (p, b);
  g_assert_cmpuint (sb->counts.results, ==, 200);
  g_assert_cmpuint (sb->counts.already_present, ==, 100);
  g_assert_cmpuint (sb->counts.replies, ==, 300);
  g_assert_cmpuint (sb->counts.lost, ==, 0);

  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, 300);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==, 900);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM (SELECT series_id, ts_s FROM measurements"
                                 " GROUP BY series_id, ts_s HAVING count(*) != 3)"), ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE source_id = 2"), ==, 100);
  g_assert_cmpint (query_int (p, "SELECT min(ts_s) FROM ping_results WHERE source_id = 2"), ==,
                   1600000000 + 100 * 240);

  /* Stored with the source and listed. */
  sources = fl_project_list_sources (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 2);
  g_assert_cmpuint (((FlSourceInfo *) g_ptr_array_index (sources, 1))->counts.already_present, ==, 100);
  g_assert_cmpint (query_int (p, "SELECT n_already_present FROM sources WHERE id = 2"), ==, 100);

  /* The very same file again is refused, and nothing changes. */
  g_assert_false (fl_project_import_file (p, b, NULL, NULL, NULL, &again, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DUPLICATE);
  g_assert_null (again);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM sources"), ==, 2);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==, 900);
}

/* Results i = @order[0], … of measurement @msm (two probes, one result
 * every 240 s), with i % 5 + 1 replies in result i (so that a result's
 * replies can be split between two of the writer's batches), as a JSON
 * array in that order; an i may come more than once. */
static char *
write_download_order (const char *name,
                      guint       msm,
                      GArray     *order)
{
  g_autoptr(GString) s = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);

      for (guint probe = 1; probe <= 2; probe++)
        {
          g_string_append_printf (s, "%s{\"fw\":5080,\"type\":\"ping\",\"msm_id\":%u,"
                                  "\"prb_id\":%u,\"timestamp\":%u,\"af\":4,\"sent\":%u,"
                                  "\"rcvd\":%u,\"result\":[",
                                  s->len > 1 ? "," : "", msm, probe, 1600000000 + i * 240,
                                  i % 5 + 1, i % 5 + 1);
          for (guint r = 0; r <= i % 5; r++)
            g_string_append_printf (s, "%s{\"rtt\":%u.25}", r ? "," : "", 10 + r);
          g_string_append (s, "]}");
        }
    }
  g_string_append (s, "]");
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, &error));
  g_assert_no_error (error);
  return path;
}

/* Results [from, to) of measurement 778, in time order. */
static char *
write_download_var (const char *name,
                    guint       from,
                    guint       to)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = from; i < to; i++)
    g_array_append_val (order, i);
  return write_download_order (name, 778, order);
}

/* Large overlapping downloads: results found stored are dropped with all
 * their replies, also where the replies of one result are written in two
 * batches (the writer takes up to 8192 replies at a time, and in b a
 * boundary falls inside a stored result: checked by resetting the writer's
 * "stored" state at each batch, which keeps two replies too many). */
static void
test_overlap_large (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *a = write_download_var ("big-a.json", 0, 2000);
  g_autofree char *b = write_download_var ("big-b.json", 0, 3000);
  g_autoptr(FlSourceInfo) sa = import_ok (p, a);
  g_autoptr(FlSourceInfo) sb = import_ok (p, b);
  guint64 replies_a = 0, replies_b = 0;

  for (guint i = 0; i < 3000; i++)
    {
      if (i < 2000)
        replies_a += 2 * (i % 5 + 1);
      else
        replies_b += 2 * (i % 5 + 1);
    }
  g_assert_cmpuint (sa->counts.results, ==, 4000);
  g_assert_cmpuint (sa->counts.replies, ==, replies_a);
  g_assert_cmpuint (sb->counts.results, ==, 6000);
  g_assert_cmpuint (sb->counts.already_present, ==, 4000);
  g_assert_cmpuint (sb->counts.replies, ==, replies_b);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, 6000);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==,
                   (gint64) (replies_a + replies_b));
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements m JOIN ping_results r"
                                 " ON r.id = m.result_id WHERE m.source_id != r.source_id"), ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results r WHERE r.sent !="
                                 " (SELECT count(*) FROM measurements m WHERE m.result_id = r.id)"),
                   ==, 0);
}

/* Results out of time order: a download in reverse order that repeats
 * every seventh result further on, then one in shuffled order that
 * overlaps it. With a small writer buffer, most repeats are found in
 * chunks stored earlier in the same import, the others in the buffer or in
 * the first source's chunks; each (series, time) is stored once, with its
 * replies, and every other copy is counted as already present. */
static void
test_overlap_unordered (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autoptr(GArray) order_a = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) order_b = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(FlSourceInfo) sa = NULL;
  g_autoptr(FlSourceInfo) sb = NULL;
  guint n_repeats = 0;

  for (guint i = 1500; i-- > 0;)
    g_array_append_val (order_a, i);
  for (guint i = 0; i < 1500; i += 7, n_repeats++)
    g_array_append_val (order_a, i);
  for (guint i = 1000; i < 2500; i++)
    g_array_append_val (order_b, i);
  for (guint k = order_b->len - 1; k > 0; k--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) k + 1);
      guint t = g_array_index (order_b, guint, k);

      g_array_index (order_b, guint, k) = g_array_index (order_b, guint, j);
      g_array_index (order_b, guint, j) = t;
    }
  a = write_download_order ("unordered-a.json", 779, order_a);
  b = write_download_order ("unordered-b.json", 779, order_b);

  _fl_project_set_import_buffer_max (1000);
  sa = import_ok (p, a);
  sb = import_ok (p, b);
  _fl_project_set_import_buffer_max (0);

  g_assert_cmpuint (sa->counts.results, ==, 2 * (1500 + n_repeats));
  g_assert_cmpuint (sa->counts.already_present, ==, 2 * n_repeats);
  g_assert_cmpuint (sb->counts.results, ==, 2 * 1500);
  g_assert_cmpuint (sb->counts.already_present, ==, 2 * 500);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, 2 * 2500);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM (SELECT DISTINCT series_id, ts_s"
                                 " FROM ping_results)"), ==, 2 * 2500);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE source_id = 2"
                                 " AND ts_s < 1600000000 + 1500 * 240"), ==, 0);
  /* every result i has i % 5 + 1 replies: 2 × 500 × (1 + … + 5) */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==, 15000);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results r WHERE r.sent !="
                                 " (SELECT count(*) FROM measurements m WHERE m.result_id = r.id)"),
                   ==, 0);
  /* chunks hold their results in time order, within their span */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM result_chunks WHERE ts_first > ts_last"),
                   ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM result_chunks"), >, 4);
}

/* The stored checksum and size are the file's, whether the checksum was
 * computed during the import (no source of that size yet) or before it (a
 * source of the same size exists), and a file refused as a duplicate, or
 * one that fails half-way, leaves no trace. */
static void
test_checksum (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *a = write_download ("sum-a.json", 0, 30);
  g_autofree char *b = write_download ("sum-b.json", 30, 60);   /* same size as a */
  g_autofree char *c = write_download ("sum-c.json", 0, 45);    /* larger */
  /* several of the read-ahead's 1 MiB blocks */
  g_autofree char *d = write_download ("sum-d.json", 1000, 8000);
  /* compressed (the checksum is the .gz file's) */
  g_autofree char *e_plain = write_download ("sum-e.json", 8000, 9000);
  g_autofree char *e = tmp_path ("sum-e.json.gz");
  g_autofree char *bad = tmp_path ("sum-bad.json");
  const char *files[] = { a, b, c, d, e };
  g_autoptr(GError) error = NULL;
  FlSourceInfo *again = NULL;
  sqlite3 *db = fl_project_get_db (p);

  {
    g_autofree char *plain = NULL;
    gsize plain_len = 0;
    g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
    g_autoptr(GInputStream) in = NULL;
    g_autoptr(GInputStream) zin = NULL;
    g_autoptr(GFile) out_file = g_file_new_for_path (e);
    g_autoptr(GFileOutputStream) out = NULL;

    g_assert_true (g_file_get_contents (e_plain, &plain, &plain_len, &error));
    in = g_memory_input_stream_new_from_data (g_steal_pointer (&plain), (gssize) plain_len,
                                              g_free);
    zin = g_converter_input_stream_new (in, G_CONVERTER (z));
    out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_output_stream_splice (G_OUTPUT_STREAM (out), zin,
                                             G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error),
                     >, 0);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(FlSourceInfo) src = import_ok (p, files[i]);
      g_autofree char *contents = NULL;
      g_autofree char *expected = NULL;
      gsize len = 0;
      sqlite3_stmt *st = NULL;

      g_assert_true (g_file_get_contents (files[i], &contents, &len, &error));
      g_assert_no_error (error);
      expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
      g_assert_cmpstr (src->sha256, ==, expected);
      g_assert_cmpuint (src->size_bytes, ==, len);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sha256, size_bytes FROM sources WHERE id = ?",
                                           -1, &st, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (st, 1, src->id);
      g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (st, 0), ==, expected);
      g_assert_cmpint (sqlite3_column_int64 (st, 1), ==, (gint64) len);
      sqlite3_finalize (st);
    }

  /* each one again: refused before anything is parsed */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_assert_false (fl_project_import_file (p, files[i], NULL, NULL, NULL, &again, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_DUPLICATE);
      g_assert_null (again);
      g_clear_error (&error);
    }

  /* a new size whose import fails half-way */
  g_assert_true (g_file_set_contents (bad, "[{\"type\":\"ping\",\"msm_id\":777,\"prb_id\":9,"
                                      "\"timestamp\":1600000000,\"sent\":1,\"rcvd\":1,"
                                      "\"result\":[{\"rtt\":1.0}]},{\"type\":", -1, &error));
  g_assert_no_error (error);
  g_assert_false (fl_project_import_file (p, bad, NULL, NULL, NULL, &again, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_PARSE);
  g_assert_null (again);

  g_assert_cmpint (query_int (p, "SELECT count(*) FROM sources"), ==, 5);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM sources WHERE sha256 LIKE 'pending%'"), ==, 0);
  /* c repeats what a and b brought */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, 2 * 60 + 2 * 8000);
}

/* A download entirely inside an earlier one adds nothing but a source. */
static void
test_overlap_contained (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *a = write_download ("in-a.json", 0, 40);
  g_autofree char *b = write_download ("in-b.json", 10, 20);
  g_autoptr(FlSourceInfo) sa = import_ok (p, a);
  g_autoptr(FlSourceInfo) sb = import_ok (p, b);

  g_assert_cmpuint (sb->counts.results, ==, 20);
  g_assert_cmpuint (sb->counts.already_present, ==, 20);
  g_assert_cmpuint (sb->counts.replies, ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==, 240);
}

/* ------------------------------------------------------------------------ */
/* iputils ping logs                                                        */

static const char ping_log[] =
  "1660000000000\n"
  "PING 3.19.94.93 (3.19.94.93) 38(66) bytes of data.\n"
  "46 bytes from 3.19.94.93: icmp_seq=1 ttl=40 time=193 ms\n"
  "46 bytes from 3.19.94.93: icmp_seq=3 ttl=40 time=50.5 ms\n"
  "46 bytes from 3.19.94.93: icmp_seq=2 ttl=40 time=1210 ms\n"
  "46 bytes from 3.19.94.93: icmp_seq=3 ttl=40 time=60.0 ms (DUP!)\n"
  "From 10.0.0.1 icmp_seq=5 Destination Host Unreachable\n"
  "46 bytes from 3.19.94.93: icmp_seq=6 ttl=40 time=44.1 ms\n"
  "\n"
  "--- 3.19.94.93 ping statistics ---\n"
  "8 packets transmitted, 4 received, +1 duplicates, +1 errors, 50% packet loss, time 1400ms\n"
  "rtt min/avg/max/mdev = 44.100/374.400/1210.000/480.000 ms, pipe 2\n";

static void
test_ping_log (void)
{
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *path = tmp_path ("run_ping_12_00.out");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlSeriesInfo) info = NULL;
  g_autoptr(FlSeriesData) data = NULL;
  static const double expect_ts[] = { 0, 0.2, 0.4, 0.8, 1.0, 1.2, 1.4 };
  static const double expect_rtt[] = { 193, 1210, 50.5, NAN, 44.1, NAN, NAN };

  g_assert_true (g_file_set_contents (path, ping_log, -1, &error));
  src = import_ok (p, path);
  g_assert_cmpstr (src->format, ==, "ping-log");
  g_assert_cmpuint (src->counts.results, ==, 1);
  g_assert_cmpuint (src->counts.replies, ==, 5);
  g_assert_cmpuint (src->counts.dups, ==, 1);
  g_assert_cmpuint (src->counts.lost, ==, 4);
  g_assert_cmpuint (src->counts.errors, ==, 1);
  g_assert_cmpuint (src->counts.series, ==, 1);

  g_assert_cmpint (query_int (p, "SELECT sent FROM ping_results"), ==, 8);
  g_assert_cmpint (query_int (p, "SELECT rcvd FROM ping_results"), ==, 4);
  g_assert_cmpint (query_int (p, "SELECT dups FROM ping_results"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT errors FROM ping_results"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT af FROM ping_results"), ==, 4);
  g_assert_cmpint (query_int (p, "SELECT ts_s FROM ping_results"), ==, 1660000000);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE dst_addr = '3.19.94.93'"
                                 " AND error_text = 'Destination Host Unreachable'"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements WHERE flags = 5"), ==, 1);

  info = fl_project_find_series (p, "ping:3.19.94.93:1660000000:run_ping_12_00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->label, ==, "3.19.94.93 \302\267 run_ping_12_00 \302\267 2022-08-08 23:06 UTC");
  data = fl_project_load_series (p, info->id, &error);
  g_assert_no_error (error);
  /* 8 requests 200 ms apart (1400 ms / 7); the dup left out. */
  g_assert_cmpuint (data->n, ==, 8);
  for (guint i = 0; i < G_N_ELEMENTS (expect_ts); i++)
    {
      guint k = i < 3 ? i : i + 1; /* seq 4 (index 3) is a plain loss */

      g_assert_cmpfloat_with_epsilon (data->ts_s[k], 1660000000.0 + (k * 0.2), 1e-6);
      if (isnan (expect_rtt[i]))
        g_assert_true (isnan (data->rtt_ms[k]));
      else
        g_assert_cmpfloat (data->rtt_ms[k], ==, expect_rtt[i]);
    }
  g_assert_true (isnan (data->rtt_ms[3]));
  (void) expect_ts;
}

/* `ping -D`: the send time is the stamp minus the RTT. */
static void
test_ping_log_stamped (void)
{
  static const char log[] =
    "PING example.org (2001:db8::1) 56 data bytes\n"
    "[1700000000.500000] 64 bytes from 2001:db8::1: icmp_seq=1 ttl=50 time=500 ms\n"
    "[1700000001.250000] 64 bytes from 2001:db8::1: icmp_seq=2 ttl=50 time=250 ms\n"
    "[1700000003.100000] no answer yet for icmp_seq=3\n"
    "\n"
    "--- example.org ping statistics ---\n"
    "3 packets transmitted, 2 received, 33.3333% packet loss, time 2002ms\n"
    "rtt min/avg/max/mdev = 250.0/375.0/500.0/125.0 ms\n";
  g_autoptr(FlProject) p = new_project ();
  g_autofree char *path = tmp_path ("stamped.log");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlSeriesInfo) info = NULL;
  g_autoptr(FlSeriesData) data = NULL;

  g_assert_true (g_file_set_contents (path, log, -1, &error));
  src = import_ok (p, path);
  g_assert_cmpuint (src->counts.replies, ==, 2);
  g_assert_cmpuint (src->counts.lost, ==, 1);
  g_assert_cmpint (query_int (p, "SELECT af FROM ping_results"), ==, 6);
  info = fl_project_find_series (p, "ping:example.org:1700000000:stamped", &error);
  g_assert_no_error (error);
  data = fl_project_load_series (p, info->id, &error);
  g_assert_cmpuint (data->n, ==, 3);
  g_assert_cmpfloat_with_epsilon (data->ts_s[0], 1700000000.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (data->ts_s[1], 1700000001.0, 1e-6);
  /* interval 2002 / 2 ms from the first stamped send */
  g_assert_cmpfloat_with_epsilon (data->ts_s[2], 1700000002.002, 1e-6);
  g_assert_true (isnan (data->rtt_ms[2]));
}

/* Per operator, from PROVENANCE.md: "17,660 rows: AT&T 5,595, T-Mobile
 * 5,315, Verizon 6,750" (one row per echo reply, DUP! lines included),
 * 180 runs, one of them (tmobile/run-47) empty. */
static void
test_cellular_logs (void)
{
  static const struct { const char *op; guint64 replies; } ops[] = {
    { "atnt", 5595 }, { "tmobile", 5315 }, { "verizon", 6750 },
  };
  g_autofree char *raw = shared_path ("cellular-drive-ping-imc23/raw");
  g_autoptr(FlProject) p = NULL;
  guint64 total = 0, runs = 0, unknown = 0, duplicates = 0, stored = 0;

  if (raw == NULL)
    return;
  p = new_project ();

  for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
    {
      g_autofree char *opdir = g_build_filename (raw, ops[o].op, NULL);
      g_autoptr(GDir) d = g_dir_open (opdir, 0, NULL);
      const char *run;
      guint64 replies = 0;

      g_assert_nonnull (d);
      while ((run = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *rundir = g_build_filename (opdir, run, NULL);
          g_autoptr(GDir) rd = g_dir_open (rundir, 0, NULL);
          const char *file;

          while (rd != NULL && (file = g_dir_read_name (rd)) != NULL)
            {
              g_autofree char *path = g_build_filename (rundir, file, NULL);
              g_autoptr(GInputStream) stream = NULL;
              g_autoptr(GError) error = NULL;
              FlSourceInfo *src = NULL;
              FlFormat format = FL_FORMAT_UNKNOWN;
              guint64 size = 0;

              if (!g_str_has_suffix (file, ".out"))
                continue;
              runs++;
              /* Count with the importer alone (each file once)... */
              stream = fl_import_open_file (path, &size, &format, &error);
              g_assert_no_error (error);
              if (format == FL_FORMAT_UNKNOWN)
                {
                  /* the empty run: only the start time */
                  g_assert_cmpstr (run, ==, "run-47");
                  unknown++;
                  continue;
                }
              g_assert_cmpint (format, ==, FL_FORMAT_PING_LOG);

              /* ...through the project: byte-identical copies are refused. */
              if (!fl_project_import_file (p, path, NULL, NULL, NULL, &src, &error))
                {
                  g_assert_error (error, FL_ERROR, FL_ERROR_DUPLICATE);
                  duplicates++;
                  /* the copy has the same number of replies as the original */
                  replies += 100;
                  continue;
                }
              g_assert_cmpuint (src->counts.already_present, ==, 0);
              replies += src->counts.replies;
              stored += src->counts.replies;
              fl_source_info_free (src);
            }
        }
      g_test_message ("%s: %" G_GUINT64_FORMAT " replies", ops[o].op, replies);
      g_assert_cmpuint (replies, ==, ops[o].replies);
      total += replies;
    }

  g_assert_cmpuint (total, ==, 17660);
  g_assert_cmpuint (runs, ==, 180);
  g_assert_cmpuint (unknown, ==, 1);
  /* atnt run-1/run-2 and verizon run-1/run-2 are byte-identical copies of
   * 100 replies each (checked with sha256sum). */
  g_assert_cmpuint (duplicates, ==, 2);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements WHERE rtt_ms IS NOT NULL"), ==,
                   (gint64) stored);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, 177);
  /* one series per run, even where carriers reuse a file name */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM series WHERE key LIKE 'ping:%'"), ==, 177);
  /* "Runs with loss: 20" counts all 180 runs; one of the two copies is a
   * run with loss only if its original is. */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd < sent"), <=, 20);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd < sent"), >=, 18);
}

/* ------------------------------------------------------------------------ */
/* ../shared/data RIPE fixtures and traces                                  */

static void
import_dir (FlProject    *p,
            const char   *dir,
            FlImportCounts *sum,
            guint        *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(FlSourceInfo) src = import_ok (p, path);

      sum->results += src->counts.results;
      sum->replies += src->counts.replies;
      sum->lost += src->counts.lost;
      sum->skipped += src->counts.skipped;
      sum->already_present += src->counts.already_present;
      (*n_files)++;
    }
}

/* PROVENANCE.md: short_term_30min 15 files, 25,000 results, 253 probes,
 * 2023-02-13 17:46 → 2023-02-16 12:20; 499 results with rcvd < sent, 411 of
 * them total loss. long_term_6h: 25 files, 13,733 results, 465 probes;
 * 449 and 393. */
static void
check_cmb_set (const char *set,
               guint       files,
               gint64      results,
               gint64      probes,
               gint64      partial,
               gint64      total_loss)
{
  g_autofree char *rel = g_build_filename ("ripe-atlas-ping-cmb2023", set, NULL);
  g_autofree char *dir = shared_path (rel);
  g_autoptr(FlProject) p = NULL;
  FlImportCounts sum = { 0 };
  guint n = 0;

  if (dir == NULL)
    return;
  p = new_project ();
  import_dir (p, dir, &sum, &n);
  g_assert_cmpuint (n, ==, files);
  g_assert_cmpuint (sum.results, ==, (guint64) results);
  g_assert_cmpuint (sum.skipped, ==, 0);
  g_assert_cmpuint (sum.already_present, ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results"), ==, results);
  g_assert_cmpint (query_int (p, "SELECT count(DISTINCT probe_id) FROM ping_results"), ==, probes);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd < sent"), ==, partial);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd = 0 AND sent > 0"), ==, total_loss);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements WHERE result_id IS NULL"), ==, 0);
  /* PROVENANCE.md names fw 4790, 5020, 5040 and 5080; a recount with
   * Python's json finds 4770 … 5080 (ten releases) in the short-term set. */
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE fw IS NULL OR fw < 4750"), ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE lts IS NULL"), <, results / 10);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==,
                   (gint64) (sum.replies + sum.lost));
}

static void
test_cmb_short_term (void)
{
  g_autofree char *dir = shared_path ("ripe-atlas-ping-cmb2023/short_term_30min");

  if (dir == NULL)
    return;
  check_cmb_set ("short_term_30min", 15, 25000, 253, 499, 411);
}

static void
test_cmb_long_term (void)
{
  check_cmb_set ("long_term_6h", 25, 13733, 465, 449, 393);
}

/* PROVENANCE.md: 1,000 results from 32 probes, 2020-09-08 00:02:12 →
 * 02:06:26 UTC, fw 5020 on all; 1 result with rcvd=0, 1 with rcvd=1, 1
 * with rcvd=2 and 1 with sent=2. */
static void
test_anchor_mesh (void)
{
  g_autofree char *path = shared_path ("ripe-atlas-anchor-mesh-sample/msm26858348_ping_anchor_mesh.ndjson");
  g_autoptr(FlProject) p = NULL;
  g_autoptr(FlSourceInfo) src = NULL;

  if (path == NULL)
    return;
  p = new_project ();
  src = import_ok (p, path);
  g_assert_cmpuint (src->counts.results, ==, 1000);
  g_assert_cmpuint (src->counts.series, ==, 32);
  g_assert_cmpint (query_int (p, "SELECT count(DISTINCT probe_id) FROM ping_results"), ==, 32);
  g_assert_cmpint (query_int (p, "SELECT min(ts_s) FROM ping_results"), ==, 1599523332);
  g_assert_cmpint (query_int (p, "SELECT max(ts_s) FROM ping_results"), ==, 1599530786);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE fw != 5020"), ==, 0);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd = 0"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd = 1"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE rcvd = 2"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE sent = 2"), ==, 1);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM ping_results WHERE msm_id != 26858348"
                                 " OR dst_addr != '203.119.111.139' OR af != 4"), ==, 0);
}

/* PROVENANCE.md: 35 traces in raw/, 289,678 rows, 677 change points. */
static void
test_traces (void)
{
  g_autofree char *dir = shared_path ("ripe-rtt-changepoint-shao2017/raw");
  g_autoptr(FlProject) p = NULL;
  FlImportCounts sum = { 0 };
  guint n = 0;

  if (dir == NULL)
    return;
  p = new_project ();
  import_dir (p, dir, &sum, &n);
  g_assert_cmpuint (n, ==, 35);
  g_assert_cmpuint (sum.results, ==, 289678);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements"), ==, 289678);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM measurements WHERE flags & 8"), ==, 677);
  g_assert_cmpint (query_int (p, "SELECT count(*) FROM series"), ==, 35);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (firmware_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import-project/firmware/%s", firmware_cases[i].file);

      g_test_add_data_func (name, &firmware_cases[i], check_firmware_case);
    }
  g_test_add_func ("/import-project/firmware/dup-excluded", test_dup_excluded_from_series);
  g_test_add_func ("/import-project/overlap/half", test_overlap);
  g_test_add_func ("/import-project/overlap/contained", test_overlap_contained);
  g_test_add_func ("/import-project/overlap/large", test_overlap_large);
  g_test_add_func ("/import-project/overlap/unordered", test_overlap_unordered);
  g_test_add_func ("/import-project/checksum", test_checksum);
  g_test_add_func ("/import-project/ping/log", test_ping_log);
  g_test_add_func ("/import-project/ping/stamped", test_ping_log_stamped);
  g_test_add_func ("/import-project/shared/cellular", test_cellular_logs);
  g_test_add_func ("/import-project/shared/cmb2023-short-term", test_cmb_short_term);
  g_test_add_func ("/import-project/shared/cmb2023-long-term", test_cmb_long_term);
  g_test_add_func ("/import-project/shared/anchor-mesh", test_anchor_mesh);
  g_test_add_func ("/import-project/shared/traces", test_traces);

  ret = g_test_run ();
  if (tmp_dir != NULL)
    rm_rf (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
