/* fl-window.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_WINDOW (fl_window_get_type ())

G_DECLARE_FINAL_TYPE (FlWindow, fl_window, FL, WINDOW, AdwApplicationWindow)

FlWindow  *fl_window_new              (GtkApplication *application);
gboolean   fl_window_open_file        (FlWindow       *self,
                                       GFile          *file,
                                       gboolean        create);
gboolean    fl_window_is_opening    (FlWindow   *self);
FlProject *fl_window_get_project      (FlWindow       *self);
void       fl_window_choose_new       (FlWindow       *self);
void       fl_window_choose_open      (FlWindow       *self);
void       fl_window_add_toast        (FlWindow       *self,
                                       AdwToast       *toast);
void       fl_window_show_page        (FlWindow       *self,
                                       const char     *name);

G_END_DECLS
