/* fl-mapping-dialog.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-mapping-dialog.h"

#define PREVIEW_ROWS 20

/**
 * FlMappingDialog:
 *
 * The column-mapping step of a KPI CSV import: a live preview of the first
 * 20 rows (GtkColumnView), a role per column (time, series key, value,
 * categorical, ignore), the delimiter, the header switch, the detected
 * timestamp format and the time zone. The mapping starts from
 * fl_kpi_mapping_detect_file(). Emits #FlMappingDialog::accepted when the
 * user imports; the dialog then closes.
 */
struct _FlMappingDialog
{
  AdwWindow      parent_instance;

  char          *path;
  FlKpiMapping  *detected;
  FlKpiPreview  *preview_data;
  GPtrArray     *role_rows;      /* AdwComboRow, one per file column */
  GPtrArray     *unit_entries;   /* GtkEntry, per file column (value columns) */
  GPtrArray     *zero_checks;    /* GtkCheckButton, per file column (value columns) */
  gboolean       building;

  AdwWindowTitle *window_title;
  GtkWidget      *import_button;
  AdwComboRow    *delimiter_row;
  GtkSwitch      *header_switch;
  AdwComboRow    *time_format_row;
  AdwEntryRow    *time_zone_row;
  GtkLabel       *status_label;
  GtkColumnView  *preview;
  AdwPreferencesGroup *columns_group;
};

G_DEFINE_FINAL_TYPE (FlMappingDialog, fl_mapping_dialog, ADW_TYPE_WINDOW)

