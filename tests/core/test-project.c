/* test-project.c
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
#include <unistd.h>

#include "fl-bytes-private.h"
#include "fl-error.h"
#include "fl-project.h"
#include "fl-project-private.h"
#include "fl-result-store.h"
#include "fl-sample-store.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("fl-project-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "test.faultline", NULL);
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_remove (p);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
sample (const char *rel)
{
  const char *dir = g_getenv ("FL_SAMPLES_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, rel, NULL);
}

static gint64
count_rows (FlProject  *p,
            const char *sql)
{
  sqlite3_stmt *st = NULL;
  gint64 n;

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
  g_assert_cmpint (sqlite3_prepare_v2 (fl_project_get_db (p), sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return n;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = NULL;

  p = fl_project_open (f->path, FALSE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (p);
  g_clear_error (&error);

  p = fl_project_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (p, "PRAGMA user_version"), ==, FL_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (p, "PRAGMA application_id"), ==, FL_PROJECT_APPLICATION_ID);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                  "('sources','series','sample_chunks','runs','models',"
                                  "'results','predictions')"), ==, 7);
  {
    sqlite3_stmt *st = NULL;

    sqlite3_prepare_v2 (fl_project_get_db (p), "PRAGMA journal_mode", -1, &st, NULL);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (st, 0), ==, "wal");
    sqlite3_finalize (st);
  }
  g_clear_object (&p);

  /* reopening keeps it */
  p = fl_project_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
}

