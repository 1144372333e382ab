/* fl-kpi-mapping.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include <csv.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fl-error.h"
#include "fl-import-file.h"
#include "fl-kpi-mapping.h"

/* How much of a file the detection and the preview look at. */
#define DETECT_HEAD_SIZE  (64 * 1024)
#define DETECT_MAX_LINES  400
#define PREVIEW_MAX_BYTES (4 * 1024 * 1024)
/* Plausible timestamps: 1980-01-01 .. 2100-01-01 UTC. */
#define MIN_TIMESTAMP     315532800.0
#define MAX_TIMESTAMP     4102444800.0

/* ---- enums ----------------------------------------------------------- */

static const char *role_names[] = {
  [FL_KPI_ROLE_IGNORE] = "ignore",
  [FL_KPI_ROLE_TIME] = "time",
  [FL_KPI_ROLE_KEY] = "key",
  [FL_KPI_ROLE_VALUE] = "value",
  [FL_KPI_ROLE_CATEGORICAL] = "categorical",
};

static const char *time_format_names[] = {
  [FL_KPI_TIME_AUTO] = "auto",
  [FL_KPI_TIME_EPOCH_S] = "epoch-s",
  [FL_KPI_TIME_EPOCH_MS] = "epoch-ms",
  [FL_KPI_TIME_ISO8601] = "iso8601",
  [FL_KPI_TIME_DMY_DASH] = "dd-mm-yyyy",
  [FL_KPI_TIME_DMY_SLASH] = "dd/mm/yyyy",
};

/**
 * fl_kpi_role_to_string:
 * @role: a #FlKpiRole
 *
 * Returns: (transfer none): the role's name in the mapping JSON (`ignore`,
 *   `time`, `key`, `value`, `categorical`); `ignore` for unknown values
 */
const char *
fl_kpi_role_to_string (FlKpiRole role)
{
  if ((guint) role >= G_N_ELEMENTS (role_names))
    return role_names[FL_KPI_ROLE_IGNORE];
  return role_names[role];
}

/**
 * fl_kpi_role_from_string:
 * @name: a role name (ASCII case-insensitive)
 * @out: (out): the role
 *
 * Returns: %TRUE if @name is a role name; no error is set
 */
gboolean
fl_kpi_role_from_string (const char *name,
                         FlKpiRole  *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_ascii_strcasecmp (name, role_names[i]) == 0)
      {
        *out = (FlKpiRole) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * fl_kpi_time_format_to_string:
 * @format: a #FlKpiTimeFormat
 *
 * Returns: (transfer none): the format's name in the mapping JSON (`auto`,
 *   `epoch-s`, `epoch-ms`, `iso8601`, `dd-mm-yyyy`, `dd/mm/yyyy`)
 */
const char *
fl_kpi_time_format_to_string (FlKpiTimeFormat format)
{
  if ((guint) format >= G_N_ELEMENTS (time_format_names))
    return time_format_names[FL_KPI_TIME_AUTO];
  return time_format_names[format];
}

/**
 * fl_kpi_time_format_from_string:
 * @name: a time format name (ASCII case-insensitive)
 * @out: (out): the format
 *
 * Returns: %TRUE if @name is a time format name; no error is set
 */
gboolean
fl_kpi_time_format_from_string (const char      *name,
                                FlKpiTimeFormat *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (time_format_names); i++)
    if (g_ascii_strcasecmp (name, time_format_names[i]) == 0)
      {
        *out = (FlKpiTimeFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- the mapping ----------------------------------------------------- */

static void
column_map_free (FlKpiColumnMap *c)
{
  g_free (c->source);
  g_free (c->name);
  g_free (c->unit);
  g_free (c);
}

/**
 * fl_kpi_mapping_new:
 *
 * Returns: (transfer full): an empty mapping: comma-delimited, with a
 *   header, time format `auto`, time zone `UTC`, `""` as the only missing
 *   marker, no columns
 */
FlKpiMapping *
fl_kpi_mapping_new (void)
{
  FlKpiMapping *m = g_new0 (FlKpiMapping, 1);
  const char *missing[] = { "", NULL };

  m->delimiter = ',';
  m->has_header = TRUE;
  m->time_format = FL_KPI_TIME_AUTO;
  m->time_zone = g_strdup ("UTC");
  m->missing = g_strdupv ((char **) missing);
  m->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_map_free);
  return m;
}

/**
 * fl_kpi_mapping_copy:
 * @mapping: a mapping
 *
 * Returns: (transfer full): a deep copy
 */
FlKpiMapping *
fl_kpi_mapping_copy (const FlKpiMapping *mapping)
{
  FlKpiMapping *m;

  g_return_val_if_fail (mapping != NULL, NULL);

  m = fl_kpi_mapping_new ();
  m->delimiter = mapping->delimiter;
  m->has_header = mapping->has_header;
  m->time_format = mapping->time_format;
  g_free (m->time_zone);
  m->time_zone = g_strdup (mapping->time_zone);
  m->series_prefix = g_strdup (mapping->series_prefix);
  g_strfreev (m->missing);
  m->missing = g_strdupv (mapping->missing);
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      const FlKpiColumnMap *c = g_ptr_array_index (mapping->columns, i);
      FlKpiColumnMap *d = fl_kpi_mapping_add_column (m, c->source, c->index, c->role);

      d->name = g_strdup (c->name);
      d->unit = g_strdup (c->unit);
      d->zero_is_missing = c->zero_is_missing;
    }
  return m;
}

/**
 * fl_kpi_mapping_free:
 * @mapping: (nullable) (transfer full): a mapping
 *
 * Frees @mapping and its columns.
 */
void
fl_kpi_mapping_free (FlKpiMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_free (mapping->time_zone);
  g_free (mapping->series_prefix);
  g_strfreev (mapping->missing);
  g_ptr_array_unref (mapping->columns);
  g_free (mapping);
}