enum {
  ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char delimiters[] = { ',', ';', '\t', '|' };

/* Order of the role dropdown. */
static const FlKpiRole role_order[] = {
  FL_KPI_ROLE_IGNORE, FL_KPI_ROLE_TIME, FL_KPI_ROLE_KEY, FL_KPI_ROLE_VALUE,
  FL_KPI_ROLE_CATEGORICAL,
};

static const char *
role_label (FlKpiRole role)
{
  switch (role)
    {
    case FL_KPI_ROLE_TIME:
      return _("Time");
    case FL_KPI_ROLE_KEY:
      return _("Series key");
    case FL_KPI_ROLE_VALUE:
      return _("Value");
    case FL_KPI_ROLE_CATEGORICAL:
      return _("Categorical");
    case FL_KPI_ROLE_IGNORE:
    default:
      return _("Ignore");
    }
}

static const char *
column_header (FlMappingDialog *self,
               guint            j)
{
  if (gtk_switch_get_active (self->header_switch) && self->preview_data->header != NULL &&
      j < g_strv_length (self->preview_data->header))
    return self->preview_data->header[j];
  return NULL;
}

static char *
column_title (FlMappingDialog *self,
              guint            j)
{
  const char *h = column_header (self, j);

  if (h != NULL && *h != '\0')
    return g_strdup (h);
  /* Translators: a CSV column without a name */
  return g_strdup_printf (_("Column %u"), j + 1);
}

static FlKpiRole
row_role (FlMappingDialog *self,
          guint            j)
{
  guint sel = adw_combo_row_get_selected (g_ptr_array_index (self->role_rows, j));

  return sel < G_N_ELEMENTS (role_order) ? role_order[sel] : FL_KPI_ROLE_IGNORE;
}

/* The detected mapping's entry for file column @j. */
static const FlKpiColumnMap *
detected_column (FlMappingDialog *self,
                 guint            j)
{
  const char *h = column_header (self, j);

  if (self->detected == NULL)
    return NULL;
  for (guint i = 0; i < self->detected->columns->len; i++)
    {
      const FlKpiColumnMap *c = g_ptr_array_index (self->detected->columns, i);

      if ((c->index >= 0 && (guint) c->index == j) ||
          (c->index < 0 && h != NULL && c->source != NULL && g_ascii_strcasecmp (c->source, h) == 0))
        return c;
    }
  return NULL;
}

/**
 * fl_mapping_dialog_get_mapping:
 * @self: a #FlMappingDialog
 *
 * Returns: (transfer full): the mapping as the dialog shows it (columns by
 *   header text when the header is unique, else by index; units and
 *   zero-means-missing from the detection)
 */
FlKpiMapping *
fl_mapping_dialog_get_mapping (FlMappingDialog *self)
{
  FlKpiMapping *m = fl_kpi_mapping_new ();
  guint d = adw_combo_row_get_selected (self->delimiter_row);
  guint tf = adw_combo_row_get_selected (self->time_format_row);
  const char *tz = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row));

  g_return_val_if_fail (FL_IS_MAPPING_DIALOG (self), NULL);

  m->delimiter = d < G_N_ELEMENTS (delimiters) ? delimiters[d] : ',';
  m->has_header = gtk_switch_get_active (self->header_switch);
  m->time_format = tf <= FL_KPI_TIME_DMY_SLASH ? (FlKpiTimeFormat) tf : FL_KPI_TIME_AUTO;
  g_free (m->time_zone);
  m->time_zone = g_strdup (tz != NULL && *tz != '\0' ? tz : "UTC");
  if (self->detected != NULL)
    {
      g_strfreev (m->missing);
      m->missing = g_strdupv (self->detected->missing);
    }

  for (guint j = 0; j < self->role_rows->len; j++)
    {
      FlKpiRole role = row_role (self, j);
      const char *h = column_header (self, j);
      gboolean unique = h != NULL && *h != '\0';
      const FlKpiColumnMap *dc = detected_column (self, j);
      FlKpiColumnMap *c;

      if (role == FL_KPI_ROLE_IGNORE)
        continue;
      for (guint k = 0; unique && self->preview_data->header[k] != NULL; k++)
        if (k != j && g_ascii_strcasecmp (self->preview_data->header[k], h) == 0)
          unique = FALSE;
      c = fl_kpi_mapping_add_column (m, unique ? h : NULL, unique ? -1 : (int) j, role);
      if (!unique)
        c->name = column_title (self, j);
      if (dc != NULL && dc->role == role && dc->name != NULL)
        {
          g_free (c->name);
          c->name = g_strdup (dc->name);
        }
      if (role == FL_KPI_ROLE_VALUE)
        {
          /* An empty unit means "none" (not "from the header"). */
          c->unit = g_strdup (gtk_editable_get_text (g_ptr_array_index (self->unit_entries, j)));
          c->zero_is_missing =
            gtk_check_button_get_active (g_ptr_array_index (self->zero_checks, j));
        }
    }
  return m;
}

/**
 * fl_mapping_dialog_is_valid:
 * @self: a #FlMappingDialog
 *
 * Returns: whether the current mapping can be imported (see the status
 *   line for why not)
 */
gboolean
fl_mapping_dialog_is_valid (FlMappingDialog *self)
{
  g_return_val_if_fail (FL_IS_MAPPING_DIALOG (self), FALSE);
  return gtk_widget_is_sensitive (self->import_button);
}

/* Checks the mapping and the first rows' timestamps; updates the status
 * line, the Import button and the preview's column titles. */
