/* app-test-util.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Skips the current test when GTK could not open a display. */
#define FL_TEST_REQUIRE_DISPLAY(have_display)     \
  G_STMT_START {                                  \
    if (!(have_display))                          \
      {                                           \
        g_test_skip ("No display");               \
        return;                                   \
      }                                           \
  } G_STMT_END

GtkWidget *fl_test_find_widget        (GtkWidget   *root,
                                       GType        type,
                                       const char  *name);
GtkWidget *fl_test_find_label         (GtkWidget   *root,
                                       const char  *text);
GtkWidget *fl_test_find_label_containing (GtkWidget *root,
                                          const char *text);
GtkWidget *fl_test_find_button        (GtkWidget   *root,
                                       const char  *label);
GtkWidget *fl_test_find_button_by_icon (GtkWidget  *root,
                                        const char *icon_name);
GtkWidget *fl_test_find_button_by_tooltip (GtkWidget  *root,
                                           const char *prefix);
GtkWidget *fl_test_find_by_tooltip    (GtkWidget   *root,
                                       GType        type,
                                       const char  *prefix);
void       fl_test_iterate            (guint        ms);
gboolean   fl_test_wait_until         (gboolean   (*done) (gpointer),
                                       gpointer     data,
                                       guint        timeout_s);
void       fl_test_remove_project     (const char  *path);
GtkWindow *fl_test_find_toplevel      (GType        type);
void       fl_test_wait_last_ref      (gpointer     object);
void       fl_test_save_screenshots   (GtkWidget   *window,
                                       const char  *name);

G_END_DECLS
