/* fl-result-store.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A project stores its ping results in chunks (schema 5): one
 * `result_chunks` row holds up to FL_RESULT_CHUNK_MAX results of one series
 * from one source, sorted by time, as one blob:
 *
 *   "FLR1"  n (uint32)  13 columns  strings
 *
 * Each column is a mode byte followed by its values: mode 0, one value that
 * every result has; mode 1, n values. In this order and width (little
 * endian): id int64, ts_s float64 (s), msm_id int64, probe_id int64, fw
 * int64, lts int64 (-1 = none for these four), sent uint32, rcvd uint32,
 * dups uint32, errors uint32, dst_addr uint32, error_text uint32 (a string
 * as its offset + 1 in the strings, 0 = none), af uint8 (4, 6; 0 = none).
 * The strings are NUL-terminated, each distinct one once per chunk.
 *
 * Schema 4 had a `ping_results` row per result. Inserting that row and its
 * index entry cost about 1 µs a result, 0.7 s of CPU for a 327 MB RIPE
 * file, about a third of the import's work; a chunk costs about as much as
 * one row. The import checks a result against the stored ones itself
 * (FlResultIndex): results come in time order per series, so a result later
 * than its series' latest is new, and only the others are looked up in the
 * chunks whose time span holds them. */

#define G_LOG_DOMAIN "faultline-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl-bytes-private.h"
#include "fl-error.h"
#include "fl-result-store.h"
#include "fl-store-private.h"

static const char *chunk_schema =
  "CREATE TABLE result_chunks ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
  "  series_id INTEGER NOT NULL REFERENCES series(id),"
  "  n INTEGER NOT NULL,"          /* results in the blob */
  "  ts_first REAL NOT NULL,"      /* earliest and latest time, s */
  "  ts_last REAL NOT NULL,"
  "  id_max INTEGER NOT NULL,"     /* largest result id */
  "  data BLOB NOT NULL);"
  "CREATE INDEX result_chunks_series ON result_chunks(series_id, ts_first);";

enum
{
  COL_ID,
  COL_TS,
  COL_MSM,
  COL_PROBE,
  COL_FW,
  COL_LTS,
  COL_SENT,
  COL_RCVD,
  COL_DUPS,
  COL_ERRORS,
  COL_DST,
  COL_ERROR_TEXT,
  COL_AF,
  N_COLS
};

static const guint8 col_width[N_COLS] = { 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 4, 4, 1 };

#define MAGIC "FLR1"

/* Column @c of @r as stored (@dst and @err: the string references). */
static guint64
column_value (const FlStoredResult *r,
              guint                 c,
              guint32               dst,
              guint32               err)
{
  switch (c)
    {
    case COL_ID: return (guint64) r->id;
    case COL_TS: return fl_f64_bits (r->ts_s);
    case COL_MSM: return (guint64) (r->msm_id >= 0 ? r->msm_id : -1);
    case COL_PROBE: return (guint64) (r->probe_id >= 0 ? r->probe_id : -1);
    case COL_FW: return (guint64) (r->fw >= 0 ? r->fw : -1);
    case COL_LTS: return (guint64) (r->lts >= 0 ? r->lts : -1);
    case COL_SENT: return r->sent;
    case COL_RCVD: return r->rcvd;
    case COL_DUPS: return r->dups;
    case COL_ERRORS: return r->errors;
    case COL_DST: return dst;
    case COL_ERROR_TEXT: return err;
    default: return r->af == 4 || r->af == 6 ? (guint64) r->af : 0;
    }
}

/* A chunk blob, checked: where each column's values are. */
typedef struct
{
  gsize         n;
  const guint8 *col[N_COLS];
  gboolean      constant[N_COLS];
  const char   *strings;
  gsize         strings_len;
} ChunkView;

static inline guint64
view_value (const ChunkView *v,
            guint            c,
            gsize            i)
{
  return fl_get_uint (v->col[c] + (v->constant[c] ? 0 : i * col_width[c]), col_width[c]);
}

/* Checks @blob (@size bytes) against its row's count @n and fills @v;
 * FL_ERROR_PROJECT naming chunk @chunk_id when anything is off. */
