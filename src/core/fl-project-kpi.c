/* fl-project-kpi.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-project"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "fl-error.h"
#include "fl-import-file.h"
#include "fl-import-kpi.h"
#include "fl-project-kpi.h"
#include "fl-project-private.h"

#define KPI_IMPORTER_VERSION "faultline-kpi-import " PACKAGE_VERSION
#define KPI_FORMAT "kpi-csv"
/* How much of the file the mapping detection reads. */
#define DETECT_HEAD (64 * 1024)

static gboolean
db_error (FlProject   *project,
          GError     **error,
          const char  *what)
{
  sqlite3 *db = fl_project_get_db (project);

  g_set_error (error, FL_ERROR, FL_ERROR_PROJECT, "%s: %s failed: %s",
               fl_project_get_path (project), what, sqlite3_errmsg (db));
  return FALSE;
}

typedef struct
{
  FlProject    *project;
  sqlite3      *db;
  gint64        source_id;
  sqlite3_stmt *find_series;
  sqlite3_stmt *add_series;
  sqlite3_stmt *find_column;
  sqlite3_stmt *add_column;
  sqlite3_stmt *find_category;
  sqlite3_stmt *next_category;
  sqlite3_stmt *add_category;
  sqlite3_stmt *add_value;
} KpiStore;

static gint64
store_series (gpointer     user_data,
              const char  *key,
              const char  *label,
              GError     **error)
{
  KpiStore *s = user_data;
  gint64 id = -1;

  sqlite3_reset (s->find_series);
  sqlite3_bind_text (s->find_series, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s->find_series) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (s->find_series, 1);

      id = sqlite3_column_int64 (s->find_series, 0);
      if (g_strcmp0 (kind, "kpi") != 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "the series %s already exists as an RTT series", key);
          sqlite3_reset (s->find_series);
          return -1;
        }
    }
  sqlite3_reset (s->find_series);
  if (id > 0)
    return id;

  sqlite3_reset (s->add_series);
  sqlite3_bind_text (s->add_series, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s->add_series, 2, label, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s->add_series) != SQLITE_DONE)
    {
      db_error (s->project, error, "adding a KPI series");
      return -1;
    }
  sqlite3_reset (s->add_series);
  return sqlite3_last_insert_rowid (s->db);
}

static gint64
store_column (gpointer     user_data,
              const char  *name,
              const char  *unit,
              gboolean     categorical,
              GError     **error)
{
  KpiStore *s = user_data;
  const char *kind = categorical ? "categorical" : "numeric";
  gint64 id = -1;

  sqlite3_reset (s->find_column);
  sqlite3_bind_text (s->find_column, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s->find_column) == SQLITE_ROW)
    {
      const char *old_unit = (const char *) sqlite3_column_text (s->find_column, 1);
      const char *old_kind = (const char *) sqlite3_column_text (s->find_column, 2);

      id = sqlite3_column_int64 (s->find_column, 0);
      if (g_strcmp0 (old_kind, kind) != 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "the KPI column “%s” is %s in the project but %s in this file",
                       name, old_kind, kind);
          id = -1;
        }
      else if (g_strcmp0 (old_unit, unit) != 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "the KPI column “%s” has the unit “%s” in the project but “%s” in "
                       "this file (rename the column in the mapping)",
                       name, old_unit ? old_unit : "none", unit ? unit : "none");
          id = -1;
        }
      sqlite3_reset (s->find_column);
      return id;
    }
  sqlite3_reset (s->find_column);

  sqlite3_reset (s->add_column);
  sqlite3_bind_text (s->add_column, 1, name, -1, SQLITE_TRANSIENT);
  if (unit != NULL)
    sqlite3_bind_text (s->add_column, 2, unit, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (s->add_column, 2);
  sqlite3_bind_text (s->add_column, 3, kind, -1, SQLITE_STATIC);
  if (sqlite3_step (s->add_column) != SQLITE_DONE)
    {
      db_error (s->project, error, "adding a KPI column");
      return -1;
    }
  sqlite3_reset (s->add_column);
  return sqlite3_last_insert_rowid (s->db);
}