/**
 * fl_kpi_mapping_add_column:
 * @mapping: a mapping
 * @source: (nullable): the column's header text, or %NULL to match by @index
 * @index: 0-based position, or -1 to match by @source
 * @role: the column's role
 *
 * Appends a column; set its name, unit and zero-means-missing flag on the
 * returned struct.
 *
 * Returns: (transfer none): the new column, owned by @mapping
 */
FlKpiColumnMap *
fl_kpi_mapping_add_column (FlKpiMapping *mapping,
                           const char   *source,
                           int           index,
                           FlKpiRole     role)
{
  FlKpiColumnMap *c = g_new0 (FlKpiColumnMap, 1);

  g_return_val_if_fail (mapping != NULL, NULL);

  c->source = g_strdup (source);
  c->index = index;
  c->role = role;
  g_ptr_array_add (mapping->columns, c);
  return c;
}

/**
 * fl_kpi_time_zone_new:
 * @spec: (nullable): `UTC` (or %NULL / empty), a fixed offset such as
 *   `+05:30` / `-08`, or an IANA name such as `Europe/Paris`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the time zone (see g_time_zone_new_identifier()),
 *   or %NULL with %FL_ERROR_INVALID for an unknown zone
 */
GTimeZone *
fl_kpi_time_zone_new (const char  *spec,
                      GError     **error)
{
  GTimeZone *tz;

  if (spec == NULL || *spec == '\0' || g_ascii_strcasecmp (spec, "UTC") == 0 ||
      g_ascii_strcasecmp (spec, "Z") == 0)
    return g_time_zone_new_utc ();

  tz = g_time_zone_new_identifier (spec);
  if (tz == NULL)
    g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                 "unknown time zone “%s” (use UTC, an offset like +05:30 or an "
                 "IANA name like Europe/Paris)", spec);
  return tz;
}

/**
 * fl_kpi_mapping_validate:
 * @mapping: a mapping
 * @error: return location for a #GError
 *
 * Checks that @mapping can drive an import: a supported delimiter, exactly
 * one time column, every column identified by header text or index (by
 * index only when there is no header), a known time zone.
 *
 * Returns: %TRUE if valid; otherwise %FL_ERROR_INVALID with the reason
 */
gboolean
fl_kpi_mapping_validate (const FlKpiMapping  *mapping,
                         GError             **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  guint n_time = 0, n_data = 0;

  g_return_val_if_fail (mapping != NULL, FALSE);

  if (strchr (",;\t|", mapping->delimiter) == NULL || mapping->delimiter == '\0')
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "the delimiter must be one of , ; | or a tab");
      return FALSE;
    }
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      const FlKpiColumnMap *c = g_ptr_array_index (mapping->columns, i);

      if (c->index < 0 && (c->source == NULL || !mapping->has_header))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "mapping column %u has no index%s", i + 1,
                       mapping->has_header ? " and no header text" :
                       " (the file has no header, so columns are found by index)");
          return FALSE;
        }
      if ((guint) c->role > FL_KPI_ROLE_CATEGORICAL)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "mapping column %u has an unknown role", i + 1);
          return FALSE;
        }
      if (c->role == FL_KPI_ROLE_TIME)
        n_time++;
      if (c->role == FL_KPI_ROLE_VALUE || c->role == FL_KPI_ROLE_CATEGORICAL)
        n_data++;
    }
  if (n_time != 1)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "the mapping needs exactly one time column (it has %u)", n_time);
      return FALSE;
    }
  if (n_data == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "the mapping has no value or categorical column");
      return FALSE;
    }
  if ((guint) mapping->time_format > FL_KPI_TIME_DMY_SLASH)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "unknown time format");
      return FALSE;
    }
  tz = fl_kpi_time_zone_new (mapping->time_zone, error);
  return tz != NULL;
}

/* ---- JSON ------------------------------------------------------------ */

static gboolean
json_fail (GError    **error,
           const char *what)
{
  g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "invalid column mapping: %s", what);
  return FALSE;
}

static gboolean
get_string_member (JsonObject  *o,
                   const char  *member,
                   char       **out,
                   GError     **error)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      g_autofree char *msg = g_strdup_printf ("“%s” must be a string", member);
      return json_fail (error, msg);
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (n));
  return TRUE;
}

static gboolean
get_bool_member (JsonObject  *o,
                 const char  *member,
                 gboolean    *out,
                 GError     **error)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    {
      g_autofree char *msg = g_strdup_printf ("“%s” must be true or false", member);
      return json_fail (error, msg);
    }
  *out = json_node_get_boolean (n);
  return TRUE;
}

static gboolean
parse_column (FlKpiMapping  *m,
              JsonNode      *node,
              guint          i,
              GError       **error)
{
  g_autofree char *source = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *msg = NULL;
  JsonObject *o;
  JsonNode *idx;
  FlKpiColumnMap *c;
  FlKpiRole role;
  gint64 index = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      msg = g_strdup_printf ("column %u is not an object", i + 1);
      return json_fail (error, msg);
    }
  o = json_node_get_object (node);
  if (!get_string_member (o, "source", &source, error) ||
      !get_string_member (o, "role", &role_text, error))
    return FALSE;
  idx = json_object_get_member (o, "index");
  if (idx != NULL && !JSON_NODE_HOLDS_NULL (idx))
    {
      if (!JSON_NODE_HOLDS_VALUE (idx) || json_node_get_value_type (idx) != G_TYPE_INT64 ||
          json_node_get_int (idx) < 0 || json_node_get_int (idx) > 100000)
        {
          msg = g_strdup_printf ("column %u: “index” must be a non-negative integer", i + 1);
          return json_fail (error, msg);
        }
      index = json_node_get_int (idx);
    }
  if (role_text == NULL || !fl_kpi_role_from_string (role_text, &role))
    {
      msg = g_strdup_printf ("column %u: “role” must be time, key, value, categorical "
                             "or ignore", i + 1);
      return json_fail (error, msg);
    }
  if (source == NULL && index < 0)
    {
      msg = g_strdup_printf ("column %u needs “source” or “index”", i + 1);
      return json_fail (error, msg);
    }
  c = fl_kpi_mapping_add_column (m, source, (int) index, role);
  return get_string_member (o, "name", &c->name, error) &&
         get_string_member (o, "unit", &c->unit, error) &&
         get_bool_member (o, "zero_is_missing", &c->zero_is_missing, error);
}

