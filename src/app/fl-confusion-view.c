/* fl-confusion-view.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fl-confusion-view.h"

/**
 * FlConfusionView:
 *
 * A 2×2 confusion matrix: rows are the actual class, columns the predicted
 * class. Each cell shows the count large and the row and column percentages
 * small, and carries a full sentence as its accessible label, e.g. "True
 * negatives: 123 (97.6 % of actual normal, 99.2 % of predicted normal)".
 * Each cell is a button: activating it emits #FlConfusionView::cell-activated
 * (the Results page then shows those buckets on the Explore page).
 */
struct _FlConfusionView
{
  AdwBin             parent_instance;

  GtkLabel          *cells[2][2];
  GtkButton         *buttons[2][2];

  FlConfusionMatrix  cm;
};

G_DEFINE_FINAL_TYPE (FlConfusionView, fl_confusion_view, ADW_TYPE_BIN)

enum
{
  SIGNAL_CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint64
cell_count (const FlConfusionMatrix *cm,
            guint                    actual,
            guint                    predicted)
{
  if (actual == 0)
    return predicted == 0 ? cm->tn : cm->fp;
  return predicted == 0 ? cm->fn : cm->tp;
}

static char *
describe_cell (const FlConfusionMatrix *cm,
               guint                    actual,
               guint                    predicted,
               double                  *out_percent,
               double                  *out_column_percent)
{
  const char *name;
  const char *row;
  const char *column;
  guint64 count = cell_count (cm, actual, predicted);
  guint64 total = cell_count (cm, actual, 0) + cell_count (cm, actual, 1);
  guint64 column_total = cell_count (cm, 0, predicted) + cell_count (cm, 1, predicted);
  double percent = total > 0 ? 100.0 * count / total : 0.0;
  double column_percent = column_total > 0 ? 100.0 * count / column_total : NAN;
  g_autofree char *column_part = NULL;

  if (actual == 0)
    {
      name = predicted == 0 ? _("True negatives") : _("False positives");
      row = _("actual normal");
    }
  else
    {
      name = predicted == 0 ? _("False negatives") : _("True positives");
      row = _("actual degraded");
    }
  column = predicted == 0 ? _("predicted normal") : _("predicted degraded");

  if (out_percent != NULL)
    *out_percent = percent;
  if (out_column_percent != NULL)
    *out_column_percent = column_percent;

  if (column_total > 0)
    /* Translators: ", 99.2 % of predicted normal" */
    column_part = g_strdup_printf (_(", %.1f %% of %s"), column_percent, column);
  else
    /* Translators: ", no predicted degraded rows" */
    column_part = g_strdup_printf (_(", no %s rows"), column);

  if (total == 0)
    /* Translators: "True positives: 0 (no actual degraded rows, no predicted degraded rows)" */
    return g_strdup_printf (_("%s: %llu (no %s rows%s)"), name, (unsigned long long) count, row,
                            column_part);

  /* Translators: "True negatives: 123 (97.6 % of actual normal, 99.2 % of predicted normal)" */
  return g_strdup_printf (_("%s: %llu (%.1f %% of %s%s)"),
                          name, (unsigned long long) count, percent, row, column_part);
}

static void
update_cells (FlConfusionView *self)
{
  for (guint a = 0; a < 2; a++)
    for (guint p = 0; p < 2; p++)
      {
        g_autofree char *description = NULL;
        g_autofree char *markup = NULL;
        g_autofree char *row_share = NULL;
        g_autofree char *column_share = NULL;
        g_autofree char *tooltip = NULL;
        double percent = 0;
        double column_percent = NAN;
        guint64 count = cell_count (&self->cm, a, p);
        guint64 total = cell_count (&self->cm, a, 0) + cell_count (&self->cm, a, 1);

        description = describe_cell (&self->cm, a, p, &percent, &column_percent);
        if (total > 0)
          /* Translators: share of the row in a confusion matrix cell */
          row_share = g_strdup_printf (_("%.1f %% of row"), percent);
        else
          row_share = g_strdup ("–");
        if (!isnan (column_percent))
          /* Translators: share of the column in a confusion matrix cell */
          column_share = g_strdup_printf (_("%.1f %% of column"), column_percent);
        else
          column_share = g_strdup ("–");

        markup = g_markup_printf_escaped ("<span size=\"xx-large\" weight=\"bold\">%llu</span>\n"
                                          "<span size=\"small\">%s</span>\n"
                                          "<span size=\"small\" alpha=\"70%%\">%s</span>",
                                          (unsigned long long) count,
                                          row_share, column_share);
        gtk_label_set_markup (self->cells[a][p], markup);
        /* After set_markup, which resets the label's accessible name. */
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->cells[a][p]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                        -1);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[a][p]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        _("Shows these buckets on the Explore page"),
                                        -1);
        tooltip = g_strdup_printf ("%s\n%s", description,
                                   count > 0 ? _("Click to show these buckets on the Explore page")
                                             : _("No buckets to show"));
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->buttons[a][p]), tooltip);
      }
}

