/* import-parse.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast the RIPE importer parses, without the project: fl_import_ripe_json()
 * into a sink that only counts, once with the simdjson path and once with
 * yajl alone (alternating, RUNS times each), on the same file. This is the
 * floor of `faultline-cli import`, whose parser thread also hands every
 * sample and result to the SQLite writer. Prints one JSON object.
 *
 * Usage: import-parse FILE.json [RUNS] */

#define G_LOG_DOMAIN "faultline-bench"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "fl-import.h"
#include "fl-import-file.h"
#include "fl-import-private.h"

typedef struct
{
  guint64 samples;
  guint64 results;
} Counter;

static gint64
count_series (gpointer     user_data,
              const char  *key,
              const char  *label,
              gint64       probe_id,
              GError     **error)
{
  return 1;
}

static gboolean
count_sample (gpointer        user_data,
              const FlSample *sample,
              GError        **error)
{
  ((Counter *) user_data)->samples++;
  return TRUE;
}

static gint64
count_result (gpointer            user_data,
              const FlResultInfo *info,
              GError            **error)
{
  return (gint64) ++((Counter *) user_data)->results;
}

/* Seconds for one parse of @path, or a negative value on error. */
static double
parse_once (const char *path,
            gboolean    fast,
            Counter    *counter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  FlSampleSink sink = { 0 };
  FlFormat format = FL_FORMAT_UNKNOWN;
  guint64 size = 0;
  gint64 t0;
  gboolean ok;

  stream = fl_import_open_file (path, &size, &format, &error);
  if (stream == NULL || format != FL_FORMAT_RIPE_JSON)
    {
      g_printerr ("%s: %s\n", path, error != NULL ? error->message : "not RIPE JSON");
      return -1;
    }
  sink.series = count_series;
  sink.add = count_sample;
  sink.result = count_result;
  sink.user_data = counter;
  memset (counter, 0, sizeof *counter);
  _fl_import_ripe_set_fast_path (fast, 0);
  t0 = g_get_monotonic_time ();
  ok = fl_import_ripe_json (stream, path, size, &sink, NULL, NULL, NULL, NULL, &error);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }
  return (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  double fast[32], yajl[32];
  Counter counter;
  int runs;
  double mb;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE.json [RUNS]\n", argv[0]);
      return 2;
    }
  runs = argc > 2 ? CLAMP (atoi (argv[2]), 1, 32) : 3;
  file = g_file_new_for_path (argv[1]);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            NULL);
  mb = info != NULL ? (double) g_file_info_get_size (info) / 1e6 : 0;

  for (int r = 0; r < runs; r++)
    {
      if ((fast[r] = parse_once (argv[1], TRUE, &counter)) < 0 ||
          (yajl[r] = parse_once (argv[1], FALSE, &counter)) < 0)
        return 1;
    }
  qsort (fast, (size_t) runs, sizeof (double), compare_double);
  qsort (yajl, (size_t) runs, sizeof (double), compare_double);
  g_print ("{\"file_mb\": %.1f, \"results\": %" G_GUINT64_FORMAT ", \"samples\": %"
           G_GUINT64_FORMAT ", \"runs\": %d, \"simdjson_s\": {\"min\": %.3f, \"median\": %.3f},"
           " \"yajl_s\": {\"min\": %.3f, \"median\": %.3f}, \"simdjson_mb_s\": %.0f,"
           " \"yajl_mb_s\": %.0f}\n",
           mb, counter.results, counter.samples, runs, fast[0], fast[runs / 2], yajl[0],
           yajl[runs / 2], mb / fast[runs / 2], mb / yajl[runs / 2]);
  return 0;
}