/**
 * fl_kpi_mapping_from_json:
 * @json: the mapping JSON (format in the section documentation above)
 * @length: length of @json in bytes, or -1 if NUL-terminated
 * @error: return location for a #GError
 *
 * Parses and validates (fl_kpi_mapping_validate()) a mapping. Unknown
 * members are ignored so that newer files still load.
 *
 * Returns: (transfer full): the mapping, or %NULL with %FL_ERROR_INVALID
 *   (malformed JSON, wrong member types, an invalid mapping)
 */
FlKpiMapping *
fl_kpi_mapping_from_json (const char  *json,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FlKpiMapping) m = fl_kpi_mapping_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *delim = NULL;
  g_autofree char *time_format = NULL;
  JsonObject *o;
  JsonNode *root, *n;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "invalid column mapping: %s",
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      json_fail (error, "the top level must be an object");
      return NULL;
    }
  o = json_node_get_object (root);

  n = json_object_get_member (o, "version");
  if (n != NULL && (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_int (n) != 1))
    {
      json_fail (error, "only “version”: 1 is supported");
      return NULL;
    }

  if (!get_string_member (o, "delimiter", &delim, error) ||
      !get_bool_member (o, "header", &m->has_header, error) ||
      !get_string_member (o, "time_format", &time_format, error) ||
      !get_string_member (o, "time_zone", &m->time_zone, error) ||
      !get_string_member (o, "series_prefix", &m->series_prefix, error))
    return NULL;
  if (delim != NULL)
    {
      if (strlen (delim) != 1)
        {
          json_fail (error, "“delimiter” must be one character");
          return NULL;
        }
      m->delimiter = delim[0];
    }
  if (time_format != NULL && !fl_kpi_time_format_from_string (time_format, &m->time_format))
    {
      json_fail (error, "unknown “time_format” (auto, epoch-s, epoch-ms, iso8601, "
                 "dd-mm-yyyy or dd/mm/yyyy)");
      return NULL;
    }

  n = json_object_get_member (o, "missing");
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      JsonArray *a;
      GStrvBuilder *b;

      if (!JSON_NODE_HOLDS_ARRAY (n))
        {
          json_fail (error, "“missing” must be an array of strings");
          return NULL;
        }
      a = json_node_get_array (n);
      b = g_strv_builder_new ();
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_strv_builder_unref (b);
              json_fail (error, "“missing” must be an array of strings");
              return NULL;
            }
          g_strv_builder_add (b, json_node_get_string (e));
        }
      g_strfreev (m->missing);
      m->missing = g_strv_builder_end (b);
      g_strv_builder_unref (b);
    }

  n = json_object_get_member (o, "columns");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      json_fail (error, "“columns” must be an array");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    if (!parse_column (m, json_array_get_element (json_node_get_array (n), i), i, error))
      return NULL;

  if (!fl_kpi_mapping_validate (m, error))
    {
      g_prefix_error (error, "invalid column mapping: ");
      return NULL;
    }
  return g_steal_pointer (&m);
}

/**
 * fl_kpi_mapping_to_json:
 * @mapping: a mapping
 *
 * Returns: (transfer full): the mapping as pretty-printed JSON (the format
 *   read by fl_kpi_mapping_from_json())
 */
