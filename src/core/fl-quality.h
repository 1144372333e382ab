/* fl-quality.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fl-project.h"

G_BEGIN_DECLS

/** FL_QUALITY_GAP_FACTOR: an interval longer than this many native steps is a gap. */
#define FL_QUALITY_GAP_FACTOR 3.0
/** FL_QUALITY_OUTLIER_MADS: values beyond median ± this many MADs are outliers. */
#define FL_QUALITY_OUTLIER_MADS 10.0
/** FL_QUALITY_LTS_LIMIT_S: RIPE `lts` (s since the probe's last clock sync) above this warns. */
#define FL_QUALITY_LTS_LIMIT_S 3600
/** FL_QUALITY_MAX_EXAMPLES: outliers and gaps listed per column / series. */
#define FL_QUALITY_MAX_EXAMPLES 5
#define FL_QUALITY_MAX_GAPS 50

/**
 * FlQualityGap:
 * @start_s: last timestamp before the gap, s since the epoch
 * @end_s: first timestamp after the gap, s since the epoch
 * @length_s: @end_s − @start_s, in s
 *
 * An interval longer than %FL_QUALITY_GAP_FACTOR × the native step.
 */
typedef struct
{
  double start_s;
  double end_s;
  double length_s;
} FlQualityGap;

/**
 * FlQualityOutlier:
 * @ts_s: time of the value, s since the epoch
 * @value: the value
 */
typedef struct
{
  double ts_s;
  double value;
} FlQualityOutlier;

/**
 * FlQualityColumn:
 * @name: column name (`rtt` for RTT series, in ms)
 * @unit: (nullable): unit
 * @categorical: values are category codes (no range or outliers)
 * @n_values: rows
 * @n_missing: rows without a value (lost packets for RTT)
 * @missing_pct: @n_missing / @n_values in %
 * @min: smallest value (NaN when none)
 * @max: largest value (NaN when none)
 * @median: median value (NaN when none)
 * @mad: median absolute deviation from the median, unscaled
 * @n_outliers: values outside median ± %FL_QUALITY_OUTLIER_MADS × MAD
 *   (0 when MAD is 0)
 * @outliers: (element-type FlQualityOutlier): the first few outliers
 * @n_categories: distinct codes (categorical columns)
 *
 * Value statistics of one column of one series.
 */
typedef struct
{
  char    *name;
  char    *unit;
  gboolean categorical;
  guint64  n_values;
  guint64  n_missing;
  double   missing_pct;
  double   min;
  double   max;
  double   median;
  double   mad;
  guint64  n_outliers;
  GArray  *outliers;
  guint64  n_categories;
} FlQualityColumn;

/**
 * FlQualitySeries:
 * @series_id: series id
 * @key: series key
 * @label: display label
 * @kind: `rtt` or `kpi`
 * @n_rows: measurement times (RTT: distinct result times; KPI: CSV rows)
 * @first_ts_s: first time (s since the epoch)
 * @last_ts_s: last time
 * @span_s: @last_ts_s − @first_ts_s, in s
 * @step_s: native step: the median interval between distinct times, in s
 *   (NaN with fewer than two times)
 * @gap_threshold_s: %FL_QUALITY_GAP_FACTOR × @step_s
 * @n_gaps: intervals longer than @gap_threshold_s
 * @gap_total_s: their summed length, s
 * @gaps: (element-type FlQualityGap): the first %FL_QUALITY_MAX_GAPS gaps
 * @n_duplicate_ts: rows whose time equals the previous row's (RTT: only for
 *   one-row-per-packet sources; RIPE packets of one result share a time)
 * @sent: packets sent (RTT; duplicate replies excluded)
 * @lost: packets without a reply (RTT)
 * @loss_pct: packet loss, 100 × @lost / @sent (NaN for KPI series)
 * @bucket_s: bucket width used for @empty_bucket_pct, s
 * @n_buckets: buckets from the first to the last time
 * @n_empty_buckets: buckets without any measurement
 * @empty_bucket_pct: 100 × @n_empty_buckets / @n_buckets: the share of
 *   rows a forward-filling pipeline would invent
 * @n_results: RIPE results with metadata (stored ping results)
 * @lts_unknown: results with `lts` −1 or NULL
 * @lts_over_limit: results with `lts` > %FL_QUALITY_LTS_LIMIT_S
 * @lts_max: largest `lts` seen, s (−1 when none)
 * @firmware: (element-type gint64): pairs (fw, count), flattened
 * @columns: (element-type FlQualityColumn): per-column statistics
 * @warnings: (element-type utf8): human-readable warnings
 *
 * The quality of one series within one source.
 */
typedef struct
{
  gint64     series_id;
  char      *key;
  char      *label;
  char      *kind;
  guint64    n_rows;
  double     first_ts_s;
  double     last_ts_s;
  double     span_s;
  double     step_s;
  double     gap_threshold_s;
  guint64    n_gaps;
  double     gap_total_s;
  GArray    *gaps;
  guint64    n_duplicate_ts;
  guint64    sent;
  guint64    lost;
  double     loss_pct;
  double     bucket_s;
  guint64    n_buckets;
  guint64    n_empty_buckets;
  double     empty_bucket_pct;
  guint64    n_results;
  guint64    lts_unknown;
  guint64    lts_over_limit;
  gint64     lts_max;
  GArray    *firmware;
  GPtrArray *columns;
  GPtrArray *warnings;
} FlQualitySeries;

/**
 * FlQualitySource:
 * @source_id: source id
 * @file_name: file name
 * @format: format name (`ripe-json`, `kpi-csv`, …)
 * @n_rows: rows of all its series (see #FlQualitySeries.n_rows)
 * @first_ts_s: earliest time
 * @last_ts_s: latest time
 * @series: (element-type FlQualitySeries): its series
 * @warnings: (element-type utf8): warnings about the source as a whole
 * @n_warnings: warnings of the source and all its series
 *
 * The quality of one imported source.
 */
typedef struct
{
  gint64     source_id;
  char      *file_name;
  char      *format;
  guint64    n_rows;
  double     first_ts_s;
  double     last_ts_s;
  GPtrArray *series;
  GPtrArray *warnings;
  guint      n_warnings;
} FlQualitySource;

/**
 * FlQualityReport:
 * @bucket_s: bucket width for the empty-bucket share, s
 * @sources: (element-type FlQualitySource): one entry per source
 *
 * A data-quality report of a project. Free with fl_quality_report_free().
 */
typedef struct
{
  double     bucket_s;
  GPtrArray *sources;
} FlQualityReport;

FlQualityReport *fl_quality_report_build   (FlProject        *project,
                                            double            bucket_s,
                                            GCancellable     *cancellable,
                                            GError          **error);
char            *fl_quality_report_to_json (const FlQualityReport *report);
char            *fl_quality_report_to_text (const FlQualityReport *report);
void             fl_quality_report_free    (FlQualityReport  *report);

gboolean         fl_quality_series_compute (FlQualitySeries  *series,
                                            const double     *ts_s,
                                            gsize             n,
                                            gboolean          per_row_times,
                                            double            bucket_s);
void             fl_quality_column_compute (FlQualityColumn  *column,
                                            const double     *ts_s,
                                            const double     *values,
                                            gsize             n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlQualityReport, fl_quality_report_free)

G_END_DECLS
