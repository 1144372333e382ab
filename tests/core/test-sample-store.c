/* test-sample-store.c
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

#include "fl-bytes-private.h"
#include "fl-error.h"
#include "fl-project.h"
#include "fl-sample-store.h"
#include "store-fixture.h"

static void
write_chunk (Fixture        *f,
             gint64          source_id,
             const FlSample *s,
             const gint64   *rids,
             gsize           n)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *insert = _fl_sample_store_prepare (f->db, &error);

  g_assert_no_error (error);
  g_assert_true (_fl_sample_store_write (f->db, insert, source_id, f->series_id, s, rids, n,
                                         &error));
  g_assert_no_error (error);
  sqlite3_finalize (insert);
}

/* Chunks written out of time order come back in time order; equal times
 * keep the order they were stored in; every field survives the round trip;
 * duplicate replies can be left out; a source filter keeps only its chunks. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(FlStoredSamples) all = { 0 };
  g_auto(FlStoredSamples) kept = { 0 };
  g_auto(FlStoredSamples) other = { 0 };
  g_autoptr(FlSeriesData) loaded = NULL;
  const FlSample late[] = {
    { 0, 300.0, 12.5, 1, 1, FL_SAMPLE_NONE },
    { 0, 200.0, NAN, 1, 0, FL_SAMPLE_LOST },
    { 0, 300.0, 13.5, 1, 1, FL_SAMPLE_DUP },
    { 0, 400.0, -0.0, 65535, 65535, FL_SAMPLE_ERROR | FL_SAMPLE_CHANGEPOINT },
  };
  const gint64 late_rids[] = { 7, 8, 7, G_MAXINT64 };
  const FlSample early[] = {
    { 0, 100.0, 1.25, 3, 2, FL_SAMPLE_AGGREGATE },
    { 0, 300.0, 99.0, 1, 1, FL_SAMPLE_NONE },
  };
  const double want_ts[] = { 100.0, 200.0, 300.0, 300.0, 300.0, 400.0 };
  const double want_rtt[] = { 1.25, NAN, 12.5, 13.5, 99.0, -0.0 };
  g_autoptr(FlSourceInfo) src2 = NULL;
  gint64 source2;
  sqlite3_stmt *st = NULL;

  /* a second source, so that the filter has something to leave out */
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT INTO sources (file_name, format,"
                                       " size_bytes, sha256, imported_at, importer_version,"
                                       " n_results, n_replies, n_lost, n_dups, n_errors,"
                                       " n_skipped, n_changepoints, n_series) VALUES ('b', 'x',"
                                       " 0, 'b', 0, 'test', 0, 0, 0, 0, 0, 0, 0, 0) RETURNING id",
                                       -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  source2 = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);

  write_chunk (f, f->source_id, late, late_rids, G_N_ELEMENTS (late));
  write_chunk (f, source2, early, NULL, G_N_ELEMENTS (early));

  g_assert_true (_fl_sample_store_read (f->db, f->series_id, -1, FL_SAMPLE_READ_ALL, &all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (all.n, ==, 6);
  for (gsize i = 0; i < all.n; i++)
    {
      g_assert_cmpfloat (all.ts_s[i], ==, want_ts[i]);
      if (isnan (want_rtt[i]))
        g_assert_true (isnan (all.rtt_ms[i]));
      else
        g_assert_cmpmem (&all.rtt_ms[i], sizeof (double), &want_rtt[i], sizeof (double));
    }
  /* the late chunk was stored first: its two 300 s samples come first */
  g_assert_cmpint (all.result_id[2], ==, 7);
  g_assert_cmpuint (all.flags[3], ==, FL_SAMPLE_DUP);
  g_assert_cmpint (all.result_id[4], ==, 0);
  g_assert_cmpuint (all.sent[0], ==, 3);
  g_assert_cmpuint (all.rcvd[0], ==, 2);
  g_assert_cmpuint (all.flags[0], ==, FL_SAMPLE_AGGREGATE);
  g_assert_cmpuint (all.sent[5], ==, 65535);
  g_assert_cmpuint (all.flags[5], ==, FL_SAMPLE_ERROR | FL_SAMPLE_CHANGEPOINT);
  g_assert_cmpint (all.result_id[5], ==, G_MAXINT64);

  g_assert_true (_fl_sample_store_read (f->db, f->series_id, -1,
                                        FL_SAMPLE_READ_ALL | FL_SAMPLE_READ_SKIP_DUPS, &kept,
                                        &error));
  g_assert_cmpuint (kept.n, ==, 5);
  g_assert_cmpfloat (kept.rtt_ms[3], ==, 99.0);

  g_assert_true (_fl_sample_store_read (f->db, f->series_id, source2, FL_SAMPLE_READ_ALL, &other, &error));
  g_assert_cmpuint (other.n, ==, 2);
  g_assert_cmpfloat (other.ts_s[1], ==, 300.0);

  /* only the arrays asked for, in the same (sorted) order */
  {
    g_auto(FlStoredSamples) rtt_only = { 0 };

    g_assert_true (_fl_sample_store_read (f->db, f->series_id, -1, FL_SAMPLE_READ_RTT, &rtt_only,
                                          &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rtt_only.n, ==, all.n);
    g_assert_null (rtt_only.flags);
    g_assert_null (rtt_only.sent);
    g_assert_null (rtt_only.rcvd);
    g_assert_null (rtt_only.result_id);
    g_assert_cmpmem (rtt_only.ts_s, all.n * sizeof (double), all.ts_s, all.n * sizeof (double));
    g_assert_cmpmem (rtt_only.rtt_ms, all.n * sizeof (double), all.rtt_ms, all.n * sizeof (double));
  }

  /* the public loader agrees */
  loaded = fl_project_load_series (f->project, f->series_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n, ==, 5);
  g_assert_cmpmem (loaded->ts_s, 5 * sizeof (double), kept.ts_s, 5 * sizeof (double));

  /* the listing sums the chunks: sent and lost of the non-duplicate samples */
  {
    g_autoptr(GPtrArray) series = fl_project_list_series (f->project, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < series->len; i++)
      {
        FlSeriesInfo *info = g_ptr_array_index (series, i);

        if (info->id != f->series_id)
          continue;
        found = TRUE;
        g_assert_cmpint (info->n_samples, ==, 1 + 1 + 65535 + 3 + 1);
        g_assert_cmpint (info->n_lost, ==, 0 + 1 + 0 + 1 + 0);
        g_assert_cmpfloat (info->first_ts_s, ==, 100.0);
        g_assert_cmpfloat (info->last_ts_s, ==, 400.0);
      }
    g_assert_true (found);
  }
}

/* A chunk of the largest size, and many chunks of one series. */
static void
test_many_chunks (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(FlStoredSamples) out = { 0 };
  g_autofree FlSample *s = g_new0 (FlSample, FL_SAMPLE_CHUNK_MAX);
  const guint chunks = 5;

  /* chunks in descending time order, each ascending inside */
  for (guint c = 0; c < chunks; c++)
    {
      for (guint i = 0; i < FL_SAMPLE_CHUNK_MAX; i++)
        s[i] = (FlSample) { 0, 1e9 + (double) ((chunks - 1 - c) * FL_SAMPLE_CHUNK_MAX + i),
                            (double) i / 8.0, 1, 1, 0 };
      write_chunk (f, f->source_id, s, NULL, FL_SAMPLE_CHUNK_MAX);
    }
  g_assert_true (_fl_sample_store_read (f->db, f->series_id, -1,
                                        FL_SAMPLE_READ_ALL | FL_SAMPLE_READ_SKIP_DUPS, &out,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out.n, ==, chunks * FL_SAMPLE_CHUNK_MAX);
  for (gsize i = 0; i < out.n; i++)
    {
      g_assert_cmpfloat (out.ts_s[i], ==, 1e9 + (double) i);
      g_assert_cmpfloat (out.rtt_ms[i], ==, (double) (i % FL_SAMPLE_CHUNK_MAX) / 8.0);
    }
}

/* Each column is stored the smallest way (one value, every value, or runs
 * of equal values) and reads back bit for bit. */
static void
test_columns (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(FlStoredSamples) out = { 0 };
  const gsize n = 3000;
  g_autofree FlSample *s = g_new0 (FlSample, n);
  g_autofree gint64 *rids = g_new (gint64, n);
  const guint64 nan_bits = G_GUINT64_CONSTANT (0x7ff8000000000123);
  gsize zeros = 0, rcvd_runs, want;
  sqlite3_stmt *st = NULL;

  for (gsize i = 0; i < n; i++)
    {
      /* three replies a result, as RIPE results have */
      s[i].ts_s = 1.6e9 + 240.0 * (double) (i / 3);
      rids[i] = 1000 + (gint64) (i / 3);
      s[i].sent = 1;
      s[i].rcvd = i % 500 == 7 ? 0 : 1;
      s[i].rtt_ms = s[i].rcvd == 0 ? fl_bits_f64 (nan_bits) : i == 1 ? -0.0 : 10.0 + (double) i / 7.0;
      s[i].flags = i % 2 == 0 ? FL_SAMPLE_NONE : FL_SAMPLE_DUP;
      zeros += s[i].rcvd == 0;
    }
  rcvd_runs = 1 + 2 * zeros;
  write_chunk (f, f->source_id, s, rids, n);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT data FROM sample_chunks WHERE series_id = ?",
                                       -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (st, 1, f->series_id);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpmem (sqlite3_column_blob (st, 0), 4, "FLS2", 4);
  /* header; ts and result id in runs of 3; rtt every value; sent one
   * value; rcvd in runs; flags every value (runs of 1 would be larger) */
  want = 8 + (1 + 4 + (n / 3) * 10) + (1 + n * 8) + (1 + 4 + (n / 3) * 10) + (1 + 2) +
         (1 + 4 + rcvd_runs * 4) + (1 + n * 4);
  g_assert_cmpint (sqlite3_column_bytes (st, 0), ==, (int) want);
  sqlite3_finalize (st);

  g_assert_true (_fl_sample_store_read (f->db, f->series_id, -1, FL_SAMPLE_READ_ALL, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out.n, ==, n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpmem (&out.ts_s[i], sizeof (double), &s[i].ts_s, sizeof (double));
      g_assert_cmpmem (&out.rtt_ms[i], sizeof (double), &s[i].rtt_ms, sizeof (double));
      g_assert_cmpint (out.result_id[i], ==, rids[i]);
      g_assert_cmpuint (out.sent[i], ==, s[i].sent);
      g_assert_cmpuint (out.rcvd[i], ==, s[i].rcvd);
      g_assert_cmpuint (out.flags[i], ==, s[i].flags);
    }
}

/* A damaged chunk is reported (FL_ERROR_PROJECT, saying what is wrong), not
 * read, by every reader. The chunk: 20 samples, ts and rtt every value
 * (bytes 8 and 169), result id one value (330), sent in 2 runs (mode at
 * 339, run count 340, values 344, lengths 348), rcvd (352) and flags (355)
 * one value; 360 bytes. */
static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  static const struct
  {
    const char *sql;  /* on the chunk's row */
    const char *why;
  } damage[] = {
    { "data = substr(data, 1, 40)", "truncated column" },
    { "data = substr(data, 1, 350)", "truncated column" },
    { "data = 'XXXX' || substr(data, 5)", "unknown format" },
    { "data = x'0102'", "unknown format" },
    { "n = n + 1", "wrong count" },
    { "data = substr(data, 1, 8) || x'07' || substr(data, 10)", "damaged column" },
    { "data = substr(data, 1, 340) || x'e8030000' || substr(data, 345)", "damaged column" },
    { "data = substr(data, 1, 340) || x'00000000' || substr(data, 345)", "damaged column" },
    { "data = substr(data, 1, 348) || x'0000' || substr(data, 351)", "empty run" },
    { "data = substr(data, 1, 348) || x'0b00' || substr(data, 351)", "do not add up" },
    { "data = data || x'00'", "bytes after its columns" },
  };
  FlSample s[20];

  for (guint i = 0; i < G_N_ELEMENTS (s); i++)
    s[i] = (FlSample) { 0, 1.0 + i, 2.0 + i, i < 10 ? 1 : 2, 1, 0 };

  for (guint d = 0; d < G_N_ELEMENTS (damage); d++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(FlStoredSamples) out = { 0 };
      g_autoptr(FlSeriesData) loaded = NULL;
      g_autofree char *sql = g_strdup_printf ("UPDATE sample_chunks SET %s WHERE series_id = %"
                                              G_GINT64_FORMAT, damage[d].sql, f->series_id);
      g_autofree char *del = g_strdup_printf ("DELETE FROM sample_chunks WHERE series_id = %"
                                              G_GINT64_FORMAT, f->series_id);

      g_test_message ("damage: %s", damage[d].sql);
      g_assert_cmpint (sqlite3_exec (f->db, del, NULL, NULL, NULL), ==, SQLITE_OK);
      write_chunk (f, f->source_id, s, NULL, G_N_ELEMENTS (s));
      /* intact, it reads */
      g_assert_true (_fl_sample_store_read (f->db, f->series_id, -1, FL_SAMPLE_READ_ALL, &out,
                                            &error));
      g_assert_no_error (error);
      g_assert_cmpuint (out.n, ==, 20);
      g_assert_cmpuint (out.sent[15], ==, 2);
      _fl_stored_samples_clear (&out);

      g_assert_cmpint (sqlite3_exec (f->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_false (_fl_sample_store_read (f->db, f->series_id, -1,
                                            FL_SAMPLE_READ_ALL | FL_SAMPLE_READ_SKIP_DUPS, &out,
                                            &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
      g_assert_nonnull (strstr (error->message, "damaged"));
      g_assert_nonnull (strstr (error->message, damage[d].why));
      g_assert_cmpuint (out.n, ==, 0);
      g_assert_null (out.ts_s);
      g_clear_error (&error);

      loaded = fl_project_load_series (f->project, f->series_id, &error);
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
      g_assert_null (loaded);
      g_clear_error (&error);

      g_assert_false (_fl_sample_store_materialize (f->db, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
      g_assert_nonnull (strstr (error->message, damage[d].why));
    }
}

/* temp.measurements holds every sample once, in stored order. */
static void
test_materialize (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const FlSample s[] = { { 0, 5.0, NAN, 2, 0, FL_SAMPLE_LOST }, { 0, 4.0, 7.5, 1, 1, 0 } };
  const gint64 rids[] = { 0, 42 };
  sqlite3_stmt *st = NULL;
  gint64 total;

  write_chunk (f, f->source_id, s, rids, 2);
  g_assert_true (_fl_sample_store_materialize (f->db, &error));
  g_assert_no_error (error);
  /* twice: the table is replaced, not appended to */
  g_assert_true (_fl_sample_store_materialize (f->db, &error));
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT (SELECT count(*) FROM measurements),"
                                       " (SELECT sum(n) FROM sample_chunks)", -1, &st, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  total = sqlite3_column_int64 (st, 1);
  g_assert_cmpint (sqlite3_column_int64 (st, 0), ==, total);
  sqlite3_finalize (st);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT ts_s, rtt_ms, sent, rcvd, flags, result_id"
                                       " FROM measurements WHERE series_id = ? ORDER BY rowid",
                                       -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (st, 1, f->series_id);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpfloat (sqlite3_column_double (st, 0), ==, 5.0);
  g_assert_cmpint (sqlite3_column_type (st, 1), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_int (st, 2), ==, 2);
  g_assert_cmpint (sqlite3_column_int (st, 4), ==, FL_SAMPLE_LOST);
  g_assert_cmpint (sqlite3_column_type (st, 5), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpfloat (sqlite3_column_double (st, 1), ==, 7.5);
  g_assert_cmpint (sqlite3_column_int64 (st, 5), ==, 42);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
  sqlite3_finalize (st);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/faultline/sample-store/round-trip", Fixture, NULL, fixture_set_up,
              test_round_trip, fixture_tear_down);
  g_test_add ("/faultline/sample-store/many-chunks", Fixture, NULL, fixture_set_up,
              test_many_chunks, fixture_tear_down);
  g_test_add ("/faultline/sample-store/columns", Fixture, NULL, fixture_set_up,
              test_columns, fixture_tear_down);
  g_test_add ("/faultline/sample-store/damaged", Fixture, NULL, fixture_set_up,
              test_damaged, fixture_tear_down);
  g_test_add ("/faultline/sample-store/materialize", Fixture, NULL, fixture_set_up,
              test_materialize, fixture_tear_down);
  return g_test_run ();
}