char *
fl_kpi_mapping_to_json (const FlKpiMapping *mapping)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char delim[2] = { 0 };

  g_return_val_if_fail (mapping != NULL, NULL);

  delim[0] = mapping->delimiter;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "delimiter");
  json_builder_add_string_value (b, delim);
  json_builder_set_member_name (b, "header");
  json_builder_add_boolean_value (b, mapping->has_header);
  json_builder_set_member_name (b, "time_format");
  json_builder_add_string_value (b, fl_kpi_time_format_to_string (mapping->time_format));
  json_builder_set_member_name (b, "time_zone");
  json_builder_add_string_value (b, mapping->time_zone ? mapping->time_zone : "UTC");
  json_builder_set_member_name (b, "series_prefix");
  if (mapping->series_prefix != NULL)
    json_builder_add_string_value (b, mapping->series_prefix);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "missing");
  json_builder_begin_array (b);
  for (guint i = 0; mapping->missing != NULL && mapping->missing[i] != NULL; i++)
    json_builder_add_string_value (b, mapping->missing[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      const FlKpiColumnMap *c = g_ptr_array_index (mapping->columns, i);

      json_builder_begin_object (b);
      if (c->source != NULL)
        {
          json_builder_set_member_name (b, "source");
          json_builder_add_string_value (b, c->source);
        }
      if (c->index >= 0)
        {
          json_builder_set_member_name (b, "index");
          json_builder_add_int_value (b, c->index);
        }
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, fl_kpi_role_to_string (c->role));
      if (c->name != NULL)
        {
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, c->name);
        }
      if (c->unit != NULL)
        {
          json_builder_set_member_name (b, "unit");
          json_builder_add_string_value (b, c->unit);
        }
      if (c->zero_is_missing)
        {
          json_builder_set_member_name (b, "zero_is_missing");
          json_builder_add_boolean_value (b, TRUE);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/**
 * fl_kpi_mapping_load:
 * @path: a mapping JSON file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the mapping, or %NULL with a #GFileError when the
 *   file cannot be read or %FL_ERROR_INVALID (message prefixed with the file
 *   name) when it is not a valid mapping
 */
FlKpiMapping *
fl_kpi_mapping_load (const char  *path,
                     GError     **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  FlKpiMapping *m;

  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  m = fl_kpi_mapping_from_json (text, (gssize) len, error);
  if (m == NULL)
    g_prefix_error (error, "%s: ", path);
  return m;
}

/**
 * fl_kpi_mapping_save:
 * @mapping: a mapping
 * @path: where to write it
 * @error: return location for a #GError
 *
 * Writes fl_kpi_mapping_to_json() to @path atomically.
 *
 * Returns: %TRUE on success, or %FALSE with a #GFileError
 */
gboolean
fl_kpi_mapping_save (const FlKpiMapping  *mapping,
                     const char          *path,
                     GError             **error)
{
  g_autofree char *text = fl_kpi_mapping_to_json (mapping);

  return g_file_set_contents (path, text, -1, error);
}

/* ---- names, units, numbers and times ------------------------------- */

static const struct
{
  const char *suffix;
  const char *unit;
} known_units[] = {
  { "ms", "ms" }, { "s", "s" }, { "sec", "s" }, { "us", "µs" }, { "ns", "ns" },
  { "bps", "bps" }, { "kbps", "kbps" }, { "mbps", "Mbps" }, { "gbps", "Gbps" },
  { "dbm", "dBm" }, { "db", "dB" }, { "pct", "%" }, { "percent", "%" },
  { "bytes", "B" }, { "kb", "kB" }, { "mb", "MB" }, { "gb", "GB" },
  { "hz", "Hz" }, { "khz", "kHz" }, { "mhz", "MHz" }, { "ghz", "GHz" },
  { "pps", "pps" }, { "mw", "mW" },
};

/**
 * fl_kpi_split_unit:
 * @header: a column header, e.g. `Latency (ms)`, `Throughput [Mbps]`,
 *   `latency_ms`
 * @name: (out) (transfer full): the KPI name (`Latency`, `Throughput`,
 *   `latency`)
 * @unit: (out) (transfer full) (nullable): the unit (`ms`, `Mbps`), or %NULL
 *   when the header names none
 *
 * Splits a unit off a column header: a trailing `(unit)` or `[unit]`, or a
 * trailing `_unit` / ` unit` suffix from a fixed list of units (ms, s, µs,
 * bps…Gbps, dBm, dB, %, bytes, Hz…GHz, pps, mW).
 */
void
fl_kpi_split_unit (const char  *header,
                   char       **name,
                   char       **unit)
{
  g_autofree char *h = g_strstrip (g_strdup (header != NULL ? header : ""));
  gsize len = strlen (h);
  const char *sep;

  *unit = NULL;
  if (len >= 3 && (h[len - 1] == ')' || h[len - 1] == ']'))
    {
      char open = h[len - 1] == ')' ? '(' : '[';
      char *o = strrchr (h, open);

      if (o != NULL && o > h && o + 1 < h + len - 1)
        {
          *unit = g_strstrip (g_strndup (o + 1, (gsize) (h + len - 1 - (o + 1))));
          *o = '\0';
          *name = g_strstrip (g_strdup (h));
          if (**name != '\0' && **unit != '\0')
            return;
          g_clear_pointer (name, g_free);
          g_clear_pointer (unit, g_free);
          *name = g_strdup (header);
          g_strstrip (*name);
          return;
        }
    }

  sep = NULL;
  for (const char *p = h; *p != '\0'; p++)
    if (*p == '_' || *p == ' ')
      sep = p;
  if (sep != NULL && sep > h && sep[1] != '\0')
    for (guint i = 0; i < G_N_ELEMENTS (known_units); i++)
      if (g_ascii_strcasecmp (sep + 1, known_units[i].suffix) == 0)
        {
          *unit = g_strdup (known_units[i].unit);
          *name = g_strndup (h, (gsize) (sep - h));
          g_strstrip (*name);
          return;
        }

  *name = g_steal_pointer (&h);
}

/**
 * fl_kpi_parse_number:
 * @text: a field, already trimmed
 * @out: (out): the value
 *
 * Strict, locale-independent decimal syntax
 * `[+-]digits[.digits][(e|E)[+-]digits]` (a leading or trailing `.` is
 * fine), converted with g_ascii_strtod(); `nan`, `inf`, hexadecimal and
 * thousands separators are rejected, as are non-finite results.
 *
 * Returns: %TRUE if @text is a finite number
 */
gboolean
fl_kpi_parse_number (const char *text,
                     double     *out)
{
  const char *p = text;
  char *end = NULL;
  guint digits = 0;
  double v;

  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    p++, digits++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits++;
    }
  if (digits == 0)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      guint exp_digits = 0;

      p++;
      if (*p == '+' || *p == '-')
        p++;
      while (g_ascii_isdigit (*p))
        p++, exp_digits++;
      if (exp_digits == 0)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end != p || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* Reads 1..max digits; returns the number of digits read (0 = none). */
static guint
read_int (const char **p,
          guint        max,
          int         *out)
{
  guint n = 0;
  int v = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      v = v * 10 + ((*p)[n] - '0');
      n++;
    }
  *p += n;
  *out = v;
  return n;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
 * days_from_civil). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* `HH:MM[:SS[.frac]]`; returns the seconds of the day or -1. */
static double
parse_clock (const char **p)
{
  int hh, mm, ss = 0;
  double frac = 0;

  if (read_int (p, 2, &hh) == 0 || **p != ':')
    return -1;
  (*p)++;
  if (read_int (p, 2, &mm) != 2)
    return -1;
  if (**p == ':')
    {
      (*p)++;
      if (read_int (p, 2, &ss) != 2)
        return -1;
      if (**p == '.' || **p == ',')
        {
          double scale = 0.1;

          (*p)++;
          if (!g_ascii_isdigit (**p))
            return -1;
          while (g_ascii_isdigit (**p))
            {
              frac += (**p - '0') * scale;
              scale /= 10;
              (*p)++;
            }
        }
    }
  if (hh > 23 || mm > 59 || ss > 60)
    return -1;
  return hh * 3600.0 + mm * 60.0 + ss + frac;
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         d <= g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y);
}

/* Local wall-clock seconds (as if UTC) → UTC through @tz. */
static double
local_to_utc (double     local,
              GTimeZone *tz)
{
  gint64 t = (gint64) floor (local);
  double frac = local - (double) t;
  int interval;

  if (tz == NULL)
    return local;
  interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_STANDARD, &t);
  return (double) t - g_time_zone_get_offset (tz, interval) + frac;
}

