/* fl-recent-projects.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FL_RECENT_PROJECTS_MAX:
 *
 * How many recent projects the menu and the empty state list.
 */
#define FL_RECENT_PROJECTS_MAX 8

/**
 * FL_RECENT_PROJECTS_KEY:
 *
 * The GSettings string-array key holding the recent project paths, most
 * recent first.
 */
#define FL_RECENT_PROJECTS_KEY "recent-projects"

char **fl_recent_projects_get        (GSettings          *settings);
void   fl_recent_projects_add        (GSettings          *settings,
                                      const char         *path);
char  *fl_recent_projects_dup_label  (const char * const *paths,
                                      guint               index);
void   fl_recent_projects_fill_menu  (GMenu              *menu,
                                      const char * const *paths,
                                      const char         *action);

G_END_DECLS
