/* fl-project.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-project"

#include "config.h"

#include <math.h>
#include <nettle/sha2.h>
#include <sqlite3.h>

#include "fl-error.h"
#include "fl-import.h"
#include "fl-import-file.h"
#include "fl-project-private.h"
#include "fl-readahead-stream.h"
#include "fl-result-store.h"
#include "fl-sample-store.h"

#define IMPORTER_VERSION "faultline-import " PACKAGE_VERSION

struct _FlProject
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (FlProject, fl_project, G_TYPE_OBJECT)

static const char *schema_v1 =
  "CREATE TABLE sources ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL,"
  "  format TEXT NOT NULL,"
  "  size_bytes INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  imported_at INTEGER NOT NULL,"
  "  importer_version TEXT NOT NULL,"
  "  n_results INTEGER NOT NULL, n_replies INTEGER NOT NULL, n_lost INTEGER NOT NULL,"
  "  n_dups INTEGER NOT NULL, n_errors INTEGER NOT NULL, n_skipped INTEGER NOT NULL,"
  "  n_changepoints INTEGER NOT NULL, n_series INTEGER NOT NULL);"
  "CREATE TABLE series ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  label TEXT NOT NULL,"
  "  probe_id INTEGER);"
  "CREATE TABLE measurements ("
  "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
  "  series_id INTEGER NOT NULL REFERENCES series(id),"
  "  ts_s REAL NOT NULL,"
  "  rtt_ms REAL,"
  "  sent INTEGER NOT NULL,"
  "  rcvd INTEGER NOT NULL,"
  "  flags INTEGER NOT NULL);"
  "CREATE INDEX measurements_series_ts ON measurements(series_id, ts_s);"
  "CREATE TABLE runs ("
  "  id INTEGER PRIMARY KEY,"
  "  created_at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  config_json TEXT NOT NULL,"
  "  manifest_json TEXT NOT NULL,"
  "  summary_json TEXT);"
  "CREATE TABLE models ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
  "  library TEXT NOT NULL,"
  "  format TEXT NOT NULL,"
  "  feature_names TEXT NOT NULL,"
  "  data BLOB NOT NULL);"
  "CREATE TABLE results ("
  "  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,"
  "  threshold REAL NOT NULL,"
  "  tn INTEGER NOT NULL, fp INTEGER NOT NULL, fn INTEGER NOT NULL, tp INTEGER NOT NULL,"
  "  metrics_json TEXT NOT NULL);"
  "CREATE TABLE predictions ("
  "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
  "  series_id INTEGER NOT NULL REFERENCES series(id),"
  "  ts_s REAL NOT NULL,"
  "  y_true INTEGER NOT NULL,"
  "  score REAL NOT NULL);"
  "CREATE INDEX predictions_run ON predictions(run_id);";

/* Schema 3 (fl-sample-store.c) moves the samples of `measurements` into
 * chunks in `sample_chunks` and drops `measurements`. */

/* The columns of ping_results (schema 2 on), without its constraint. */
#define PING_RESULTS_COLUMNS \
  "  id INTEGER PRIMARY KEY," \
  "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE," \
  "  series_id INTEGER NOT NULL REFERENCES series(id)," \
  "  ts_s REAL NOT NULL," \
  "  msm_id INTEGER," \
  "  probe_id INTEGER," \
  "  dst_addr TEXT," \
  "  af INTEGER," \
  "  sent INTEGER NOT NULL," \
  "  rcvd INTEGER NOT NULL," \
  "  dups INTEGER NOT NULL DEFAULT 0," \
  "  errors INTEGER NOT NULL DEFAULT 0," \
  "  error_text TEXT," \
  "  fw INTEGER," \
  "  lts INTEGER,"

/* Schema 2: per-result metadata of ping results (deduplicated on series and
 * time), generic KPI columns and values, and per-arm experiment results. */
static const char *migrate_v1_to_v2 =
  "CREATE TABLE ping_results (" PING_RESULTS_COLUMNS "  UNIQUE (series_id, ts_s));"
  "ALTER TABLE measurements ADD COLUMN result_id INTEGER REFERENCES ping_results(id);"
  "ALTER TABLE sources ADD COLUMN n_already_present INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE series ADD COLUMN kind TEXT NOT NULL DEFAULT 'rtt';"
  "CREATE TABLE kpi_columns ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  unit TEXT,"
  "  kind TEXT NOT NULL DEFAULT 'numeric');"
  "CREATE TABLE kpi_categories ("
  "  column_id INTEGER NOT NULL REFERENCES kpi_columns(id),"
  "  code INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  PRIMARY KEY (column_id, code));"
  "CREATE TABLE kpi_values ("
  "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
  "  series_id INTEGER NOT NULL REFERENCES series(id),"
  "  ts_s REAL NOT NULL,"
  "  column_id INTEGER NOT NULL REFERENCES kpi_columns(id),"
  "  value REAL);"
  "CREATE INDEX kpi_values_series_ts ON kpi_values(series_id, ts_s);"
  "CREATE TABLE run_arms ("
  "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
  "  arm INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  metrics_json TEXT NOT NULL,"
  "  curves_json TEXT,"
  "  PRIMARY KEY (run_id, arm));"
  "ALTER TABLE predictions ADD COLUMN arm INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE predictions ADD COLUMN fold INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE models ADD COLUMN arm INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX predictions_run_arm ON predictions(run_id, arm);";

static gboolean
set_db_error (FlProject  *self,
              GError    **error,
              const char *what)
{
  int code = sqlite3_errcode (self->db);

  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                 "%s: the project file is damaged or not a Faultline project (%s)",
                 self->path, sqlite3_errmsg (self->db));
  else
    g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                 "%s: %s failed: %s", self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec_sql (FlProject   *self,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error, "a query");
  return TRUE;
}

static gboolean
query_int (FlProject  *self,
           const char *sql,
           gint64     *out,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, "a query");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      ok = TRUE;
    }
  else
    set_db_error (self, error, "a query");
  sqlite3_finalize (stmt);
  return ok;
}

static void
fl_project_finalize (GObject *object)
{
  FlProject *self = (FlProject *)object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (fl_project_parent_class)->finalize (object);
}

static void
fl_project_class_init (FlProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_project_finalize;
}

static void
fl_project_init (FlProject *self)
{
}

/* Schema 4: the unique index of ping_results leads with the time, (ts_s,
 * series_id) instead of (series_id, ts_s). The pair is unique either way,
 * but an import's results come in time order across all its series, so
 * with the time first each insert lands at the end of the index instead of
 * at one of hundreds of places (a 327 MB RIPE import: 1.25 s instead of
 * 1.6 s, the same as with no index at all). Readers that want one series
 * read the table once (fl-quality.c). SQLite cannot change a table's
 * UNIQUE constraint, so the table is rebuilt; nothing refers to it since
 * schema 3.
 *
 * Schema 5 (fl-result-store.c) moves the rows of `ping_results` into
 * chunks in `result_chunks` and drops `ping_results`.
 *
 * Schema 6 (fl-sample-store.c) stores the columns of a sample chunk's blob
 * as one value, every value or runs of equal values, whichever is
 * smallest. */
static const char *migrate_v3_to_v4 =
  "CREATE TABLE ping_results_v4 (" PING_RESULTS_COLUMNS "  UNIQUE (ts_s, series_id));"
  "INSERT INTO ping_results_v4 (id, source_id, series_id, ts_s, msm_id, probe_id, dst_addr, af,"
  "  sent, rcvd, dups, errors, error_text, fw, lts)"
  "  SELECT id, source_id, series_id, ts_s, msm_id, probe_id, dst_addr, af,"
  "  sent, rcvd, dups, errors, error_text, fw, lts FROM ping_results ORDER BY ts_s, series_id;"
  "DROP TABLE ping_results;"
  "ALTER TABLE ping_results_v4 RENAME TO ping_results;";

/* Brings a project written by an older Faultline up to
 * FL_PROJECT_SCHEMA_VERSION, in one transaction. */