static gint64
store_category (gpointer     user_data,
                gint64       column_id,
                const char  *text,
                GError     **error)
{
  KpiStore *s = user_data;
  gint64 code = -1;

  sqlite3_reset (s->find_category);
  sqlite3_bind_int64 (s->find_category, 1, column_id);
  sqlite3_bind_text (s->find_category, 2, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s->find_category) == SQLITE_ROW)
    code = sqlite3_column_int64 (s->find_category, 0);
  sqlite3_reset (s->find_category);
  if (code >= 0)
    return code;

  sqlite3_reset (s->next_category);
  sqlite3_bind_int64 (s->next_category, 1, column_id);
  if (sqlite3_step (s->next_category) != SQLITE_ROW)
    {
      db_error (s->project, error, "numbering a category");
      return -1;
    }
  code = sqlite3_column_int64 (s->next_category, 0);
  sqlite3_reset (s->next_category);

  sqlite3_reset (s->add_category);
  sqlite3_bind_int64 (s->add_category, 1, column_id);
  sqlite3_bind_int64 (s->add_category, 2, code);
  sqlite3_bind_text (s->add_category, 3, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s->add_category) != SQLITE_DONE)
    {
      db_error (s->project, error, "adding a category");
      return -1;
    }
  sqlite3_reset (s->add_category);
  return code;
}

static gboolean
store_row (gpointer      user_data,
           gint64        series_id,
           double        ts_s,
           guint         n,
           const gint64 *column_ids,
           const double *values,
           GError      **error)
{
  KpiStore *s = user_data;
  sqlite3_stmt *st = s->add_value;

  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (st);
      sqlite3_bind_int64 (st, 1, s->source_id);
      sqlite3_bind_int64 (st, 2, series_id);
      sqlite3_bind_double (st, 3, ts_s);
      sqlite3_bind_int64 (st, 4, column_ids[i]);
      if (isnan (values[i]))
        sqlite3_bind_null (st, 5);
      else
        sqlite3_bind_double (st, 5, values[i]);
      if (sqlite3_step (st) != SQLITE_DONE)
        return db_error (s->project, error, "storing a KPI value");
    }
  return TRUE;
}

static void
store_clear (KpiStore *s)
{
  g_clear_pointer (&s->find_series, sqlite3_finalize);
  g_clear_pointer (&s->add_series, sqlite3_finalize);
  g_clear_pointer (&s->find_column, sqlite3_finalize);
  g_clear_pointer (&s->add_column, sqlite3_finalize);
  g_clear_pointer (&s->find_category, sqlite3_finalize);
  g_clear_pointer (&s->next_category, sqlite3_finalize);
  g_clear_pointer (&s->add_category, sqlite3_finalize);
  g_clear_pointer (&s->add_value, sqlite3_finalize);
}

