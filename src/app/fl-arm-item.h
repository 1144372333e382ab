/* fl-arm-item.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fl-run-store.h"

G_BEGIN_DECLS

#define FL_TYPE_ARM_ITEM (fl_arm_item_get_type ())

G_DECLARE_FINAL_TYPE (FlArmItem, fl_arm_item, FL, ARM_ITEM, GObject)

FlArmItem         *fl_arm_item_new             (FlStoredArm *arm,
                                                FlArmCurves *curves);
const FlStoredArm *fl_arm_item_get_arm         (FlArmItem   *self);
const FlArmCurves *fl_arm_item_get_curves      (FlArmItem   *self);
const char        *fl_arm_item_get_name        (FlArmItem   *self);
gboolean           fl_arm_item_get_plotted     (FlArmItem   *self);
void               fl_arm_item_set_plotted     (FlArmItem   *self,
                                                gboolean     plotted);
int                fl_arm_item_get_color_index (FlArmItem   *self);
void               fl_arm_item_set_color_index (FlArmItem   *self,
                                                int          color_index);

G_END_DECLS
