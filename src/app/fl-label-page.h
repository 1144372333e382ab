/* fl-label-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-labels.h"
#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_LABEL_PAGE (fl_label_page_get_type ())

G_DECLARE_FINAL_TYPE (FlLabelPage, fl_label_page, FL, LABEL_PAGE, AdwBin)

void        fl_label_page_set_project    (FlLabelPage       *self,
                                          FlProject         *project);
void        fl_label_page_reload         (FlLabelPage       *self);
void        fl_label_page_get_spec       (FlLabelPage       *self,
                                          FlLabelSpec       *spec);
void        fl_label_page_set_spec       (FlLabelPage       *self,
                                          const FlLabelSpec *spec);
guint       fl_label_page_get_bucket_s   (FlLabelPage       *self);
const char *fl_label_page_get_series_key (FlLabelPage       *self);
gboolean    fl_label_page_select_series  (FlLabelPage       *self,
                                          const char        *key);
const char *fl_label_page_get_summary    (FlLabelPage       *self);
gssize      fl_label_page_get_n_events   (FlLabelPage       *self);
gboolean    fl_label_page_get_busy       (FlLabelPage       *self);

G_END_DECLS