static void
test_foreign_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = NULL;
  sqlite3 *db = NULL;

  /* text garbage */
  g_assert_true (g_file_set_contents (f->path, "this is not a database, just some text that "
                                      "is long enough to look like a header ...........",
                                      -1, NULL));
  p = fl_project_open (f->path, FALSE, &error);
  g_assert_null (p);
  g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
  g_clear_error (&error);
  g_remove (f->path);

  /* some other application's SQLite file */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  p = fl_project_open (f->path, TRUE, &error);
  g_assert_null (p);
  g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
  g_clear_error (&error);

  /* a project from a newer Faultline */
  g_remove (f->path);
  p = fl_project_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (fl_project_get_db (p), "PRAGMA user_version = 99", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_clear_object (&p);
  p = fl_project_open (f->path, FALSE, &error);
  g_assert_null (p);
  g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_import_trace (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, NULL);
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(FlSeriesInfo) info = NULL;
  g_autoptr(FlSeriesData) d = NULL;
  g_autofree char *trace = sample ("rtt-traces/11180.csv");
  gsize lost = 0, cps = 0;

  g_assert_true (fl_project_import_file (p, trace, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (src->file_name, ==, "11180.csv");
  g_assert_cmpstr (src->format, ==, "rtt-trace-csv");
  /* traces_manifest.csv: 8,001 rows, 50 lost, 19 change points */
  g_assert_cmpuint (src->counts.results, ==, 8001);
  g_assert_cmpuint (src->counts.lost, ==, 50);
  g_assert_cmpuint (src->counts.changepoints, ==, 19);
  g_assert_cmpuint (src->counts.series, ==, 1);
  g_assert_cmpuint (strlen (src->sha256), ==, 64);

  sources = fl_project_list_sources (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 1);

  series = fl_project_list_series (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 1);
  info = fl_project_find_series (p, "trace:11180", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->probe_id, ==, 11180);
  g_assert_cmpuint (info->n_samples, ==, 8001);
  g_assert_cmpuint (info->n_lost, ==, 50);
  /* 2016-11-14T11:09:37Z → 2016-12-06T16:29:36Z */
  g_assert_cmpfloat (info->first_ts_s, ==, 1479121777.0);
  g_assert_cmpfloat (info->last_ts_s, ==, 1481041776.0);

  d = fl_project_load_series (p, info->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n, ==, 8001);
  for (gsize i = 0; i < d->n; i++)
    {
      if (i > 0)
        g_assert_cmpfloat (d->ts_s[i], >=, d->ts_s[i - 1]);
      lost += isnan (d->rtt_ms[i]);
      cps += (d->flags[i] & FL_SAMPLE_CHANGEPOINT) != 0;
    }
  g_assert_cmpuint (lost, ==, 50);
  g_assert_cmpuint (cps, ==, 19);

  g_assert_null (fl_project_find_series (p, "trace:nope", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
}

static void
test_import_ndjson (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, NULL);
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autofree char *file = sample ("ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson");

  g_assert_true (fl_project_import_file (p, file, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (src->format, ==, "ripe-json");
  /* PROVENANCE.md: 1,000 results from 32 probes */
  g_assert_cmpuint (src->counts.results, ==, 1000);
  g_assert_cmpuint (src->counts.series, ==, 32);
  g_assert_cmpuint (src->counts.lost, >, 0);
  series = fl_project_list_series (p, &error);
  g_assert_cmpuint (series->len, ==, 32);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM measurements"), ==,
                   (gint64)(src->counts.replies + src->counts.lost));
}

/* Removing a source takes its samples, ping results and now empty series
 * with it, keeps the other sources and a series a stored run refers to,
 * and lets the file be imported again. */
static void
test_remove_source (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, NULL);
  g_autoptr(FlSourceInfo) trace = NULL;
  g_autoptr(FlSourceInfo) ripe = NULL;
  g_autoptr(FlSourceInfo) again = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *trace_file = sample ("rtt-traces/11119.csv");
  g_autofree char *ripe_file = sample ("ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson");
  gint64 kept_series, trace_samples;
  guint n_removed = 99;

  g_assert_true (fl_project_import_file (p, trace_file, NULL, NULL, NULL, &trace, &error));
  g_assert_true (fl_project_import_file (p, ripe_file, NULL, NULL, NULL, &ripe, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM series"), ==, 33);
  trace_samples = count_rows (p, "SELECT sum(n) FROM sample_chunks WHERE source_id = 1");

  /* a stored run's prediction refers to one of the RIPE series */
  kept_series = count_rows (p, "SELECT min(series_id) FROM ping_results");
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO runs (id, created_at, kind, status, config_json, manifest_json)"
      " VALUES (1, 0, 'experiment', 'done', '{}', '{}');"
      "INSERT INTO predictions (run_id, series_id, ts_s, y_true, score)"
      " VALUES (1, %" G_GINT64_FORMAT ", 1.0, 0, 0.5);", kept_series);

    g_assert_cmpint (sqlite3_exec (fl_project_get_db (p), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  g_assert_true (fl_project_remove_source (p, ripe->id, &n_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_removed, ==, 31);
  sources = fl_project_list_sources (p, &error);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_cmpstr (((FlSourceInfo *) g_ptr_array_index (sources, 0))->file_name, ==, "11119.csv");
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM ping_results"), ==, 0);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sample_chunks WHERE source_id <> 1"),
                   ==, 0);
  g_assert_cmpint (count_rows (p, "SELECT sum(n) FROM sample_chunks"), ==, trace_samples);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM series"), ==, 2);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM predictions"), ==, 1);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM series WHERE id = %"
                                            G_GINT64_FORMAT, kept_series);

    g_assert_cmpint (count_rows (p, sql), ==, 1);
  }

  /* the freed pages go back to the file system */
  {
    gint64 pages = count_rows (p, "PRAGMA page_count");
    gboolean compacted = FALSE;

    g_assert_cmpint (count_rows (p, "PRAGMA freelist_count"), >, 0);
    g_assert_true (fl_project_compact (p, 0.99, &compacted, &error));
    g_assert_no_error (error);
    g_assert_false (compacted);
    g_assert_true (fl_project_compact (p, 0.0, &compacted, &error));
    g_assert_no_error (error);
    g_assert_true (compacted);
    g_assert_cmpint (count_rows (p, "PRAGMA freelist_count"), ==, 0);
    g_assert_cmpint (count_rows (p, "PRAGMA page_count"), <, pages);
    g_assert_true (fl_project_compact (p, 0.0, &compacted, &error));
    g_assert_false (compacted);
    g_assert_cmpint (count_rows (p, "SELECT sum(n) FROM sample_chunks"), ==, trace_samples);
  }

  /* again: there is no such source any more */
  g_assert_false (fl_project_remove_source (p, ripe->id, &n_removed, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_assert_cmpuint (n_removed, ==, 0);
  g_clear_error (&error);

  /* the file is no longer a duplicate */
  g_assert_true (fl_project_import_file (p, ripe_file, NULL, NULL, NULL, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->counts.results, ==, 1000);
  g_assert_cmpuint (again->counts.already_present, ==, 0);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM series"), ==, 33);
}

/* The import writer stores every series' buffer whenever the buffers hold
 * its limit of samples in all: with a limit of 100 samples the bundled
 * NDJSON (32 series, interleaved) is stored in many small chunks, and every
 * series loads exactly as from an import with the default limit. */
static void
test_import_small_buffers (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = sample ("ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson");
  g_autofree char *path2 = g_build_filename (f->dir, "small-buffers.faultline", NULL);
  g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, NULL);
  g_autoptr(FlProject) q = fl_project_open (path2, TRUE, NULL);
  g_autoptr(GPtrArray) series = NULL;

  g_assert_true (fl_project_import_file (p, file, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  _fl_project_set_import_buffer_max (100);
  g_assert_true (fl_project_import_file (q, file, NULL, NULL, NULL, NULL, &error));
  _fl_project_set_import_buffer_max (0);
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sample_chunks"), ==, 32);
  g_assert_cmpint (count_rows (q, "SELECT count(*) FROM sample_chunks"), >, 32 * 3);
  g_assert_cmpint (count_rows (q, "SELECT max(n) FROM sample_chunks"), <=, 100);
  g_assert_cmpint (count_rows (q, "SELECT sum(n) FROM sample_chunks"), ==,
                   count_rows (p, "SELECT sum(n) FROM sample_chunks"));

  series = fl_project_list_series (p, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < series->len; i++)
    {
      const FlSeriesInfo *info = g_ptr_array_index (series, i);
      g_autoptr(FlSeriesInfo) other = fl_project_find_series (q, info->key, &error);
      g_autoptr(FlSeriesData) a = fl_project_load_series (p, info->id, &error);
      g_autoptr(FlSeriesData) b = NULL;

      g_assert_no_error (error);
      b = fl_project_load_series (q, other->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (a->n, ==, b->n);
      g_assert_cmpmem (a->ts_s, a->n * sizeof (double), b->ts_s, b->n * sizeof (double));
      g_assert_cmpmem (a->rtt_ms, a->n * sizeof (double), b->rtt_ms, b->n * sizeof (double));
      g_assert_cmpmem (a->flags, a->n * sizeof (guint32), b->flags, b->n * sizeof (guint32));
      g_assert_cmpint (info->n_samples, ==, other->n_samples);
      g_assert_cmpint (info->n_lost, ==, other->n_lost);
    }
}

/* A failed or repeated import leaves the project exactly as it was. */
static void
test_import_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, NULL);
  g_autofree char *trace = sample ("rtt-traces/11119.csv");
  g_autofree char *bad = g_build_filename (f->dir, "broken.json", NULL);
  gint64 before_m, before_s, before_series;
  const char *json =
    "[{\"fw\":5020,\"type\":\"ping\",\"prb_id\":1,\"msm_id\":2,\"timestamp\":1600000000,"
    "\"result\":[{\"rtt\":1.5},{\"x\":\"*\"}],\"sent\":2,\"rcvd\":1},"
    "{\"fw\":5020,\"type\":\"ping\",\"prb_id\":9,\"msm_id\":2,\"timestamp\":1600000240,"
    "\"result\":[{\"rtt\":2.5}],\"sent\":1,\"rcvd\":1},";   /* truncated */

  g_assert_true (fl_project_import_file (p, trace, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  before_m = count_rows (p, "SELECT count(*) FROM measurements");
  before_s = count_rows (p, "SELECT count(*) FROM sources");
  before_series = count_rows (p, "SELECT count(*) FROM series");

  /* the same file again is refused */
  g_assert_false (fl_project_import_file (p, trace, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "11119.csv"));
  g_clear_error (&error);

  /* a truncated file is refused and nothing of it is kept, not even its new series */
  g_assert_true (g_file_set_contents (bad, json, -1, NULL));
  g_assert_false (fl_project_import_file (p, bad, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  g_clear_error (&error);

  /* a cancelled import keeps nothing either */
  {
    g_autoptr(GCancellable) c = g_cancellable_new ();
    g_autofree char *other = sample ("rtt-traces/11323.csv");

    g_cancellable_cancel (c);
    g_assert_false (fl_project_import_file (p, other, NULL, NULL, c, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM measurements"), ==, before_m);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sources"), ==, before_s);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM series"), ==, before_series);

  /* an unknown format */
  g_assert_true (g_file_set_contents (bad, "hello\nworld\n", -1, NULL));
  g_assert_false (fl_project_import_file (p, bad, NULL, NULL, NULL, NULL, &error));
  g_assert_true (g_error_matches (error, FL_ERROR, FL_ERROR_FORMAT) ||
                 g_error_matches (error, FL_ERROR, FL_ERROR_PARSE));
  g_clear_error (&error);

  /* the project still takes new sources afterwards */
  {
    g_autofree char *other = sample ("rtt-traces/11323.csv");

    g_assert_true (fl_project_import_file (p, other, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sources"), ==, before_s + 1);
  }
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

static char *
journal_mode (FlProject *p)
{
  sqlite3_stmt *st = NULL;
  char *mode;

  g_assert_cmpint (sqlite3_prepare_v2 (fl_project_get_db (p), "PRAGMA journal_mode", -1, &st,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  mode = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return mode;
}

static void
exit_before_commit (double      fraction,
                    const char *message,
                    gpointer    data)
{
  if (g_strcmp0 (message, "Saving") == 0)
    {
      /* every row of the import is written, the commit is next */
      g_print ("exiting before the commit\n");
      fflush (stdout);
      _exit (0);
    }
}

/* Child of test_import_journal: imports into FL_TEST_PROJECT with a tiny
 * page cache (so the import writes pages into the file) and exits without
 * committing, as a crash or a power loss would. */
static void
test_import_journal_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = NULL;
  g_autofree char *ndjson = sample ("ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson");

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /project/import/journal");
      return;
    }
  p = fl_project_open (g_getenv ("FL_TEST_PROJECT"), FALSE, &error);
  g_assert_no_error (error);
  _fl_project_set_import_buffer_max (100);
  _fl_project_set_import_cache_kib (64);
  fl_project_import_file (p, ndjson, exit_before_commit, NULL, NULL, NULL, &error);
  g_assert_not_reached ();
}

/* An import into a project that only it has open goes through a rollback
 * journal (each new page written once), and the project is in WAL mode
 * again afterwards; with a second connection open the import stays in WAL
 * mode. A process that dies before the commit leaves a hot journal, and
 * opening the project rolls the half import back, to the byte. */
static void
test_import_journal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trace = sample ("rtt-traces/11119.csv");
  g_autofree char *other = sample ("rtt-traces/11323.csv");
  g_autofree char *ndjson = sample ("ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson");
  g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);
  gint64 before_m, before_series, size;

  {
    g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, &error);
    g_autofree char *mode = NULL;

    g_assert_no_error (error);
    g_assert_true (fl_project_import_file (p, trace, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    mode = journal_mode (p);
    g_assert_cmpstr (mode, ==, "wal");
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }

  /* a second connection keeps the import in WAL mode, and sees it */
  {
    g_autoptr(FlProject) p = fl_project_open (f->path, FALSE, &error);
    g_autoptr(FlProject) reader = fl_project_open (f->path, FALSE, &error);
    g_autofree char *mode = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (count_rows (reader, "SELECT count(*) FROM sources"), ==, 1);
    g_assert_true (fl_project_import_file (p, other, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    mode = journal_mode (p);
    g_assert_cmpstr (mode, ==, "wal");
    g_assert_cmpint (count_rows (reader, "SELECT count(*) FROM sources"), ==, 2);
    before_m = count_rows (p, "SELECT count(*) FROM measurements");
    before_series = count_rows (p, "SELECT count(*) FROM series");
  }
  size = file_size (f->path);
  g_assert_cmpint (size, >, 0);

  /* dying before the commit */
  g_setenv ("FL_TEST_PROJECT", f->path, TRUE);
  g_test_trap_subprocess ("/project/import/journal/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*exiting before the commit*");
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (file_size (f->path), >, size);

  {
    g_autoptr(FlProject) p = fl_project_open (f->path, FALSE, &error);
    g_autofree char *mode = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sources"), ==, 2);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM series"), ==, before_series);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM measurements"), ==, before_m);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM ping_results"), ==, 0);
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
    g_assert_cmpint (file_size (f->path), ==, size);
    mode = journal_mode (p);
    g_assert_cmpstr (mode, ==, "wal");

    /* and the file imports in full afterwards */
    g_assert_true (fl_project_import_file (p, ndjson, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sources"), ==, 3);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM ping_results"), >, 0);
  }
}

/* A project written with schema 1 (frozen copy of its DDL) is upgraded in
 * place and keeps its data. */
static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) p = NULL;
  g_autoptr(GPtrArray) series = NULL;
  sqlite3 *db = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v1_path = g_test_build_filename (G_TEST_DIST, "data", "project-v1.sql", NULL);

  g_assert_cmpint (FL_PROJECT_APPLICATION_ID, ==, 1179407409);
  g_assert_true (g_file_get_contents (v1_path, &v1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (fl_project_peek_schema_version (f->path), ==, 1);
  g_assert_cmpint (fl_project_peek_schema_version ("/nonexistent/x.faultline"), ==, -1);
  p = fl_project_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (p, "PRAGMA user_version"), ==, FL_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (fl_project_peek_schema_version (f->path), ==, FL_PROJECT_SCHEMA_VERSION);
  /* schema 3: the rows of measurements moved into one chunk */
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                  "('measurements', 'measurements_series_ts')"), ==, 0);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sample_chunks WHERE n = 2"), ==, 1);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM measurements"), ==, 2);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM measurements WHERE ts_s = 340.0"
                                  " AND rtt_ms IS NULL AND sent = 1 AND rcvd = 0 AND flags = 1"),
                   ==, 1);
  {
    g_autoptr(FlSeriesData) loaded = fl_project_load_series (p, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (loaded->n, ==, 2);
    g_assert_cmpfloat (loaded->ts_s[0], ==, 100.0);
    g_assert_cmpfloat (loaded->rtt_ms[0], ==, 12.5);
    g_assert_true (isnan (loaded->rtt_ms[1]));
  }
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                  "('result_chunks','kpi_columns','kpi_values','run_arms')"), ==, 4);
  g_assert_cmpint (count_rows (p, "SELECT count(*) FROM main.sqlite_master WHERE name ="
                                  " 'ping_results'"), ==, 0);
  series = fl_project_list_series (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpuint (((FlSeriesInfo *)g_ptr_array_index (series, 0))->n_lost, ==, 1);
}

/* SHA-256 over every ping_results row, in id order (the table of schema
 * 3 and 4; temp.ping_results from the result chunks of schema 5). */
static char *
hash_results (sqlite3 *db)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, source_id, series_id, ts_s, msm_id,"
                                       " probe_id, dst_addr, af, sent, rcvd, dups, errors,"
                                       " error_text, fw, lts FROM ping_results ORDER BY id",
                                       -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    for (int c = 0; c < 15; c++)
      {
        const unsigned char *text = sqlite3_column_text (st, c);

        g_checksum_update (sum, text != NULL ? text : (const guchar *) "NULL", -1);
        g_checksum_update (sum, (const guchar *) "|", 1);
      }
  sqlite3_finalize (st);
  return g_strdup (g_checksum_get_string (sum));
}

/* Rewrites every sample chunk of @db in schema 5's blob layout (every
 * column in full: ts, rtt, result id as 8 bytes, sent and rcvd as 2, flags
 * as 4, 32 bytes a sample), from the samples _fl_sample_store_materialize()
 * lists in chunk order. */
static void
samples_to_v5 (sqlite3 *db)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *chunks = NULL, *rows = NULL, *upd = NULL;

  g_assert_true (_fl_sample_store_materialize (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, n FROM sample_chunks ORDER BY id", -1,
                                       &chunks, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ts_s, rtt_ms, result_id, sent, rcvd, flags"
                                       " FROM temp.measurements ORDER BY rowid", -1, &rows,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE sample_chunks SET data = ? WHERE id = ?", -1,
                                       &upd, NULL), ==, SQLITE_OK);
  while (sqlite3_step (chunks) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (chunks, 0), n = sqlite3_column_int64 (chunks, 1);
      g_autofree guint8 *blob = g_malloc (32 * n);

      for (gint64 i = 0; i < n; i++)
        {
          double rtt;

          g_assert_cmpint (sqlite3_step (rows), ==, SQLITE_ROW);
          rtt = sqlite3_column_type (rows, 1) == SQLITE_NULL ? NAN
                                                              : sqlite3_column_double (rows, 1);
          fl_put_f64 (blob + 8 * i, sqlite3_column_double (rows, 0));
          fl_put_f64 (blob + 8 * n + 8 * i, rtt);
          fl_put_u64 (blob + 16 * n + 8 * i, (guint64) sqlite3_column_int64 (rows, 2));
          fl_put_u16 (blob + 24 * n + 2 * i, (guint16) sqlite3_column_int (rows, 3));
          fl_put_u16 (blob + 26 * n + 2 * i, (guint16) sqlite3_column_int (rows, 4));
          fl_put_u32 (blob + 28 * n + 4 * i, (guint32) sqlite3_column_int64 (rows, 5));
        }
      sqlite3_reset (upd);
      sqlite3_bind_blob64 (upd, 1, blob, 32 * n, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (upd, 2, id);
      g_assert_cmpint (sqlite3_step (upd), ==, SQLITE_DONE);
    }
  g_assert_cmpint (sqlite3_step (rows), ==, SQLITE_DONE);
  sqlite3_finalize (chunks);
  sqlite3_finalize (rows);
  sqlite3_finalize (upd);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE temp.measurements", NULL, NULL, NULL), ==,
                   SQLITE_OK);
}

/* SHA-256 over every stored sample, in chunk order
 * (_fl_sample_store_materialize()). */
static char *
hash_samples (sqlite3 *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *st = NULL;

  g_assert_true (_fl_sample_store_materialize (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT source_id, series_id, printf('%!.17g', ts_s),"
                                       " printf('%!.17g', rtt_ms), sent, rcvd, flags, result_id"
                                       " FROM temp.measurements ORDER BY rowid", -1, &st, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    for (int c = 0; c < 8; c++)
      {
        const unsigned char *text = sqlite3_column_text (st, c);

        g_checksum_update (sum, text != NULL ? text : (const guchar *) "NULL", -1);
        g_checksum_update (sum, (const guchar *) "|", 1);
      }
  sqlite3_finalize (st);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE temp.measurements", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  return g_strdup (g_checksum_get_string (sum));
}

/* A schema 3 project (a ping_results row per result, unique on (series_id,
 * ts_s)) is upgraded through schema 4 (unique on (ts_s, series_id)) to
 * schema 5 (result chunks) and 6 with every result kept, and the upgraded
 * project still refuses results that are stored already. */
static void
test_migrate_v3 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ndjson = sample ("ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson");
  g_autofree char *half = g_build_filename (f->dir, "first-half.ndjson", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 n_results;
  sqlite3 *db = NULL;

  {
    g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, &error);

    g_assert_no_error (error);
    g_assert_true (fl_project_import_file (p, ndjson, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  /* back to schema 3: the old table, the same rows, no result chunks */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_true (_fl_result_store_materialize (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
    "BEGIN;"
    "CREATE TABLE main.ping_results ("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
    "  series_id INTEGER NOT NULL REFERENCES series(id),"
    "  ts_s REAL NOT NULL, msm_id INTEGER, probe_id INTEGER, dst_addr TEXT, af INTEGER,"
    "  sent INTEGER NOT NULL, rcvd INTEGER NOT NULL, dups INTEGER NOT NULL DEFAULT 0,"
    "  errors INTEGER NOT NULL DEFAULT 0, error_text TEXT, fw INTEGER, lts INTEGER,"
    "  UNIQUE (series_id, ts_s));"
    "INSERT INTO main.ping_results SELECT * FROM temp.ping_results;"
    "DROP TABLE temp.ping_results;"
    "DROP TABLE result_chunks;"
    "PRAGMA user_version = 3;"
    "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  samples_to_v5 (db);
  before = hash_results (db);
  n_results = 0;
  {
    sqlite3_stmt *st = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM ping_results", -1, &st, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
    n_results = sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
  }
  sqlite3_close (db);
  g_assert_cmpint (n_results, >, 100);
  g_assert_cmpint (fl_project_peek_schema_version (f->path), ==, 3);

  {
    g_autoptr(FlProject) p = fl_project_open (f->path, FALSE, &error);
    g_autoptr(FlSourceInfo) info = NULL;
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) first = g_string_new (NULL);
    guint n_lines;

    g_assert_no_error (error);
    g_assert_cmpint (count_rows (p, "PRAGMA user_version"), ==, FL_PROJECT_SCHEMA_VERSION);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM main.sqlite_master WHERE name IN"
                                    " ('ping_results', 'ping_results_v4')"), ==, 0);
    /* a chunk per source and series (no series has more results than one
     * chunk holds), each in time order */
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM result_chunks"), ==,
                     count_rows (p, "SELECT count(DISTINCT series_id) FROM ping_results"));
    g_assert_cmpint (count_rows (p, "SELECT sum(n) FROM result_chunks"), ==, n_results);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM result_chunks c WHERE ts_first !="
                                    " (SELECT min(ts_s) FROM ping_results r WHERE"
                                    " r.series_id = c.series_id) OR ts_last !="
                                    " (SELECT max(ts_s) FROM ping_results r WHERE"
                                    " r.series_id = c.series_id) OR id_max !="
                                    " (SELECT max(id) FROM ping_results r WHERE"
                                    " r.series_id = c.series_id)"), ==, 0);
    after = hash_results (fl_project_get_db (p));
    g_assert_cmpstr (after, ==, before);

    /* the first half of the same results again: all of it is present */
    g_assert_true (g_file_get_contents (ndjson, &contents, NULL, &error));
    lines = g_strsplit (contents, "\n", -1);
    n_lines = g_strv_length (lines);
    for (guint i = 0; i < n_lines / 2; i++)
      g_string_append_printf (first, "%s\n", lines[i]);
    g_assert_true (g_file_set_contents (half, first->str, -1, &error));
    g_assert_true (fl_project_import_file (p, half, NULL, NULL, NULL, &info, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (info->counts.already_present, ==, n_lines / 2);
    g_assert_cmpuint (info->counts.replies, ==, 0);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM ping_results"), ==, n_results);
    g_assert_cmpint (count_rows (p, "SELECT count(*) FROM result_chunks"), ==,
                     count_rows (p, "SELECT count(DISTINCT series_id) FROM ping_results"));
  }
}

/* A schema 5 project (sample blobs with every column in full) is upgraded
 * to schema 6 with every sample kept, bit for bit, in much smaller blobs;
 * a schema 5 blob of the wrong size stops the upgrade and leaves the file
 * as it was. */
static void
test_migrate_v5 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *files[] = { "ripe-anchor-mesh/msm26858348_ping_anchor_mesh.ndjson",
                          "rtt-traces/11119.csv" };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "damaged.faultline", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(FlSeriesData) trace_before = NULL;
  gint64 n_samples, v5_bytes, trace_id;
  gsize len;
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;

  {
    g_autoptr(FlProject) p = fl_project_open (f->path, TRUE, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = sample (files[i]);

        g_assert_true (fl_project_import_file (p, path, NULL, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
      }
    trace_id = count_rows (p, "SELECT id FROM series WHERE key LIKE 'trace:%'");
    trace_before = fl_project_load_series (p, trace_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (trace_before->n, >, 1000);
    /* lost packets (NaN RTT) are among them */
    g_assert_cmpint (count_rows (p, "SELECT sum(lost) FROM sample_chunks"), >, 0);
  }

  /* back to schema 5 */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  before = hash_samples (db);
  samples_to_v5 (db);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 5", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sum(n), sum(length(data)) FROM sample_chunks",
                                       -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  n_samples = sqlite3_column_int64 (st, 0);
  v5_bytes = sqlite3_column_int64 (st, 1);
  sqlite3_finalize (st);
  sqlite3_close (db);
  g_assert_cmpint (v5_bytes, ==, 32 * n_samples);

  /* a copy with one blob cut short */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, &error));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sample_chunks SET data = substr(data, 1, 40)"
                                 " WHERE id = (SELECT max(id) FROM sample_chunks)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(FlProject) p = fl_project_open (f->path, FALSE, &error);
    g_autoptr(FlSeriesData) trace_after = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (count_rows (p, "PRAGMA user_version"), ==, FL_PROJECT_SCHEMA_VERSION);
    after = hash_samples (fl_project_get_db (p));
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (count_rows (p, "SELECT sum(n) FROM sample_chunks"), ==, n_samples);
    /* RIPE replies share their result's time and id: well under half */
    g_assert_cmpint (count_rows (p, "SELECT sum(length(data)) FROM sample_chunks"), <,
                     v5_bytes / 2);
    /* and the file gave the space back */
    g_assert_cmpint (count_rows (p, "PRAGMA freelist_count"), <,
                     count_rows (p, "PRAGMA page_count") / 4);
    trace_after = fl_project_load_series (p, trace_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (trace_after->n, ==, trace_before->n);
    for (gsize i = 0; i < trace_after->n; i++)
      {
        g_assert_cmpmem (&trace_after->ts_s[i], sizeof (double), &trace_before->ts_s[i],
                         sizeof (double));
        g_assert_cmpmem (&trace_after->rtt_ms[i], sizeof (double), &trace_before->rtt_ms[i],
                         sizeof (double));
      }
  }

  {
    g_autoptr(FlProject) p = fl_project_open (copy, FALSE, &error);

    g_assert_null (p);
    g_assert_error (error, FL_ERROR, FL_ERROR_PROJECT);
    g_assert_nonnull (strstr (error->message, "damaged"));
    g_clear_error (&error);
  }
  g_assert_cmpint (fl_project_peek_schema_version (copy), ==, 5);
  g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), sum(length(data) = 32 * n)"
                                       " FROM sample_chunks", -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  /* every other blob is still schema 5's */
  g_assert_cmpint (sqlite3_column_int64 (st, 1), ==, sqlite3_column_int64 (st, 0) - 1);
  sqlite3_finalize (st);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/project/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/project/foreign-files", Fixture, NULL, fixture_setup, test_foreign_files,
              fixture_teardown);
  g_test_add ("/project/migrate-v1", Fixture, NULL, fixture_setup, test_migrate_v1,
              fixture_teardown);
  g_test_add ("/project/migrate-v3", Fixture, NULL, fixture_setup, test_migrate_v3,
              fixture_teardown);
  g_test_add ("/project/migrate-v5", Fixture, NULL, fixture_setup, test_migrate_v5,
              fixture_teardown);
  g_test_add ("/project/import/trace", Fixture, NULL, fixture_setup, test_import_trace,
              fixture_teardown);
  g_test_add ("/project/import/ndjson", Fixture, NULL, fixture_setup, test_import_ndjson,
              fixture_teardown);
  g_test_add ("/project/import/small-buffers", Fixture, NULL, fixture_setup,
              test_import_small_buffers, fixture_teardown);
  g_test_add ("/project/remove-source", Fixture, NULL, fixture_setup, test_remove_source,
              fixture_teardown);
  g_test_add ("/project/import/atomic", Fixture, NULL, fixture_setup, test_import_atomic,
              fixture_teardown);
  g_test_add ("/project/import/journal", Fixture, NULL, fixture_setup, test_import_journal,
              fixture_teardown);
  g_test_add_func ("/project/import/journal/child", test_import_journal_child);
  return g_test_run ();
}
