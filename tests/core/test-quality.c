/* test-quality.c
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
#include <json-glib/json-glib.h>

#include "fl-error.h"
#include "fl-project-kpi.h"
#include "fl-quality.h"
#include "fl-result-store.h"

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

  f->dir = g_dir_make_tmp ("fl-quality-XXXXXX", &error);
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
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *p = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (p, text, -1, &error);
  g_assert_no_error (error);
  return p;
}

static gboolean
has_warning (GPtrArray  *warnings,
             const char *needle)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* A throw-away series for the pure functions. */
static FlQualitySeries *
bare_series (void)
{
  FlQualitySeries *s = g_new0 (FlQualitySeries, 1);

  s->gaps = g_array_new (FALSE, FALSE, sizeof (FlQualityGap));
  return s;
}

static void
bare_series_free (FlQualitySeries *s)
{
  g_array_unref (s->gaps);
  g_free (s);
}

static void
test_series_compute (void)
{
  /* Distinct times 0 60 120 180 600 660: intervals 60 60 60 420 60, step
   * 60, threshold 180, one gap 180 → 600; buckets 0..11 of which 0 1 2 3
   * 10 11 hold data. */
  const double ts[] = { 0, 60, 120, 120, 180, 600, 660 };
  const double bad[] = { 0, 60, 30 };
  FlQualitySeries *s = bare_series ();
  FlQualityGap *g;

  g_assert_true (fl_quality_series_compute (s, ts, G_N_ELEMENTS (ts), TRUE, 60));
  g_assert_cmpuint (s->n_rows, ==, 7);
  g_assert_cmpuint (s->n_duplicate_ts, ==, 1);
  g_assert_cmpfloat (s->step_s, ==, 60);
  g_assert_cmpfloat (s->gap_threshold_s, ==, 180);
  g_assert_cmpfloat (s->span_s, ==, 660);
  g_assert_cmpuint (s->n_gaps, ==, 1);
  g_assert_cmpfloat (s->gap_total_s, ==, 420);
  g = &g_array_index (s->gaps, FlQualityGap, 0);
  g_assert_cmpfloat (g->start_s, ==, 180);
  g_assert_cmpfloat (g->end_s, ==, 600);
  g_assert_cmpfloat (g->length_s, ==, 420);
  g_assert_cmpuint (s->n_buckets, ==, 12);
  g_assert_cmpuint (s->n_empty_buckets, ==, 6);
  g_assert_cmpfloat (s->empty_bucket_pct, ==, 50);

  /* The packets of one result share a time: not duplicates. */
  g_assert_true (fl_quality_series_compute (s, ts, G_N_ELEMENTS (ts), FALSE, 60));
  g_assert_cmpuint (s->n_rows, ==, 6);
  g_assert_cmpuint (s->n_duplicate_ts, ==, 0);

  /* 240 s steps in 60 s buckets: three of every four buckets are empty. */
  {
    const double every4[] = { 0, 240, 480, 720 };

    g_assert_true (fl_quality_series_compute (s, every4, 4, TRUE, 60));
    g_assert_cmpuint (s->n_buckets, ==, 13);
    g_assert_cmpuint (s->n_empty_buckets, ==, 9);
    g_assert_cmpuint (s->n_gaps, ==, 0);
  }

  g_assert_false (fl_quality_series_compute (s, bad, 3, TRUE, 60));
  bare_series_free (s);
}

static void
test_column_compute (void)
{
  /* median 3, |dev| 2 1 0 1 97 → MAD 1; 3 ± 10 leaves 100 out. */
  const double ts[] = { 10, 20, 30, 40, 50, 60 };
  const double v[] = { 1, 2, NAN, 3, 4, 100 };
  const double flat[] = { 5, 5, 5, 9 };
  FlQualityColumn c = { 0 };
  FlQualityOutlier *o;

  c.outliers = g_array_new (FALSE, FALSE, sizeof (FlQualityOutlier));
  fl_quality_column_compute (&c, ts, v, 6);
  g_assert_cmpuint (c.n_values, ==, 6);
  g_assert_cmpuint (c.n_missing, ==, 1);
  g_assert_cmpfloat_with_epsilon (c.missing_pct, 100.0 / 6, 1e-12);
  g_assert_cmpfloat (c.min, ==, 1);
  g_assert_cmpfloat (c.max, ==, 100);
  g_assert_cmpfloat (c.median, ==, 3);
  g_assert_cmpfloat (c.mad, ==, 1);
  g_assert_cmpuint (c.n_outliers, ==, 1);
  o = &g_array_index (c.outliers, FlQualityOutlier, 0);
  g_assert_cmpfloat (o->ts_s, ==, 60);
  g_assert_cmpfloat (o->value, ==, 100);

  /* MAD 0: no outlier rule. */
  fl_quality_column_compute (&c, ts, flat, 4);
  g_assert_cmpfloat (c.mad, ==, 0);
  g_assert_cmpuint (c.n_outliers, ==, 0);

  /* Categorical: distinct codes only. */
  c.categorical = TRUE;
  fl_quality_column_compute (&c, ts, v, 6);
  g_assert_cmpuint (c.n_categories, ==, 5);
  g_array_unref (c.outliers);
}

