/* fl-kpi-mapping.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SECTION:fl-kpi-mapping
 * @title: KPI CSV column mapping
 *
 * A #FlKpiMapping says how the columns of a KPI CSV export become series,
 * timestamps and KPI columns of a project. It is detected from the first
 * rows of a file (fl_kpi_mapping_detect()), edited in the app's mapping
 * dialog, and read by `faultline-cli import --mapping FILE.json`.
 *
 * The mapping JSON (what fl_kpi_mapping_to_json() writes and
 * fl_kpi_mapping_from_json() reads):
 *
 * |[
 * {
 *   "version": 1,
 *   "delimiter": ",",              // one ASCII character: "," ";" "\t" "|"
 *   "header": true,                // the first record names the columns
 *   "time_format": "auto",         // auto | epoch-s | epoch-ms | iso8601 |
 *                                  // dd-mm-yyyy | dd/mm/yyyy
 *   "time_zone": "UTC",            // UTC, a fixed offset ("+05:30") or an
 *                                  // IANA name ("Europe/Paris")
 *   "series_prefix": null,         // series keys are kpi:PREFIX:KEYS;
 *                                  // null = the file name without extension
 *   "missing": [""],               // field texts that mean "missing"
 *   "columns": [
 *     { "source": "timeslot", "role": "time" },
 *     { "source": "hostname", "role": "key" },
 *     { "source": "Latency (ms)", "role": "value",
 *       "name": "Latency", "unit": "ms", "zero_is_missing": false },
 *     { "source": "Network Type", "role": "categorical" },
 *     { "index": 7, "role": "ignore" }
 *   ]
 * }
 * ]|
 *
 * A column is found by its header text @source (trimmed, ASCII
 * case-insensitive) or, with `"index"` (0-based), by position; files without
 * a header need `"index"`. Columns of the file that the mapping does not
 * list are ignored. Exactly one column has the role `time`; `key` columns
 * (any number, in order) select the series; `value` columns are numeric
 * (parsed with g_ascii_strtod(), never the locale; an empty field is
 * missing, `NaN`/`inf` are errors); `categorical` columns are stored as
 * integer codes with their texts in `kpi_categories`. `name` and `unit`
 * default to the header split by fl_kpi_split_unit().
 *
 * Time formats: `epoch-s` / `epoch-ms` (decimal seconds or milliseconds
 * since 1970-01-01 UTC); `iso8601` (`YYYY-MM-DD[T ]HH:MM[:SS[.frac]]` with an
 * optional `Z` or `±HH[:MM]` that overrides the time zone); `dd-mm-yyyy`
 * and `dd/mm/yyyy` (`DD-MM-YYYY HH:MM[:SS]`, `DD/MM/YYYY HH:MM[:SS]`);
 * `auto` decides per field among these (epoch values above 10^11 are
 * taken as milliseconds).
 */

/**
 * FlKpiRole:
 * @FL_KPI_ROLE_IGNORE: not imported
 * @FL_KPI_ROLE_TIME: the timestamp
 * @FL_KPI_ROLE_KEY: part of the series key (e.g. hostname, ifname)
 * @FL_KPI_ROLE_VALUE: a numeric KPI with an optional unit
 * @FL_KPI_ROLE_CATEGORICAL: a text KPI stored as codes
 *
 * What a CSV column is for.
 */
typedef enum
{
  FL_KPI_ROLE_IGNORE,
  FL_KPI_ROLE_TIME,
  FL_KPI_ROLE_KEY,
  FL_KPI_ROLE_VALUE,
  FL_KPI_ROLE_CATEGORICAL,
} FlKpiRole;

/**
 * FlKpiTimeFormat:
 * @FL_KPI_TIME_AUTO: any of the formats below, decided per field
 * @FL_KPI_TIME_EPOCH_S: seconds since the epoch (UTC)
 * @FL_KPI_TIME_EPOCH_MS: milliseconds since the epoch (UTC)
 * @FL_KPI_TIME_ISO8601: `YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|±HH[:MM]]`
 * @FL_KPI_TIME_DMY_DASH: `DD-MM-YYYY HH:MM[:SS]`
 * @FL_KPI_TIME_DMY_SLASH: `DD/MM/YYYY HH:MM[:SS]`
 *
 * Timestamp formats of KPI CSV files.
 */
typedef enum
{
  FL_KPI_TIME_AUTO,
  FL_KPI_TIME_EPOCH_S,
  FL_KPI_TIME_EPOCH_MS,
  FL_KPI_TIME_ISO8601,
  FL_KPI_TIME_DMY_DASH,
  FL_KPI_TIME_DMY_SLASH,
} FlKpiTimeFormat;

