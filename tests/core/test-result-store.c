/* test-result-store.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "fl-error.h"
#include "fl-project.h"
#include "fl-quality.h"
#include "fl-result-store.h"
#include "store-fixture.h"

static void
write_results (Fixture        *f,
               FlStoredResult *r,
               gsize           n)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *insert = _fl_result_store_prepare (f->db, &error);

  g_assert_no_error (error);
  g_assert_true (_fl_result_store_write (f->db, insert, f->source_id, f->series_id, r, n,
                                         &error));
  g_assert_no_error (error);
  sqlite3_finalize (insert);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *st = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  v = sqlite3_column_type (st, 0) == SQLITE_NULL ? G_MININT64 : sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return v;
}

static gboolean
collect_chunk (const FlResultChunk  *chunk,
               gpointer              data,
               GError              **error)
{
  GPtrArray *out = data;

  for (gsize i = 0; i < chunk->n; i++)
    {
      FlStoredResult *copy = g_new (FlStoredResult, 1);

      *copy = chunk->results[i];
      /* the strings live as long as the call; keep copies in the row */
      copy->dst_addr = g_strdup (copy->dst_addr);
      copy->error_text = g_strdup (copy->error_text);
      g_assert_cmpint (chunk->series_id, >, 0);
      g_ptr_array_add (out, copy);
    }
  return TRUE;
}

static void
stored_result_free (gpointer data)
{
  FlStoredResult *r = data;

  g_free ((char *) r->dst_addr);
  g_free ((char *) r->error_text);
  g_free (r);
}

static void
assert_same (const FlStoredResult *a,
             const FlStoredResult *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpmem (&a->ts_s, sizeof (double), &b->ts_s, sizeof (double));
  g_assert_cmpint (a->msm_id, ==, b->msm_id);
  g_assert_cmpint (a->probe_id, ==, b->probe_id);
  g_assert_cmpint (a->fw, ==, b->fw);
  g_assert_cmpint (a->lts, ==, b->lts);
  g_assert_cmpuint (a->sent, ==, b->sent);
  g_assert_cmpuint (a->rcvd, ==, b->rcvd);
  g_assert_cmpuint (a->dups, ==, b->dups);
  g_assert_cmpuint (a->errors, ==, b->errors);
  g_assert_cmpint (a->af, ==, b->af);
  g_assert_cmpstr (a->dst_addr, ==, b->dst_addr);
  g_assert_cmpstr (a->error_text, ==, b->error_text);
}

