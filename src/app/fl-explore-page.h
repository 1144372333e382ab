/* fl-explore-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_EXPLORE_PAGE (fl_explore_page_get_type ())

G_DECLARE_FINAL_TYPE (FlExplorePage, fl_explore_page, FL, EXPLORE_PAGE, AdwBin)

void        fl_explore_page_set_project (FlExplorePage *self,
                                         FlProject     *project);
void        fl_explore_page_reload      (FlExplorePage *self);
const char *fl_explore_page_get_summary (FlExplorePage *self);

G_END_DECLS
