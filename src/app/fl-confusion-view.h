/* fl-confusion-view.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-metrics.h"

G_BEGIN_DECLS

#define FL_TYPE_CONFUSION_VIEW (fl_confusion_view_get_type ())

G_DECLARE_FINAL_TYPE (FlConfusionView, fl_confusion_view, FL, CONFUSION_VIEW, AdwBin)

GtkWidget *fl_confusion_view_new        (void);
void       fl_confusion_view_set_matrix (FlConfusionView         *self,
                                         const FlConfusionMatrix *cm);
char      *fl_confusion_view_dup_cell_description (FlConfusionView *self,
                                                   guint            actual,
                                                   guint            predicted);

G_END_DECLS