/* Every field survives the round trip, whether a column holds one value
 * for all results or not; results come back in time order; NULLs of the
 * materialised table are where schema 4 had them. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) back = g_ptr_array_new_with_free_func (stored_result_free);
  FlStoredResult in[] = {
    { 9, 300.0, 1001, 6001, 5080, 30, 3, 3, 1, 0, 4, "192.0.2.1", NULL },
    { 7, 100.0, 1001, 6001, 4790, -1, 3, 0, 0, 2, 6, "2001:db8::1", "Network is unreachable" },
    { 8, 200.0, -1, -1, -1, G_MAXINT64, G_MAXUINT32, 7, 0, 0, 0, NULL, "timeout" },
    { G_MAXINT64 - 1, 400.5, 1001, 6001, 5080, 0, 0, 0, 0, 0, 4, "192.0.2.1", "" },
  };
  FlStoredResult want[4];
  FlStoredResult one = { 11, 50.0, 1, 2, 3, 4, 5, 5, 0, 0, 4, "198.51.100.7", NULL };

  /* sorted copies first: _fl_result_store_write() sorts its array */
  want[0] = in[1];
  want[1] = in[2];
  want[2] = in[0];
  want[3] = in[3];
  write_results (f, in, G_N_ELEMENTS (in));
  write_results (f, &one, 1);

  g_assert_true (_fl_result_store_foreach (f->db, f->source_id, collect_chunk, back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    assert_same (g_ptr_array_index (back, i), &want[i]);
  assert_same (g_ptr_array_index (back, 4), &one);

  g_assert_cmpint (query_int (f, "SELECT ts_first FROM result_chunks WHERE n = 4"), ==, 100);
  g_assert_cmpint (query_int (f, "SELECT ts_last * 2 FROM result_chunks WHERE n = 4"), ==, 801);
  g_assert_cmpint (query_int (f, "SELECT id_max FROM result_chunks WHERE n = 4"), ==,
                   G_MAXINT64 - 1);
  {
    gint64 next = 0;

    g_assert_true (_fl_result_store_next_id (f->db, &next, &error));
    g_assert_no_error (error);
    g_assert_cmpint (next, ==, G_MAXINT64);
  }

  g_assert_true (_fl_result_store_materialize (f->db, &error));
  g_assert_no_error (error);
  g_assert_true (_fl_result_store_materialize (f->db, &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ping_results"), ==, 5);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ping_results WHERE id = 8 AND msm_id IS NULL"
                                 " AND probe_id IS NULL AND fw IS NULL AND lts = 9223372036854775807"
                                 " AND af IS NULL AND dst_addr IS NULL AND error_text = 'timeout'"
                                 " AND sent = 4294967295 AND rcvd = 7"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ping_results WHERE id = 7 AND lts IS NULL"
                                 " AND af = 6 AND errors = 2"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ping_results WHERE error_text = ''"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM ping_results WHERE dst_addr = '192.0.2.1'"),
                   ==, 2);
}

/* The index finds a stored (series, time) and nothing else, over more
 * chunks than it keeps decoded, and reports a series' latest time. */
static void
test_index (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlResultIndex) index = _fl_result_index_new (f->db, &error);
  g_autofree FlStoredResult *r = g_new0 (FlStoredResult, 100);
  double latest = 0;
  gboolean found = TRUE;
  const guint n_chunks = 300;

  g_assert_no_error (error);
  g_assert_true (_fl_result_index_latest (index, f->series_id, &latest, &error));
  g_assert_true (isinf (latest) && latest < 0);
  g_assert_true (_fl_result_index_contains (index, f->series_id, 0.0, &found, &error));
  g_assert_false (found);

  /* chunk c holds the even times 1000 c + 0, 2, …, 198, in reverse */
  for (guint c = 0; c < n_chunks; c++)
    {
      for (guint i = 0; i < 100; i++)
        {
          r[i].id = 1 + c * 100 + i;
          r[i].ts_s = 1000.0 * c + 2.0 * (99 - i);
          r[i].msm_id = r[i].probe_id = r[i].fw = r[i].lts = -1;
        }
      write_results (f, r, 100);
    }
  g_assert_true (_fl_result_index_latest (index, f->series_id, &latest, &error));
  g_assert_cmpfloat (latest, ==, 1000.0 * (n_chunks - 1) + 198);
  g_assert_true (_fl_result_index_latest (index, f->series_id + 1000, &latest, &error));
  g_assert_true (isinf (latest));

  /* twice round, so that the cache has been filled and emptied */
  for (guint round = 0; round < 2; round++)
    for (guint c = 0; c < n_chunks; c += round == 0 ? 1 : 7)
      {
        const double hits[] = { 1000.0 * c, 1000.0 * c + 100, 1000.0 * c + 198 };
        const double misses[] = { 1000.0 * c + 1, 1000.0 * c + 199, 1000.0 * c + 500,
                                  1000.0 * c - 0.5 };

        for (guint k = 0; k < G_N_ELEMENTS (hits); k++)
          {
            g_assert_true (_fl_result_index_contains (index, f->series_id, hits[k], &found,
                                                      &error));
            g_assert_no_error (error);
            g_assert_true (found);
          }
        for (guint k = 0; k < G_N_ELEMENTS (misses); k++)
          {
            g_assert_true (_fl_result_index_contains (index, f->series_id, misses[k], &found,
                                                      &error));
            g_assert_false (found);
          }
      }
  /* -0.0 and 0.0 are the same time, as they are to SQLite */
  g_assert_true (_fl_result_index_contains (index, f->series_id, -0.0, &found, &error));
  g_assert_true (found);
  /* another series has none of these */
  g_assert_true (_fl_result_index_contains (index, f->series_id + 1000, 100.0, &found, &error));
  g_assert_false (found);
  /* a chunk written after the index was made is seen */
  r[0].id = 999999;
  r[0].ts_s = 1e9;
  write_results (f, r, 1);
  g_assert_true (_fl_result_index_contains (index, f->series_id, 1e9, &found, &error));
  g_assert_true (found);
}

/* A damaged chunk is reported with FL_ERROR_PROJECT by every reader, and an
 * import that has to look into it fails and leaves the project as it was. */