static void
validate (FlMappingDialog *self)
{
  g_autoptr(FlKpiMapping) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *status = NULL;
  GListModel *cols;
  int time_col = -1;
  guint parsed = 0;

  if (self->building)
    return;

  cols = gtk_column_view_get_columns (self->preview);
  for (guint j = 0; j < self->role_rows->len && j < g_list_model_get_n_items (cols); j++)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (cols, j);
      g_autofree char *t = column_title (self, j);
      g_autofree char *title = NULL;
      FlKpiRole role = row_role (self, j);

      if (role == FL_KPI_ROLE_TIME)
        time_col = (int) j;
      gtk_widget_set_visible (g_ptr_array_index (self->unit_entries, j), role == FL_KPI_ROLE_VALUE);
      gtk_widget_set_visible (g_ptr_array_index (self->zero_checks, j), role == FL_KPI_ROLE_VALUE);
      title = role == FL_KPI_ROLE_IGNORE ? g_strdup (t)
                                         : g_strdup_printf ("%s · %s", t, role_label (role));
      gtk_column_view_column_set_title (col, title);
    }

  m = fl_mapping_dialog_get_mapping (self);
  if (!fl_kpi_mapping_validate (m, &error))
    status = g_strdup (error->message);
  else
    {
      tz = fl_kpi_time_zone_new (m->time_zone, NULL);
      for (guint r = 0; r < self->preview_data->rows->len; r++)
        {
          char **row = g_ptr_array_index (self->preview_data->rows, r);
          double t;

          if ((guint) time_col < g_strv_length (row) &&
              fl_kpi_parse_time (row[time_col], m->time_format, tz, &t))
            parsed++;
          else if ((guint) time_col < g_strv_length (row))
            {
              g_autofree char *c = column_title (self, time_col);

              /* Translators: the preview's row number, a timestamp, a column */
              status = g_strdup_printf (_("Row %u: “%s” in “%s” is not a timestamp in the chosen format"),
                                        r + 1, row[time_col], c);
              break;
            }
        }
    }

  if (status == NULL)
    {
      g_autofree char *first = NULL;
      g_autoptr(GDateTime) dt = NULL;
      char **row0 = self->preview_data->rows->len > 0 ? g_ptr_array_index (self->preview_data->rows, 0)
                                                       : NULL;
      double t = 0;

      if (row0 != NULL && (guint) time_col < g_strv_length (row0) &&
          fl_kpi_parse_time (row0[time_col], m->time_format, tz, &t))
        dt = g_date_time_new_from_unix_utc ((gint64) t);
      first = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("—");
      /* Translators: rows previewed, time format name, first time in UTC */
      status = g_strdup_printf (_("%u rows previewed, timestamps read as %s: the first is %s UTC"),
                                parsed, fl_kpi_time_format_to_string (m->time_format), first);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_sensitive (self->import_button, parsed > 0 && time_col >= 0 &&
                            gtk_widget_has_css_class (GTK_WIDGET (self->status_label), "dim-label"));
}

