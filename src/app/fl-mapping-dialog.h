/* fl-mapping-dialog.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-kpi-mapping.h"

G_BEGIN_DECLS

#define FL_TYPE_MAPPING_DIALOG (fl_mapping_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlMappingDialog, fl_mapping_dialog, FL, MAPPING_DIALOG, AdwWindow)

FlMappingDialog *fl_mapping_dialog_new         (GtkWindow       *parent,
                                                const char      *path);
const char      *fl_mapping_dialog_get_path    (FlMappingDialog *self);
FlKpiMapping    *fl_mapping_dialog_get_mapping (FlMappingDialog *self);
gboolean         fl_mapping_dialog_is_valid    (FlMappingDialog *self);
gboolean         fl_mapping_dialog_set_role    (FlMappingDialog *self,
                                                guint            column,
                                                FlKpiRole        role);
void             fl_mapping_dialog_accept      (FlMappingDialog *self);

G_END_DECLS