static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  static const char *const damage[] = {
    "UPDATE result_chunks SET data = substr(data, 1, 30)",          /* truncated */
    "UPDATE result_chunks SET data = x'464c523102000000'",         /* columns missing */
    "UPDATE result_chunks SET data = 'XXXX' || substr(data, 5)",    /* magic */
    "UPDATE result_chunks SET n = 3",                               /* count */
    "UPDATE result_chunks SET data = substr(data, 1, length(data) - 1) || x'41'", /* no NUL */
    "UPDATE result_chunks SET data = substr(data, 1, 8) || x'02' || substr(data, 10)", /* mode */
    /* the first dst_addr reference (at byte 107 of the 142, see below) */
    "UPDATE result_chunks SET data = substr(data, 1, 107) || x'ff' || substr(data, 109)",
  };
  FlStoredResult r[] = {
    { 1, 10.0, 1, 2, 3, 4, 1, 1, 0, 0, 4, "192.0.2.1", NULL },
    { 2, 20.0, 1, 2, 3, 5, 1, 1, 0, 0, 4, "192.0.2.2", NULL },
  };

  for (guint d = 0; d < G_N_ELEMENTS (damage); d++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) back = g_ptr_array_new_with_free_func (stored_result_free);
      g_autoptr(FlResultIndex) index = NULL;
      g_autoptr(FlQualityReport) report = NULL;
      gboolean found = FALSE;

      g_assert_cmpint (sqlite3_exec (f->db, "DELETE FROM result_chunks", NULL, NULL, NULL), ==,
                       SQLITE_OK);
      write_results (f, r, G_N_ELEMENTS (r));
      /* header 8; id, ts and lts 1 + 2 × 8 each; msm_id, probe_id, fw
       * 1 + 8; sent, rcvd, dups, errors, error_text 1 + 4; dst_addr
       * 1 + 2 × 4; af 1 + 1; two strings of 10 bytes */
      g_assert_cmpint (query_int (f, "SELECT length(data) FROM result_chunks"), ==, 142);
      g_assert_cmpint (sqlite3_exec (f->db, damage[d], NULL, NULL, NULL), ==, SQLITE_OK);

      g_assert_false (_fl_result_store_foreach (f->db, -1, collect_chunk, back, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
      g_assert_nonnull (strstr (error->message, "damaged"));
      g_clear_error (&error);

      index = _fl_result_index_new (f->db, &error);
      g_assert_no_error (error);
      g_assert_false (_fl_result_index_contains (index, f->series_id, 15.0, &found, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
      g_clear_error (&error);

      g_assert_false (_fl_result_store_materialize (f->db, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
      g_clear_error (&error);

      report = fl_quality_report_build (f->project, 60, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
    }
}

/* An import whose results overlap a damaged chunk fails with
 * FL_ERROR_PROJECT and stores nothing. */
static void
test_damaged_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_build_filename (f->dir, "dl.json", NULL);
  g_autofree char *json2 = g_build_filename (f->dir, "dl2.json", NULL);
  g_autoptr(GString) doc = g_string_new ("[");
  g_autoptr(GString) doc2 = g_string_new ("[");
  g_autoptr(FlSourceInfo) src = NULL;
  gint64 sources, chunks;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (doc, "%s{\"fw\":5080,\"type\":\"ping\",\"msm_id\":5,\"prb_id\":6,"
                            "\"timestamp\":%u,\"af\":4,\"sent\":1,\"rcvd\":1,"
                            "\"result\":[{\"rtt\":1.5}]}", i ? "," : "", 1600000000 + 60 * i);
  g_string_append (doc, "]");
  /* the same times again, with one more byte so that the file differs */
  g_string_append_len (doc2, doc->str + 1, (gssize) doc->len - 1);
  g_string_append (doc2, " ");
  g_assert_true (g_file_set_contents (json, doc->str, -1, &error));
  g_assert_true (g_file_set_contents (json2, doc2->str, -1, &error));
  g_assert_true (fl_project_import_file (f->project, json, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (f->db, "UPDATE result_chunks SET data = substr(data, 1, 30)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sources = query_int (f, "SELECT count(*) FROM sources");
  chunks = query_int (f, "SELECT count(*) FROM sample_chunks");

  g_assert_false (fl_project_import_file (f->project, json2, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sources"), ==, sources);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sample_chunks"), ==, chunks);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/faultline/result-store/round-trip", Fixture, NULL, fixture_set_up,
              test_round_trip, fixture_tear_down);
  g_test_add ("/faultline/result-store/index", Fixture, NULL, fixture_set_up,
              test_index, fixture_tear_down);
  g_test_add ("/faultline/result-store/damaged", Fixture, NULL, fixture_set_up,
              test_damaged, fixture_tear_down);
  g_test_add ("/faultline/result-store/damaged-import", Fixture, NULL, fixture_set_up,
              test_damaged_import, fixture_tear_down);
  return g_test_run ();
}
