/* fl-data-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_DATA_PAGE (fl_data_page_get_type ())

G_DECLARE_FINAL_TYPE (FlDataPage, fl_data_page, FL, DATA_PAGE, AdwBin)

void       fl_data_page_set_project   (FlDataPage *self,
                                       FlProject  *project);
void       fl_data_page_reload        (FlDataPage *self);
void       fl_data_page_import        (FlDataPage *self);
void       fl_data_page_import_files  (FlDataPage *self,
                                       GFile     **files,
                                       guint       n_files);
gboolean   fl_data_page_get_busy      (FlDataPage *self);

G_END_DECLS