static void
cell_clicked_cb (FlConfusionView *self,
                 GtkButton       *button)
{
  for (guint a = 0; a < 2; a++)
    for (guint p = 0; p < 2; p++)
      if (self->buttons[a][p] == button)
        g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0, a, p);
}

static void
fl_confusion_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CONFUSION_VIEW);

  G_OBJECT_CLASS (fl_confusion_view_parent_class)->dispose (object);
}

static void
fl_confusion_view_class_init (FlConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_confusion_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/fl-confusion-view.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "tn_label", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, cells[0][0]));
  gtk_widget_class_bind_template_child_full (widget_class, "fp_label", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, cells[0][1]));
  gtk_widget_class_bind_template_child_full (widget_class, "fn_label", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, cells[1][0]));
  gtk_widget_class_bind_template_child_full (widget_class, "tp_label", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, cells[1][1]));
  gtk_widget_class_bind_template_child_full (widget_class, "tn_button", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, buttons[0][0]));
  gtk_widget_class_bind_template_child_full (widget_class, "fp_button", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, buttons[0][1]));
  gtk_widget_class_bind_template_child_full (widget_class, "fn_button", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, buttons[1][0]));
  gtk_widget_class_bind_template_child_full (widget_class, "tp_button", FALSE,
                                             G_STRUCT_OFFSET (FlConfusionView, buttons[1][1]));
  gtk_widget_class_bind_template_callback (widget_class, cell_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "confusionview");

  /**
   * FlConfusionView::cell-activated:
   * @self: the view
   * @actual: 0 for actual normal, 1 for actual degraded
   * @predicted: 0 for predicted normal, 1 for predicted degraded
   *
   * Emitted when the user activates a cell (click, Enter or Space).
   */
  signals[SIGNAL_CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
fl_confusion_view_init (FlConfusionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_cells (self);
}

/**
 * fl_confusion_view_new:
 *
 * Creates an empty (all zero) confusion matrix view.
 *
 * Returns: (transfer floating): a new #FlConfusionView
 */
GtkWidget *
fl_confusion_view_new (void)
{
  return g_object_new (FL_TYPE_CONFUSION_VIEW, NULL);
}

/**
 * fl_confusion_view_set_matrix:
 * @self: a #FlConfusionView
 * @cm: the confusion matrix to show
 *
 * Shows @cm.
 */
void
fl_confusion_view_set_matrix (FlConfusionView         *self,
                              const FlConfusionMatrix *cm)
{
  g_return_if_fail (FL_IS_CONFUSION_VIEW (self));
  g_return_if_fail (cm != NULL);

  self->cm = *cm;
  update_cells (self);
}

/**
 * fl_confusion_view_dup_cell_description:
 * @self: a #FlConfusionView
 * @actual: 0 for actual normal, 1 for actual degraded
 * @predicted: 0 for predicted normal, 1 for predicted degraded
 *
 * Gets the accessible description of one cell.
 *
 * Returns: (transfer full): e.g. "True negatives: 123 (97.6 % of actual
 *   normal, 99.2 % of predicted normal)"
 */
char *
fl_confusion_view_dup_cell_description (FlConfusionView *self,
                                        guint            actual,
                                        guint            predicted)
{
  g_return_val_if_fail (FL_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (actual < 2 && predicted < 2, NULL);

  return describe_cell (&self->cm, actual, predicted, NULL, NULL);
}
