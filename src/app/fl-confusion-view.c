/* fl-confusion-view.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-confusion-view.h"

/**
 * FlConfusionView:
 *
 * A 2×2 confusion matrix: rows are the actual class, columns the predicted
 * class. Each cell shows the count large and the row percentage small, and
 * carries a full sentence as its accessible label, e.g. "True negatives: 123
 * (97.6 % of actual normal)".
 */
struct _FlConfusionView
{
  AdwBin             parent_instance;

  GtkLabel          *cells[2][2];

  FlConfusionMatrix  cm;
};

G_DEFINE_FINAL_TYPE (FlConfusionView, fl_confusion_view, ADW_TYPE_BIN)

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
               double                  *out_percent)
{
  const char *name;
  const char *row;
  guint64 count = cell_count (cm, actual, predicted);
  guint64 total = cell_count (cm, actual, 0) + cell_count (cm, actual, 1);
  double percent = total > 0 ? 100.0 * count / total : 0.0;

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

  if (out_percent != NULL)
    *out_percent = percent;

  if (total == 0)
    /* Translators: "True positives: 0 (no actual degraded rows)" */
    return g_strdup_printf (_("%s: %llu (no %s rows)"), name, (unsigned long long) count, row);

  /* Translators: "True negatives: 123 (97.6 % of actual normal)" */
  return g_strdup_printf (_("%s: %llu (%.1f %% of %s)"),
                          name, (unsigned long long) count, percent, row);
}

static void
update_cells (FlConfusionView *self)
{
  for (guint a = 0; a < 2; a++)
    for (guint p = 0; p < 2; p++)
      {
        g_autofree char *description = NULL;
        g_autofree char *markup = NULL;
        g_autofree char *share = NULL;
        double percent = 0;
        guint64 total = cell_count (&self->cm, a, 0) + cell_count (&self->cm, a, 1);

        description = describe_cell (&self->cm, a, p, &percent);
        if (total > 0)
          /* Translators: share of the row in a confusion matrix cell */
          share = g_strdup_printf (_("%.1f %% of row"), percent);
        else
          share = g_strdup ("–");

        markup = g_markup_printf_escaped ("<span size=\"xx-large\" weight=\"bold\">%llu</span>\n"
                                          "<span size=\"small\">%s</span>",
                                          (unsigned long long) cell_count (&self->cm, a, p),
                                          share);
        gtk_label_set_markup (self->cells[a][p], markup);
        /* After set_markup, which resets the label's accessible name. */
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->cells[a][p]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                        -1);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->cells[a][p]), description);
      }
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
  gtk_widget_class_set_css_name (widget_class, "confusionview");
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
 * Returns: (transfer full): e.g. "True negatives: 123 (97.6 % of actual normal)"
 */
char *
fl_confusion_view_dup_cell_description (FlConfusionView *self,
                                        guint            actual,
                                        guint            predicted)
{
  g_return_val_if_fail (FL_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (actual < 2 && predicted < 2, NULL);

  return describe_cell (&self->cm, actual, predicted, NULL);
}