static void
role_changed_cb (GObject    *row,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  validate (FL_MAPPING_DIALOG (user_data));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  FlMappingDialog *self = FL_MAPPING_DIALOG (user_data);
  guint j = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkStringObject *s = gtk_list_item_get_item (item);
  guint r = (guint) g_ascii_strtoull (gtk_string_object_get_string (s), NULL, 10);
  const char *text = "";

  if (r < self->preview_data->rows->len)
    {
      char **row = g_ptr_array_index (self->preview_data->rows, r);

      if (j < g_strv_length (row))
        text = row[j];
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Reads the preview with the chosen delimiter and header switch and
 * rebuilds the columns (roles from the detection where it matches). */
static void
rebuild (FlMappingDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  GListModel *cols;
  guint d = adw_combo_row_get_selected (self->delimiter_row);

  self->building = TRUE;

  g_clear_pointer (&self->preview_data, fl_kpi_preview_free);
  self->preview_data = fl_kpi_preview_read (self->path, d < G_N_ELEMENTS (delimiters) ? delimiters[d] : ',',
                                            gtk_switch_get_active (self->header_switch),
                                            PREVIEW_ROWS, &error);
  if (self->preview_data == NULL)
    {
      self->preview_data = g_new0 (FlKpiPreview, 1);
      self->preview_data->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      gtk_label_set_text (self->status_label, error->message);
    }

  for (guint j = 0; j < self->role_rows->len; j++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->role_rows, j));
  g_ptr_array_set_size (self->role_rows, 0);
  g_ptr_array_set_size (self->unit_entries, 0);
  g_ptr_array_set_size (self->zero_checks, 0);
  cols = gtk_column_view_get_columns (self->preview);
  while (g_list_model_get_n_items (cols) > 0)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (cols, 0);

      gtk_column_view_remove_column (self->preview, col);
    }

  for (guint j = 0; j < self->preview_data->n_columns; j++)
    {
      g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) col = NULL;
      g_autofree char *title = column_title (self, j);
      const FlKpiColumnMap *dc = detected_column (self, j);
      GtkWidget *row = adw_combo_row_new ();
      GtkWidget *unit_entry = gtk_entry_new ();
      GtkWidget *zero_check = gtk_check_button_new_with_label (_("0 = missing"));
      g_autofree char *kname = NULL;
      g_autofree char *kunit = NULL;
      guint selected = 0;

      for (guint k = 0; k < G_N_ELEMENTS (role_order); k++)
        {
          gtk_string_list_append (roles, role_label (role_order[k]));
          if (dc != NULL && dc->role == role_order[k])
            selected = k;
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      /* Unit and "0 = missing" of a value column, from the detection or
       * the header ("Latency (ms)", "latency_ms"). */
      fl_kpi_split_unit (title, &kname, &kunit);
      gtk_editable_set_text (GTK_EDITABLE (unit_entry),
                             dc != NULL && dc->unit != NULL ? dc->unit : kunit ? kunit : "");
      gtk_entry_set_placeholder_text (GTK_ENTRY (unit_entry), _("unit"));
      gtk_editable_set_width_chars (GTK_EDITABLE (unit_entry), 7);
      gtk_widget_set_valign (unit_entry, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (unit_entry, _("Unit of the values, e.g. ms, Mbps, dBm"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (zero_check),
                                   dc != NULL && dc->zero_is_missing);
      gtk_widget_set_valign (zero_check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (zero_check, _("A value of exactly 0 means the value is missing"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), zero_check);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit_entry);
      g_ptr_array_add (self->unit_entries, unit_entry);
      g_ptr_array_add (self->zero_checks, zero_check);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (roles));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (role_changed_cb), self, 0);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->role_rows, row);

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (j));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      col = gtk_column_view_column_new (title, g_object_ref (factory));
      gtk_column_view_column_set_resizable (col, TRUE);
      gtk_column_view_append_column (self->preview, col);
    }

  for (guint r = 0; r < self->preview_data->rows->len; r++)
    {
      char num[16];

      g_snprintf (num, sizeof num, "%u", r);
      gtk_string_list_append (rows, num);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (rows)));
  gtk_column_view_set_model (self->preview, GTK_SELECTION_MODEL (selection));

  self->building = FALSE;
  validate (self);
}

static void
file_option_changed_cb (GObject    *object,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  FlMappingDialog *self = FL_MAPPING_DIALOG (user_data);

  if (!self->building)
    rebuild (self);
}

static void
time_option_changed_cb (GObject    *object,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  validate (FL_MAPPING_DIALOG (user_data));
}

static void
time_zone_changed_cb (GtkEditable *editable,
                      gpointer     user_data)
{
  validate (FL_MAPPING_DIALOG (user_data));
}

/**
 * fl_mapping_dialog_set_role:
 * @self: a #FlMappingDialog
 * @column: a 0-based file column
 * @role: its new role
 *
 * Sets a column's role as if chosen in its dropdown.
 *
 * Returns: %FALSE if @column does not exist
 */
gboolean
fl_mapping_dialog_set_role (FlMappingDialog *self,
                            guint            column,
                            FlKpiRole        role)
{
  g_return_val_if_fail (FL_IS_MAPPING_DIALOG (self), FALSE);

  if (column >= self->role_rows->len)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (role_order); k++)
    if (role_order[k] == role)
      adw_combo_row_set_selected (g_ptr_array_index (self->role_rows, column), k);
  return TRUE;
}

/**
 * fl_mapping_dialog_accept:
 * @self: a #FlMappingDialog
 *
 * Emits #FlMappingDialog::accepted and closes the dialog, if the mapping is
 * valid.
 */
