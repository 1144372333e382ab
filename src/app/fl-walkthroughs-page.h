/* fl-walkthroughs-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_WALKTHROUGHS_PAGE (fl_walkthroughs_page_get_type ())

G_DECLARE_FINAL_TYPE (FlWalkthroughsPage, fl_walkthroughs_page, FL, WALKTHROUGHS_PAGE, AdwBin)

void        fl_walkthroughs_page_set_project  (FlWalkthroughsPage *self,
                                               FlProject          *project);
void        fl_walkthroughs_page_reload       (FlWalkthroughsPage *self);
char       *fl_walkthroughs_find_samples_dir  (void);
char       *fl_walkthroughs_find_shared_dir   (void);
guint       fl_walkthroughs_page_get_n_steps  (FlWalkthroughsPage *self,
                                               guint               story);
const char *fl_walkthroughs_page_get_step_status (FlWalkthroughsPage *self,
                                                  guint               story,
                                                  guint               step);
gboolean    fl_walkthroughs_page_do_step      (FlWalkthroughsPage *self,
                                               guint               story,
                                               guint               step);

G_END_DECLS
