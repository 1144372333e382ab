/* app-test-util.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"

/* What the widget tests share: finding widgets in a tree, running the main
 * loop for a while, waiting for worker threads to drop their references, and
 * screenshots for looking at pages. */

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find (GtkWidget     *widget,
      Match          match,
      gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GType       type;
  const char *name;
} TypeName;

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  data)
{
  const TypeName *tn = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, tn->type) &&
         (tn->name == NULL || g_strcmp0 (gtk_widget_get_name (widget), tn->name) == 0);
}

/**
 * fl_test_find_widget:
 * @root: where to start (included)
 * @type: the widget type (or a parent type)
 * @name: (nullable): the widget name (gtk_widget_set_name()), or %NULL
 *
 * Returns: (transfer none) (nullable): the first match, depth first
 */
GtkWidget *
fl_test_find_widget (GtkWidget  *root,
                     GType       type,
                     const char *name)
{
  TypeName tn = { type, name };

  return find (root, match_type, &tn);
}

static gboolean
match_label (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
match_label_containing (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/**
 * fl_test_find_label:
 * @root: where to start (included)
 * @text: the whole text of the label
 *
 * Returns: (transfer none) (nullable): the first #GtkLabel showing @text
 */
GtkWidget *
fl_test_find_label (GtkWidget  *root,
                    const char *text)
{
  return find (root, match_label, text);
}

/**
 * fl_test_find_label_containing:
 * @root: where to start (included)
 * @text: part of the label's text
 *
 * Returns: (transfer none) (nullable): the first #GtkLabel whose text
 *   contains @text
 */
GtkWidget *
fl_test_find_label_containing (GtkWidget  *root,
                               const char *text)
{
  return find (root, match_label_containing, text);
}

static gboolean
match_button (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
match_button_icon (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), data) == 0;
}

typedef struct
{
  GType       type;
  const char *prefix;
} TypeTooltip;

static gboolean
match_tooltip (GtkWidget     *widget,
               gconstpointer  data)
{
  const TypeTooltip *tt = data;
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, tt->type) && tooltip != NULL &&
         g_str_has_prefix (tooltip, tt->prefix);
}

/**
 * fl_test_find_button:
 * @root: where to start (included)
 * @label: the button's label, with its mnemonic underscore
 *
 * Returns: (transfer none) (nullable): the first #GtkButton with @label
 */
GtkWidget *
fl_test_find_button (GtkWidget  *root,
                     const char *label)
{
  return find (root, match_button, label);
}

/**
 * fl_test_find_button_by_icon:
 * @root: where to start (included)
 * @icon_name: the button's icon name
 *
 * Returns: (transfer none) (nullable): the first #GtkButton showing @icon_name
 */
GtkWidget *
fl_test_find_button_by_icon (GtkWidget  *root,
                             const char *icon_name)
{
  return find (root, match_button_icon, icon_name);
}

/**
 * fl_test_find_button_by_tooltip:
 * @root: where to start (included)
 * @prefix: the start of the button's tooltip
 *
 * Returns: (transfer none) (nullable): the first #GtkButton whose tooltip
 *   starts with @prefix
 */
GtkWidget *
fl_test_find_button_by_tooltip (GtkWidget  *root,
                                const char *prefix)
{
  return fl_test_find_by_tooltip (root, GTK_TYPE_BUTTON, prefix);
}

/**
 * fl_test_find_by_tooltip:
 * @root: where to start (included)
 * @type: the widget type (or a parent type)
 * @prefix: the start of the widget's tooltip text
 *
 * Returns: (transfer none) (nullable): the first such widget, depth first
 */
GtkWidget *
fl_test_find_by_tooltip (GtkWidget  *root,
                         GType       type,
                         const char *prefix)
{
  TypeTooltip tt = { type, prefix };

  return find (root, match_tooltip, &tt);
}

/**
 * fl_test_iterate:
 * @ms: how long, in ms
 *
 * Runs the default main context for @ms milliseconds.
 */
void
fl_test_iterate (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

/**
 * fl_test_wait_last_ref:
 * @object: a #GObject the test holds the last reference to, once workers
 *   are done
 *
 * A worker thread drops its task (and the task's reference on the source
 * object) just after the completion callback ran: waits (up to 10 s) for
 * that last reference, so that g_assert_finalize_object() can follow.
 */
void
fl_test_wait_last_ref (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1 &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * fl_test_save_screenshots:
 * @window: a shown window
 * @name: file name stem
 *
 * With FL_TEST_SCREENSHOT_DIR set, saves @window as NAME-light.png and
 * NAME-dark.png there (for looking at pages; nothing is checked). Does
 * nothing otherwise.
 */
void
fl_test_save_screenshots (GtkWidget  *window,
                          const char *name)
{
  const char *dir = g_getenv ("FL_TEST_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (dir == NULL)
    return;
  for (int dark = 0; dark <= 1; dark++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s.png", name, dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot;
      int w, h;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      fl_test_iterate (400);
      w = gtk_widget_get_width (window);
      h = gtk_widget_get_height (window);
      paintable = gtk_widget_paintable_new (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        continue;
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                             node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      gdk_texture_save_to_png (texture, path);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  fl_test_iterate (100);
}

/**
 * fl_test_remove_project:
 * @path: a project file
 *
 * Deletes @path and the files SQLite keeps beside it (`-wal`, `-shm`,
 * `-journal`); missing ones are fine.
 */
void
fl_test_remove_project (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/**
 * fl_test_wait_until:
 * @done: the condition
 * @data: passed to @done
 * @timeout_s: at most this long, in s
 *
 * Runs the default main context until @done returns %TRUE or @timeout_s
 * pass.
 *
 * Returns: what @done returns at the end
 */
gboolean
fl_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data,
                    guint      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }

  return done (data);
}

/**
 * fl_test_find_toplevel:
 * @type: a #GtkWindow type, e.g. %ADW_TYPE_MESSAGE_DIALOG
 *
 * Returns: (transfer none) (nullable): the first toplevel window of @type
 */
GtkWindow *
fl_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }

  return NULL;
}
