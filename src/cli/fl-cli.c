/* fl-cli.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fl-error.h"
#include "fl-experiment.h"
#include "fl-project.h"
#include "fl-project-kpi.h"
#include "fl-quality.h"

static const char *usage_summary =
  "Commands:\n"
  "  import PROJECT FILE...        Import measurement files (created if missing)\n"
  "  sources PROJECT               List imported sources\n"
  "  remove-source PROJECT ID...   Remove imported sources and what came from them\n"
  "  series PROJECT                List series (probes / traces) with sample counts\n"
  "  experiment PROJECT [OPTION…]  Run a SMOTE + XGBoost experiment\n"
  "  runs PROJECT                  List stored experiment runs\n"
  "  show PROJECT RUN [--json]     Show a stored run: config, manifest and results\n"
  "  rerun PROJECT RUN             Re-run a stored experiment and compare bit for bit\n"
  "  quality PROJECT [--json]      Data-quality report per source and series\n"
  "\n"
  "Run “faultline-cli COMMAND --help” for the options of a command.";

static gboolean quiet = FALSE;

static void
print_error (const GError *error)
{
  g_printerr ("faultline-cli: %s\n", error->message);
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  static char last[256];

  if (quiet || message == NULL || g_strcmp0 (last, message) == 0)
    return;
  g_strlcpy (last, message, sizeof last);
  if (fraction >= 0)
    g_printerr ("[%3.0f%%] %s\n", 100 * fraction, message);
  else
    g_printerr ("%s\n", message);
}

static char *
format_time (double ts)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!isfinite (ts))
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_utc ((gint64)ts);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static gboolean
parse_command (int           *argc,
               char        ***argv,
               const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int            min_args,
               gboolean       variadic,
               GError       **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (parameter);

  g_option_context_set_summary (ctx, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, error))
    return FALSE;
  if (*argc - 1 < min_args || (!variadic && *argc - 1 > min_args))
    {
      g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "wrong number of arguments\n\n%s", help);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(FlKpiMapping) mapping = NULL;
  g_autofree char *mapping_file = NULL;
  gboolean json = FALSE;
  int failures = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the imported sources as JSON", NULL },
    { "mapping", 0, 0, G_OPTION_ARG_FILENAME, &mapping_file,
      "Import every FILE as a KPI CSV with this column mapping (JSON, see "
      "fl-kpi-mapping.h); without it KPI CSV files get a detected mapping", "FILE.json" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print progress", NULL },
    { NULL }
  };

  if (!parse_command (&argc, &argv, "PROJECT FILE…",
                      "Import RIPE Atlas ping results (JSON array or NDJSON, optionally .gz),\n"
                      "labelled RTT traces (epoch;rtt;cp) or timestamp,probe_id,rtt CSV files into\n"
                      "PROJECT, one transaction per file. PROJECT is created if it does not exist.\n"
                      "Any other CSV table is a KPI export: imported with the --mapping column\n"
                      "mapping, or one detected from its first rows.\n"
                      "A file that fails leaves the project as it was; the others are still\n"
                      "imported, and the exit status is 1.",
                      entries, 2, TRUE, &error))
    {
      print_error (error);
      return 2;
    }

  if (mapping_file != NULL &&
      (mapping = fl_kpi_mapping_load (mapping_file, &error)) == NULL)
    {
      print_error (error);
      return 2;
    }

  project = fl_project_open (argv[1], TRUE, &error);
  if (project == NULL)
    {
      print_error (error);
      return 1;
    }

  for (int i = 2; i < argc; i++)
    {
      g_autoptr(FlSourceInfo) src = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (mapping != NULL || fl_kpi_file_is_kpi_csv (argv[i]))
        ok = fl_project_import_kpi_file (project, argv[i], mapping, progress_cb, NULL, NULL,
                                         &src, &local_error);
      else
        ok = fl_project_import_file (project, argv[i], progress_cb, NULL, NULL, &src,
                                     &local_error);
      if (!ok)
        {
          print_error (local_error);
          failures++;
          continue;
        }
      if (!json)
        g_print ("Imported %s (%s): %" G_GUINT64_FORMAT " results, %" G_GUINT64_FORMAT
                 " replies, %" G_GUINT64_FORMAT " lost, %" G_GUINT64_FORMAT " skipped, %"
                 G_GUINT64_FORMAT " series, %" G_GUINT64_FORMAT " already present\n",
                 src->file_name, src->format, src->counts.results, src->counts.replies,
                 src->counts.lost, src->counts.skipped, src->counts.series,
                 src->counts.already_present);
    }

  sources = fl_project_list_sources (project, &error);
  series = sources ? fl_project_list_series (project, &error) : NULL;
  if (series == NULL)
    {
      print_error (error);
      return 1;
    }
  if (json)
    {
      g_print ("{\"sources\": [");
      for (guint i = 0; i < sources->len; i++)
        {
          FlSourceInfo *s = g_ptr_array_index (sources, i);
          g_autofree char *name = g_strescape (s->file_name, NULL);

          g_print ("%s\n  {\"id\": %" G_GINT64_FORMAT ", \"file\": \"%s\", \"format\": \"%s\", "
                   "\"results\": %" G_GUINT64_FORMAT ", \"replies\": %" G_GUINT64_FORMAT
                   ", \"lost\": %" G_GUINT64_FORMAT ", \"series\": %" G_GUINT64_FORMAT
                   ", \"already_present\": %" G_GUINT64_FORMAT "}",
                   i ? "," : "", s->id, name, s->format, s->counts.results, s->counts.replies,
                   s->counts.lost, s->counts.series, s->counts.already_present);
        }
      g_print ("\n], \"series\": %u, \"failures\": %d}\n", series->len, failures);
    }
  else
    {
      guint64 total = 0;

      for (guint i = 0; i < series->len; i++)
        total += ((FlSeriesInfo *)g_ptr_array_index (series, i))->n_samples;
      g_print ("%s: %u sources, %u series, %" G_GUINT64_FORMAT " measurements\n",
               argv[1], sources->len, series->len, total);
    }
  return failures > 0 ? 1 : 0;
}

static int
cmd_sources (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (!parse_command (&argc, &argv, "PROJECT", "List the sources imported into PROJECT.",
                      NULL, 1, FALSE, &error))
    {
      print_error (error);
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (sources = fl_project_list_sources (project, &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  g_print ("%4s  %-40s %-14s %10s %9s %9s %7s %7s\n", "ID", "FILE", "FORMAT", "BYTES", "RESULTS",
           "REPLIES", "LOST", "SERIES");
  for (guint i = 0; i < sources->len; i++)
    {
      FlSourceInfo *s = g_ptr_array_index (sources, i);

      g_print ("%4" G_GINT64_FORMAT "  %-40s %-14s %10" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT
               " %9" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT "\n",
               s->id, s->file_name, s->format, s->size_bytes, s->counts.results,
               s->counts.replies, s->counts.lost, s->counts.series);
    }
  return 0;
}

static int
cmd_remove_source (int    argc,
                   char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  int failures = 0, removed = 0;

  if (!parse_command (&argc, &argv, "PROJECT ID…",
                      "Remove imported sources (IDs as listed by “sources”) with their samples, "
                      "ping results and KPI values, and the series left without data. Stored "
                      "runs are kept. The file is compacted when a quarter of it or more is "
                      "then free.", NULL, 2, TRUE, &error))
    {
      print_error (error);
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (sources = fl_project_list_sources (project, &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GError) local_error = NULL;
      const char *name = NULL;
      char *end = NULL;
      gint64 id = g_ascii_strtoll (argv[i], &end, 10);
      guint n_series = 0;

      if (end == argv[i] || *end != '\0')
        {
          g_printerr ("faultline-cli: “%s” is not a source id (see “faultline-cli sources”)\n",
                      argv[i]);
          failures++;
          continue;
        }
      for (guint k = 0; k < sources->len; k++)
        if (((FlSourceInfo *) g_ptr_array_index (sources, k))->id == id)
          name = ((FlSourceInfo *) g_ptr_array_index (sources, k))->file_name;
      if (!fl_project_remove_source (project, id, &n_series, &local_error))
        {
          print_error (local_error);
          failures++;
          continue;
        }
      g_print ("Removed source %" G_GINT64_FORMAT " (%s) and %u series\n", id,
               name != NULL ? name : "?", n_series);
      removed++;
    }
  /* Give the space back when a quarter of the file or more is free. */
  if (removed > 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (argv[1]);
      g_autoptr(GFileInfo) before = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
      gboolean compacted = FALSE;

      if (!fl_project_compact (project, 0.25, &compacted, &error))
        {
          print_error (error);
          return 1;
        }
      if (compacted && before != NULL)
        {
          g_autoptr(GFileInfo) after = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                          G_FILE_QUERY_INFO_NONE, NULL, NULL);
          g_autofree char *from = g_format_size ((guint64) g_file_info_get_size (before));
          g_autofree char *to = after != NULL
                                ? g_format_size ((guint64) g_file_info_get_size (after))
                                : g_strdup ("?");

          g_print ("Compacted %s: %s → %s\n", argv[1], from, to);
        }
    }
  return failures > 0 ? 1 : 0;
}

