/* store-fixture.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fixture of the chunk store tests (test-sample-store.c,
 * test-result-store.c). */

#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fl-project.h"

typedef struct
{
  char      *dir;
  FlProject *project;
  sqlite3   *db;
  gint64     source_id;
  gint64     series_id;
} Fixture;

/* A project with one imported source (the bundled trace 11119) and a series
 * of its own (key `test:store`) that the tests write further chunks for. */
static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *trace = g_build_filename (g_getenv ("FL_SAMPLES_DIR"), "rtt-traces",
                                             "11119.csv", NULL);
  g_autoptr(FlSourceInfo) src = NULL;
  sqlite3_stmt *st = NULL;

  f->dir = g_dir_make_tmp ("fl-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "p.faultline", NULL);
  f->project = fl_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_file (f->project, trace, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  f->db = fl_project_get_db (f->project);
  f->source_id = src->id;
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT INTO series (key, label) VALUES"
                                       " ('test:store', 'Store test') RETURNING id", -1, &st,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  f->series_id = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "p.faultline", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->project);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}