static gboolean
migrate_schema (FlProject  *self,
                gint64      version,
                GError    **error)
{
  g_autofree char *pragma = NULL;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (version < 2 && !exec_sql (self, migrate_v1_to_v2, error))
    goto fail;
  if (version < 3 && !_fl_sample_store_migrate (self->db, error))
    goto fail;
  if (version < 4 && !exec_sql (self, migrate_v3_to_v4, error))
    goto fail;
  if (version < 5 && !_fl_result_store_migrate (self->db, error))
    goto fail;
  /* below 3, _fl_sample_store_migrate() wrote the new blobs already */
  if (version >= 3 && version < 6 && !_fl_sample_store_migrate_v6 (self->db, error))
    goto fail;
  pragma = g_strdup_printf ("PRAGMA user_version = %d;", FL_PROJECT_SCHEMA_VERSION);
  if (!exec_sql (self, pragma, error) || !exec_sql (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_prefix_error (error, "Upgrading the project from schema %" G_GINT64_FORMAT ": ", version);
  return FALSE;
}

static gboolean
initialise_schema (FlProject  *self,
                   GError    **error)
{
  g_autofree char *pragmas = NULL;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             FL_PROJECT_APPLICATION_ID, FL_PROJECT_SCHEMA_VERSION);
  if (!exec_sql (self, schema_v1, error) ||
      !exec_sql (self, migrate_v1_to_v2, error) ||
      !_fl_sample_store_migrate (self->db, error) ||
      !exec_sql (self, migrate_v3_to_v4, error) ||
      !_fl_result_store_migrate (self->db, error) ||
      !exec_sql (self, pragmas, error) ||
      !exec_sql (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * fl_project_open:
 * @path: file name of the project (`NAME.faultline`)
 * @create: create the file and its schema when it does not exist
 * @error: return location for a #GError
 *
 * Opens a project file (SQLite, WAL journal). A new or empty file gets the
 * current schema; `PRAGMA application_id` marks it as a Faultline project and
 * `PRAGMA user_version` holds the schema version.
 *
 * Each #FlProject owns one SQLite connection; use one object per thread
 * (workers open their own on the same path).
 *
 * Returns: (transfer full): the project, or %NULL with @error set:
 *   %G_IO_ERROR_NOT_FOUND when the file does not exist and @create is %FALSE;
 *   %FL_ERROR_PROJECT when it is not a Faultline project, is damaged, or was
 *   written by a newer Faultline.
 */
static gsize sqlite_configured;

/* Before SQLite's first use: sqlite3_config() fails after it. */
static void
configure_sqlite (void)
{
  if (g_once_init_enter (&sqlite_configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&sqlite_configured, 1);
    }
}

/**
 * fl_project_peek_schema_version:
 * @path: file name of a project
 *
 * Reads the schema version of an existing project without opening it for
 * use, so that a caller can tell beforehand whether fl_project_open() will
 * upgrade it (which rewrites every sample of a schema 2 project and takes
 * about a second per million samples) and run that in a worker.
 *
 * Returns: `PRAGMA user_version` of @path (compare with
 *   %FL_PROJECT_SCHEMA_VERSION), 0 for an empty file, or -1 when @path
 *   does not exist or cannot be read as SQLite
 */
gint64
fl_project_peek_schema_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 version = -1;

  g_return_val_if_fail (path != NULL, -1);

  configure_sqlite ();
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return -1;
    }
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return version;
}


FlProject *
fl_project_open (const char  *path,
                 gboolean     create,
                 GError     **error)
{
  g_autoptr(FlProject) self = NULL;
  gint64 app_id = 0, version = 0, n_tables = 0;
  int flags = SQLITE_OPEN_READWRITE;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!create)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "%s: no such project file", path);
          return NULL;
        }
      flags |= SQLITE_OPEN_CREATE;
    }

  self = g_object_new (FL_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);

  /* SQLite's memory statistics take a global mutex on every allocation
   * (about 10 % of an import's time); nothing here reads them. This only
   * works before SQLite initialises, i.e. before the first connection. */
  configure_sqlite ();
  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "opening");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, 10000);

  if (!query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error) ||
      !query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "PRAGMA user_version", &version, error))
    return NULL;

  if (n_tables == 0 && app_id == 0 && version == 0)
    {
      if (!initialise_schema (self, error))
        return NULL;
    }
  else if (app_id != FL_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                   "%s: this SQLite file is not a Faultline project", path);
      return NULL;
    }
  else if (version > FL_PROJECT_SCHEMA_VERSION)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                   "%s: the project was written by a newer Faultline (schema %"
                   G_GINT64_FORMAT ", this version reads up to %d)",
                   path, version, FL_PROJECT_SCHEMA_VERSION);
      return NULL;
    }
  else if (version < FL_PROJECT_SCHEMA_VERSION)
    {
      g_autoptr(GError) compact_error = NULL;

      if (!migrate_schema (self, version, error))
        return NULL;
      /* An upgrade can leave much of the file free (schema 6 halves the
       * sample blobs); the file is rewritten when a quarter is. The upgrade
       * is committed already, so a failure here only leaves it larger. */
      if (!fl_project_compact (self, 0.25, NULL, &compact_error))
        g_message ("%s: could not compact the upgraded project: %s", path,
                   compact_error->message);
    }

  if (!exec_sql (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                       "PRAGMA foreign_keys = ON;", error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * fl_project_get_path:
 * @self: a #FlProject
 *
 * Returns: (transfer none): the file name the project was opened with
 */
const char *
fl_project_get_path (FlProject *self)
{
  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);
  return self->path;
}

/**
 * fl_project_get_db:
 * @self: a #FlProject
 *
 * Returns: (transfer none): the `sqlite3 *` connection, for core modules that
 *   store their own tables. Do not close it.
 */
gpointer
fl_project_get_db (FlProject *self)
{
  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);
  return self->db;
}

/**
 * fl_project_begin:
 * @self: a #FlProject
 * @error: return location for a #GError
 *
 * Starts a write transaction (`BEGIN IMMEDIATE`).
 *
 * Returns: %TRUE on success; %FL_ERROR_PROJECT on a database error
 */
gboolean
fl_project_begin (FlProject  *self,
                  GError    **error)
{
  g_return_val_if_fail (FL_IS_PROJECT (self), FALSE);
  return exec_sql (self, "BEGIN IMMEDIATE", error);
}

/**
 * fl_project_commit:
 * @self: a #FlProject
 * @error: return location for a #GError
 *
 * Commits the transaction started by fl_project_begin().
 *
 * Returns: %TRUE on success; %FL_ERROR_PROJECT on a database error
 */
gboolean
fl_project_commit (FlProject  *self,
                   GError    **error)
{
  g_return_val_if_fail (FL_IS_PROJECT (self), FALSE);
  return exec_sql (self, "COMMIT", error);
}

/**
 * fl_project_rollback:
 * @self: a #FlProject
 *
 * Rolls back the current transaction, if any.
 */
void
fl_project_rollback (FlProject *self)
{
  g_return_if_fail (FL_IS_PROJECT (self));
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- import ---------------------------------------------------------- */

/* The import runs on two threads: the importer parses on the calling
 * thread and hands what it finds, in batches of up to QUEUE_SAMPLES samples
 * and QUEUE_RESULTS ping results, to a writer thread that does the SQLite
 * work; at most QUEUE_BATCHES batches exist, so memory stays bounded
 * whatever the file size (16 batches, 12 MB: with 4, the parser of a 327 MB
 * RIPE file waited 60–110 ms in all for the writer, which stores chunks in
 * bursts; with 16, about 20 ms). Both threads use
 * the project's connection (SQLite's serialized mode; without a connection
 * mutex the batches are written on the calling thread instead). The writer
 * holds the connection's mutex while it writes a batch, so that SQLite's
 * many calls per row do not each lock and unlock it; the parser only needs
 * the connection for a new series, and then waits for that batch.
 *
 * Ping results get their ids on the parser side (max(id) + 1, …), because
 * only the writer learns whether a result was already stored (same series
 * and time, stored before or earlier in the file: see buffer_result()); the
 * writer then drops that result's samples and counts them, and the counts
 * are corrected when the writer has finished.
 *
 * The writer keeps each series' samples and ping results in a buffer and
 * stores a full buffer as one chunk of each (fl-sample-store.c,
 * fl-result-store.c); when the buffers hold BUFFERED_MAX samples and
 * results in all, every buffer is stored, so memory stays bounded however
 * many series a file has (see import_sink_flush()). */
#define BUFFERED_MAX (512 * 1024)

/* BUFFERED_MAX, or what a test set (_fl_project_set_import_buffer_max()). */
static gsize buffered_max = BUFFERED_MAX;

/**
 * _fl_project_set_import_buffer_max:
 * @n_samples: most samples the import writer buffers over all series before
 *   it stores every buffer; 0 restores the default (524288)
 *
 * For tests, which reach the limit with small files this way. Not thread
 * safe: call it while no import runs.
 */
void
_fl_project_set_import_buffer_max (gsize n_samples)
{
  buffered_max = n_samples > 0 ? n_samples : BUFFERED_MAX;
}
#define QUEUE_SAMPLES 8192
#define QUEUE_RESULTS 4096
#define READAHEAD_BLOCK (1 << 18)
#define READAHEAD_BLOCKS 64
#define QUEUE_BATCHES 16

/* A ping result in a batch. */
typedef struct
{
  gint64       id;
  guint        first_sample;  /* the batch's samples before it */
  FlResultInfo info;          /* dst_addr and error_text are NULL here … */
  gssize       dst_off;       /* … and live at these offsets of the batch's strings (-1 = NULL) */
  gssize       err_off;
} ResultOp;

/* What the parser found, in order: samples, and the ping results between
 * them. A sample belongs to the last result before it (in this batch or an
 * earlier one), or to none (0) when no result came yet; samples are most of
 * an import, so they go as they are (32 bytes each). */
typedef struct
{
  FlSample *samples;
  guint     n_samples;
  ResultOp *results;
  guint     n_results;
  GString  *strings;
  gboolean  end;
} OpBatch;

/* Writer: a ping result waiting in a SeriesBuffer; its strings are at
 * these offsets of the buffer's strings (-1 = NULL). */
typedef struct
{
  FlStoredResult r;
  gssize         dst_off;
  gssize         err_off;
} BufferedResult;

/* Writer: one series' samples and ping results not stored yet. */
typedef struct
{
  gint64   series_id;
  GArray  *samples;       /* FlSample */
  GArray  *result_ids;    /* gint64, 0 = none */
  GArray  *results;       /* BufferedResult */
  GString *strings;
  double   results_max;   /* latest time in results */
  double  *latest;        /* the series' latest result time, stored or buffered
                           * (ImportSink.latest's; NULL until its first result) */
  gboolean touched;       /* in ImportSink.touched */
} SeriesBuffer;

static void
series_buffer_free (gpointer data)
{
  SeriesBuffer *b = data;

  g_array_unref (b->samples);
  g_array_unref (b->result_ids);
  g_array_unref (b->results);
  g_string_free (b->strings, TRUE);
  g_free (b);
}

typedef struct
{
  FlProject      *project;
  gint64          source_id;

  /* parser side */
  gint64          next_result_id;
  sqlite3_stmt   *find_series;
  sqlite3_stmt   *add_series;
  GHashTable     *series_ids;     /* key → gint64 id */
  OpBatch        *cur;
  OpBatch        *batches[QUEUE_BATCHES];
  GAsyncQueue    *full;
  GAsyncQueue    *free;
  GThread        *writer;
  gint            failed;         /* atomic: the writer stopped */

  /* writer side */
  sqlite3_stmt   *insert_chunk;
  sqlite3_stmt   *insert_results;
  FlResultIndex  *index;
  FlStoredResult *result_tmp;     /* FL_RESULT_CHUNK_MAX */
  GHashTable     *latest;         /* series id (gint64 *) → its latest result time (double *) */
  GHashTable     *buffers;        /* series id (gint64 *) → SeriesBuffer */
  SeriesBuffer   *last_buffer;    /* the buffer of last_series */
  gsize           n_buffered;     /* samples and results in all buffers */
  gint64          result_now;     /* the result of the samples that come next (0 = none) … */
  gboolean        result_stored;  /* … and whether it was stored already (its samples go) */
  gint64          last_series;
  GHashTable     *touched;        /* series ids given measurements */
  FlImportCounts  dropped;        /* what the skipped results had */
  GError         *writer_error;
} ImportSink;

static gint64
import_sink_series (gpointer     user_data,
                    const char  *key,
                    const char  *label,
                    gint64       probe_id,
                    GError     **error)
{
  ImportSink *is = user_data;
  gpointer cached;
  gint64 id = -1;

  if (g_hash_table_lookup_extended (is->series_ids, key, NULL, &cached))
    return *(gint64 *)cached;

  sqlite3_reset (is->find_series);
  sqlite3_bind_text (is->find_series, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (is->find_series) == SQLITE_ROW)
    id = sqlite3_column_int64 (is->find_series, 0);
  sqlite3_reset (is->find_series);

  if (id < 0)
    {
      /* RETURNING, not last_insert_rowid(): the writer inserts meanwhile. */
      sqlite3_reset (is->add_series);
      sqlite3_bind_text (is->add_series, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (is->add_series, 2, label, -1, SQLITE_TRANSIENT);
      if (probe_id >= 0)
        sqlite3_bind_int64 (is->add_series, 3, probe_id);
      else
        sqlite3_bind_null (is->add_series, 3);
      if (sqlite3_step (is->add_series) != SQLITE_ROW)
        {
          set_db_error (is->project, error, "adding a series");
          sqlite3_reset (is->add_series);
          return -1;
        }
      id = sqlite3_column_int64 (is->add_series, 0);
      sqlite3_reset (is->add_series);
    }

  g_hash_table_insert (is->series_ids, g_strdup (key), g_memdup2 (&id, sizeof id));
  return id;
}

/* Writer: stores @b's samples as one chunk and empties them. */
static gboolean
store_samples (ImportSink    *is,
               SeriesBuffer  *b,
               GError       **error)
{
  if (b->samples->len == 0)
    return TRUE;
  if (!_fl_sample_store_write (is->project->db, is->insert_chunk, is->source_id, b->series_id,
                               (const FlSample *) (void *) b->samples->data,
                               (const gint64 *) (void *) b->result_ids->data,
                               b->samples->len, error))
    return FALSE;
  is->n_buffered -= b->samples->len;
  g_array_set_size (b->samples, 0);
  g_array_set_size (b->result_ids, 0);
  return TRUE;
}

/* Writer: stores @b's ping results as one chunk and empties them. */
static gboolean
store_results (ImportSink    *is,
               SeriesBuffer  *b,
               GError       **error)
{
  guint n = b->results->len;

  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      const BufferedResult *br = &g_array_index (b->results, BufferedResult, i);
      FlStoredResult *r = &is->result_tmp[i];

      *r = br->r;
      r->dst_addr = br->dst_off >= 0 ? b->strings->str + br->dst_off : NULL;
      r->error_text = br->err_off >= 0 ? b->strings->str + br->err_off : NULL;
    }
  if (!_fl_result_store_write (is->project->db, is->insert_results, is->source_id,
                               b->series_id, is->result_tmp, n, error))
    return FALSE;
  is->n_buffered -= n;
  g_array_set_size (b->results, 0);
  g_string_truncate (b->strings, 0);
  b->results_max = -INFINITY;
  return TRUE;
}

static gboolean
store_buffer (ImportSink    *is,
              SeriesBuffer  *b,
              GError       **error)
{
  return store_results (is, b, error) && store_samples (is, b, error);
}

/* Writer: replaces @b's arrays by ones with room for @n_samples samples and
 * @n_results results (what they held before a flush), so that they do not
 * grow again from nothing, nor keep more room than the last interval
 * needed. */
static void
series_buffer_renew (SeriesBuffer *b,
                     guint         n_samples,
                     guint         n_results,
                     gsize         n_strings)
{
  g_array_unref (b->samples);
  g_array_unref (b->result_ids);
  g_array_unref (b->results);
  g_string_free (b->strings, TRUE);
  b->samples = g_array_sized_new (FALSE, FALSE, sizeof (FlSample), n_samples);
  b->result_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_samples);
  b->results = g_array_sized_new (FALSE, FALSE, sizeof (BufferedResult), n_results);
  b->strings = g_string_sized_new (n_strings);
}

