/* fl-explore-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-project.h"
#include "fl-rtt-chart.h"

G_BEGIN_DECLS

#define FL_TYPE_EXPLORE_PAGE (fl_explore_page_get_type ())

G_DECLARE_FINAL_TYPE (FlExplorePage, fl_explore_page, FL, EXPLORE_PAGE, AdwBin)

void        fl_explore_page_set_project (FlExplorePage *self,
                                         FlProject     *project);
void        fl_explore_page_reload      (FlExplorePage *self);
const char *fl_explore_page_get_summary (FlExplorePage *self);
const FlRttChart *fl_explore_page_get_chart (FlExplorePage *self);
guint       fl_explore_page_get_highlight_count (FlExplorePage *self);
gboolean    fl_explore_page_export      (FlExplorePage *self,
                                         const char    *path,
                                         GError       **error);
void        fl_explore_page_show_buckets (FlExplorePage *self,
                                          gint64         run_id,
                                          guint          arm,
                                          double         threshold,
                                          guint          actual,
                                          guint          predicted);

const char *fl_explore_page_get_band    (FlExplorePage *self);
void        fl_explore_page_set_band    (FlExplorePage *self,
                                         const char    *band);

G_END_DECLS