static void
test_empty_project (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FlQualityReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  report = fl_quality_report_build (f->project, 60, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sources->len, ==, 0);
  json = fl_quality_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "sources")), ==, 0);
  text = fl_quality_report_to_text (report);
  g_assert_cmpstr (text, ==, "No sources imported.\n");

  g_assert_null (fl_quality_report_build (f->project, 0, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fl_quality_report_build (f->project, NAN, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

/* An RTT CSV with a lost packet, a duplicate time, a gap and an outlier;
 * ping results stored by hand (as the RIPE importer stores them) with
 * lts −1 / 100 / 7200 and two firmware versions; and a KPI source. */
static void
test_project_report (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rtt = write_file (f, "rtt.csv",
                                     "timestamp,probe_id,rtt\n"
                                     "1700000000,7,10\n"
                                     "1700000060,7,11\n"
                                     "1700000120,7,\n"
                                     "1700000120,7,12\n"
                                     "1700000180,7,13\n"
                                     "1700000900,7,14\n"
                                     "1700000960,7,500\n");
  g_autofree char *kpi = write_file (f, "kpi.csv",
                                     "time,cell,Throughput (Mbps),band\n"
                                     "2025-01-01 00:00:00,c1,10,n78\n"
                                     "2025-01-01 00:01:00,c1,,n78\n"
                                     "2025-01-01 00:02:00,c1,12,n1\n"
                                     "2025-01-01 00:02:00,c1,12,n1\n");
  g_autoptr(FlSourceInfo) rs = NULL;
  g_autoptr(FlSourceInfo) ks = NULL;
  g_autoptr(FlQualityReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  FlQualitySource *q1, *q2;
  FlQualitySeries *s;
  FlQualityColumn *c;
  JsonObject *o;

  g_assert_true (fl_project_import_file (f->project, rtt, NULL, NULL, NULL, &rs, &error));
  g_assert_no_error (error);
  g_assert_true (fl_project_import_kpi_file (f->project, kpi, NULL, NULL, NULL, NULL, &ks, &error));
  g_assert_no_error (error);

  {
    sqlite3 *db = fl_project_get_db (f->project);
    sqlite3_stmt *st = NULL;
    FlStoredResult r[3] = {
      { .id = 1, .ts_s = 1700000000, .msm_id = -1, .probe_id = 7, .fw = 4790, .lts = -1,
        .sent = 1, .rcvd = 1 },
      { .id = 2, .ts_s = 1700000060, .msm_id = -1, .probe_id = 7, .fw = 5020, .lts = 100,
        .sent = 1, .rcvd = 1 },
      { .id = 3, .ts_s = 1700000180, .msm_id = -1, .probe_id = 7, .fw = 5020, .lts = 7200,
        .sent = 1, .rcvd = 1 },
    };
    gint64 series_id;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM series WHERE key = 'csv:7'", -1,
                                         &st, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
    series_id = sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
    st = _fl_result_store_prepare (db, &error);
    g_assert_no_error (error);
    g_assert_true (_fl_result_store_write (db, st, rs->id, series_id, r, G_N_ELEMENTS (r),
                                           &error));
    g_assert_no_error (error);
    sqlite3_finalize (st);
  }

  report = fl_quality_report_build (f->project, 60, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (report->bucket_s, ==, 60);
  g_assert_cmpuint (report->sources->len, ==, 2);

  q1 = g_ptr_array_index (report->sources, 0);
  g_assert_cmpstr (q1->format, ==, "rtt-csv");
  g_assert_cmpuint (q1->series->len, ==, 1);
  s = g_ptr_array_index (q1->series, 0);
  g_assert_cmpstr (s->kind, ==, "rtt");
  g_assert_cmpuint (s->n_rows, ==, 7);
  g_assert_cmpuint (s->n_duplicate_ts, ==, 1);
  g_assert_cmpfloat (s->step_s, ==, 60);
  g_assert_cmpuint (s->n_gaps, ==, 1);
  g_assert_cmpfloat (g_array_index (s->gaps, FlQualityGap, 0).length_s, ==, 720);
  g_assert_cmpuint (s->sent, ==, 7);
  g_assert_cmpuint (s->lost, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->loss_pct, 100.0 / 7, 1e-9);
  /* buckets 1700000000/60 = 28333333.33 → 28333333 … 28333349: 17, filled 6 */
  g_assert_cmpuint (s->n_buckets, ==, 17);
  g_assert_cmpuint (s->n_empty_buckets, ==, 11);
  g_assert_cmpuint (s->n_results, ==, 3);
  g_assert_cmpuint (s->lts_unknown, ==, 1);
  g_assert_cmpuint (s->lts_over_limit, ==, 1);
  g_assert_cmpint (s->lts_max, ==, 7200);
  g_assert_cmpuint (s->firmware->len, ==, 4);
  g_assert_cmpint (g_array_index (s->firmware, gint64, 0), ==, 4790);
  g_assert_cmpint (g_array_index (s->firmware, gint64, 1), ==, 1);
  g_assert_cmpint (g_array_index (s->firmware, gint64, 2), ==, 5020);
  g_assert_cmpint (g_array_index (s->firmware, gint64, 3), ==, 2);
  c = g_ptr_array_index (s->columns, 0);
  g_assert_cmpstr (c->name, ==, "rtt");
  g_assert_cmpfloat (c->min, ==, 10);
  g_assert_cmpfloat (c->max, ==, 500);
  g_assert_cmpuint (c->n_outliers, ==, 1);
  g_assert_true (has_warning (s->warnings, "1 gaps"));
  g_assert_true (has_warning (s->warnings, "1 duplicate timestamps"));
  g_assert_true (has_warning (s->warnings, "packet loss 14.3 %"));
  g_assert_true (has_warning (s->warnings, "not synchronised for more than 3600 s"));
  g_assert_true (has_warning (s->warnings, "unknown clock state"));
  g_assert_true (has_warning (s->warnings, "mixed probe firmware: 4790 (1), 5020 (2)"));
  g_assert_true (has_warning (s->warnings, "forward-filling"));
  g_assert_true (has_warning (s->warnings, "rtt: 1 outliers"));
  g_assert_cmpuint (q1->n_warnings, ==, s->warnings->len);

  q2 = g_ptr_array_index (report->sources, 1);
  g_assert_cmpstr (q2->format, ==, "kpi-csv");
  s = g_ptr_array_index (q2->series, 0);
  g_assert_cmpstr (s->kind, ==, "kpi");
  g_assert_cmpstr (s->key, ==, "kpi:kpi:c1");
  g_assert_cmpuint (s->n_rows, ==, 4);
  g_assert_cmpuint (s->n_duplicate_ts, ==, 1);
  g_assert_true (isnan (s->loss_pct));
  g_assert_cmpuint (s->columns->len, ==, 2);
  c = g_ptr_array_index (s->columns, 0);
  g_assert_cmpstr (c->name, ==, "Throughput");
  g_assert_cmpstr (c->unit, ==, "Mbps");
  g_assert_cmpuint (c->n_missing, ==, 1);
  g_assert_cmpfloat (c->missing_pct, ==, 25);
  c = g_ptr_array_index (s->columns, 1);
  g_assert_true (c->categorical);
  g_assert_cmpuint (c->n_categories, ==, 2);
  g_assert_true (has_warning (s->warnings, "Throughput: 25.0 % of the values are missing"));

  /* JSON: the same figures, machine-readable. */
  json = fl_quality_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat (json_object_get_double_member (o, "gap_factor"), ==, 3);
  {
    JsonArray *sources = json_object_get_array_member (o, "sources");
    JsonObject *src = json_array_get_object_element (sources, 0);
    JsonObject *ser = json_array_get_object_element (json_object_get_array_member (src, "series"), 0);
    JsonObject *fw = json_object_get_object_member (ser, "firmware");
    JsonObject *kser;

    g_assert_cmpuint (json_array_get_length (sources), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (src, "file"), ==, "rtt.csv");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ser, "loss_pct"), 100.0 / 7,
                                    1e-9);
    g_assert_cmpint (json_object_get_int_member (ser, "lts_over_limit"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (fw, "5020"), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ser, "gaps")), ==, 1);
    kser = json_array_get_object_element (json_object_get_array_member (
                                            json_array_get_object_element (sources, 1), "series"), 0);
    g_assert_false (json_object_has_member (kser, "loss_pct"));
    g_assert_cmpint (json_object_get_int_member (kser, "duplicate_timestamps"), ==, 1);
  }

  text = fl_quality_report_to_text (report);
  g_assert_nonnull (strstr (text, "Source 1: rtt.csv (rtt-csv)"));
  g_assert_nonnull (strstr (text, "packet loss 14.29 %"));
  g_assert_nonnull (strstr (text, "gap 2023-11-14 22:16:20 → 2023-11-14 22:28:20 (12.0 min)"));

  /* A wider bucket: fewer empty buckets. */
  {
    g_autoptr(FlQualityReport) wide = fl_quality_report_build (f->project, 600, NULL, &error);

    g_assert_no_error (error);
    s = g_ptr_array_index (((FlQualitySource *) g_ptr_array_index (wide->sources, 0))->series, 0);
    g_assert_cmpuint (s->n_buckets, ==, 2);
    g_assert_cmpuint (s->n_empty_buckets, ==, 0);
  }

  /* Cancelled: an error, no report. */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();

    g_cancellable_cancel (cancel);
    g_assert_null (fl_quality_report_build (f->project, 60, cancel, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quality/series-compute", test_series_compute);
  g_test_add_func ("/quality/column-compute", test_column_compute);
  g_test_add ("/quality/empty-project", Fixture, NULL, fixture_set_up, test_empty_project,
              fixture_tear_down);
  g_test_add ("/quality/project", Fixture, NULL, fixture_set_up, test_project_report,
              fixture_tear_down);

  return g_test_run ();
}