/* Writer: stores every buffer. A buffer that held nothing is freed; the
 * others keep the room they needed (series_buffer_renew()), so memory
 * stays bounded by what was buffered, and a series that comes back does
 * not grow its arrays by doubling again (reallocating them took about 4 %
 * of a 327 MB import's CPU time, now under 2 %). */
static gboolean
import_sink_flush (ImportSink  *is,
                   GError     **error)
{
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, is->buffers);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      SeriesBuffer *b = value;
      guint n_samples = b->samples->len, n_results = b->results->len;
      gsize n_strings = b->strings->len;

      if (!store_buffer (is, b, error))
        return FALSE;
      if (n_samples == 0 && n_results == 0)
        g_hash_table_iter_remove (&it);
      else
        series_buffer_renew (b, n_samples, n_results, n_strings);
    }
  is->last_buffer = NULL;
  is->last_series = 0;
  g_assert (is->n_buffered == 0);
  return TRUE;
}

/* Writer: the buffer of @series_id, made if needed (a flush frees the
 * buffers that held nothing). */
static SeriesBuffer *
series_buffer (ImportSink  *is,
               gint64       series_id,
               GError     **error)
{
  SeriesBuffer *b = is->last_buffer;

  if (b != NULL && series_id == is->last_series)
    return b;
  b = g_hash_table_lookup (is->buffers, &series_id);
  if (b == NULL)
    {
      b = g_new0 (SeriesBuffer, 1);
      b->series_id = series_id;
      b->samples = g_array_new (FALSE, FALSE, sizeof (FlSample));
      b->result_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      b->results = g_array_new (FALSE, FALSE, sizeof (BufferedResult));
      b->strings = g_string_new (NULL);
      b->results_max = -INFINITY;
      g_hash_table_insert (is->buffers, &b->series_id, b);
    }
  is->last_series = series_id;
  is->last_buffer = b;
  return b;
}

/* Writer: buffers one sample of @s->series_id. */
static gboolean
buffer_sample (ImportSink      *is,
               const FlSample  *s,
               gint64           result_id,
               GError         **error)
{
  SeriesBuffer *b = series_buffer (is, s->series_id, error);

  if (b == NULL)
    return FALSE;
  if (!b->touched)
    {
      /* the buffer's first sample */
      b->touched = TRUE;
      g_hash_table_add (is->touched, GINT_TO_POINTER ((int)s->series_id));
    }
  g_array_append_vals (b->samples, s, 1);
  g_array_append_vals (b->result_ids, &result_id, 1);
  is->n_buffered++;
  if (b->samples->len == FL_SAMPLE_CHUNK_MAX && !store_samples (is, b, error))
    return FALSE;
  if (is->n_buffered >= buffered_max)
    return import_sink_flush (is, error);
  return TRUE;
}

static gssize
buffer_string (GString    *strings,
               const char *s)
{
  gssize off;

  if (s == NULL)
    return -1;
  off = (gssize) strings->len;
  g_string_append_len (strings, s, (gssize) strlen (s) + 1);
  return off;
}

/* Writer: buffers ping result @op, or drops it (*stored = TRUE) when its
 * series has a result at that time already: stored before, or earlier in
 * this file. A result later than its series' latest is new; only the
 * others are looked up, in the buffer and then in the stored chunks. */
static gboolean
buffer_result (ImportSink      *is,
               const ResultOp  *op,
               const char      *strings,
               gboolean        *stored,
               GError         **error)
{
  const FlResultInfo *info = &op->info;
  SeriesBuffer *b = series_buffer (is, info->series_id, error);
  BufferedResult *br;
  double ts = info->ts_s;

  *stored = FALSE;
  if (b == NULL)
    return FALSE;
  if (b->latest == NULL)
    {
      /* the series' first result in this buffer: its latest time, kept
       * across flushes, or read from the stored chunks once per import */
      b->latest = g_hash_table_lookup (is->latest, &info->series_id);
      if (b->latest == NULL)
        {
          double latest;

          if (!_fl_result_index_latest (is->index, info->series_id, &latest, error))
            return FALSE;
          b->latest = g_memdup2 (&latest, sizeof latest);
          g_hash_table_insert (is->latest, g_memdup2 (&info->series_id, sizeof (gint64)),
                               b->latest);
        }
    }
  if (ts > *b->latest)
    *b->latest = ts;
  else
    {
      if (ts <= b->results_max)
        for (guint i = 0; i < b->results->len && !*stored; i++)
          *stored = g_array_index (b->results, BufferedResult, i).r.ts_s == ts;
      if (!*stored &&
          !_fl_result_index_contains (is->index, info->series_id, ts, stored, error))
        return FALSE;
      if (*stored)
        {
          is->dropped.already_present++;
          return TRUE;
        }
    }

  g_array_set_size (b->results, b->results->len + 1);
  br = &g_array_index (b->results, BufferedResult, b->results->len - 1);
  br->r.id = op->id;
  br->r.ts_s = ts;
  br->r.msm_id = info->msm_id;
  br->r.probe_id = info->probe_id;
  br->r.fw = info->fw;
  br->r.lts = info->lts;
  br->r.sent = info->sent;
  br->r.rcvd = info->rcvd;
  br->r.dups = info->dups;
  br->r.errors = info->errors;
  br->r.af = info->af;
  br->r.dst_addr = NULL;
  br->r.error_text = NULL;
  br->dst_off = op->dst_off >= 0 ? buffer_string (b->strings, strings + op->dst_off) : -1;
  br->err_off = op->err_off >= 0 ? buffer_string (b->strings, strings + op->err_off) : -1;
  b->results_max = MAX (b->results_max, ts);
  is->n_buffered++;
  if (b->results->len == FL_RESULT_CHUNK_MAX && !store_results (is, b, error))
    return FALSE;
  if (is->n_buffered >= buffered_max)
    return import_sink_flush (is, error);
  return TRUE;
}