/* ISO 8601 (extended format) date-time; an explicit zone wins over @tz. */
static gboolean
parse_iso (const char *s,
           GTimeZone  *tz,
           double     *out)
{
  const char *p = s;
  int y, m, d;
  double clock = 0, local;
  gboolean has_offset = FALSE;
  int offset_s = 0;

  if (read_int (&p, 4, &y) != 4 || *p != '-')
    return FALSE;
  p++;
  if (read_int (&p, 2, &m) != 2 || *p != '-')
    return FALSE;
  p++;
  if (read_int (&p, 2, &d) != 2 || !valid_date (y, m, d))
    return FALSE;
  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      clock = parse_clock (&p);
      if (clock < 0)
        return FALSE;
      if (*p == 'Z' || *p == 'z')
        {
          has_offset = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1, oh, om = 0;

          p++;
          if (read_int (&p, 2, &oh) != 2)
            return FALSE;
          if (*p == ':')
            p++;
          if (g_ascii_isdigit (*p) && read_int (&p, 2, &om) != 2)
            return FALSE;
          if (oh > 14 || om > 59)
            return FALSE;
          has_offset = TRUE;
          offset_s = sign * (oh * 3600 + om * 60);
        }
    }
  if (*p != '\0')
    return FALSE;

  local = (double) days_from_civil (y, m, d) * 86400.0 + clock;
  *out = has_offset ? local - offset_s : local_to_utc (local, tz);
  return TRUE;
}

/* `DD<sep>MM<sep>YYYY HH:MM[:SS]` */
static gboolean
parse_dmy (const char *s,
           char        sep,
           GTimeZone  *tz,
           double     *out)
{
  const char *p = s;
  int y, m, d;
  double clock = 0;

  if (read_int (&p, 2, &d) == 0 || *p != sep)
    return FALSE;
  p++;
  if (read_int (&p, 2, &m) == 0 || *p != sep)
    return FALSE;
  p++;
  if (read_int (&p, 4, &y) != 4 || !valid_date (y, m, d))
    return FALSE;
  if (*p == ' ' || *p == 'T')
    {
      p++;
      clock = parse_clock (&p);
      if (clock < 0)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  *out = local_to_utc ((double) days_from_civil (y, m, d) * 86400.0 + clock, tz);
  return TRUE;
}

/**
 * fl_kpi_parse_time:
 * @text: a timestamp field, trimmed
 * @format: its #FlKpiTimeFormat; %FL_KPI_TIME_AUTO tries each in turn
 * @tz: (nullable): the zone of wall-clock times without an offset
 *   (%NULL = UTC); epoch values are always UTC
 * @out_s: (out): seconds since 1970-01-01 UTC
 *
 * Parses a KPI timestamp without the C library's locale or time zone
 * (dates use days_from_civil, H. Hinnant; zone offsets come from
 * g_time_zone_adjust_time(), so a wall-clock time that does not exist in
 * @tz is moved forward). In %FL_KPI_TIME_AUTO, numbers above 10^11 are
 * epoch milliseconds. The result must lie in 1980..2100.
 *
 * Returns: %TRUE if @text is a valid, plausible timestamp
 */
gboolean
fl_kpi_parse_time (const char      *text,
                   FlKpiTimeFormat  format,
                   GTimeZone       *tz,
                   double          *out_s)
{
  double v = NAN;
  gboolean ok = FALSE;

  switch (format)
    {
    case FL_KPI_TIME_EPOCH_S:
      ok = fl_kpi_parse_number (text, &v);
      break;
    case FL_KPI_TIME_EPOCH_MS:
      ok = fl_kpi_parse_number (text, &v);
      v /= 1000.0;
      break;
    case FL_KPI_TIME_ISO8601:
      ok = parse_iso (text, tz, &v);
      break;
    case FL_KPI_TIME_DMY_DASH:
      ok = parse_dmy (text, '-', tz, &v);
      break;
    case FL_KPI_TIME_DMY_SLASH:
      ok = parse_dmy (text, '/', tz, &v);
      break;
    case FL_KPI_TIME_AUTO:
    default:
      if (fl_kpi_parse_number (text, &v))
        {
          ok = TRUE;
          if (fabs (v) > 1e11)
            v /= 1000.0;
        }
      else
        ok = parse_iso (text, tz, &v) || parse_dmy (text, '-', tz, &v) ||
             parse_dmy (text, '/', tz, &v);
      break;
    }
  if (!ok || !(v >= MIN_TIMESTAMP && v < MAX_TIMESTAMP))
    return FALSE;
  *out_s = v;
  return TRUE;
}

/* ---- detection ------------------------------------------------------- */

/* Splits one line at @delim, honouring double quotes ("" inside quotes is a
 * quote); fields are trimmed. */
static GPtrArray *
split_line (const char *line,
            char        delim)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *f = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (f, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (f, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == delim)
        {
          g_ptr_array_add (fields, g_strstrip (g_string_free (f, FALSE)));
          f = g_string_new (NULL);
        }
      else if (*p != '\r')
        g_string_append_c (f, *p);
    }
  g_ptr_array_add (fields, g_strstrip (g_string_free (f, FALSE)));
  return fields;
}

typedef enum
{
  KIND_EMPTY,
  KIND_NUMBER,
  KIND_TIME,
  KIND_TEXT,
} FieldKind;

static FlKpiTimeFormat
time_text_format (const char *s)
{
  double v;

  if (parse_iso (s, NULL, &v))
    return FL_KPI_TIME_ISO8601;
  if (parse_dmy (s, '-', NULL, &v))
    return FL_KPI_TIME_DMY_DASH;
  if (parse_dmy (s, '/', NULL, &v))
    return FL_KPI_TIME_DMY_SLASH;
  return FL_KPI_TIME_AUTO;
}

static FieldKind
field_kind (const char *s)
{
  double v;

  if (*s == '\0')
    return KIND_EMPTY;
  if (fl_kpi_parse_number (s, &v))
    return KIND_NUMBER;
  if (time_text_format (s) != FL_KPI_TIME_AUTO)
    return KIND_TIME;
  return KIND_TEXT;
}

