/* test-kpi.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fl-error.h"
#include "fl-import.h"
#include "fl-kpi-mapping.h"
#include "fl-project-kpi.h"
#include "fl-quality.h"

typedef struct
{
  char      *dir;
  char      *path;
  FlProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fl-kpi-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.faultline", NULL);
  f->project = fl_project_open (f->path, TRUE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->project);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);

      g_remove (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *p = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (p, text, len, &error);
  g_assert_no_error (error);
  return p;
}

/* A fingerprint of everything an import may touch. */
static char *
project_state (FlProject *project)
{
  sqlite3 *db = fl_project_get_db (project);
  sqlite3_stmt *st = NULL;
  char *s;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count(*) FROM sources),"
                                       " (SELECT count(*) FROM series),"
                                       " (SELECT count(*) FROM kpi_values),"
                                       " (SELECT coalesce(sum(value), 0) FROM kpi_values),"
                                       " (SELECT count(*) FROM kpi_columns),"
                                       " (SELECT count(*) FROM kpi_categories),"
                                       " (SELECT coalesce(sum(n), 0) FROM sample_chunks)",
                                       -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  s = g_strdup_printf ("%lld/%lld/%lld/%.6f/%lld/%lld/%lld",
                       (long long) sqlite3_column_int64 (st, 0),
                       (long long) sqlite3_column_int64 (st, 1),
                       (long long) sqlite3_column_int64 (st, 2),
                       sqlite3_column_double (st, 3),
                       (long long) sqlite3_column_int64 (st, 4),
                       (long long) sqlite3_column_int64 (st, 5),
                       (long long) sqlite3_column_int64 (st, 6));
  sqlite3_finalize (st);
  return s;
}