/* Writer: one batch, in the parser's order: each ping result, then its
 * samples, which are dropped with it when it was stored already. */
static gboolean
write_batch (ImportSink  *is,
             OpBatch     *b,
             GError     **error)
{
  guint si = 0;

  for (guint r = 0; r <= b->n_results; r++)
    {
      guint upto = r < b->n_results ? b->results[r].first_sample : b->n_samples;

      for (; si < upto; si++)
        {
          const FlSample *s = &b->samples[si];

          if (is->result_stored)
            {
              /* the importers' counting rules, undone */
              is->dropped.replies += s->rcvd;
              is->dropped.lost += s->sent - s->rcvd;
              if (s->flags & FL_SAMPLE_DUP)
                is->dropped.dups++;
              if (s->flags & FL_SAMPLE_ERROR)
                is->dropped.errors++;
              continue;
            }
          if (!buffer_sample (is, s, is->result_now, error))
            return FALSE;
        }
      if (r == b->n_results)
        break;
      is->result_now = b->results[r].id;
      if (!buffer_result (is, &b->results[r], b->strings->str, &is->result_stored, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
import_writer (gpointer data)
{
  ImportSink *is = data;
  sqlite3_mutex *db_mutex = sqlite3_db_mutex (is->project->db);

  for (;;)
    {
      OpBatch *b = g_async_queue_pop (is->full);
      gboolean end = b->end;

      sqlite3_mutex_enter (db_mutex);
      if (is->writer_error == NULL && !write_batch (is, b, &is->writer_error))
        g_atomic_int_set (&is->failed, 1);
      sqlite3_mutex_leave (db_mutex);
      b->n_samples = b->n_results = 0;
      b->end = FALSE;
      g_string_truncate (b->strings, 0);
      g_async_queue_push (is->free, b);
      if (end)
        break;
    }
  if (is->writer_error == NULL && !import_sink_flush (is, &is->writer_error))
    g_atomic_int_set (&is->failed, 1);
  return NULL;
}

/* Parser: hands the current batch over (@end: the last one). */
static gboolean
import_sink_push (ImportSink  *is,
                  gboolean     end,
                  GError     **error)
{
  OpBatch *b = is->cur;

  b->end = end;
  is->cur = NULL;
  if (is->writer != NULL)
    g_async_queue_push (is->full, b);
  else
    {
      /* no connection mutex: write here */
      if (is->writer_error == NULL && !write_batch (is, b, &is->writer_error))
        g_atomic_int_set (&is->failed, 1);
      if (end && is->writer_error == NULL && !import_sink_flush (is, &is->writer_error))
        g_atomic_int_set (&is->failed, 1);
      b->n_samples = b->n_results = 0;
      b->end = FALSE;
      g_string_truncate (b->strings, 0);
      g_async_queue_push (is->free, b);
    }
  if (!end)
    is->cur = g_async_queue_pop (is->free);
  if (g_atomic_int_get (&is->failed))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_PROJECT, "storing the data failed");
      return FALSE;
    }
  return TRUE;
}

static gboolean
import_sink_add (gpointer        user_data,
                 const FlSample *s,
                 GError        **error)
{
  ImportSink *is = user_data;

  if (is->cur->n_samples == QUEUE_SAMPLES && !import_sink_push (is, FALSE, error))
    return FALSE;
  is->cur->samples[is->cur->n_samples++] = *s;
  return TRUE;
}

/* Parser: records a ping result; its id is assigned here, and the writer
 * drops its samples if (series, timestamp) turns out to be stored. */
static gint64
import_sink_result (gpointer            user_data,
                    const FlResultInfo *r,
                    GError            **error)
{
  ImportSink *is = user_data;
  ResultOp *op;

  if (is->cur->n_results == QUEUE_RESULTS && !import_sink_push (is, FALSE, error))
    return -1;
  op = &is->cur->results[is->cur->n_results++];
  op->id = is->next_result_id++;
  op->first_sample = is->cur->n_samples;
  op->info = *r;
  op->info.dst_addr = NULL;
  op->info.error_text = NULL;
  op->dst_off = buffer_string (is->cur->strings, r->dst_addr);
  op->err_off = buffer_string (is->cur->strings, r->error_text);
  return op->id;
}

static void
import_sink_start (ImportSink *is)
{
  is->full = g_async_queue_new ();
  is->free = g_async_queue_new ();
  for (guint i = 0; i < QUEUE_BATCHES; i++)
    {
      OpBatch *b = g_new0 (OpBatch, 1);

      b->samples = g_new (FlSample, QUEUE_SAMPLES);
      b->results = g_new (ResultOp, QUEUE_RESULTS);
      b->strings = g_string_sized_new (4096);
      is->batches[i] = b;
      g_async_queue_push (is->free, b);
    }
  is->cur = g_async_queue_pop (is->free);
  if (sqlite3_db_mutex (is->project->db) != NULL)
    is->writer = g_thread_new ("fl-import-writer", import_writer, is);
}

/* Waits for the writer; returns its error, if any (transfer full). */
static GError *
import_sink_stop (ImportSink *is)
{
  if (is->cur != NULL)
    {
      g_autoptr(GError) ignored = NULL;

      import_sink_push (is, TRUE, &ignored);
    }
  if (is->writer != NULL)
    g_thread_join (g_steal_pointer (&is->writer));
  return g_steal_pointer (&is->writer_error);
}

static void
import_sink_free (ImportSink *is)
{
  g_autoptr(GError) ignored = NULL;

  if (is->full != NULL)
    ignored = import_sink_stop (is);
  for (guint i = 0; i < QUEUE_BATCHES; i++)
    if (is->batches[i] != NULL)
      {
        g_free (is->batches[i]->samples);
        g_free (is->batches[i]->results);
        g_string_free (is->batches[i]->strings, TRUE);
        g_free (is->batches[i]);
      }
  g_clear_pointer (&is->full, g_async_queue_unref);
  g_clear_pointer (&is->free, g_async_queue_unref);
  g_clear_pointer (&is->insert_chunk, sqlite3_finalize);
  g_clear_pointer (&is->buffers, g_hash_table_unref);
  g_clear_pointer (&is->insert_results, sqlite3_finalize);
  g_clear_pointer (&is->index, _fl_result_index_free);
  g_clear_pointer (&is->latest, g_hash_table_unref);
  g_free (is->result_tmp);
  g_clear_pointer (&is->find_series, sqlite3_finalize);
  g_clear_pointer (&is->add_series, sqlite3_finalize);
  g_clear_pointer (&is->series_ids, g_hash_table_unref);
  g_clear_pointer (&is->touched, g_hash_table_unref);
  g_free (is);
}

/* The lower-case hex digest of @ctx (which is reset). */
static char *
sha256_hex (struct sha256_ctx *ctx)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];
  char out[2 * SHA256_DIGEST_SIZE + 1];

  sha256_digest (ctx, SHA256_DIGEST_SIZE, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      out[2 * i] = hex[digest[i] >> 4];
      out[2 * i + 1] = hex[digest[i] & 0xf];
    }
  out[2 * SHA256_DIGEST_SIZE] = '\0';
  return g_strdup (out);
}

/* The SHA-256 of what a FlReadaheadStream reads, updated on its thread. */
typedef struct
{
  struct sha256_ctx ctx;
  guint64           n;
} StreamSha;

static void
stream_sha_block (const guint8 *data,
                  gsize         len,
                  gpointer      user_data)
{
  StreamSha *s = user_data;

  sha256_update (&s->ctx, len, data);
  s->n += len;
}

/* Whether @stream, from fl_import_open_file(), yields the file's own bytes
 * rather than inflated ones (no converter between it and the file). */
static gboolean
stream_is_plain (GInputStream *stream)
{
  while (G_IS_FILTER_INPUT_STREAM (stream))
    {
      if (G_IS_CONVERTER_INPUT_STREAM (stream))
        return FALSE;
      stream = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
    }
  return TRUE;
}

/**
 * _fl_project_sha256_file:
 * @path: a file
 * @size_out: (out): its size in bytes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of the file, or %NULL
 *   with a #GIOError
 */
char *
_fl_project_sha256_file (const char    *path,
                guint64       *size_out,
                GCancellable  *cancellable,
                GError       **error)
{
  /* nettle rather than GChecksum: it uses the SHA-NI instructions where the
   * CPU has them (about 4x faster on a 327 MB file). */
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree guint8 *buf = g_malloc (1 << 20);
  struct sha256_ctx ctx;
  guint64 size = 0;
  gssize r;

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;
  sha256_init (&ctx);
  while ((r = g_input_stream_read (G_INPUT_STREAM (in), buf, 1 << 20, cancellable, error)) > 0)
    {
      sha256_update (&ctx, (size_t) r, buf);
      size += r;
    }
  if (r < 0)
    return NULL;
  *size_out = size;
  return sha256_hex (&ctx);
}

/**
 * _fl_project_find_source_by_sha:
 * @self: a #FlProject
 * @sha: hex SHA-256
 * @file_name: (out) (transfer full): the stored source's file name
 * @imported_at: (out): its import time, s since the epoch
 *
 * Returns: %TRUE when a source with this checksum was imported before
 */
gboolean
_fl_project_find_source_by_sha (FlProject   *self,
                    const char  *sha,
                    char       **file_name,
                    gint64      *imported_at)
{
  sqlite3_stmt *st = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT file_name, imported_at FROM sources WHERE sha256 = ?",
                          -1, &st, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (st, 1, sha, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      *file_name = g_strdup ((const char *)sqlite3_column_text (st, 0));
      *imported_at = sqlite3_column_int64 (st, 1);
      found = TRUE;
    }
  sqlite3_finalize (st);
  return found;
}

/* The file's checksum computed on a thread of its own while the import
 * runs (it is only needed before the commit). */
typedef struct
{
  char         *path;
  GCancellable *cancellable;   /* cancelled when the import fails */
  GThread      *thread;
  char         *sha;
  guint64       size;
  GError       *error;
} ShaJob;