static gboolean
name_has_any (const char  *name,
              const char **words)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
name_is_time (const char *name)
{
  const char *words[] = { "time", "date", "epoch", "timeslot", NULL };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return name_has_any (name, words) || g_str_equal (lower, "ts") ||
         g_str_has_prefix (lower, "ts_") || g_str_equal (lower, "t");
}

static gboolean
name_is_key (const char *name)
{
  const char *words[] = { "host", "device", "ifname", "interface", "iface", "router",
                          "node", "probe", "trace", "site", "cell", "link", "port", NULL };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return name_has_any (name, words) || g_str_equal (lower, "id") ||
         g_str_has_suffix (lower, "_id") || g_str_has_suffix (lower, " id");
}

typedef struct
{
  char      *header;
  guint      n[4];          /* per FieldKind */
  FlKpiTimeFormat tfmt;     /* common text time format, AUTO if mixed */
  gboolean   tfmt_set;
  double     min, max;
  guint      n_zero;
  gboolean   has_positive;
  GHashTable *distinct;     /* text values */
} ColStats;

/**
 * fl_kpi_mapping_detect:
 * @head: (array length=length): the first bytes of the (decompressed) file;
 *   64 KiB is plenty
 * @length: bytes in @head
 * @error: return location for a #GError
 *
 * Guesses a mapping from the first lines (at most 400 complete lines):
 * the delimiter (the one of `,` `;` tab `|` that splits the lines into the
 * same number ≥ 2 of fields), whether the first record is a header (none
 * of its fields is a number or a timestamp), the time column (a column of
 * date-time texts, preferring a header with time/date/epoch/timeslot in it,
 * else a numeric column so named whose values are epoch s or ms), key
 * columns (text or integer columns named like host, ifname, interface,
 * router, probe, trace, …_id; failing that, all text columns when
 * timestamps repeat), categorical columns (the remaining text columns) and
 * value columns (the remaining numeric ones, units from
 * fl_kpi_split_unit()). A dBm column whose other values are all negative
 * gets zero_is_missing. Other time-like columns are ignored.
 *
 * Returns: (transfer full): the mapping, or %NULL with %FL_ERROR_FORMAT when
 *   the text is not a delimited table or has no timestamp column
 */