static gboolean
store_prepare (KpiStore  *s,
               GError   **error)
{
  const struct
  {
    sqlite3_stmt **st;
    const char    *sql;
  } stmts[] = {
    { &s->find_series, "SELECT id, kind FROM series WHERE key = ?" },
    { &s->add_series, "INSERT INTO series (key, label, probe_id, kind) VALUES (?, ?, NULL, 'kpi')" },
    { &s->find_column, "SELECT id, unit, kind FROM kpi_columns WHERE name = ?" },
    { &s->add_column, "INSERT INTO kpi_columns (name, unit, kind) VALUES (?, ?, ?)" },
    { &s->find_category, "SELECT code FROM kpi_categories WHERE column_id = ? AND text = ?" },
    { &s->next_category, "SELECT coalesce(max(code) + 1, 0) FROM kpi_categories WHERE column_id = ?" },
    { &s->add_category, "INSERT INTO kpi_categories (column_id, code, text) VALUES (?, ?, ?)" },
    { &s->add_value, "INSERT INTO kpi_values (source_id, series_id, ts_s, column_id, value)"
                     " VALUES (?, ?, ?, ?, ?)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    if (sqlite3_prepare_v2 (s->db, stmts[i].sql, -1, stmts[i].st, NULL) != SQLITE_OK)
      return db_error (s->project, error, "preparing the KPI import");
  return TRUE;
}

/* Peeks at the head of a stream from fl_import_open_file(). */
static const guint8 *
peek_head (GInputStream  *stream,
           gsize         *len,
           GError       **error)
{
  GBufferedInputStream *b = G_BUFFERED_INPUT_STREAM (stream);

  if (g_buffered_input_stream_get_buffer_size (b) < DETECT_HEAD)
    g_buffered_input_stream_set_buffer_size (b, DETECT_HEAD);
  while (g_buffered_input_stream_get_available (b) < DETECT_HEAD)
    {
      gsize avail = g_buffered_input_stream_get_available (b);
      gssize n = g_buffered_input_stream_fill (b, (gssize) (DETECT_HEAD - avail), NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
    }
  return g_buffered_input_stream_peek_buffer (b, len);
}

/**
 * fl_kpi_file_is_kpi_csv:
 * @path: a file, optionally gzip-compressed
 *
 * Tells whether fl_import_sniff() takes @path for a KPI table
 * (%FL_FORMAT_KPI_CSV), that is, a CSV that is neither a labelled RTT
 * trace nor a `timestamp,probe_id,rtt` file. Such files are imported with
 * fl_project_import_kpi_file(); all others with fl_project_import_file().
 *
 * Returns: %TRUE for a KPI CSV; %FALSE otherwise or when the file cannot
 *   be read (no error is set; the import reports it)
 */
gboolean
fl_kpi_file_is_kpi_csv (const char *path)
{
  g_autoptr(GInputStream) stream = NULL;
  FlFormat format = FL_FORMAT_UNKNOWN;

  g_return_val_if_fail (path != NULL, FALSE);
  stream = fl_import_open_file (path, NULL, &format, NULL);
  return stream != NULL && format == FL_FORMAT_KPI_CSV;
}

/**
 * fl_project_import_kpi_file:
 * @project: a #FlProject
 * @path: a KPI CSV file, optionally gzip-compressed
 * @mapping: (nullable): the column mapping; %NULL detects one from the first
 *   64 KiB (fl_kpi_mapping_detect())
 * @progress: (nullable) (scope call): progress callback (fraction of the
 *   file read), called from this thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @out_source: (out) (optional) (transfer full): the stored source on success
 * @error: return location for a #GError
 *
 * Imports one KPI CSV file as one source (format `kpi-csv`) in one
 * transaction: series of kind `kpi` (one per key combination), KPI columns
 * (`kpi_columns`, shared by name across sources; a name already stored with
 * another unit or kind is refused), category codes and one `kpi_values` row
 * per CSV row and mapped column (NULL = missing). A failed or cancelled
 * import leaves the project exactly as it was. The source's counts:
 * results = data rows, replies = values stored, lost = missing values,
 * skipped = blank lines, series = series touched.
 *
 * Returns: %TRUE on success. Errors: %FL_ERROR_DUPLICATE when a file with
 *   the same SHA-256 was imported before; %FL_ERROR_FORMAT when no mapping
 *   was given and none can be detected; %FL_ERROR_INVALID for an invalid
 *   mapping or a column clash with the project; %FL_ERROR_PARSE naming the
 *   file and line for malformed input; %FL_ERROR_PROJECT for database
 *   errors; %G_IO_ERROR_CANCELLED; a #GIOError from reading the file.
 */
gboolean
fl_project_import_kpi_file (FlProject           *project,
                            const char          *path,
                            const FlKpiMapping  *mapping,
                            FlProgressFunc       progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            FlSourceInfo       **out_source,
                            GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(FlKpiMapping) detected = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *base = NULL;
  g_autofree char *old_name = NULL;
  FlImportCounts counts = { 0 };
  FlKpiSink sink;
  KpiStore store = { 0 };
  guint64 size = 0, stream_size = 0;
  gint64 old_time = 0, now;
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (FL_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_path_get_basename (path);
  if (progress)
    progress (0.0, "Checking file", progress_data);
  sha = _fl_project_sha256_file (path, &size, cancellable, error);
  if (sha == NULL)
    return FALSE;
  if (_fl_project_find_source_by_sha (project, sha, &old_name, &old_time))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (old_time);
      g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");

      g_set_error (error, FL_ERROR, FL_ERROR_DUPLICATE,
                   "%s was already imported (as “%s” on %s); nothing was added",
                   base, old_name, when);
      return FALSE;
    }

  stream = fl_import_open_file (path, &stream_size, NULL, error);
  if (stream == NULL)
    return FALSE;
  if (mapping == NULL)
    {
      const guint8 *head;
      gsize len = 0;

      head = peek_head (stream, &len, error);
      if (head == NULL)
        {
          g_prefix_error (error, "%s: ", base);
          return FALSE;
        }
      detected = fl_kpi_mapping_detect (head, len, error);
      if (detected == NULL)
        {
          g_prefix_error (error, "%s: ", base);
          return FALSE;
        }
      mapping = detected;
    }
  if (!fl_kpi_mapping_validate (mapping, error))
    {
      g_prefix_error (error, "%s: invalid column mapping: ", base);
      return FALSE;
    }

  if (!fl_project_begin (project, error))
    return FALSE;

  store.project = project;
  store.db = fl_project_get_db (project);
  now = g_get_real_time () / G_USEC_PER_SEC;
  if (sqlite3_prepare_v2 (store.db,
                          "INSERT INTO sources (file_name, format, size_bytes, sha256, imported_at,"
                          " importer_version, n_results, n_replies, n_lost, n_dups, n_errors,"
                          " n_skipped, n_changepoints, n_series)"
                          " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)",
                          -1, &st, NULL) != SQLITE_OK)
    {
      db_error (project, error, "preparing the import");
      goto out;
    }
  sqlite3_bind_text (st, 1, base, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, KPI_FORMAT, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 3, (sqlite3_int64) size);
  sqlite3_bind_text (st, 4, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 5, now);
  sqlite3_bind_text (st, 6, KPI_IMPORTER_VERSION, -1, SQLITE_STATIC);
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      db_error (project, error, "recording the source");
      goto out;
    }
  g_clear_pointer (&st, sqlite3_finalize);
  store.source_id = sqlite3_last_insert_rowid (store.db);
  if (!store_prepare (&store, error))
    goto out;

  sink.series = store_series;
  sink.column = store_column;
  sink.category = store_category;
  sink.row = store_row;
  sink.user_data = &store;

  if (!fl_import_kpi_csv (stream, path, stream_size, mapping, &sink, &counts,
                          progress, progress_data, cancellable, error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (sqlite3_prepare_v2 (store.db,
                          "UPDATE sources SET n_results = ?, n_replies = ?, n_lost = ?,"
                          " n_skipped = ?, n_series = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    {
      db_error (project, error, "finishing the import");
      goto out;
    }
  sqlite3_bind_int64 (st, 1, (sqlite3_int64) counts.results);
  sqlite3_bind_int64 (st, 2, (sqlite3_int64) counts.replies);
  sqlite3_bind_int64 (st, 3, (sqlite3_int64) counts.lost);
  sqlite3_bind_int64 (st, 4, (sqlite3_int64) counts.skipped);
  sqlite3_bind_int64 (st, 5, (sqlite3_int64) counts.series);
  sqlite3_bind_int64 (st, 6, store.source_id);
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      db_error (project, error, "finishing the import");
      goto out;
    }
  g_clear_pointer (&st, sqlite3_finalize);
  store_clear (&store);

  if (progress)
    progress (1.0, "Saving", progress_data);
  if (!fl_project_commit (project, error))
    goto out;
  ok = TRUE;

  if (out_source != NULL)
    {
      FlSourceInfo *info = g_new0 (FlSourceInfo, 1);

      info->id = store.source_id;
      info->file_name = g_strdup (base);
      info->format = g_strdup (KPI_FORMAT);
      info->size_bytes = size;
      info->sha256 = g_strdup (sha);
      info->imported_at = now;
      info->counts = counts;
      *out_source = info;
    }

out:
  g_clear_pointer (&st, sqlite3_finalize);
  store_clear (&store);
  if (!ok)
    fl_project_rollback (project);
  return ok;
}

/* ---- the KPI table --------------------------------------------------- */

/**
 * fl_project_load_kpi_table:
 * @project: a #FlProject
 * @series_id: a KPI series id, or -1 for all KPI series
 * @error: return location for a #GError
 *
 * Loads KPI values as a dense table: the columns that occur in the chosen
 * series (ordered by column id), one row per stored CSV row. Categorical
 * values are integer codes; @categories gives their texts.
 *
 * Returns: (transfer full): the table (possibly with 0 rows), or %NULL with
 *   %FL_ERROR_NOT_FOUND when @series_id is not a KPI series, or
 *   %FL_ERROR_PROJECT on a database error
 */
FlKpiTable *
fl_project_load_kpi_table (FlProject  *project,
                           gint64      series_id,
                           GError    **error)
{
  g_autoptr(FlKpiTable) t = g_new0 (FlKpiTable, 1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) units = g_ptr_array_new ();
  g_autoptr(GArray) cat = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) ts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sid = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) vals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) col_pos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree guint8 *seen = NULL;
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  gint64 cur_series = G_MININT64;
  double cur_ts = NAN;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (project), NULL);
  db = fl_project_get_db (project);

  if (series_id >= 0)
    {
      gboolean found = FALSE;

      if (sqlite3_prepare_v2 (db, "SELECT 1 FROM series WHERE id = ? AND kind = 'kpi'", -1,
                              &st, NULL) != SQLITE_OK)
        {
          db_error (project, error, "loading KPI values");
          return NULL;
        }
      sqlite3_bind_int64 (st, 1, series_id);
      found = sqlite3_step (st) == SQLITE_ROW;
      g_clear_pointer (&st, sqlite3_finalize);
      if (!found)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                       "%s: no KPI series with id %" G_GINT64_FORMAT,
                       fl_project_get_path (project), series_id);
          return NULL;
        }
    }

  if (sqlite3_prepare_v2 (db,
                          "SELECT c.id, c.name, c.unit, c.kind FROM kpi_columns c"
                          " WHERE c.id IN (SELECT DISTINCT v.column_id FROM kpi_values v"
                          "  JOIN series s ON s.id = v.series_id"
                          "  WHERE s.kind = 'kpi' AND (?1 < 0 OR v.series_id = ?1))"
                          " ORDER BY c.id", -1, &st, NULL) != SQLITE_OK)
    {
      db_error (project, error, "loading KPI columns");
      return NULL;
    }
  sqlite3_bind_int64 (st, 1, series_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (st, 0);
      gboolean c = g_strcmp0 ((const char *) sqlite3_column_text (st, 3), "categorical") == 0;
      guint pos = ids->len;

      g_array_append_val (ids, id);
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (st, 1)));
      g_ptr_array_add (units, g_strdup ((const char *) sqlite3_column_text (st, 2)));
      g_array_append_val (cat, c);
      g_hash_table_insert (col_pos, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (pos + 1));
    }
  g_clear_pointer (&st, sqlite3_finalize);
  t->n_columns = ids->len;
  t->column_ids = g_memdup2 (ids->data, ids->len * sizeof (gint64));
  g_ptr_array_add (names, NULL);
  t->column_names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  t->column_units = g_new0 (char *, units->len + 1);
  for (guint i = 0; i < units->len; i++)
    t->column_units[i] = g_ptr_array_index (units, i);
  t->categorical = g_memdup2 (cat->data, cat->len * sizeof (gboolean));
  t->categories = g_new0 (char **, t->n_columns + 1);
  if (rc != SQLITE_DONE)
    {
      db_error (project, error, "loading KPI columns");
      return NULL;
    }

  /* Category texts, indexed by code. */
  if (sqlite3_prepare_v2 (db, "SELECT code, text FROM kpi_categories WHERE column_id = ?"
                          " ORDER BY code", -1, &st, NULL) != SQLITE_OK)
    {
      db_error (project, error, "loading KPI categories");
      return NULL;
    }
  for (gsize c = 0; c < t->n_columns; c++)
    {
      g_autoptr(GPtrArray) texts = NULL;

      if (!t->categorical[c])
        continue;
      texts = g_ptr_array_new ();
      sqlite3_reset (st);
      sqlite3_bind_int64 (st, 1, t->column_ids[c]);
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          gint64 code = sqlite3_column_int64 (st, 0);

          while ((gint64) texts->len < code)
            g_ptr_array_add (texts, g_strdup (""));
          g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (st, 1)));
        }
      g_ptr_array_add (texts, NULL);
      t->categories[c] = (char **) g_ptr_array_free (g_steal_pointer (&texts), FALSE);
    }
  g_clear_pointer (&st, sqlite3_finalize);

  /* Values: a new row starts when series or time changes, or when a column
   * repeats at the same time (a duplicate timestamp). */
  if (sqlite3_prepare_v2 (db,
                          "SELECT v.series_id, v.ts_s, v.column_id, v.value FROM kpi_values v"
                          " JOIN series s ON s.id = v.series_id"
                          " WHERE s.kind = 'kpi' AND (?1 < 0 OR v.series_id = ?1)"
                          " ORDER BY v.series_id, v.ts_s, v.rowid", -1, &st, NULL) != SQLITE_OK)
    {
      db_error (project, error, "loading KPI values");
      return NULL;
    }
  sqlite3_bind_int64 (st, 1, series_id);
  seen = g_malloc0 (MAX (t->n_columns, 1));
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 s = sqlite3_column_int64 (st, 0);
      double when = sqlite3_column_double (st, 1);
      gint64 col = sqlite3_column_int64 (st, 2);
      guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (col_pos, &col));
      double v = sqlite3_column_type (st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double (st, 3);

      if (pos == 0)
        continue;
      pos--;
      if (s != cur_series || when != cur_ts || seen[pos])
        {
          double nan = NAN;

          g_array_append_val (ts, when);
          g_array_append_val (sid, s);
          for (gsize c = 0; c < t->n_columns; c++)
            g_array_append_val (vals, nan);
          memset (seen, 0, MAX (t->n_columns, 1));
          cur_series = s;
          cur_ts = when;
        }
      seen[pos] = 1;
      g_array_index (vals, double, (ts->len - 1) * t->n_columns + pos) = v;
    }
  g_clear_pointer (&st, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      db_error (project, error, "loading KPI values");
      return NULL;
    }
  t->n_rows = ts->len;
  t->ts_s = (double *) (void *) g_array_free (g_steal_pointer (&ts), FALSE);
  t->series_id = (gint64 *) (void *) g_array_free (g_steal_pointer (&sid), FALSE);
  t->values = (double *) (void *) g_array_free (g_steal_pointer (&vals), FALSE);
  return g_steal_pointer (&t);
}

/**
 * fl_kpi_table_find_column:
 * @table: a #FlKpiTable
 * @name: a column name
 *
 * Returns: the index of the column called @name, or -1
 */
int
fl_kpi_table_find_column (const FlKpiTable *table,
                          const char       *name)
{
  for (gsize c = 0; c < table->n_columns; c++)
    if (g_strcmp0 (table->column_names[c], name) == 0)
      return (int) c;
  return -1;
}

/**
 * fl_kpi_table_free:
 * @table: (nullable) (transfer full): a #FlKpiTable
 *
 * Frees @table and its arrays.
 */
void
fl_kpi_table_free (FlKpiTable *table)
{
  if (table == NULL)
    return;
  for (gsize c = 0; c < table->n_columns; c++)
    {
      if (table->column_units != NULL)
        g_free (table->column_units[c]);
      if (table->categories != NULL)
        g_strfreev (table->categories[c]);
    }
  g_strfreev (table->column_names);
  g_free (table->column_units);
  g_free (table->categories);
  g_free (table->column_ids);
  g_free (table->categorical);
  g_free (table->ts_s);
  g_free (table->series_id);
  g_free (table->values);
  g_free (table);
}