static gpointer
sha_job_run (gpointer data)
{
  ShaJob *job = data;

  job->sha = _fl_project_sha256_file (job->path, &job->size, job->cancellable, &job->error);
  return NULL;
}

static ShaJob *
sha_job_start (const char *path)
{
  ShaJob *job = g_new0 (ShaJob, 1);

  job->path = g_strdup (path);
  job->cancellable = g_cancellable_new ();
  job->thread = g_thread_new ("fl-import-sha256", sha_job_run, job);
  return job;
}

/* Waits for the checksum (after cancelling it when @cancel). */
static void
sha_job_join (ShaJob   *job,
              gboolean  cancel)
{
  if (job->thread == NULL)
    return;
  if (cancel)
    g_cancellable_cancel (job->cancellable);
  g_thread_join (g_steal_pointer (&job->thread));
}

static void
sha_job_free (ShaJob *job)
{
  if (job == NULL)
    return;
  sha_job_join (job, TRUE);
  g_free (job->path);
  g_object_unref (job->cancellable);
  g_free (job->sha);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShaJob, sha_job_free)

/* Whether a source of exactly @size bytes is stored: only then can a file
 * of that size be one imported before. */
static gboolean
source_of_size_exists (FlProject *self,
                       guint64    size)
{
  sqlite3_stmt *st = NULL;
  gboolean found = TRUE;  /* when in doubt, check the checksum first */

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sources WHERE size_bytes = ? LIMIT 1",
                          -1, &st, NULL) != SQLITE_OK)
    return TRUE;
  sqlite3_bind_int64 (st, 1, (sqlite3_int64) size);
  found = sqlite3_step (st) != SQLITE_DONE;
  sqlite3_finalize (st);
  return found;
}

static void
set_duplicate_error (GError     **error,
                     const char  *base,
                     const char  *old_name,
                     gint64       old_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (old_time);
  g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");

  g_set_error (error, FL_ERROR, FL_ERROR_DUPLICATE,
               "%s was already imported (as “%s” on %s); nothing was added",
               base, old_name, when);
}

/* Page cache of the import, in KiB (SQLite's default is 2 MiB). 16 MiB
 * rather than 64: the writer thread, which has time to spare, writes most
 * pages out during the import instead of the commit writing them at the
 * end (327 MB RIPE file: about 50 ms sooner, 55 MB less memory). */
#define IMPORT_CACHE_KIB       16384

/* IMPORT_CACHE_KIB, or what a test set (_fl_project_set_import_cache_kib()). */
static gint64 import_cache_kib = IMPORT_CACHE_KIB;

/**
 * _fl_project_set_import_cache_kib:
 * @kib: SQLite page cache of an import, in KiB; 0 restores the default
 *   (16384)
 *
 * For tests: with a small cache, an import writes pages into the project
 * file before its commit, as a large one does. Not thread safe: call it
 * while no import runs.
 */
void
_fl_project_set_import_cache_kib (gint64 kib)
{
  import_cache_kib = kib > 0 ? kib : IMPORT_CACHE_KIB;
}

/* Whether the one-value pragma @sql answers @expected (in any case). */
static gboolean
pragma_answers (FlProject  *self,
                const char *sql,
                const char *expected)
{
  sqlite3_stmt *st = NULL;
  gboolean same = FALSE;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW && sqlite3_column_text (st, 0) != NULL)
    same = g_ascii_strcasecmp ((const char *) sqlite3_column_text (st, 0), expected) == 0;
  sqlite3_finalize (st);
  return same;
}

/* In WAL mode every page an import adds is written twice: into the WAL,
 * then into the project file by the checkpoint that follows the commit.
 * With a rollback journal, pages appended to the file are written once and
 * only pages that existed before the transaction are copied to the journal
 * (https://www.sqlite.org/atomiccommit.html §3.6), so a bulk import into a
 * project that no other connection has open switches to one for its
 * transaction; a rollback, or the recovery after a crash, truncates the
 * file to its old size. Leaving WAL mode needs the only connection to the
 * file, so with another one open (the app's window, say) the import stays
 * in WAL mode. synchronous = FULL keeps a power loss from tearing the
 * commit. Returns whether the journal mode was changed. */
static gboolean
import_journal_begin (FlProject *self)
{
  if (!pragma_answers (self, "PRAGMA journal_mode", "wal") ||
      !pragma_answers (self, "PRAGMA journal_mode = DELETE", "delete"))
    return FALSE;
  sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  return TRUE;
}

/* Back to WAL mode after import_journal_begin() changed it. If another
 * connection came in meanwhile, this fails quietly: fl_project_open()
 * sets WAL mode again. */
static void
import_journal_end (FlProject *self)
{
  sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                NULL, NULL, NULL);
}

static gboolean
prepare_import (FlProject   *self,
                ImportSink  *is,
                GError     **error)
{
  is->insert_chunk = _fl_sample_store_prepare (self->db, error);
  if (is->insert_chunk == NULL)
    return FALSE;
  is->insert_results = _fl_result_store_prepare (self->db, error);
  if (is->insert_results == NULL)
    return FALSE;
  is->index = _fl_result_index_new (self->db, error);
  if (is->index == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM series WHERE key = ?", -1,
                          &is->find_series, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "INSERT INTO series (key, label, probe_id) VALUES (?, ?, ?)"
                          " RETURNING id", -1, &is->add_series, NULL) != SQLITE_OK)
    return set_db_error (self, error, "preparing the import");
  return _fl_result_store_next_id (self->db, &is->next_result_id, error);
}

/**
 * fl_project_import_file:
 * @self: a #FlProject
 * @path: file to import (RIPE Atlas JSON / NDJSON, optionally gzip-compressed;
 *   iputils `ping` output; labelled RTT trace CSV; `timestamp,probe_id,rtt`
 *   CSV)
 * @progress: (nullable) (scope call): progress callback, may be called from
 *   this thread only
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @out_source: (out) (optional) (transfer full): the stored source on success
 * @error: return location for a #GError
 *
 * Imports one file as one source, in one transaction: a failed or cancelled
 * import leaves the project exactly as it was. The format is detected from
 * the first bytes (see fl_import_sniff()).
 *
 * Ping results (RIPE Atlas results, `ping` runs) are stored with their
 * metadata (fl-result-store.c), and their measurements point to them
 * (`result_id`). A result whose
 * series and timestamp are already stored (the same measurement, probe and
 * time in an overlapping download) is not stored again: it is counted in
 * #FlImportCounts.already_present (and `sources.n_already_present`), and
 * its replies are skipped.
 *
 * For speed, the file is parsed on the calling thread while a second
 * thread writes to SQLite (and a RIPE file is read, or inflated, on a
 * thread of its own, fl-readahead-stream.c), with foreign-key checks off
 * (the import only writes rows whose references it has just created or
 * looked up), a 16 MiB page cache, samples stored in chunks of up to
 * %FL_SAMPLE_CHUNK_MAX per series (fl-sample-store.c) and ping results in
 * chunks of up to %FL_RESULT_CHUNK_MAX (fl-result-store.c). The file's
 * SHA-256 is computed with nettle (SHA-NI where the CPU has it): before the
 * import when a stored source has the same size (only then can the file be
 * a duplicate), otherwise during the import (by the read-ahead thread from
 * the bytes it reads, for a plain RIPE file; else on a thread of its own)
 * and stored before the commit. When no other
 * connection has the project open, the transaction goes through a rollback
 * journal instead of the WAL, so each new page is written once rather
 * than into the WAL and again by the checkpoint; the project is in WAL
 * mode again afterwards. Meanwhile another connection cannot open the
 * project (SQLite reports it locked).
 *
 * Returns: %TRUE on success. Errors: %FL_ERROR_DUPLICATE when a file with the
 *   same SHA-256 was imported before; %FL_ERROR_FORMAT for an unrecognised
 *   format; %FL_ERROR_PARSE for malformed input (message names file and
 *   line/byte); %FL_ERROR_PROJECT for database errors; %G_IO_ERROR_CANCELLED;
 *   any #GIOError from reading the file.
 */
