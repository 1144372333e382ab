/* fl-results-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_RESULTS_PAGE (fl_results_page_get_type ())

G_DECLARE_FINAL_TYPE (FlResultsPage, fl_results_page, FL, RESULTS_PAGE, AdwBin)

void     fl_results_page_set_project (FlResultsPage *self,
                                      FlProject     *project);
void     fl_results_page_reload      (FlResultsPage *self);
gboolean fl_results_page_select_run  (FlResultsPage *self,
                                      gint64         run_id);
gint64   fl_results_page_get_run_id  (FlResultsPage *self);
guint    fl_results_page_get_n_runs  (FlResultsPage *self);
gboolean fl_results_page_get_busy    (FlResultsPage *self);

G_END_DECLS
