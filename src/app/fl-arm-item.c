/* fl-arm-item.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <math.h>

#include "fl-arm-item.h"

/**
 * FlArmItem:
 *
 * One row of the Results page's comparison table: a stored arm, its parsed
 * curves, whether it is plotted and with which colour. The metrics are
 * exposed as read-only double properties so that the table can sort by
 * them (NaN sorts as -1: an undefined metric is worst).
 */
struct _FlArmItem
{
  GObject      parent_instance;

  FlStoredArm *arm;
  FlArmCurves *curves;
  gboolean     plotted;
  int          color_index;
};

G_DEFINE_FINAL_TYPE (FlArmItem, fl_arm_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_BASELINE,
  PROP_PLOTTED,
  PROP_COLOR_INDEX,
  PROP_PRECISION,
  PROP_RECALL,
  PROP_F1,
  PROP_AVERAGE_PRECISION,
  PROP_MCC,
  PROP_EVENT_RECALL,
  PROP_FALSE_ALARMS_PER_DAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
sortable (double v)
{
  return isfinite (v) ? v : -1.0;
}

static void
fl_arm_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FlArmItem *self = FL_ARM_ITEM (object);
  const FlStoredArm *a = self->arm;

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, a->name);
      break;
    case PROP_BASELINE:
      g_value_set_boolean (value, a->is_baseline);
      break;
    case PROP_PLOTTED:
      g_value_set_boolean (value, self->plotted);
      break;
    case PROP_COLOR_INDEX:
      g_value_set_int (value, self->color_index);
      break;
    case PROP_PRECISION:
      g_value_set_double (value, sortable (a->metrics.precision));
      break;
    case PROP_RECALL:
      g_value_set_double (value, sortable (a->metrics.recall));
      break;
    case PROP_F1:
      g_value_set_double (value, sortable (a->metrics.f1));
      break;
    case PROP_AVERAGE_PRECISION:
      g_value_set_double (value, sortable (a->metrics.average_precision));
      break;
    case PROP_MCC:
      g_value_set_double (value, isfinite (a->metrics.mcc) ? a->metrics.mcc : -2.0);
      break;
    case PROP_EVENT_RECALL:
      g_value_set_double (value, sortable (a->events.event_recall));
      break;
    case PROP_FALSE_ALARMS_PER_DAY:
      /* fewer is better: undefined sorts last in ascending order */
      g_value_set_double (value, isfinite (a->events.false_alarms_per_day)
                                 ? a->events.false_alarms_per_day : G_MAXDOUBLE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_arm_item_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FlArmItem *self = FL_ARM_ITEM (object);

  switch (prop_id)
    {
    case PROP_PLOTTED:
      fl_arm_item_set_plotted (self, g_value_get_boolean (value));
      break;
    case PROP_COLOR_INDEX:
      fl_arm_item_set_color_index (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_arm_item_finalize (GObject *object)
{
  FlArmItem *self = FL_ARM_ITEM (object);

  g_clear_pointer (&self->arm, fl_stored_arm_free);
  g_clear_pointer (&self->curves, fl_arm_curves_free);

  G_OBJECT_CLASS (fl_arm_item_parent_class)->finalize (object);
}

static GParamSpec *
metric_pspec (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
fl_arm_item_class_init (FlArmItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_arm_item_finalize;
  object_class->get_property = fl_arm_item_get_property;
  object_class->set_property = fl_arm_item_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASELINE] =
    g_param_spec_boolean ("baseline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLOTTED] =
    g_param_spec_boolean ("plotted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR_INDEX] =
    g_param_spec_int ("color-index", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRECISION] = metric_pspec ("precision");
  properties[PROP_RECALL] = metric_pspec ("recall");
  properties[PROP_F1] = metric_pspec ("f1");
  properties[PROP_AVERAGE_PRECISION] = metric_pspec ("average-precision");
  properties[PROP_MCC] = metric_pspec ("mcc");
  properties[PROP_EVENT_RECALL] = metric_pspec ("event-recall");
  properties[PROP_FALSE_ALARMS_PER_DAY] = metric_pspec ("false-alarms-per-day");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_arm_item_init (FlArmItem *self)
{
  self->color_index = -1;
}

/**
 * fl_arm_item_new:
 * @arm: (transfer full): a stored arm
 * @curves: (transfer full) (nullable): its parsed curves
 *
 * Returns: (transfer full): a new item, not plotted
 */
FlArmItem *
fl_arm_item_new (FlStoredArm *arm,
                 FlArmCurves *curves)
{
  FlArmItem *self;

  g_return_val_if_fail (arm != NULL, NULL);

  self = g_object_new (FL_TYPE_ARM_ITEM, NULL);
  self->arm = arm;
  self->curves = curves;
  return self;
}

/**
 * fl_arm_item_get_arm:
 * @self: a #FlArmItem
 *
 * Returns: (transfer none): the stored arm
 */
const FlStoredArm *
fl_arm_item_get_arm (FlArmItem *self)
{
  g_return_val_if_fail (FL_IS_ARM_ITEM (self), NULL);

  return self->arm;
}

/**
 * fl_arm_item_get_curves:
 * @self: a #FlArmItem
 *
 * Returns: (transfer none) (nullable): the parsed curves
 */
const FlArmCurves *
fl_arm_item_get_curves (FlArmItem *self)
{
  g_return_val_if_fail (FL_IS_ARM_ITEM (self), NULL);

  return self->curves;
}

/**
 * fl_arm_item_get_name:
 * @self: a #FlArmItem
 *
 * Returns: (transfer none): the arm's display name
 */
const char *
fl_arm_item_get_name (FlArmItem *self)
{
  g_return_val_if_fail (FL_IS_ARM_ITEM (self), NULL);

  return self->arm->name;
}

/**
 * fl_arm_item_get_plotted:
 * @self: a #FlArmItem
 *
 * Returns: whether the arm's curves are drawn
 */
gboolean
fl_arm_item_get_plotted (FlArmItem *self)
{
  g_return_val_if_fail (FL_IS_ARM_ITEM (self), FALSE);

  return self->plotted;
}

/**
 * fl_arm_item_set_plotted:
 * @self: a #FlArmItem
 * @plotted: whether to draw the arm's curves
 *
 * Sets whether the arm's curves are drawn.
 */
void
fl_arm_item_set_plotted (FlArmItem *self,
                         gboolean   plotted)
{
  g_return_if_fail (FL_IS_ARM_ITEM (self));

  plotted = !!plotted;
  if (self->plotted == plotted)
    return;
  self->plotted = plotted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLOTTED]);
}

/**
 * fl_arm_item_get_color_index:
 * @self: a #FlArmItem
 *
 * Returns: the chart colour index of the arm (see
 *   fl_curve_chart_arm_color()), -1 when not plotted
 */
int
fl_arm_item_get_color_index (FlArmItem *self)
{
  g_return_val_if_fail (FL_IS_ARM_ITEM (self), -1);

  return self->color_index;
}

/**
 * fl_arm_item_set_color_index:
 * @self: a #FlArmItem
 * @color_index: chart colour index, -1 for none
 *
 * Sets the colour the arm is drawn with.
 */
void
fl_arm_item_set_color_index (FlArmItem *self,
                             int        color_index)
{
  g_return_if_fail (FL_IS_ARM_ITEM (self));

  if (self->color_index == color_index)
    return;
  self->color_index = color_index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_INDEX]);
}