gboolean
fl_project_import_file (FlProject      *self,
                        const char     *path,
                        FlProgressFunc  progress,
                        gpointer        progress_data,
                        GCancellable   *cancellable,
                        FlSourceInfo  **out_source,
                        GError        **error)
{
  /* before the stream, so that it is freed after the stream's thread ends */
  g_autofree StreamSha *stream_sha = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *base = NULL;
  g_autofree char *old_name = NULL;
  FlImportCounts counts = { 0 };
  FlSampleSink sink = { 0 };
  ImportSink *is = NULL;
  g_autoptr(ShaJob) sha_job = NULL;
  FlFormat format = FL_FORMAT_UNKNOWN;
  guint64 size = 0, stream_size = 0;
  gint64 old_time = 0, now, fk = 1, cache = -2000;
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE, settings_changed = FALSE, journal_changed = FALSE, sha_during = FALSE;

  g_return_val_if_fail (FL_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  base = g_path_get_basename (path);

  if (progress)
    progress (0.0, "Checking file", progress_data);
  /* The SHA-256 refuses a file imported before. Only a file of the same
   * size can be one: then it is checked first; otherwise it is computed on
   * a thread of its own during the import and stored before the commit. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInfo) finfo = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                    G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                    G_FILE_QUERY_INFO_NONE, cancellable, NULL);

    if (finfo != NULL && g_file_info_get_file_type (finfo) == G_FILE_TYPE_REGULAR &&
        !source_of_size_exists (self, (guint64) g_file_info_get_size (finfo)))
      {
        size = (guint64) g_file_info_get_size (finfo);
        sha_during = TRUE;
      }
  }
  if (!sha_during)
    {
  sha = _fl_project_sha256_file (path, &size, cancellable, error);
      if (sha == NULL)
        return FALSE;
      if (_fl_project_find_source_by_sha (self, sha, &old_name, &old_time))
        {
          set_duplicate_error (error, base, old_name, old_time);
          return FALSE;
        }
    }

  stream = fl_import_open_file (path, &stream_size, &format, error);
  if (stream == NULL)
    return FALSE;
  if (format == FL_FORMAT_UNKNOWN)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "%s: unknown format (expected RIPE Atlas ping JSON or NDJSON, iputils "
                   "ping output, an epoch;rtt;cp trace CSV, or a timestamp,probe_id,rtt CSV)",
                   base);
      return FALSE;
    }
  /* RIPE files, often hundreds of MB, are read (and a .gz file inflated)
   * on a thread of its own, up to 16 MiB ahead of the parser (4 MiB left
   * the parser waiting 85–90 ms in all on a 327 MB file, when that thread
   * did not get a core for a while), in 256 KiB blocks (with 1 MiB blocks
   * the kernel's copies into them took 0.19 s more system time on a 327 MB
   * file: a smaller block is still in the cache when the checksum and the
   * parser read it); when the checksum
   * is computed during the import and the file is not compressed, that
   * thread computes it from the bytes it reads, instead of a thread that
   * reads the file again. (The ping importer may ask the file for its
   * modification time, which GIO refuses while another thread reads it;
   * ping logs are small.) */
  if (format == FL_FORMAT_RIPE_JSON)
    {
      GInputStream *ahead;

      if (sha_during && stream_is_plain (stream))
        {
          stream_sha = g_new0 (StreamSha, 1);
          sha256_init (&stream_sha->ctx);
        }
      ahead = fl_readahead_stream_new (stream, READAHEAD_BLOCK, READAHEAD_BLOCKS,
                                       stream_sha != NULL ? stream_sha_block : NULL,
                                       stream_sha);
      g_object_unref (stream);
      stream = ahead;
    }
  if (sha_during && stream_sha == NULL)
    sha_job = sha_job_start (path);

  /* Settings for the bulk insert; PRAGMA foreign_keys cannot change inside
   * a transaction, so it is switched before BEGIN and back after. */
  if (!query_int (self, "PRAGMA foreign_keys", &fk, error) ||
      !query_int (self, "PRAGMA cache_size", &cache, error))
    return FALSE;
  {
    g_autofree char *pragmas = g_strdup_printf ("PRAGMA foreign_keys = OFF;"
                                                " PRAGMA cache_size = -%" G_GINT64_FORMAT ";",
                                                import_cache_kib);

    if (!exec_sql (self, pragmas, error))
      return FALSE;
    settings_changed = TRUE;
  }
  journal_changed = import_journal_begin (self);

  is = g_new0 (ImportSink, 1);
  if (!fl_project_begin (self, error))
    goto out;

  now = g_get_real_time () / G_USEC_PER_SEC;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO sources (file_name, format, size_bytes, sha256, imported_at,"
                          " importer_version, n_results, n_replies, n_lost, n_dups, n_errors,"
                          " n_skipped, n_changepoints, n_series)"
                          " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)",
                          -1, &st, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "preparing the import");
      goto out;
    }
  sqlite3_bind_text (st, 1, base, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, fl_format_to_string (format), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 3, (sqlite3_int64)size);
  if (sha != NULL)
    sqlite3_bind_text (st, 4, sha, -1, SQLITE_TRANSIENT);
  else
    {
      /* replaced by the checksum before the commit (sha256 is UNIQUE) */
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *pending = g_strconcat ("pending:", uuid, NULL);

      sqlite3_bind_text (st, 4, pending, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int64 (st, 5, now);
  sqlite3_bind_text (st, 6, IMPORTER_VERSION, -1, SQLITE_STATIC);
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      set_db_error (self, error, "recording the source");
      goto out;
    }
  g_clear_pointer (&st, sqlite3_finalize);

  is->project = self;
  is->source_id = sqlite3_last_insert_rowid (self->db);
  is->series_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  is->touched = g_hash_table_new (NULL, NULL);
  is->latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  is->result_tmp = g_new (FlStoredResult, FL_RESULT_CHUNK_MAX);
  is->buffers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, series_buffer_free);

  if (!prepare_import (self, is, error))
    goto out;

  sink.series = import_sink_series;
  sink.add = import_sink_add;
  sink.result = import_sink_result;
  sink.user_data = is;

  import_sink_start (is);
  {
    g_autoptr(GError) parse_error = NULL;
    g_autoptr(GError) write_error = NULL;
    gboolean parsed = fl_import_stream (format, stream, base, stream_size, &sink, &counts,
                                        progress, progress_data, cancellable, &parse_error);

    /* The writer's error explains a parser stopped by the sink. */
    write_error = import_sink_stop (is);
    if (write_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&write_error));
        goto out;
      }
    if (!parsed)
      {
        g_propagate_error (error, g_steal_pointer (&parse_error));
        goto out;
      }
  }
  /* What the writer dropped as already stored. */
  counts.already_present += is->dropped.already_present;
  counts.replies -= is->dropped.replies;
  counts.lost -= is->dropped.lost;
  counts.dups -= is->dropped.dups;
  counts.errors -= is->dropped.errors;

  if (counts.results == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PARSE,
                   "%s: no ping results found (%" G_GUINT64_FORMAT " skipped)",
                   base, counts.skipped);
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (stream_sha != NULL)
    {
      /* the read-ahead thread has hashed all of the file if it read as
       * many bytes as the file has (closing the stream ends the thread) */
      if (!g_input_stream_close (stream, cancellable, error))
        goto out;
      if (stream_sha->n == size)
        sha = sha256_hex (&stream_sha->ctx);
      else
        {
          sha = _fl_project_sha256_file (path, &size, cancellable, error);
          if (sha == NULL)
            goto out;
        }
      if (_fl_project_find_source_by_sha (self, sha, &old_name, &old_time))
        {
          set_duplicate_error (error, base, old_name, old_time);
          goto out;
        }
    }
  else if (sha_job != NULL)
    {
      sha_job_join (sha_job, FALSE);
      if (sha_job->sha == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&sha_job->error));
          goto out;
        }
      sha = g_steal_pointer (&sha_job->sha);
      size = sha_job->size;
      if (_fl_project_find_source_by_sha (self, sha, &old_name, &old_time))
        {
          set_duplicate_error (error, base, old_name, old_time);
          goto out;
        }
    }

  counts.series = g_hash_table_size (is->touched);
  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE sources SET n_results = ?, n_replies = ?, n_lost = ?, n_dups = ?,"
                          " n_errors = ?, n_skipped = ?, n_changepoints = ?, n_series = ?,"
                          " n_already_present = ?, sha256 = ?, size_bytes = ? WHERE id = ?",
                          -1, &st, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "finishing the import");
      goto out;
    }
  sqlite3_bind_int64 (st, 1, counts.results);
  sqlite3_bind_int64 (st, 2, counts.replies);
  sqlite3_bind_int64 (st, 3, counts.lost);
  sqlite3_bind_int64 (st, 4, counts.dups);
  sqlite3_bind_int64 (st, 5, counts.errors);
  sqlite3_bind_int64 (st, 6, counts.skipped);
  sqlite3_bind_int64 (st, 7, counts.changepoints);
  sqlite3_bind_int64 (st, 8, counts.series);
  sqlite3_bind_int64 (st, 9, counts.already_present);
  sqlite3_bind_text (st, 10, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 11, (sqlite3_int64) size);
  sqlite3_bind_int64 (st, 12, is->source_id);
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      set_db_error (self, error, "finishing the import");
      goto out;
    }

  if (progress)
    progress (1.0, "Saving", progress_data);
  if (!fl_project_commit (self, error))
    goto out;

  ok = TRUE;
  if (out_source != NULL)
    {
      FlSourceInfo *info = g_new0 (FlSourceInfo, 1);

      info->id = is->source_id;
      info->file_name = g_strdup (base);
      info->format = g_strdup (fl_format_to_string (format));
      info->size_bytes = size;
      info->sha256 = g_strdup (sha);
      info->imported_at = now;
      info->counts = counts;
      *out_source = info;
    }

out:
  g_clear_pointer (&st, sqlite3_finalize);
  import_sink_free (is);
  if (!ok)
    fl_project_rollback (self);
  if (settings_changed)
    {
      g_autofree char *restore = g_strdup_printf ("PRAGMA foreign_keys = %d;"
                                                  " PRAGMA cache_size = %" G_GINT64_FORMAT ";",
                                                  fk ? 1 : 0, cache);

      sqlite3_exec (self->db, restore, NULL, NULL, NULL);
    }
  if (journal_changed)
    import_journal_end (self);
  return ok;
}

/**
 * fl_project_compact:
 * @self: a #FlProject, outside a transaction
 * @min_free: the share of free pages (0 … 1) from which to compact; 0
 *   compacts always
 * @compacted: (out) (optional): whether the file was rewritten
 * @error: return location for a #GError
 *
 * Gives the space of removed data back to the file system: when at least
 * @min_free of the project's pages are free (`PRAGMA freelist_count` /
 * `page_count`), the file is rewritten without them (SQLite's `VACUUM`).
 * That takes about as long as copying the data that remain, and needs no
 * other connection to be in a transaction meanwhile.
 *
 * Returns: %TRUE on success (also when nothing needed doing);
 *   %FL_ERROR_PROJECT for database errors (the project is then unchanged).
 */
gboolean
fl_project_compact (FlProject  *self,
                    double      min_free,
                    gboolean   *compacted,
                    GError    **error)
{
  gint64 free_pages = 0, pages = 0;

  g_return_val_if_fail (FL_IS_PROJECT (self), FALSE);

  if (compacted != NULL)
    *compacted = FALSE;
  if (!query_int (self, "PRAGMA freelist_count", &free_pages, error) ||
      !query_int (self, "PRAGMA page_count", &pages, error))
    return FALSE;
  if (pages == 0 || free_pages == 0 || (double) free_pages < min_free * (double) pages)
    return TRUE;
  if (!exec_sql (self, "VACUUM", error))
    return FALSE;
  /* The rewritten file went through the WAL: write it back now. */
  if (!exec_sql (self, "PRAGMA wal_checkpoint(TRUNCATE)", error))
    return FALSE;
  if (compacted != NULL)
    *compacted = TRUE;
  return TRUE;
}

