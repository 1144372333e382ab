/* test-import-malformed.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fl-error.h"
#include "fl-project.h"

/* The malformed-input corpus (malformed/, written by make-corpus.py):
 * every file must fail with the expected error, whose message names the
 * file and where it went wrong, and must leave a project that already
 * holds data exactly as it was (row counts and contents of every table). */

typedef struct
{
  const char *file;
  GQuark    (*domain) (void);
  gint        code;
  const char *where;  /* substring of the message besides the file name */
} MalformedCase;

static const MalformedCase cases[] = {
  /* RIPE Atlas JSON / NDJSON */
  { "ripe-truncated-object.json", fl_error_quark, FL_ERROR_PARSE, "byte 150" },
  { "ripe-truncated-string.json", fl_error_quark, FL_ERROR_PARSE, "byte" },
  { "ripe-truncated-after-comma.json", fl_error_quark, FL_ERROR_PARSE, "byte" },
  { "ripe-truncated.ndjson", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "ripe-rtt-string.json", fl_error_quark, FL_ERROR_PARSE, "\342\200\234rtt\342\200\235 is not a number" },
  { "ripe-timestamp-string.json", fl_error_quark, FL_ERROR_PARSE, "\342\200\234timestamp\342\200\235 is not a number" },
  { "ripe-nan.json", fl_error_quark, FL_ERROR_PARSE, "invalid JSON" },
  { "ripe-infinity.json", fl_error_quark, FL_ERROR_PARSE, "invalid JSON" },
  { "ripe-nan-string.json", fl_error_quark, FL_ERROR_PARSE, "rtt" },
  { "ripe-absurd-rtt.json", fl_error_quark, FL_ERROR_PARSE, "out of range" },
  { "ripe-absurd-timestamp.json", fl_error_quark, FL_ERROR_PARSE, "between 1990 and 2100" },
  { "ripe-negative-sent.json", fl_error_quark, FL_ERROR_PARSE, "\342\200\234sent\342\200\235" },
  { "ripe-rcvd-gt-sent.json", fl_error_quark, FL_ERROR_PARSE, "rcvd = 9 > sent = 3" },
  { "ripe-binary.json", fl_error_quark, FL_ERROR_PARSE, "byte" },
  { "ripe-empty.json", fl_error_quark, FL_ERROR_PARSE, "contains no results" },
  { "ripe-missing-msm.json", fl_error_quark, FL_ERROR_PARSE, "without \342\200\234msm_id\342\200\235" },
  { "ripe-missing-timestamp.ndjson", fl_error_quark, FL_ERROR_PARSE, "line 4" },
  { "ripe-bad-utf8.json", fl_error_quark, FL_ERROR_PARSE, "invalid JSON" },
  { "ripe-only-traceroute.json", fl_error_quark, FL_ERROR_FORMAT, "no ping results" },
  { "ripe-af-7.json", fl_error_quark, FL_ERROR_PARSE, "\342\200\234af\342\200\235 is neither 4 nor 6" },
  { "ripe-lts-string.json", fl_error_quark, FL_ERROR_PARSE, "\342\200\234lts\342\200\235 is not an integer" },
  { "ripe-deep-nesting.json", fl_error_quark, FL_ERROR_PARSE, "nested" },
  { "ripe-bad-gzip.json.gz", g_io_error_quark, G_IO_ERROR_INVALID_DATA, "Invalid compressed data" },
  { "ripe-truncated.json.gz", g_io_error_quark, G_IO_ERROR_PARTIAL_INPUT, "after byte" },
  { "ripe-gzip-garbage.json.gz", fl_error_quark, FL_ERROR_FORMAT, "unknown format" },
  /* labelled RTT traces */
  { "trace-truncated.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "trace-bad-date.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "trace-missing-column.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "trace-nan.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "trace-absurd-rtt.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  /* timestamp,probe_id,rtt CSV */
  { "rtt-missing-column.csv", fl_error_quark, FL_ERROR_PARSE, "line 4" },
  { "rtt-infinity.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "rtt-bad-timestamp.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  { "rtt-wrong-type.csv", fl_error_quark, FL_ERROR_PARSE, "line 3" },
  /* iputils ping logs */
  { "ping-truncated-reply.out", fl_error_quark, FL_ERROR_PARSE, "line 8, byte" },
  { "ping-no-summary.out", fl_error_quark, FL_ERROR_PARSE, "statistics are missing" },
  { "ping-truncated-summary.out", fl_error_quark, FL_ERROR_PARSE, "line 16, byte" },
  { "ping-count-mismatch.out", fl_error_quark, FL_ERROR_PARSE, "say 9 received, but 10" },
  { "ping-binary.out", fl_error_quark, FL_ERROR_PARSE, "NUL byte" },
  { "ping-absurd-time.out", fl_error_quark, FL_ERROR_PARSE, "line 7, byte" },
  { "ping-bad-epoch.out", fl_error_quark, FL_ERROR_PARSE, "line 1, byte 0" },
  { "ping-seq-beyond.out", fl_error_quark, FL_ERROR_PARSE, "icmp_seq 70" },
  { "ping-garbage-line.out", fl_error_quark, FL_ERROR_PARSE, "line 6, byte" },
  { "ping-nan-time.out", fl_error_quark, FL_ERROR_PARSE, "line 7" },
  /* not any format */
  { "garbage.bin", fl_error_quark, FL_ERROR_FORMAT, "unknown format" },
  { "empty.csv", fl_error_quark, FL_ERROR_FORMAT, "unknown format" },
};

static char *tmp_dir;

/* Every table's row count and a digest of its contents. */
static char *
snapshot (FlProject *p)
{
  sqlite3 *db = fl_project_get_db (p);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type IN"
                                       " ('table', 'index') ORDER BY name", -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);
  g_string_append_printf (out, "%u objects;", tables->len);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *t = g_ptr_array_index (tables, i);
      g_autofree char *sql = NULL;
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      guint64 rows = 0;

      if (g_str_has_prefix (t, "sqlite_autoindex") ||
          strcmp (t, "measurements_series_ts") == 0 || strcmp (t, "kpi_values_series_ts") == 0 ||
          strcmp (t, "predictions_run") == 0)
        {
          g_string_append_printf (out, " %s;", t);
          continue;
        }
      sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", t);
      if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
        {
          /* an index of another kind */
          g_string_append_printf (out, " %s;", t);
          continue;
        }
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (st); c++)
            {
              const guchar *v = sqlite3_column_text (st, c);

              g_checksum_update (sum, v != NULL ? v : (const guchar *) "\1NULL", -1);
              g_checksum_update (sum, (const guchar *) "\t", 1);
            }
          rows++;
        }
      sqlite3_finalize (st);
      g_string_append_printf (out, " %s=%" G_GUINT64_FORMAT ":%.12s;", t, rows,
                              g_checksum_get_string (sum));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_corpus_complete (void)
{
  g_autofree char *dir = g_build_filename (FL_IMPORT_TEST_DIR, "malformed", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  /* Every corpus file has an entry, and there are at least 30. */
  while ((name = g_dir_read_name (d)) != NULL)
    {
      gboolean found = FALSE;

      if (g_str_has_suffix (name, ".py"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        found = found || strcmp (cases[i].file, name) == 0;
      if (!found)
        g_error ("malformed/%s has no expected error in the table", name);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (n, >=, 30);
}

static void
check_case (gconstpointer data)
{
  const MalformedCase *c = data;
  g_autofree char *path = g_build_filename (FL_IMPORT_TEST_DIR, "malformed", c->file, NULL);
  g_autofree char *project_path = NULL;
  g_autofree char *good = g_build_filename (FL_IMPORT_TEST_DIR, "fixtures", "ripe-mixed.ndjson", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pname = g_strdup_printf ("%s.faultline", c->file);
  g_autoptr(FlProject) p = NULL;
  g_autoptr(GError) error = NULL;
  FlSourceInfo *src = NULL;

  project_path = g_build_filename (tmp_dir, pname, NULL);
  p = fl_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);

  /* The project already holds a source. */
  g_assert_true (fl_project_import_file (p, good, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  fl_source_info_free (g_steal_pointer (&src));
  before = snapshot (p);

  g_assert_false (fl_project_import_file (p, path, NULL, NULL, NULL, &src, &error));
  g_assert_null (src);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", c->file, error->message);
  if (!g_error_matches (error, c->domain (), c->code))
    g_error ("%s: expected %s %d, got %s %d: %s", c->file, g_quark_to_string (c->domain ()),
             c->code, g_quark_to_string (error->domain), error->code, error->message);
  if (strstr (error->message, c->file) == NULL)
    g_error ("%s: the message does not name the file: %s", c->file, error->message);
  if (strstr (error->message, c->where) == NULL)
    g_error ("%s: expected “%s” in “%s”", c->file, c->where, error->message);

  g_clear_error (&error);
  after = snapshot (p);
  g_assert_cmpstr (before, ==, after);

  /* And the project is still usable. */
  g_clear_object (&p);
  p = fl_project_open (project_path, FALSE, &error);
  g_assert_no_error (error);
  g_free (after);
  after = snapshot (p);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("faultline-test-malformed-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/import-malformed/corpus-complete", test_corpus_complete);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import-malformed/%s", cases[i].file);

      g_test_add_data_func (name, &cases[i], check_case);
    }

  ret = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmp_dir, name, NULL);

        g_unlink (p);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return ret;
}