static gint64
query_int (FlProject  *project,
           const char *sql)
{
  sqlite3_stmt *st = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (fl_project_get_db (project), sql, -1, &st, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return v;
}

/* ---- units, numbers, times ------------------------------------------- */

static void
test_split_unit (void)
{
  static const struct
  {
    const char *header, *name, *unit;
  } cases[] = {
    { "Latency (ms)", "Latency", "ms" },
    { "Data Throughput (Mbps)", "Data Throughput", "Mbps" },
    { "Signal Quality (%)", "Signal Quality", "%" },
    { "Signal Strength [dBm]", "Signal Strength", "dBm" },
    { "latency_ms", "latency", "ms" },
    { "throughput_mbps", "throughput", "Mbps" },
    { "rssi dBm", "rssi", "dBm" },
    { "rtt_min", "rtt_min", NULL },
    { "latency_change_5m", "latency_change_5m", NULL },
    { "max_metric_value", "max_metric_value", NULL },
    { "  padded  ", "padded", NULL },
    { "()", "()", NULL },
    { "_ms", "_ms", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *unit = NULL;

      fl_kpi_split_unit (cases[i].header, &name, &unit);
      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_cmpstr (unit, ==, cases[i].unit);
    }
}

static void
test_parse_number (void)
{
  const char *bad[] = { "", "nan", "NaN", "inf", "-Infinity", "1e", "0x10", "1,5", "1.2.3",
                        "1e999", "--1", "12a", " 1", NULL };
  double v = 0;

  g_assert_true (fl_kpi_parse_number ("1.5", &v));
  g_assert_cmpfloat (v, ==, 1.5);
  g_assert_true (fl_kpi_parse_number ("-.5e2", &v));
  g_assert_cmpfloat (v, ==, -50);
  g_assert_true (fl_kpi_parse_number ("7.", &v));
  g_assert_cmpfloat (v, ==, 7);
  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (fl_kpi_parse_number (bad[i], &v));
}

static void
test_parse_time (void)
{
  g_autoptr(GTimeZone) paris = NULL;
  g_autoptr(GTimeZone) plus530 = NULL;
  g_autoptr(GError) error = NULL;
  double t = 0;

  /* 2025-07-19 10:19:00 UTC = 1752920340 */
  g_assert_true (fl_kpi_parse_time ("2025-07-19 10:19:00", FL_KPI_TIME_ISO8601, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("2025-07-19T10:19Z", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("2025-07-19T12:19:00+02:00", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("19-07-2025 10:19", FL_KPI_TIME_DMY_DASH, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("19/07/2025 10:19", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("1752920340", FL_KPI_TIME_EPOCH_S, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("1752920340500", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340.5);
  g_assert_true (fl_kpi_parse_time ("1752920340500", FL_KPI_TIME_EPOCH_MS, NULL, &t));
  g_assert_cmpfloat (t, ==, 1752920340.5);
  /* Fractional seconds (the fault-pipeline table). */
  g_assert_true (fl_kpi_parse_time ("2023-05-05 12:53:47.210173", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_cmpfloat_with_epsilon (t, 1683291227.210173, 1e-6);

  /* Time zones: a fixed offset and an IANA zone with daylight saving. */
  plus530 = fl_kpi_time_zone_new ("+05:30", &error);
  g_assert_no_error (error);
  g_assert_true (fl_kpi_parse_time ("19-07-2025 15:49", FL_KPI_TIME_DMY_DASH, plus530, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  paris = fl_kpi_time_zone_new ("Europe/Paris", &error);
  g_assert_no_error (error);
  g_assert_true (fl_kpi_parse_time ("2025-07-19 12:19:00", FL_KPI_TIME_ISO8601, paris, &t));
  g_assert_cmpfloat (t, ==, 1752920340);                    /* CEST, +2 h */
  g_assert_true (fl_kpi_parse_time ("2025-01-19 11:19:00", FL_KPI_TIME_ISO8601, paris, &t));
  g_assert_cmpfloat (t, ==, 1737281940);                    /* CET, +1 h */
  /* An explicit offset wins over the zone; epochs are always UTC. */
  g_assert_true (fl_kpi_parse_time ("2025-07-19T10:19:00Z", FL_KPI_TIME_ISO8601, paris, &t));
  g_assert_cmpfloat (t, ==, 1752920340);
  g_assert_true (fl_kpi_parse_time ("1752920340", FL_KPI_TIME_AUTO, paris, &t));
  g_assert_cmpfloat (t, ==, 1752920340);

  g_assert_null (fl_kpi_time_zone_new ("Mars/Olympus_Mons", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);

  /* Invalid or implausible. */
  g_assert_false (fl_kpi_parse_time ("2025-02-30 10:00", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_false (fl_kpi_parse_time ("2025-07-19 25:00", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_false (fl_kpi_parse_time ("19-07-2025 10:19", FL_KPI_TIME_ISO8601, NULL, &t));
  g_assert_false (fl_kpi_parse_time ("42", FL_KPI_TIME_EPOCH_S, NULL, &t));
  g_assert_false (fl_kpi_parse_time ("nan", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_false (fl_kpi_parse_time ("2150-01-01", FL_KPI_TIME_AUTO, NULL, &t));
  g_assert_false (fl_kpi_parse_time ("yesterday", FL_KPI_TIME_AUTO, NULL, &t));
}

/* ---- mapping JSON ---------------------------------------------------- */

static void
test_mapping_json (void)
{
  g_autoptr(FlKpiMapping) m = fl_kpi_mapping_new ();
  g_autoptr(FlKpiMapping) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  FlKpiColumnMap *c;
  static const struct
  {
    const char *json;
    const char *message;
  } bad[] = {
    { "[", "invalid column mapping" },
    { "[]", "top level" },
    { "{\"columns\": 3}", "“columns” must be an array" },
    { "{\"columns\": [{\"source\": \"t\", \"role\": \"time\"}]}", "no value or categorical" },
    { "{\"columns\": [{\"source\": \"v\", \"role\": \"value\"}]}", "exactly one time column" },
    { "{\"columns\": [{\"source\": \"t\", \"role\": \"clock\"}]}", "“role”" },
    { "{\"columns\": [{\"role\": \"time\"}]}", "needs “source” or “index”" },
    { "{\"delimiter\": \"::\", \"columns\": []}", "one character" },
    { "{\"delimiter\": \"x\", \"columns\": [{\"source\": \"t\", \"role\": \"time\"},"
      " {\"source\": \"v\", \"role\": \"value\"}]}", "delimiter" },
    { "{\"time_zone\": \"Nowhere/Land\", \"columns\": [{\"source\": \"t\", \"role\": \"time\"},"
      " {\"source\": \"v\", \"role\": \"value\"}]}", "unknown time zone" },
    { "{\"time_format\": \"mm/dd/yyyy\", \"columns\": []}", "time_format" },
    { "{\"version\": 2, \"columns\": []}", "version" },
    { "{\"columns\": [{\"index\": -1, \"role\": \"time\"}]}", "index" },
    { "{\"header\": \"yes\", \"columns\": []}", "“header” must be true or false" },
  };

  m->delimiter = ';';
  m->time_format = FL_KPI_TIME_DMY_SLASH;
  g_free (m->time_zone);
  m->time_zone = g_strdup ("Europe/Paris");
  m->series_prefix = g_strdup ("site-a");
  fl_kpi_mapping_add_column (m, "when", -1, FL_KPI_ROLE_TIME);
  fl_kpi_mapping_add_column (m, NULL, 3, FL_KPI_ROLE_KEY);
  c = fl_kpi_mapping_add_column (m, "BB60C Measurement (dBm)", -1, FL_KPI_ROLE_VALUE);
  c->name = g_strdup ("BB60C");
  c->unit = g_strdup ("dBm");
  c->zero_is_missing = TRUE;
  fl_kpi_mapping_add_column (m, "Network Type", -1, FL_KPI_ROLE_CATEGORICAL);
  fl_kpi_mapping_add_column (m, "junk", -1, FL_KPI_ROLE_IGNORE);

  json = fl_kpi_mapping_to_json (m);
  back = fl_kpi_mapping_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->delimiter, ==, ';');
  g_assert_true (back->has_header);
  g_assert_cmpint (back->time_format, ==, FL_KPI_TIME_DMY_SLASH);
  g_assert_cmpstr (back->time_zone, ==, "Europe/Paris");
  g_assert_cmpstr (back->series_prefix, ==, "site-a");
  g_assert_cmpuint (back->columns->len, ==, 5);
  c = g_ptr_array_index (back->columns, 1);
  g_assert_null (c->source);
  g_assert_cmpint (c->index, ==, 3);
  g_assert_cmpint (c->role, ==, FL_KPI_ROLE_KEY);
  c = g_ptr_array_index (back->columns, 2);
  g_assert_cmpstr (c->name, ==, "BB60C");
  g_assert_cmpstr (c->unit, ==, "dBm");
  g_assert_true (c->zero_is_missing);
  json2 = fl_kpi_mapping_to_json (back);
  g_assert_cmpstr (json, ==, json2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(FlKpiMapping) none = fl_kpi_mapping_from_json (bad[i].json, -1, &e);

      g_test_message ("bad mapping %u: %s", i, bad[i].json);
      g_assert_null (none);
      g_assert_error (e, FL_ERROR, FL_ERROR_INVALID);
      g_assert_nonnull (strstr (e->message, bad[i].message));
    }
}

/* ---- detection ------------------------------------------------------- */

static FlKpiColumnMap *
find_map (FlKpiMapping *m,
          const char   *source)
{
  for (guint i = 0; i < m->columns->len; i++)
    {
      FlKpiColumnMap *c = g_ptr_array_index (m->columns, i);

      if (g_strcmp0 (c->source, source) == 0)
        return c;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_detect (void)
{
  const char *semi =
    "\357\273\277timeslot;router;load (Mbps);state\r\n"
    "19/07/2025 10:19;r1;12.5;up\r\n"
    "19/07/2025 10:19;r2;0.5;down\r\n"
    "19/07/2025 10:20;r1;13;up\r\n";
  const char *dbm =
    "Timestamp,Region,Signal (dBm),Noise (dBm),Latency (ms)\n"
    "2023-05-05 12:50:40,a,-90.5,0.0,12\n"
    "2023-05-05 12:53:47,b,-91.5,-100.25,0\n"
    "2023-05-05 12:56:54,a,-92.5,-101.5,13\n";
  const char *noheader = "1752920340\t5.5\t7\n1752920400\t6.5\t8\n";
  const char *epoch_named = "ts_ms,probe_id,rtt_ms,epoch_s\n"
                            "1752920340000,6012,20.5,1752920340\n"
                            "1752920400000,6012,21.5,1752920400\n";
  g_autoptr(FlKpiMapping) m1 = NULL;
  g_autoptr(FlKpiMapping) m2 = NULL;
  g_autoptr(FlKpiMapping) m3 = NULL;
  g_autoptr(FlKpiMapping) m4 = NULL;
  g_autoptr(GError) error = NULL;
  FlKpiColumnMap *c;

  m1 = fl_kpi_mapping_detect ((const guint8 *) semi, strlen (semi), &error);
  g_assert_no_error (error);
  g_assert_cmpint (m1->delimiter, ==, ';');
  g_assert_true (m1->has_header);
  g_assert_cmpint (m1->time_format, ==, FL_KPI_TIME_DMY_SLASH);
  g_assert_cmpint (find_map (m1, "timeslot")->role, ==, FL_KPI_ROLE_TIME);
  g_assert_cmpint (find_map (m1, "router")->role, ==, FL_KPI_ROLE_KEY);
  c = find_map (m1, "load (Mbps)");
  g_assert_cmpint (c->role, ==, FL_KPI_ROLE_VALUE);
  g_assert_cmpstr (c->name, ==, "load");
  g_assert_cmpstr (c->unit, ==, "Mbps");
  g_assert_cmpint (find_map (m1, "state")->role, ==, FL_KPI_ROLE_CATEGORICAL);

  /* "Region" is no key name and times do not repeat: categorical. A dBm
   * column with zeros among negative values: zero means missing; not for ms. */
  m2 = fl_kpi_mapping_detect ((const guint8 *) dbm, strlen (dbm), &error);
  g_assert_no_error (error);
  g_assert_cmpint (m2->delimiter, ==, ',');
  g_assert_cmpint (m2->time_format, ==, FL_KPI_TIME_ISO8601);
  g_assert_cmpint (find_map (m2, "Region")->role, ==, FL_KPI_ROLE_CATEGORICAL);
  g_assert_false (find_map (m2, "Signal (dBm)")->zero_is_missing);
  g_assert_true (find_map (m2, "Noise (dBm)")->zero_is_missing);
  g_assert_false (find_map (m2, "Latency (ms)")->zero_is_missing);

  m3 = fl_kpi_mapping_detect ((const guint8 *) noheader, strlen (noheader), &error);
  g_assert_null (m3);
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);   /* no named time column */
  g_clear_error (&error);

  m4 = fl_kpi_mapping_detect ((const guint8 *) epoch_named, strlen (epoch_named), &error);
  g_assert_no_error (error);
  g_assert_cmpint (m4->time_format, ==, FL_KPI_TIME_EPOCH_MS);
  g_assert_cmpint (find_map (m4, "ts_ms")->role, ==, FL_KPI_ROLE_TIME);
  g_assert_cmpint (find_map (m4, "probe_id")->role, ==, FL_KPI_ROLE_KEY);
  g_assert_cmpint (find_map (m4, "rtt_ms")->role, ==, FL_KPI_ROLE_VALUE);
  g_assert_cmpint (find_map (m4, "epoch_s")->role, ==, FL_KPI_ROLE_IGNORE);

  g_assert_null (fl_kpi_mapping_detect ((const guint8 *) "a,b\n", 4, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_null (fl_kpi_mapping_detect ((const guint8 *) "a\0b\nc,d\n", 8, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_null (fl_kpi_mapping_detect ((const guint8 *) "hello\nworld\n", 12, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
}

static void
test_sniff (void)
{
  const char *kpi = "hostname,ifname,timeslot,v\nh,i,2025-06-19 13:00:00,1\n";

  g_assert_cmpint (fl_import_sniff ((const guint8 *) kpi, strlen (kpi), "x.csv"), ==,
                   FL_FORMAT_KPI_CSV);
  g_assert_cmpstr (fl_format_to_string (FL_FORMAT_KPI_CSV), ==, "kpi-csv");
  g_assert_cmpint (fl_format_from_string ("kpi-csv"), ==, FL_FORMAT_KPI_CSV);
  /* The RTT formats keep their importers; a lone header is not a table. */
  g_assert_cmpint (fl_import_sniff ((const guint8 *) "timestamp,probe_id,rtt\n1,2,3\n", 28,
                                    NULL), ==, FL_FORMAT_RTT_CSV);
  g_assert_cmpint (fl_import_sniff ((const guint8 *) "a,b\n", 4, NULL), ==, FL_FORMAT_UNKNOWN);
  g_assert_cmpint (fl_import_sniff ((const guint8 *) "a,b\n1,2,3\n", 10, NULL), ==,
                   FL_FORMAT_UNKNOWN);
  g_assert_cmpint (fl_import_sniff ((const guint8 *) "a,b\n\0011,2\n", 10, NULL), ==,
                   FL_FORMAT_UNKNOWN);
}

/* ---- import into a project ------------------------------------------ */

static const char *small_csv =
  "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
  "2025-01-01 00:00:00;h1;eth0;10.5;100;up;-90;0\n"
  "2025-01-01 00:00:00;h1;eth1;11.5;200;up;0;0\n"
  "\n"
  ";;;;;;;\n"
  "2025-01-01 00:01:00;h1;eth0;;101;down;-91;1\n"
  "2025-01-01 00:01:00;h1;eth1;12.5;NA;up;-92.5;0\n"
  "2025-01-01 00:02:00;h1;eth0;13.5;102;\"up\";0;0\n";

static FlKpiMapping *
small_mapping (void)
{
  FlKpiMapping *m = fl_kpi_mapping_new ();
  FlKpiColumnMap *c;
  const char *missing[] = { "", "NA", NULL };

  m->delimiter = ';';
  m->time_format = FL_KPI_TIME_ISO8601;
  g_free (m->time_zone);
  m->time_zone = g_strdup ("+01:00");
  g_strfreev (m->missing);
  m->missing = g_strdupv ((char **) missing);
  fl_kpi_mapping_add_column (m, "time", -1, FL_KPI_ROLE_TIME);
  fl_kpi_mapping_add_column (m, "host", -1, FL_KPI_ROLE_KEY);
  fl_kpi_mapping_add_column (m, "IFNAME", -1, FL_KPI_ROLE_KEY);
  fl_kpi_mapping_add_column (m, "Latency (ms)", -1, FL_KPI_ROLE_VALUE);
  fl_kpi_mapping_add_column (m, "rx_mbps", -1, FL_KPI_ROLE_VALUE);
  fl_kpi_mapping_add_column (m, "state", -1, FL_KPI_ROLE_CATEGORICAL);
  c = fl_kpi_mapping_add_column (m, "sdr (dBm)", -1, FL_KPI_ROLE_VALUE);
  c->zero_is_missing = TRUE;
  fl_kpi_mapping_add_column (m, NULL, 7, FL_KPI_ROLE_VALUE);
  return m;
}

static void
test_import_small (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FlKpiMapping) m = small_mapping ();
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlKpiTable) t = NULL;
  g_autoptr(FlKpiTable) one = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = write_file (f, "site.csv", small_csv, -1);
  g_autofree char *copy = write_file (f, "copy.csv", small_csv, -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int lat, rx, state, sdr, label;
  const double t0 = 1735686000; /* 2025-01-01 00:00 at +01:00 */
  gint64 eth0;

  g_assert_true (fl_project_import_kpi_file (f->project, csv, m, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (src->format, ==, "kpi-csv");
  g_assert_cmpuint (src->counts.results, ==, 5);
  g_assert_cmpuint (src->counts.series, ==, 2);
  g_assert_cmpuint (src->counts.skipped, ==, 1);
  /* 5 rows × 5 columns; missing: "", "NA", two zeros in sdr */
  g_assert_cmpuint (src->counts.lost, ==, 4);
  g_assert_cmpuint (src->counts.replies, ==, 21);

  sources = fl_project_list_sources (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_cmpuint (((FlSourceInfo *) g_ptr_array_index (sources, 0))->counts.results, ==, 5);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM series WHERE kind = 'kpi'"), ==, 2);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM series WHERE key ="
                              " 'kpi:site:h1|eth0' AND label = 'h1 / eth0'"), ==, 1);

  t = fl_project_load_kpi_table (f->project, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_rows, ==, 5);
  g_assert_cmpuint (t->n_columns, ==, 5);
  lat = fl_kpi_table_find_column (t, "Latency");
  rx = fl_kpi_table_find_column (t, "rx");
  state = fl_kpi_table_find_column (t, "state");
  sdr = fl_kpi_table_find_column (t, "sdr");
  label = fl_kpi_table_find_column (t, "label");
  g_assert_cmpint (lat, >=, 0);
  g_assert_cmpint (rx, >=, 0);
  g_assert_cmpint (state, >=, 0);
  g_assert_cmpint (sdr, >=, 0);
  g_assert_cmpint (label, >=, 0);
  g_assert_cmpint (fl_kpi_table_find_column (t, "host"), ==, -1);
  g_assert_cmpstr (t->column_units[lat], ==, "ms");
  g_assert_cmpstr (t->column_units[rx], ==, "Mbps");
  g_assert_cmpstr (t->column_units[sdr], ==, "dBm");
  g_assert_null (t->column_units[label]);
  g_assert_true (t->categorical[state]);
  g_assert_false (t->categorical[lat]);
  g_assert_cmpstr (t->categories[state][0], ==, "up");
  g_assert_cmpstr (t->categories[state][1], ==, "down");
  g_assert_null (t->categories[state][2]);

  /* Rows ordered by series (eth0 first: created first) then time. */
  eth0 = t->series_id[0];
  g_assert_cmpint (t->series_id[1], ==, eth0);
  g_assert_cmpint (t->series_id[2], ==, eth0);
  g_assert_cmpint (t->series_id[3], !=, eth0);
  g_assert_cmpfloat (t->ts_s[0], ==, t0);
  g_assert_cmpfloat (t->ts_s[1], ==, t0 + 60);
  g_assert_cmpfloat (t->ts_s[2], ==, t0 + 120);
#define V(r, c) (t->values[(r) * t->n_columns + (c)])
  g_assert_cmpfloat (V (0, lat), ==, 10.5);
  g_assert_true (isnan (V (1, lat)));
  g_assert_cmpfloat (V (1, state), ==, 1);
  g_assert_cmpfloat (V (1, label), ==, 1);
  g_assert_cmpfloat (V (0, sdr), ==, -90);
  g_assert_true (isnan (V (2, sdr)));           /* 0 means missing */
  g_assert_cmpfloat (V (2, state), ==, 0);      /* quoted "up" */
  g_assert_true (isnan (V (4, rx)));            /* NA */
  g_assert_cmpfloat (V (4, sdr), ==, -92.5);
#undef V

  one = fl_project_load_kpi_table (f->project, t->series_id[3], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n_rows, ==, 2);
  g_assert_null (fl_project_load_kpi_table (f->project, 9999, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The same bytes again, under another name: refused, nothing added. */
  before = project_state (f->project);
  g_assert_false (fl_project_import_kpi_file (f->project, copy, m, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "site.csv"));
  after = project_state (f->project);
  g_assert_cmpstr (before, ==, after);
}

/* A second file reuses KPI columns and categories by name. */
static void
test_import_shared_columns (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FlKpiMapping) m = small_mapping ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = write_file (f, "a.csv", small_csv, -1);
  g_autofree char *b = write_file (f, "b.csv",
                                   "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
                                   "2025-01-02 00:00:00;h2;eth0;1;2;flapping;-80;0\n", -1);
  g_autofree char *c = write_file (f, "c.csv", "t,Latency (s)\n2025-01-02 00:00:00,1\n", -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (fl_project_import_kpi_file (f->project, a, m, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (f->project, b, m, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM kpi_columns"), ==, 5);
  g_assert_cmpint (query_int (f->project, "SELECT code FROM kpi_categories WHERE text ="
                              " 'flapping'"), ==, 2);

  /* Same name, another unit: refused, the project is unchanged. */
  before = project_state (f->project);
  g_assert_false (fl_project_import_kpi_file (f->project, c, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unit"));
  after = project_state (f->project);
  g_assert_cmpstr (before, ==, after);
}

static void
test_import_errors (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *text;
    gssize      len;
    int         code;
    const char *message;
  } cases[] = {
    { "", 0, FL_ERROR_PARSE, "empty" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n", -1, FL_ERROR_PARSE,
      "no data rows" },
    { "time;host;Latency (ms);rx_mbps;state;sdr (dBm);label\n2025-01-01 00:00;h;1;2;up;3;0\n", -1,
      FL_ERROR_PARSE, "line 1: missing column “IFNAME”" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;2;up;3;0\n2025-01-01 00:01;h;e;nan;2;up;3;0\n", -1, FL_ERROR_PARSE,
      "line 3: column “Latency (ms)”: “nan” is not a number" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;Infinity;up;3;0\n", -1, FL_ERROR_PARSE, "line 2: column “rx_mbps”" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;2;up;3;0\n01/01/2025 00:01;h;e;1;2;up;3;0\n", -1, FL_ERROR_PARSE,
      "line 3: invalid timestamp “01/01/2025 00:01”" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;2;up;3\n", -1, FL_ERROR_PARSE, "line 2: expected 8 fields" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;2;up;3;0;extra\n", -1, FL_ERROR_PARSE, "line 2: expected 8 fields" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;2;\"up;3;0\n", -1, FL_ERROR_PARSE, "unterminated quote" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "2025-01-01 00:00;h;e;1;2;up;3;0\n\0\0\0garbage\n", 100, FL_ERROR_PARSE,
      "line 3: binary data" },
    { "time;host;ifname;Latency (ms);rx_mbps;state;sdr (dBm);label\n"
      "1999-13-01 00:00;h;e;1;2;up;3;0\n", -1, FL_ERROR_PARSE, "line 2: invalid timestamp" },
  };
  g_autoptr(FlKpiMapping) m = small_mapping ();
  g_autoptr(GError) error = NULL;
  g_autofree char *good = write_file (f, "good.csv", small_csv, -1);

  /* Something stored first, which every failure must leave alone. */
  g_assert_true (fl_project_import_kpi_file (f->project, good, m, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad%u.csv", i);
      g_autofree char *path = write_file (f, name, cases[i].text,
                                          cases[i].len >= 0 ? cases[i].len : (gssize) strlen (cases[i].text));
      g_autofree char *before = project_state (f->project);
      g_autofree char *after = NULL;
      g_autoptr(GError) e = NULL;

      g_test_message ("case %u", i);
      g_assert_false (fl_project_import_kpi_file (f->project, path, m, NULL, NULL, NULL, NULL, &e));
      g_assert_error (e, FL_ERROR, cases[i].code);
      g_test_message ("%s", e->message);
      g_assert_nonnull (strstr (e->message, name));
      g_assert_nonnull (strstr (e->message, cases[i].message));
      after = project_state (f->project);
      g_assert_cmpstr (before, ==, after);
    }

  /* Without a mapping, a file nothing can be detected in. */
  {
    g_autofree char *path = write_file (f, "nodate.csv", "a,b\nx,1\ny,2\n", -1);
    g_autofree char *before = project_state (f->project);
    g_autofree char *after = NULL;

    g_assert_false (fl_project_import_kpi_file (f->project, path, NULL, NULL, NULL, NULL, NULL,
                                                &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_FORMAT);
    g_assert_nonnull (strstr (error->message, "nodate.csv"));
    g_clear_error (&error);
    after = project_state (f->project);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
cancel_on_progress (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  if (fraction > 0 && fraction < 1)
    g_cancellable_cancel (user_data);
}

static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new ("t,v\n");
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = project_state (f->project);
  g_autofree char *after = NULL;

  /* ~3 MiB so that progress is reported before the end. */
  for (guint i = 0; i < 150000; i++)
    g_string_append_printf (big, "%u,%u.25\n", 1700000000 + i, i);
  path = write_file (f, "big.csv", big->str, (gssize) big->len);
  g_assert_false (fl_project_import_kpi_file (f->project, path, NULL, cancel_on_progress, cancel,
                                              cancel, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = project_state (f->project);
  g_assert_cmpstr (before, ==, after);
}

/* ---- the shared real data (../shared/data) -------------------------- */

static char *
shared_file (const char *rel)
{
  const char *dir = g_getenv ("FL_SHARED_DATA");
  char *p;

  if (dir == NULL)
    return NULL;
  p = g_build_filename (dir, rel, NULL);
  if (!g_file_test (p, G_FILE_TEST_IS_REGULAR))
    {
      g_free (p);
      return NULL;
    }
  return p;
}

#define REQUIRE_SHARED(var, rel) \
  g_autofree char *var = shared_file (rel); \
  if (var == NULL) \
    { \
      g_test_skip ("../shared/data is absent: " rel); \
      return; \
    }

static FlQualitySource *
quality_of (FlProject *project,
            gint64     source_id,
            FlQualityReport **out)
{
  g_autoptr(GError) error = NULL;

  *out = fl_quality_report_build (project, 60, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < (*out)->sources->len; i++)
    {
      FlQualitySource *s = g_ptr_array_index ((*out)->sources, i);

      if (s->source_id == source_id)
        return s;
    }
  g_assert_not_reached ();
  return NULL;
}

/* PROVENANCE.md: 7,410 rows: 1 host × 10 interfaces × 741 rows, hourly,
 * with two gaps (26 h and 31 h); values 352 to 5.5e9. */
static void
test_shared_device_data (Fixture       *f,
                         gconstpointer  data)
{
  REQUIRE_SHARED (path, "network-load-anomaly-nimmi/device_data.csv");
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlKpiTable) t = NULL;
  g_autoptr(FlQualityReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FlQualitySource *qs;
  double lo = INFINITY, hi = -INFINITY;

  /* Detected mapping: hostname + ifname are the key. */
  g_assert_true (fl_project_import_kpi_file (f->project, path, NULL, NULL, NULL, NULL, &src,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (src->counts.results, ==, 7410);
  g_assert_cmpuint (src->counts.series, ==, 10);
  g_assert_cmpuint (src->counts.lost, ==, 0);

  t = fl_project_load_kpi_table (f->project, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_rows, ==, 7410);
  g_assert_cmpuint (t->n_columns, ==, 2);
  g_assert_cmpint (fl_kpi_table_find_column (t, "max_metric_value"), >=, 0);
  g_assert_cmpint (fl_kpi_table_find_column (t, "mean_metric_value"), >=, 0);
  for (gsize i = 0; i < t->n_rows * t->n_columns; i++)
    {
      lo = MIN (lo, t->values[i]);
      hi = MAX (hi, t->values[i]);
    }
  g_assert_cmpfloat (lo, >=, 352);
  g_assert_cmpfloat (lo, <, 353);
  g_assert_cmpfloat (hi, >, 5.4e9);
  g_assert_cmpfloat (hi, <, 5.6e9);

  qs = quality_of (f->project, src->id, &report);
  g_assert_cmpuint (qs->series->len, ==, 10);
  g_assert_cmpuint (qs->n_rows, ==, 7410);
  for (guint i = 0; i < qs->series->len; i++)
    {
      FlQualitySeries *s = g_ptr_array_index (qs->series, i);
      double gap_h[2];

      g_assert_cmpuint (s->n_rows, ==, 741);
      g_assert_cmpfloat (s->step_s, ==, 3600);
      g_assert_cmpuint (s->n_gaps, ==, 2);
      gap_h[0] = g_array_index (s->gaps, FlQualityGap, 0).length_s / 3600;
      gap_h[1] = g_array_index (s->gaps, FlQualityGap, 1).length_s / 3600;
      g_assert_cmpfloat (MIN (gap_h[0], gap_h[1]), ==, 26);
      g_assert_cmpfloat (MAX (gap_h[0], gap_h[1]), ==, 31);
      /* 2025-06-19 13:00 → 2025-07-22 18:00 */
      g_assert_cmpfloat (s->first_ts_s, ==, 1750338000);
      g_assert_cmpfloat (s->last_ts_s, ==, 1753207200);
    }
}

/* PROVENANCE.md: 47,820 rows: 10 series at a 1-minute step, 4,782 each,
 * 2025-07-19 10:19 → 2025-07-22 18:00, `DD-MM-YYYY HH:MM`. */
static void
test_shared_test_dataset (Fixture       *f,
                          gconstpointer  data)
{
  REQUIRE_SHARED (path, "network-load-anomaly-nimmi/test_dataset.csv");
  g_autoptr(FlKpiMapping) m = NULL;
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlQualityReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FlQualitySource *qs;

  m = fl_kpi_mapping_detect_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->time_format, ==, FL_KPI_TIME_DMY_DASH);
  g_assert_cmpint (find_map (m, "router")->role, ==, FL_KPI_ROLE_KEY);

  g_assert_true (fl_project_import_kpi_file (f->project, path, m, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (src->counts.results, ==, 47820);
  g_assert_cmpuint (src->counts.series, ==, 10);

  qs = quality_of (f->project, src->id, &report);
  g_assert_cmpuint (qs->series->len, ==, 10);
  for (guint i = 0; i < qs->series->len; i++)
    {
      FlQualitySeries *s = g_ptr_array_index (qs->series, i);

      g_assert_cmpuint (s->n_rows, ==, 4782);
      g_assert_cmpfloat (s->step_s, ==, 60);
      g_assert_cmpfloat (s->first_ts_s, ==, 1752920340);
      g_assert_cmpfloat (s->last_ts_s, ==, 1753207200);
    }
}

/* PROVENANCE.md: 16,829 rows, 12 columns, every row 187.210173 s after the
 * previous; Network Type LTE 4,224 / 4G 4,219 / 3G 4,208 / 5G 4,178; 20
 * localities; latency 10.02–199.99 ms, throughput 1.0004–99.99 Mbps, signal
 * −116.9 to −74.6 dBm; Signal Quality (%) 0 in every row; 0.0 = missing in
 * the three SDR columns; 723 rows with signal < −100 dBm (the seed's faults). */
static void
test_shared_signal_metrics (Fixture       *f,
                            gconstpointer  data)
{
  REQUIRE_SHARED (path, "network-fault-pipeline-kpi/signal_metrics.csv");
  const char *json =
    "{\"version\": 1, \"delimiter\": \",\", \"header\": true, \"time_format\": \"iso8601\","
    " \"time_zone\": \"UTC\", \"columns\": ["
    " {\"source\": \"Timestamp\", \"role\": \"time\"},"
    " {\"source\": \"Locality\", \"role\": \"categorical\"},"
    " {\"source\": \"Latitude\", \"role\": \"value\", \"unit\": \"°\"},"
    " {\"source\": \"Longitude\", \"role\": \"value\", \"unit\": \"°\"},"
    " {\"source\": \"Signal Strength (dBm)\", \"role\": \"value\"},"
    " {\"source\": \"Signal Quality (%)\", \"role\": \"value\"},"
    " {\"source\": \"Data Throughput (Mbps)\", \"role\": \"value\"},"
    " {\"source\": \"Latency (ms)\", \"role\": \"value\"},"
    " {\"source\": \"Network Type\", \"role\": \"categorical\"},"
    " {\"source\": \"BB60C Measurement (dBm)\", \"role\": \"value\", \"zero_is_missing\": true},"
    " {\"source\": \"srsRAN Measurement (dBm)\", \"role\": \"value\", \"zero_is_missing\": true},"
    " {\"source\": \"BladeRFxA9 Measurement (dBm)\", \"role\": \"value\", \"zero_is_missing\": true}"
    "]}";
  g_autoptr(FlKpiMapping) m = NULL;
  g_autoptr(FlKpiMapping) detected = NULL;
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlKpiTable) t = NULL;
  g_autoptr(FlQualityReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FlQualitySource *qs;
  FlQualitySeries *s;
  int nt, sig, q, lat, thr, loc, bb;
  guint type_counts[4] = { 0 }, faults = 0, bb_missing = 0;
  double lat_lo = INFINITY, lat_hi = -INFINITY, thr_lo = INFINITY, thr_hi = -INFINITY;
  double sig_lo = INFINITY, sig_hi = -INFINITY, q_abs = 0;

  /* The detected mapping agrees on the roles that matter. */
  detected = fl_kpi_mapping_detect_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (find_map (detected, "Timestamp")->role, ==, FL_KPI_ROLE_TIME);
  g_assert_cmpint (find_map (detected, "Network Type")->role, ==, FL_KPI_ROLE_CATEGORICAL);
  g_assert_cmpint (find_map (detected, "Locality")->role, ==, FL_KPI_ROLE_CATEGORICAL);
  g_assert_true (find_map (detected, "BB60C Measurement (dBm)")->zero_is_missing);
  g_assert_false (find_map (detected, "Signal Strength (dBm)")->zero_is_missing);

  m = fl_kpi_mapping_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (f->project, path, m, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (src->counts.results, ==, 16829);
  g_assert_cmpuint (src->counts.series, ==, 1);

  t = fl_project_load_kpi_table (f->project, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_rows, ==, 16829);
  g_assert_cmpuint (t->n_columns, ==, 11);   /* 12 minus the timestamp */
  nt = fl_kpi_table_find_column (t, "Network Type");
  loc = fl_kpi_table_find_column (t, "Locality");
  sig = fl_kpi_table_find_column (t, "Signal Strength");
  q = fl_kpi_table_find_column (t, "Signal Quality");
  lat = fl_kpi_table_find_column (t, "Latency");
  thr = fl_kpi_table_find_column (t, "Data Throughput");
  bb = fl_kpi_table_find_column (t, "BB60C Measurement");
  g_assert_true (nt >= 0 && loc >= 0 && sig >= 0 && q >= 0 && lat >= 0 && thr >= 0 && bb >= 0);
  g_assert_cmpstr (t->column_units[sig], ==, "dBm");
  g_assert_cmpstr (t->column_units[q], ==, "%");
  g_assert_cmpstr (t->column_units[lat], ==, "ms");
  g_assert_cmpstr (t->column_units[thr], ==, "Mbps");
  g_assert_cmpuint (g_strv_length (t->categories[loc]), ==, 20);
  g_assert_cmpuint (g_strv_length (t->categories[nt]), ==, 4);

  for (gsize r = 0; r < t->n_rows; r++)
    {
      const double *row = t->values + r * t->n_columns;
      const char *type = t->categories[nt][(int) row[nt]];

      if (g_str_equal (type, "LTE"))
        type_counts[0]++;
      else if (g_str_equal (type, "4G"))
        type_counts[1]++;
      else if (g_str_equal (type, "3G"))
        type_counts[2]++;
      else if (g_str_equal (type, "5G"))
        type_counts[3]++;
      if (row[sig] < -100)
        faults++;
      if (isnan (row[bb]))
        bb_missing++;
      lat_lo = MIN (lat_lo, row[lat]);
      lat_hi = MAX (lat_hi, row[lat]);
      thr_lo = MIN (thr_lo, row[thr]);
      thr_hi = MAX (thr_hi, row[thr]);
      sig_lo = MIN (sig_lo, row[sig]);
      sig_hi = MAX (sig_hi, row[sig]);
      q_abs += fabs (row[q]);
      if (r > 0)
        g_assert_cmpfloat_with_epsilon (t->ts_s[r] - t->ts_s[r - 1], 187.210173, 2e-6);
    }
  g_assert_cmpuint (type_counts[0], ==, 4224);
  g_assert_cmpuint (type_counts[1], ==, 4219);
  g_assert_cmpuint (type_counts[2], ==, 4208);
  g_assert_cmpuint (type_counts[3], ==, 4178);
  g_assert_cmpuint (faults, ==, 723);
  g_assert_cmpfloat (q_abs, ==, 0);
  g_assert_cmpfloat (round (lat_lo * 100) / 100, ==, 10.02);
  g_assert_cmpfloat (round (lat_hi * 100) / 100, ==, 199.99);
  g_assert_cmpfloat (floor (thr_lo * 10000) / 10000, ==, 1.0004);
  g_assert_cmpfloat (floor (thr_hi * 100) / 100, ==, 99.98);
  g_assert_cmpfloat (round (sig_lo * 10) / 10, ==, -116.9);
  g_assert_cmpfloat (round (sig_hi * 10) / 10, ==, -74.6);
  /* "0.0 for missing": some SDR values are missing, but not all. */
  g_assert_cmpuint (bb_missing, >, 0);
  g_assert_cmpuint (bb_missing, <, t->n_rows);

  qs = quality_of (f->project, src->id, &report);
  g_assert_cmpuint (qs->series->len, ==, 1);
  s = g_ptr_array_index (qs->series, 0);
  g_assert_cmpuint (s->n_rows, ==, 16829);
  g_assert_cmpfloat_with_epsilon (s->step_s, 187.210173, 2e-6);
  g_assert_cmpuint (s->n_gaps, ==, 0);
  g_assert_cmpuint (s->n_duplicate_ts, ==, 0);
  {
    gboolean constant_warned = FALSE;

    for (guint i = 0; i < s->warnings->len; i++)
      if (strstr (g_ptr_array_index (s->warnings, i), "Signal Quality is constant") != NULL)
        constant_warned = TRUE;
    g_assert_true (constant_warned);
  }
}

/* PROVENANCE.md: 952 rows at a 1-minute step, 2026-02-09 07:21 → 23:12; 238
 * rows with packet_count > 0, 714 forward-filled with 0; 49 rows
 * is_degraded = 1 and 49 target_5m_degraded = 1.0; 12 columns. */
static void
test_shared_training_data (Fixture       *f,
                           gconstpointer  data)
{
  REQUIRE_SHARED (path, "networkdeg-ripe1001-features/training_data.csv");
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlKpiTable) t = NULL;
  g_autoptr(GError) error = NULL;
  int pc, deg, target;
  guint fresh = 0, filled = 0, n_deg = 0, n_target = 0;

  g_assert_true (fl_project_import_kpi_file (f->project, path, NULL, NULL, NULL, NULL, &src,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (src->counts.results, ==, 952);
  t = fl_project_load_kpi_table (f->project, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_rows, ==, 952);
  g_assert_cmpuint (t->n_columns, ==, 11);
  pc = fl_kpi_table_find_column (t, "packet_count");
  deg = fl_kpi_table_find_column (t, "is_degraded");
  target = fl_kpi_table_find_column (t, "target_5m_degraded");
  g_assert_true (pc >= 0 && deg >= 0 && target >= 0);
  for (gsize r = 0; r < t->n_rows; r++)
    {
      const double *row = t->values + r * t->n_columns;

      if (row[pc] > 0)
        fresh++;
      else if (row[pc] == 0)
        filled++;
      n_deg += row[deg] == 1;
      n_target += row[target] == 1;
    }
  g_assert_cmpuint (fresh, ==, 238);
  g_assert_cmpuint (filled, ==, 714);
  g_assert_cmpuint (n_deg, ==, 49);
  g_assert_cmpuint (n_target, ==, 49);
  g_assert_cmpfloat (t->ts_s[0], ==, 1770621660);           /* 2026-02-09 07:21 */
  g_assert_cmpfloat (t->ts_s[t->n_rows - 1], ==, 1770678720); /* 2026-02-09 23:12 */
}

/* The labelled RTT traces as KPI data, with a mapping. PROVENANCE.md: 35
 * traces, 289,678 rows, 677 change points; traces_manifest.csv: 402 lost
 * rows. One raw trace (`;`, DD/MM/YYYY HH:MM) too: 11119 has 10,001 rows
 * and 33 change points in the manifest. */
static void
test_shared_rtt_traces (Fixture       *f,
                        gconstpointer  data)
{
  REQUIRE_SHARED (path, "ripe-rtt-changepoint-shao2017/rtt_traces_all_normalized.csv.gz");
  REQUIRE_SHARED (raw, "ripe-rtt-changepoint-shao2017/raw/11119.csv");
  const char *json =
    "{\"delimiter\": \",\", \"time_format\": \"iso8601\", \"series_prefix\": \"shao2017\","
    " \"columns\": [{\"source\": \"trace_id\", \"role\": \"key\"},"
    " {\"source\": \"timestamp_utc\", \"role\": \"time\"},"
    " {\"source\": \"rtt_ms\", \"role\": \"value\"},"
    " {\"source\": \"is_lost\", \"role\": \"value\"},"
    " {\"source\": \"changepoint\", \"role\": \"value\"}]}";
  const char *raw_json =
    "{\"delimiter\": \";\", \"time_format\": \"dd/mm/yyyy\", \"series_prefix\": \"raw\","
    " \"columns\": [{\"source\": \"epoch\", \"role\": \"time\"},"
    " {\"source\": \"rtt\", \"role\": \"value\", \"name\": \"raw_rtt\", \"unit\": \"ms\"},"
    " {\"source\": \"cp\", \"role\": \"value\", \"name\": \"cp\"}]}";
  g_autoptr(FlKpiMapping) m = NULL;
  g_autoptr(FlKpiMapping) rm = NULL;
  g_autoptr(FlSourceInfo) src = NULL;
  g_autoptr(FlSourceInfo) rsrc = NULL;
  g_autoptr(GError) error = NULL;

  m = fl_kpi_mapping_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (f->project, path, m, NULL, NULL, NULL, &src, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (src->counts.results, ==, 289678);
  g_assert_cmpuint (src->counts.series, ==, 35);
  g_assert_cmpuint (src->counts.lost, ==, 402);   /* rtt_ms blank where lost */
  g_assert_cmpint (query_int (f->project, "SELECT sum(v.value) FROM kpi_values v JOIN kpi_columns c"
                              " ON c.id = v.column_id WHERE c.name = 'changepoint'"), ==, 677);
  g_assert_cmpint (query_int (f->project, "SELECT sum(v.value) FROM kpi_values v JOIN kpi_columns c"
                              " ON c.id = v.column_id WHERE c.name = 'is_lost'"), ==, 402);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM series WHERE key ="
                              " 'kpi:shao2017:11119'"), ==, 1);

  rm = fl_kpi_mapping_from_json (raw_json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (f->project, raw, rm, NULL, NULL, NULL, &rsrc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rsrc->counts.results, ==, 10001);
  g_assert_cmpuint (rsrc->counts.series, ==, 1);
  g_assert_cmpint (query_int (f->project, "SELECT sum(v.value) FROM kpi_values v JOIN kpi_columns c"
                              " ON c.id = v.column_id WHERE c.name = 'cp'"), ==, 33);
  /* Same instants as the normalised copy: first row 2016-10-14T21:17:00Z. */
  g_assert_cmpint (query_int (f->project, "SELECT min(ts_s) FROM kpi_values WHERE source_id = 2"),
                   ==, 1476479820);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kpi/split-unit", test_split_unit);
  g_test_add_func ("/kpi/parse-number", test_parse_number);
  g_test_add_func ("/kpi/parse-time", test_parse_time);
  g_test_add_func ("/kpi/mapping-json", test_mapping_json);
  g_test_add_func ("/kpi/detect", test_detect);
  g_test_add_func ("/kpi/sniff", test_sniff);
#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/kpi/import/small", test_import_small);
  ADD ("/kpi/import/shared-columns", test_import_shared_columns);
  ADD ("/kpi/import/errors", test_import_errors);
  ADD ("/kpi/import/cancel", test_import_cancel);
  ADD ("/kpi/shared/device-data", test_shared_device_data);
  ADD ("/kpi/shared/test-dataset", test_shared_test_dataset);
  ADD ("/kpi/shared/signal-metrics", test_shared_signal_metrics);
  ADD ("/kpi/shared/training-data", test_shared_training_data);
  ADD ("/kpi/shared/rtt-traces", test_shared_rtt_traces);
#undef ADD

  return g_test_run ();
}