/**
 * fl_project_remove_source:
 * @self: a #FlProject
 * @source_id: the source to remove (#FlSourceInfo.id)
 * @n_series_removed: (out) (optional): how many series went with it
 * @error: return location for a #GError
 *
 * Removes an imported source and everything that came from it, in one
 * transaction: its samples, ping results and KPI values, and the series
 * that are then left without data, unless a stored run's predictions
 * refer to them. Stored runs stay as they are (a re-run then reports the
 * changed data). The file can be imported again afterwards. The project
 * file does not shrink by itself (SQLite reuses the freed pages for later
 * imports); fl_project_compact() gives the space back.
 *
 * Returns: %TRUE on success. Errors: %FL_ERROR_NOT_FOUND when there is no
 *   such source; %FL_ERROR_PROJECT for database errors (the project is then
 *   unchanged).
 */
gboolean
fl_project_remove_source (FlProject  *self,
                          gint64      source_id,
                          guint      *n_series_removed,
                          GError    **error)
{
  sqlite3_stmt *st = NULL;
  gint64 exists = 0;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (self), FALSE);

  if (n_series_removed != NULL)
    *n_series_removed = 0;
  if (!fl_project_begin (self, error))
    return FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sources WHERE id = ?", -1, &st,
                          NULL) != SQLITE_OK)
    goto db_fail;
  sqlite3_bind_int64 (st, 1, source_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    exists = sqlite3_column_int64 (st, 0);
  g_clear_pointer (&st, sqlite3_finalize);
  if (exists == 0)
    {
      fl_project_rollback (self);
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "%s: there is no source %" G_GINT64_FORMAT, self->path, source_id);
      return FALSE;
    }

  /* The source's series, before their rows go. */
  if (!exec_sql (self, "DROP TABLE IF EXISTS temp.removed_series;"
                       " CREATE TEMP TABLE removed_series (id INTEGER PRIMARY KEY)", error))
    goto fail;
  if (sqlite3_prepare_v2 (self->db, "INSERT OR IGNORE INTO temp.removed_series"
                          " SELECT series_id FROM sample_chunks WHERE source_id = ?1"
                          " UNION SELECT series_id FROM result_chunks WHERE source_id = ?1"
                          " UNION SELECT series_id FROM kpi_values WHERE source_id = ?1",
                          -1, &st, NULL) != SQLITE_OK)
    goto db_fail;
  sqlite3_bind_int64 (st, 1, source_id);
  rc = sqlite3_step (st);
  g_clear_pointer (&st, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    goto db_fail;

  /* Samples, ping results and KPI values follow (ON DELETE CASCADE;
   * foreign keys are on outside imports). Spelled out all the same, so
   * that a connection with foreign keys off removes them too. */
  for (guint i = 0; i < 4; i++)
    {
      static const char *const sql[] = {
        "DELETE FROM sample_chunks WHERE source_id = ?1",
        "DELETE FROM result_chunks WHERE source_id = ?1",
        "DELETE FROM kpi_values WHERE source_id = ?1",
        "DELETE FROM sources WHERE id = ?1",
      };

      g_clear_pointer (&st, sqlite3_finalize);
      if (sqlite3_prepare_v2 (self->db, sql[i], -1, &st, NULL) != SQLITE_OK)
        goto db_fail;
      sqlite3_bind_int64 (st, 1, source_id);
      if (sqlite3_step (st) != SQLITE_DONE)
        goto db_fail;
    }
  g_clear_pointer (&st, sqlite3_finalize);

  if (!exec_sql (self, "DELETE FROM series WHERE id IN (SELECT id FROM temp.removed_series)"
                       " AND id NOT IN (SELECT series_id FROM sample_chunks)"
                       " AND id NOT IN (SELECT series_id FROM result_chunks)"
                       " AND id NOT IN (SELECT series_id FROM kpi_values)"
                       " AND id NOT IN (SELECT series_id FROM predictions)", error))
    goto fail;
  if (n_series_removed != NULL)
    *n_series_removed = (guint) sqlite3_changes (self->db);
  if (!exec_sql (self, "DROP TABLE temp.removed_series", error) ||
      !fl_project_commit (self, error))
    goto fail;
  return TRUE;

db_fail:
  g_clear_pointer (&st, sqlite3_finalize);
  set_db_error (self, error, "removing a source");
fail:
  fl_project_rollback (self);
  if (n_series_removed != NULL)
    *n_series_removed = 0;
  return FALSE;
}

/* ---- queries --------------------------------------------------------- */

/**
 * fl_project_list_sources:
 * @self: a #FlProject
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type FlSourceInfo): the imported sources
 *   in import order, or %NULL with %FL_ERROR_PROJECT
 */
GPtrArray *
fl_project_list_sources (FlProject  *self,
                         GError    **error)
{
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_source_info_free);
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, file_name, format, size_bytes, sha256, imported_at,"
                          " n_results, n_replies, n_lost, n_dups, n_errors, n_skipped,"
                          " n_changepoints, n_series, n_already_present FROM sources ORDER BY id",
                          -1, &st, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "listing sources");
      return NULL;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      FlSourceInfo *info = g_new0 (FlSourceInfo, 1);

      info->id = sqlite3_column_int64 (st, 0);
      info->file_name = g_strdup ((const char *)sqlite3_column_text (st, 1));
      info->format = g_strdup ((const char *)sqlite3_column_text (st, 2));
      info->size_bytes = sqlite3_column_int64 (st, 3);
      info->sha256 = g_strdup ((const char *)sqlite3_column_text (st, 4));
      info->imported_at = sqlite3_column_int64 (st, 5);
      info->counts.results = sqlite3_column_int64 (st, 6);
      info->counts.replies = sqlite3_column_int64 (st, 7);
      info->counts.lost = sqlite3_column_int64 (st, 8);
      info->counts.dups = sqlite3_column_int64 (st, 9);
      info->counts.errors = sqlite3_column_int64 (st, 10);
      info->counts.skipped = sqlite3_column_int64 (st, 11);
      info->counts.changepoints = sqlite3_column_int64 (st, 12);
      info->counts.series = sqlite3_column_int64 (st, 13);
      info->counts.already_present = sqlite3_column_int64 (st, 14);
      g_ptr_array_add (ret, info);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, "listing sources");
      return NULL;
    }
  return g_steal_pointer (&ret);
}

static GPtrArray *
query_series (FlProject   *self,
              const char  *key,
              GError     **error)
{
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_series_info_free);
  sqlite3_stmt *st = NULL;
  int rc;

  /* The chunks' own sums: no sample is read. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT s.id, s.key, s.label, s.probe_id,"
                          " coalesce(sum(c.sent), 0), coalesce(sum(c.lost), 0),"
                          " min(c.kept_first), max(c.kept_last)"
                          " FROM series s LEFT JOIN sample_chunks c ON c.series_id = s.id"
                          " AND c.n_kept > 0"
                          " WHERE ?1 IS NULL OR s.key = ?1"
                          " GROUP BY s.id ORDER BY s.key",
                          -1, &st, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "listing series");
      return NULL;
    }
  if (key != NULL)
    sqlite3_bind_text (st, 1, key, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      FlSeriesInfo *info = g_new0 (FlSeriesInfo, 1);

      info->id = sqlite3_column_int64 (st, 0);
      info->key = g_strdup ((const char *)sqlite3_column_text (st, 1));
      info->label = g_strdup ((const char *)sqlite3_column_text (st, 2));
      info->probe_id = sqlite3_column_type (st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (st, 3);
      info->n_samples = sqlite3_column_int64 (st, 4);
      info->n_lost = sqlite3_column_int64 (st, 5);
      info->first_ts_s = sqlite3_column_type (st, 6) == SQLITE_NULL ? NAN : sqlite3_column_double (st, 6);
      info->last_ts_s = sqlite3_column_type (st, 7) == SQLITE_NULL ? NAN : sqlite3_column_double (st, 7);
      g_ptr_array_add (ret, info);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, "listing series");
      return NULL;
    }
  return g_steal_pointer (&ret);
}

/**
 * fl_project_list_series:
 * @self: a #FlProject
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type FlSeriesInfo): all series ordered
 *   by key, with sample and loss counts (duplicate replies excluded), or
 *   %NULL with %FL_ERROR_PROJECT
 */
GPtrArray *
fl_project_list_series (FlProject  *self,
                        GError    **error)
{
  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);
  return query_series (self, NULL, error);
}

static void
list_series_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(FlProject) project = NULL;
  GPtrArray *series = NULL;
  GError *error = NULL;

  project = fl_project_open (task_data, FALSE, &error);
  if (project != NULL)
    series = fl_project_list_series (project, &error);
  if (project == NULL || series == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, series, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fl_project_list_series_async:
 * @path: the project file
 * @source_object: (nullable): the #GObject the result belongs to (e.g. the
 *   page that asked), given back to @callback
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * fl_project_list_series() on a connection of its own in a worker thread,
 * so that a user interface does not wait for the counts of a large project.
 * Finish with fl_project_list_series_finish().
 */
void
fl_project_list_series_async (const char          *path,
                              gpointer             source_object,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_project_list_series_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, list_series_worker);
}

/**
 * fl_project_list_series_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type FlSeriesInfo): as
 *   fl_project_list_series(), or %NULL with its errors, the errors of
 *   fl_project_open(), or %G_IO_ERROR_CANCELLED
 */
GPtrArray *
fl_project_list_series_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, fl_project_list_series_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fl_project_find_series:
 * @self: a #FlProject
 * @key: a series key, e.g. `trace:11119`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the series, or %NULL with %FL_ERROR_NOT_FOUND
 *   (or %FL_ERROR_PROJECT on a database error)
 */
FlSeriesInfo *
fl_project_find_series (FlProject   *self,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  all = query_series (self, key, error);
  if (all == NULL)
    return NULL;
  if (all->len == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "No series “%s” in %s", key, self->path);
      return NULL;
    }
  return g_ptr_array_steal_index (all, 0);
}

/**
 * fl_project_load_series:
 * @self: a #FlProject
 * @series_id: a series id
 * @error: return location for a #GError
 *
 * Loads the samples of one series in time order. Duplicate replies
 * (%FL_SAMPLE_DUP) are left out, as RIPE's own statistics leave them out.
 *
 * Returns: (transfer full): the samples, or %NULL with %FL_ERROR_PROJECT
 */