static gboolean
view_chunk (const guint8  *blob,
            gsize          size,
            gint64         n,
            gint64         chunk_id,
            ChunkView     *v,
            GError       **error)
{
  gsize off = FL_CHUNK_HEADER_BYTES;
  const char *why = fl_chunk_header_problem (blob, size, MAGIC, n, FL_RESULT_CHUNK_MAX);

  for (guint c = 0; why == NULL && c < N_COLS; c++)
    {
      gsize bytes;

      if (off >= size || blob[off] > 1)
        {
          why = "a damaged column";
          break;
        }
      v->constant[c] = blob[off] == 0;
      bytes = v->constant[c] ? col_width[c] : (gsize) n * col_width[c];
      off++;
      if (size - off < bytes)
        {
          why = "a truncated column";
          break;
        }
      v->col[c] = blob + off;
      off += bytes;
    }
  if (why == NULL)
    {
      v->n = (gsize) n;
      v->strings = (const char *) blob + off;
      v->strings_len = size - off;
      if (v->strings_len > 0 && v->strings[v->strings_len - 1] != '\0')
        why = "unterminated strings";
      for (guint c = COL_DST; why == NULL && c <= COL_ERROR_TEXT; c++)
        for (gsize i = 0; i < v->n; i++)
          if (view_value (v, c, i) > v->strings_len)
            {
              why = "a string outside the chunk";
              break;
            }
    }
  if (why != NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_PROJECT,
                   "the project file is damaged: result chunk %" G_GINT64_FORMAT " has %s",
                   chunk_id, why);
      return FALSE;
    }
  return TRUE;
}

static const char *
view_string (const ChunkView *v,
             guint            c,
             gsize            i)
{
  guint64 ref = view_value (v, c, i);

  return ref == 0 ? NULL : v->strings + ref - 1;
}

static void
view_decode (const ChunkView *v,
             FlStoredResult  *out)
{
  for (gsize i = 0; i < v->n; i++)
    {
      FlStoredResult *r = &out[i];

      r->id = (gint64) view_value (v, COL_ID, i);
      r->ts_s = fl_bits_f64 (view_value (v, COL_TS, i));
      r->msm_id = (gint64) view_value (v, COL_MSM, i);
      r->probe_id = (gint64) view_value (v, COL_PROBE, i);
      r->fw = (gint64) view_value (v, COL_FW, i);
      r->lts = (gint64) view_value (v, COL_LTS, i);
      r->sent = (guint32) view_value (v, COL_SENT, i);
      r->rcvd = (guint32) view_value (v, COL_RCVD, i);
      r->dups = (guint32) view_value (v, COL_DUPS, i);
      r->errors = (guint32) view_value (v, COL_ERRORS, i);
      r->dst_addr = view_string (v, COL_DST, i);
      r->error_text = view_string (v, COL_ERROR_TEXT, i);
      r->af = (gint) view_value (v, COL_AF, i);
    }
}

/**
 * _fl_result_store_prepare:
 * @db: a project's connection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the statement _fl_result_store_write() takes,
 *   or %NULL with %FL_ERROR_PROJECT
 */
sqlite3_stmt *
_fl_result_store_prepare (sqlite3  *db,
                          GError  **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, "INSERT INTO result_chunks (source_id, series_id, n, ts_first,"
                          " ts_last, id_max, data) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &st,
                          NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "preparing to store ping results");
      return NULL;
    }
  return st;
}