/**
 * FlKpiColumnMap:
 * @source: (nullable): header text of the column, or %NULL when matched by
 *   @index
 * @index: 0-based column position, or -1 to match by @source
 * @role: what the column is for
 * @name: (nullable): stored KPI name; %NULL = derived from @source
 * @unit: (nullable): unit of a value column, e.g. `ms`, `Mbps`, `dBm`
 * @zero_is_missing: a value of exactly 0 means "missing" (as in the
 *   fault-pipeline table's SDR columns)
 *
 * How one CSV column is imported.
 */
typedef struct
{
  char      *source;
  int        index;
  FlKpiRole  role;
  char      *name;
  char      *unit;
  gboolean   zero_is_missing;
} FlKpiColumnMap;

/**
 * FlKpiMapping:
 * @delimiter: the field delimiter (`,` `;` tab `|`)
 * @has_header: the first record holds column names
 * @time_format: how the time column is written
 * @time_zone: zone of timestamps without an offset: `UTC`, `+HH:MM` or an
 *   IANA name
 * @series_prefix: (nullable): the middle part of series keys
 *   (`kpi:PREFIX:KEYS`); %NULL = the file name without its extensions
 * @missing: (array zero-terminated=1): field texts that mean "missing"
 *   (compared after trimming, ASCII case-insensitive); default `{ "" }`
 * @columns: (element-type FlKpiColumnMap): the mapped columns
 *
 * A column mapping for a KPI CSV file. Free with fl_kpi_mapping_free().
 */
typedef struct
{
  char             delimiter;
  gboolean         has_header;
  FlKpiTimeFormat  time_format;
  char            *time_zone;
  char            *series_prefix;
  char           **missing;
  GPtrArray       *columns;
} FlKpiMapping;

/**
 * FlKpiPreview:
 * @header: (array zero-terminated=1) (nullable): the header fields, or %NULL
 *   when the file has none
 * @rows: (element-type GStrv): up to the requested number of data records
 * @n_columns: the largest number of fields in @header or @rows
 *
 * The first records of a CSV file, for a live preview. Free with
 * fl_kpi_preview_free().
 */
typedef struct
{
  char      **header;
  GPtrArray  *rows;
  guint       n_columns;
} FlKpiPreview;

const char      *fl_kpi_role_to_string         (FlKpiRole          role);
gboolean         fl_kpi_role_from_string       (const char        *name,
                                                FlKpiRole         *out);
const char      *fl_kpi_time_format_to_string  (FlKpiTimeFormat    format);
gboolean         fl_kpi_time_format_from_string (const char       *name,
                                                 FlKpiTimeFormat  *out);

FlKpiMapping    *fl_kpi_mapping_new            (void);
FlKpiMapping    *fl_kpi_mapping_copy           (const FlKpiMapping *mapping);
void             fl_kpi_mapping_free           (FlKpiMapping      *mapping);
FlKpiColumnMap  *fl_kpi_mapping_add_column     (FlKpiMapping      *mapping,
                                                const char        *source,
                                                int                index,
                                                FlKpiRole          role);
gboolean         fl_kpi_mapping_validate       (const FlKpiMapping *mapping,
                                                GError           **error);
FlKpiMapping    *fl_kpi_mapping_from_json      (const char        *json,
                                                gssize             length,
                                                GError           **error);
char            *fl_kpi_mapping_to_json        (const FlKpiMapping *mapping);
FlKpiMapping    *fl_kpi_mapping_load           (const char        *path,
                                                GError           **error);
gboolean         fl_kpi_mapping_save           (const FlKpiMapping *mapping,
                                                const char        *path,
                                                GError           **error);
FlKpiMapping    *fl_kpi_mapping_detect         (const guint8      *head,
                                                gsize              length,
                                                GError           **error);
FlKpiMapping    *fl_kpi_mapping_detect_file    (const char        *path,
                                                GError           **error);

void             fl_kpi_split_unit             (const char        *header,
                                                char             **name,
                                                char             **unit);
GTimeZone       *fl_kpi_time_zone_new          (const char        *spec,
                                                GError           **error);
gboolean         fl_kpi_parse_time             (const char        *text,
                                                FlKpiTimeFormat    format,
                                                GTimeZone         *tz,
                                                double            *out_s);
gboolean         fl_kpi_parse_number           (const char        *text,
                                                double            *out);

FlKpiPreview    *fl_kpi_preview_read           (const char        *path,
                                                char               delimiter,
                                                gboolean           has_header,
                                                guint              max_rows,
                                                GError           **error);
void             fl_kpi_preview_free           (FlKpiPreview      *preview);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlKpiMapping, fl_kpi_mapping_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlKpiPreview, fl_kpi_preview_free)

G_END_DECLS