FlSeriesData *
fl_project_load_series (FlProject  *self,
                        gint64      series_id,
                        GError    **error)
{
  g_autoptr(FlSeriesData) data = g_new0 (FlSeriesData, 1);
  FlStoredSamples samples;

  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);

  if (!_fl_sample_store_read (self->db, series_id, -1,
                               FL_SAMPLE_READ_SKIP_DUPS | FL_SAMPLE_READ_RTT |
                               FL_SAMPLE_READ_FLAGS, &samples, error))
    return NULL;
  data->n = samples.n;
  data->ts_s = g_steal_pointer (&samples.ts_s);
  data->rtt_ms = g_steal_pointer (&samples.rtt_ms);
  data->flags = g_steal_pointer (&samples.flags);
  _fl_stored_samples_clear (&samples);
  return g_steal_pointer (&data);
}

/**
 * fl_project_list_runs:
 * @self: a #FlProject
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type FlRunInfo): stored runs, newest
 *   first, or %NULL with %FL_ERROR_PROJECT
 */
GPtrArray *
fl_project_list_runs (FlProject  *self,
                      GError    **error)
{
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify)fl_run_info_free);
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_PROJECT (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, created_at, kind, status, config_json, summary_json,"
                          " manifest_json FROM runs ORDER BY id DESC", -1, &st, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "listing runs");
      return NULL;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      FlRunInfo *info = g_new0 (FlRunInfo, 1);

      info->id = sqlite3_column_int64 (st, 0);
      info->created_at = sqlite3_column_int64 (st, 1);
      info->kind = g_strdup ((const char *)sqlite3_column_text (st, 2));
      info->status = g_strdup ((const char *)sqlite3_column_text (st, 3));
      info->config_json = g_strdup ((const char *)sqlite3_column_text (st, 4));
      info->summary_json = g_strdup ((const char *)sqlite3_column_text (st, 5));
      info->manifest_json = g_strdup ((const char *)sqlite3_column_text (st, 6));
      g_ptr_array_add (ret, info);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, "listing runs");
      return NULL;
    }
  return g_steal_pointer (&ret);
}

/**
 * _fl_project_store_run:
 * @self: a #FlProject
 * @run: what to store
 * @error: return location for a #GError
 *
 * Stores a finished run with its model, result and per-row predictions in one
 * transaction.
 *
 * Returns: the new run id, or -1 with %FL_ERROR_PROJECT
 */
gint64
_fl_project_store_run (FlProject         *self,
                       const FlRunRecord *run,
                       GError           **error)
{
  sqlite3_stmt *st = NULL;
  gint64 run_id = -1;

  g_return_val_if_fail (FL_IS_PROJECT (self), -1);

  if (!fl_project_begin (self, error))
    return -1;

#define PREP(sql) \
  if (sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL) != SQLITE_OK) \
    { set_db_error (self, error, "storing the run"); goto fail; }
#define STEP() \
  if (sqlite3_step (st) != SQLITE_DONE) \
    { set_db_error (self, error, "storing the run"); goto fail; } \
  g_clear_pointer (&st, sqlite3_finalize);

  PREP ("INSERT INTO runs (created_at, kind, status, config_json, manifest_json, summary_json)"
        " VALUES (?, ?, 'done', ?, ?, ?)");
  sqlite3_bind_int64 (st, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (st, 2, run->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, run->config_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 4, run->manifest_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 5, run->summary_json, -1, SQLITE_STATIC);
  STEP ();
  run_id = sqlite3_last_insert_rowid (self->db);

  if (run->model != NULL)
    {
      gsize len = 0;
      gconstpointer data = g_bytes_get_data (run->model, &len);

      PREP ("INSERT INTO models (run_id, library, format, feature_names, data)"
            " VALUES (?, ?, 'ubj', ?, ?)");
      sqlite3_bind_int64 (st, 1, run_id);
      sqlite3_bind_text (st, 2, run->model_library, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, run->feature_names_json, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (st, 4, data, len, SQLITE_STATIC);
      STEP ();
    }

  PREP ("INSERT INTO results (run_id, threshold, tn, fp, fn, tp, metrics_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_int64 (st, 1, run_id);
  sqlite3_bind_double (st, 2, run->threshold);
  sqlite3_bind_int64 (st, 3, run->cm.tn);
  sqlite3_bind_int64 (st, 4, run->cm.fp);
  sqlite3_bind_int64 (st, 5, run->cm.fn);
  sqlite3_bind_int64 (st, 6, run->cm.tp);
  sqlite3_bind_text (st, 7, run->metrics_json, -1, SQLITE_STATIC);
  STEP ();

  PREP ("INSERT INTO predictions (run_id, series_id, ts_s, y_true, score, arm, fold)"
        " VALUES (?, ?, ?, ?, ?, 0, 0)");
  for (gsize i = 0; run->n_arms == 0 && i < run->n_predictions; i++)
    {
      sqlite3_reset (st);
      sqlite3_bind_int64 (st, 1, run_id);
      sqlite3_bind_int64 (st, 2, run->series_id);
      sqlite3_bind_double (st, 3, run->pred_ts_s[i]);
      sqlite3_bind_int (st, 4, run->pred_y[i]);
      sqlite3_bind_double (st, 5, run->pred_score[i]);
      if (sqlite3_step (st) != SQLITE_DONE)
        {
          set_db_error (self, error, "storing predictions");
          goto fail;
        }
    }
  g_clear_pointer (&st, sqlite3_finalize);

  for (gsize a = 0; a < run->n_arms; a++)
    {
      const FlArmRecord *arm = &run->arms[a];

      PREP ("INSERT INTO run_arms (run_id, arm, name, metrics_json, curves_json)"
            " VALUES (?, ?, ?, ?, ?)");
      sqlite3_bind_int64 (st, 1, run_id);
      sqlite3_bind_int64 (st, 2, (sqlite3_int64)a);
      sqlite3_bind_text (st, 3, arm->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, arm->metrics_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, arm->curves_json, -1, SQLITE_STATIC);
      STEP ();

      if (arm->model != NULL)
        {
          gsize len = 0;
          gconstpointer data = g_bytes_get_data (arm->model, &len);

          PREP ("INSERT INTO models (run_id, library, format, feature_names, data, arm)"
                " VALUES (?, ?, 'bytes', ?, ?, ?)");
          sqlite3_bind_int64 (st, 1, run_id);
          sqlite3_bind_text (st, 2, arm->model_kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (st, 3, run->feature_names_json, -1, SQLITE_STATIC);
          sqlite3_bind_blob64 (st, 4, data, len, SQLITE_STATIC);
          sqlite3_bind_int64 (st, 5, (sqlite3_int64)a);
          STEP ();
        }

      PREP ("INSERT INTO predictions (run_id, series_id, ts_s, y_true, score, arm, fold)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)");
      for (gsize i = 0; i < arm->n; i++)
        {
          sqlite3_reset (st);
          sqlite3_bind_int64 (st, 1, run_id);
          sqlite3_bind_int64 (st, 2, arm->group[i]);
          sqlite3_bind_double (st, 3, arm->ts_s[i]);
          sqlite3_bind_int (st, 4, arm->y[i]);
          sqlite3_bind_double (st, 5, arm->score[i]);
          sqlite3_bind_int64 (st, 6, (sqlite3_int64)a);
          sqlite3_bind_int (st, 7, (int)arm->fold[i]);
          if (sqlite3_step (st) != SQLITE_DONE)
            {
              set_db_error (self, error, "storing predictions");
              goto fail;
            }
        }
      g_clear_pointer (&st, sqlite3_finalize);
    }

#undef PREP
#undef STEP

  if (!fl_project_commit (self, error))
    goto fail;
  return run_id;

fail:
  g_clear_pointer (&st, sqlite3_finalize);
  fl_project_rollback (self);
  return -1;
}

/**
 * fl_source_info_free:
 * @info: (nullable) (transfer full): a #FlSourceInfo
 *
 * Frees @info.
 */
void
fl_source_info_free (FlSourceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->file_name);
  g_free (info->format);
  g_free (info->sha256);
  g_free (info);
}

/**
 * fl_series_info_free:
 * @info: (nullable) (transfer full): a #FlSeriesInfo
 *
 * Frees @info.
 */
void
fl_series_info_free (FlSeriesInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->key);
  g_free (info->label);
  g_free (info);
}

/**
 * fl_series_data_free:
 * @data: (nullable) (transfer full): a #FlSeriesData
 *
 * Frees @data and its arrays.
 */
void
fl_series_data_free (FlSeriesData *data)
{
  if (data == NULL)
    return;
  g_free (data->ts_s);
  g_free (data->rtt_ms);
  g_free (data->flags);
  fl_series_index_free (data->index);
  g_free (data);
}

/**
 * fl_series_data_build_index:
 * @data: the samples of one series
 *
 * Builds @data->index (fl_series_index_new()) unless it is there already,
 * so that charts decimate any window of @data in time proportional to the
 * number of pixel columns rather than of samples. Costs about 50 ms and
 * 17 bytes a sample for 10⁶ samples: call it in a worker, before the data
 * is shared with other threads. Changing @data->rtt_ms afterwards makes
 * the index wrong.
 *
 * Returns: %TRUE if @data has an index, %FALSE if its timestamps are not
 *   ascending (charts then sort per column, with the same results)
 */
gboolean
fl_series_data_build_index (FlSeriesData *data)
{
  g_return_val_if_fail (data != NULL, FALSE);

  if (data->index == NULL)
    data->index = fl_series_index_new (data->ts_s, data->rtt_ms, data->n);

  return data->index != NULL;
}

/**
 * fl_run_info_free:
 * @info: (nullable) (transfer full): a #FlRunInfo
 *
 * Frees @info.
 */
void
fl_run_info_free (FlRunInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->kind);
  g_free (info->status);
  g_free (info->config_json);
  g_free (info->summary_json);
  g_free (info->manifest_json);
  g_free (info);
}