FlKpiMapping *
fl_kpi_mapping_detect (const guint8  *head,
                       gsize          length,
                       GError       **error)
{
  g_autoptr(FlKpiMapping) m = fl_kpi_mapping_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree ColStats *cols = NULL;
  const char *delims = ",;\t|";
  const char *p, *end;
  char best_delim = 0;
  guint best_fields = 0, n_cols, first_data;
  int time_col = -1;
  gboolean any_key = FALSE;

  if (head == NULL)
    length = 0;
  if (length >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
    head += 3, length -= 3;
  if (length > 0 && memchr (head, '\0', length) != NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "binary data (a NUL byte); this is not a CSV file");
      return NULL;
    }

  /* Complete lines only (the last one may be cut by the head's end), unless
   * the whole file fits. */
  p = (const char *) head;
  end = p + length;
  while (p < end && lines->len < DETECT_MAX_LINES)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      char *line;

      if (nl == NULL && length >= DETECT_HEAD_SIZE && lines->len > 1)
        break;
      line = g_strndup (p, nl ? (gsize) (nl - p) : (gsize) (end - p));
      if (!g_utf8_validate (line, -1, NULL))
        {
          g_free (line);
          g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                       "line %u is not UTF-8 text; this is not a CSV file", lines->len + 1);
          return NULL;
        }
      g_strchomp (line);
      if (*line != '\0')
        g_ptr_array_add (lines, line);
      else
        g_free (line);
      p = nl ? nl + 1 : end;
    }
  if (lines->len < 2)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "the file has fewer than two lines; nothing to import");
      return NULL;
    }

  /* The delimiter that gives the same number (≥ 2) of fields on at least
   * 90 % of the lines, the most fields winning. */
  for (const char *d = delims; *d != '\0'; d++)
    {
      g_autoptr(GPtrArray) first = split_line (g_ptr_array_index (lines, 0), *d);
      guint same = 0;

      if (first->len < 2)
        continue;
      for (guint i = 0; i < lines->len; i++)
        {
          g_autoptr(GPtrArray) f = split_line (g_ptr_array_index (lines, i), *d);

          if (f->len == first->len)
            same++;
        }
      if (same * 10 >= lines->len * 9 && first->len > best_fields)
        {
          best_delim = *d;
          best_fields = first->len;
        }
    }
  if (best_delim == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "no delimiter (, ; tab |) splits the lines into the same number of "
                   "columns; this is not a CSV table");
      return NULL;
    }
  m->delimiter = best_delim;
  n_cols = best_fields;

  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (records, split_line (g_ptr_array_index (lines, i), best_delim));

  /* A header has no numbers or timestamps. */
  {
    GPtrArray *r0 = g_ptr_array_index (records, 0);

    m->has_header = TRUE;
    for (guint j = 0; j < r0->len; j++)
      {
        FieldKind k = field_kind (g_ptr_array_index (r0, j));

        if (k == KIND_NUMBER || k == KIND_TIME)
          m->has_header = FALSE;
      }
  }
  first_data = m->has_header ? 1 : 0;

  cols = g_new0 (ColStats, n_cols);
  for (guint j = 0; j < n_cols; j++)
    {
      GPtrArray *r0 = g_ptr_array_index (records, 0);

      cols[j].header = m->has_header && j < r0->len ? g_ptr_array_index (r0, j) : NULL;
      cols[j].min = INFINITY;
      cols[j].max = -INFINITY;
      cols[j].distinct = g_hash_table_new (g_str_hash, g_str_equal);
    }
  for (guint i = first_data; i < records->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (records, i);

      for (guint j = 0; j < n_cols && j < r->len; j++)
        {
          const char *s = g_ptr_array_index (r, j);
          FieldKind k = field_kind (s);
          ColStats *c = &cols[j];

          c->n[k]++;
          if (k == KIND_NUMBER)
            {
              double v = 0;

              fl_kpi_parse_number (s, &v);
              c->min = MIN (c->min, v);
              c->max = MAX (c->max, v);
              if (v == 0)
                c->n_zero++;
              if (v > 0)
                c->has_positive = TRUE;
            }
          else if (k == KIND_TIME)
            {
              FlKpiTimeFormat f = time_text_format (s);

              if (!c->tfmt_set)
                c->tfmt = f, c->tfmt_set = TRUE;
              else if (c->tfmt != f)
                c->tfmt = FL_KPI_TIME_AUTO;
            }
          else if (k == KIND_TEXT && g_hash_table_size (c->distinct) < 1000)
            g_hash_table_add (c->distinct, (gpointer) s);
        }
    }

  /* The time column: text timestamps first (named ones preferred), then a
   * numeric column named like a time with epoch-like values. */
  for (int pass = 0; pass < 3 && time_col < 0; pass++)
    for (guint j = 0; j < n_cols && time_col < 0; j++)
      {
        ColStats *c = &cols[j];
        gboolean named = c->header != NULL && name_is_time (c->header);
        guint nonempty = c->n[KIND_NUMBER] + c->n[KIND_TIME] + c->n[KIND_TEXT];

        if (nonempty == 0)
          continue;
        if (pass == 0 && named && c->n[KIND_TIME] == nonempty)
          time_col = (int) j;
        else if (pass == 1 && c->n[KIND_TIME] == nonempty)
          time_col = (int) j;
        else if (pass == 2 && named && c->n[KIND_NUMBER] == nonempty &&
                 ((c->min >= MIN_TIMESTAMP && c->max < MAX_TIMESTAMP) ||
                  (c->min >= MIN_TIMESTAMP * 1000 && c->max < MAX_TIMESTAMP * 1000)))
          time_col = (int) j;
      }
  if (time_col < 0)
    {
      for (guint j = 0; j < n_cols; j++)
        g_hash_table_unref (cols[j].distinct);
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "no timestamp column found (epoch s/ms, ISO 8601, DD-MM-YYYY HH:MM or "
                   "DD/MM/YYYY HH:MM); give a column mapping");
      return NULL;
    }
  if (cols[time_col].n[KIND_TIME] > 0)
    m->time_format = cols[time_col].tfmt;
  else
    m->time_format = cols[time_col].min >= MIN_TIMESTAMP * 1000 ? FL_KPI_TIME_EPOCH_MS
                                                                 : FL_KPI_TIME_EPOCH_S;

  for (guint j = 0; j < n_cols; j++)
    {
      ColStats *c = &cols[j];
      g_autofree char *fallback = g_strdup_printf ("column %u", j + 1);
      const char *name = c->header != NULL && *c->header != '\0' ? c->header : NULL;
      guint nonempty = c->n[KIND_NUMBER] + c->n[KIND_TIME] + c->n[KIND_TEXT];
      gboolean unique_name = TRUE;
      FlKpiRole role;
      FlKpiColumnMap *cm;

      for (guint k = 0; name != NULL && k < n_cols; k++)
        if (k != j && cols[k].header != NULL && g_ascii_strcasecmp (cols[k].header, name) == 0)
          unique_name = FALSE;

      if ((int) j == time_col)
        role = FL_KPI_ROLE_TIME;
      else if (nonempty == 0)
        role = FL_KPI_ROLE_IGNORE;
      else if (c->n[KIND_TIME] > 0 ||
               (name != NULL && name_is_time (name) && c->n[KIND_TEXT] == 0))
        role = FL_KPI_ROLE_IGNORE;   /* another timestamp */
      else if (name != NULL && name_is_key (name) &&
               (c->n[KIND_TEXT] > 0 || (c->min == floor (c->min) && c->max == floor (c->max))))
        role = FL_KPI_ROLE_KEY;
      else if (c->n[KIND_TEXT] > 0)
        role = FL_KPI_ROLE_CATEGORICAL;
      else
        role = FL_KPI_ROLE_VALUE;

      if (role == FL_KPI_ROLE_KEY)
        any_key = TRUE;
      cm = fl_kpi_mapping_add_column (m, unique_name ? name : NULL,
                                      name != NULL && unique_name && m->has_header ? -1 : (int) j,
                                      role);
      if (cm->source == NULL && role != FL_KPI_ROLE_IGNORE)
        cm->name = g_strdup (name != NULL ? name : fallback);
      if (role == FL_KPI_ROLE_VALUE)
        {
          g_autofree char *kname = NULL;
          g_autofree char *unit = NULL;

          fl_kpi_split_unit (name != NULL ? name : fallback, &kname, &unit);
          g_free (cm->name);
          cm->name = g_steal_pointer (&kname);
          cm->unit = g_steal_pointer (&unit);
          cm->zero_is_missing = cm->unit != NULL && g_str_equal (cm->unit, "dBm") &&
                                c->n_zero > 0 && !c->has_positive &&
                                c->n_zero < c->n[KIND_NUMBER];
        }
    }

  /* Repeated timestamps and no named key: the text columns are the key. */
  if (!any_key)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean repeats = FALSE;

      for (guint i = first_data; i < records->len && !repeats; i++)
        {
          GPtrArray *r = g_ptr_array_index (records, i);

          if ((guint) time_col < r->len &&
              !g_hash_table_add (seen, g_ptr_array_index (r, time_col)))
            repeats = TRUE;
        }
      if (repeats)
        for (guint i = 0; i < m->columns->len; i++)
          {
            FlKpiColumnMap *cm = g_ptr_array_index (m->columns, i);

            if (cm->role == FL_KPI_ROLE_CATEGORICAL)
              cm->role = FL_KPI_ROLE_KEY;
          }
    }

  for (guint j = 0; j < n_cols; j++)
    g_hash_table_unref (cols[j].distinct);

  if (!fl_kpi_mapping_validate (m, error))
    {
      g_clear_error (error);
      g_set_error (error, FL_ERROR, FL_ERROR_FORMAT,
                   "no value column found next to the timestamp; give a column mapping");
      return NULL;
    }
  return g_steal_pointer (&m);
}