static int
compare_result (const void *a,
                const void *b)
{
  const FlStoredResult *x = a, *y = b;

  if (x->ts_s != y->ts_s)
    return x->ts_s < y->ts_s ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Offset + 1 of @s in @strings (added once, via @seen); 0 for NULL. */
static guint32
string_ref (GByteArray  *strings,
            GHashTable  *seen,
            const char  *s)
{
  gpointer ref;

  if (s == NULL)
    return 0;
  if (g_hash_table_lookup_extended (seen, s, NULL, &ref))
    return GPOINTER_TO_UINT (ref);
  ref = GUINT_TO_POINTER (strings->len + 1);
  g_byte_array_append (strings, (const guint8 *) s, (guint) strlen (s) + 1);
  g_hash_table_insert (seen, (gpointer) s, ref);
  return GPOINTER_TO_UINT (ref);
}

/**
 * _fl_result_store_write:
 * @db: a project's connection, in a transaction
 * @insert: from _fl_result_store_prepare()
 * @source_id: the results' source
 * @series_id: the results' series
 * @results: (array length=n) (inout): results of that series, no two at the
 *   same time; sorted by time here
 * @n: 1 … %FL_RESULT_CHUNK_MAX
 * @error: return location for a #GError
 *
 * Stores @results as one chunk.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_result_store_write (sqlite3         *db,
                        sqlite3_stmt    *insert,
                        gint64           source_id,
                        gint64           series_id,
                        FlStoredResult  *results,
                        gsize            n,
                        GError         **error)
{
  g_autoptr(GByteArray) strings = g_byte_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint32 *refs = NULL;
  g_autofree guint8 *blob = NULL;
  gsize size = FL_CHUNK_HEADER_BYTES, off = FL_CHUNK_HEADER_BYTES;
  gboolean constant[N_COLS];
  gint64 id_max = 0;
  int rc;

  g_return_val_if_fail (n > 0 && n <= FL_RESULT_CHUNK_MAX, FALSE);

  for (gsize i = 1; i < n; i++)
    if (compare_result (&results[i - 1], &results[i]) > 0)
      {
        qsort (results, n, sizeof *results, compare_result);
        break;
      }
  refs = g_new (guint32, 2 * n);
  for (gsize i = 0; i < n; i++)
    {
      refs[2 * i] = string_ref (strings, seen, results[i].dst_addr);
      refs[2 * i + 1] = string_ref (strings, seen, results[i].error_text);
      id_max = MAX (id_max, results[i].id);
    }
  for (guint c = 0; c < N_COLS; c++)
    {
      guint64 v0 = column_value (&results[0], c, refs[0], refs[1]);

      constant[c] = TRUE;
      for (gsize i = 1; i < n && constant[c]; i++)
        constant[c] = column_value (&results[i], c, refs[2 * i], refs[2 * i + 1]) == v0;
      size += 1 + (constant[c] ? 1 : n) * col_width[c];
    }
  size += strings->len;

  blob = g_malloc (size);
  memcpy (blob, MAGIC, 4);
  fl_put_u32 (blob + 4, (guint32) n);
  for (guint c = 0; c < N_COLS; c++)
    {
      gsize m = constant[c] ? 1 : n;

      blob[off++] = constant[c] ? 0 : 1;
      for (gsize i = 0; i < m; i++, off += col_width[c])
        fl_put_uint (blob + off, col_width[c],
                     column_value (&results[i], c, refs[2 * i], refs[2 * i + 1]));
    }
  if (strings->len > 0)
    memcpy (blob + off, strings->data, strings->len);
  g_assert (off + strings->len == size);

  sqlite3_reset (insert);
  sqlite3_bind_int64 (insert, 1, source_id);
  sqlite3_bind_int64 (insert, 2, series_id);
  sqlite3_bind_int64 (insert, 3, (sqlite3_int64) n);
  sqlite3_bind_double (insert, 4, results[0].ts_s);
  sqlite3_bind_double (insert, 5, results[n - 1].ts_s);
  sqlite3_bind_int64 (insert, 6, id_max);
  sqlite3_bind_blob64 (insert, 7, blob, size, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  sqlite3_clear_bindings (insert);
  if (rc != SQLITE_DONE)
    return _fl_store_db_error (db, error, "storing ping results");
  return TRUE;
}

/**
 * _fl_result_store_foreach:
 * @db: a project's connection
 * @source_id: only this source's results, or -1 for all
 * @func: (scope call): called with each chunk, in the order they were
 *   stored; returning %FALSE (with its error set) stops
 * @data: closure for @func
 * @error: return location for a #GError
 *
 * Reads every stored ping result, a chunk at a time.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT (also for a damaged
 *   chunk) or @func's error
 */
gboolean
_fl_result_store_foreach (sqlite3            *db,
                          gint64              source_id,
                          FlResultChunkFunc   func,
                          gpointer            data,
                          GError            **error)
{
  g_autofree FlStoredResult *buf = g_new (FlStoredResult, FL_RESULT_CHUNK_MAX);
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, source_id >= 0
                          ? "SELECT id, source_id, series_id, n, data FROM result_chunks"
                            " WHERE source_id = ? ORDER BY id"
                          : "SELECT id, source_id, series_id, n, data FROM result_chunks"
                            " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
    return _fl_store_db_error (db, error, "reading ping results");
  if (source_id >= 0)
    sqlite3_bind_int64 (st, 1, source_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      FlResultChunk chunk = { 0 };
      ChunkView v;

      chunk.chunk_id = sqlite3_column_int64 (st, 0);
      if (!view_chunk (sqlite3_column_blob (st, 4), (gsize) sqlite3_column_bytes (st, 4),
                       sqlite3_column_int64 (st, 3), chunk.chunk_id, &v, error))
        goto out;
      view_decode (&v, buf);
      chunk.source_id = sqlite3_column_int64 (st, 1);
      chunk.series_id = sqlite3_column_int64 (st, 2);
      chunk.n = v.n;
      chunk.results = buf;
      if (!func (&chunk, data, error))
        goto out;
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_db_error (db, error, "reading ping results");
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (st);
  return ok;
}

/**
 * _fl_result_store_next_id:
 * @db: a project's connection
 * @id: (out): one more than the largest stored result id (1 when none)
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_result_store_next_id (sqlite3  *db,
                          gint64   *id,
                          GError  **error)
{
  sqlite3_stmt *st = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "SELECT coalesce(max(id_max), 0) + 1 FROM result_chunks", -1,
                          &st, NULL) != SQLITE_OK)
    return _fl_store_db_error (db, error, "reading ping results");
  ok = sqlite3_step (st) == SQLITE_ROW;
  if (ok)
    *id = sqlite3_column_int64 (st, 0);
  else
    _fl_store_db_error (db, error, "reading ping results");
  sqlite3_finalize (st);
  return ok;
}

static gint64
column_or (sqlite3_stmt *st,
           int           col,
           gint64        none)
{
  return sqlite3_column_type (st, col) == SQLITE_NULL ? none : sqlite3_column_int64 (st, col);
}

/**
 * _fl_result_store_migrate:
 * @db: a project's connection, in a transaction, with schema 4 (or a new
 *   project with an empty `ping_results`)
 * @error: return location for a #GError
 *
 * Schema 4 → 5: creates `result_chunks`, moves the rows of `ping_results`
 * into it, a chunk per source and series at a time in time order, and
 * drops `ping_results`.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_result_store_migrate (sqlite3  *db,
                          GError  **error)
{
  g_autofree FlStoredResult *buf = g_new0 (FlStoredResult, FL_RESULT_CHUNK_MAX);
  g_autoptr(GStringChunk) texts = g_string_chunk_new (4096);
  sqlite3_stmt *st = NULL, *insert = NULL;
  gint64 source = 0, series = 0;
  gsize n = 0;
  gboolean ok = FALSE;
  int rc;

  if (!_fl_store_exec (db, chunk_schema, error))
    return FALSE;
  insert = _fl_result_store_prepare (db, error);
  if (insert == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT source_id, series_id, id, ts_s, msm_id, probe_id,"
                          " dst_addr, af, sent, rcvd, dups, errors, error_text, fw, lts"
                          " FROM ping_results ORDER BY source_id, series_id, ts_s, id",
                          -1, &st, NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "reading ping results");
      goto out;
    }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 so = sqlite3_column_int64 (st, 0), se = sqlite3_column_int64 (st, 1);
      FlStoredResult *r;
      const char *dst, *err;

      if (n > 0 && (n == FL_RESULT_CHUNK_MAX || so != source || se != series))
        {
          if (!_fl_result_store_write (db, insert, source, series, buf, n, error))
            goto out;
          n = 0;
          g_string_chunk_clear (texts);
        }
      source = so;
      series = se;
      r = &buf[n++];
      r->id = sqlite3_column_int64 (st, 2);
      r->ts_s = sqlite3_column_double (st, 3);
      r->msm_id = column_or (st, 4, -1);
      r->probe_id = column_or (st, 5, -1);
      dst = (const char *) sqlite3_column_text (st, 6);
      r->dst_addr = dst != NULL ? g_string_chunk_insert_const (texts, dst) : NULL;
      r->af = (gint) column_or (st, 7, 0);
      r->sent = (guint32) CLAMP (sqlite3_column_int64 (st, 8), 0, G_MAXUINT32);
      r->rcvd = (guint32) CLAMP (sqlite3_column_int64 (st, 9), 0, G_MAXUINT32);
      r->dups = (guint32) CLAMP (sqlite3_column_int64 (st, 10), 0, G_MAXUINT32);
      r->errors = (guint32) CLAMP (sqlite3_column_int64 (st, 11), 0, G_MAXUINT32);
      err = (const char *) sqlite3_column_text (st, 12);
      r->error_text = err != NULL ? g_string_chunk_insert_const (texts, err) : NULL;
      r->fw = column_or (st, 13, -1);
      r->lts = column_or (st, 14, -1);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_db_error (db, error, "reading ping results");
      goto out;
    }
  if (n > 0 && !_fl_result_store_write (db, insert, source, series, buf, n, error))
    goto out;
  g_clear_pointer (&st, sqlite3_finalize);
  ok = _fl_store_exec (db, "DROP TABLE ping_results", error);

out:
  g_clear_pointer (&st, sqlite3_finalize);
  sqlite3_finalize (insert);
  return ok;
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *ins;
} MaterializeCtx;

static gboolean
materialize_chunk (const FlResultChunk  *chunk,
                   gpointer              data,
                   GError              **error)
{
  MaterializeCtx *m = data;

  for (gsize i = 0; i < chunk->n; i++)
    {
      const FlStoredResult *r = &chunk->results[i];
      const gint64 maybe[] = { r->msm_id, r->probe_id, r->fw, r->lts };
      const int maybe_col[] = { 5, 6, 14, 15 };

      sqlite3_reset (m->ins);
      sqlite3_clear_bindings (m->ins);
      sqlite3_bind_int64 (m->ins, 1, r->id);
      sqlite3_bind_int64 (m->ins, 2, chunk->source_id);
      sqlite3_bind_int64 (m->ins, 3, chunk->series_id);
      sqlite3_bind_double (m->ins, 4, r->ts_s);
      for (guint k = 0; k < G_N_ELEMENTS (maybe); k++)
        if (maybe[k] >= 0)
          sqlite3_bind_int64 (m->ins, maybe_col[k], maybe[k]);
      if (r->dst_addr != NULL)
        sqlite3_bind_text (m->ins, 7, r->dst_addr, -1, SQLITE_STATIC);
      if (r->af != 0)
        sqlite3_bind_int (m->ins, 8, r->af);
      sqlite3_bind_int64 (m->ins, 9, r->sent);
      sqlite3_bind_int64 (m->ins, 10, r->rcvd);
      sqlite3_bind_int64 (m->ins, 11, r->dups);
      sqlite3_bind_int64 (m->ins, 12, r->errors);
      if (r->error_text != NULL)
        sqlite3_bind_text (m->ins, 13, r->error_text, -1, SQLITE_STATIC);
      if (sqlite3_step (m->ins) != SQLITE_DONE)
        return _fl_store_db_error (m->db, error, "listing ping results");
    }
  return TRUE;
}

/**
 * _fl_result_store_materialize:
 * @db: a project's connection
 * @error: return location for a #GError
 *
 * Writes every stored ping result, one row each, into the temporary table
 * `temp.ping_results`, with the columns and NULLs of schema 4's
 * `ping_results` (id, source_id, series_id, ts_s, msm_id, probe_id,
 * dst_addr, af, sent, rcvd, dups, errors, error_text, fw, lts), replacing an
 * earlier one. For tests and inspection with SQL; it lives as long as the
 * connection and is not written to the project.
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_result_store_materialize (sqlite3  *db,
                              GError  **error)
{
  MaterializeCtx m = { db, NULL };
  gboolean ok = FALSE;

  if (!_fl_store_exec (db, "SAVEPOINT materialize_results;"
             " DROP TABLE IF EXISTS temp.ping_results;"
             " CREATE TEMP TABLE ping_results (id INTEGER PRIMARY KEY, source_id INTEGER,"
             " series_id INTEGER, ts_s REAL, msm_id INTEGER, probe_id INTEGER, dst_addr TEXT,"
             " af INTEGER, sent INTEGER, rcvd INTEGER, dups INTEGER, errors INTEGER,"
             " error_text TEXT, fw INTEGER, lts INTEGER);", error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "INSERT INTO temp.ping_results VALUES"
                          " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &m.ins,
                          NULL) != SQLITE_OK)
    _fl_store_db_error (db, error, "listing ping results");
  else
    ok = _fl_result_store_foreach (db, -1, materialize_chunk, &m, error);
  sqlite3_finalize (m.ins);
  sqlite3_exec (db, ok ? "RELEASE materialize_results"
                : "ROLLBACK TO materialize_results; RELEASE materialize_results",
                NULL, NULL, NULL);
  return ok;
}

/* ---- looking results up ------------------------------------------------ */

/* Decoded times of one chunk, ascending. */
typedef struct
{
  gint64  chunk_id;
  gsize   n;
  double *ts;
  GList   link;    /* in FlResultIndex.lru, data = this */
} CachedTimes;

/* Chunks whose times are kept decoded (at most 8 MiB). */
#define INDEX_CACHE_CHUNKS 256

struct _FlResultIndex
{
  sqlite3      *db;
  sqlite3_stmt *latest;
  sqlite3_stmt *spanning;
  sqlite3_stmt *blob;
  GHashTable   *cache;   /* chunk id (gint64 *) → CachedTimes */
  GQueue        lru;     /* most recently used first */
};

static void
cached_times_free (gpointer data)
{
  CachedTimes *c = data;

  g_free (c->ts);
  g_free (c);
}

/**
 * _fl_result_index_new:
 * @db: a project's connection
 * @error: return location for a #GError
 *
 * Looks stored ping results up by (series, time), the key a project keeps
 * unique, for the import's check against results stored already. Chunks
 * written after its creation are seen too.
 *
 * Returns: (transfer full): the index, or %NULL with %FL_ERROR_PROJECT
 */
FlResultIndex *
_fl_result_index_new (sqlite3  *db,
                      GError  **error)
{
  g_autoptr(FlResultIndex) index = g_new0 (FlResultIndex, 1);

  index->db = db;
  index->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cached_times_free);
  g_queue_init (&index->lru);
  if (sqlite3_prepare_v2 (db, "SELECT max(ts_last) FROM result_chunks WHERE series_id = ?",
                          -1, &index->latest, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT id FROM result_chunks WHERE series_id = ?1"
                          " AND ts_first <= ?2 AND ts_last >= ?2", -1, &index->spanning,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT n, data FROM result_chunks WHERE id = ?", -1,
                          &index->blob, NULL) != SQLITE_OK)
    {
      _fl_store_db_error (db, error, "preparing to look ping results up");
      return NULL;
    }
  return g_steal_pointer (&index);
}

void
_fl_result_index_free (FlResultIndex *index)
{
  if (index == NULL)
    return;
  sqlite3_finalize (index->latest);
  sqlite3_finalize (index->spanning);
  sqlite3_finalize (index->blob);
  /* the links live in the cached entries, which the table frees */
  g_queue_init (&index->lru);
  g_hash_table_unref (index->cache);
  g_free (index);
}

/**
 * _fl_result_index_latest:
 * @index: a #FlResultIndex
 * @series_id: a series
 * @ts_s: (out): the time of its latest stored result, s; -inf when none
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT
 */
gboolean
_fl_result_index_latest (FlResultIndex  *index,
                         gint64          series_id,
                         double         *ts_s,
                         GError        **error)
{
  int rc;

  sqlite3_reset (index->latest);
  sqlite3_bind_int64 (index->latest, 1, series_id);
  rc = sqlite3_step (index->latest);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (index->latest);
      return _fl_store_db_error (index->db, error, "looking ping results up");
    }
  *ts_s = sqlite3_column_type (index->latest, 0) == SQLITE_NULL
          ? -INFINITY : sqlite3_column_double (index->latest, 0);
  sqlite3_reset (index->latest);
  return TRUE;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The decoded times of chunk @chunk_id, from the cache or read. */
static CachedTimes *
chunk_times (FlResultIndex  *index,
             gint64          chunk_id,
             GError        **error)
{
  CachedTimes *c = g_hash_table_lookup (index->cache, &chunk_id);
  ChunkView v;
  int rc;

  if (c != NULL)
    {
      g_queue_unlink (&index->lru, &c->link);
      g_queue_push_head_link (&index->lru, &c->link);
      return c;
    }

  sqlite3_reset (index->blob);
  sqlite3_bind_int64 (index->blob, 1, chunk_id);
  rc = sqlite3_step (index->blob);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (index->blob);
      _fl_store_db_error (index->db, error, "looking ping results up");
      return NULL;
    }
  if (!view_chunk (sqlite3_column_blob (index->blob, 1),
                   (gsize) sqlite3_column_bytes (index->blob, 1),
                   sqlite3_column_int64 (index->blob, 0), chunk_id, &v, error))
    {
      sqlite3_reset (index->blob);
      return NULL;
    }
  c = g_new0 (CachedTimes, 1);
  c->chunk_id = chunk_id;
  c->n = v.n;
  c->ts = g_new (double, v.n);
  for (gsize i = 0; i < v.n; i++)
    c->ts[i] = fl_bits_f64 (view_value (&v, COL_TS, i));
  sqlite3_reset (index->blob);
  /* written sorted; a chunk from elsewhere may not be */
  for (gsize i = 1; i < c->n; i++)
    if (c->ts[i - 1] > c->ts[i])
      {
        qsort (c->ts, c->n, sizeof (double), compare_double);
        break;
      }
  c->link.data = c;
  g_hash_table_insert (index->cache, &c->chunk_id, c);
  g_queue_push_head_link (&index->lru, &c->link);
  if (index->lru.length > INDEX_CACHE_CHUNKS)
    {
      GList *last = g_queue_pop_tail_link (&index->lru);

      g_hash_table_remove (index->cache, &((CachedTimes *) last->data)->chunk_id);
    }
  return c;
}