static int
cmd_series (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) series = NULL;

  if (!parse_command (&argc, &argv, "PROJECT",
                      "List the series (one probe towards one target, or one trace) in PROJECT.",
                      NULL, 1, FALSE, &error))
    {
      print_error (error);
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (series = fl_project_list_series (project, &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  g_print ("%-24s %-32s %9s %7s  %-19s  %-19s\n", "KEY", "LABEL", "SAMPLES", "LOST %",
           "FIRST (UTC)", "LAST (UTC)");
  for (guint i = 0; i < series->len; i++)
    {
      FlSeriesInfo *s = g_ptr_array_index (series, i);
      g_autofree char *first = format_time (s->first_ts_s);
      g_autofree char *last = format_time (s->last_ts_s);

      g_print ("%-24s %-32s %9" G_GUINT64_FORMAT " %7.2f  %-19s  %-19s\n", s->key, s->label,
               s->n_samples, s->n_samples ? 100.0 * s->n_lost / s->n_samples : 0.0, first, last);
    }
  return 0;
}

/* "trace:11119 · xgboost + smote · AP 0.04 · F1 0.07 · 56 test positives" */
static char *
run_headline (const char *summary_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *arms;
  const char *arm = "";
  g_autofree char *more = NULL;

  if (summary_json == NULL || !json_parser_load_from_data (parser, summary_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("");
  o = json_node_get_object (json_parser_get_root (parser));
  arms = json_object_has_member (o, "arms") ? json_object_get_array_member (o, "arms") : NULL;
  if (arms != NULL && json_array_get_length (arms) > 0)
    arm = json_object_get_string_member_with_default (json_array_get_object_element (arms, 0),
                                                      "name", "");
  if (arms != NULL && json_array_get_length (arms) > 1)
    more = g_strdup_printf (" and %u more arms", json_array_get_length (arms) - 1);
  return g_strdup_printf ("%s · %s%s · AP %.3f · F1 %.3f · %" G_GINT64_FORMAT " test positives",
                          json_object_get_string_member_with_default (o, "series", "?"),
                          arm, more ? more : "",
                          json_object_get_double_member_with_default (o, "average_precision", NAN),
                          json_object_get_double_member_with_default (o, "f1", NAN),
                          json_object_get_int_member_with_default (o, "test_positives", 0));
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  gboolean json = FALSE;
  gint64 id;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print the stored run (config, manifest, summary) as one JSON object", NULL },
    { NULL }
  };

  if (!parse_command (&argc, &argv, "PROJECT RUN",
                      "Show a stored experiment run: its config, manifest (library versions,\n"
                      "seed, split bounds, data hash) and comparison table.",
                      entries, 2, FALSE, &error))
    {
      print_error (error);
      return 2;
    }
  if (!g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, &error))
    {
      print_error (error);
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (runs = fl_project_list_runs (project, &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      FlRunInfo *r = g_ptr_array_index (runs, i);
      g_autoptr(JsonParser) parser = NULL;

      if (r->id != id)
        continue;
      if (json)
        {
          g_print ("{\"run_id\": %" G_GINT64_FORMAT ", \"kind\": \"%s\", \"status\": \"%s\",\n"
                   " \"config\": %s,\n \"manifest\": %s,\n \"summary\": %s}\n",
                   r->id, r->kind, r->status, r->config_json,
                   r->manifest_json ? r->manifest_json : "null",
                   r->summary_json ? r->summary_json : "null");
          return 0;
        }
      g_print ("Run %" G_GINT64_FORMAT " (%s, %s)\n\nConfig:\n%s\n\nManifest:\n%s\n", r->id,
               r->kind, r->status, r->config_json, r->manifest_json ? r->manifest_json : "—");
      parser = json_parser_new ();
      if (r->summary_json != NULL && json_parser_load_from_data (parser, r->summary_json, -1, NULL))
        {
          g_autofree char *headline = run_headline (r->summary_json);

          g_print ("\nResult: %s\n", headline);
        }
      g_print ("\nFor every metric, interval and curve point: faultline-cli show --json %s %s\n",
               argv[1], argv[2]);
      return 0;
    }
  g_printerr ("faultline-cli: %s has no run %s\n", argv[1], argv[2]);
  return 1;
}

static int
cmd_rerun (int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(FlExperimentResult) result = NULL;
  FlRerunReport report;
  gboolean json = FALSE;
  gint64 id;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the comparison as JSON", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print progress", NULL },
    { NULL }
  };

  if (!parse_command (&argc, &argv, "PROJECT RUN",
                      "Run a stored experiment again from its stored config and compare: the\n"
                      "manifests (library versions, data and config hashes, split bounds, seed)\n"
                      "and every test prediction, bit for bit. The exit status is 0 when the\n"
                      "predictions are identical, 3 when they differ.",
                      entries, 2, FALSE, &error))
    {
      print_error (error);
      return 2;
    }
  if (!g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, &error))
    {
      print_error (error);
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (result = fl_experiment_rerun (project, id, progress_cb, NULL, NULL, &report,
                                     &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  if (json)
    {
      g_print ("{\"run_id\": %" G_GINT64_FORMAT ", \"rerun_id\": %" G_GINT64_FORMAT
               ", \"predictions_identical\": %s, \"predictions\": %" G_GSIZE_FORMAT
               ", \"changed\": %" G_GSIZE_FORMAT ", \"missing\": %" G_GSIZE_FORMAT
               ", \"max_abs_diff\": %g, \"manifest_differences\": [",
               id, report.new_run_id, report.predictions_identical ? "true" : "false",
               report.n_predictions, report.n_changed, report.n_missing, report.max_abs_diff);
      for (guint i = 0; i < report.differences->len; i++)
        {
          g_autofree char *esc = g_strescape (g_ptr_array_index (report.differences, i), NULL);

          g_print ("%s\"%s\"", i ? ", " : "", esc);
        }
      g_print ("]}\n");
    }
  else
    {
      g_print ("Run %" G_GINT64_FORMAT " re-run as run %" G_GINT64_FORMAT ": %s (%" G_GSIZE_FORMAT
               " predictions compared", id, report.new_run_id,
               report.predictions_identical ? "identical predictions" : "predictions differ",
               report.n_predictions);
      if (!report.predictions_identical)
        g_print (", %" G_GSIZE_FORMAT " changed, %" G_GSIZE_FORMAT " missing, largest "
                 "difference %g", report.n_changed, report.n_missing, report.max_abs_diff);
      g_print (")\n");
      if (report.differences->len == 0)
        g_print ("Manifest: the same libraries, data, config and split bounds.\n");
      for (guint i = 0; i < report.differences->len; i++)
        g_print ("Manifest differs: %s\n", (const char *)g_ptr_array_index (report.differences, i));
    }
  {
    int ret = report.predictions_identical ? 0 : 3;

    fl_rerun_report_clear (&report);
    return ret;
  }
}

static int
cmd_runs (int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  if (!parse_command (&argc, &argv, "PROJECT", "List the experiment runs stored in PROJECT.",
                      NULL, 1, FALSE, &error))
    {
      print_error (error);
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (runs = fl_project_list_runs (project, &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      FlRunInfo *r = g_ptr_array_index (runs, i);
      g_autofree char *when = format_time ((double)r->created_at);

      g_autofree char *headline = run_headline (r->summary_json);

      g_print ("run %-4" G_GINT64_FORMAT "  %s UTC  %-10s %-6s %s\n", r->id, when, r->kind,
               r->status, headline);
    }
  return 0;
}

static int
cmd_quality (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(FlQualityReport) report = NULL;
  g_autofree char *text = NULL;
  gboolean json = FALSE;
  double bucket = 60;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL },
    { "bucket", 0, 0, G_OPTION_ARG_DOUBLE, &bucket,
      "Bucket width in seconds for the empty-bucket (forward-fill) share (default 60)", "S" },
    { NULL }
  };

  if (!parse_command (&argc, &argv, "PROJECT",
                      "Report the data quality of every source and series in PROJECT: time\n"
                      "span, native step (median interval), gaps (intervals longer than 3 native\n"
                      "steps), duplicate timestamps, packet loss, the share of empty buckets that\n"
                      "a forward-filling pipeline would invent, probe clock warnings (RIPE lts),\n"
                      "firmware mix, value ranges, missing values and outliers (beyond median ±\n"
                      "10 MAD).",
                      entries, 1, FALSE, &error))
    {
      print_error (error);
      return 2;
    }
  if (!(bucket > 0 && bucket <= 604800))
    {
      g_printerr ("faultline-cli: --bucket must be between 0 and 604800 s\n");
      return 2;
    }
  if ((project = fl_project_open (argv[1], FALSE, &error)) == NULL ||
      (report = fl_quality_report_build (project, bucket, NULL, &error)) == NULL)
    {
      print_error (error);
      return 1;
    }
  text = json ? fl_quality_report_to_json (report) : fl_quality_report_to_text (report);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

static char *
format_ci (double      v,
           FlInterval  ci)
{
  if (!isfinite (v))
    return g_strdup ("—");
  if (!isfinite (ci.lower) || !isfinite (ci.upper))
    return g_strdup_printf ("%.3f", v);
  return g_strdup_printf ("%.3f (%.2f–%.2f)", v, ci.lower, ci.upper);
}

/* The comparison table: one line per arm, values with 95 % intervals. */
static void
print_arms_table (GPtrArray *arms)
{
  g_print ("\n%-36s %-19s %-19s %-19s %-19s %1s %6s %7s %7s\n", "ARM", "PRECISION", "RECALL",
           "F1", "AVG PRECISION", "", "MCC", "EV.REC", "FA/DAY");
  for (guint a = 0; a < arms->len; a++)
    {
      FlArmResult *arm = g_ptr_array_index (arms, a);
      g_autofree char *p = format_ci (arm->metrics.precision, arm->precision_ci);
      g_autofree char *rc = format_ci (arm->metrics.recall, arm->recall_ci);
      g_autofree char *f1 = format_ci (arm->metrics.f1, arm->bootstrap.f1);
      g_autofree char *ap = format_ci (arm->metrics.average_precision,
                                       arm->bootstrap.average_precision);

      g_print ("%-36s %-19s %-19s %-19s %-19s %1s %6.3f %7.3f %7.2f\n", arm->name, p, rc, f1, ap,
               fl_significance_to_marker (arm->significance), arm->metrics.mcc,
               arm->events.event_recall, arm->events.false_alarms_per_day);
    }
  g_print ("Intervals: Wilson 95 %% for precision and recall, moving-block bootstrap 95 %% for F1 "
           "and average precision.\n");

  for (guint a = 0; a < arms->len; a++)
    {
      FlArmResult *arm = g_ptr_array_index (arms, a);
      g_autoptr(GString) thr = g_string_new (NULL);

      if (!arm->has_operating)
        continue;
      if (a == 0)
        g_print ("\nAt the operating threshold chosen on the validation rows and frozen for the "
                 "test rows:\n");
      for (guint i = 0; i < arm->operating_thresholds->len; i++)
        g_string_append_printf (thr, "%s%.3f", i ? "/" : "",
                                g_array_index (arm->operating_thresholds, double, i));
      g_print ("  %-34s threshold %-14s precision %.3f  recall %.3f  F1 %.3f  false alarms/day "
               "%.2f\n", arm->name, thr->str, arm->at_operating.precision,
               arm->at_operating.recall, arm->at_operating.f1,
               arm->events_at_operating.false_alarms_per_day);
    }
}

static void
print_result_text (const FlExperimentResult *r)
{
  const FlConfusionMatrix *cm = &r->cm;
  guint64 neg = cm->tn + cm->fp, pos = cm->fn + cm->tp;

  g_print ("Run %" G_GINT64_FORMAT " on %s: %" G_GSIZE_FORMAT " training rows (%" G_GSIZE_FORMAT
           " positive, %" G_GSIZE_FORMAT " synthetic), %" G_GSIZE_FORMAT " test rows (%"
           G_GSIZE_FORMAT " positive)\n\n",
           r->run_id, r->series_key, r->train_rows, r->train_positives, r->synthetic_rows,
           r->test_rows, r->test_positives);
  g_print ("Confusion matrix (threshold %.2f)   predicted normal   predicted degraded\n",
           r->threshold);
  g_print ("  actual normal   %20" G_GUINT64_FORMAT " (%5.1f %%) %12" G_GUINT64_FORMAT
           " (%5.1f %%)\n", cm->tn, neg ? 100.0 * cm->tn / neg : 0.0,
           cm->fp, neg ? 100.0 * cm->fp / neg : 0.0);
  g_print ("  actual degraded %20" G_GUINT64_FORMAT " (%5.1f %%) %12" G_GUINT64_FORMAT
           " (%5.1f %%)\n\n", cm->fn, pos ? 100.0 * cm->fn / pos : 0.0,
           cm->tp, pos ? 100.0 * cm->tp / pos : 0.0);
  g_print ("Precision %.3f   Recall %.3f   F1 %.3f   Average precision %.3f\n",
           r->precision, r->recall, r->f1, r->average_precision);

  if (r->arms != NULL && r->arms->len > 1)
    {
      g_print ("\nLabel: %s; %u fold%s, %" G_GSIZE_FORMAT " test events\n",
               r->label_description, r->n_folds, r->n_folds == 1 ? "" : "s", r->n_events);
      print_arms_table (r->arms);
      g_print ("v / *: average precision significantly better / worse than “%s” (p < 0.05; "
               "corrected resampled t-test over folds, else a paired block bootstrap).\n\n",
               r->compare_to);
    }
  if (r->arms != NULL && r->arms->len > 0 &&
      ((FlArmResult *)g_ptr_array_index (r->arms, 0))->noise != NULL)
    {
      g_print ("Noise sweep (mean over seeds, 95 %% confidence interval of the mean):\n");
      g_print ("  %-36s %7s  %-22s %-22s %-22s\n", "ARM", "LEVEL", "RECALL", "F1", "AVG PRECISION");
      for (guint a = 0; a < r->arms->len; a++)
        {
          FlArmResult *arm = g_ptr_array_index (r->arms, a);

          for (guint i = 0; arm->noise != NULL && i < arm->noise->len; i++)
            {
              const FlNoisePoint *pt = &g_array_index (arm->noise, FlNoisePoint, i);

              g_print ("  %-36s %7.3f  %.3f (%.3f–%.3f)    %.3f (%.3f–%.3f)    %.3f (%.3f–%.3f)\n",
                       i == 0 ? arm->name : "", pt->level, pt->recall.mean, pt->recall.lower,
                       pt->recall.upper, pt->f1.mean, pt->f1.lower, pt->f1.upper,
                       pt->average_precision.mean, pt->average_precision.lower,
                       pt->average_precision.upper);
            }
        }
      g_print ("\n");
    }
  for (guint i = 0; i < r->warnings->len; i++)
    g_print ("Warning: %s\n", (const char *)g_ptr_array_index (r->warnings, i));
  for (guint a = 1; r->arms != NULL && a < r->arms->len; a++)
    {
      FlArmResult *arm = g_ptr_array_index (r->arms, a);

      for (guint i = 0; i < arm->warnings->len; i++)
        g_print ("Warning (%s): %s\n", arm->name, (const char *)g_ptr_array_index (arm->warnings, i));
    }
}

static int
cmd_experiment (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProject) project = NULL;
  g_autoptr(FlExperimentResult) result = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *series = NULL;
  g_autofree char *split = NULL;
  g_autofree char *save_config = NULL;
  FlExperimentConfig config;
  gboolean json = FALSE, no_smote = FALSE;
  double test_fraction = -1, k_sigma = -1, eta = -1, threshold = -1;
  int bucket = -1, window = -1, horizon = -1, smote_k = -1, rounds = -1, depth = -1;
  int nthread = -1;
  gint64 seed = -1;
  int ret = 0;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file,
      "Read the experiment from a JSON config (options below override it)", "FILE" },
    { "series", 's', 0, G_OPTION_ARG_STRING, &series,
      "Series key (see “series”); default: the series with the most replies", "KEY" },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
      "Pipeline: honest (default: no forward-fill, past-only baseline, warm-up dropped) or "
      "seed-compat (NetProphet exactly: forward-fill, min_periods=1, current bucket in the "
      "window)", "MODE" },
    { "bucket", 0, 0, G_OPTION_ARG_INT, &bucket, "Bucket width in seconds (default 60)", "S" },
    { "window", 0, 0, G_OPTION_ARG_INT, &window,
      "Rolling baseline window in buckets (default 60)", "N" },
    { "k-sigma", 0, 0, G_OPTION_ARG_DOUBLE, &k_sigma,
      "Label: avg_latency > rolling_mean + K·rolling_std (default 2.5)", "K" },
    { "horizon", 0, 0, G_OPTION_ARG_INT, &horizon,
      "Prediction horizon in buckets (default 5)", "N" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split,
      "chronological (default: the last part is the test block) or random-stratified (the "
      "original protocol; leaks on time series)", "KIND" },
    { "test-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &test_fraction,
      "Share of rows in the test block (default 0.2)", "F" },
    { "no-smote", 0, 0, G_OPTION_ARG_NONE, &no_smote, "Do not resample the training rows", NULL },
    { "smote-k", 0, 0, G_OPTION_ARG_INT, &smote_k, "SMOTE neighbours (default 5)", "K" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "XGBoost boosting rounds (default 200)", "N" },
    { "eta", 0, 0, G_OPTION_ARG_DOUBLE, &eta, "XGBoost learning rate (default 0.1)", "ETA" },
    { "max-depth", 0, 0, G_OPTION_ARG_INT, &depth, "XGBoost tree depth (default 5)", "N" },
    { "nthread", 0, 0, G_OPTION_ARG_INT, &nthread, "XGBoost threads (default 2)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      "Seed for the split, SMOTE and XGBoost (default 42)", "N" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold,
      "Decision threshold on the predicted probability (default 0.5)", "P" },
    { "save-config", 0, 0, G_OPTION_ARG_FILENAME, &save_config,
      "Write the effective config as JSON to FILE", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the result as one JSON object", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print progress", NULL },
    { NULL }
  };

  if (!parse_command (&argc, &argv, "PROJECT",
                      "Run a SMOTE + XGBoost degradation-prediction experiment on one series of\n"
                      "PROJECT: NetProphet bucket features, the label avg_latency > rolling_mean +\n"
                      "k·rolling_std, target = degradation within the horizon, a holdout split,\n"
                      "SMOTE on the training rows only, XGBoost (binary:logistic, hist), and the\n"
                      "confusion matrix, precision, recall, F1 and average precision on the test\n"
                      "rows. The run, model and predictions are stored in PROJECT.",
                      entries, 1, FALSE, &error))
    {
      print_error (error);
      return 2;
    }

  fl_experiment_config_init_default (&config);
  if (config_file != NULL)
    {
      g_autofree char *text = NULL;

      if (!g_file_get_contents (config_file, &text, NULL, &error) ||
          !fl_experiment_config_from_json (&config, text, &error))
        {
          print_error (error);
          ret = 2;
          goto out;
        }
    }

#define OPT_ERR(...) \
  G_STMT_START { g_printerr ("faultline-cli: " __VA_ARGS__); g_printerr ("\n"); ret = 2; \
                 goto out; } G_STMT_END

  if (series != NULL)
    {
      g_free (config.series_key);
      config.series_key = g_strdup (series);
    }
  if (mode != NULL && !fl_pipeline_mode_from_string (mode, &config.pipeline.mode))
    OPT_ERR ("--mode must be “honest” or “seed-compat”, not “%s”", mode);
  if (split != NULL && !fl_split_kind_from_string (split, &config.split))
    OPT_ERR ("--split must be “chronological” or “random-stratified”, not “%s”", split);
  if (bucket != -1)
    {
      if (bucket < 1 || bucket > 86400)
        OPT_ERR ("--bucket must be between 1 and 86400 s");
      config.pipeline.bucket_s = bucket;
    }
  if (window != -1)
    {
      if (window < 2)
        OPT_ERR ("--window must be at least 2 buckets");
      config.pipeline.window_buckets = window;
    }
  if (horizon != -1)
    {
      if (horizon < 1)
        OPT_ERR ("--horizon must be at least 1 bucket");
      config.pipeline.horizon_buckets = horizon;
    }
  if (k_sigma != -1)
    {
      if (!(k_sigma > 0 && k_sigma <= 100))
        OPT_ERR ("--k-sigma must be in (0, 100]");
      config.pipeline.k_sigma = k_sigma;
    }
  if (test_fraction != -1)
    {
      if (!(test_fraction > 0 && test_fraction < 1))
        OPT_ERR ("--test-fraction must be in (0, 1)");
      config.test_fraction = test_fraction;
    }
  if (no_smote)
    config.smote = FALSE;
  if (smote_k != -1)
    {
      if (smote_k < 1)
        OPT_ERR ("--smote-k must be at least 1");
      config.smote_k = smote_k;
    }
  if (rounds != -1)
    {
      if (rounds < 1)
        OPT_ERR ("--rounds must be at least 1");
      config.xgb.n_rounds = rounds;
    }
  if (eta != -1)
    {
      if (!(eta > 0 && eta <= 1))
        OPT_ERR ("--eta must be in (0, 1]");
      config.xgb.eta = eta;
    }
  if (depth != -1)
    {
      if (depth < 1 || depth > 32)
        OPT_ERR ("--max-depth must be between 1 and 32");
      config.xgb.max_depth = depth;
    }
  if (nthread != -1)
    {
      if (nthread < 1)
        OPT_ERR ("--nthread must be at least 1");
      config.xgb.nthread = nthread;
    }
  if (seed != -1)
    {
      if (seed < 0 || seed > G_MAXUINT32)
        OPT_ERR ("--seed must be between 0 and 4294967295");
      config.seed = (guint64)seed;
      config.xgb.seed = (guint64)seed;
    }
  if (threshold != -1)
    {
      if (!(threshold >= 0 && threshold <= 1))
        OPT_ERR ("--threshold must be in [0, 1]");
      config.threshold = threshold;
    }
#undef OPT_ERR

  if (save_config != NULL)
    {
      g_autofree char *text = fl_experiment_config_to_json (&config);

      if (!g_file_set_contents (save_config, text, -1, &error))
        {
          print_error (error);
          ret = 1;
          goto out;
        }
    }

  project = fl_project_open (argv[1], FALSE, &error);
  if (project == NULL)
    {
      print_error (error);
      ret = 1;
      goto out;
    }

  result = fl_experiment_run (project, &config, progress_cb, NULL, NULL, &error);
  if (result == NULL)
    {
      print_error (error);
      ret = 1;
      goto out;
    }

  if (json)
    {
      g_autofree char *text = fl_experiment_result_to_json (result);

      g_print ("%s\n", text);
    }
  else
    print_result_text (result);

out:
  fl_experiment_config_clear (&config);
  return ret;
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    int (*func) (int, char **);
  } commands[] = {
    { "import", cmd_import },
    { "sources", cmd_sources },
    { "remove-source", cmd_remove_source },
    { "series", cmd_series },
    { "experiment", cmd_experiment },
    { "runs", cmd_runs },
    { "show", cmd_show },
    { "rerun", cmd_rerun },
    { "quality", cmd_quality },
  };

  setlocale (LC_ALL, "");
  g_set_prgname ("faultline-cli");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      g_print ("Usage: faultline-cli COMMAND [OPTION…]\n\n%s\n", usage_summary);
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("faultline-cli %s (XGBoost %s, OpenMP runtime %s)\n", PACKAGE_VERSION,
               fl_xgb_version_string (), fl_xgb_openmp_runtime ());
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prg = g_strdup_printf ("faultline-cli %s", commands[i].name);

        g_set_prgname (prg);
        return commands[i].func (argc - 1, argv + 1);
      }

  g_printerr ("faultline-cli: unknown command “%s”\n\n%s\n", argv[1], usage_summary);
  return 2;
}