void
fl_mapping_dialog_accept (FlMappingDialog *self)
{
  g_return_if_fail (FL_IS_MAPPING_DIALOG (self));

  if (!fl_mapping_dialog_is_valid (self))
    return;
  g_signal_emit (self, signals[ACCEPTED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fl_mapping_dialog_accept (FL_MAPPING_DIALOG (widget));
}

/**
 * fl_mapping_dialog_get_path:
 * @self: a #FlMappingDialog
 *
 * Returns: (transfer none): the file being mapped
 */
const char *
fl_mapping_dialog_get_path (FlMappingDialog *self)
{
  g_return_val_if_fail (FL_IS_MAPPING_DIALOG (self), NULL);
  return self->path;
}

/**
 * fl_mapping_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 * @path: a KPI CSV file (optionally gzip-compressed)
 *
 * Creates the dialog with the mapping detected from the first 64 KiB of
 * @path (or, when detection fails, every column ignored and the reason on
 * the status line). Call gtk_window_present() to show it.
 *
 * Returns: (transfer full): the dialog
 */
FlMappingDialog *
fl_mapping_dialog_new (GtkWindow  *parent,
                       const char *path)
{
  FlMappingDialog *self = g_object_new (FL_TYPE_MAPPING_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);

  self->path = g_strdup (path);
  adw_window_title_set_subtitle (self->window_title, base);
  self->detected = fl_kpi_mapping_detect_file (path, &error);

  self->building = TRUE;
  if (self->detected != NULL)
    {
      for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
        if (delimiters[d] == self->detected->delimiter)
          adw_combo_row_set_selected (self->delimiter_row, d);
      gtk_switch_set_active (self->header_switch, self->detected->has_header);
      adw_combo_row_set_selected (self->time_format_row, self->detected->time_format);
      gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), self->detected->time_zone);
    }
  else
    {
      gtk_switch_set_active (self->header_switch, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), "UTC");
    }
  self->building = FALSE;
  rebuild (self);
  if (error != NULL)
    gtk_label_set_text (self->status_label, error->message);
  return self;
}

static void
fl_mapping_dialog_dispose (GObject *object)
{
  FlMappingDialog *self = FL_MAPPING_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_MAPPING_DIALOG);
  G_OBJECT_CLASS (fl_mapping_dialog_parent_class)->dispose (object);
}

static void
fl_mapping_dialog_finalize (GObject *object)
{
  FlMappingDialog *self = FL_MAPPING_DIALOG (object);

  g_free (self->path);
  g_clear_pointer (&self->detected, fl_kpi_mapping_free);
  g_clear_pointer (&self->preview_data, fl_kpi_preview_free);
  g_clear_pointer (&self->role_rows, g_ptr_array_unref);
  g_clear_pointer (&self->unit_entries, g_ptr_array_unref);
  g_clear_pointer (&self->zero_checks, g_ptr_array_unref);
  G_OBJECT_CLASS (fl_mapping_dialog_parent_class)->finalize (object);
}

static void
fl_mapping_dialog_class_init (FlMappingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_mapping_dialog_dispose;
  object_class->finalize = fl_mapping_dialog_finalize;

  /**
   * FlMappingDialog::accepted:
   *
   * The user chose Import with a valid mapping; read it with
   * fl_mapping_dialog_get_mapping().
   */
  signals[ACCEPTED] = g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-mapping-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, time_format_row);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, FlMappingDialog, columns_group);
  gtk_widget_class_install_action (widget_class, "mapping.accept", NULL, accept_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_mapping_dialog_init (FlMappingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->role_rows = g_ptr_array_new ();
  self->unit_entries = g_ptr_array_new ();
  self->zero_checks = g_ptr_array_new ();
  g_signal_connect_object (self->delimiter_row, "notify::selected",
                           G_CALLBACK (file_option_changed_cb), self, 0);
  g_signal_connect_object (self->header_switch, "notify::active",
                           G_CALLBACK (file_option_changed_cb), self, 0);
  g_signal_connect_object (self->time_format_row, "notify::selected",
                           G_CALLBACK (time_option_changed_cb), self, 0);
  g_signal_connect_object (self->time_zone_row, "changed",
                           G_CALLBACK (time_zone_changed_cb), self, 0);
}