static gboolean
times_contain (const CachedTimes *c,
               double             ts)
{
  gsize lo = 0, hi = c->n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (c->ts[mid] < ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < c->n && c->ts[lo] == ts;
}

/**
 * _fl_result_index_contains:
 * @index: a #FlResultIndex
 * @series_id: a series
 * @ts_s: a time, s
 * @found: (out): whether a stored result of @series_id has that time
 * @error: return location for a #GError
 *
 * Reads the chunks of @series_id whose time span holds @ts_s (a few
 * recently read ones stay decoded).
 *
 * Returns: %TRUE, or %FALSE with %FL_ERROR_PROJECT (also for a damaged
 *   chunk)
 */
gboolean
_fl_result_index_contains (FlResultIndex  *index,
                           gint64          series_id,
                           double          ts_s,
                           gboolean       *found,
                           GError        **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  *found = FALSE;
  sqlite3_reset (index->spanning);
  sqlite3_bind_int64 (index->spanning, 1, series_id);
  sqlite3_bind_double (index->spanning, 2, ts_s);
  while ((rc = sqlite3_step (index->spanning)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (index->spanning, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (index->spanning);
  if (rc != SQLITE_DONE)
    return _fl_store_db_error (index->db, error, "looking ping results up");
  for (guint i = 0; i < ids->len && !*found; i++)
    {
      CachedTimes *c = chunk_times (index, g_array_index (ids, gint64, i), error);

      if (c == NULL)
        return FALSE;
      *found = times_contain (c, ts_s);
    }
  return TRUE;
}
