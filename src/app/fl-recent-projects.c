/* fl-recent-projects.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fl-recent-projects.h"

/* The recent projects live in a GSettings string array rather than in
 * GtkRecentManager: the list is the app's own (project files only), it is
 * ordered, and tests can keep it in the memory backend instead of writing
 * ~/.local/share/recently-used.xbel. */

static gboolean
is_project_file (const char *path)
{
  return path != NULL && *path != '\0' && g_path_is_absolute (path) &&
         g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/**
 * fl_recent_projects_get:
 * @settings: (nullable): the app's #GSettings (schema io.github.faultline.Faultline)
 *
 * Reads the recent projects, most recently opened first. Paths whose file no
 * longer exists (or is not a regular file) are left out, so the result holds
 * at most %FL_RECENT_PROJECTS_MAX existing files. The stored key itself is
 * not rewritten; fl_recent_projects_add() drops the missing ones.
 *
 * Returns: (transfer full) (array zero-terminated=1): absolute paths, an empty
 *   array when @settings is %NULL or nothing was opened yet
 */
char **
fl_recent_projects_get (GSettings *settings)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) stored = NULL;
  guint n = 0;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    stored = g_settings_get_strv (settings, FL_RECENT_PROJECTS_KEY);

  for (guint i = 0; stored != NULL && stored[i] != NULL && n < FL_RECENT_PROJECTS_MAX; i++)
    if (is_project_file (stored[i]))
      {
        g_strv_builder_add (builder, stored[i]);
        n++;
      }

  return g_strv_builder_end (builder);
}

/**
 * fl_recent_projects_add:
 * @settings: (nullable): the app's #GSettings; nothing happens when %NULL
 * @path: absolute path of a project file that was just opened or created
 *
 * Moves @path to the front of the recent projects, removes an older entry of
 * the same path and entries whose file no longer exists, and keeps at most
 * %FL_RECENT_PROJECTS_MAX entries.
 */
void
fl_recent_projects_add (GSettings  *settings,
                        const char *path)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (path != NULL && g_path_is_absolute (path));

  if (settings == NULL)
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  stored = g_settings_get_strv (settings, FL_RECENT_PROJECTS_KEY);
  for (guint i = 0; stored[i] != NULL && n < FL_RECENT_PROJECTS_MAX; i++)
    if (strcmp (stored[i], path) != 0 && is_project_file (stored[i]))
      {
        g_strv_builder_add (builder, stored[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);

  if (!g_strv_equal ((const char * const *) stored, (const char * const *) updated))
    g_settings_set_strv (settings, FL_RECENT_PROJECTS_KEY, (const char * const *) updated);
}

/**
 * fl_recent_projects_dup_label:
 * @paths: (array zero-terminated=1): recent project paths
 * @index: which of @paths to name; must be less than the length of @paths
 *
 * The display name of a recent project: the file name without the
 * `.faultline` suffix, followed by the name of its folder when another entry
 * of @paths has the same file name ("trace — data").
 *
 * Returns: (transfer full): the display name, in UTF-8
 */
char *
fl_recent_projects_dup_label (const char * const *paths,
                              guint               index)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  gboolean clash = FALSE;

  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (index < g_strv_length ((char **) paths), NULL);

  base = g_path_get_basename (paths[index]);
  for (guint i = 0; paths[i] != NULL && !clash; i++)
    if (i != index)
      {
        g_autofree char *other = g_path_get_basename (paths[i]);

        clash = strcmp (other, base) == 0;
      }

  if (g_str_has_suffix (base, ".faultline") && strlen (base) > strlen (".faultline"))
    base[strlen (base) - strlen (".faultline")] = '\0';
  name = g_filename_display_name (base);

  if (clash)
    {
      g_autofree char *dir = g_path_get_dirname (paths[index]);
      g_autofree char *dir_base = g_path_get_basename (dir);
      g_autofree char *dir_name = g_filename_display_name (dir_base);

      /* Translators: a recent project whose file name is shared by another
       * recent project: "<project> — <folder>" */
      return g_strdup_printf (_("%s — %s"), name, dir_name);
    }

  return g_steal_pointer (&name);
}

static char *
escape_mnemonic (const char *label)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        g_string_append_c (escaped, '_');
      g_string_append_c (escaped, *p);
    }

  return g_string_free (escaped, FALSE);
}

/**
 * fl_recent_projects_fill_menu:
 * @menu: the "Open Recent" submenu; its items are replaced
 * @paths: (array zero-terminated=1): recent project paths, most recent first
 * @action: detailed-less action name taking the path as a string target,
 *   e.g. "win.open-recent"
 *
 * Replaces the items of @menu with one item per path (label from
 * fl_recent_projects_dup_label(), underscores escaped so they are not read
 * as mnemonics, target the path). When @paths is empty, @menu gets a single
 * "No Recent Projects" item without an action, which menus show insensitive.
 */
void
fl_recent_projects_fill_menu (GMenu              *menu,
                              const char * const *paths,
                              const char         *action)
{
  g_return_if_fail (G_IS_MENU (menu));
  g_return_if_fail (paths != NULL);
  g_return_if_fail (action != NULL);

  g_menu_remove_all (menu);

  if (paths[0] == NULL)
    {
      g_menu_append (menu, _("No Recent Projects"), NULL);
      return;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *label = fl_recent_projects_dup_label (paths, i);
      g_autofree char *escaped = escape_mnemonic (label);
      g_autoptr(GMenuItem) item = g_menu_item_new (escaped, NULL);

      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (paths[i]));
      g_menu_append_item (menu, item);
    }
}