/* Peeks at up to @want bytes of a stream returned by fl_import_open_file(). */
static const guint8 *
peek_head (GInputStream  *stream,
           gsize          want,
           gsize         *len,
           GError       **error)
{
  GBufferedInputStream *b = G_BUFFERED_INPUT_STREAM (stream);

  if (g_buffered_input_stream_get_buffer_size (b) < want)
    g_buffered_input_stream_set_buffer_size (b, want);
  while (g_buffered_input_stream_get_available (b) < want)
    {
      gsize avail = g_buffered_input_stream_get_available (b);
      gssize n = g_buffered_input_stream_fill (b, (gssize) (want - avail), NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
    }
  return g_buffered_input_stream_peek_buffer (b, len);
}

/**
 * fl_kpi_mapping_detect_file:
 * @path: a CSV file, optionally gzip-compressed
 * @error: return location for a #GError
 *
 * Runs fl_kpi_mapping_detect() on the first 64 KiB of @path.
 *
 * Returns: (transfer full): the mapping, or %NULL with a #GIOError or
 *   %FL_ERROR_FORMAT (message prefixed with the file name)
 */
FlKpiMapping *
fl_kpi_mapping_detect_file (const char  *path,
                            GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *base = g_path_get_basename (path);
  const guint8 *head;
  gsize len = 0;
  FlKpiMapping *m;

  stream = fl_import_open_file (path, NULL, NULL, error);
  if (stream == NULL)
    return NULL;
  head = peek_head (stream, DETECT_HEAD_SIZE, &len, error);
  if (head == NULL)
    {
      g_prefix_error (error, "%s: ", base);
      return NULL;
    }
  m = fl_kpi_mapping_detect (head, len, error);
  if (m == NULL)
    g_prefix_error (error, "%s: ", base);
  return m;
}

/* ---- preview --------------------------------------------------------- */

typedef struct
{
  GPtrArray *fields;   /* of char *, current record */
  GPtrArray *records;  /* of GStrv */
  guint      max;
} PreviewCtx;

static void
preview_field (void   *s,
               size_t  len,
               void   *data)
{
  PreviewCtx *ctx = data;
  char *f = g_strndup (s, len);

  if (!g_utf8_validate (f, -1, NULL))
    {
      char *valid = g_utf8_make_valid (f, -1);

      g_free (f);
      f = valid;
    }
  g_ptr_array_add (ctx->fields, g_strstrip (f));
}

static void
preview_row (int   c,
             void *data)
{
  PreviewCtx *ctx = data;

  g_ptr_array_add (ctx->fields, NULL);
  if (ctx->records->len < ctx->max)
    g_ptr_array_add (ctx->records, g_ptr_array_steal (ctx->fields, NULL));
  else
    g_ptr_array_set_size (ctx->fields, 0);
  if (ctx->fields->len > 0)
    g_ptr_array_set_size (ctx->fields, 0);
}

static int
only_space (unsigned char c)
{
  return c == ' ';
}

/**
 * fl_kpi_preview_read:
 * @path: a CSV file, optionally gzip-compressed
 * @delimiter: the field delimiter
 * @has_header: the first record is a header
 * @max_rows: how many data records to read (the preview shows 20)
 * @error: return location for a #GError
 *
 * Reads the first records with libcsv (quotes, embedded delimiters),
 * looking at no more than 4 MiB. Fields are trimmed and made valid UTF-8.
 *
 * Returns: (transfer full): the preview, or %NULL with a #GIOError
 */
FlKpiPreview *
fl_kpi_preview_read (const char  *path,
                     char         delimiter,
                     gboolean     has_header,
                     guint        max_rows,
                     GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *buf = g_malloc (64 * 1024);
  FlKpiPreview *pv;
  PreviewCtx ctx;
  struct csv_parser parser;
  gsize total = 0;

  stream = fl_import_open_file (path, NULL, NULL, error);
  if (stream == NULL)
    return NULL;
  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "cannot initialise the CSV parser");
      return NULL;
    }
  csv_set_delim (&parser, (unsigned char) delimiter);
  csv_set_space_func (&parser, only_space);

  ctx.fields = g_ptr_array_new_with_free_func (g_free);
  ctx.records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  ctx.max = max_rows + (has_header ? 1 : 0);

  while (ctx.records->len < ctx.max && total < PREVIEW_MAX_BYTES)
    {
      gssize n = g_input_stream_read (stream, buf, 64 * 1024, NULL, error);

      if (n < 0)
        {
          csv_free (&parser);
          g_ptr_array_unref (ctx.fields);
          g_ptr_array_unref (ctx.records);
          return NULL;
        }
      if (n == 0)
        {
          csv_fini (&parser, preview_field, preview_row, &ctx);
          break;
        }
      total += (gsize) n;
      csv_parse (&parser, buf, (size_t) n, preview_field, preview_row, &ctx);
    }
  csv_free (&parser);
  g_ptr_array_unref (ctx.fields);

  pv = g_new0 (FlKpiPreview, 1);
  if (has_header && ctx.records->len > 0)
    {
      pv->header = g_ptr_array_steal_index (ctx.records, 0);
      /* Strip a UTF-8 BOM from the first header field. */
      if (pv->header[0] != NULL && g_str_has_prefix (pv->header[0], "\357\273\277"))
        memmove (pv->header[0], pv->header[0] + 3, strlen (pv->header[0]) - 2);
      pv->n_columns = g_strv_length (pv->header);
    }
  pv->rows = ctx.records;
  for (guint i = 0; i < pv->rows->len; i++)
    pv->n_columns = MAX (pv->n_columns, g_strv_length (g_ptr_array_index (pv->rows, i)));
  return pv;
}

/**
 * fl_kpi_preview_free:
 * @preview: (nullable) (transfer full): a preview
 *
 * Frees @preview.
 */
void
fl_kpi_preview_free (FlKpiPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->header);
  g_ptr_array_unref (preview->rows);
  g_free (preview);
}
